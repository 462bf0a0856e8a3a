package sdrsconformance_test

import (
	"os"
	"strings"
	"testing"

	"github.com/sdrs-conformance/sdrs-conformance/internal/catalogue"
	"github.com/sdrs-conformance/sdrs-conformance/internal/features"
)

// TestRequirementCatalogue is the gate between features/requirements.yaml and the
// scenarios: every requirement verified or explained, every scenario traced.
func TestRequirementCatalogue(t *testing.T) {
	data, err := os.ReadFile("features/requirements.yaml")
	if err != nil {
		t.Fatal(err)
	}
	cat, err := catalogue.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	feats, err := features.Load(os.DirFS("."), "features")
	if err != nil {
		t.Fatal(err)
	}
	if errs := cat.Gate(feats); len(errs) > 0 {
		var b strings.Builder
		for _, e := range errs {
			b.WriteString("\n  - " + e.Error())
		}
		t.Fatalf("the features and features/requirements.yaml disagree:%s", b.String())
	}
}
