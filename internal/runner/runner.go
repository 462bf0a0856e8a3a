// Package runner runs the conformance suite against one target: it starts the
// embedded mock when the profile asks for it, checks that the target can be
// reached, runs the features with godog, and writes the reports.
package runner

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/big"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cucumber/godog"

	"github.com/sdrs-conformance/sdrs-conformance/internal/api"
	"github.com/sdrs-conformance/sdrs-conformance/internal/catalogue"
	"github.com/sdrs-conformance/sdrs-conformance/internal/client"
	"github.com/sdrs-conformance/sdrs-conformance/internal/contract"
	"github.com/sdrs-conformance/sdrs-conformance/internal/features"
	"github.com/sdrs-conformance/sdrs-conformance/internal/lease"
	"github.com/sdrs-conformance/sdrs-conformance/internal/mock"
	"github.com/sdrs-conformance/sdrs-conformance/internal/negative"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
	"github.com/sdrs-conformance/sdrs-conformance/internal/report"
	"github.com/sdrs-conformance/sdrs-conformance/internal/version"
	"github.com/sdrs-conformance/sdrs-conformance/steps"
)

// ErrCannotRun means the suite could not be run at all (exit status 2).
var ErrCannotRun = errors.New("cannot run the suite")

// Config is one run.
type Config struct {
	Profile *profile.Profile
	// Files holds openapi.yaml, features/ and fixtures/.
	Files fs.FS
	// OutDir receives junit.xml, cucumber.json and summary.md; "" writes none.
	OutDir string
	// Level selects scenarios by level: core, extended or all ("" means all).
	Level string
	// Tags is a godog tag expression selecting scenarios ("" runs all); it narrows
	// the level's selection.
	Tags string
	// Output receives godog's progress; io.Discard when nil.
	Output io.Writer
	// TestingT makes each scenario a subtest of a go test.
	TestingT *testing.T
	// Mock adjusts the embedded mock's options (for example its rejection mode).
	Mock func(*mock.Options)
}

// Levels a run can select.
const (
	LevelCore     = "core"
	LevelExtended = "extended"
	LevelAll      = "all"
)

// Result is the outcome of a run.
type Result struct {
	*report.Document
}

// ErrInterrupted means the run was stopped (Ctrl-C) after cleaning up; its
// reports are partial.
var ErrInterrupted = errors.New("the run was interrupted")

// sweepTime bounds the sweep at the end of a run, which runs even when the run
// was interrupted.
const sweepTime = 2 * time.Minute

// Run runs the suite. Its error wraps ErrCannotRun when there was nothing to
// judge, and ErrInterrupted (with a result) when it was stopped and cleaned up.
func Run(ctx context.Context, cfg Config) (res *Result, err error) {
	started := time.Now()
	scenariosRan := false
	defer func() {
		// A Ctrl-C before the first scenario cuts the checks short: say that, not
		// that the target failed them.
		if err != nil && !scenariosRan && ctx.Err() != nil {
			err = fmt.Errorf("%w: interrupted before any scenario ran; nothing was created", ErrCannotRun)
		}
	}()
	pr, err := prepare(cfg)
	if err != nil {
		return nil, err
	}
	p, readOnly, tags, cat, con, newEnv := &pr.profile, pr.readOnly, pr.tags, pr.cat, pr.con, pr.newEnv
	if err := checkOutDir(cfg.OutDir); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCannotRun, err)
	}
	plan, err := makePlan(ctx, cfg, newEnv(nil), tags)
	if err != nil {
		return nil, err
	}
	if err := checkPlan(cfg, p, plan, readOnly); err != nil {
		return nil, err
	}

	if p.IsEmbedded() {
		stop, err := startMock(p, cfg.Mock)
		if err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCannotRun, err)
		}
		defer stop()
	}
	target := newAPI(p, con)
	if err := preflight(ctx, target, p); err != nil {
		return nil, err
	}
	env := newEnv(target)
	if cfg.Output != nil {
		env.Results.OnAdd = report.PrintLive(cfg.Output)
	}
	sweep := &sweeper{api: target, world: &p.World, runID: env.RunID, readOnly: readOnly}
	var cleanup report.Cleanup
	if cleanup.SweptAtStart, err = sweep.start(ctx); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCannotRun, err)
	}
	if err := checkWorld(ctx, target, p); err != nil {
		return nil, err
	}
	scenariosRan = true
	if err := runFeatures(ctx, cfg, env, tags, p.Run.Concurrency); err != nil {
		return nil, err
	}
	interrupted := ctx.Err() != nil
	finish, cancel := context.WithTimeout(context.WithoutCancel(ctx), sweepTime+2*p.Timeouts.Job)
	defer cancel()
	var sweepErr error
	cleanup.SweptAtEnd, cleanup.Leaked, sweepErr = sweep.finish(finish)
	if sweepErr != nil {
		cleanup.Errors = append(cleanup.Errors, sweepErr.Error())
	}
	// A Ctrl-C during the final sweep lets the sweep finish, and still counts.
	interrupted = interrupted || ctx.Err() != nil

	runs := env.Results.Scenarios()
	if len(runs) == 0 && !interrupted {
		return nil, fmt.Errorf("%w: no scenario was run; the selection (%s) matches none", ErrCannotRun, tags)
	}
	level := cfg.Level
	if level == "" {
		level = LevelAll
	}
	expected, atMost, keyPairs := plan.Totals()
	reqs := cat.Results(runs)
	levels := report.Levels(runs, reqs)
	doc := &report.Document{
		Target:      report.Target{Name: p.Name, Endpoint: endpointLabel(cfg.Profile, p), Profile: p.Source},
		Suite:       report.Suite{Version: version.String(), OpenAPISHA256: con.SHA256(), Level: level, Tags: cfg.Tags, ReadOnly: readOnly, Concurrency: p.Run.Concurrency},
		Started:     started,
		Ended:       time.Now(),
		Reqs:        reqs,
		Levels:      levels,
		Verdict:     report.Overall(levels),
		Runs:        runs,
		Plan:        report.Plan{Scenarios: len(plan.Scenarios), Instances: expected, AtMost: atMost, KeyPairs: keyPairs},
		Cleanup:     cleanup,
		Interrupted: interrupted,
	}
	// A failure is a finding whatever happened after; a clean pass is only
	// conformant when the run ended and cleaned up.
	if (doc.Verdict == report.Conformant || doc.Verdict == report.Partial) && (interrupted || len(cleanup.Leaked) > 0 || sweepErr != nil) {
		doc.Verdict = report.Inconclusive
	}
	if cfg.OutDir != "" {
		if err := writeReports(cfg.OutDir, doc); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCannotRun, err)
		}
		if err := report.Scrub(cfg.OutDir, p.Auth.Secrets()); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrCannotRun, err)
		}
	}
	if interrupted {
		return &Result{Document: doc}, ErrInterrupted
	}
	return &Result{Document: doc}, nil
}

// prepared is what a run (or a plan) reads before it starts.
type prepared struct {
	profile  profile.Profile
	readOnly bool
	tags     string
	cat      *catalogue.Catalogue
	con      *contract.Contract
	newEnv   func(*api.API) *steps.Env
}

func prepare(cfg Config) (*prepared, error) {
	pr := &prepared{profile: *cfg.Profile}
	p := &pr.profile
	pr.readOnly = p.Run.ReadOnly
	var err error
	if pr.tags, err = selection(cfg.Level, cfg.Tags, pr.readOnly); err != nil {
		return nil, err
	}
	var feats []features.Feature
	if pr.cat, feats, err = loadFeatures(cfg.Files); err != nil {
		return nil, err
	}
	if err := checkTags(cfg.Tags, feats); err != nil {
		return nil, err
	}
	spec, err := fs.ReadFile(cfg.Files, "openapi.yaml")
	if err != nil {
		return nil, fmt.Errorf("%w: read openapi.yaml: %v", ErrCannotRun, err)
	}
	if pr.con, err = contract.Load(spec); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCannotRun, err)
	}
	cases, err := negative.Generate(pr.con.Doc(), negative.Options{Seed: negative.DefaultSeed, ServersPerBatch: p.Limits.ServersPerBatch})
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCannotRun, err)
	}
	fixtures, err := fs.Sub(cfg.Files, "fixtures")
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCannotRun, err)
	}
	pr.newEnv = func(target *api.API) *steps.Env {
		env := &steps.Env{Profile: p, API: target, Pool: lease.NewPool(p.World), Fixtures: fixtures, RunID: runID(),
			Results: &report.Collector{}, Lines: map[string]int{}, FeatureNames: map[string]string{}, Cases: map[string]negative.Case{}}
		for _, c := range cases {
			env.Cases[c.ID] = c
		}
		for _, f := range feats {
			env.FeatureNames[f.URI] = f.Name
			for _, sc := range f.Scenarios {
				env.Lines[steps.LineKey(f.URI, sc.Name)] = sc.Line
			}
		}
		return env
	}
	return pr, nil
}

// Plan says what the selected scenarios would create on a conformant target,
// without touching any target.
func Plan(ctx context.Context, cfg Config) (*steps.Plan, error) {
	pr, err := prepare(cfg)
	if err != nil {
		return nil, err
	}
	return makePlan(ctx, cfg, pr.newEnv(nil), pr.tags)
}

// makePlan runs the selected scenarios dry: what would they create?
func makePlan(ctx context.Context, cfg Config, env *steps.Env, tags string) (*steps.Plan, error) {
	env.DryRun, env.Plan = true, &steps.Plan{}
	dry := cfg
	dry.OutDir, dry.TestingT = "", nil
	if err := runFeatures(ctx, dry, env, tags, 8); err != nil {
		return nil, err
	}
	return env.Plan, nil
}

// checkPlan prints the plan and refuses a run that would create more than the cap,
// or anything at all in read-only mode.
func checkPlan(cfg Config, p *profile.Profile, plan *steps.Plan, readOnly bool) error {
	expected, atMost, keyPairs := plan.Totals()
	limit := p.Limits.MaxInstances
	if cfg.Output != nil {
		if readOnly {
			fmt.Fprintf(cfg.Output, "plan: %d scenarios, read-only: none of them creates anything on a conformant target\n", len(plan.Scenarios))
		} else {
			fmt.Fprintf(cfg.Output, "plan: %d scenarios; on a conformant target they create %d protected instances (at most %d), each with a DR-site server, and %d key pair(s); each scenario deletes what it created\n",
				len(plan.Scenarios), expected, atMost, keyPairs)
		}
	}
	if readOnly && (atMost > 0 || keyPairs > 0) {
		var creating []string
		for _, s := range plan.Scenarios {
			if !s.ReadOnly() {
				creating = append(creating, s.Location)
			}
		}
		return fmt.Errorf("%w: read-only mode, yet these selected scenarios would create resources: %s (they must not be tagged @readonly)", ErrCannotRun, strings.Join(creating, ", "))
	}
	if limit > 0 && atMost > limit {
		return fmt.Errorf("%w: the run could create up to %d protected instances, more than the cap of %d (limits.max_instances or -max-instances); select fewer scenarios (-level, -tags), run -read-only, or raise the cap", ErrCannotRun, atMost, limit)
	}
	return nil
}

// selection turns a level, a tag expression and read-only mode into one godog
// tag expression.
func selection(level, tags string, readOnly bool) (string, error) {
	expr, err := byLevel(level, tags)
	if err != nil || !readOnly {
		return expr, err
	}
	if expr == "" {
		return "@readonly", nil
	}
	return "@readonly && " + expr, nil
}

func byLevel(level, tags string) (string, error) {
	var byLevel string
	switch level {
	case "", LevelAll:
	case LevelCore, LevelExtended:
		byLevel = "@" + level
	default:
		return "", fmt.Errorf("%w: level %q: choose core, extended or all", ErrCannotRun, level)
	}
	switch {
	case byLevel == "":
		return tags, nil
	case tags == "":
		return byLevel, nil
	}
	return byLevel + " && " + tags, nil
}

// tagRE is one tag of a godog tag expression, maybe negated.
var tagRE = regexp.MustCompile(`^~?@[^\s@,&~]+$`)

// checkTags refuses a tag expression godog would misread (it reads "not @a" as
// one tag, and selects everything with "~@typo"): it must be tags, each maybe
// negated with ~, joined by && (and) and , (or), each a tag the features have.
func checkTags(expr string, feats []features.Feature) error {
	if strings.TrimSpace(expr) == "" {
		return nil
	}
	known := map[string]bool{}
	for _, f := range feats {
		for _, s := range f.Scenarios {
			for _, t := range s.Tags {
				known[t] = true
			}
		}
	}
	for _, group := range strings.Split(expr, "&&") {
		for _, tag := range strings.Split(group, ",") {
			tag = strings.TrimSpace(tag)
			if !tagRE.MatchString(tag) {
				return fmt.Errorf("%w: tag expression %q: %q is not a tag; write tags such as @BC-011, negate with ~ (~@extended), join with && (and) or , (or)", ErrCannotRun, expr, tag)
			}
			if !known[strings.TrimPrefix(tag, "~")] {
				return fmt.Errorf("%w: tag expression %q: no scenario has the tag %s", ErrCannotRun, expr, strings.TrimPrefix(tag, "~"))
			}
		}
	}
	return nil
}

// loadFeatures reads the features and the requirement catalogue and checks that
// they agree: a run whose scenarios cannot be traced would report nothing sound.
func loadFeatures(files fs.FS) (*catalogue.Catalogue, []features.Feature, error) {
	data, err := fs.ReadFile(files, "features/requirements.yaml")
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrCannotRun, err)
	}
	cat, err := catalogue.Parse(data)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrCannotRun, err)
	}
	feats, err := features.Load(files, "features")
	if err != nil {
		return nil, nil, fmt.Errorf("%w: %v", ErrCannotRun, err)
	}
	if errs := cat.Gate(feats); len(errs) > 0 {
		return nil, nil, fmt.Errorf("%w: the features and the requirement catalogue disagree: %v", ErrCannotRun, errors.Join(errs...))
	}
	return cat, feats, nil
}

// reportFiles are the files a run writes into its report directory.
var reportFiles = []string{"summary.md", "conformance.json", "junit.xml", "cucumber.json"}

// checkOutDir makes sure, before anything runs, that the reports can be written:
// a run that learns it at the end has spent its time (and a target's money).
func checkOutDir(dir string) error {
	if dir == "" {
		return nil
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("cannot create the report directory (-out): %v", err)
	}
	for _, name := range reportFiles {
		if fi, err := os.Stat(filepath.Join(dir, name)); err == nil && fi.IsDir() {
			return fmt.Errorf("the report directory %s holds a directory named %s where the report goes; remove it or choose another -out", dir, name)
		}
	}
	probe, err := os.CreateTemp(dir, ".write-test-*")
	if err != nil {
		return fmt.Errorf("cannot write reports into %s (-out): %v", dir, err)
	}
	probe.Close()
	return os.Remove(probe.Name())
}

// writeReports writes the suite's own reports beside godog's cucumber.json.
func writeReports(dir string, doc *report.Document) error {
	for name, write := range map[string]func(io.Writer) error{
		"summary.md":       func(w io.Writer) error { return report.WriteSummary(w, doc) },
		"conformance.json": doc.WriteJSON,
		"junit.xml":        func(w io.Writer) error { return report.WriteJUnit(w, doc) },
	} {
		if err := report.WriteFile(filepath.Join(dir, name), write); err != nil {
			return err
		}
	}
	return nil
}

func startMock(p *profile.Profile, adjust func(*mock.Options)) (func(), error) {
	opts := mock.OptionsFromProfile(p)
	if adjust != nil {
		adjust(&opts)
	}
	m, err := mock.New(p.World, opts)
	if err != nil {
		return nil, err
	}
	srv, err := m.Listen("127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p.Endpoint = srv.URL
	return func() { _ = srv.Close() }, nil
}

// credentials are what the profile says requests carry.
func credentials(p *profile.Profile) client.Auth {
	if p.Auth.Method == profile.AuthAKSK {
		return client.AKSKAuth{AK: p.Auth.AK, SK: p.Auth.SK, ProjectID: p.ProjectID}
	}
	return client.TokenAuth{Token: p.Auth.Token}
}

func newAPI(p *profile.Profile, con *contract.Contract) *api.API {
	return &api.API{
		Client: &client.Client{
			BaseURL:       p.Endpoint,
			ServerBaseURL: p.ServerEndpoint(),
			Auth:          credentials(p),
			HTTP:          &http.Client{Timeout: p.Timeouts.Request},
			Contract:      con,
			Retries:       2,
			RetryWait:     250 * time.Millisecond,
		},
		ProjectID: p.ProjectID,
		Timeouts:  p.Timeouts,
	}
}

// preflight makes one harmless call, so that an unreachable target or refused
// credentials stop the run with advice instead of failing every scenario.
func preflight(ctx context.Context, target *api.API, p *profile.Profile) error {
	x, err := target.Client.Do(ctx, client.Request{Method: http.MethodGet, Path: target.Path("server-groups"), Query: url.Values{"limit": {"1"}}})
	if err != nil {
		what := "cannot be reached"
		if x != nil && x.Status != 0 {
			what = "answers, but only with gateway errors" // 502, 503, 504 on every try
		}
		return fmt.Errorf("%w: the target %s %s: %v\n(check the endpoint: the profile's endpoint, or %s)", ErrCannotRun, p.Endpoint, what, err, profile.EnvEndpoint)
	}
	switch x.Status {
	case http.StatusUnauthorized, http.StatusForbidden:
		hint := profile.EnvAuthToken
		if p.Auth.Method == profile.AuthAKSK {
			hint = profile.EnvAK + " and " + profile.EnvSK
		}
		return fmt.Errorf("%w: the target %s refused the credentials (HTTP %d) when listing protection groups of project %s\n(check %s and the profile's project_id)", ErrCannotRun, p.Endpoint, x.Status, p.ProjectID, hint)
	case http.StatusNotFound:
		return fmt.Errorf("%w: the target %s has no SDRS API at %s (HTTP 404)\n(check the endpoint: it is the base URL, without /v1)", ErrCannotRun, p.Endpoint, x.URL)
	}
	return nil
}

func runFeatures(ctx context.Context, cfg Config, env *steps.Env, tags string, concurrency int) error {
	// The live output is the runner's own (one line per scenario as it ends):
	// godog's pretty format interleaves concurrent scenarios, so it is discarded.
	format := "progress"
	if cfg.OutDir != "" && !env.DryRun {
		if err := os.MkdirAll(cfg.OutDir, 0o755); err != nil {
			return fmt.Errorf("%w: create the report directory: %v", ErrCannotRun, err)
		}
		format += ",cucumber:" + filepath.Join(cfg.OutDir, "cucumber.json")
	}
	suite := godog.TestSuite{
		Name:                "sdrs-batch-create",
		ScenarioInitializer: steps.Initialize(env),
		Options: &godog.Options{
			Format:         format,
			Paths:          []string{"features"},
			FS:             cfg.Files,
			Tags:           tags,
			Concurrency:    concurrency,
			Strict:         true,
			NoColors:       true,
			Output:         io.Discard,
			TestingT:       testingT(cfg, env),
			DefaultContext: ctx,
		},
	}
	// godog's status is re-derived from the scenario outcomes; only a suite that
	// could not start (2: bad options or unparsable features) stops the run here.
	if status := suite.Run(); status == 2 {
		return fmt.Errorf("%w: godog could not run the features (see its output above)", ErrCannotRun)
	}
	return nil
}

// endpointLabel names the endpoint for reports: the embedded mock is named as such.
func endpointLabel(original, effective *profile.Profile) string {
	if original.IsEmbedded() {
		return "embedded reference mock (" + effective.Endpoint + ")"
	}
	return effective.Endpoint
}

// runID is six random base-36 characters.
func runID() string {
	const digits = "0123456789abcdefghijklmnopqrstuvwxyz"
	b := make([]byte, 6)
	for i := range b {
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(digits))))
		b[i] = digits[n.Int64()]
	}
	return string(b)
}

// testingT makes scenarios subtests of a go test, except in a dry run.
func testingT(cfg Config, env *steps.Env) *testing.T {
	if env.DryRun {
		return nil
	}
	return cfg.TestingT
}
