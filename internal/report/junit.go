package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
)

// WriteJUnit writes junit.xml: a testsuite per feature and a testcase per
// scenario, with a failure for non-conformance, an error for what could not be
// tested, and skipped with the reason.
func WriteJUnit(w io.Writer, d *Document) error {
	type result struct {
		Message string `xml:"message,attr"`
		Type    string `xml:"type,attr,omitempty"`
		Text    string `xml:",chardata"`
	}
	type testcase struct {
		Name      string  `xml:"name,attr"`
		Classname string  `xml:"classname,attr"`
		Time      string  `xml:"time,attr"`
		Failure   *result `xml:"failure,omitempty"`
		Error     *result `xml:"error,omitempty"`
		Skipped   *result `xml:"skipped,omitempty"`
	}
	type testsuite struct {
		Name     string     `xml:"name,attr"`
		Tests    int        `xml:"tests,attr"`
		Failures int        `xml:"failures,attr"`
		Errors   int        `xml:"errors,attr"`
		Skipped  int        `xml:"skipped,attr"`
		Time     string     `xml:"time,attr"`
		Cases    []testcase `xml:"testcase"`
	}
	type testsuites struct {
		XMLName  xml.Name    `xml:"testsuites"`
		Name     string      `xml:"name,attr"`
		Tests    int         `xml:"tests,attr"`
		Failures int         `xml:"failures,attr"`
		Errors   int         `xml:"errors,attr"`
		Skipped  int         `xml:"skipped,attr"`
		Time     string      `xml:"time,attr"`
		Suites   []testsuite `xml:"testsuite"`
	}
	seconds := func(d float64) string { return fmt.Sprintf("%.3f", d) }
	all := testsuites{Name: "sdrs-batch-create: " + d.Target.Name, Time: seconds(d.Ended.Sub(d.Started).Seconds())}
	index := map[string]int{}
	var suiteTime []float64
	for _, s := range d.Runs {
		i, seen := index[s.URI]
		if !seen {
			i = len(all.Suites)
			index[s.URI] = i
			all.Suites = append(all.Suites, testsuite{Name: s.Feature})
			suiteTime = append(suiteTime, 0)
		}
		suiteTime[i] += s.Duration.Seconds()
		suite := &all.Suites[i]
		c := testcase{Name: s.Name, Classname: s.Location(), Time: seconds(s.Duration.Seconds())}
		first, _, _ := strings.Cut(s.Message, "\n")
		switch s.Status {
		case Failed:
			c.Failure = &result{Message: first, Type: "not conformant", Text: s.Message}
			suite.Failures++
		case Errored:
			c.Error = &result{Message: first, Type: "could not test", Text: s.Message}
			suite.Errors++
		case Skipped:
			c.Skipped = &result{Message: first}
			suite.Skipped++
		}
		suite.Tests++
		suite.Cases = append(suite.Cases, c)
	}
	for i := range all.Suites {
		s := &all.Suites[i]
		s.Time = seconds(suiteTime[i])
		all.Tests += s.Tests
		all.Failures += s.Failures
		all.Errors += s.Errors
		all.Skipped += s.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(all); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
