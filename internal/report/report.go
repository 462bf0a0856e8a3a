// Package report collects scenario outcomes and writes the suite's own reports
// (summary.md); godog writes junit.xml and cucumber.json beside them.
package report

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/sdrs-conformance/sdrs-conformance/internal/secret"
)

// Status of a scenario.
type Status string

const (
	Passed  Status = "passed"
	Failed  Status = "failed"  // the target is not conformant
	Skipped Status = "skipped" // the world lacks what the scenario needs, or it was not selected
	Errored Status = "error"   // the target could not be tested (infrastructure trouble)
)

// Scenario is the outcome of one scenario.
type Scenario struct {
	Feature  string
	Name     string
	URI      string
	Line     int
	Tags     []string
	Status   Status
	Message  string // why it failed, errored or was skipped
	Duration time.Duration
}

// Collector gathers outcomes from concurrent scenarios.
type Collector struct {
	// OnAdd, when set, is called with each outcome as it is added (under the lock,
	// so calls never overlap).
	OnAdd func(Scenario)

	mu        sync.Mutex
	scenarios []Scenario
}

// Add records one outcome.
func (c *Collector) Add(s Scenario) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.scenarios = append(c.scenarios, s)
	if c.OnAdd != nil {
		c.OnAdd(s)
	}
}

// Location is "uri:line", which also selects the scenario in a run.
func (s Scenario) Location() string {
	if s.Line == 0 {
		return s.URI
	}
	return fmt.Sprintf("%s:%d", s.URI, s.Line)
}

// PrintLive writes one line per outcome, with the reason under any that did not pass.
func PrintLive(w io.Writer) func(Scenario) {
	return func(s Scenario) {
		mark := map[Status]string{Passed: "pass", Failed: "FAIL", Skipped: "skip", Errored: "ERROR"}[s.Status]
		fmt.Fprintf(w, "%-5s %s  %s (%s)\n", mark, s.Location(), s.Name, s.Duration.Round(time.Millisecond))
		if s.Status != Passed && s.Message != "" {
			for _, line := range strings.Split(strings.TrimRight(s.Message, "\n"), "\n") {
				fmt.Fprintf(w, "      %s\n", line)
			}
		}
	}
}

// Scenarios returns the outcomes in file order (SortScenarios).
func (c *Collector) Scenarios() []Scenario {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := append([]Scenario(nil), c.scenarios...)
	SortScenarios(out)
	return out
}

// SortScenarios puts outcomes in the order a reader of the features meets them:
// by feature file, then line, then name.
func SortScenarios(list []Scenario) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		switch {
		case a.URI != b.URI:
			return a.URI < b.URI
		case a.Line != b.Line:
			return a.Line < b.Line
		}
		return a.Name < b.Name
	})
}

// Verdict of a run.
type Verdict string

const (
	Conformant    Verdict = "conformant"
	NotConformant Verdict = "not conformant"
	Inconclusive  Verdict = "could not test"
	Incomplete    Verdict = "incomplete" // some requirement could not be verified
	Partial       Verdict = "partial"    // all passed, but the selection left requirements out
	NotRun        Verdict = "not run"
)

// Counts tallies outcomes.
type Counts struct{ Passed, Failed, Skipped, Errored int }

// Total is the number of scenarios counted.
func (c Counts) Total() int { return c.Passed + c.Failed + c.Skipped + c.Errored }

func (c *Counts) add(s Status) {
	switch s {
	case Passed:
		c.Passed++
	case Failed:
		c.Failed++
	case Skipped:
		c.Skipped++
	case Errored:
		c.Errored++
	}
}

// Verdict decides: any failure is non-conformance; otherwise any error leaves the
// question open; skipped scenarios do not count against the target.
func (c Counts) Verdict() Verdict {
	switch {
	case c.Failed > 0:
		return NotConformant
	case c.Errored > 0 || c.Passed == 0:
		return Inconclusive
	}
	return Conformant
}

// Tally counts the outcomes of a list.
func Tally(list []Scenario) Counts {
	var c Counts
	for _, s := range list {
		c.add(s.Status)
	}
	return c
}

// WriteSummary writes summary.md: the verdict overall and per level, the counts
// per feature, the verdict of every requirement, then every scenario that did not
// pass with the reason.
func WriteSummary(w io.Writer, d *Document) error {
	list := d.Runs
	total := Tally(list)
	var b strings.Builder
	fmt.Fprintf(&b, "# SDRS batch create conformance: %s\n\n", d.Target.Name)
	fmt.Fprintf(&b, "- Verdict: **%s**\n", d.Verdict)
	for _, l := range d.Levels {
		fmt.Fprintf(&b, "- Level %s: **%s**", l.Name, l.Verdict)
		if l.Selected {
			fmt.Fprintf(&b, " (%d passed, %d failed, %d skipped, %d could not be tested)", l.Passed, l.Failed, l.Skipped, l.Errored)
		}
		if len(l.Unverified) > 0 {
			fmt.Fprintf(&b, "; not verified (all their scenarios were skipped, see below): %s", strings.Join(l.Unverified, ", "))
		}
		if len(l.NotSelected) > 0 {
			fmt.Fprintf(&b, "; not selected in this run, so not claimed: %s", strings.Join(l.NotSelected, ", "))
		}
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "- Endpoint: %s\n", d.Target.Endpoint)
	fmt.Fprintf(&b, "- Suite: %s (openapi.yaml sha256 %s), selection: level %s", d.Suite.Version, d.Suite.OpenAPISHA256, d.Suite.Level)
	if d.Suite.Tags != "" {
		fmt.Fprintf(&b, ", tags %s", d.Suite.Tags)
	}
	b.WriteString("\n")
	fmt.Fprintf(&b, "- Run: %s to %s (%s)", d.Started.UTC().Format(time.RFC3339), d.Ended.UTC().Format(time.RFC3339), d.Ended.Sub(d.Started).Round(time.Millisecond))
	if d.Interrupted {
		b.WriteString(", **interrupted**: the results are partial")
	}
	b.WriteString("\n")
	if d.Suite.ReadOnly {
		b.WriteString("- Read-only: only scenarios that create nothing were run\n")
	}
	if d.Plan.Scenarios > 0 {
		fmt.Fprintf(&b, "- Plan: %d scenarios, %d protected instances on a conformant target (at most %d), %d key pair(s)\n", d.Plan.Scenarios, d.Plan.Instances, d.Plan.AtMost, d.Plan.KeyPairs)
	}
	fmt.Fprintf(&b, "- Scenarios: %d passed, %d failed, %d skipped, %d could not be tested\n\n", total.Passed, total.Failed, total.Skipped, total.Errored)

	b.WriteString("## Features\n\n| Feature | Passed | Failed | Skipped | Error | Verdict |\n|---|---:|---:|---:|---:|---|\n")
	byFeature := map[string][]Scenario{}
	var features []string
	for _, s := range list {
		if _, seen := byFeature[s.Feature]; !seen {
			features = append(features, s.Feature)
		}
		byFeature[s.Feature] = append(byFeature[s.Feature], s)
	}
	for _, f := range features {
		c := Tally(byFeature[f])
		fmt.Fprintf(&b, "| %s | %d | %d | %d | %d | %s |\n", cell(f), c.Passed, c.Failed, c.Skipped, c.Errored, c.Verdict())
	}
	if len(d.Reqs) > 0 {
		b.WriteString("\n## Requirements\n\n| Id | Level | Requirement | Verdict | Scenarios | Note |\n|---|---|---|---|---:|---|\n")
		for _, r := range d.Reqs {
			fmt.Fprintf(&b, "| %s | %s | %s | %s | %d | %s |\n", r.ID, r.Level, cell(r.Title), r.Verdict, len(r.Scenarios), cell(oneLine(r.Note)))
		}
	}
	var notPassed []Scenario
	for _, s := range list {
		if s.Status != Passed {
			notPassed = append(notPassed, s)
		}
	}
	if len(notPassed) > 0 {
		b.WriteString("\n## Scenarios that did not pass\n")
		for _, s := range notPassed {
			fmt.Fprintf(&b, "\n### %s: %s (%s)\n\n%s\n", s.Status, s.Name, s.Location(), fence(s.Message))
		}
	}
	b.WriteString("\n## Leaked resources\n\n")
	writeCleanup(&b, d.Cleanup)
	_, err := io.WriteString(w, b.String())
	return err
}

// writeCleanup ends the summary: what the sweeps removed, and what listing the
// target after them still found.
func writeCleanup(b *strings.Builder, c Cleanup) {
	if len(c.Leaked) == 0 && len(c.Errors) == 0 {
		b.WriteString("None: listing the target's protected instances and key pairs after the run found nothing the suite created.\n")
	}
	for _, l := range c.Leaked {
		fmt.Fprintf(b, "- LEAKED: %s\n", l)
	}
	for _, e := range c.Errors {
		fmt.Fprintf(b, "- cleanup error: %s\n", oneLine(e))
	}
	if len(c.SweptAtStart) > 0 {
		fmt.Fprintf(b, "\nLeft by earlier runs, removed at the start (%d):\n", len(c.SweptAtStart))
		for _, s := range c.SweptAtStart {
			fmt.Fprintf(b, "- %s\n", s)
		}
	}
	if len(c.SweptAtEnd) > 0 {
		fmt.Fprintf(b, "\nLeft by scenarios of this run, removed at the end (%d):\n", len(c.SweptAtEnd))
		for _, s := range c.SweptAtEnd {
			fmt.Fprintf(b, "- %s\n", s)
		}
	}
}

// PrintVerdict writes the short form of the summary for a terminal.
func PrintVerdict(w io.Writer, d *Document, dir string) {
	c := Tally(d.Runs)
	fmt.Fprintf(w, "\n%s: %s (%d passed, %d failed, %d skipped, %d could not be tested)\n", d.Target.Name, strings.ToUpper(string(d.Verdict)), c.Passed, c.Failed, c.Skipped, c.Errored)
	for _, l := range d.Levels {
		if l.Selected {
			fmt.Fprintf(w, "  level %-8s %s", l.Name, l.Verdict)
			if len(l.Unverified) > 0 {
				fmt.Fprintf(w, " (not verified, all their scenarios skipped: %s; see summary.md)", strings.Join(l.Unverified, ", "))
			}
			if n := len(l.NotSelected); n > 0 {
				fmt.Fprintf(w, " (%d requirement(s) of the level not selected in this run; see summary.md)", n)
			}
			fmt.Fprintln(w)
		}
	}
	for _, s := range d.Runs {
		if s.Status == Failed || s.Status == Errored {
			fmt.Fprintf(w, "  %-7s %s  %s\n", s.Status, s.Location(), s.Name)
		}
	}
	if n := len(d.Cleanup.SweptAtStart); n > 0 {
		fmt.Fprintf(w, "cleanup: %d resource(s) left by earlier runs were removed at the start (see summary.md)\n", n)
	}
	switch {
	case len(d.Cleanup.Leaked) > 0:
		fmt.Fprintf(w, "LEAKED %d resource(s): see the end of summary.md\n", len(d.Cleanup.Leaked))
	case len(d.Cleanup.Errors) > 0:
		fmt.Fprintf(w, "CLEANUP UNCHECKED: the final sweep could not finish (%s); what the run created may still be on the target: see the end of summary.md\n", strings.Join(d.Cleanup.Errors, "; "))
	case d.Plan.Scenarios > 0 || len(d.Cleanup.SweptAtEnd) > 0:
		fmt.Fprintf(w, "cleanup: nothing of the suite's is left on the target (%d removed by the final sweep)\n", len(d.Cleanup.SweptAtEnd))
	}
	if d.Interrupted {
		fmt.Fprintln(w, "the run was interrupted: the results are partial")
	}
	if dir != "" {
		fmt.Fprintf(w, "reports: %s\n", dir)
	}
}

// WriteFile writes a report file, creating its directory.
func WriteFile(path string, write func(io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	return f.Close()
}

func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func fence(s string) string {
	if s == "" {
		return "(no message)"
	}
	return "```\n" + strings.TrimRight(s, "\n") + "\n```"
}

// Scrub replaces every secret value in the report files of dir with the mask: a
// last guard behind the masking of transcripts, for whatever wrote them.
func Scrub(dir string, secrets []string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		path := filepath.Join(dir, e.Name())
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		text := secret.Redact(string(data), secrets)
		if text != string(data) {
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}
