package sign_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdrs-conformance/sdrs-conformance/internal/sign"
)

const ak, sk = "AKEXAMPLE", "secret-example"

var now = time.Date(2026, 12, 3, 18, 0, 0, 0, time.UTC)

func secrets(key string) (string, bool) { return sk, key == ak }

func signed(t *testing.T, method, url, body string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Project-Id", "p1")
	require.NoError(t, sign.Sign(req, []byte(body), ak, sk, now))
	return req
}

func TestSignAndVerify(t *testing.T) {
	body := `{"protected_instances":{}}`
	req := signed(t, "POST", "http://h/v1/p1/protected-instances/batch?b=2&a=1&a=0", body)
	assert.Equal(t, "20261203T180000Z", req.Header.Get("X-Sdk-Date"))
	assert.Regexp(t, `^SDK-HMAC-SHA256 Access=AKEXAMPLE, SignedHeaders=x-project-id;x-sdk-date, Signature=[0-9a-f]{64}$`, req.Header.Get("Authorization"),
		"Content-Type is never signed")
	got, err := sign.Verify(req, []byte(body), secrets, now.Add(time.Minute))
	require.NoError(t, err)
	assert.Equal(t, ak, got)
}

func TestVerifyRefuses(t *testing.T) {
	body := `{"a":1}`
	cases := map[string]struct {
		change func(*http.Request) []byte
		when   time.Time
		want   error
	}{
		"another body":    {func(r *http.Request) []byte { return []byte(`{"a":2}`) }, now, sign.ErrBadSignature},
		"another path":    {func(r *http.Request) []byte { r.URL.Path = "/v1/p2/x"; return []byte(body) }, now, sign.ErrBadSignature},
		"another query":   {func(r *http.Request) []byte { r.URL.RawQuery = "a=2"; return []byte(body) }, now, sign.ErrBadSignature},
		"a signed header": {func(r *http.Request) []byte { r.Header.Set("X-Project-Id", "p2"); return []byte(body) }, now, sign.ErrBadSignature},
		"another method":  {func(r *http.Request) []byte { r.Method = "PUT"; return []byte(body) }, now, sign.ErrBadSignature},
		"too late":        {func(r *http.Request) []byte { return []byte(body) }, now.Add(16 * time.Minute), sign.ErrStale},
		"too early":       {func(r *http.Request) []byte { return []byte(body) }, now.Add(-16 * time.Minute), sign.ErrStale},
		"no date":         {func(r *http.Request) []byte { r.Header.Del("X-Sdk-Date"); return []byte(body) }, now, sign.ErrStale},
		"no signature":    {func(r *http.Request) []byte { r.Header.Del("Authorization"); return []byte(body) }, now, sign.ErrNoSignature},
		"an unknown key": {func(r *http.Request) []byte {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), ak, "OTHER", 1))
			return []byte(body)
		}, now, sign.ErrUnknownKey},
		"a malformed header": {func(r *http.Request) []byte {
			r.Header.Set("Authorization", "SDK-HMAC-SHA256 nonsense")
			return []byte(body)
		}, now, sign.ErrMalformed},
		"an unsigned date": {func(r *http.Request) []byte {
			r.Header.Set("Authorization", strings.Replace(r.Header.Get("Authorization"), ";x-sdk-date", "", 1))
			return []byte(body)
		}, now, sign.ErrMalformed},
		"an unsigned payload": {func(r *http.Request) []byte {
			r.Header.Set(sign.ContentHashHeader, "UNSIGNED-PAYLOAD")
			return []byte(body)
		}, now, sign.ErrBadSignature},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			req := signed(t, "POST", "http://h/v1/p1/x?a=1", body)
			b := tc.change(req)
			_, err := sign.Verify(req, b, secrets, tc.when)
			assert.ErrorIs(t, err, tc.want)
		})
	}
}

func TestCanonicalRequest(t *testing.T) {
	req, err := http.NewRequest("GET", "http://h/v1/p 1/x?b=%2F&a=2&a=1", nil)
	require.NoError(t, err)
	req.Header.Add("X-Multi", "two")
	req.Header.Add("X-Multi", " one ")
	req.Header.Set("X-Sdk-Date", "20261203T180000Z")
	got := sign.CanonicalRequest("GET", req.URL, req.Header, []string{"x-multi", "x-sdk-date"}, nil)
	want := "GET\n/v1/p%201/x/\na=1&a=2&b=%2F\nx-multi:one\nx-multi:two\nx-sdk-date:20261203T180000Z\n\nx-multi;x-sdk-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	assert.Equal(t, want, got)
}

func TestSignNeedsKeys(t *testing.T) {
	req, _ := http.NewRequest("GET", "http://h/", nil)
	assert.Error(t, sign.Sign(req, nil, "", sk, now))
	assert.Error(t, sign.Sign(req, nil, ak, "", now))
}

// TestVerifyASignedHost: signers other than the Go SDK sign host (the signing
// guide: host;x-sdk-date); a server finds it in the request, not in its headers.
func TestVerifyASignedHost(t *testing.T) {
	body := `{"protected_instances":{}}`
	req, err := http.NewRequest("POST", "http://sdrs.example.test:8080/v1/p1/protected-instances/batch", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Sdk-Date", now.Format(sign.DateLayout))
	// What the client signed, with Host as it was sent.
	sent := req.Header.Clone()
	sent.Set("Host", "sdrs.example.test:8080")
	signedHeaders := []string{"content-type", "host", "x-sdk-date"}
	sig := sign.Signature(sk, sign.StringToSign(sent.Get("X-Sdk-Date"), sign.CanonicalRequest("POST", req.URL, sent, signedHeaders, []byte(body))))
	req.Header.Set("Authorization", "SDK-HMAC-SHA256 Access="+ak+", SignedHeaders=content-type;host;x-sdk-date, Signature="+sig)

	got, err := sign.Verify(req, []byte(body), secrets, now)
	require.NoError(t, err, "host is read from the request")
	assert.Equal(t, ak, got)

	req.Host = "other.example.test"
	_, err = sign.Verify(req, []byte(body), secrets, now)
	assert.ErrorIs(t, err, sign.ErrBadSignature, "a request sent to another host does not match")
}
