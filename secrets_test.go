package sdrsconformance_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	sdrsconformance "github.com/sdrs-conformance/sdrs-conformance"
	"github.com/sdrs-conformance/sdrs-conformance/internal/mock"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
	"github.com/sdrs-conformance/sdrs-conformance/internal/report"
	"github.com/sdrs-conformance/sdrs-conformance/internal/runner"
)

// canaries are credentials no output may ever show, in any encoding.
var canaries = map[string]string{
	profile.EnvAuthToken: "canary-token-7f3a9c1e5b",
	profile.EnvAK:        "CANARYAK4D2E8F6A1B9C",
	profile.EnvSK:        "canary-secret-key-2b7d4e9f1a",
}

func forms(secret string) []string {
	out := []string{secret, url.QueryEscape(secret)}
	for i := 0; i < 3; i++ { // base64 at each alignment, as inside an encoded attachment
		enc := base64.StdEncoding.EncodeToString([]byte(strings.Repeat("x", i) + secret))
		out = append(out, enc[4:len(enc)-4])
	}
	return out
}

// TestNoSecretInAnyReport runs the suite with canary credentials, with both
// authentication methods, against a mock with faults (so that failures print their
// transcripts and curl lines), and proves no report and no output holds them.
func TestNoSecretInAnyReport(t *testing.T) {
	for env, v := range canaries {
		t.Setenv(env, v)
	}
	for _, method := range []string{profile.AuthToken, profile.AuthAKSK} {
		t.Run(method, func(t *testing.T) {
			t.Setenv(profile.EnvAuthMethod, method)
			p, err := profile.Load("mock", sdrsconformance.Files)
			if err != nil {
				t.Fatal(err)
			}
			out := t.TempDir()
			var live bytes.Buffer
			res, err := runner.Run(context.Background(), runner.Config{
				Profile: p, Files: sdrsconformance.Files, OutDir: out, Output: &live, Tags: "@BC-038,@BC-011,@BX-022",
				Mock: func(o *mock.Options) { o.Faults = []string{"name-prefix-60", "auth-unchecked"} },
			})
			if err != nil {
				t.Fatal(err)
			}
			if res.Verdict != report.NotConformant {
				t.Fatalf("the faulty mock should fail the run, got %s", res.Verdict)
			}
			files, _ := os.ReadDir(out)
			texts := map[string]string{"live output": live.String()}
			for _, f := range files {
				data, err := os.ReadFile(filepath.Join(out, f.Name()))
				if err != nil {
					t.Fatal(err)
				}
				texts[f.Name()] = string(data)
			}
			if len(texts) < 5 {
				t.Fatalf("expected four report files and the output, got %d", len(texts))
			}
			if !strings.Contains(texts["cucumber.json"], "embeddings") || !strings.Contains(texts["summary.md"], "curl") {
				t.Fatal("the run should have produced transcripts and curl lines to check")
			}
			for name, text := range texts {
				for env, secret := range canaries {
					for _, f := range forms(secret) {
						if strings.Contains(text, f) {
							t.Errorf("%s holds %s (as %q)", name, env, f)
						}
					}
				}
			}
		})
	}
}
