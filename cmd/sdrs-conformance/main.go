// Command sdrs-conformance runs the SDRS batch-create conformance suite against a
// target and writes its reports.
//
//	sdrs-conformance                      # the embedded reference mock
//	SDRS_TARGET=fixtures/targets/x.yaml SDRS_AUTH_TOKEN=... sdrs-conformance
//
// Exit status: 0 conformant, 1 not conformant, 2 could not run.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	sdrsconformance "github.com/sdrs-conformance/sdrs-conformance"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
	"github.com/sdrs-conformance/sdrs-conformance/internal/report"
	"github.com/sdrs-conformance/sdrs-conformance/internal/runner"
)

// Environment variables of the command (the profile has its own).
const (
	envLevel    = "SDRS_LEVEL"     // like -level
	envReadOnly = "SDRS_READ_ONLY" // like -read-only
)

func envOr(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

// Exit statuses.
const (
	exitConformant    = 0
	exitNotConformant = 1
	exitCannotRun     = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	go func() {
		<-ctx.Done()
		// The first Ctrl-C stops the run and cleans up; a second one quits at once.
		stop()
		fmt.Fprintln(os.Stderr, "\nsdrs-conformance: interrupted; cleaning up what the run created (Ctrl-C again to quit at once)")
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sdrs-conformance", flag.ContinueOnError)
	fs.SetOutput(stderr)
	target := fs.String("target", os.Getenv(profile.EnvTarget), "target profile: a path, or a name in "+profile.Dir+" (env "+profile.EnvTarget+"; default "+profile.DefaultName+")")
	endpoint := fs.String("endpoint", "", "base URL of the target; replaces the profile's endpoint (env "+profile.EnvEndpoint+")")
	out := fs.String("out", "", "directory for the reports (default reports/<target name>)")
	level := fs.String("level", envOr(envLevel, runner.LevelAll), "conformance level to run: core, extended or all (env "+envLevel+")")
	tags := fs.String("tags", "", "godog tag expression narrowing the selection, e.g. '@BC-011' or '~@extended'")
	concurrency := fs.Int("concurrency", 0, "scenarios run at once (default: the profile's run.concurrency)")
	readOnly := fs.Bool("read-only", os.Getenv(envReadOnly) == "1" || os.Getenv(envReadOnly) == "true", "run only the scenarios that create nothing, safe on production (env "+envReadOnly+"=1; or the profile's run.read_only)")
	maxInstances := fs.Int("max-instances", 0, "refuse to run when the plan could create more protected instances (default: the profile's limits.max_instances)")
	showProfile := fs.Bool("show-profile", false, "print the effective target profile (credentials masked) and exit")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: sdrs-conformance [flags]\n\nRuns the SDRS batch-create conformance suite against a target and writes\njunit.xml, cucumber.json and summary.md.\nExit status: 0 conformant, 1 not conformant, 2 could not run.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitConformant
		}
		return exitCannotRun
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "sdrs-conformance: unexpected argument %q (flags only; see -h)\n", fs.Arg(0))
		return exitCannotRun
	}
	if *endpoint != "" {
		os.Setenv(profile.EnvEndpoint, *endpoint)
	}
	p, err := profile.Load(*target, sdrsconformance.Files)
	if err != nil {
		fmt.Fprintf(stderr, "sdrs-conformance: %v\n", err)
		return exitCannotRun
	}
	if *showProfile {
		text, err := p.Redacted()
		if err != nil {
			fmt.Fprintf(stderr, "sdrs-conformance: %v\n", err)
			return exitCannotRun
		}
		fmt.Fprint(stdout, text)
		return exitConformant
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("reports", p.Name)
	}
	fmt.Fprintf(stdout, "sdrs-conformance: target %s (%s), profile %s\n", p.Name, p.Endpoint, p.Source)
	res, err := runner.Run(ctx, runner.Config{Profile: p, Files: sdrsconformance.Files, OutDir: dir, Level: *level, Tags: *tags,
		Concurrency: *concurrency, ReadOnly: *readOnly, MaxInstances: *maxInstances, Output: stdout})
	if errors.Is(err, runner.ErrInterrupted) {
		report.PrintVerdict(stdout, res.Document, dir)
		fmt.Fprintf(stderr, "sdrs-conformance: %v; what it created was removed (see the end of %s)\n", err, filepath.Join(dir, "summary.md"))
		return exitCannotRun
	}
	if err != nil {
		fmt.Fprintf(stderr, "sdrs-conformance: %v\n", err)
		return exitCannotRun
	}
	report.PrintVerdict(stdout, res.Document, dir)
	switch res.Verdict {
	case report.Conformant:
		return exitConformant
	case report.NotConformant:
		return exitNotConformant
	}
	return exitCannotRun
}
