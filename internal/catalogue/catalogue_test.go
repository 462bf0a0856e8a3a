package catalogue_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdrs-conformance/sdrs-conformance/internal/catalogue"
	"github.com/sdrs-conformance/sdrs-conformance/internal/features"
	"github.com/sdrs-conformance/sdrs-conformance/internal/report"
)

const small = `
requirements:
  - {id: BC-001, level: core, title: Prefix length, statement: s, source: page}
  - {id: BC-002, level: core, title: Scale-in, statement: s, source: page,
     untestable: {reason: needs AS, verify_with: the AS API}}
  - {id: BX-001, level: extended, title: Code 0202, statement: s, source: facts}
`

func parse(t *testing.T, yaml string) *catalogue.Catalogue {
	t.Helper()
	c, err := catalogue.Parse([]byte(yaml))
	require.NoError(t, err)
	return c
}

func feature(t *testing.T, text string) []features.Feature {
	t.Helper()
	f, err := features.Parse("features/x.feature", []byte(text))
	require.NoError(t, err)
	return []features.Feature{f}
}

func TestParseRejectsABadCatalogue(t *testing.T) {
	for name, tc := range map[string]struct{ yaml, want string }{
		"bad id":            {`requirements: [{id: R1, level: core, title: t, statement: s, source: p}]`, "id must look like"},
		"id twice":          {`requirements: [{id: BC-001, level: core, title: t, statement: s, source: p}, {id: BC-001, level: core, title: t, statement: s, source: p}]`, "used twice"},
		"unknown level":     {`requirements: [{id: BC-001, level: gold, title: t, statement: s, source: p}]`, "must be core or extended"},
		"level and id":      {`requirements: [{id: BC-001, level: extended, title: t, statement: s, source: p}]`, "core ids start with BC-"},
		"missing statement": {`requirements: [{id: BC-001, level: core, title: t, source: p}]`, "are required"},
		"untestable reason": {`requirements: [{id: BC-001, level: core, title: t, statement: s, source: p, untestable: {reason: r}}]`, "needs a reason and verify_with"},
		"unknown key":       {`requirements: [{id: BC-001, level: core, title: t, statement: s, source: p, owner: me}]`, "field owner not found"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := catalogue.Parse([]byte(tc.yaml))
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func TestGate(t *testing.T) {
	c := parse(t, small)
	good := feature(t, `Feature: x
  @core @BC-001
  Scenario: a
    Given x

  Scenario Outline: b <n>
    Given x
    @extended @BX-001 @BC-001
    Examples:
      | n |
      | 1 |
`)
	assert.Empty(t, c.Gate(good))

	cases := map[string]struct{ feature, want string }{
		"a requirement without a scenario": {`Feature: x
  @extended @BX-001
  Scenario: a
    Given x
`, "requirement BC-001 (Prefix length) has no scenario and no untestable reason"},
		"a scenario without a requirement": {`Feature: x
  @core
  Scenario: lonely
    Given x
`, `features/x.feature:3 "lonely" names no requirement`},
		"an unknown requirement": {`Feature: x
  @core @BC-001 @BC-999
  Scenario: a
    Given x
`, "names @BC-999, which is not in the requirement catalogue"},
		"a core tag on an extended requirement": {`Feature: x
  @core @BC-001 @BX-001
  Scenario: a
    Given x
`, "must be tagged @extended"},
		"no level tag": {`Feature: x
  @BC-001
  Scenario: a
    Given x
`, "must be tagged @core"},
		"a scenario for an untestable requirement": {`Feature: x
  @core @BC-001 @BC-002
  Scenario: a
    Given x
`, "marks untestable"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			var msgs []string
			for _, e := range c.Gate(feature(t, tc.feature)) {
				msgs = append(msgs, e.Error())
			}
			assert.Contains(t, strings.Join(msgs, "\n"), tc.want)
		})
	}
}

func TestResults(t *testing.T) {
	c := parse(t, small+`  - {id: BX-002, level: extended, title: Not run, statement: s, source: facts}
  - {id: BX-003, level: extended, title: Skipped, statement: s, source: facts}
  - {id: BX-004, level: extended, title: Error, statement: s, source: facts}
`)
	outcomes := []report.Scenario{
		{Name: "ok", URI: "f", Line: 2, Tags: []string{"@BC-001"}, Status: report.Passed},
		{Name: "bad", URI: "f", Line: 1, Tags: []string{"@BC-001", "@BX-001"}, Status: report.Failed},
		{Name: "pass too", URI: "f", Line: 3, Tags: []string{"@BX-001"}, Status: report.Passed},
		{Name: "lacks", URI: "f", Line: 4, Tags: []string{"@BX-003"}, Status: report.Skipped, Message: "the world lacks a group"},
		{Name: "down", URI: "f", Line: 5, Tags: []string{"@BX-004"}, Status: report.Errored},
	}
	verdicts := map[string]report.Req{}
	for _, r := range c.Results(outcomes) {
		verdicts[r.ID] = r
	}
	assert.Equal(t, "fail", verdicts["BC-001"].Verdict, "one failing scenario fails the requirement")
	assert.Equal(t, []report.ScenarioRef{{Name: "bad", Location: "f:1", Status: report.Failed}, {Name: "ok", Location: "f:2", Status: report.Passed}}, verdicts["BC-001"].Scenarios)
	assert.Equal(t, "untestable", verdicts["BC-002"].Verdict)
	assert.Contains(t, verdicts["BC-002"].Note, "the AS API")
	assert.Equal(t, "fail", verdicts["BX-001"].Verdict)
	assert.Equal(t, "skip", verdicts["BX-002"].Verdict)
	assert.Equal(t, "not selected in this run", verdicts["BX-002"].Note)
	assert.Equal(t, "skip", verdicts["BX-003"].Verdict)
	assert.Equal(t, "the world lacks a group", verdicts["BX-003"].Note)
	assert.Equal(t, "error", verdicts["BX-004"].Verdict)
}
