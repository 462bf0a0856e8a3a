// Package features reads the Gherkin files the way godog runs them (as pickles:
// one per scenario and per Examples row), for reports and for the gates that check
// every scenario against the requirement catalogue.
package features

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"

	gherkin "github.com/cucumber/gherkin/go/v42"
	messages "github.com/cucumber/messages/go/v34"
)

// Feature is one .feature file.
type Feature struct {
	URI       string
	Name      string
	Scenarios []Scenario
}

// Scenario is one runnable scenario (a pickle).
type Scenario struct {
	Name string
	Tags []string
	// Line is where the scenario, or its Examples row, is in the file.
	Line int
}

// Load parses every .feature file under dir in fsys, in file-name order.
func Load(fsys fs.FS, dir string) ([]Feature, error) {
	var paths []string
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && path.Ext(p) == ".feature" {
			paths = append(paths, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list features in %s: %w", dir, err)
	}
	sort.Strings(paths)
	var out []Feature
	for _, p := range paths {
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			return nil, err
		}
		f, err := Parse(p, data)
		if err != nil {
			return nil, err
		}
		out = append(out, f)
	}
	return out, nil
}

// Parse reads one feature file.
func Parse(uri string, data []byte) (Feature, error) {
	ids := &messages.Incrementing{}
	doc, err := gherkin.ParseGherkinDocument(bytes.NewReader(data), ids.NewId)
	if err != nil {
		return Feature{}, fmt.Errorf("parse %s: %w", uri, err)
	}
	if doc.Feature == nil {
		return Feature{}, fmt.Errorf("parse %s: no Feature", uri)
	}
	lines := nodeLines(doc.Feature)
	f := Feature{URI: uri, Name: doc.Feature.Name}
	for _, p := range gherkin.Pickles(*doc, uri, ids.NewId) {
		s := Scenario{Name: p.Name}
		for _, t := range p.Tags {
			s.Tags = append(s.Tags, t.Name)
		}
		// The last AST node of a pickle is its Examples row, when it has one.
		s.Line = lines[p.AstNodeIds[len(p.AstNodeIds)-1]]
		f.Scenarios = append(f.Scenarios, s)
	}
	return f, nil
}

// nodeLines maps AST node ids of scenarios and example rows to their lines.
func nodeLines(f *messages.Feature) map[string]int {
	lines := map[string]int{}
	addScenario := func(sc *messages.Scenario) {
		lines[sc.Id] = int(sc.Location.Line)
		for _, ex := range sc.Examples {
			for _, row := range ex.TableBody {
				lines[row.Id] = int(row.Location.Line)
			}
		}
	}
	for _, child := range f.Children {
		if child.Scenario != nil {
			addScenario(child.Scenario)
		}
		if child.Rule != nil {
			for _, rc := range child.Rule.Children {
				if rc.Scenario != nil {
					addScenario(rc.Scenario)
				}
			}
		}
	}
	return lines
}

// Location is "uri:line", the form godog accepts to run one scenario.
func (s Scenario) Location(uri string) string { return uri + ":" + strconv.Itoa(s.Line) }
