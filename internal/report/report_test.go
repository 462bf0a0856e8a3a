package report_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdrs-conformance/sdrs-conformance/internal/report"
)

func TestLocation(t *testing.T) {
	assert.Equal(t, "features/a.feature:12", report.Scenario{URI: "features/a.feature", Line: 12}.Location())
	assert.Equal(t, "features/a.feature", report.Scenario{URI: "features/a.feature"}.Location())
}

func TestCollectorOrderAndOnAdd(t *testing.T) {
	var seen []string
	c := &report.Collector{OnAdd: func(s report.Scenario) { seen = append(seen, s.Name) }}
	added := []report.Scenario{
		{URI: "features/b.feature", Name: "beta", Status: report.Passed},
		{URI: "features/a.feature", Name: "zulu", Status: report.Failed},
		{URI: "features/a.feature", Name: "alpha", Status: report.Skipped, Line: 9},
		{URI: "features/a.feature", Name: "alpha", Status: report.Errored, Line: 3},
		{URI: "features/c.feature", Name: "aardvark", Status: report.Passed},
	}
	for _, s := range added {
		c.Add(s)
	}
	assert.Equal(t, []string{"beta", "zulu", "alpha", "alpha", "aardvark"}, seen, "OnAdd sees each outcome as it is added")

	got := c.Scenarios()
	var order []string
	for _, s := range got {
		order = append(order, fmt.Sprintf("%s %s %d", s.URI, s.Name, s.Line))
	}
	assert.Equal(t, []string{
		"features/a.feature zulu 0", // file order: by line within a feature
		"features/a.feature alpha 3",
		"features/a.feature alpha 9",
		"features/b.feature beta 0",
		"features/c.feature aardvark 0",
	}, order)

	// The result is a copy.
	got[0].Name = "changed"
	assert.Equal(t, "zulu", c.Scenarios()[0].Name)
}

// TestCollectorSortIsStable: the examples of a scenario outline share a name, and
// must stay in the order they ran in, however many there are.
func TestCollectorSortIsStable(t *testing.T) {
	var c report.Collector
	const n = 100
	for i := range n {
		uri := "features/b.feature"
		if i%3 == 0 {
			uri = "features/a.feature"
		}
		c.Add(report.Scenario{URI: uri, Name: "outline", Line: i + 1})
	}
	prev := map[string]int{}
	for _, s := range c.Scenarios() {
		assert.Greater(t, s.Line, prev[s.URI], "examples of %s out of order", s.URI)
		prev[s.URI] = s.Line
	}
}

func TestCollectorWithoutOnAdd(t *testing.T) {
	var c report.Collector
	assert.Empty(t, c.Scenarios())
	c.Add(report.Scenario{Name: "x"})
	assert.Len(t, c.Scenarios(), 1)
}

func TestCollectorConcurrentAdds(t *testing.T) {
	var inside, overlaps, calls atomic.Int32
	c := &report.Collector{OnAdd: func(report.Scenario) {
		if inside.Add(1) > 1 {
			overlaps.Add(1)
		}
		calls.Add(1)
		inside.Add(-1)
	}}
	const n = 200
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { c.Add(report.Scenario{URI: fmt.Sprintf("f%03d", i), Status: report.Passed}) })
	}
	wg.Wait()
	assert.Equal(t, int32(n), calls.Load())
	assert.Zero(t, overlaps.Load(), "OnAdd calls must never overlap")
	list := c.Scenarios()
	require.Len(t, list, n)
	for i, s := range list {
		assert.Equal(t, fmt.Sprintf("f%03d", i), s.URI)
	}
}

func statuses(ss ...report.Status) []report.Scenario {
	var list []report.Scenario
	for _, s := range ss {
		list = append(list, report.Scenario{Status: s})
	}
	return list
}

func TestTallyAndVerdict(t *testing.T) {
	const (
		P = report.Passed
		F = report.Failed
		S = report.Skipped
		E = report.Errored
	)
	tests := []struct {
		name string
		list []report.Scenario
		want report.Counts
		v    report.Verdict
	}{
		{"nothing ran", nil, report.Counts{}, report.Inconclusive},
		{"all passed", statuses(P, P), report.Counts{Passed: 2}, report.Conformant},
		{"skipped alone does not fail", statuses(P, S, S), report.Counts{Passed: 1, Skipped: 2}, report.Conformant},
		{"only skipped", statuses(S, S), report.Counts{Skipped: 2}, report.Inconclusive},
		{"one failure", statuses(P, P, F), report.Counts{Passed: 2, Failed: 1}, report.NotConformant},
		{"failure wins over error", statuses(E, F, P, S), report.Counts{Passed: 1, Failed: 1, Skipped: 1, Errored: 1}, report.NotConformant},
		{"an error leaves it open", statuses(P, E), report.Counts{Passed: 1, Errored: 1}, report.Inconclusive},
		{"only errors", statuses(E), report.Counts{Errored: 1}, report.Inconclusive},
		{"unknown status is not counted", statuses(P, "weird"), report.Counts{Passed: 1}, report.Conformant},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := report.Tally(tt.list)
			assert.Equal(t, tt.want, c)
			assert.Equal(t, tt.want.Passed+tt.want.Failed+tt.want.Skipped+tt.want.Errored, c.Total())
			assert.Equal(t, tt.v, c.Verdict())
		})
	}
}

// doc is a run of the scenarios in list, against the "lab" target.
func doc(list []report.Scenario) *report.Document {
	return &report.Document{
		Target:  report.Target{Name: "lab", Endpoint: "https://sdrs.example.com"},
		Started: time.Date(2024, 5, 6, 9, 10, 11, 0, time.FixedZone("CEST", 2*3600)),
		Ended:   time.Date(2024, 5, 6, 9, 12, 13, 456_700_000, time.FixedZone("CEST", 2*3600)),
		Verdict: report.Tally(list).Verdict(),
		Runs:    list,
	}
}

func sampleList() []report.Scenario {
	return []report.Scenario{
		{Feature: "Batch create", Name: "two servers", URI: "features/batch.feature", Line: 5, Status: report.Passed, Duration: 1500 * time.Millisecond},
		{Feature: "Batch create", Name: "over the limit", URI: "features/batch.feature", Line: 20, Status: report.Failed,
			Message: "expected HTTP 400, got 202\n> POST /v1/p/protected-instances/batch\n"},
		{Feature: "VPC | networks", Name: "other VPC", URI: "features/vpc.feature", Line: 7, Status: report.Skipped, Message: "the world lacks 1 server(s) of role other-vpc"},
		{Feature: "VPC | networks", Name: "same VPC", URI: "features/vpc.feature", Line: 3, Status: report.Passed},
		{Feature: "Auth", Name: "no token", URI: "features/auth.feature", Status: report.Errored},
	}
}

func TestWriteSummary(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteSummary(&b, doc(sampleList())))
	out := b.String()

	assert.True(t, strings.HasPrefix(out, "# SDRS batch create conformance: lab\n\n"), out)
	assert.Contains(t, out, "- Verdict: **not conformant**\n")
	assert.Contains(t, out, "- Endpoint: https://sdrs.example.com\n")
	assert.Contains(t, out, "- Run: 2024-05-06T07:10:11Z to 2024-05-06T07:12:13Z (2m2.457s)\n", "times in UTC")
	assert.Contains(t, out, "- Scenarios: 2 passed, 1 failed, 1 skipped, 1 could not be tested\n")

	table := "| Feature | Passed | Failed | Skipped | Error | Verdict |\n|---|---:|---:|---:|---:|---|\n" +
		"| Batch create | 1 | 1 | 0 | 0 | not conformant |\n" +
		"| VPC \\| networks | 1 | 0 | 1 | 0 | conformant |\n" +
		"| Auth | 0 | 0 | 0 | 1 | could not test |\n"
	assert.Contains(t, out, table, "one row per feature, in the order first seen, with | escaped")

	section := out[strings.Index(out, "## Scenarios that did not pass"):]
	assert.Contains(t, section, "### failed: over the limit (features/batch.feature:20)\n\n```\nexpected HTTP 400, got 202\n> POST /v1/p/protected-instances/batch\n```\n")
	assert.Contains(t, section, "### skipped: other VPC (features/vpc.feature:7)\n\n```\nthe world lacks 1 server(s) of role other-vpc\n```\n")
	assert.Contains(t, section, "### error: no token (features/auth.feature)\n\n(no message)\n")
	assert.NotContains(t, section, "two servers")
	assert.NotContains(t, section, "same VPC")
	assert.Less(t, strings.Index(section, "over the limit"), strings.Index(section, "other VPC"), "in list order")
	assert.Less(t, strings.Index(section, "other VPC"), strings.Index(section, "no token"))
}

func TestWriteSummaryAllPassed(t *testing.T) {
	var b bytes.Buffer
	list := []report.Scenario{{Feature: "F", Name: "a", URI: "f.feature", Line: 1, Status: report.Passed}}
	require.NoError(t, report.WriteSummary(&b, doc(list)))
	out := b.String()
	assert.Contains(t, out, "- Verdict: **conformant**\n")
	assert.Contains(t, out, "| F | 1 | 0 | 0 | 0 | conformant |\n")
	assert.NotContains(t, out, "did not pass")
}

func TestWriteSummaryEmpty(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteSummary(&b, doc(nil)))
	assert.Contains(t, b.String(), "- Verdict: **could not test**\n")
	assert.Contains(t, b.String(), "- Scenarios: 0 passed, 0 failed, 0 skipped, 0 could not be tested\n")
}

type failingWriter struct{ err error }

func (w failingWriter) Write([]byte) (int, error) { return 0, w.err }

func TestWriteSummaryWriteError(t *testing.T) {
	boom := errors.New("disk full")
	err := report.WriteSummary(failingWriter{boom}, doc(sampleList()))
	assert.ErrorIs(t, err, boom)
}

func TestPrintLive(t *testing.T) {
	var b bytes.Buffer
	live := report.PrintLive(&b)
	live(report.Scenario{Name: "ok", URI: "f.feature", Line: 3, Status: report.Passed, Duration: 1234567 * time.Microsecond, Message: "ignored for a pass"})
	live(report.Scenario{Name: "bad", URI: "f.feature", Line: 9, Status: report.Failed, Duration: 2 * time.Millisecond, Message: "line one\nline two\n\n"})
	live(report.Scenario{Name: "later", URI: "g.feature", Status: report.Skipped, Message: "no world"})
	live(report.Scenario{Name: "down", URI: "h.feature", Line: 1, Status: report.Errored})

	want := "pass  f.feature:3  ok (1.235s)\n" +
		"FAIL  f.feature:9  bad (2ms)\n" +
		"      line one\n" +
		"      line two\n" +
		"skip  g.feature  later (0s)\n" +
		"      no world\n" +
		"ERROR h.feature:1  down (0s)\n"
	assert.Equal(t, want, b.String())
}

func TestPrintVerdict(t *testing.T) {
	var b bytes.Buffer
	report.PrintVerdict(&b, doc(sampleList()), "reports/lab/2024")
	want := "\nlab: NOT CONFORMANT (2 passed, 1 failed, 1 skipped, 1 could not be tested)\n" +
		"  failed  features/batch.feature:20  over the limit\n" +
		"  error   features/auth.feature  no token\n" +
		"reports: reports/lab/2024\n"
	assert.Equal(t, want, b.String())

	b.Reset()
	report.PrintVerdict(&b, doc([]report.Scenario{{Status: report.Passed}, {Status: report.Skipped, Name: "s"}}), "")
	assert.Equal(t, "\nlab: CONFORMANT (1 passed, 0 failed, 1 skipped, 0 could not be tested)\n", b.String())
}

func TestPrintVerdictCleanup(t *testing.T) {
	d := doc([]report.Scenario{{Status: report.Passed}})
	d.Plan.Scenarios = 1
	var b bytes.Buffer
	report.PrintVerdict(&b, d, "")
	assert.Contains(t, b.String(), "cleanup: nothing of the suite's is left on the target (0 removed by the final sweep)")

	// When the final listing failed, nothing may be claimed about what is left.
	d.Cleanup.Errors = []string{"list protected instances after the run: connection refused"}
	b.Reset()
	report.PrintVerdict(&b, d, "")
	assert.Contains(t, b.String(), "CLEANUP UNCHECKED: the final sweep could not finish (list protected instances after the run: connection refused)")
	assert.NotContains(t, b.String(), "nothing of the suite's is left")

	d.Cleanup.Leaked = []string{"protected instance pi-1"}
	b.Reset()
	report.PrintVerdict(&b, d, "")
	assert.Contains(t, b.String(), "LEAKED 1 resource(s)")
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "reports", "lab", "run-1", "summary.md")
	require.NoError(t, report.WriteFile(path, func(w io.Writer) error {
		return report.WriteSummary(w, doc(sampleList()))
	}))
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(string(data), "# SDRS batch create conformance: lab"))

	// An existing file is replaced.
	require.NoError(t, report.WriteFile(path, func(w io.Writer) error {
		_, err := io.WriteString(w, "short")
		return err
	}))
	data, err = os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "short", string(data))
}

func TestWriteFileErrors(t *testing.T) {
	dir := t.TempDir()
	boom := errors.New("boom")
	path := filepath.Join(dir, "out.md")
	err := report.WriteFile(path, func(io.Writer) error { return boom })
	require.Error(t, err)
	assert.ErrorIs(t, err, boom)
	assert.Contains(t, err.Error(), "write "+path)

	// The directory cannot be created where a file is.
	blocker := filepath.Join(dir, "file")
	require.NoError(t, os.WriteFile(blocker, []byte("x"), 0o644))
	called := false
	err = report.WriteFile(filepath.Join(blocker, "sub", "summary.md"), func(io.Writer) error { called = true; return nil })
	assert.Error(t, err)
	assert.False(t, called)
}

func TestLevels(t *testing.T) {
	list := []report.Scenario{
		{Name: "a", Tags: []string{"@core", "@BC-001"}, Status: report.Passed},
		{Name: "b", Tags: []string{"@core", "@BC-002"}, Status: report.Skipped},
		{Name: "c", Tags: []string{"@extended"}, Status: report.Failed},
		{Name: "d", Tags: []string{"@BC-002"}, Status: report.Failed},
	}
	reqs := []report.Req{
		{ID: "BC-001", Level: "core", Verdict: "pass", Scenarios: []report.ScenarioRef{{}}},
		{ID: "BC-002", Level: "core", Verdict: "pass", Scenarios: []report.ScenarioRef{{}, {}}},
	}
	levels := report.Levels(list, reqs)
	require.Len(t, levels, 2)
	assert.Equal(t, report.Level{Name: "core", Selected: true, Verdict: report.Conformant, Passed: 1, Skipped: 1}, levels[0])
	assert.Equal(t, report.Level{Name: "extended", Selected: true, Verdict: report.NotConformant, Failed: 1}, levels[1])
	assert.Equal(t, report.NotConformant, report.Overall(levels))

	reqs[1].Verdict = "skip"
	levels = report.Levels(list[:2], reqs)
	assert.Equal(t, report.Incomplete, levels[0].Verdict, "a requirement whose scenarios were all skipped leaves the level incomplete")
	assert.Equal(t, []string{"BC-002"}, levels[0].Unverified)
	assert.Equal(t, report.NotRun, levels[1].Verdict, "nothing of the extended level ran")
	assert.Equal(t, report.Incomplete, report.Overall(levels))

	reqs[1].Verdict, reqs[1].Scenarios = "skip", []report.ScenarioRef{}
	levels = report.Levels(list[:1], reqs)
	assert.Equal(t, report.Partial, levels[0].Verdict, "a requirement the selection left out makes the pass partial")
	assert.Equal(t, []string{"BC-002"}, levels[0].NotSelected)
	assert.Empty(t, levels[0].Unverified)
	assert.Equal(t, report.Partial, report.Overall(levels))

	onlySkips := report.Levels([]report.Scenario{{Tags: []string{"@core"}, Status: report.Skipped}}, []report.Req{{ID: "BC-009", Level: "core", Verdict: "skip", Scenarios: []report.ScenarioRef{{}}}})
	assert.Equal(t, report.Incomplete, onlySkips[0].Verdict, "an empty world is not conformant")
}

func TestConformanceJSON(t *testing.T) {
	d := doc(sampleList())
	d.Suite = report.Suite{Version: "v1.2.3", OpenAPISHA256: "abc", Level: "all"}
	d.Levels = report.Levels(d.Runs, nil)
	d.Reqs = []report.Req{{ID: "BC-001", Level: "core", Title: "t", Statement: "s", Source: "page", Verdict: "pass",
		Scenarios: []report.ScenarioRef{{Name: "two servers", Location: "features/batch.feature:5", Status: report.Passed}}}}
	var b bytes.Buffer
	require.NoError(t, d.WriteJSON(&b))
	var got map[string]any
	require.NoError(t, json.Unmarshal(b.Bytes(), &got))
	assert.Equal(t, "sdrs-conformance/v1", got["format"])
	assert.Equal(t, map[string]any{"name": "lab", "endpoint": "https://sdrs.example.com", "profile": ""}, got["target"])
	assert.Equal(t, "v1.2.3", got["suite"].(map[string]any)["version"])
	assert.Equal(t, "abc", got["suite"].(map[string]any)["openapi_sha256"])
	assert.Equal(t, "not conformant", got["verdict"])
	assert.Len(t, got["levels"], 2)
	req := got["requirements"].([]any)[0].(map[string]any)
	for _, key := range []string{"id", "level", "statement", "verdict", "scenarios"} {
		assert.Contains(t, req, key)
	}
	assert.Len(t, got["scenarios"], len(sampleList()))
	first := got["scenarios"].([]any)[1].(map[string]any)
	assert.Equal(t, "features/batch.feature:20", first["location"])
	assert.Equal(t, "failed", first["status"])
	assert.Contains(t, first["message"], "expected HTTP 400")
	assert.Contains(t, b.String(), `"started": "2024-05-06T09:10:11+02:00"`)
}

func TestSummaryListsLevelsAndRequirements(t *testing.T) {
	d := doc(sampleList())
	d.Levels = []report.Level{{Name: "core", Selected: true, Verdict: report.Conformant, Passed: 3}, {Name: "extended", Verdict: report.NotRun}}
	d.Reqs = []report.Req{
		{ID: "BC-001", Level: "core", Title: "One | two", Verdict: "pass", Scenarios: []report.ScenarioRef{{}, {}}},
		{ID: "BC-034", Level: "core", Title: "AS group", Verdict: "untestable", Note: "needs\nAuto Scaling"},
	}
	var b bytes.Buffer
	require.NoError(t, report.WriteSummary(&b, d))
	out := b.String()
	assert.Contains(t, out, "- Level core: **conformant** (3 passed, 0 failed, 0 skipped, 0 could not be tested)\n")
	assert.Contains(t, out, "- Level extended: **not run**\n")
	assert.Contains(t, out, "| BC-001 | core | One \\| two | pass | 2 |  |\n")
	assert.Contains(t, out, "| BC-034 | core | AS group | untestable | 0 | needs Auto Scaling |\n")
}

func TestJUnit(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, report.WriteJUnit(&b, doc(sampleList())))
	out := b.String()
	assert.True(t, strings.HasPrefix(out, "<?xml"))
	var parsed struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Errors   int `xml:"errors,attr"`
		Skipped  int `xml:"skipped,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name      string `xml:"name,attr"`
				Classname string `xml:"classname,attr"`
				Skipped   *struct {
					Message string `xml:"message,attr"`
				} `xml:"skipped"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(b.Bytes(), &parsed))
	assert.Equal(t, 5, parsed.Tests)
	assert.Equal(t, 1, parsed.Failures)
	assert.Equal(t, 1, parsed.Errors)
	assert.Equal(t, 1, parsed.Skipped)
	require.Len(t, parsed.Suites, 3, "a testsuite per feature file")
	assert.Equal(t, "Batch create", parsed.Suites[0].Name)
	bad := parsed.Suites[0].Cases[1]
	assert.Equal(t, "features/batch.feature:20", bad.Classname)
	require.NotNil(t, bad.Failure)
	assert.Equal(t, "expected HTTP 400, got 202", bad.Failure.Message)
	assert.Contains(t, bad.Failure.Text, "> POST")
	skipped := parsed.Suites[1].Cases[0]
	require.NotNil(t, skipped.Skipped)
	assert.Equal(t, "the world lacks 1 server(s) of role other-vpc", skipped.Skipped.Message, "the reason of a skip is kept")
}
