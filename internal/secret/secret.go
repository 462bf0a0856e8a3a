// Package secret masks credentials in text: the one place that knows the forms a
// secret can take in a transcript or a report.
package secret

import (
	"encoding/base64"
	"net/url"
	"regexp"
	"strings"
)

// Mask is what a secret is replaced with in every output.
const Mask = "***"

// MinLength is the shortest value masked wherever it appears: a shorter one would
// mask common text and tell a reader what it is.
const MinLength = 4

// signatureRE finds the parts of an SDK-HMAC-SHA256 Authorization value that
// identify or prove a key, wherever a target echoes them.
var signatureRE = regexp.MustCompile(`(Access|Signature)=[^,\s"'&]+`)

// Redact replaces each secret, as it is and in the forms a target may echo it
// (URL-encoded, base64), and every AK/SK signature, with Mask.
func Redact(text string, secrets []string) string {
	for _, s := range secrets {
		if len(s) < MinLength {
			continue
		}
		for _, form := range []string{s, url.QueryEscape(s), url.PathEscape(s),
			base64.StdEncoding.EncodeToString([]byte(s)), base64.RawStdEncoding.EncodeToString([]byte(s)),
			base64.URLEncoding.EncodeToString([]byte(s)), base64.RawURLEncoding.EncodeToString([]byte(s))} {
			text = strings.ReplaceAll(text, form, Mask)
		}
	}
	return signatureRE.ReplaceAllString(text, "$1="+Mask)
}
