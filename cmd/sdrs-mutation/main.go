// Command sdrs-mutation proves the suite's power: it runs the whole suite against
// the reference mock once per fault (each must be caught: some scenario fails) and
// once per benign variant (each must pass at the core level), several at a time,
// and prints a table. It exits 1 if a fault survives or a variant fails.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"slices"
	"strings"
	"sync"
	"syscall"
	"text/tabwriter"
	"time"

	sdrsconformance "github.com/sdrs-conformance/sdrs-conformance"
	"github.com/sdrs-conformance/sdrs-conformance/internal/mock"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
	"github.com/sdrs-conformance/sdrs-conformance/internal/report"
	"github.com/sdrs-conformance/sdrs-conformance/internal/runner"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// settings of the mutation runs: quick jobs and short waits, so that a fault that
// hangs (a job that never ends) costs seconds, not minutes.
type settings struct {
	parallel    int
	concurrency int
	jobDuration time.Duration
	jobTimeout  time.Duration
	only        []string
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("sdrs-mutation", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var s settings
	fs.IntVar(&s.parallel, "parallel", max(2, runtime.NumCPU()), "suite runs at once")
	fs.IntVar(&s.concurrency, "concurrency", 8, "scenarios at once within each run")
	fs.DurationVar(&s.jobDuration, "job-duration", 30*time.Millisecond, "how long the mock's jobs take")
	fs.DurationVar(&s.jobTimeout, "job-timeout", 2*time.Second, "how long the suite waits for a job")
	only := fs.String("only", "", "comma-separated faults and variants to run (default: all)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *only != "" {
		s.only = strings.Split(*only, ",")
	}
	p, err := profile.Load(profile.DefaultName, sdrsconformance.Files)
	if err != nil {
		fmt.Fprintln(stderr, "sdrs-mutation:", err)
		return 2
	}
	var todo []mock.Behaviour
	for _, b := range mock.Behaviours() {
		if len(s.only) == 0 || slices.Contains(s.only, b.Name) {
			todo = append(todo, b)
		}
	}
	if len(todo) == 0 {
		fmt.Fprintf(stderr, "sdrs-mutation: -only %q names no fault or variant (sdrs-mock -list shows them)\n", *only)
		return 2
	}
	start := time.Now()
	results := runAll(ctx, p, s, todo)
	return printTable(stdout, results, time.Since(start))
}

// result is the outcome of one run.
type result struct {
	mock.Behaviour
	caughtBy []string // scenarios that failed
	errors   int      // scenarios that could not test
	verdict  report.Verdict
	err      error // the run itself failed
	took     time.Duration
}

func (r result) expected() string {
	if r.Benign {
		return "pass"
	}
	return "caught"
}

func (r result) outcome() string {
	switch {
	case r.err != nil:
		return "could not run"
	case len(r.caughtBy) > 0:
		return "caught"
	case r.errors > 0:
		return "could not test"
	case r.verdict != report.Conformant:
		// Skipped scenarios are no pass: a variant must let the suite verify everything.
		return string(r.verdict)
	}
	return "pass"
}

func (r result) ok() bool { return r.outcome() == r.expected() }

func runAll(ctx context.Context, base *profile.Profile, s settings, todo []mock.Behaviour) []result {
	results := make([]result, len(todo))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < s.parallel; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = runOne(ctx, base, s, todo[i])
			}
		}()
	}
	for i := range todo {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return results
}

// runOne runs the suite against a mock with one fault (all levels) or one variant
// (the core level, which is what a variant must pass).
func runOne(ctx context.Context, base *profile.Profile, s settings, b mock.Behaviour) result {
	p := *base
	p.Mock.JobDuration = s.jobDuration
	p.Timeouts.Job = s.jobTimeout
	p.Timeouts.PollInitial, p.Timeouts.PollMax = 5*time.Millisecond, 50*time.Millisecond
	p.Timeouts.Request = 5 * time.Second
	p.Run.Concurrency = s.concurrency
	cfg := runner.Config{Profile: &p, Files: sdrsconformance.Files, Level: runner.LevelAll}
	if b.Benign {
		cfg.Level = runner.LevelCore
		cfg.Mock = func(o *mock.Options) { o.Variants = []string{b.Name} }
	} else {
		cfg.Mock = func(o *mock.Options) { o.Faults = []string{b.Name} }
	}
	start := time.Now()
	res, err := runner.Run(ctx, cfg)
	r := result{Behaviour: b, err: err, took: time.Since(start)}
	if err != nil {
		return r
	}
	r.verdict = res.Verdict
	// The runs come in file order, which the table keeps.
	for _, sc := range res.Runs {
		switch sc.Status {
		case report.Failed:
			r.caughtBy = append(r.caughtBy, sc.Location())
		case report.Errored:
			r.errors++
		}
	}
	return r
}

func printTable(w io.Writer, results []result, took time.Duration) int {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KIND\tNAME\tEXPECTED\tOUTCOME\tOK?\tCAUGHT BY")
	var faults, caught, variants, passed int
	var bad []string
	for _, r := range results {
		kind := "fault"
		if r.Benign {
			kind, variants = "variant", variants+1
			if r.ok() {
				passed++
			}
		} else {
			faults++
			if r.ok() {
				caught++
			}
		}
		mark := "ok"
		if !r.ok() {
			mark = "WRONG"
			bad = append(bad, r.Name)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", kind, r.Name, r.expected(), r.outcome(), mark, caughtBy(r))
	}
	tw.Flush()
	for _, r := range results {
		if r.err != nil {
			fmt.Fprintf(w, "\n%s could not run: %v\n", r.Name, r.err)
		}
	}
	fmt.Fprintf(w, "\n%d/%d faults caught, %d/%d benign variants pass, in %s\n", caught, faults, passed, variants, took.Round(time.Second))
	if len(bad) > 0 {
		fmt.Fprintf(w, "not as expected: %s\n", strings.Join(bad, ", "))
		return 1
	}
	return 0
}

func caughtBy(r result) string {
	const show = 3
	list := r.caughtBy
	if len(list) == 0 {
		if r.errors > 0 {
			return fmt.Sprintf("(%d scenarios could not test)", r.errors)
		}
		return "-"
	}
	out := strings.Join(list[:min(show, len(list))], " ")
	if len(list) > show {
		out += fmt.Sprintf(" (+%d more)", len(list)-show)
	}
	return out
}
