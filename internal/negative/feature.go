package negative

import (
	"fmt"
	"sort"
	"strings"

	"github.com/sdrs-conformance/sdrs-conformance/internal/catalogue"
	"github.com/sdrs-conformance/sdrs-conformance/internal/contract"
)

// FeatureFile is where the generated feature lives, relative to the repository root.
const FeatureFile = "features/generated_cases.feature"

// titles names the Examples block of each requirement.
type titles func(id string) string

// Feature renders the cases as a Gherkin feature: one Scenario Outline whose
// Examples blocks group the cases by requirement, tagged with it and its level.
func Feature(cases []Case, title titles, seed uint64) string {
	// One Examples block per requirement, and per whether the cases create
	// nothing on a conformant target (rejected: tagged @readonly).
	type block struct {
		requirement string
		readOnly    bool
	}
	byBlock := map[block][]Case{}
	for _, c := range cases {
		b := block{c.Requirement, c.Verdict == Rejected}
		byBlock[b] = append(byBlock[b], c)
		if c.Verdict == Rejected && !c.WellFormed {
			strict := block{SchemaRequirement, true}
			c.Verdict = RejectedAtOnce
			byBlock[strict] = append(byBlock[strict], c)
		}
	}
	blocks := make([]block, 0, len(byBlock))
	for b := range byBlock {
		blocks = append(blocks, b)
	}
	sort.Slice(blocks, func(i, j int) bool {
		if blocks[i].requirement != blocks[j].requirement {
			return blocks[i].requirement < blocks[j].requirement
		}
		return !blocks[i].readOnly && blocks[j].readOnly
	})
	var b strings.Builder
	fmt.Fprintf(&b, `# Code generated from openapi.yaml by "make generate" (seed %d). DO NOT EDIT.
# Each case is the valid base body with one change; "the generated case" step
# rebuilds the body from openapi.yaml when the suite runs, so this file only names
# the cases: a test fails when it is out of date.
@generated
Feature: Cases generated from openapi.yaml
  For every field of the batch-create body in openapi.yaml: one value under and one
  over each length boundary and at it, each pattern broken, each type wrong, each
  required field missing, nulls, arrays over maxItems (servers: the target's limit),
  references to nothing, and the valid counterparts. The x-requirements of
  openapi.yaml trace each constraint to its requirement; a constraint with none is
  only checked for robustness: never a server error. At the extended level every
  body that breaks a traced constraint is refused again, this time at once with
  HTTP 400.

  Scenario Outline: <case>: <change> is <verdict>
    Given the generated case "<case>"
    When the batch is sent
    Then the batch is <verdict>
`, seed)
	for _, blk := range blocks {
		id := blk.requirement
		level := "core"
		if strings.HasPrefix(id, "BX-") {
			level = "extended"
		}
		tags, kind := "", "may create"
		if blk.readOnly {
			tags, kind = " @readonly", "refused"
		}
		fmt.Fprintf(&b, "\n    @%s @%s%s\n    Examples: %s %s (%s)\n", level, id, tags, id, cell(title(id)), kind)
		rows := [][3]string{{"case", "change", "verdict"}}
		for _, c := range byBlock[blk] {
			rows = append(rows, [3]string{c.ID, c.Change, c.Verdict})
		}
		width := [3]int{}
		for _, r := range rows {
			for i, v := range r {
				width[i] = max(width[i], len([]rune(cell(v))))
			}
		}
		for _, r := range rows {
			b.WriteString("      |")
			for i, v := range r {
				v = cell(v)
				fmt.Fprintf(&b, " %s%s |", v, strings.Repeat(" ", width[i]-len([]rune(v))))
			}
			b.WriteString("\n")
		}
	}
	return b.String()
}

// cell escapes a table cell the way Gherkin reads it back.
func cell(s string) string {
	return strings.NewReplacer(`\`, `\\`, "|", `\|`, "\n", `\n`).Replace(s)
}

// Render generates the feature file's text from openapi.yaml and
// features/requirements.yaml, read with read (paths from the repository root).
func Render(read func(string) ([]byte, error)) (string, error) {
	spec, err := read("openapi.yaml")
	if err != nil {
		return "", err
	}
	con, err := contract.Load(spec)
	if err != nil {
		return "", err
	}
	cases, err := Generate(con.Doc(), Options{Seed: DefaultSeed, ServersPerBatch: 5})
	if err != nil {
		return "", err
	}
	data, err := read("features/requirements.yaml")
	if err != nil {
		return "", err
	}
	cat, err := catalogue.Parse(data)
	if err != nil {
		return "", err
	}
	return Feature(cases, func(id string) string {
		if r, ok := cat.Get(id); ok {
			return r.Title
		}
		return "(not in the catalogue)"
	}, DefaultSeed), nil
}
