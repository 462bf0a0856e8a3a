package body_test

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/sdrs-conformance/sdrs-conformance/internal/body"
	"github.com/sdrs-conformance/sdrs-conformance/internal/lease"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
)

func testWorld() *profile.World {
	shared := func(id string) profile.Server {
		return profile.Server{ID: id, Name: id, Roles: []string{profile.RoleSharedDisk}, Disks: []profile.Disk{{ID: "disk-a", Shared: true}}}
	}
	return &profile.World{
		ProtectionGroups: []profile.Group{{ID: "g-1", Name: "pg", Status: "available"}},
		Servers: []profile.Server{
			{ID: "plain-1", Name: "plain-1", Roles: []string{profile.RolePlain}},
			{ID: "plain-2", Name: "plain-2", Roles: []string{profile.RolePlain}},
			{ID: "plain-3", Name: "plain-3", Roles: []string{profile.RolePlain}},
			{ID: "other-1", Name: "other-1", Roles: []string{profile.RoleOtherVPC}},
			shared("sh-1"), shared("sh-2"), shared("sh-3"),
		},
		Subnets:        []string{"subnet-1", "subnet-2"},
		Flavors:        []string{"flavor-1", "flavor-2"},
		DedicatedHosts: []string{"host-1", "host-2"},
	}
}

// leaseFor leases what the template needs from the world, as the steps do: the
// shared-disk placeholder asks for a set of the size the world has.
func leaseFor(t *testing.T, w *profile.World, tpl *body.Template) *lease.Lease {
	t.Helper()
	pool := lease.NewPool(*w)
	need := tpl.Needs()
	if need[lease.SharedDiskSet] > 0 {
		delete(need, lease.SharedDiskSet)
		sizes := pool.SetSizes()
		require.NotEmpty(t, sizes)
		need[lease.SetKind(sizes[0])] = 1
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel() // the pool is fresh: everything is free, so nothing must wait
	l, err := pool.Acquire(ctx, need)
	require.NoError(t, err)
	t.Cleanup(l.Release)
	return l
}

func TestNeeds(t *testing.T) {
	tests := []struct {
		name string
		text string
		want lease.Need
	}{
		{"no placeholders", `{"a":1}`, lease.Need{}},
		{"world-wide placeholders need nothing", `{{prefix}} {{group}} {{subnet}} {{flavor}} {{dedicated-host}}`, lease.Need{}},
		{"highest index of a role", `{{server:plain:2}} {{server:plain:1}} {{server:plain:2}}`, lease.Need{profile.RolePlain: 2}},
		{"index gaps count up to the highest", `{{server:plain:3}}`, lease.Need{profile.RolePlain: 3}},
		{"several roles", `{{server:plain:1}} {{server:other-vpc:2}} {{server:windows-keypair-missing:1}}`,
			lease.Need{profile.RolePlain: 1, profile.RoleOtherVPC: 2, profile.RoleWindowsKeyPairMissing: 1}},
		{"a shared-disk set, once whatever the index", `{{shared-disk:1}} {{shared-disk:3}} {{shared-disk:2}}`, lease.Need{lease.SharedDiskSet: 1}},
		{"malformed placeholders need nothing", `{{server:plain}} {{server:plain:x}} {server:plain:1}`, lease.Need{profile.RolePlain: 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, body.New(tt.text).Needs())
		})
	}
}

func TestRender(t *testing.T) {
	w := testWorld()
	tpl := body.New(`{
  "protected_instances": {
    "name_prefix": "{{prefix}}-pi",
    "server_group_id": "{{group}}",
    "primary_subnet_id": "{{subnet}}",
    "dedicated_host_id": "{{dedicated-host}}",
    "servers": [
      {"server_id": "{{server:plain:1}}", "flavorRef": "{{flavor}}"},
      {"server_id": "{{server:plain:2}}"},
      {"server_id": "{{server:other-vpc:1}}"},
      {"server_id": "{{shared-disk:1}}"},
      {"server_id": "{{shared-disk:3}}"}
    ]
  }
}`)
	require.NoError(t, tpl.Check())
	l := leaseFor(t, w, tpl)

	out, err := tpl.Render(body.Values{Prefix: "sc-42", Group: w.ProtectionGroups[0], Lease: l, World: w})
	require.NoError(t, err)
	require.True(t, json.Valid([]byte(out)), out)
	assert.NotContains(t, out, "{{")

	pi := gjson.Get(out, "protected_instances")
	assert.Equal(t, "sc-42-pi", pi.Get("name_prefix").String())
	assert.Equal(t, "g-1", pi.Get("server_group_id").String())
	assert.Equal(t, "subnet-1", pi.Get("primary_subnet_id").String())
	assert.Equal(t, "host-1", pi.Get("dedicated_host_id").String())
	assert.Equal(t, "flavor-1", pi.Get("servers.0.flavorRef").String())

	plain := l.Servers(profile.RolePlain)
	require.Len(t, plain, 2)
	assert.Equal(t, plain[0], pi.Get("servers.0.server_id").String())
	assert.Equal(t, plain[1], pi.Get("servers.1.server_id").String())
	assert.NotEqual(t, plain[0], plain[1])
	assert.Equal(t, "other-1", pi.Get("servers.2.server_id").String())
	sets := l.Sets()
	require.Len(t, sets, 1)
	assert.Equal(t, sets[0][0], pi.Get("servers.3.server_id").String())
	assert.Equal(t, sets[0][2], pi.Get("servers.4.server_id").String())
	assert.Equal(t, []string{"sh-1", "sh-2", "sh-3"}, sets[0])

	// Rendering does not change the template.
	assert.Contains(t, tpl.Text(), "{{server:plain:1}}")
}

func TestRenderNonJSONText(t *testing.T) {
	w := testWorld()
	tpl := body.New(`{"name_prefix": "{{prefix}}", broken`)
	out, err := tpl.Render(body.Values{Prefix: "p", World: w})
	require.NoError(t, err)
	assert.Equal(t, `{"name_prefix": "p", broken`, out)
}

func TestRenderFixture(t *testing.T) {
	data, err := os.ReadFile("../../fixtures/bodies/example.json")
	require.NoError(t, err)
	tpl := body.New(string(data))
	require.NoError(t, tpl.Check())
	assert.Equal(t, lease.Need{profile.RolePlain: 2}, tpl.Needs())

	w := testWorld()
	out, err := tpl.Render(body.Values{Prefix: "x", Group: w.ProtectionGroups[0], Lease: leaseFor(t, w, tpl), World: w})
	require.NoError(t, err)
	assert.True(t, json.Valid([]byte(out)))
	assert.NotContains(t, out, "{{")
}

func TestRenderLacking(t *testing.T) {
	tests := []struct {
		text string
		edit func(w *profile.World)
		want string
	}{
		{`{{subnet}}`, func(w *profile.World) { w.Subnets = nil }, "add subnets to the world"},
		{`{{flavor}}`, func(w *profile.World) { w.Flavors = nil }, "add flavors to the world"},
		{`{{dedicated-host}}`, func(w *profile.World) { w.DedicatedHosts = nil }, "add dedicated_hosts to the world"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			w := testWorld()
			tt.edit(w)
			_, err := body.New(`{"x":"` + tt.text + `"}`).Render(body.Values{World: w})
			require.Error(t, err)
			assert.ErrorIs(t, err, body.ErrLacking)
			assert.Contains(t, err.Error(), "placeholder "+tt.text)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestRenderSharedDiskWithoutSet(t *testing.T) {
	w := testWorld()
	plainOnly := body.New(`{{server:plain:1}}`)
	l := leaseFor(t, w, plainOnly)

	_, err := body.New(`{{shared-disk:1}}`).Render(body.Values{Lease: l, World: w})
	require.Error(t, err)
	assert.ErrorIs(t, err, body.ErrLacking, "no set was leased")

	withSet := body.New(`{{shared-disk:1}}`)
	l = leaseFor(t, w, withSet)
	_, err = body.New(`{{shared-disk:4}}`).Render(body.Values{Lease: l, World: w})
	require.Error(t, err)
	assert.ErrorIs(t, err, body.ErrLacking, "the set has 3 servers")
	assert.Contains(t, err.Error(), "placeholder {{shared-disk:4}}")
	assert.Contains(t, err.Error(), "has no server 4")
}

func TestRenderServerNotLeased(t *testing.T) {
	w := testWorld()
	l := leaseFor(t, w, body.New(`{{server:plain:2}}`))
	for _, text := range []string{
		`{{server:plain:3}}`,
		`{{server:plain:0}}`,
		`{{server:other-vpc:1}}`,
		`{{server:plain}}`,
	} {
		t.Run(text, func(t *testing.T) {
			out, err := body.New(`"` + text + `"`).Render(body.Values{Lease: l, World: w})
			require.Error(t, err)
			assert.NotErrorIs(t, err, body.ErrLacking, "the world has the server; the scenario did not lease it")
			assert.Contains(t, err.Error(), "placeholder "+text)
			assert.Contains(t, err.Error(), "was not leased")
			assert.Equal(t, `""`, out, "the placeholder is replaced by nothing")
		})
	}
}

func TestRenderUnknownKind(t *testing.T) {
	_, err := body.New(`{{bogus}}`).Render(body.Values{World: testWorld()})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `unknown placeholder kind "bogus"`)
}

func TestRenderReportsTheFirstError(t *testing.T) {
	w := testWorld()
	w.Subnets, w.Flavors = nil, nil
	out, err := body.New(`{{prefix}} {{flavor}} {{subnet}}`).Render(body.Values{Prefix: "p", World: w})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "{{flavor}}")
	assert.NotContains(t, err.Error(), "{{subnet}}")
	assert.Equal(t, "p  ", out)
}

func TestCheck(t *testing.T) {
	tests := []struct {
		text string
		want string // "" when the template is fine
	}{
		{`{"a":1}`, ""},
		{`plain text, no placeholders`, ""},
		{`{{prefix}} {{group}} {{subnet}} {{flavor}} {{dedicated-host}} {{shared-disk:2}}`, ""},
		{`{{server:plain:1}} {{server:other-vpc:1}} {{server:protected:1}} {{server:shared-disk:1}} {{server:windows-keypair:1}} {{server:windows-keypair-missing:1}}`, ""},
		{`{{bogus}}`, "unknown placeholder {{bogus}}"},
		{`{{prefix}} {{subnets}}`, "unknown placeholder {{subnets}}"},
		{`{{server:gpu:1}}`, `placeholder {{server:gpu:1}} names unknown role "gpu"`},
		{`{{server}}`, `placeholder {{server}} names unknown role ""`},
		{`{{prefix}`, "a placeholder is malformed"},
		{`{{ prefix }}`, "a placeholder is malformed"},
		{`{{Prefix}}`, "a placeholder is malformed"},
		{`{{server:plain:x}}`, "a placeholder is malformed"},
		{`{{server:plain:1:2}}`, "a placeholder is malformed"},
		{`{{}}`, "a placeholder is malformed"},
		{`{{prefix}} and {{`, "a placeholder is malformed"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			err := body.New(tt.text).Check()
			if tt.want == "" {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
}

func TestCheckListsTheKnownNames(t *testing.T) {
	err := body.New(`{{bogus}}`).Check()
	require.Error(t, err)
	assert.Contains(t, err.Error(), strings.Join(body.Kinds, ", "))
	err = body.New(`{{server:gpu:1}}`).Check()
	require.Error(t, err)
	assert.Contains(t, err.Error(), strings.Join(profile.Roles, ", "))
}

const base = `{"protected_instances":{"name_prefix":"p","description":"d","servers":[{"server_id":"s1"}]}}`

func TestSet(t *testing.T) {
	tpl := body.New(base)
	require.NoError(t, tpl.Set("protected_instances.servers.-1", `{"server_id":"{{server:plain:2}}"}`))
	require.NoError(t, tpl.Set("protected_instances.servers.-1", `{"server_id":"s3"}`))
	servers := gjson.Get(tpl.Text(), "protected_instances.servers.#.server_id").Array()
	require.Len(t, servers, 3)
	assert.Equal(t, "s1", servers[0].String())
	assert.Equal(t, "{{server:plain:2}}", servers[1].String())
	assert.Equal(t, "s3", servers[2].String())
	assert.Equal(t, lease.Need{profile.RolePlain: 2}, tpl.Needs(), "an added placeholder is a need")

	require.NoError(t, tpl.Set("protected_instances.servers.0.server_id", `null`))
	assert.Equal(t, gjson.Null, gjson.Get(tpl.Text(), "protected_instances.servers.0.server_id").Type)
	require.NoError(t, tpl.Set("protected_instances.tags", `[{"key":"k","value":"v"}]`))
	assert.Equal(t, "v", gjson.Get(tpl.Text(), "protected_instances.tags.0.value").String())
	assert.True(t, json.Valid([]byte(tpl.Text())))
}

func TestSetString(t *testing.T) {
	tpl := body.New(base)
	value := `it's "quoted" \ and {{not-a-placeholder-any-more}}` + "\n"
	require.NoError(t, tpl.SetString("protected_instances.description", value))
	assert.Equal(t, value, gjson.Get(tpl.Text(), "protected_instances.description").String())
	require.NoError(t, tpl.SetString("protected_instances.name_prefix", "123"))
	assert.Equal(t, gjson.String, gjson.Get(tpl.Text(), "protected_instances.name_prefix").Type, "a string, not a number")
	require.NoError(t, tpl.SetString("protected_instances.new_key", "v"))
	assert.Equal(t, "v", gjson.Get(tpl.Text(), "protected_instances.new_key").String())
	assert.True(t, json.Valid([]byte(tpl.Text())))
}

func TestDelete(t *testing.T) {
	tpl := body.New(base)
	require.NoError(t, tpl.Delete("protected_instances.description"))
	assert.False(t, gjson.Get(tpl.Text(), "protected_instances.description").Exists())
	assert.Equal(t, "p", gjson.Get(tpl.Text(), "protected_instances.name_prefix").String())
	require.NoError(t, tpl.Delete("protected_instances.servers.0"))
	assert.Equal(t, int64(0), gjson.Get(tpl.Text(), "protected_instances.servers.#").Int())
	require.NoError(t, tpl.Delete("protected_instances.absent"), "deleting what is not there is not an error")
	assert.True(t, json.Valid([]byte(tpl.Text())))
}

func TestEditErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(tpl *body.Template) error
		want string
	}{
		{"set an array element by name", func(tpl *body.Template) error {
			return tpl.Set("protected_instances.servers.name", `1`)
		}, "set protected_instances.servers.name in the request body"},
		{"set a string at a named key of an array", func(tpl *body.Template) error {
			return tpl.SetString("protected_instances.servers.x", "v")
		}, "set protected_instances.servers.x in the request body"},
		{"delete with a wildcard", func(tpl *body.Template) error {
			return tpl.Delete("protected_instances.*")
		}, `path "protected_instances.*": write a dotted path`},
		{"set with a query path", func(tpl *body.Template) error {
			return tpl.Set("protected_instances.servers.#(server_id==x).flavorRef", `"f"`)
		}, "write a dotted path"},
		{"edit a body that is not JSON", func(tpl *body.Template) error {
			bad := body.New(`{"protected_instances": {`)
			return bad.SetString("protected_instances.name_prefix", "x")
		}, "the request body is not JSON"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tpl := body.New(base)
			err := tt.edit(tpl)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
			assert.Equal(t, base, tpl.Text(), "a failed edit leaves the template as it was")
		})
	}
}
