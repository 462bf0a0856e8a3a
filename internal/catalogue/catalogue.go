// Package catalogue reads the requirement catalogue (features/requirements.yaml):
// every testable statement of the vendor page, and what the real service does
// beyond it, each with a stable id. Scenarios name the requirements they verify
// by tag (@BC-010); the gates here check that the two agree, and the verdicts
// here fold scenario outcomes into one verdict per requirement.
package catalogue

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/sdrs-conformance/sdrs-conformance/internal/features"
	"github.com/sdrs-conformance/sdrs-conformance/internal/report"
)

// Levels.
const (
	Core     = "core"     // what the vendor page itself states
	Extended = "extended" // what the real service does beyond the page
)

// Levels in order.
var Levels = []string{Core, Extended}

// idRE: BC-nnn for core requirements, BX-nnn for extended ones.
var idRE = regexp.MustCompile(`^B[CX]-\d{3}$`)

// tagRE finds requirement tags on scenarios.
var tagRE = regexp.MustCompile(`^@(B[CX]-\d{3})$`)

// Requirement is one entry of the catalogue.
type Requirement struct {
	ID        string `yaml:"id"`
	Level     string `yaml:"level"`
	Title     string `yaml:"title"`
	Statement string `yaml:"statement"`
	// Source says where the requirement comes from: a section of the vendor page
	// (core) or of the reference facts (extended).
	Source     string      `yaml:"source"`
	Untestable *Untestable `yaml:"untestable,omitempty"`
}

// Untestable explains why no scenario can verify a requirement.
type Untestable struct {
	Reason string `yaml:"reason"`
	// VerifyWith says what would verify it (another API, a manual check).
	VerifyWith string `yaml:"verify_with"`
}

// Catalogue is the whole file.
type Catalogue struct {
	Requirements []Requirement `yaml:"requirements"`
}

// Parse reads and checks the catalogue itself (ids, levels, fields).
func Parse(data []byte) (*Catalogue, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var c Catalogue
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("requirement catalogue: %w", err)
	}
	var errs []error
	seen := map[string]bool{}
	for i, r := range c.Requirements {
		where := fmt.Sprintf("requirement #%d (%s)", i+1, r.ID)
		switch {
		case !idRE.MatchString(r.ID):
			errs = append(errs, fmt.Errorf("%s: id must look like BC-001 (core) or BX-001 (extended)", where))
		case seen[r.ID]:
			errs = append(errs, fmt.Errorf("%s: id is used twice", where))
		}
		seen[r.ID] = true
		if !slices.Contains(Levels, r.Level) {
			errs = append(errs, fmt.Errorf("%s: level %q must be core or extended", where, r.Level))
		} else if (r.Level == Core) != strings.HasPrefix(r.ID, "BC-") {
			errs = append(errs, fmt.Errorf("%s: core ids start with BC-, extended ids with BX-", where))
		}
		if strings.TrimSpace(r.Title) == "" || strings.TrimSpace(r.Statement) == "" || strings.TrimSpace(r.Source) == "" {
			errs = append(errs, fmt.Errorf("%s: title, statement and source are required", where))
		}
		if r.Untestable != nil && (strings.TrimSpace(r.Untestable.Reason) == "" || strings.TrimSpace(r.Untestable.VerifyWith) == "") {
			errs = append(errs, fmt.Errorf("%s: an untestable requirement needs a reason and verify_with", where))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, fmt.Errorf("requirement catalogue: %w", err)
	}
	return &c, nil
}

// Get returns a requirement by id.
func (c *Catalogue) Get(id string) (Requirement, bool) {
	for _, r := range c.Requirements {
		if r.ID == id {
			return r, true
		}
	}
	return Requirement{}, false
}

// RequirementTags returns the requirement ids a scenario's tags name.
func RequirementTags(tags []string) []string {
	var ids []string
	for _, t := range tags {
		if m := tagRE.FindStringSubmatch(t); m != nil {
			ids = append(ids, m[1])
		}
	}
	return ids
}

// Gate checks the features against the catalogue: every requirement has a
// scenario or an untestable reason, every scenario names at least one requirement
// and only known ones, and its level tag agrees with the requirements it verifies
// (@core only for core requirements; @extended when any is extended).
func (c *Catalogue) Gate(feats []features.Feature) []error {
	var errs []error
	covered := map[string]bool{}
	for _, f := range feats {
		for _, s := range f.Scenarios {
			where := fmt.Sprintf("%s %q", s.Location(f.URI), s.Name)
			ids := RequirementTags(s.Tags)
			if len(ids) == 0 {
				errs = append(errs, fmt.Errorf("%s names no requirement; tag it with the id of what it verifies (e.g. @BC-010)", where))
			}
			wantLevel := Core
			for _, id := range ids {
				r, ok := c.Get(id)
				if !ok {
					errs = append(errs, fmt.Errorf("%s names @%s, which is not in the requirement catalogue", where, id))
					continue
				}
				covered[id] = true
				if r.Untestable != nil {
					errs = append(errs, fmt.Errorf("%s verifies %s, which the catalogue marks untestable; remove one or the other", where, id))
				}
				if r.Level == Extended {
					wantLevel = Extended
				}
			}
			if got := report.LevelOf(s.Tags); got != wantLevel && len(ids) > 0 {
				errs = append(errs, fmt.Errorf("%s must be tagged @%s (and not the other level): it verifies %s", where, wantLevel, strings.Join(ids, ", ")))
			}
		}
	}
	for _, r := range c.Requirements {
		if !covered[r.ID] && r.Untestable == nil {
			errs = append(errs, fmt.Errorf("requirement %s (%s) has no scenario and no untestable reason", r.ID, r.Title))
		}
	}
	return errs
}

// Verdicts of a requirement.
const (
	Pass       = "pass"
	Fail       = "fail"
	Skip       = "skip"
	Untested   = "untestable"
	ErrVerdict = "error"
)

// Results folds scenario outcomes into a verdict per requirement: any failed
// scenario fails it, else any error leaves it in error, else one pass passes it;
// a requirement whose scenarios were all skipped, or not run, is skipped.
func (c *Catalogue) Results(outcomes []report.Scenario) []report.Req {
	outcomes = slices.Clone(outcomes)
	report.SortScenarios(outcomes)
	by := map[string][]report.Scenario{}
	for _, o := range outcomes {
		for _, id := range RequirementTags(o.Tags) {
			by[id] = append(by[id], o)
		}
	}
	out := make([]report.Req, 0, len(c.Requirements))
	for _, r := range c.Requirements {
		res := report.Req{ID: r.ID, Level: r.Level, Title: r.Title, Statement: r.Statement, Source: r.Source, Scenarios: []report.ScenarioRef{}}
		for _, o := range by[r.ID] {
			res.Scenarios = append(res.Scenarios, report.ScenarioRef{Name: o.Name, Location: o.Location(), Status: o.Status})
		}
		counts := report.Tally(by[r.ID])
		switch {
		case r.Untestable != nil:
			res.Verdict, res.Note = Untested, r.Untestable.Reason+" Verify with: "+r.Untestable.VerifyWith
		case counts.Failed > 0:
			res.Verdict = Fail
		case counts.Errored > 0:
			res.Verdict = ErrVerdict
		case counts.Passed > 0:
			res.Verdict = Pass
		case counts.Skipped > 0:
			res.Verdict, res.Note = Skip, skipNote(by[r.ID])
		default:
			res.Verdict, res.Note = Skip, "not selected in this run"
		}
		out = append(out, res)
	}
	return out
}

func skipNote(list []report.Scenario) string {
	var reasons []string
	for _, s := range list {
		if s.Message != "" && !slices.Contains(reasons, s.Message) {
			reasons = append(reasons, s.Message)
		}
	}
	return strings.Join(reasons, "; ")
}
