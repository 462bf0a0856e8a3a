package sdrsconformance_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	sdrsconformance "github.com/sdrs-conformance/sdrs-conformance"
	"github.com/sdrs-conformance/sdrs-conformance/internal/features"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
	"github.com/sdrs-conformance/sdrs-conformance/internal/runner"
)

// TestReadOnlyTagsMatchThePlan: a scenario is tagged @readonly exactly when a dry
// run shows that it creates nothing on a conformant target, so read-only mode is
// safe on production and runs every scenario that is.
func TestReadOnlyTagsMatchThePlan(t *testing.T) {
	p, err := profile.Load("mock", sdrsconformance.Files)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := runner.Plan(context.Background(), runner.Config{Profile: p, Files: sdrsconformance.Files})
	if err != nil {
		t.Fatal(err)
	}
	feats, err := features.Load(sdrsconformance.Files, "features")
	if err != nil {
		t.Fatal(err)
	}
	tagged := map[string]bool{}
	for _, f := range feats {
		for _, sc := range f.Scenarios {
			tagged[sc.Location(f.URI)] = slices.Contains(sc.Tags, "@readonly")
		}
	}
	var wrong []string
	for _, s := range plan.Scenarios {
		switch {
		case s.ReadOnly() && !tagged[s.Location]:
			wrong = append(wrong, s.Location+" creates nothing: tag it @readonly ("+s.Name+")")
		case !s.ReadOnly() && tagged[s.Location]:
			wrong = append(wrong, s.Location+" creates resources: remove @readonly ("+s.Name+")")
		}
	}
	if len(wrong) > 0 {
		t.Fatalf("@readonly tags disagree with the plan:\n  %s", strings.Join(wrong, "\n  "))
	}
}
