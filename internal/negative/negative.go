// Package negative derives boundary and negative cases for the batch-create body
// from openapi.yaml: for every field, each string one under its minimum and one
// over its maximum length, each pattern broken, each type wrong, each required
// field missing, arrays over maxItems, nulls, unknown references, and the
// boundary-valid counterparts. The schema's x-requirements say which requirement
// each constraint implements, hence the expected verdict and the tracing; a
// constraint without one is only checked for robustness (never a 5xx).
//
// Generation is deterministic: a case's values depend only on the seed and the
// case's id, so adding a case never changes another.
package negative

import (
	"encoding/json"
	"fmt"
	"hash/fnv"
	"math/rand/v2"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/sdrs-conformance/sdrs-conformance/internal/body"
)

// Verdicts a case expects.
const (
	Accepted = "accepted"
	Rejected = "rejected"
	Robust   = "answered without a server error"
)

// RobustRequirement is where constraints without a requirement of their own trace to.
const RobustRequirement = "BC-040"

// At the extended level a body that breaks the schema is refused at once, as the
// real service does, where the core level also takes a job that fails: each such
// case runs again under SchemaRequirement with the verdict RejectedAtOnce.
const (
	SchemaRequirement = "BX-024"
	RejectedAtOnce    = "rejected at once with HTTP 400"
)

// DefaultSeed is the seed the committed feature file is generated with.
const DefaultSeed = 20261203

// Base is the valid body every case starts from.
const Base = `{"protected_instances":{"name_prefix":"{{prefix}}","server_group_id":"{{group}}","servers":[{"server_id":"{{server:plain:1}}"}]}}`

// Case is one generated body and what the target must do with it.
type Case struct {
	// ID is stable: the field and the constraint, e.g. GEN-name_prefix-maxLength+1.
	ID          string
	Field       string // e.g. "servers[].server_id"
	Change      string // what differs from the valid base body, for humans
	Verdict     string
	Requirement string
	// WellFormed cases satisfy the schema; what is wrong with them is that they
	// name nothing in the world (an unknown group, server, subnet, ...).
	WellFormed bool
	// Edits turn the base template into the case's body: sjson path -> raw JSON;
	// an empty value deletes the path.
	Edits []Edit
}

// Edit is one change to the base body.
type Edit struct {
	Path string
	Raw  string // raw JSON; "" deletes Path
}

// Apply makes the case's body from the base template.
func (c Case) Apply(t *body.Template) error {
	for _, e := range c.Edits {
		var err error
		if e.Raw == "" {
			err = t.Delete(e.Path)
		} else {
			err = t.Set(e.Path, e.Raw)
		}
		if err != nil {
			return fmt.Errorf("case %s: %w", c.ID, err)
		}
	}
	return nil
}

// Options tune generation.
type Options struct {
	Seed uint64
	// ServersPerBatch replaces the schema's maxItems of servers (the target's limit).
	ServersPerBatch int
}

// placeholders is what a field that refers to a world resource holds when valid.
var placeholders = map[string]string{
	"protection-group": "{{group}}",
	"subnet":           "{{subnet}}",
	"server":           "{{server:plain:1}}",
	"flavor":           "{{flavor}}",
	"dedicated-host":   "{{dedicated-host}}",
}

// unknownID names no resource of any world.
const unknownID = "00000000-0000-4000-8000-00000000dead"

// Generate derives the cases from the BatchCreateRequest schema of doc.
func Generate(doc *openapi3.T, opts Options) ([]Case, error) {
	root := doc.Components.Schemas["BatchCreateRequest"]
	if root == nil || root.Value == nil {
		return nil, fmt.Errorf("openapi.yaml has no BatchCreateRequest schema")
	}
	if opts.Seed == 0 {
		opts.Seed = DefaultSeed
	}
	g := &generator{opts: opts}
	pi := root.Value.Properties["protected_instances"]
	if pi == nil || pi.Value == nil {
		return nil, fmt.Errorf("BatchCreateRequest has no protected_instances")
	}
	g.walk(field{path: "protected_instances", label: "protected_instances", required: true}, pi.Value)
	if len(g.errs) > 0 {
		return nil, fmt.Errorf("generate cases: %s", strings.Join(g.errs, "; "))
	}
	seen := map[string]bool{}
	for _, c := range g.cases {
		if seen[c.ID] {
			return nil, fmt.Errorf("generate cases: id %s is produced twice", c.ID)
		}
		seen[c.ID] = true
	}
	return g.cases, nil
}

type generator struct {
	opts  Options
	cases []Case
	errs  []string
}

// field is a place in the body.
type field struct {
	path     string // sjson path in the body
	label    string // for ids and messages, without "protected_instances."
	required bool
	setup    []Edit // edits that make the field's parent exist (e.g. a tag list)
}

func (g *generator) walk(f field, s *openapi3.Schema) {
	reqs := requirements(s)
	g.presence(f, s, reqs)
	g.types(f, s, reqs)
	switch {
	case s.Type.Is("string"):
		g.strings(f, s, reqs)
	case s.Type.Is("array"):
		g.arrays(f, s, reqs)
	case s.Type.Is("object"):
		names := make([]string, 0, len(s.Properties))
		for name := range s.Properties {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			child := s.Properties[name].Value
			label := f.label + "." + name
			if f.label == "protected_instances" {
				label = name
			}
			g.walk(field{path: f.path + "." + name, label: label, required: slices.Contains(s.Required, name), setup: f.setup}, child)
		}
	}
}

// add records a case named by id, for the constraint rule of x-requirements: the
// rule's requirement decides, or robustness when the schema ties the rule to none.
func (g *generator) add(f field, id, rule, change string, valid bool, reqs map[string]string, edits ...Edit) {
	req, traced := reqs[rule]
	verdict := Rejected
	switch {
	case valid && !traced:
		return // a valid value of an untraced constraint proves nothing
	case valid:
		verdict = Accepted
	case !traced:
		verdict, req = Robust, RobustRequirement
	}
	g.cases = append(g.cases, Case{
		ID:          "GEN-" + strings.ReplaceAll(f.label, ".", "-") + "-" + id,
		Field:       f.label,
		Change:      change,
		Verdict:     verdict,
		Requirement: req,
		Edits:       append(slices.Clone(f.setup), edits...),
	})
}

// presence: the field missing, and null.
func (g *generator) presence(f field, s *openapi3.Schema, reqs map[string]string) {
	if f.required {
		g.add(f, "missing", "required", f.label+" missing", false, reqs, Edit{Path: f.path})
	}
	if s.Nullable {
		return
	}
	rule := "null"
	if f.required {
		rule = "required" // null for a required field is a missing field
	}
	g.add(f, "null", rule, f.label+" null", false, reqs, Edit{Path: f.path, Raw: "null"})
}

// types: a value of each other JSON type.
func (g *generator) types(f field, s *openapi3.Schema, reqs map[string]string) {
	others := []struct{ kind, raw string }{
		{"string", `"x"`}, {"number", `12`}, {"boolean", `true`}, {"object", `{"a":"b"}`}, {"array", `["x"]`},
	}
	for _, o := range others {
		if s.Type.Is(o.kind) {
			continue
		}
		g.add(f, "type-"+o.kind, "type", fmt.Sprintf("%s as %s %s", f.label, article(o.kind), o.kind), false, reqs, Edit{Path: f.path, Raw: o.raw})
	}
}

func (g *generator) strings(f field, s *openapi3.Schema, reqs map[string]string) {
	rng := g.rng(f.label)
	alphabet, err := alphabetOf(s.Pattern)
	if err != nil {
		g.errs = append(g.errs, fmt.Sprintf("%s: %v", f.label, err))
		return
	}
	ref := refersTo(s)
	str := func(n int) string {
		b := make([]rune, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return string(b)
	}
	set := func(v string) Edit { return Edit{Path: f.path, Raw: jsonString(v)} }
	if s.MinLength > 0 {
		n := int(s.MinLength)
		g.add(f, "minLength-1", "minLength", fmt.Sprintf("%s of %s (minLength %d - 1)", f.label, characters(n-1), n), false, reqs, set(str(n-1)))
		if ref == "" {
			g.add(f, "minLength", "minLength", fmt.Sprintf("%s of %s (minLength)", f.label, characters(n)), true, reqs, set(str(n)))
		}
	}
	if s.MaxLength != nil {
		n := int(*s.MaxLength)
		g.add(f, "maxLength+1", "maxLength", fmt.Sprintf("%s of %d characters (maxLength %d + 1)", f.label, n+1, n), false, reqs, set(str(n+1)))
		if ref == "" {
			g.add(f, "maxLength", "maxLength", fmt.Sprintf("%s of %d characters (maxLength)", f.label, n), true, reqs, set(str(n)))
		}
	}
	if s.Pattern != "" {
		re := regexp.MustCompile(s.Pattern)
		good := str(min(8, maxLen(s)))
		for _, bad := range shuffled(rng, outsiders) {
			v := good[:len(good)/2] + string(bad) + good[len(good)/2:]
			if !re.MatchString(v) && fitsLength(s, v) {
				g.add(f, "pattern", "pattern", fmt.Sprintf("%s with %s, a character its pattern excludes", f.label, quoteRune(bad)), false, reqs, set(v))
				break
			}
		}
		if ref == "" {
			g.add(f, "pattern-valid", "pattern", fmt.Sprintf("%s of characters its pattern allows", f.label), true, reqs, set(good))
		}
	}
	for _, e := range s.Enum {
		v, isString := e.(string)
		if !isString {
			continue
		}
		g.add(f, "enum-"+v, "enum", fmt.Sprintf("%s %q, an allowed value", f.label, v), true, reqs, set(v))
	}
	if len(s.Enum) > 0 {
		g.add(f, "enum", "enum", fmt.Sprintf("%s not one of its allowed values", f.label), false, reqs, set("not-"+fmt.Sprint(s.Enum[0])))
	}
	if ref != "" {
		what := strings.ReplaceAll(ref, "-", " ")
		g.add(f, "unknown", "exists", fmt.Sprintf("%s naming no %s", f.label, what), false, reqs, set(unknownID))
		g.cases[len(g.cases)-1].WellFormed = true
		if ph, known := placeholders[ref]; known {
			rule := "valid"
			if _, traced := reqs[rule]; !traced {
				rule = "exists"
			}
			g.add(f, "existing", rule, fmt.Sprintf("%s naming an existing %s", f.label, what), true, reqs, set(ph))
		}
	}
}

func (g *generator) arrays(f field, s *openapi3.Schema, reqs map[string]string) {
	item := s.Items.Value
	factory := items[f.label]
	if factory == nil {
		g.errs = append(g.errs, fmt.Sprintf("%s: no valid item is known for this array", f.label))
		return
	}
	list := func(n int) Edit {
		elems := make([]string, n)
		for i := range elems {
			elems[i] = factory(i + 1)
		}
		return Edit{Path: f.path, Raw: "[" + strings.Join(elems, ",") + "]"}
	}
	if s.MinItems > 0 {
		n := int(s.MinItems)
		g.add(f, "minItems-1", "minItems", fmt.Sprintf("%s with no items (minItems %d - 1)", f.label, n), false, reqs, list(n-1))
		g.add(f, "minItems", "minItems", fmt.Sprintf("%s with %d item (minItems)", f.label, n), true, reqs, list(n))
	}
	if s.MaxItems != nil {
		n, what := int(*s.MaxItems), fmt.Sprintf("maxItems %d", *s.MaxItems)
		if f.label == "servers" && g.opts.ServersPerBatch > 0 {
			n, what = g.opts.ServersPerBatch, "the target's limit"
		}
		g.add(f, "maxItems+1", "maxItems", fmt.Sprintf("%s with one item more than %s", f.label, what), false, reqs, list(n+1))
		g.add(f, "maxItems", "maxItems", fmt.Sprintf("%s with as many items as %s", f.label, what), true, reqs, list(n))
	}
	// The item itself, at index 0 of a one-item list.
	setup := append(slices.Clone(f.setup), list(1))
	if f.label == "servers" {
		setup = slices.Clone(f.setup) // the base body already has one server
	}
	g.walk(field{path: f.path + ".0", label: f.label + "[]", required: false, setup: setup}, item)
}

// items makes the i-th valid item (1-based) of each array the body has.
var items = map[string]func(i int) string{
	"servers": func(i int) string { return fmt.Sprintf(`{"server_id":"{{server:plain:%d}}"}`, i) },
	"tags":    func(i int) string { return fmt.Sprintf(`{"key":"k%02d","value":"v%02d"}`, i, i) },
}

// outsiders are characters tried, in a seeded order, to break a pattern.
var outsiders = []rune{' ', '/', '<', '>', '*', '=', ',', '|', '\\', 'é', '\t', '中', '@', ':'}

// alphabetOf lists the characters a pattern allows one by one, among letters,
// digits and '.', '_', '-' (no space: a value of spaces only can be "blank").
func alphabetOf(pattern string) ([]rune, error) {
	candidates := []rune("ABCXYZabcxyz0189._-")
	if pattern == "" {
		return candidates, nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("pattern %q: %w", pattern, err)
	}
	var out []rune
	for _, r := range candidates {
		if re.MatchString(string(r)) {
			out = append(out, r)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("pattern %q allows none of %q", pattern, string(candidates))
	}
	return out, nil
}

func (g *generator) rng(label string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(label))
	return rand.New(rand.NewPCG(g.opts.Seed, h.Sum64()))
}

func shuffled(rng *rand.Rand, list []rune) []rune {
	out := slices.Clone(list)
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func requirements(s *openapi3.Schema) map[string]string {
	out := map[string]string{}
	if m, ok := s.Extensions["x-requirements"].(map[string]any); ok {
		for k, v := range m {
			out[k] = fmt.Sprint(v)
		}
	}
	return out
}

func refersTo(s *openapi3.Schema) string {
	v, _ := s.Extensions["x-refers-to"].(string)
	return v
}

func maxLen(s *openapi3.Schema) int {
	if s.MaxLength != nil {
		return int(*s.MaxLength)
	}
	return 64
}

func fitsLength(s *openapi3.Schema, v string) bool {
	n := len([]rune(v))
	return uint64(n) >= s.MinLength && (s.MaxLength == nil || uint64(n) <= *s.MaxLength)
}

func jsonString(v string) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// quoteRune shows a character as a reader writes it: '\' is one backslash.
func quoteRune(r rune) string {
	if unicode.IsPrint(r) && r != '\'' {
		return "'" + string(r) + "'"
	}
	return fmt.Sprintf("%q", r)
}

func characters(n int) string {
	if n == 1 {
		return "1 character"
	}
	return fmt.Sprintf("%d characters", n)
}

func article(kind string) string {
	if strings.ContainsRune("aeiou", rune(kind[0])) {
		return "an"
	}
	return "a"
}
