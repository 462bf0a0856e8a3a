// Package body builds batch-create request bodies from templates. A template is
// JSON (or, for malformed-input scenarios, any text) with placeholders that name
// world resources by role; the placeholders say what a scenario must lease, and
// are replaced by the leased ids when the request is sent.
//
//	{{prefix}}                 the scenario's unique name prefix
//	{{group}}                  the scenario's protection group
//	{{server:ROLE:N}}          the Nth leased server of a role (plain, other-vpc, ...)
//	{{shared-disk:N}}          the Nth server of the leased set of servers sharing a disk
//	{{subnet}} {{flavor}} {{dedicated-host}}   the world's first subnet, flavor, dedicated host
package body

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/tidwall/gjson"
	"github.com/tidwall/sjson"

	"github.com/sdrs-conformance/sdrs-conformance/internal/lease"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
)

var placeholderRE = regexp.MustCompile(`\{\{([a-z-]+)(?::([a-z-]+))?(?::(\d+))?\}\}`)

// Template is a request body with placeholders.
type Template struct{ text string }

// New wraps template text.
func New(text string) *Template { return &Template{text: text} }

// Text returns the template as it is now.
func (t *Template) Text() string { return t.text }

// plainPath is a dotted path of names and indexes ("-1" appends to an array); the
// query syntax of sjson would silently change nothing, so it is refused.
var plainPath = regexp.MustCompile(`^[A-Za-z0-9_]+(\.([A-Za-z0-9_]+|-1))*$`)

func checkPath(path, text string) error {
	if !plainPath.MatchString(path) {
		return fmt.Errorf("path %q: write a dotted path of field names and indexes, such as protected_instances.servers.0.server_id", path)
	}
	if !gjson.Valid(text) {
		return fmt.Errorf("the request body is not JSON, so %s cannot be edited", path)
	}
	return nil
}

// Set replaces the value at a JSON path (e.g. "protected_instances.name_prefix")
// with raw JSON.
func (t *Template) Set(path, rawJSON string) error {
	if err := checkPath(path, t.text); err != nil {
		return err
	}
	out, err := sjson.SetRaw(t.text, path, rawJSON)
	if err != nil {
		return fmt.Errorf("set %s in the request body: %w", path, err)
	}
	t.text = out
	return nil
}

// SetString replaces the value at a JSON path with a string.
func (t *Template) SetString(path, value string) error {
	if err := checkPath(path, t.text); err != nil {
		return err
	}
	out, err := sjson.Set(t.text, path, value)
	if err != nil {
		return fmt.Errorf("set %s in the request body: %w", path, err)
	}
	t.text = out
	return nil
}

// Delete removes the value at a JSON path.
func (t *Template) Delete(path string) error {
	if err := checkPath(path, t.text); err != nil {
		return err
	}
	out, err := sjson.Delete(t.text, path)
	if err != nil {
		return fmt.Errorf("delete %s from the request body: %w", path, err)
	}
	t.text = out
	return nil
}

// Needs returns what the template makes a scenario lease.
func (t *Template) Needs() lease.Need {
	n := lease.Need{}
	for _, m := range placeholderRE.FindAllStringSubmatch(t.text, -1) {
		kind, role, index := m[1], m[2], atoi(m[3])
		switch kind {
		case "server":
			n[role] = max(n[role], index)
		case "shared-disk":
			n[lease.SharedDiskSet] = 1
		}
	}
	return n
}

// Values are what the placeholders resolve to.
type Values struct {
	Prefix string
	Group  profile.Group
	Lease  *lease.Lease
	World  *profile.World
}

// Render replaces every placeholder. It fails, naming the placeholder, when a
// value is missing (ErrLacking when the world has none of it).
func (t *Template) Render(v Values) (string, error) {
	var firstErr error
	out := placeholderRE.ReplaceAllStringFunc(t.text, func(ph string) string {
		val, err := v.resolve(placeholderRE.FindStringSubmatch(ph))
		if err != nil && firstErr == nil {
			firstErr = fmt.Errorf("placeholder %s: %w", ph, err)
		}
		return val
	})
	return out, firstErr
}

// ErrLacking says the world has no resource for a placeholder.
var ErrLacking = fmt.Errorf("the world has none")

func (v Values) resolve(m []string) (string, error) {
	kind, role, index := m[1], m[2], atoi(m[3])
	first := func(list []string, what string) (string, error) {
		if len(list) == 0 {
			return "", fmt.Errorf("%w: add %s to the world", ErrLacking, what)
		}
		return list[0], nil
	}
	switch kind {
	case "prefix":
		return v.Prefix, nil
	case "group":
		return v.Group.ID, nil
	case "server":
		ids := v.Lease.Servers(role)
		if index < 1 || index > len(ids) {
			return "", fmt.Errorf("server %d of role %s was not leased", index, role)
		}
		return ids[index-1], nil
	case "shared-disk":
		sets := v.Lease.Sets()
		if len(sets) == 0 || index < 1 || index > len(sets[0]) {
			return "", fmt.Errorf("%w: the leased set of servers sharing a disk has no server %d", ErrLacking, index)
		}
		return sets[0][index-1], nil
	case "subnet":
		return first(v.World.Subnets, "subnets")
	case "flavor":
		return first(v.World.Flavors, "flavors")
	case "dedicated-host":
		return first(v.World.DedicatedHosts, "dedicated_hosts")
	}
	return "", fmt.Errorf("unknown placeholder kind %q", kind)
}

// Kinds lists the placeholder kinds, for messages and documentation.
var Kinds = []string{"prefix", "group", "server", "shared-disk", "subnet", "flavor", "dedicated-host"}

// Check reports placeholders the template uses that do not exist, so a typo in a
// fixture is found when the fixture is read, not when it is sent.
func (t *Template) Check() error {
	for _, m := range placeholderRE.FindAllStringSubmatch(t.text, -1) {
		if !slices.Contains(Kinds, m[1]) {
			return fmt.Errorf("unknown placeholder %s; known kinds: %s", m[0], strings.Join(Kinds, ", "))
		}
		if m[1] == "server" && !slices.Contains(profile.Roles, m[2]) {
			return fmt.Errorf("placeholder %s names unknown role %q; roles: %s", m[0], m[2], strings.Join(profile.Roles, ", "))
		}
	}
	if strings.Count(t.text, "{{") != len(placeholderRE.FindAllString(t.text, -1)) {
		return fmt.Errorf("a placeholder is malformed; write {{kind}}, {{kind:N}} or {{server:ROLE:N}}")
	}
	return nil
}

func atoi(s string) int {
	n, _ := strconv.Atoi(s)
	return n
}
