// Package steps binds the Gherkin of features/ to the suite's helpers. Steps are
// thin: they read their arguments, call a helper named for its intent, and return
// its verdict. All scenario state travels in the context.
package steps

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"strings"
	"sync/atomic"
	"time"

	"github.com/cucumber/godog"

	"github.com/sdrs-conformance/sdrs-conformance/internal/api"
	"github.com/sdrs-conformance/sdrs-conformance/internal/body"
	"github.com/sdrs-conformance/sdrs-conformance/internal/client"
	"github.com/sdrs-conformance/sdrs-conformance/internal/lease"
	"github.com/sdrs-conformance/sdrs-conformance/internal/negative"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
	"github.com/sdrs-conformance/sdrs-conformance/internal/report"
)

// Env is what all scenarios of one run share. Its fields are read-only or safe
// for concurrent use.
type Env struct {
	Profile *profile.Profile
	API     *api.API
	Pool    *lease.Pool
	// Fixtures is the fixtures/ directory (request bodies under bodies/).
	Fixtures fs.FS
	// RunID makes this run's names unique; every name prefix starts with it.
	RunID   string
	Results *report.Collector
	// DryRun makes the steps build their batches without sending them; the
	// outcome of each scenario goes to Plan instead of Results.
	DryRun bool
	Plan   *Plan
	// Cases are the cases generated from openapi.yaml, by id.
	Cases map[string]negative.Case
	// Lines maps LineKey(uri, scenario name) to the scenario's line, FeatureNames a
	// feature file's URI to its feature's name, for reports.
	Lines        map[string]int
	FeatureNames map[string]string

	seq atomic.Int64
	// protecting counts the servers of the batches the target may have protected:
	// a job seen to succeed, a 2xx other than 202, or a POST whose answer was lost.
	protecting atomic.Int64
}

// mayStillSend says whether the run may send a batch of n servers. The plan's
// cap assumes a conformant target; a faulty one may accept what it should
// refuse, so the run sends no more batches once those it saw protect servers
// could pass limits.max_instances, nor, in read-only mode, once any did. Batches
// already on their way when that happens still arrive: at most one per scenario
// running at once.
func (e *Env) mayStillSend(n int) error {
	done, limit, readOnly := e.protecting.Load(), int64(e.Profile.Limits.MaxInstances), e.Profile.Run.ReadOnly
	switch {
	case readOnly && done > 0:
		return fmt.Errorf("%w: read-only mode, yet batches of this run protected %d server(s); to keep the target safe, no more batches are sent", client.ErrCouldNotTest, done)
	case !readOnly && limit > 0 && done+int64(n) > limit:
		return fmt.Errorf("%w: batches of this run protected %d server(s); %d more would pass limits.max_instances (%d), so no more batches are sent", client.ErrCouldNotTest, done, n, limit)
	}
	return nil
}

// protected counts n servers the target may have protected.
func (e *Env) protected(n int) { e.protecting.Add(int64(n)) }

// NamePrefix is the start of every name prefix the suite sends, whatever the run.
const NamePrefix = "sdrsct"

// nextPrefix gives a scenario its own name prefix, e.g. "sdrsct-k3j9x2-007".
func (e *Env) nextPrefix() string {
	return fmt.Sprintf("%s-%s-%03d", NamePrefix, e.RunID, e.seq.Add(1))
}

// scenario is the state of one scenario.
type scenario struct {
	env     *Env
	rec     *client.Recorder
	started time.Time
	prefix  string

	// The batch being built: a body template and what it is sent with.
	template    *body.Template
	groupStatus string
	setSize     int         // size of the shared-disk set the batch uses
	offending   []string    // placeholders of the servers that break a rule
	auth        client.Auth // nil: the target's credentials
	projectID   string      // "": the target's project
	contentType string

	// What happened.
	lease       *lease.Lease
	preexisting map[string]bool // instances of the leased servers before the scenario
	earlier     map[string]bool // instances an earlier batch of the scenario created on purpose
	keyPairs    []string        // key pairs the scenario created, deleted again by cleanup
	sentBody    []byte
	servers     []string // server ids of the sent batch, in request order
	namePrefix  string   // name_prefix as sent
	answer      *client.Exchange
	racer       *client.Exchange // the answer to a second, concurrent send
	racerDone   bool             // its job has ended
	job         *api.Job
	renamed     *rename

	failure error // the first failing step's error
	skip    error // why the scenario was skipped

	plan planning // in a dry run
}

// rename records an instance the scenario renamed.
type rename struct {
	id, name, answered string
	exchange           *client.Exchange
}

type stateKey struct{}

func state(ctx context.Context) *scenario { return ctx.Value(stateKey{}).(*scenario) }

// begin is the Before hook: fresh state for every scenario.
func (e *Env) begin(ctx context.Context, _ *godog.Scenario) (context.Context, error) {
	s := &scenario{env: e, rec: &client.Recorder{}, started: time.Now(), prefix: e.nextPrefix(), groupStatus: "available"}
	ctx = context.WithValue(ctx, stateKey{}, s)
	return client.WithRecorder(ctx, s.rec), nil
}

// errInterrupted marks a step cut short by the run's interruption.
var errInterrupted = fmt.Errorf("%w: not run: the run was interrupted", godog.ErrSkip)

// noteStep is the after-step hook: it keeps the first failure and the skip reason.
// A step cut short by an interruption is turned into a skip, so that godog's own
// reports (cucumber.json) agree with the suite's: not tested, not wrong.
func noteStep(ctx context.Context, _ *godog.Step, status godog.StepResultStatus, err error) (context.Context, error) {
	s := state(ctx)
	if status == godog.StepFailed && ctx.Err() != nil && errors.Is(err, client.ErrCouldNotTest) {
		if s.skip == nil {
			s.skip = errInterrupted
		}
		return ctx, errInterrupted
	}
	switch {
	case status == godog.StepSkipped && err != nil && s.skip == nil:
		s.skip = err
	case status == godog.StepUndefined:
		s.failure = errors.Join(s.failure, fmt.Errorf("undefined step (the suite has no step definition for it)"))
	case status == godog.StepFailed && s.failure == nil:
		s.failure = err
	}
	return ctx, nil
}

// end is the After hook: it removes what the scenario created, then records the
// outcome and attaches the transcript of every exchange.
func (e *Env) end(ctx context.Context, sc *godog.Scenario, err error) (context.Context, error) {
	s := state(ctx)
	if e.DryRun {
		e.Plan.add(Planned{Name: sc.Name, Location: report.Scenario{URI: sc.Uri, Line: e.Lines[LineKey(sc.Uri, sc.Name)]}.Location(),
			Expected: s.plan.expected, AtMost: s.plan.atMost, CreatesOther: s.plan.other, Skipped: s.skip != nil})
		return ctx, nil
	}
	cleanupErr := s.cleanup(ctx)
	if cleanupErr != nil {
		cleanupErr = fmt.Errorf("cleanup: %w", cleanupErr)
	}
	outcome := report.Scenario{Name: sc.Name, URI: sc.Uri, Line: e.Lines[LineKey(sc.Uri, sc.Name)], Feature: e.FeatureNames[sc.Uri], Duration: time.Since(s.started)}
	for _, t := range sc.Tags {
		outcome.Tags = append(outcome.Tags, t.Name)
	}
	problem := errors.Join(s.failure, cleanupErr)
	if problem == nil && err != nil && !errors.Is(err, godog.ErrSkip) {
		problem = err
	}
	switch {
	case problem != nil && ctx.Err() != nil && errors.Is(problem, client.ErrCouldNotTest):
		// The run was interrupted under this scenario: it was not tested, not wrong.
		outcome.Status, outcome.Message = report.Skipped, "not run: the run was interrupted"
	case problem != nil && errors.Is(problem, client.ErrCouldNotTest):
		outcome.Status, outcome.Message = report.Errored, problem.Error()
	case problem != nil:
		outcome.Status, outcome.Message = report.Failed, problem.Error()
	case s.skip != nil:
		outcome.Status, outcome.Message = report.Skipped, skipReason(s.skip)
	default:
		outcome.Status = report.Passed
	}
	e.Results.Add(outcome)
	// The transcript is the evidence of a verdict against the target; a pass needs none.
	if transcript := s.transcript(); transcript != "" && outcome.Status != report.Passed {
		ctx = godog.Attach(ctx, godog.Attachment{Body: []byte(transcript), FileName: "transcript.txt", MediaType: "text/plain"})
	}
	return ctx, cleanupErr
}

// lastExchange is the most recent exchange of the scenario.
func (s *scenario) lastExchange() *client.Exchange {
	xs := s.rec.Exchanges()
	if len(xs) == 0 {
		return nil
	}
	return xs[len(xs)-1]
}

func (s *scenario) transcript() string {
	var parts []string
	for _, x := range s.rec.Exchanges() {
		parts = append(parts, x.String())
	}
	return strings.Join(parts, "\n")
}

// skipf skips the scenario, saying why.
func skipf(format string, args ...any) error {
	return fmt.Errorf("%w: %s", godog.ErrSkip, fmt.Sprintf(format, args...))
}

func skipReason(err error) string {
	return strings.TrimPrefix(err.Error(), godog.ErrSkip.Error()+": ")
}

// LineKey keys Env.Lines.
func LineKey(uri, scenario string) string { return uri + "\x00" + scenario }
