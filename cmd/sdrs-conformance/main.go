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

// envLevel selects the conformance level, like -level (the profile's variables are in package profile).
const envLevel = "SDRS_LEVEL"

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
	ctx, cancel := context.WithCancel(context.Background())
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		<-signals
		// The first signal stops the run and cleans up. Only a second Ctrl-C quits at
		// once: a CI runner that cancels a job sends SIGINT, then SIGTERM, and
		// expects the cleanup to go on.
		fmt.Fprintln(os.Stderr, "\nsdrs-conformance: interrupted; cleaning up what the run created (Ctrl-C again to quit at once)")
		cancel()
		for s := range signals {
			if s == os.Interrupt {
				fmt.Fprintln(os.Stderr, "sdrs-conformance: quitting without cleaning up: protected instances this run created may be left on the target "+
					"(named sdrsct-<run id>-..., which the next run's start sweep removes, or on the world's servers, which the next run names)")
				os.Exit(130)
			}
			fmt.Fprintln(os.Stderr, "sdrs-conformance: still cleaning up (Ctrl-C to quit at once)")
		}
	}()
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	cancel()
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
	readOnly := fs.Bool("read-only", false, "run only the scenarios that create nothing, safe on production (env "+profile.EnvReadOnly+"=1; default: the profile's run.read_only)")
	maxInstances := fs.Int("max-instances", 0, "refuse to run when the plan could create more protected instances; 0: no cap (default: the profile's limits.max_instances)")
	showProfile := fs.Bool("show-profile", false, "print the effective target profile (credentials masked) and exit")
	fs.Usage = func() {
		fmt.Fprintf(stderr, `Usage: sdrs-conformance [flags]

Runs the SDRS batch-create conformance suite against a target (default: the
embedded reference mock) and writes summary.md, conformance.json, junit.xml and
cucumber.json.

Credentials come from the environment: SDRS_AUTH_TOKEN (auth.method token), or
SDRS_AK and SDRS_SK (auth.method aksk); SDRS_AUTH_METHOD chooses the method.

Exit status: 0 conformant (or partial: everything a narrowed selection ran
passed), 1 not conformant, 2 could not run or could not verify everything (see
the message).

Flags:
`)
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
	p, err := profile.Load(*target, sdrsconformance.Files)
	if err == nil && *endpoint != "" {
		err = p.SetEndpoint(*endpoint, "-endpoint")
	}
	if err != nil {
		fmt.Fprintf(stderr, "sdrs-conformance: %v\n", err)
		return exitCannotRun
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch {
	case set["concurrency"] && *concurrency < 1:
		fmt.Fprintf(stderr, "sdrs-conformance: -concurrency %d: give 1 or more\n", *concurrency)
		return exitCannotRun
	case set["max-instances"] && *maxInstances < 0:
		fmt.Fprintf(stderr, "sdrs-conformance: -max-instances %d: give 0 (no cap) or more\n", *maxInstances)
		return exitCannotRun
	}
	// Flags win over the environment, which won over the file when it was loaded.
	if set["concurrency"] {
		p.Run.Concurrency = *concurrency
		p.Override("-concurrency")
	}
	if set["read-only"] {
		p.Run.ReadOnly = *readOnly
		p.Override("-read-only")
	}
	if set["max-instances"] {
		p.Limits.MaxInstances = *maxInstances
		p.Override("-max-instances")
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
	res, err := runner.Run(ctx, runner.Config{Profile: p, Files: sdrsconformance.Files, OutDir: dir, Level: *level, Tags: *tags, Output: stdout})
	if errors.Is(err, runner.ErrInterrupted) {
		report.PrintVerdict(stdout, res.Document, dir)
		cleaned := "what it created was removed"
		if c := res.Cleanup; len(c.Leaked) > 0 || len(c.Errors) > 0 {
			cleaned = "what it created may NOT all be removed"
		}
		fmt.Fprintf(stderr, "sdrs-conformance: %v; %s (see the end of %s)\n", err, cleaned, filepath.Join(dir, "summary.md"))
		return exitCannotRun
	}
	if err != nil {
		fmt.Fprintf(stderr, "sdrs-conformance: %v\n", err)
		return exitCannotRun
	}
	report.PrintVerdict(stdout, res.Document, dir)
	switch res.Verdict {
	case report.Conformant, report.Partial:
		// A partial pass is what the user's selection asked for; the reports say
		// which requirements it leaves unclaimed.
		return exitConformant
	case report.NotConformant:
		return exitNotConformant
	}
	return exitCannotRun
}
