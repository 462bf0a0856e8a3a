package secret_test

import (
	"encoding/base64"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sdrs-conformance/sdrs-conformance/internal/secret"
)

func TestRedact(t *testing.T) {
	const token = "CANARY/TOK+EN=123"
	text := "raw " + token + " query " + url.QueryEscape(token) + " path " + url.PathEscape(token) +
		" b64 " + base64.StdEncoding.EncodeToString([]byte(token)) + " b64url " + base64.RawURLEncoding.EncodeToString([]byte(token)) +
		` echo "SDK-HMAC-SHA256 Access=AKCANARY, SignedHeaders=x-sdk-date, Signature=48e3adf00d"`
	got := secret.Redact(text, []string{token, "ab"})
	for _, leak := range []string{token, url.QueryEscape(token), base64.StdEncoding.EncodeToString([]byte(token)), "AKCANARY", "48e3adf00d"} {
		assert.NotContains(t, got, leak)
	}
	assert.Contains(t, got, "Signature=***")
	assert.Equal(t, "ab is short", secret.Redact("ab is short", []string{"ab"}), "values under MinLength are left alone")
}
