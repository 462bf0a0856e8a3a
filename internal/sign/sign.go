// Package sign implements AK/SK request signing as the SDRS API gateway expects
// it (SDK-HMAC-SHA256, the Huawei Cloud SDK's default), for the suite's client and
// for the mock's verification: one implementation for both sides.
package sign

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"time"
)

// Algorithm is the scheme of the Authorization header.
const Algorithm = "SDK-HMAC-SHA256"

// DateHeader carries the signing time, in DateLayout (UTC).
const (
	DateHeader = "X-Sdk-Date"
	DateLayout = "20060102T150405Z"
)

// MaxSkew is how far the signing time may be from the verifier's clock.
const MaxSkew = 15 * time.Minute

// Sign sets X-Sdk-Date and Authorization on req, whose body is body. It signs
// every header present except Content-Type (the SDK never signs it) and names
// with an underscore.
func Sign(req *http.Request, body []byte, ak, sk string, now time.Time) error {
	if ak == "" || sk == "" {
		return errors.New("sign: an access key and a secret key are required")
	}
	req.Header.Set(DateHeader, now.UTC().Format(DateLayout))
	var signed []string
	for name := range req.Header {
		lower := strings.ToLower(name)
		if lower == "content-type" || lower == "authorization" || strings.Contains(lower, "_") {
			continue
		}
		signed = append(signed, lower)
	}
	sort.Strings(signed)
	canonical := CanonicalRequest(req.Method, req.URL, req.Header, signed, body)
	sig := Signature(sk, StringToSign(req.Header.Get(DateHeader), canonical))
	req.Header.Set("Authorization", fmt.Sprintf("%s Access=%s, SignedHeaders=%s, Signature=%s", Algorithm, ak, strings.Join(signed, ";"), sig))
	return nil
}

// ContentHashHeader replaces the body's hash in the canonical request when set
// (the SDK sends UNSIGNED-PAYLOAD there for bodies that are not JSON).
const ContentHashHeader = "X-Sdk-Content-Sha256"

// CanonicalRequest is the text that is hashed and signed: method, path, query,
// the signed headers (each value of a repeated header on its own line) and the
// body's hash.
func CanonicalRequest(method string, u *url.URL, header http.Header, signed []string, body []byte) string {
	var lines []string
	for _, name := range signed {
		values := append([]string(nil), header.Values(name)...)
		sort.Strings(values)
		for _, v := range values {
			lines = append(lines, name+":"+strings.TrimSpace(v))
		}
	}
	hash := header.Get(ContentHashHeader)
	if hash == "" {
		sum := sha256.Sum256(body)
		hash = hex.EncodeToString(sum[:])
	}
	return strings.Join([]string{
		method,
		canonicalURI(u.Path),
		canonicalQuery(u.Query()),
		strings.Join(lines, "\n") + "\n",
		strings.Join(signed, ";"),
		hash,
	}, "\n")
}

// StringToSign is what the secret key signs.
func StringToSign(date, canonical string) string {
	sum := sha256.Sum256([]byte(canonical))
	return Algorithm + "\n" + date + "\n" + hex.EncodeToString(sum[:])
}

// Signature is the hex HMAC-SHA256 of the string to sign under the secret key.
func Signature(sk, stringToSign string) string {
	mac := hmac.New(sha256.New, []byte(sk))
	mac.Write([]byte(stringToSign))
	return hex.EncodeToString(mac.Sum(nil))
}

// canonicalURI escapes each path segment and ends the path with "/".
func canonicalURI(path string) string {
	segments := strings.Split(path, "/")
	for i, s := range segments {
		segments[i] = escape(s)
	}
	out := strings.Join(segments, "/")
	if !strings.HasSuffix(out, "/") {
		out += "/"
	}
	return out
}

func canonicalQuery(q url.Values) string {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		values := append([]string(nil), q[k]...)
		sort.Strings(values)
		for _, v := range values {
			parts = append(parts, escape(k)+"="+escape(v))
		}
	}
	return strings.Join(parts, "&")
}

// escape percent-encodes everything but A-Z a-z 0-9 - _ . ~ (upper-case hex).
func escape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~' {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// Errors of Verify; each says why a signature is refused.
var (
	ErrNoSignature  = errors.New("no SDK-HMAC-SHA256 signature")
	ErrMalformed    = errors.New("the Authorization header is malformed")
	ErrUnknownKey   = errors.New("the access key is unknown")
	ErrStale        = errors.New("X-Sdk-Date is missing or more than 15 minutes off")
	ErrBadSignature = errors.New("the signature does not match")
)

// Verify checks the signature of a request against the secret key of its access
// key, using the headers the request says it signed. It returns the access key.
func Verify(req *http.Request, body []byte, secretOf func(ak string) (string, bool), now time.Time) (string, error) {
	auth := req.Header.Get("Authorization")
	rest, found := strings.CutPrefix(auth, Algorithm+" ")
	if !found {
		return "", ErrNoSignature
	}
	fields := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return "", ErrMalformed
		}
		fields[k] = v
	}
	ak, signedList, sig := fields["Access"], fields["SignedHeaders"], fields["Signature"]
	if ak == "" || signedList == "" || sig == "" {
		return "", ErrMalformed
	}
	sk, known := secretOf(ak)
	if !known {
		return ak, ErrUnknownKey
	}
	date := req.Header.Get(DateHeader)
	t, err := time.Parse(DateLayout, date)
	if err != nil || t.Sub(now) > MaxSkew || now.Sub(t) > MaxSkew {
		return ak, ErrStale
	}
	signed := strings.Split(signedList, ";")
	if !slices.Contains(signed, strings.ToLower(DateHeader)) {
		return ak, fmt.Errorf("%w: %s is not among the signed headers", ErrMalformed, DateHeader)
	}
	header := req.Header
	if slices.Contains(signed, "host") && header.Get("Host") == "" {
		// net/http moves Host out of the header map; signers other than the Go SDK
		// sign it (the signing guide's examples: host;x-sdk-date).
		header = header.Clone()
		header.Set("Host", req.Host)
	}
	want := Signature(sk, StringToSign(date, CanonicalRequest(req.Method, req.URL, header, signed, body)))
	if !hmac.Equal([]byte(want), []byte(sig)) {
		return ak, ErrBadSignature
	}
	return ak, nil
}
