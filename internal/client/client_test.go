package client

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const token = "tok-0123456789abcdef"

// seen is what a test server received.
type seen struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   string
}

// server records every request and answers with respond.
type server struct {
	*httptest.Server
	mu       sync.Mutex
	requests []seen
}

func newServer(t *testing.T, respond func(n int, w http.ResponseWriter, r *http.Request)) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.requests = append(s.requests, seen{r.Method, r.URL.Path, r.URL.RawQuery, r.Header.Clone(), string(body)})
		n := len(s.requests)
		s.mu.Unlock()
		respond(n, w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) seen() []seen {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seen(nil), s.requests...)
}

func jsonReply(status int, body string) func(int, http.ResponseWriter, *http.Request) {
	return func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// hangUp closes the connection without an answer: a transport error.
func hangUp(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func newClient(s *server) *Client {
	return &Client{
		BaseURL:   s.URL + "/",
		Auth:      TokenAuth{Token: token},
		HTTP:      s.Client(),
		Retries:   2,
		RetryWait: time.Millisecond,
	}
}

// refusedURL is the address of a listener that was closed: connecting is refused.
func refusedURL(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := l.Addr().String()
	require.NoError(t, l.Close())
	return "http://" + addr
}

// --- Exchange.String and Curl ---------------------------------------------------

func exchange() *Exchange {
	return &Exchange{
		Method: http.MethodPost,
		URL:    "https://sdrs.example.com/v1/p1/protected-instances/batch?x=1",
		RequestHeader: http.Header{
			"X-Auth-Token": {token},
			"Content-Type": {"application/json"},
			"X-Echo":       {"prefix-" + token},
		},
		RequestBody: []byte(`{"name":"it's","token":"` + token + `"}`),
		Status:      http.StatusAccepted,
		ResponseHeader: http.Header{
			"X-Subject-Token": {"issued-token-value"},
			"X-Request-Id":    {"req-1"},
			"X-Leak":          {token},
		},
		ResponseBody: []byte(`{"job_id":"j1","echo":"` + token + `"}`),
		Duration:     1500 * time.Microsecond,
		secrets:      []string{token},
	}
}

func TestExchangeStringMasksSecrets(t *testing.T) {
	out := exchange().String()
	assert.NotContains(t, out, token)
	assert.NotContains(t, out, "issued-token-value", "credential headers are masked whatever their value")

	assert.Contains(t, out, "> POST https://sdrs.example.com/v1/p1/protected-instances/batch?x=1\n")
	assert.Contains(t, out, "> X-Auth-Token: ***\n")
	assert.Contains(t, out, "> X-Echo: prefix-***\n")
	assert.Contains(t, out, "> Content-Type: application/json\n")
	assert.Contains(t, out, ">\n> {\n>   \"name\": \"it's\",\n>   \"token\": \"***\"\n> }\n", "the JSON body is pretty-printed and scrubbed")
	assert.Contains(t, out, "< HTTP 202 Accepted (1.5ms)\n")
	assert.Contains(t, out, "< X-Subject-Token: ***\n")
	assert.Contains(t, out, "< X-Request-Id: req-1\n")
	assert.Contains(t, out, "< X-Leak: ***\n")
	assert.Contains(t, out, "<   \"echo\": \"***\"\n")
	// Headers are sorted.
	assert.Less(t, strings.Index(out, "> Content-Type"), strings.Index(out, "> X-Auth-Token"))
	assert.Less(t, strings.Index(out, "> X-Auth-Token"), strings.Index(out, "> X-Echo"))
}

func TestExchangeStringMasksAKSKSignature(t *testing.T) {
	x := &Exchange{
		Method: http.MethodGet,
		URL:    "https://sdrs.example.com/v1/p1/jobs/j1",
		RequestHeader: http.Header{
			"Authorization": {"SDK-HMAC-SHA256 Access=AKIDEXAMPLE123, SignedHeaders=host;x-sdk-date, Signature=0123abcdef4567"},
			"X-Sdk-Date":    {"20240506T091011Z"},
		},
		Status:   http.StatusOK,
		secrets:  []string{"secret-key-value"},
		Duration: time.Millisecond,
	}
	out := x.String()
	assert.Contains(t, out, "> Authorization: SDK-HMAC-SHA256 Access=***, SignedHeaders=host;x-sdk-date, Signature=***\n")
	assert.NotContains(t, out, "AKIDEXAMPLE123")
	assert.NotContains(t, out, "0123abcdef4567")
	assert.Contains(t, out, "> X-Sdk-Date: 20240506T091011Z\n")

	x.RequestHeader.Set("Authorization", "Bearer abc.def.ghi")
	out = x.String()
	assert.Contains(t, out, "> Authorization: ***\n", "any other Authorization is masked whole")
	assert.NotContains(t, out, "abc.def.ghi")
}

func TestExchangeStringTransportError(t *testing.T) {
	x := &Exchange{
		Method:        http.MethodGet,
		URL:           "http://127.0.0.1:1/v1/p1/jobs/j1",
		RequestHeader: http.Header{"X-Auth-Token": {token}},
		Duration:      3 * time.Millisecond,
		Err:           errors.New("dial tcp: connection refused with " + token),
		secrets:       []string{token},
	}
	out := x.String()
	assert.Contains(t, out, "< (no response after 3ms: dial tcp: connection refused with ***)\n")
	assert.NotContains(t, out, "HTTP 0")
	assert.NotContains(t, out, token)
}

func TestExchangeStringBodies(t *testing.T) {
	x := &Exchange{Method: http.MethodPost, URL: "http://h/x", RequestBody: []byte("not {json"), Status: 400, ResponseBody: []byte("line1\nline2\n")}
	out := x.String()
	assert.Contains(t, out, ">\n> not {json\n", "text is shown as is")
	assert.Contains(t, out, "<\n< line1\n< line2\n")

	long := strings.Repeat("a", 5000)
	x = &Exchange{Method: http.MethodGet, URL: "http://h/x", Status: 200, ResponseBody: []byte(long)}
	out = x.String()
	assert.Contains(t, out, "< "+strings.Repeat("a", 4000)+"\n< ... (1000 more bytes)\n")
	assert.NotContains(t, out, strings.Repeat("a", 4001))

	x = &Exchange{Method: http.MethodGet, URL: "http://h/x", Status: 204}
	assert.Equal(t, "> GET http://h/x\n< HTTP 204 No Content (0s)\n", x.String())
}

func TestExchangeShortSecretsAreNotScrubbed(t *testing.T) {
	// A secret shorter than 4 characters would mask ordinary text everywhere.
	x := &Exchange{Method: http.MethodGet, URL: "http://h/abc", Status: 200, secrets: []string{"abc", ""}}
	assert.Contains(t, x.String(), "http://h/abc")
}

func TestCurl(t *testing.T) {
	x := exchange()
	x.RequestHeader.Set("Authorization", "SDK-HMAC-SHA256 Access=AKIDEXAMPLE123, SignedHeaders=host, Signature=0123abcdef")
	x.RequestHeader.Set("X-Sdk-Date", "20261203T180000Z")
	got := x.Curl()
	// A signed request is replayed with a token: its signature covers its date.
	want := `curl -i -X POST 'https://sdrs.example.com/v1/p1/protected-instances/batch?x=1'` +
		" \\\n  -H 'Content-Type: application/json'" +
		" \\\n  -H 'X-Echo: prefix-***'" +
		" \\\n  -H \"X-Auth-Token: $SDRS_AUTH_TOKEN\"" +
		" \\\n  --data-binary '{\"name\":\"it'\\''s\",\"token\":\"***\"}'"
	assert.Equal(t, want, got)
	assert.NotContains(t, got, token)
	assert.NotContains(t, got, "AKIDEXAMPLE123")
}

func TestCurlWithoutBody(t *testing.T) {
	x := &Exchange{Method: http.MethodGet, URL: "http://h/v1/p1/jobs/j1", RequestHeader: http.Header{"Accept": {"application/json"}}}
	assert.Equal(t, "curl -i -X GET 'http://h/v1/p1/jobs/j1' \\\n  -H 'Accept: application/json'", x.Curl())
}

// TestCurlRunsInAShell checks the quoting with a real shell: every argument
// comes out as it went in, and the token comes from the environment.
func TestCurlRunsInAShell(t *testing.T) {
	sh, err := exec.LookPath("sh")
	if err != nil {
		t.Skip("no sh")
	}
	body := `{"a":"it's","b":"$HOME \"x\" ` + "`id`" + ` \\ 'q' !"}` + "\nline 2"
	x := &Exchange{
		Method:        http.MethodPost,
		URL:           "http://h/x?a=1&b='2'",
		RequestHeader: http.Header{"X-Auth-Token": {token}, "X-Quote": {`a'b "c"`}},
		RequestBody:   []byte(body),
		secrets:       []string{token},
	}
	// Replace curl by a function that prints its arguments, one per line, NUL-separated.
	script := "curl() { for a in \"$@\"; do printf '%s\\0' \"$a\"; done; }\n" + x.Curl() + "\n"
	cmd := exec.Command(sh, "-c", script)
	cmd.Env = append(cmd.Environ(), "SDRS_AUTH_TOKEN=from-env")
	out, err := cmd.Output()
	require.NoError(t, err)
	args := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	assert.Equal(t, []string{
		"-i", "-X", "POST", "http://h/x?a=1&b='2'",
		"-H", `X-Quote: a'b "c"`,
		"-H", "X-Auth-Token: from-env",
		"--data-binary", body,
	}, args)
}

// --- Client.Do ------------------------------------------------------------------

func TestDoSendsTheRequest(t *testing.T) {
	s := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("X-Request-Id", "r-1")
		w.WriteHeader(http.StatusAccepted)
		io.WriteString(w, `{"job_id":"j1"}`)
	})
	c := newClient(s)
	body := []byte(`{"protected_instances":{}}`)
	x, err := c.Do(context.Background(), Request{
		Method: http.MethodPost,
		Path:   "/v1/p1/protected-instances/batch",
		Query:  url.Values{"b": {"2"}, "a": {"1 x"}},
		Body:   body,
	})
	require.NoError(t, err)

	got := s.seen()
	require.Len(t, got, 1)
	assert.Equal(t, http.MethodPost, got[0].Method)
	assert.Equal(t, "/v1/p1/protected-instances/batch", got[0].Path, "the base URL's trailing slash is not doubled")
	assert.Equal(t, "a=1+x&b=2", got[0].Query)
	assert.Equal(t, "application/json", got[0].Header.Get("Content-Type"), "a body is JSON by default")
	assert.Equal(t, "application/json", got[0].Header.Get("Accept"))
	assert.Equal(t, token, got[0].Header.Get("X-Auth-Token"))
	assert.Equal(t, string(body), got[0].Body)

	assert.Equal(t, http.MethodPost, x.Method)
	assert.Equal(t, s.URL+"/v1/p1/protected-instances/batch?a=1+x&b=2", x.URL)
	assert.Equal(t, http.StatusAccepted, x.Status)
	assert.Equal(t, `{"job_id":"j1"}`, string(x.ResponseBody))
	assert.Equal(t, "r-1", x.ResponseHeader.Get("X-Request-Id"))
	assert.Equal(t, body, x.RequestBody)
	assert.Equal(t, token, x.RequestHeader.Get("X-Auth-Token"), "the exchange keeps what was sent; only its rendering masks")
	assert.NoError(t, x.Err)
	assert.NoError(t, x.ContractErr, "no contract, no validation")
	assert.Positive(t, x.Duration)
	assert.NotContains(t, x.String(), token)
	assert.NotContains(t, x.Curl(), token)
}

func TestDoContentType(t *testing.T) {
	tests := []struct {
		name        string
		body        []byte
		contentType string
		want        []string // Content-Type values the server gets
	}{
		{"JSON by default", []byte(`{}`), "", []string{"application/json"}},
		{"explicit", []byte(`a=b`), "application/x-www-form-urlencoded", []string{"application/x-www-form-urlencoded"}},
		{"none at all", []byte(`{}`), "-", nil},
		{"no body, no type", nil, "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, jsonReply(http.StatusOK, `{}`))
			x, err := newClient(s).Do(context.Background(), Request{Method: http.MethodPost, Path: "/x", Body: tt.body, ContentType: tt.contentType})
			require.NoError(t, err)
			got := s.seen()
			require.Len(t, got, 1)
			assert.Equal(t, tt.want, got[0].Header.Values("Content-Type"))
			assert.Equal(t, tt.want, x.RequestHeader.Values("Content-Type"))
			assert.Equal(t, string(tt.body), got[0].Body)
		})
	}
}

func TestDoAuthOverride(t *testing.T) {
	s := newServer(t, jsonReply(http.StatusUnauthorized, `{"error_code":"SDRS.0401"}`))
	c := newClient(s)

	x, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/v1/p1/jobs/j1", Auth: NoAuth{}})
	require.NoError(t, err)
	assert.Equal(t, http.StatusUnauthorized, x.Status)
	_, err = c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/v1/p1/jobs/j1", Auth: TokenAuth{Token: "wrong-token"}})
	require.NoError(t, err)
	_, err = c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/v1/p1/jobs/j1"})
	require.NoError(t, err)

	got := s.seen()
	require.Len(t, got, 3)
	assert.Empty(t, got[0].Header.Values("X-Auth-Token"), "NoAuth sends no token")
	assert.Equal(t, "wrong-token", got[1].Header.Get("X-Auth-Token"))
	assert.Equal(t, token, got[2].Header.Get("X-Auth-Token"), "the override does not stick")
}

func TestDoECSEndpoint(t *testing.T) {
	sdrs := newServer(t, jsonReply(http.StatusOK, `{"sdrs":true}`))
	ecs := newServer(t, jsonReply(http.StatusOK, `{"server":{}}`))
	c := newClient(sdrs)
	c.ServerBaseURL = ecs.URL

	x, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/v1/p1/cloudservers/s1", ECS: true})
	require.NoError(t, err)
	assert.Equal(t, `{"server":{}}`, string(x.ResponseBody))
	assert.Empty(t, sdrs.seen())
	require.Len(t, ecs.seen(), 1)
	assert.Equal(t, "/v1/p1/cloudservers/s1", ecs.seen()[0].Path)
}

// hmacAuth is an AK/SK-like signer, to check masking of a signed request end to end.
type hmacAuth struct{ ak, sk string }

func (a hmacAuth) Apply(req *http.Request, body []byte) error {
	req.Header.Set("Authorization", "SDK-HMAC-SHA256 Access="+a.ak+", SignedHeaders=host, Signature=sig-of-"+a.sk)
	return nil
}

func (a hmacAuth) Secrets() []string { return []string{a.sk} }

func TestDoMasksSignedRequests(t *testing.T) {
	s := newServer(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "you sent "+r.Header.Get("Authorization"))
	})
	c := newClient(s)
	c.Auth = hmacAuth{ak: "AK-PUBLIC-ID", sk: "SK-very-secret"}
	x, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/x"})
	require.NoError(t, err)
	require.Contains(t, string(x.ResponseBody), "SK-very-secret")
	for _, out := range []string{x.String(), x.Curl()} {
		assert.NotContains(t, out, "SK-very-secret")
	}
	assert.NotContains(t, x.Curl(), "AK-PUBLIC-ID")
	assert.Contains(t, x.String(), "Authorization: SDK-HMAC-SHA256 Access=***, SignedHeaders=host, Signature=***")
	assert.Contains(t, x.Curl(), `X-Auth-Token: $SDRS_AUTH_TOKEN`, "a signed request is replayed with a token")
}

type failingAuth struct{}

func (failingAuth) Apply(*http.Request, []byte) error { return errors.New("no key") }
func (failingAuth) Secrets() []string                 { return nil }

func TestDoSigningError(t *testing.T) {
	s := newServer(t, jsonReply(http.StatusOK, `{}`))
	c := newClient(s)
	c.Retries = 0
	x, err := c.Do(context.Background(), Request{Method: http.MethodPost, Path: "/x", Auth: failingAuth{}})
	require.Error(t, err)
	assert.Nil(t, x)
	assert.Contains(t, err.Error(), "sign request POST")
	assert.Contains(t, err.Error(), "no key")
	assert.Empty(t, s.seen(), "an unsigned request is not sent")
}

func TestDoRecordsExchanges(t *testing.T) {
	s := newServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 2 {
			w.WriteHeader(http.StatusBadRequest)
		}
	})
	c := newClient(s)
	rec := &Recorder{}
	ctx := WithRecorder(context.Background(), rec)

	x1, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/one", Body: []byte(`{}`)})
	require.NoError(t, err)
	x2, err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/two"})
	require.NoError(t, err)
	assert.Equal(t, []*Exchange{x1, x2}, rec.Exchanges(), "oldest first")
	assert.Equal(t, http.StatusBadRequest, x2.Status)

	// Without a recorder nothing is recorded, and nothing breaks.
	_, err = c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/three"})
	require.NoError(t, err)
	assert.Len(t, rec.Exchanges(), 2)

	// A request that got no answer is recorded too.
	c.BaseURL = refusedURL(t)
	c.Retries = 0
	x3, err := c.Do(ctx, Request{Method: http.MethodPost, Path: "/four"})
	require.Error(t, err)
	require.Len(t, rec.Exchanges(), 3)
	assert.Same(t, x3, rec.Exchanges()[2])
	assert.Error(t, x3.Err)
}

func TestDoRetriesGETOnGatewayTrouble(t *testing.T) {
	for _, status := range []int{http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			s := newServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
				if n < 3 {
					w.WriteHeader(status)
					return
				}
				io.WriteString(w, `{"ok":true}`)
			})
			c := newClient(s)
			rec := &Recorder{}
			x, err := c.Do(WithRecorder(context.Background(), rec), Request{Method: http.MethodGet, Path: "/v1/p1/jobs/j1"})
			require.NoError(t, err)
			assert.Equal(t, http.StatusOK, x.Status)
			assert.Equal(t, `{"ok":true}`, string(x.ResponseBody))
			assert.Len(t, s.seen(), 3)
			assert.Equal(t, []*Exchange{x}, rec.Exchanges(), "only the final try is recorded")
		})
	}
}

func TestDoGivesUpAfterRetries(t *testing.T) {
	s := newServer(t, jsonReply(http.StatusServiceUnavailable, `{"error":"busy"}`))
	c := newClient(s)
	c.Retries = 3
	x, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/v1/p1/jobs/j1"})
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrCouldNotTest)
	assert.Contains(t, err.Error(), "GET "+s.URL+"/v1/p1/jobs/j1 answered HTTP 503 (Service Unavailable) 4 time(s) in a row")
	assert.Len(t, s.seen(), 4)
	require.NotNil(t, x, "the last answer is returned for the transcript")
	assert.Equal(t, http.StatusServiceUnavailable, x.Status)
}

func TestDoDoesNotRetryOtherStatuses(t *testing.T) {
	for _, status := range []int{http.StatusInternalServerError, http.StatusNotFound, http.StatusTooManyRequests} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			s := newServer(t, jsonReply(status, `{}`))
			x, err := newClient(s).Do(context.Background(), Request{Method: http.MethodGet, Path: "/x"})
			require.NoError(t, err, "an answer is an answer")
			assert.Equal(t, status, x.Status)
			assert.Len(t, s.seen(), 1)
		})
	}
}

func TestDoRetriesGETOnConnectionErrors(t *testing.T) {
	s := newServer(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n < 3 {
			hangUp(w)
			return
		}
		io.WriteString(w, `{}`)
	})
	x, err := newClient(s).Do(context.Background(), Request{Method: http.MethodGet, Path: "/x"})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, x.Status)
	assert.NoError(t, x.Err)
	assert.Len(t, s.seen(), 3)
}

func TestDoGETConnectionErrorsExhaustRetries(t *testing.T) {
	s := newServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) { hangUp(w) })
	c := newClient(s)
	x, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/x"})
	require.Error(t, err)
	assert.ErrorIs(t, err, ErrCouldNotTest)
	assert.Len(t, s.seen(), 3)
	require.NotNil(t, x)
	assert.Error(t, x.Err)
}

func TestDoNeverRetriesPOST(t *testing.T) {
	tests := []struct {
		name    string
		respond func(int, http.ResponseWriter, *http.Request)
		wantErr bool
		status  int
	}{
		{"502", jsonReply(http.StatusBadGateway, `{}`), true, http.StatusBadGateway},
		{"503", jsonReply(http.StatusServiceUnavailable, `{}`), true, http.StatusServiceUnavailable},
		{"504", jsonReply(http.StatusGatewayTimeout, `{}`), true, http.StatusGatewayTimeout},
		{"500", jsonReply(http.StatusInternalServerError, `{}`), false, http.StatusInternalServerError},
		{"connection closed", func(_ int, w http.ResponseWriter, _ *http.Request) { hangUp(w) }, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newServer(t, tt.respond)
			c := newClient(s)
			c.Retries = 5
			x, err := c.Do(context.Background(), Request{Method: http.MethodPost, Path: "/v1/p1/protected-instances/batch", Body: []byte(`{}`)})
			assert.Len(t, s.seen(), 1, "a POST is sent once")
			require.NotNil(t, x)
			assert.Equal(t, tt.status, x.Status)
			if tt.wantErr {
				assert.ErrorIs(t, err, ErrCouldNotTest, "a gateway that cannot reach the service leaves the target untested")
			} else {
				assert.NoError(t, err, "a 500 is the service's own answer, to be judged")
			}
		})
	}
}

func TestDoConnectionRefused(t *testing.T) {
	for _, method := range []string{http.MethodPost, http.MethodGet} {
		t.Run(method, func(t *testing.T) {
			c := &Client{BaseURL: refusedURL(t), Auth: TokenAuth{Token: token}, HTTP: &http.Client{}, Retries: 2, RetryWait: time.Millisecond}
			x, err := c.Do(context.Background(), Request{Method: method, Path: "/v1/p1/jobs/j1"})
			require.Error(t, err)
			assert.ErrorIs(t, err, ErrCouldNotTest)
			assert.Contains(t, err.Error(), method+" "+c.BaseURL+"/v1/p1/jobs/j1")
			require.NotNil(t, x)
			require.Error(t, x.Err)
			assert.Zero(t, x.Status)
			assert.Contains(t, x.String(), "< (no response after")
			assert.NotContains(t, x.String(), token)
		})
	}
}

// gatewayDown answers every request with 503 without a network, and tells each time.
type gatewayDown struct {
	mu    sync.Mutex
	tries int
	hit   chan struct{}
}

func (g *gatewayDown) RoundTrip(*http.Request) (*http.Response, error) {
	g.mu.Lock()
	g.tries++
	g.mu.Unlock()
	g.hit <- struct{}{}
	return &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{}, Body: io.NopCloser(strings.NewReader(`{}`))}, nil
}

func TestDoContextCancelledDuringRetryWait(t *testing.T) {
	rt := &gatewayDown{hit: make(chan struct{}, 10)}
	c := &Client{BaseURL: "http://sdrs.invalid", Auth: NoAuth{}, HTTP: &http.Client{Transport: rt}, Retries: 3, RetryWait: time.Hour} // only the cancellation can end the wait
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		<-rt.hit
		cancel()
	}()
	type result struct {
		x   *Exchange
		err error
	}
	done := make(chan result, 1)
	go func() {
		x, err := c.Do(ctx, Request{Method: http.MethodGet, Path: "/x"})
		done <- result{x, err}
	}()
	select {
	case r := <-done:
		require.Error(t, r.err)
		assert.ErrorIs(t, r.err, ErrCouldNotTest)
		assert.Contains(t, r.err.Error(), context.Canceled.Error())
		require.NotNil(t, r.x)
		assert.Equal(t, http.StatusServiceUnavailable, r.x.Status)
	case <-time.After(10 * time.Second):
		require.FailNow(t, "Do kept waiting after the context was cancelled")
	}
	rt.mu.Lock()
	defer rt.mu.Unlock()
	assert.Equal(t, 1, rt.tries)
}

func TestDoSigningErrorIsNotRetried(t *testing.T) {
	s := newServer(t, jsonReply(http.StatusOK, `{}`))
	c := newClient(s)
	c.Retries, c.RetryWait = 3, time.Hour // a retry would hang the test
	_, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/x", Auth: failingAuth{}})
	require.Error(t, err)
	assert.NotErrorIs(t, err, ErrCouldNotTest, "a request that cannot be signed is the suite's problem, not the target's")
}

func TestDoWithoutAnyAuthSendsNoCredentials(t *testing.T) {
	s := newServer(t, jsonReply(http.StatusOK, `{}`))
	c := newClient(s)
	c.Auth = nil
	_, err := c.Do(context.Background(), Request{Method: http.MethodGet, Path: "/x"})
	require.NoError(t, err)
	assert.Empty(t, s.seen()[0].Header.Get("X-Auth-Token"))
}

func TestDoRecordsTheExchangeWhenCancelledBetweenRetries(t *testing.T) {
	rt := &gatewayDown{hit: make(chan struct{}, 10)}
	c := &Client{BaseURL: "http://sdrs.invalid", Auth: NoAuth{}, HTTP: &http.Client{Transport: rt}, Retries: 3, RetryWait: time.Hour}
	ctx, cancel := context.WithCancel(context.Background())
	rec := &Recorder{}
	go func() {
		<-rt.hit
		cancel()
	}()
	_, err := c.Do(WithRecorder(ctx, rec), Request{Method: http.MethodGet, Path: "/x"})
	require.ErrorIs(t, err, ErrCouldNotTest)
	assert.Len(t, rec.Exchanges(), 1, "the answer that came back is in the transcript")
}

func TestASecretIsMaskedEvenWhereTheBodyIsCut(t *testing.T) {
	secret := strings.Repeat("S", 3000)
	x := &Exchange{Method: "GET", URL: "http://h/x", Status: 200, ResponseBody: []byte(strings.Repeat("a", 3990) + secret), secrets: []string{secret}}
	out := x.String()
	assert.NotContains(t, out, "SSSS", "no part of the secret shows")
	assert.Contains(t, out, Mask)
}

func TestRecorderTakesExchangesFromSeveralGoroutines(t *testing.T) {
	s := newServer(t, jsonReply(http.StatusOK, `{}`))
	c := newClient(s)
	rec := &Recorder{}
	ctx := WithRecorder(context.Background(), rec)
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = c.Do(ctx, Request{Method: http.MethodGet, Path: "/x"})
		}()
	}
	wg.Wait()
	assert.Len(t, rec.Exchanges(), 8)
}

func TestAMadeUpTokenIsShownAndTheClientsOwnIsStillMasked(t *testing.T) {
	s := newServer(t, jsonReply(http.StatusUnauthorized, `{"error_code":"APIGW.0301","error_msg":"token `+token+` is not for this project"}`))
	c := newClient(s)

	x, err := c.Do(context.Background(), Request{Method: http.MethodPost, Path: "/v1/p1/protected-instances/batch", Body: []byte(`{}`), Auth: MadeUpToken{Token: "not-a-valid-token"}})
	require.NoError(t, err)
	assert.Contains(t, x.String(), "> X-Auth-Token: not-a-valid-token", "a made-up token is no secret: the transcript shows what was sent")
	assert.Contains(t, x.Curl(), `-H 'X-Auth-Token: not-a-valid-token'`, "the curl line sends the same made-up token")
	assert.NotContains(t, x.Curl(), "$SDRS_AUTH_TOKEN")
	assert.NotContains(t, x.String(), token, "the client's own token stays masked wherever it appears")
}
