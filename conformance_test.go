package sdrsconformance_test

import (
	"context"
	"os"
	"strings"
	"testing"

	sdrsconformance "github.com/sdrs-conformance/sdrs-conformance"
	"github.com/sdrs-conformance/sdrs-conformance/internal/mock"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
	"github.com/sdrs-conformance/sdrs-conformance/internal/report"
	"github.com/sdrs-conformance/sdrs-conformance/internal/runner"
)

// TestConformance runs the whole suite against SDRS_TARGET (default: the embedded
// reference mock). Each scenario is a subtest.
func TestConformance(t *testing.T) {
	p, err := profile.Load(os.Getenv(profile.EnvTarget), sdrsconformance.Files)
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(context.Background(), runner.Config{Profile: p, Files: sdrsconformance.Files, Level: os.Getenv("SDRS_LEVEL"), Output: os.Stdout, TestingT: t})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != report.Conformant {
		var b strings.Builder
		_ = report.WriteSummary(&b, res.Document)
		t.Fatalf("verdict: %s\n%s", res.Verdict, b.String())
	}
}

// TestCoreLevelAcceptsAsynchronousRejection: the vendor page does not say when a
// rule is enforced, so the core level must pass against a server that accepts
// every well-formed batch and fails the job instead.
func TestCoreLevelAcceptsAsynchronousRejection(t *testing.T) {
	p, err := profile.Load("mock", sdrsconformance.Files)
	if err != nil {
		t.Fatal(err)
	}
	res, err := runner.Run(context.Background(), runner.Config{
		Profile: p, Files: sdrsconformance.Files, Level: runner.LevelCore,
		Mock: func(o *mock.Options) { o.Rejection = mock.RejectAsync },
	})
	if err != nil {
		t.Fatal(err)
	}
	if res.Verdict != report.Conformant {
		var b strings.Builder
		_ = report.WriteSummary(&b, res.Document)
		t.Fatalf("core level against asynchronous rejection: %s\n%s", res.Verdict, b.String())
	}
}
