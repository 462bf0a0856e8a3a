package report

import (
	"encoding/json"
	"io"
	"slices"
	"time"
)

// Format names the layout of conformance.json; it changes only when the layout does.
const Format = "sdrs-conformance/v1"

// Document is everything a run produced: conformance.json is this document, and
// summary.md is written from it.
type Document struct {
	Format  string    `json:"format"`
	Target  Target    `json:"target"`
	Suite   Suite     `json:"suite"`
	Started time.Time `json:"started"`
	Ended   time.Time `json:"ended"`
	Verdict Verdict   `json:"verdict"`
	Levels  []Level   `json:"levels"`
	Reqs    []Req     `json:"requirements"`
	Plan    Plan      `json:"plan"`
	Cleanup Cleanup   `json:"cleanup"`
	// Interrupted says the run was stopped before its end (its results are partial).
	Interrupted bool       `json:"interrupted"`
	Runs        []Scenario `json:"-"`
	// Scenarios is Runs as conformance.json shows them.
	Scenarios []ScenarioJSON `json:"scenarios"`
}

// Target says what was tested, without credentials.
type Target struct {
	Name     string `json:"name"`
	Endpoint string `json:"endpoint"`
	Profile  string `json:"profile"`
}

// Suite says what tested it.
type Suite struct {
	Version       string `json:"version"`
	OpenAPISHA256 string `json:"openapi_sha256"`
	// Level is the selection of the run: core, extended or all.
	Level       string `json:"level"`
	Tags        string `json:"tags,omitempty"`
	ReadOnly    bool   `json:"read_only"`
	Concurrency int    `json:"concurrency"`
}

// Plan is what the selected scenarios create on a conformant target.
type Plan struct {
	Scenarios int `json:"scenarios"`
	Instances int `json:"protected_instances"`
	AtMost    int `json:"protected_instances_at_most"`
	KeyPairs  int `json:"key_pairs"`
}

// Cleanup is what the sweeps removed and what was still there after them.
type Cleanup struct {
	SweptAtStart []string `json:"swept_at_start"`
	SweptAtEnd   []string `json:"swept_at_end"`
	Leaked       []string `json:"leaked"`
	Errors       []string `json:"errors,omitempty"`
}

// Level is the verdict of one level (core or extended) over its scenarios.
type Level struct {
	Name     string  `json:"name"`
	Selected bool    `json:"selected"`
	Verdict  Verdict `json:"verdict"`
	Passed   int     `json:"passed"`
	Failed   int     `json:"failed"`
	Skipped  int     `json:"skipped"`
	Errored  int     `json:"error"`
	// Unverified lists the requirements whose scenarios were all skipped.
	Unverified []string `json:"unverified,omitempty"`
	// NotSelected lists the requirements of the level that the run's selection
	// (read-only mode, -tags) left out: the level passed, but only in part.
	NotSelected []string `json:"not_selected,omitempty"`
}

// Req is the verdict of one requirement of the catalogue.
type Req struct {
	ID        string        `json:"id"`
	Level     string        `json:"level"`
	Title     string        `json:"title"`
	Statement string        `json:"statement"`
	Source    string        `json:"source"`
	Verdict   string        `json:"verdict"`
	Note      string        `json:"note,omitempty"`
	Scenarios []ScenarioRef `json:"scenarios"`
}

// ScenarioRef names a scenario behind a requirement and its outcome.
type ScenarioRef struct {
	Name     string `json:"name"`
	Location string `json:"location"`
	Status   Status `json:"status"`
}

// ScenarioJSON is one scenario in conformance.json.
type ScenarioJSON struct {
	Name       string   `json:"name"`
	Location   string   `json:"location"`
	Feature    string   `json:"feature"`
	Tags       []string `json:"tags"`
	Status     Status   `json:"status"`
	DurationMS int64    `json:"duration_ms"`
	Message    string   `json:"message,omitempty"`
}

// LevelOf returns the level tag of a scenario (core or extended), or "".
func LevelOf(tags []string) string {
	core, ext := slices.Contains(tags, "@core"), slices.Contains(tags, "@extended")
	switch {
	case core && !ext:
		return "core"
	case ext && !core:
		return "extended"
	}
	return ""
}

// Levels computes the verdict of each level over the scenarios tagged with it
// and the requirements of that level: not conformant when a scenario failed;
// could not test when one could not test the target; incomplete when a selected
// requirement could not be verified (all its scenarios were skipped, for what
// the world lacks); partial when the selection left some of its requirements
// out; conformant otherwise. A level of which nothing ran (not selected, or no
// scenario matched the tags) is "not run", not a failure.
func Levels(list []Scenario, reqs []Req) []Level {
	var out []Level
	for _, name := range []string{"core", "extended"} {
		var mine []Scenario
		for _, s := range list {
			if LevelOf(s.Tags) == name {
				mine = append(mine, s)
			}
		}
		c := Tally(mine)
		l := Level{Name: name, Selected: len(mine) > 0, Passed: c.Passed, Failed: c.Failed, Skipped: c.Skipped, Errored: c.Errored, Verdict: c.Verdict()}
		switch {
		case !l.Selected:
			l.Verdict = NotRun
		case l.Verdict == Conformant || l.Verdict == Inconclusive && c.Errored == 0:
			l.Verdict = Conformant
			for _, r := range reqs {
				if r.Level != name || r.Verdict != "skip" {
					continue
				}
				if len(r.Scenarios) > 0 {
					l.Unverified = append(l.Unverified, r.ID)
				} else {
					l.NotSelected = append(l.NotSelected, r.ID)
				}
			}
			switch {
			case len(l.Unverified) > 0:
				l.Verdict = Incomplete
			case len(l.NotSelected) > 0:
				l.Verdict = Partial
			}
		}
		out = append(out, l)
	}
	return out
}

// Overall is the verdict of a run: the worst of its levels' verdicts.
func Overall(levels []Level) Verdict {
	worst := NotRun
	rank := map[Verdict]int{NotRun: 0, Conformant: 1, Partial: 2, Incomplete: 3, Inconclusive: 4, NotConformant: 5}
	for _, l := range levels {
		if rank[l.Verdict] > rank[worst] {
			worst = l.Verdict
		}
	}
	return worst
}

// Fill derives the scenario list of conformance.json from Runs.
func (d *Document) Fill() {
	d.Format = Format
	for _, list := range []*[]string{&d.Cleanup.SweptAtStart, &d.Cleanup.SweptAtEnd, &d.Cleanup.Leaked} {
		if *list == nil {
			*list = []string{}
		}
	}
	d.Scenarios = nil
	for _, s := range d.Runs {
		tags := s.Tags
		if tags == nil {
			tags = []string{}
		}
		d.Scenarios = append(d.Scenarios, ScenarioJSON{
			Name: s.Name, Location: s.Location(), Feature: s.Feature, Tags: tags,
			Status: s.Status, DurationMS: s.Duration.Milliseconds(), Message: s.Message,
		})
	}
}

// WriteJSON writes conformance.json.
func (d *Document) WriteJSON(w io.Writer) error {
	d.Fill()
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}
