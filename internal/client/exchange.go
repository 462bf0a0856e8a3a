package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/sdrs-conformance/sdrs-conformance/internal/secret"
)

// Exchange is one request and its response, as the transcript shows them.
type Exchange struct {
	Method         string
	URL            string
	RequestHeader  http.Header
	RequestBody    []byte
	Status         int
	ResponseHeader http.Header
	ResponseBody   []byte
	Duration       time.Duration
	// Err is the transport error, when no response came back.
	Err error
	// ContractErr says how the response breaks openapi.yaml (nil when it does not).
	ContractErr error

	secrets []string
	// madeUp says the token sent was made up (MadeUpToken), so it is shown.
	madeUp bool
}

// Mask is what a secret is replaced with in every output.
const Mask = secret.Mask

// credentialHeaders are masked whatever their value.
var credentialHeaders = []string{"X-Auth-Token", "X-Subject-Token", "X-Security-Token", "Authorization"}

// String renders the exchange for a human: request line, headers and body, then
// the response. Credentials are masked.
func (x *Exchange) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "> %s %s\n", x.Method, x.URL)
	x.writeHeaders(&b, "> ", x.RequestHeader)
	if len(x.RequestBody) > 0 {
		b.WriteString(">\n" + indentBody("> ", x.scrubBytes(x.RequestBody)))
	}
	switch {
	case x.Err != nil:
		fmt.Fprintf(&b, "< (no response after %s: %v)\n", roundDuration(x.Duration), x.Err)
	default:
		fmt.Fprintf(&b, "< HTTP %d %s (%s)\n", x.Status, http.StatusText(x.Status), roundDuration(x.Duration))
		x.writeHeaders(&b, "< ", x.ResponseHeader)
		if len(x.ResponseBody) > 0 {
			b.WriteString("<\n" + indentBody("< ", x.scrubBytes(x.ResponseBody)))
		}
	}
	return x.scrub(b.String())
}

// Curl returns a shell command that sends the same request with the token in
// $SDRS_AUTH_TOKEN: credentials are never shown, and a signed request is sent
// with a token instead (a signature cannot be replayed: it covers its date). A
// made-up token is no credential and is sent as it was.
func (x *Exchange) Curl() string {
	var b strings.Builder
	fmt.Fprintf(&b, "curl -i -X %s %s", x.Method, shellQuote(x.URL))
	keys := sortedKeys(x.RequestHeader)
	sentCredentials := false
	for _, k := range keys {
		for _, v := range x.RequestHeader[k] {
			switch {
			case x.madeUp && strings.EqualFold(k, "X-Auth-Token"):
			case strings.EqualFold(k, "X-Auth-Token"), strings.EqualFold(k, "Authorization"):
				sentCredentials = true
				continue
			case strings.EqualFold(k, "X-Sdk-Date"):
				continue
			}
			fmt.Fprintf(&b, " \\\n  -H %s", shellQuote(k+": "+x.maskHeader(k, v)))
		}
	}
	if sentCredentials {
		b.WriteString(" \\\n  -H \"X-Auth-Token: $SDRS_AUTH_TOKEN\"")
	}
	if len(x.RequestBody) > 0 {
		fmt.Fprintf(&b, " \\\n  --data-binary %s", shellQuote(string(x.RequestBody)))
	}
	return x.scrub(b.String())
}

// scrub replaces every known secret value and every signature, wherever they appear.
func (x *Exchange) scrub(s string) string { return secret.Redact(s, x.secrets) }

// scrubBytes masks secrets in a body before it is shortened, so that no secret is
// cut in two and half shown.
func (x *Exchange) scrubBytes(b []byte) []byte { return []byte(x.scrub(string(b))) }

func (x *Exchange) writeHeaders(b *strings.Builder, mark string, h http.Header) {
	for _, k := range sortedKeys(h) {
		for _, v := range h[k] {
			fmt.Fprintf(b, "%s%s: %s\n", mark, k, x.maskHeader(k, v))
		}
	}
}

func (x *Exchange) maskHeader(name, value string) string {
	if x.madeUp && strings.EqualFold(name, "X-Auth-Token") {
		return value
	}
	for _, c := range credentialHeaders {
		if strings.EqualFold(name, c) {
			if strings.HasPrefix(value, "SDK-HMAC-SHA256 ") {
				return secret.Redact(value, nil) // the signed headers' names may show
			}
			return Mask
		}
	}
	return value
}

// roundDuration keeps three significant digits or so: a loopback answer takes
// microseconds, a cloud's seconds.
func roundDuration(d time.Duration) time.Duration {
	switch {
	case d < time.Millisecond:
		return d.Round(time.Microsecond)
	case d < time.Second:
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Millisecond)
}

func sortedKeys(h http.Header) []string {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// indentBody pretty-prints JSON (or shows text as is), each line marked.
func indentBody(mark string, body []byte) string {
	var pretty bytes.Buffer
	text := string(body)
	if json.Indent(&pretty, body, "", "  ") == nil {
		text = pretty.String()
	}
	const limit = 4000
	if len(text) > limit {
		text = text[:limit] + fmt.Sprintf("\n... (%d more bytes)", len(text)-limit)
	}
	var b strings.Builder
	for _, line := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		b.WriteString(mark + line + "\n")
	}
	return b.String()
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
