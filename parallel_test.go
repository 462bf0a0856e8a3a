package sdrsconformance_test

import (
	"context"
	"testing"
	"time"

	sdrsconformance "github.com/sdrs-conformance/sdrs-conformance"
	"github.com/sdrs-conformance/sdrs-conformance/internal/mock"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
	"github.com/sdrs-conformance/sdrs-conformance/internal/report"
	"github.com/sdrs-conformance/sdrs-conformance/internal/runner"
)

// TestParallelRunMatchesSequential: scenarios lease their servers exclusively,
// so running them at once gives each the outcome it gets alone. Against a mock
// with faults, so that there are failures to compare as well as passes.
func TestParallelRunMatchesSequential(t *testing.T) {
	outcomes := func(concurrency int) map[string]report.Status {
		p, err := profile.Load("mock", sdrsconformance.Files)
		if err != nil {
			t.Fatal(err)
		}
		p.Mock.JobDuration = 20 * time.Millisecond
		p.Run.Concurrency = concurrency
		p.Timeouts.PollInitial, p.Timeouts.PollMax = 5*time.Millisecond, 20*time.Millisecond
		res, err := runner.Run(context.Background(), runner.Config{
			Profile: p, Files: sdrsconformance.Files, Level: runner.LevelCore,
			Mock: func(o *mock.Options) { o.Faults = []string{"vpc-unchecked", "description-65", "names-without-suffix"} },
		})
		if err != nil {
			t.Fatal(err)
		}
		out := map[string]report.Status{}
		for _, s := range res.Runs {
			out[s.Location()] = s.Status
		}
		return out
	}
	sequential, parallel := outcomes(1), outcomes(16)
	failed := 0
	for loc, st := range sequential {
		if st == report.Failed {
			failed++
		}
		if parallel[loc] != st {
			t.Errorf("%s: %s alone, %s in parallel", loc, st, parallel[loc])
		}
	}
	if len(parallel) != len(sequential) || failed == 0 {
		t.Fatalf("expected the same scenarios and some failures: %d vs %d scenarios, %d failed", len(sequential), len(parallel), failed)
	}
}
