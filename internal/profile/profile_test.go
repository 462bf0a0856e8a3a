package profile_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
)

// doc is a profile as a YAML tree, so that each case edits only what it is about.
type doc = map[string]any

// validDoc returns a small profile that passes validation: it has one server of
// every role, a shared-disk set of two, and the key pairs the roles need.
func validDoc() doc {
	return doc{
		"name":       "t-1.x_y",
		"endpoint":   "https://sdrs.example.com",
		"project_id": "p1",
		"world": doc{
			"protection_groups": []any{
				doc{"id": "g-avail", "name": "pg-a", "status": "available", "source_vpc_id": "vpc-1"},
				doc{"id": "g-prot", "name": "pg-p", "status": "protected", "source_vpc_id": "vpc-1"},
			},
			"servers": []any{
				doc{"id": "s-plain", "name": "web", "roles": []any{"plain"}},
				doc{"id": "s-other", "name": "other", "roles": []any{"other-vpc"}, "vpc_id": "vpc-2"},
				doc{"id": "s-prot", "name": "legacy", "roles": []any{"protected"}, "protected_in": "g-avail"},
				doc{"id": "s-sh1", "name": "c1", "roles": []any{"shared-disk"}, "disks": []any{doc{"id": "d-sh", "shared": true}}},
				doc{"id": "s-sh2", "name": "c2", "roles": []any{"shared-disk"}, "disks": []any{doc{"id": "d-local"}, doc{"id": "d-sh", "shared": true}}},
				doc{"id": "s-win", "name": "win", "roles": []any{"windows-keypair"}, "os": "Windows", "key_name": "kp-win"},
				doc{"id": "s-gone", "name": "gone", "roles": []any{"windows-keypair-missing"}, "os": "Windows", "key_name": "kp-deleted"},
			},
			"key_pairs":       []any{"kp-win", "kp-linux"},
			"flavors":         []any{"f1"},
			"subnets":         []any{"sub1"},
			"dedicated_hosts": []any{"dh1"},
		},
	}
}

func marshal(t *testing.T, d doc) []byte {
	t.Helper()
	data, err := yaml.Marshal(d)
	require.NoError(t, err)
	return data
}

func world(d doc) doc { return d["world"].(doc) }

func servers(d doc) []any { return world(d)["servers"].([]any) }

// server returns the server with the given id in the tree.
func server(d doc, id string) doc {
	for _, s := range servers(d) {
		if s.(doc)["id"] == id {
			return s.(doc)
		}
	}
	panic("no server " + id)
}

func TestParseValidProfile(t *testing.T) {
	p, err := profile.Parse(marshal(t, validDoc()))
	require.NoError(t, err)
	assert.Equal(t, "t-1.x_y", p.Name)
	assert.Equal(t, "https://sdrs.example.com", p.Endpoint)
	assert.Equal(t, "p1", p.ProjectID)
	require.Len(t, p.World.Servers, 7)
	assert.Equal(t, []profile.Disk{{ID: "d-local"}, {ID: "d-sh", Shared: true}}, p.World.Servers[4].Disks)
	assert.Equal(t, []string{"kp-win", "kp-linux"}, p.World.KeyPairs)
	assert.Empty(t, p.Source, "Parse does not know where the data came from")
	assert.Empty(t, p.Overrides)
}

func TestParseDefaults(t *testing.T) {
	p, err := profile.Parse(marshal(t, validDoc()))
	require.NoError(t, err)
	assert.Equal(t, "token", p.Auth.Method)
	assert.Equal(t, 5, p.Limits.ServersPerBatch)
	assert.Equal(t, 30*time.Second, p.Timeouts.Request)
	assert.Equal(t, 10*time.Minute, p.Timeouts.Job)
	assert.Equal(t, time.Second, p.Timeouts.PollInitial)
	assert.Equal(t, 15*time.Second, p.Timeouts.PollMax)
	assert.Equal(t, 1, p.Run.Concurrency)
	assert.Equal(t, 150*time.Millisecond, p.Mock.JobDuration)
}

func TestParseKeepsExplicitValues(t *testing.T) {
	d := validDoc()
	d["auth"] = doc{"method": "token"}
	d["limits"] = doc{"servers_per_batch": 9}
	d["timeouts"] = doc{"request": "3s", "job": "2m", "poll_initial": "20ms", "poll_max": "1m30s"}
	d["run"] = doc{"concurrency": 7}
	d["mock"] = doc{"job_duration": "1s"}
	p, err := profile.Parse(marshal(t, d))
	require.NoError(t, err)
	assert.Equal(t, 9, p.Limits.ServersPerBatch)
	assert.Equal(t, 3*time.Second, p.Timeouts.Request)
	assert.Equal(t, 2*time.Minute, p.Timeouts.Job)
	assert.Equal(t, 20*time.Millisecond, p.Timeouts.PollInitial)
	assert.Equal(t, 90*time.Second, p.Timeouts.PollMax)
	assert.Equal(t, 7, p.Run.Concurrency)
	assert.Equal(t, time.Second, p.Mock.JobDuration)
}

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		name string
		edit func(d doc)
	}{
		{"embedded endpoint with a literal token", func(d doc) {
			d["endpoint"] = profile.Embedded
			d["auth"] = doc{"token": "mock-token"}
		}},
		{"http endpoint", func(d doc) { d["endpoint"] = "http://127.0.0.1:8080" }},
		{"endpoint with a trailing slash", func(d doc) { d["endpoint"] = "https://sdrs.example.com/" }},
		{"ecs_endpoint none", func(d doc) { d["ecs_endpoint"] = profile.NoECS }},
		{"ecs_endpoint empty", func(d doc) { d["ecs_endpoint"] = "" }},
		{"ecs_endpoint URL", func(d doc) { d["ecs_endpoint"] = "https://ecs.example.com" }},
		{"empty world", func(d doc) { delete(d, "world") }},
		{"server with several roles", func(d doc) {
			server(d, "s-plain")["roles"] = []any{"plain", "other-vpc"}
		}},
		{"shared-disk set of three", func(d doc) {
			w := world(d)
			w["servers"] = append(servers(d), doc{"id": "s-sh3", "name": "c3", "roles": []any{"shared-disk"}, "disks": []any{doc{"id": "d-sh", "shared": true}}})
		}},
		{"poll_max equal to poll_initial", func(d doc) {
			d["timeouts"] = doc{"poll_initial": "2s", "poll_max": "2s"}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := validDoc()
			tt.edit(d)
			_, err := profile.Parse(marshal(t, d))
			assert.NoError(t, err)
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		name string
		edit func(d doc)
		want []string // every string must be in the error
	}{
		{"name with upper case", func(d doc) { d["name"] = "Mock" }, []string{`name "Mock"`, "lowercase"}},
		{"name with a space", func(d doc) { d["name"] = "my target" }, []string{`name "my target"`}},
		{"name starting with a dash", func(d doc) { d["name"] = "-x" }, []string{`name "-x"`}},
		{"missing name", func(d doc) { delete(d, "name") }, []string{`name ""`}},
		{"missing endpoint", func(d doc) { delete(d, "endpoint") }, []string{`endpoint ""`, `http:// or https:// URL or "embedded"`}},
		{"endpoint without scheme", func(d doc) { d["endpoint"] = "sdrs.example.com" }, []string{`endpoint "sdrs.example.com"`}},
		{"endpoint with another scheme", func(d doc) { d["endpoint"] = "ftp://sdrs.example.com" }, []string{`endpoint "ftp://sdrs.example.com"`}},
		{"endpoint without host", func(d doc) { d["endpoint"] = "https://" }, []string{`endpoint "https://"`}},
		{"endpoint that does not parse", func(d doc) { d["endpoint"] = "http://[::1" }, []string{`endpoint "http://[::1"`}},
		{"endpoint with a path", func(d doc) { d["endpoint"] = "https://sdrs.example.com/v1" }, []string{`endpoint "https://sdrs.example.com/v1"`, "without a path"}},
		{"endpoint with a project path", func(d doc) { d["endpoint"] = "https://sdrs.example.com/v1/p1/" }, []string{"without a path"}},
		{"ecs_endpoint embedded", func(d doc) { d["ecs_endpoint"] = profile.Embedded }, []string{`ecs_endpoint "embedded"`, "http:// or https:// URL"}},
		{"ecs_endpoint with a path", func(d doc) { d["ecs_endpoint"] = "https://ecs.example.com/v1" }, []string{`ecs_endpoint "https://ecs.example.com/v1"`, "without a path"}},
		{"missing project_id", func(d doc) { delete(d, "project_id") }, []string{"project_id is missing"}},
		{"literal token on a real endpoint", func(d doc) { d["auth"] = doc{"token": "secret"} }, []string{"auth.token", "embedded mock", profile.EnvAuthToken}},
		{"unknown auth method", func(d doc) { d["auth"] = doc{"method": "kerberos"} }, []string{`auth.method "kerberos": use token or aksk`}},
		{"negative servers_per_batch", func(d doc) { d["limits"] = doc{"servers_per_batch": -1} }, []string{"limits.servers_per_batch must be at least 1, not -1"}},
		{"negative concurrency", func(d doc) { d["run"] = doc{"concurrency": -2} }, []string{"run.concurrency must be at least 1, not -2"}},
		{"negative request timeout", func(d doc) { d["timeouts"] = doc{"request": "-1s"} }, []string{"timeouts.request must not be negative"}},
		{"negative job timeout", func(d doc) { d["timeouts"] = doc{"job": "-1m"} }, []string{"timeouts.job must not be negative"}},
		{"negative poll_initial", func(d doc) { d["timeouts"] = doc{"poll_initial": "-5ms"} }, []string{"timeouts.poll_initial must not be negative"}},
		{"negative poll_max", func(d doc) { d["timeouts"] = doc{"poll_initial": "-2s", "poll_max": "-1s"} }, []string{"timeouts.poll_max must not be negative"}},
		{"negative job_duration", func(d doc) { d["mock"] = doc{"job_duration": "-1ms"} }, []string{"mock.job_duration must not be negative"}},
		{"poll_max shorter than poll_initial", func(d doc) { d["timeouts"] = doc{"poll_initial": "2s", "poll_max": "1s"} }, []string{"timeouts.poll_max (1s) is shorter than timeouts.poll_initial (2s)"}},
		{"poll_initial above the default poll_max", func(d doc) { d["timeouts"] = doc{"poll_initial": "20s"} }, []string{"timeouts.poll_max (15s) is shorter than timeouts.poll_initial (20s)"}},
		{"unknown top-level key", func(d doc) { d["endpiont"] = "x" }, []string{"read YAML", "unknown key endpiont"}},
		{"unknown nested key", func(d doc) { server(d, "s-plain")["role"] = []any{"plain"} }, []string{"read YAML", "unknown key role"}},
		{"duration that does not parse", func(d doc) { d["timeouts"] = doc{"job": "soon"} }, []string{"read YAML", "`soon` is not a duration such as 30s"}},
		{"group without id", func(d doc) {
			world(d)["protection_groups"] = []any{doc{"name": "x", "status": "available"}}
			server(d, "s-prot")["protected_in"] = ""
			server(d, "s-prot")["roles"] = []any{"plain"}
		}, []string{"world: a protection group has no id"}},
		{"group with unknown status", func(d doc) {
			world(d)["protection_groups"].([]any)[0].(doc)["status"] = "ready"
		}, []string{`protection group "g-avail" has status "ready"`, "available"}},
		{"server without id", func(d doc) { delete(server(d, "s-plain"), "id") }, []string{"world: a server has no id"}},
		{"duplicate server id", func(d doc) { server(d, "s-other")["id"] = "s-plain" }, []string{`id "s-plain" is used by a server and a server`}},
		{"server id equal to a group id", func(d doc) { server(d, "s-plain")["id"] = "g-prot" }, []string{`id "g-prot" is used by a protection group and a server`}},
		{"server without name", func(d doc) { delete(server(d, "s-plain"), "name") }, []string{`server "s-plain" has no name`}},
		{"server without roles", func(d doc) { delete(server(d, "s-plain"), "roles") }, []string{`server "s-plain" has no roles`}},
		{"unknown role", func(d doc) { server(d, "s-plain")["roles"] = []any{"plain", "gpu"} }, []string{`server "s-plain" has unknown role "gpu"`}},
		{"protected without protected_in", func(d doc) { delete(server(d, "s-prot"), "protected_in") }, []string{`server "s-prot" has role protected but no protected_in group`}},
		{"protected_in an unknown group", func(d doc) { server(d, "s-prot")["protected_in"] = "g-nope" }, []string{`server "s-prot" is protected_in "g-nope", which is not a protection group`}},
		{"shared-disk role without disks", func(d doc) {
			w := world(d)
			w["servers"] = append(servers(d), doc{"id": "s-sh3", "name": "c3", "roles": []any{"shared-disk"}})
		}, []string{`server "s-sh3" has role shared-disk but no disk with shared: true`}},
		{"shared-disk role with an unshared disk only", func(d doc) {
			w := world(d)
			w["servers"] = append(servers(d), doc{"id": "s-sh3", "name": "c3", "roles": []any{"shared-disk"}, "disks": []any{doc{"id": "d-x", "shared": false}}})
		}, []string{`server "s-sh3" has role shared-disk but no disk with shared: true`}},
		{"shared disk attached to one server only", func(d doc) {
			server(d, "s-sh2")["disks"] = []any{doc{"id": "d-other", "shared": true}}
		}, []string{`shared disk of server "s-sh1" is attached to no other server`, `shared disk of server "s-sh2" is attached to no other server`}},
		{"windows server without key_name", func(d doc) { delete(server(d, "s-win"), "key_name") }, []string{`Windows server "s-win" has no key_name`}},
		{"windows-keypair whose key pair is missing", func(d doc) { world(d)["key_pairs"] = []any{"kp-linux"} }, []string{`server "s-win" has role windows-keypair but its key pair "kp-win" is not in key_pairs`}},
		{"windows-keypair-missing whose key pair exists", func(d doc) {
			world(d)["key_pairs"] = []any{"kp-win", "kp-deleted"}
		}, []string{`server "s-gone" has role windows-keypair-missing but its key pair "kp-deleted" is in key_pairs`}},
		{"several errors are all reported", func(d doc) {
			d["name"] = "BAD"
			delete(d, "project_id")
			server(d, "s-plain")["roles"] = []any{"gpu"}
		}, []string{`name "BAD"`, "project_id is missing", `unknown role "gpu"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := validDoc()
			tt.edit(d)
			p, err := profile.Parse(marshal(t, d))
			require.Error(t, err)
			assert.Nil(t, p)
			for _, w := range tt.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestParseRejectsMalformedYAML(t *testing.T) {
	for name, tc := range map[string]struct{ data, want string }{
		"not YAML":       {"name: [unclosed\n", "read YAML"},
		"a list":         {"- a\n- b\n", "read YAML"},
		"empty document": {"", "the profile is empty"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := profile.Parse([]byte(tc.data))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			assert.NotContains(t, err.Error(), "profile.", "no Go type names")
		})
	}
}

func TestWorldHelpers(t *testing.T) {
	d := validDoc()
	w := world(d)
	w["protection_groups"] = append(w["protection_groups"].([]any),
		doc{"id": "g-avail-2", "name": "pg-a2", "status": "available"})
	server(d, "s-plain")["roles"] = []any{"plain", "other-vpc"}
	w["servers"] = append(servers(d), doc{"id": "s-plain-2", "name": "web2", "roles": []any{"plain"}})
	p, err := profile.Parse(marshal(t, d))
	require.NoError(t, err)

	ids := func(list []profile.Server) []string {
		var out []string
		for _, s := range list {
			out = append(out, s.ID)
		}
		return out
	}
	assert.Equal(t, []string{"s-plain", "s-plain-2"}, ids(p.World.ServersWithRole(profile.RolePlain)))
	assert.Equal(t, []string{"s-plain", "s-other"}, ids(p.World.ServersWithRole(profile.RoleOtherVPC)), "profile order, a server with two roles in both")
	assert.Equal(t, []string{"s-prot"}, ids(p.World.ServersWithRole(profile.RoleProtected)))
	assert.Equal(t, []string{"s-win"}, ids(p.World.ServersWithRole(profile.RoleWindowsKeyPair)))
	assert.Equal(t, []string{"s-gone"}, ids(p.World.ServersWithRole(profile.RoleWindowsKeyPairMissing)))
	assert.Empty(t, p.World.ServersWithRole("gpu"))

	groupIDs := func(list []profile.Group) []string {
		var out []string
		for _, g := range list {
			out = append(out, g.ID)
		}
		return out
	}
	assert.Equal(t, []string{"g-avail", "g-avail-2"}, groupIDs(p.World.GroupsWithStatus("available")))
	assert.Equal(t, []string{"g-prot"}, groupIDs(p.World.GroupsWithStatus("protected")))
	assert.Empty(t, p.World.GroupsWithStatus("error"))

	s, ok := p.World.Server("s-win")
	require.True(t, ok)
	assert.Equal(t, "win", s.Name)
	assert.Equal(t, "Windows", s.OS)
	assert.Equal(t, "kp-win", s.KeyName)
	assert.True(t, s.HasRole(profile.RoleWindowsKeyPair))
	assert.False(t, s.HasRole(profile.RolePlain))
	s, ok = p.World.Server("nope")
	assert.False(t, ok)
	assert.Equal(t, profile.Server{}, s)

	sh2, ok := p.World.Server("s-sh2")
	require.True(t, ok)
	assert.Equal(t, []string{"d-sh"}, sh2.SharedDisks(), "unshared disks are left out")
	plain, _ := p.World.Server("s-plain")
	assert.Empty(t, plain.SharedDisks())
}

func TestSharedDiskSets(t *testing.T) {
	sh := func(id string, disks ...profile.Disk) profile.Server {
		return profile.Server{ID: id, Name: id, Roles: []string{profile.RoleSharedDisk}, Disks: disks}
	}
	shared := func(id string) profile.Disk { return profile.Disk{ID: id, Shared: true} }
	w := profile.World{Servers: []profile.Server{
		sh("a1", shared("A")),
		sh("b1", profile.Disk{ID: "local"}, shared("B")),
		{ID: "p1", Name: "p1", Roles: []string{profile.RolePlain}, Disks: []profile.Disk{shared("A")}}, // not of role shared-disk
		sh("a2", shared("A")),
		sh("b2", shared("B")),
		sh("a3", profile.Disk{ID: "A"}, shared("A")),
		sh("c1", shared("C")),
	}}
	var got [][]string
	for _, set := range w.SharedDiskSets() {
		var ids []string
		for _, s := range set {
			ids = append(ids, s.ID)
		}
		got = append(got, ids)
	}
	assert.Equal(t, [][]string{{"a1", "a2", "a3"}, {"b1", "b2"}, {"c1"}}, got)
	assert.Empty(t, (&profile.World{}).SharedDiskSets())
}

func TestEndpoints(t *testing.T) {
	tests := []struct {
		endpoint, ecs string
		embedded      bool
		server        string
	}{
		{profile.Embedded, "", true, profile.Embedded},
		{profile.Embedded, profile.NoECS, true, ""},
		{"https://sdrs.example.com", "", false, "https://sdrs.example.com"},
		{"https://sdrs.example.com", profile.NoECS, false, ""},
		{"https://sdrs.example.com", "https://ecs.example.com", false, "https://ecs.example.com"},
	}
	for _, tt := range tests {
		p := &profile.Profile{Endpoint: tt.endpoint, ECSEndpoint: tt.ecs}
		assert.Equal(t, tt.embedded, p.IsEmbedded(), "%s", tt.endpoint)
		assert.Equal(t, tt.server, p.ServerEndpoint(), "%s / %q", tt.endpoint, tt.ecs)
	}
}

// clearEnv makes the environment overrides absent for the test (an empty value
// is ignored by Load).
func clearEnv(t *testing.T) {
	t.Setenv(profile.EnvEndpoint, "")
	t.Setenv(profile.EnvAuthToken, "")
}

// embeddedProfile is a valid profile for the embedded mock, with a literal token.
func embeddedProfile(t *testing.T, description string) []byte {
	t.Helper()
	d := validDoc()
	d["endpoint"] = profile.Embedded
	d["description"] = description
	d["auth"] = doc{"token": "literal-token"}
	return marshal(t, d)
}

func writeFile(t *testing.T, path string, data []byte) {
	t.Helper()
	require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
	require.NoError(t, os.WriteFile(path, data, 0o644))
}

func TestLoadBareNameFromDisk(t *testing.T) {
	clearEnv(t)
	t.Chdir(t.TempDir())
	writeFile(t, filepath.Join("fixtures", "targets", "lab.yaml"), embeddedProfile(t, "on disk"))
	embedded := fstest.MapFS{"fixtures/targets/lab.yaml": {Data: embeddedProfile(t, "in the binary")}}

	p, err := profile.Load("lab", embedded)
	require.NoError(t, err)
	assert.Equal(t, "on disk", p.Description, "the file on disk wins over the embedded one")
	assert.Equal(t, "fixtures/targets/lab.yaml", p.Source)
	assert.Equal(t, "literal-token", p.Auth.Token)
	assert.True(t, p.IsEmbedded())
	assert.Empty(t, p.Overrides)
}

func TestLoadBareNameFromEmbeddedFS(t *testing.T) {
	clearEnv(t)
	t.Chdir(t.TempDir())
	embedded := fstest.MapFS{"fixtures/targets/lab.yaml": {Data: embeddedProfile(t, "in the binary")}}

	p, err := profile.Load("lab", embedded)
	require.NoError(t, err)
	assert.Equal(t, "in the binary", p.Description)
	assert.Equal(t, "embedded:fixtures/targets/lab.yaml", p.Source)
}

func TestLoadEmptyRefIsTheDefault(t *testing.T) {
	clearEnv(t)
	t.Chdir(t.TempDir())
	embedded := fstest.MapFS{"fixtures/targets/" + profile.DefaultName + ".yaml": {Data: embeddedProfile(t, "default")}}

	p, err := profile.Load("", embedded)
	require.NoError(t, err)
	assert.Equal(t, "default", p.Description)
	assert.Equal(t, "embedded:fixtures/targets/mock.yaml", p.Source)
}

func TestLoadPath(t *testing.T) {
	clearEnv(t)
	dir := t.TempDir()
	t.Chdir(dir)
	path := filepath.Join(dir, "elsewhere", "lab.yaml")
	writeFile(t, path, embeddedProfile(t, "by path"))
	// The embedded profile of the same base name must not be used for a path.
	embedded := fstest.MapFS{"fixtures/targets/lab.yaml": {Data: embeddedProfile(t, "in the binary")}}

	p, err := profile.Load(path, embedded)
	require.NoError(t, err)
	assert.Equal(t, "by path", p.Description)
	assert.Equal(t, path, p.Source)

	// A name ending in .yaml or .yml is a path too, relative to the working directory.
	writeFile(t, "here.yml", embeddedProfile(t, "yml in cwd"))
	p, err = profile.Load("here.yml", embedded)
	require.NoError(t, err)
	assert.Equal(t, "yml in cwd", p.Description)
	assert.Equal(t, "here.yml", p.Source)
}

func TestLoadMissing(t *testing.T) {
	clearEnv(t)
	t.Chdir(t.TempDir())

	for name, embedded := range map[string]fs.FS{
		"no embedded profiles":         nil,
		"embedded profiles of another": fstest.MapFS{"fixtures/targets/lab.yaml": {Data: embeddedProfile(t, "x")}},
	} {
		t.Run(name, func(t *testing.T) {
			p, err := profile.Load("nope", embedded)
			require.Error(t, err)
			assert.Nil(t, p)
			msg := err.Error()
			assert.Contains(t, msg, `no target profile "nope"`)
			assert.Contains(t, msg, "fixtures/targets/nope.yaml")
			assert.Contains(t, msg, "working directory")
			assert.Contains(t, msg, "inside the binary")
		})
	}

	_, err := profile.Load(filepath.Join("no", "such.yaml"), nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "read target profile")
	assert.ErrorIs(t, err, os.ErrNotExist)
}

func TestLoadNilEmbeddedFS(t *testing.T) {
	clearEnv(t)
	t.Chdir(t.TempDir())
	writeFile(t, filepath.Join("fixtures", "targets", "lab.yaml"), embeddedProfile(t, "on disk"))
	p, err := profile.Load("lab", nil)
	require.NoError(t, err)
	assert.Equal(t, "on disk", p.Description)
}

func TestLoadInvalidProfileNamesTheSource(t *testing.T) {
	clearEnv(t)
	t.Chdir(t.TempDir())
	d := validDoc()
	delete(d, "project_id")
	embedded := fstest.MapFS{"fixtures/targets/lab.yaml": {Data: marshal(t, d)}}
	_, err := profile.Load("lab", embedded)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "target profile embedded:fixtures/targets/lab.yaml: ")
	assert.Contains(t, err.Error(), "project_id is missing")
}

func TestLoadEnvOverrides(t *testing.T) {
	realProfile := func(t *testing.T) []byte { return marshal(t, validDoc()) } // no token, real endpoint

	tests := []struct {
		name      string
		data      func(t *testing.T) []byte
		endpoint  string // SDRS_ENDPOINT
		token     string // SDRS_AUTH_TOKEN
		wantErr   []string
		wantEP    string
		wantToken string
		wantOver  []string
	}{
		{
			name: "no override keeps the literal token", data: func(t *testing.T) []byte { return embeddedProfile(t, "") },
			wantEP: profile.Embedded, wantToken: "literal-token",
		},
		{
			name: "token replaces the literal one", data: func(t *testing.T) []byte { return embeddedProfile(t, "") }, token: "env-token",
			wantEP: profile.Embedded, wantToken: "env-token", wantOver: []string{profile.EnvAuthToken},
		},
		{
			name: "token for a real endpoint", data: realProfile, token: "env-token",
			wantEP: "https://sdrs.example.com", wantToken: "env-token", wantOver: []string{profile.EnvAuthToken},
		},
		{
			name: "endpoint replaced, trailing slash trimmed", data: realProfile, endpoint: "http://127.0.0.1:9999/", token: "env-token",
			wantEP: "http://127.0.0.1:9999", wantToken: "env-token", wantOver: []string{profile.EnvAuthToken, profile.EnvEndpoint},
		},
		{
			name: "endpoint replaces embedded", data: func(t *testing.T) []byte { return embeddedProfile(t, "") }, endpoint: "https://other.example.com",
			wantEP: "https://other.example.com", wantToken: "literal-token", wantOver: []string{profile.EnvEndpoint},
		},
		{
			name: "no token at all", data: realProfile,
			wantErr: []string{"target profile fixtures/targets/lab.yaml", "no token: set " + profile.EnvAuthToken},
		},
		{
			name: "endpoint with a path", data: realProfile, endpoint: "https://sdrs.example.com/v1", token: "env-token",
			wantErr: []string{profile.EnvEndpoint, "without a path"},
		},
		{
			name: "endpoint that is not a URL", data: realProfile, endpoint: "sdrs.example.com", token: "env-token",
			wantErr: []string{profile.EnvEndpoint + ` "sdrs.example.com"`},
		},
		{
			name: "endpoint embedded is not accepted from the environment", data: realProfile, endpoint: profile.Embedded, token: "env-token",
			wantErr: []string{profile.EnvEndpoint + ` "embedded"`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv(profile.EnvEndpoint, tt.endpoint)
			t.Setenv(profile.EnvAuthToken, tt.token)
			t.Chdir(t.TempDir())
			writeFile(t, filepath.Join("fixtures", "targets", "lab.yaml"), tt.data(t))

			p, err := profile.Load("lab", nil)
			if tt.wantErr != nil {
				require.Error(t, err)
				for _, w := range tt.wantErr {
					assert.Contains(t, err.Error(), w)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantEP, p.Endpoint)
			assert.Equal(t, tt.wantEP == profile.Embedded, p.IsEmbedded())
			assert.Equal(t, tt.wantToken, p.Auth.Token)
			assert.Equal(t, tt.wantOver, p.Overrides, "overrides are listed in name order")
		})
	}
}

// TestMockProfile checks that the default profile gives every scenario what it needs.
func TestMockProfile(t *testing.T) {
	data, err := os.ReadFile("../../fixtures/targets/mock.yaml")
	require.NoError(t, err)
	p, err := profile.Parse(data)
	require.NoError(t, err)

	assert.Equal(t, profile.DefaultName, p.Name)
	assert.True(t, p.IsEmbedded())
	assert.NotEmpty(t, p.Auth.Token)
	assert.NotEmpty(t, p.World.GroupsWithStatus("available"))
	assert.NotEmpty(t, p.World.GroupsWithStatus("protected"))
	for _, status := range profile.GroupStatuses {
		assert.NotEmpty(t, p.World.GroupsWithStatus(status), "a group in status %s", status)
	}
	assert.GreaterOrEqual(t, len(p.World.ServersWithRole(profile.RolePlain)), 6)
	assert.NotEmpty(t, p.World.ServersWithRole(profile.RoleOtherVPC))
	assert.NotEmpty(t, p.World.ServersWithRole(profile.RoleProtected))
	assert.NotEmpty(t, p.World.ServersWithRole(profile.RoleWindowsKeyPair))
	assert.NotEmpty(t, p.World.ServersWithRole(profile.RoleWindowsKeyPairMissing))
	sets := p.World.SharedDiskSets()
	require.NotEmpty(t, sets)
	for _, set := range sets {
		assert.GreaterOrEqual(t, len(set), 2)
	}
	for _, s := range p.World.ServersWithRole(profile.RoleOtherVPC) {
		for _, g := range p.World.GroupsWithStatus("available") {
			assert.NotEqual(t, g.SourceVPCID, s.VPCID, "server %s must be in another VPC than the groups", s.ID)
		}
	}
	assert.NotEmpty(t, p.World.Subnets)
	assert.NotEmpty(t, p.World.Flavors)
	assert.NotEmpty(t, p.World.DedicatedHosts)
	assert.False(t, strings.HasSuffix(p.Endpoint, "/"))
}

func TestSharedDiskSetsAreJoinedThroughAnyDisk(t *testing.T) {
	server := func(id string, disks ...string) profile.Server {
		s := profile.Server{ID: id, Name: id, Roles: []string{profile.RoleSharedDisk}}
		for _, d := range disks {
			s.Disks = append(s.Disks, profile.Disk{ID: d, Shared: true})
		}
		return s
	}
	ids := func(sets [][]profile.Server) [][]string {
		var out [][]string
		for _, set := range sets {
			var names []string
			for _, s := range set {
				names = append(names, s.ID)
			}
			out = append(out, names)
		}
		return out
	}
	chain := profile.World{Servers: []profile.Server{server("s1", "A"), server("s2", "A", "B"), server("s3", "B")}}
	assert.Equal(t, [][]string{{"s1", "s2", "s3"}}, ids(chain.SharedDiskSets()), "s1-s2 share A and s2-s3 share B: one set")
	late := profile.World{Servers: []profile.Server{server("s1", "A"), server("s2", "B"), server("s3", "A", "B")}}
	assert.Equal(t, [][]string{{"s1", "s2", "s3"}}, ids(late.SharedDiskSets()), "s3 links the sets of s1 and s2")
	apart := profile.World{Servers: []profile.Server{server("s1", "A"), server("s2", "B"), server("s3", "A"), server("s4", "B")}}
	assert.Equal(t, [][]string{{"s1", "s3"}, {"s2", "s4"}}, ids(apart.SharedDiskSets()))
}

// An access key from the environment never signs with the profile's secret key.
func TestLoadKeysComeInPairs(t *testing.T) {
	t.Setenv(profile.EnvEndpoint, "")
	t.Setenv(profile.EnvAuthToken, "")
	for _, env := range [][2]string{{profile.EnvAK, "AKENV"}, {profile.EnvSK, "SKENV"}} {
		t.Run(env[0], func(t *testing.T) {
			t.Setenv(profile.EnvAK, "")
			t.Setenv(profile.EnvSK, "")
			t.Setenv(env[0], env[1])
			_, err := profile.Load("../../fixtures/targets/mock.yaml", nil)
			require.Error(t, err)
			assert.Contains(t, err.Error(), profile.EnvAK+" and "+profile.EnvSK+" go together")
		})
	}
}
