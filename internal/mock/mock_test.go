package mock_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/sdrs-conformance/sdrs-conformance/internal/contract"
	"github.com/sdrs-conformance/sdrs-conformance/internal/mock"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
	"github.com/sdrs-conformance/sdrs-conformance/internal/sign"
)

const (
	project = "p0000000000000000000000000000001"
	token   = "test-token"
	jobTime = 300 * time.Millisecond
)

// clock is a fake clock the tests move by hand.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

func world() profile.World {
	return profile.World{
		ProtectionGroups: []profile.Group{
			{ID: "pg-ok", Name: "pg-ok", Status: "available", SourceVPCID: "vpc-a"},
			{ID: "pg-on", Name: "pg-on", Status: "protected", SourceVPCID: "vpc-a"},
			{ID: "pg-bad", Name: "pg-bad", Status: "error", SourceVPCID: "vpc-a"},
		},
		Servers: []profile.Server{
			{ID: "s1", Name: "web-1", Roles: []string{"plain"}, VPCID: "vpc-a", Flavor: "s3.large.2", OS: "Linux"},
			{ID: "s2", Name: "web-2", Roles: []string{"plain"}, VPCID: "vpc-a", Flavor: "s3.large.2", OS: "Linux"},
			{ID: "s3", Name: "web-3", Roles: []string{"plain"}, VPCID: "vpc-a", Flavor: "s3.large.2", OS: "Linux"},
			{ID: "s4", Name: "web-4", Roles: []string{"plain"}, VPCID: "vpc-a", Flavor: "s3.large.2", OS: "Linux"},
			{ID: "s5", Name: "web-5", Roles: []string{"plain"}, VPCID: "vpc-a", Flavor: "s3.large.2", OS: "Linux"},
			{ID: "s6", Name: "web-6", Roles: []string{"plain"}, VPCID: "vpc-a", Flavor: "s3.large.2", OS: "Linux"},
			{ID: "far", Name: "far", Roles: []string{"other-vpc"}, VPCID: "vpc-b", Flavor: "s3.large.2", OS: "Linux"},
			{ID: "old", Name: "old", Roles: []string{"protected"}, VPCID: "vpc-a", Flavor: "s3.large.2", OS: "Linux", ProtectedIn: "pg-ok"},
			{ID: "c1", Name: "c1", Roles: []string{"shared-disk"}, VPCID: "vpc-a", Flavor: "s3.large.2", OS: "Linux", Disks: []profile.Disk{{ID: "d", Shared: true}}},
			{ID: "c2", Name: "c2", Roles: []string{"shared-disk"}, VPCID: "vpc-a", Flavor: "s3.large.2", OS: "Linux", Disks: []profile.Disk{{ID: "d", Shared: true}}},
			{ID: "win", Name: "win", Roles: []string{"windows-keypair"}, VPCID: "vpc-a", Flavor: "s3.large.2", OS: "Windows", KeyName: "kp"},
			{ID: "wgone", Name: "wgone", Roles: []string{"windows-keypair-missing"}, VPCID: "vpc-a", Flavor: "s3.large.2", OS: "Windows", KeyName: "kp-gone"},
		},
		KeyPairs:       []string{"kp"},
		Flavors:        []string{"s3.large.2", "c3.medium.2"},
		Subnets:        []string{"sub-1"},
		DedicatedHosts: []string{"deh-1"},
	}
}

// harness is a mock behind httptest whose every answer is checked against openapi.yaml.
type harness struct {
	t     *testing.T
	clock *clock
	srv   *httptest.Server
	spec  *contract.Contract
}

func newHarness(t *testing.T, adjust ...func(*mock.Options)) *harness {
	t.Helper()
	c := &clock{now: time.Date(2026, 12, 3, 10, 0, 0, 0, time.UTC)}
	opts := mock.Options{ProjectID: project, Token: token, ServersPerBatch: 5, JobDuration: jobTime, Now: c.Now}
	for _, a := range adjust {
		a(&opts)
	}
	m, err := mock.New(world(), opts)
	require.NoError(t, err)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	data, err := os.ReadFile("../../openapi.yaml")
	require.NoError(t, err)
	spec, err := contract.Load(data)
	require.NoError(t, err)
	return &harness{t: t, clock: c, srv: srv, spec: spec}
}

type answer struct {
	status int
	header http.Header
	body   []byte
}

func (a answer) get(path string) gjson.Result { return gjson.GetBytes(a.body, path) }

// do sends a request (with the token unless header overrides it) and checks the
// answer against the contract and the headers every answer must carry.
func (h *harness) do(method, path, body string, header ...string) answer {
	h.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, h.srv.URL+path, rd)
	require.NoError(h.t, err)
	req.Header.Set("X-Auth-Token", token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i+1] == "" {
			req.Header.Del(header[i])
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(h.t, err)
	assert.Len(h.t, resp.Header.Get("X-Request-Id"), 32, "every answer carries X-Request-Id")
	if resp.StatusCode != http.StatusNoContent {
		assert.Equal(h.t, "application/json", resp.Header.Get("Content-Type"))
		assert.True(h.t, json.Valid(data), "answer is JSON: %s", data)
	}
	vreq, _ := http.NewRequestWithContext(context.Background(), method, h.srv.URL+path, nil)
	if err := h.spec.ValidateResponse(context.Background(), vreq, resp.StatusCode, resp.Header, data); err != nil && !strings.Contains(err.Error(), "no operation") {
		h.t.Errorf("%s %s: %v\nbody: %s", method, path, err, data)
	}
	return answer{status: resp.StatusCode, header: resp.Header, body: data}
}

func p(path string) string { return "/v1/" + project + path }

func batch(prefix, group string, servers ...string) string {
	items := make([]string, len(servers))
	for i, s := range servers {
		items[i] = fmt.Sprintf(`{"server_id":%q}`, s)
	}
	return fmt.Sprintf(`{"protected_instances":{"name_prefix":%q,"server_group_id":%q,"servers":[%s]}}`, prefix, group, strings.Join(items, ","))
}

func (h *harness) job(id string) answer { return h.do("GET", p("/jobs/"+id), "") }

func (h *harness) instancesOf(server string) []gjson.Result {
	var out []gjson.Result
	for _, in := range h.do("GET", p("/protected-instances"), "").get("protected_instances").Array() {
		if in.Get("source_server").String() == server {
			out = append(out, in)
		}
	}
	return out
}

func TestBatchCreateRunsAsAnAsynchronousJob(t *testing.T) {
	h := newHarness(t)
	a := h.do("POST", p("/protected-instances/batch"), `{"protected_instances":{"name_prefix":"app","description":"d","server_group_id":"pg-ok","primary_subnet_id":"sub-1","servers":[{"server_id":"s1","flavorRef":"c3.medium.2"},{"server_id":"s2"}],"tenancy":"dedicated","dedicated_host_id":"deh-1","tags":[{"key":"test","value":"aaaaa"}]}}`)
	require.Equal(t, 202, a.status, string(a.body))
	id := a.get("job_id").String()
	assert.Regexp(t, `^[0-9a-f]{32}$`, id)

	assert.Equal(t, "INIT", h.job(id).get("status").String())
	ins := h.instancesOf("s1")
	require.Len(t, ins, 1, "instances exist at once, while creating")
	assert.Equal(t, "creating", ins[0].Get("status").String())

	h.clock.Advance(jobTime / 2)
	assert.Equal(t, "RUNNING", h.job(id).get("status").String())
	h.clock.Advance(jobTime)
	j := h.job(id)
	assert.Equal(t, "SUCCESS", j.get("status").String())
	assert.Equal(t, "createProtectedInstanceNoCG", j.get("job_type").String())
	assert.NotEmpty(t, j.get("end_time").String())
	subs := j.get("entities.sub_jobs").Array()
	require.Len(t, subs, 2)

	for i, server := range []string{"s1", "s2"} {
		ins := h.instancesOf(server)
		require.Len(t, ins, 1)
		in := ins[0]
		assert.Equal(t, fmt.Sprintf("app-%04d", i+1), in.Get("name").String(), "named in request order")
		assert.Equal(t, "available", in.Get("status").String())
		assert.Equal(t, "pg-ok", in.Get("server_group_id").String())
		assert.Equal(t, "d", in.Get("description").String())
		assert.Equal(t, "test", in.Get("tags.0.key").String())
		assert.Equal(t, in.Get("id").String(), subs[i].Get("entities.protected_instance_id").String())
		target := in.Get("target_server").String()
		assert.Equal(t, target, subs[i].Get("entities.native_server_id").String())
		assert.NotEqual(t, server, target)
		dr := h.do("GET", p("/cloudservers/"+target), "")
		require.Equal(t, 200, dr.status)
		assert.Equal(t, fmt.Sprintf("web-%d", i+1), dr.get("server.name").String(), "the DR-site server has the production name")
		wantFlavor := map[string]string{"s1": "c3.medium.2", "s2": "s3.large.2"}[server]
		assert.Equal(t, wantFlavor, dr.get("server.flavor.id").String(), "flavorRef, or the production flavor")
	}
	g := h.do("GET", p("/server-groups/pg-ok"), "")
	assert.EqualValues(t, 3, g.get("server_group.protected_instance_num").Int(), "two new and one that existed")
}

func TestInstancesOfAProtectedGroupEndProtected(t *testing.T) {
	h := newHarness(t)
	a := h.do("POST", p("/protected-instances/batch"), batch("x", "pg-on", "s1"))
	require.Equal(t, 202, a.status)
	h.clock.Advance(jobTime)
	assert.Equal(t, "protected", h.instancesOf("s1")[0].Get("status").String())
}

func TestRejections(t *testing.T) {
	long := strings.Repeat("a", 60)
	cases := []struct {
		name, body, code string
	}{
		{"empty body", "", "SDRS.0201"},
		{"not JSON", `{"protected_instances":`, "SDRS.0201"},
		{"two JSON values", `{} {}`, "SDRS.0201"},
		{"not an object", `[1]`, "SDRS.0201"},
		{"protected_instances missing", `{}`, "SDRS.0201"},
		{"protected_instances an array", `{"protected_instances":[]}`, "SDRS.0201"},
		{"name_prefix missing", `{"protected_instances":{"server_group_id":"pg-ok","servers":[{"server_id":"s1"}]}}`, "SDRS.0201"},
		{"name_prefix a number", `{"protected_instances":{"name_prefix":12,"server_group_id":"pg-ok","servers":[{"server_id":"s1"}]}}`, "SDRS.0201"},
		{"name_prefix empty", batch("", "pg-ok", "s1"), "SDRS.0202"},
		{"name_prefix 60 characters", batch(long, "pg-ok", "s1"), "SDRS.0202"},
		{"name_prefix with a space", batch("a b", "pg-ok", "s1"), "SDRS.0202"},
		{"name_prefix with a slash", batch("a/b", "pg-ok", "s1"), "SDRS.0202"},
		{"name_prefix non-ASCII", batch("café", "pg-ok", "s1"), "SDRS.0202"},
		{"description 65", `{"protected_instances":{"name_prefix":"a","description":"` + strings.Repeat("d", 65) + `","server_group_id":"pg-ok","servers":[{"server_id":"s1"}]}}`, "SDRS.0212"},
		{"description with <", `{"protected_instances":{"name_prefix":"a","description":"a<b","server_group_id":"pg-ok","servers":[{"server_id":"s1"}]}}`, "SDRS.0212"},
		{"description a number", `{"protected_instances":{"name_prefix":"a","description":5,"server_group_id":"pg-ok","servers":[{"server_id":"s1"}]}}`, "SDRS.0201"},
		{"group id missing", `{"protected_instances":{"name_prefix":"a","servers":[{"server_id":"s1"}]}}`, "SDRS.0201"},
		{"group id empty", batch("a", "", "s1"), "SDRS.0207"},
		{"servers missing", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok"}}`, "SDRS.0201"},
		{"servers empty", batch("a", "pg-ok"), "SDRS.0201"},
		{"six servers", batch("a", "pg-ok", "s1", "s2", "s3", "s4", "s5", "s6"), "SDRS.0201"},
		{"a server twice", batch("a", "pg-ok", "s1", "s1"), "SDRS.0201"},
		{"server without id", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","servers":[{"flavorRef":"c3.medium.2"}]}}`, "SDRS.0201"},
		{"server id empty", batch("a", "pg-ok", ""), "SDRS.0210"},
		{"server item not an object", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","servers":["s1"]}}`, "SDRS.0201"},
		{"unknown tenancy", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","servers":[{"server_id":"s1"}],"tenancy":"private"}}`, "SDRS.0201"},
		{"eleven tags", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","servers":[{"server_id":"s1"}],"tags":[` + strings.TrimSuffix(strings.Repeat(`{"key":"k","value":"v"},`, 11), ",") + `]}}`, "SDRS.2203"},
		{"tag key blank", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","servers":[{"server_id":"s1"}],"tags":[{"key":" ","value":"v"}]}}`, "SDRS.2205"},
		{"tag key too long", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","servers":[{"server_id":"s1"}],"tags":[{"key":"` + strings.Repeat("k", 37) + `","value":"v"}]}}`, "SDRS.2204"},
		{"tag value forbidden character", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","servers":[{"server_id":"s1"}],"tags":[{"key":"k","value":"a=b"}]}}`, "SDRS.2207"},
		{"tag value null", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","servers":[{"server_id":"s1"}],"tags":[{"key":"k","value":null}]}}`, "SDRS.2208"},
		{"tag keys twice", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","servers":[{"server_id":"s1"}],"tags":[{"key":"k","value":"1"},{"key":"k","value":"2"}]}}`, "SDRS.2209"},
		{"unknown group", batch("a", "pg-none", "s1"), "SDRS.1013"},
		{"group in error", batch("a", "pg-bad", "s1"), "SDRS.1024"},
		{"unknown server", batch("a", "pg-ok", "nope"), "SDRS.1326"},
		{"server in another VPC", batch("a", "pg-ok", "s1", "far"), "SDRS.1304"},
		{"server already protected", batch("a", "pg-ok", "old"), "SDRS.1305"},
		{"a sharer missing", batch("a", "pg-ok", "c1"), "SDRS.0201"},
		{"unknown flavor", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","servers":[{"server_id":"s1","flavorRef":"nope"}]}}`, "SDRS.1353"},
		{"unknown subnet", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","primary_subnet_id":"nope","servers":[{"server_id":"s1"}]}}`, "SDRS.1335"},
		{"unknown dedicated host", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","servers":[{"server_id":"s1"}],"tenancy":"dedicated","dedicated_host_id":"nope"}}`, "SDRS.0201"},
		{"unknown storage pool", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","servers":[{"server_id":"s1"}],"cluster_id":"nope"}}`, "SDRS.0218"},
		// Given, an optional id or enum value names something: "" names nothing.
		{"empty subnet", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","primary_subnet_id":"","servers":[{"server_id":"s1"}]}}`, "SDRS.0201"},
		{"empty tenancy", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","servers":[{"server_id":"s1"}],"tenancy":""}}`, "SDRS.0201"},
		{"empty dedicated host", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","servers":[{"server_id":"s1"}],"tenancy":"dedicated","dedicated_host_id":""}}`, "SDRS.0201"},
		{"empty storage pool", `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","servers":[{"server_id":"s1"}],"cluster_id":""}}`, "SDRS.0201"},
	}
	h := newHarness(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := h.do("POST", p("/protected-instances/batch"), tc.body)
			assert.Equal(t, 400, a.status, string(a.body))
			assert.Equal(t, tc.code, a.get("error.code").String(), a.get("error.message").String())
			assert.NotEmpty(t, a.get("error.message").String())
		})
	}
	for _, s := range []string{"s1", "s2", "c1", "far"} {
		assert.Empty(t, h.instancesOf(s), "a rejected batch creates nothing for %s", s)
	}
}

func TestAcceptedEdgeCases(t *testing.T) {
	h := newHarness(t)
	for name, body := range map[string]string{
		"prefix of 59":             batch(strings.Repeat("a", 59), "pg-ok", "s1"),
		"all allowed characters":   batch("aZ09._-", "pg-ok", "s2"),
		"description of 64":        `{"protected_instances":{"name_prefix":"a","description":"` + strings.Repeat("d", 64) + `","server_group_id":"pg-ok","servers":[{"server_id":"s3"}]}}`,
		"unknown fields ignored":   `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","servers":[{"server_id":"s4","extra":1}],"color":"blue"},"other":true}`,
		"null optional fields":     `{"protected_instances":{"name_prefix":"a","description":null,"server_group_id":"pg-ok","servers":[{"server_id":"s5"}],"tags":null}}`,
		"both servers of the disk": batch("a", "pg-ok", "c1", "c2"),
	} {
		a := h.do("POST", p("/protected-instances/batch"), body, "Content-Type", "application/json;charset=UTF-8")
		assert.Equal(t, 202, a.status, "%s: %s", name, a.body)
	}
}

func TestWindowsServerWithoutItsKeyPairFailsTheJob(t *testing.T) {
	h := newHarness(t)
	a := h.do("POST", p("/protected-instances/batch"), batch("w", "pg-ok", "s1", "wgone"))
	require.Equal(t, 202, a.status, "the key pair is checked when the DR-site server is created")
	h.clock.Advance(jobTime)
	j := h.job(a.get("job_id").String())
	assert.Equal(t, "FAIL", j.get("status").String())
	assert.Equal(t, "SDRS.1350", j.get("error_code").String())
	assert.Contains(t, j.get("fail_reason").String(), "wgone")
	assert.Equal(t, "SDRS.1306", j.get("entities.sub_jobs.1.error_code").String())
	assert.Empty(t, h.instancesOf("wgone"), "a failed batch leaves nothing")
	assert.Empty(t, h.instancesOf("s1"), "a failed batch leaves nothing, for the other servers either")
	dr := j.get("entities.sub_jobs.0.entities.native_server_id").String()
	assert.Equal(t, 404, h.do("GET", p("/cloudservers/"+dr), "").status, "the DR-site server is removed too")

	ok := h.do("POST", p("/protected-instances/batch"), batch("w", "pg-ok", "win"))
	h.clock.Advance(jobTime)
	assert.Equal(t, "SUCCESS", h.job(ok.get("job_id").String()).get("status").String())
}

func TestAsynchronousRejection(t *testing.T) {
	h := newHarness(t, func(o *mock.Options) { o.Rejection = mock.RejectAsync })
	a := h.do("POST", p("/protected-instances/batch"), batch("a", "pg-ok", "far"))
	require.Equal(t, 202, a.status)
	h.clock.Advance(jobTime)
	j := h.job(a.get("job_id").String())
	assert.Equal(t, "FAIL", j.get("status").String())
	assert.Equal(t, "SDRS.1304", j.get("error_code").String())
	assert.Empty(t, h.instancesOf("far"))

	bad := h.do("POST", p("/protected-instances/batch"), `{"protected_instances":`)
	assert.Equal(t, 400, bad.status, "a body that is not JSON is refused at once in any mode")
}

func TestDeletingAnInstanceRemovesItAndItsDRServer(t *testing.T) {
	h := newHarness(t)
	a := h.do("POST", p("/protected-instances/batch"), batch("d", "pg-ok", "s1"))
	in := h.instancesOf("s1")[0]
	id, target := in.Get("id").String(), in.Get("target_server").String()

	early := h.do("DELETE", p("/protected-instances/"+id), `{"delete_target_server":true}`)
	assert.Equal(t, 400, early.status)
	assert.Equal(t, "SDRS.1301", early.get("error.code").String(), "an instance being created cannot be deleted")

	h.clock.Advance(jobTime)
	require.Equal(t, "SUCCESS", h.job(a.get("job_id").String()).get("status").String())
	del := h.do("DELETE", p("/protected-instances/"+id), `{"delete_target_server":true}`)
	require.Equal(t, 200, del.status, string(del.body))
	assert.Equal(t, "deleting", h.do("GET", p("/protected-instances/"+id), "").get("protected_instance.status").String())
	h.clock.Advance(jobTime)
	dj := h.job(del.get("job_id").String())
	assert.Equal(t, "SUCCESS", dj.get("status").String())
	assert.Equal(t, "deleteProtectedInstanceNoCG", dj.get("job_type").String())
	gone := h.do("GET", p("/protected-instances/"+id), "")
	assert.Equal(t, 400, gone.status)
	assert.Equal(t, "SDRS.0208", gone.get("error.code").String())
	assert.Equal(t, 404, h.do("GET", p("/cloudservers/"+target), "").status)

	again := h.do("POST", p("/protected-instances/batch"), batch("d", "pg-ok", "s1"))
	assert.Equal(t, 202, again.status, "a server is free again once its instance is deleted")
}

func TestDeleteKeepsTheDRServerUnlessAsked(t *testing.T) {
	h := newHarness(t)
	h.do("POST", p("/protected-instances/batch"), batch("k", "pg-ok", "s1"))
	h.clock.Advance(jobTime)
	in := h.instancesOf("s1")[0]
	require.Equal(t, 200, h.do("DELETE", p("/protected-instances/"+in.Get("id").String()), "").status)
	h.clock.Advance(jobTime)
	assert.Equal(t, 200, h.do("GET", p("/cloudservers/"+in.Get("target_server").String()), "").status)
}

func TestBatchDelete(t *testing.T) {
	h := newHarness(t)
	h.do("POST", p("/protected-instances/batch"), batch("b", "pg-ok", "s1", "s2"))
	h.do("POST", p("/protected-instances/batch"), batch("b", "pg-on", "s3"))
	h.clock.Advance(jobTime)
	id1, id2, id3 := h.instancesOf("s1")[0].Get("id").String(), h.instancesOf("s2")[0].Get("id").String(), h.instancesOf("s3")[0].Get("id").String()

	mixed := h.do("POST", p("/protected-instances/delete"), fmt.Sprintf(`{"protected_instances":[{"id":%q},{"id":%q}]}`, id1, id3))
	assert.Equal(t, 400, mixed.status, "instances of two groups")
	none := h.do("POST", p("/protected-instances/delete"), `{"protected_instances":[]}`)
	assert.Equal(t, 400, none.status)
	noID := h.do("POST", p("/protected-instances/delete"), `{"protected_instances":[{}]}`)
	assert.Equal(t, "SDRS.0201", noID.get("error.code").String(), "an item without id is a missing parameter")

	a := h.do("POST", p("/protected-instances/delete"), fmt.Sprintf(`{"protected_instances":[{"id":%q},{"id":%q}],"delete_target_server":true}`, id1, id2))
	require.Equal(t, 202, a.status, string(a.body))
	h.clock.Advance(jobTime)
	assert.Equal(t, "SUCCESS", h.job(a.get("job_id").String()).get("status").String())
	assert.Empty(t, h.instancesOf("s1"))
	assert.Empty(t, h.instancesOf("s2"))
	assert.Len(t, h.instancesOf("s3"), 1)
}

func TestRename(t *testing.T) {
	h := newHarness(t)
	h.do("POST", p("/protected-instances/batch"), batch("r", "pg-ok", "s1"))
	id := h.instancesOf("s1")[0].Get("id").String()
	a := h.do("PUT", p("/protected-instances/"+id), `{"protected_instance":{"name":"renamed"}}`)
	require.Equal(t, 200, a.status)
	assert.Equal(t, "renamed", a.get("protected_instance.name").String())
	bad := h.do("PUT", p("/protected-instances/"+id), `{"protected_instance":{"name":"no way"}}`)
	assert.Equal(t, "SDRS.0202", bad.get("error.code").String())
	assert.Equal(t, 400, h.do("PUT", p("/protected-instances/"+id), `{}`).status)
}

func TestListing(t *testing.T) {
	h := newHarness(t)
	h.do("POST", p("/protected-instances/batch"), batch("list", "pg-ok", "s1", "s2", "s3"))
	h.do("POST", p("/protected-instances/batch"), batch("other", "pg-on", "s4"))

	all := h.do("GET", p("/protected-instances"), "")
	assert.EqualValues(t, 5, all.get("count").Int(), "four new and one that existed")
	page := h.do("GET", p("/protected-instances?limit=2&offset=1"), "")
	assert.Len(t, page.get("protected_instances").Array(), 2)
	assert.EqualValues(t, 5, page.get("count").Int(), "count is the total, not the page")
	assert.EqualValues(t, 1, h.do("GET", p("/protected-instances?server_group_id=pg-on"), "").get("count").Int())
	assert.EqualValues(t, 5, h.do("GET", p(`/protected-instances?server_group_ids=["pg-ok","pg-on"]`), "").get("count").Int())
	assert.EqualValues(t, 1, h.do("GET", p(`/protected-instances?server_group_ids=['pg-on']`), "").get("count").Int())
	assert.EqualValues(t, 3, h.do("GET", p("/protected-instances?name=list"), "").get("count").Int())
	assert.EqualValues(t, 4, h.do("GET", p("/protected-instances?status=creating"), "").get("count").Int())

	for query, code := range map[string]string{"limit=-1": "SDRS.0221", "limit=1001": "SDRS.0221", "limit=x": "SDRS.0221", "offset=-1": "SDRS.0222", "server_group_ids=nope": "SDRS.0201"} {
		a := h.do("GET", p("/protected-instances?"+query), "")
		assert.Equal(t, 400, a.status, query)
		assert.Equal(t, code, a.get("error.code").String(), query)
	}
	ids := make([]string, 31)
	for i := range ids {
		ids[i] = fmt.Sprintf("%q", fmt.Sprint(i))
	}
	assert.Equal(t, "SDRS.0226", h.do("GET", p("/protected-instances?protected_instance_ids=["+strings.Join(ids, ",")+"]"), "").get("error.code").String())

	groups := h.do("GET", p("/server-groups?status=protected"), "")
	assert.EqualValues(t, 1, groups.get("count").Int())
	assert.Equal(t, "pg-on", groups.get("server_groups.0.id").String())
	assert.Equal(t, "SDRS.1013", h.do("GET", p("/server-groups/nope"), "").get("error.code").String())
	assert.Equal(t, "SDRS.0201", h.do("GET", p("/jobs/nope"), "").get("error.code").String())
	assert.Equal(t, 404, h.do("GET", p("/cloudservers/nope"), "").status)
}

func TestGateway(t *testing.T) {
	h := newHarness(t)
	body := batch("g", "pg-ok", "s1")
	noToken := h.do("POST", p("/protected-instances/batch"), body, "X-Auth-Token", "")
	assert.Equal(t, 401, noToken.status)
	assert.Equal(t, "APIGW.0301", noToken.get("error_code").String())
	assert.Equal(t, 401, h.do("POST", p("/protected-instances/batch"), body, "X-Auth-Token", "wrong").status)
	other := h.do("POST", "/v1/other-project/protected-instances/batch", body)
	assert.Equal(t, 403, other.status)
	assert.Equal(t, 404, h.do("GET", "/v2/nothing", "").status)
	wrong := h.do("PATCH", p("/protected-instances/batch"), "")
	assert.Equal(t, 405, wrong.status)
	assert.Equal(t, "POST", wrong.header.Get("Allow"))
	assert.Empty(t, h.instancesOf("s1"), "nothing refused at the gateway is created")
}

func TestBodyChecks(t *testing.T) {
	h := newHarness(t)
	body := batch("c", "pg-ok", "s1")
	for _, ct := range []string{"text/plain", "application/xml", "garbage;;", ""} {
		a := h.do("POST", p("/protected-instances/batch"), body, "Content-Type", ct)
		assert.Equal(t, 400, a.status, "Content-Type %q", ct)
		assert.Equal(t, "SDRS.0201", a.get("error.code").String())
	}
	for _, header := range [][]string{
		{"Content-Type", "application/json; charset=utf-16"},
		{"Content-Type", "application/json; charset=ISO-8859-1"},
		{"Content-Encoding", "gzip"},
	} {
		a := h.do("POST", p("/protected-instances/batch"), body, header...)
		assert.Equal(t, 400, a.status, "%s: %s", header[0], header[1])
		assert.Contains(t, a.get("error.message").String(), "not supported", "%s: %s", header[0], header[1])
	}
	huge := `{"protected_instances":{"name_prefix":"` + strings.Repeat("a", mock.MaxBodyBytes) + `"}}`
	a := h.do("POST", p("/protected-instances/batch"), huge)
	assert.Equal(t, 400, a.status)
	assert.Contains(t, a.get("error.message").String(), "larger than")
	assert.Empty(t, h.instancesOf("s1"))
}

// Two batches racing for the same server: exactly one may win.
func TestConcurrentBatchesNeverProtectAServerTwice(t *testing.T) {
	h := newHarness(t)
	const racers = 16
	var wg sync.WaitGroup
	statuses := make(chan int, racers)
	for i := 0; i < racers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", h.srv.URL+p("/protected-instances/batch"), bytes.NewReader([]byte(batch("race", "pg-ok", "s1"))))
			req.Header.Set("X-Auth-Token", token)
			req.Header.Set("Content-Type", "application/json")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				statuses <- 0
				return
			}
			resp.Body.Close()
			statuses <- resp.StatusCode
		}()
	}
	wg.Wait()
	close(statuses)
	count := map[int]int{}
	for s := range statuses {
		count[s]++
	}
	assert.Equal(t, map[int]int{202: 1, 400: racers - 1}, count)
	assert.Len(t, h.instancesOf("s1"), 1)
}

func TestWorldAlreadyProtectedServerHasAnInstance(t *testing.T) {
	h := newHarness(t)
	ins := h.instancesOf("old")
	require.Len(t, ins, 1)
	assert.Equal(t, "pg-ok", ins[0].Get("server_group_id").String())
	assert.Equal(t, "available", ins[0].Get("status").String())
}

func TestNewRejectsBadOptions(t *testing.T) {
	_, err := mock.New(world(), mock.Options{ProjectID: project})
	assert.Error(t, err, "a token is required")
	_, err = mock.New(world(), mock.Options{ProjectID: project, Token: token, Rejection: "later"})
	assert.ErrorContains(t, err, "sync or async")
	w := world()
	w.Servers[0].VPCID = ""
	_, err = mock.New(w, mock.Options{ProjectID: project, Token: token})
	assert.ErrorContains(t, err, "vpc_id")
}

// FuzzBatchCreate: whatever the body, the mock answers 202 or a 4xx, never a 5xx or a panic.
func FuzzBatchCreate(f *testing.F) {
	for _, seed := range []string{
		batch("a", "pg-ok", "s1"), `{"protected_instances":{"servers":[{}]}}`, `{"protected_instances":{"name_prefix":"a","server_group_id":"pg-ok","servers":[{"server_id":"s1"}],"tags":[{"key":1}]}}`,
		`[]`, `null`, `"x"`, `{"protected_instances":{"servers":{"a":1}}}`, "\x00\xff",
	} {
		f.Add(seed)
	}
	c := &clock{now: time.Now()}
	m, err := mock.New(world(), mock.Options{ProjectID: project, Token: token, JobDuration: jobTime, Now: c.Now})
	require.NoError(f, err)
	f.Fuzz(func(t *testing.T, body string) {
		req := httptest.NewRequest("POST", p("/protected-instances/batch"), strings.NewReader(body))
		req.Header.Set("X-Auth-Token", token)
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		m.ServeHTTP(rec, req)
		if rec.Code != 202 && (rec.Code < 400 || rec.Code > 499) {
			t.Fatalf("body %q: HTTP %d %s", body, rec.Code, rec.Body.String())
		}
		c.Advance(jobTime) // let accepted batches finish, so servers free up as deletes would
	})
}

func TestKeyPairCanBeCreatedAgainWithTheSameName(t *testing.T) {
	h := newHarness(t)
	a := h.do("POST", p("/protected-instances/batch"), batch("k", "pg-ok", "wgone"))
	h.clock.Advance(jobTime)
	require.Equal(t, "FAIL", h.job(a.get("job_id").String()).get("status").String())

	created := h.do("POST", "/v2.1/"+project+"/os-keypairs", `{"keypair":{"name":"kp-gone"}}`)
	require.Equal(t, 200, created.status, string(created.body))
	assert.Equal(t, "kp-gone", created.get("keypair.name").String())
	assert.Equal(t, 409, h.do("POST", "/v2.1/"+project+"/os-keypairs", `{"keypair":{"name":"kp-gone"}}`).status)
	assert.Len(t, h.do("GET", "/v2.1/"+project+"/os-keypairs", "").get("keypairs").Array(), 2)

	b := h.do("POST", p("/protected-instances/batch"), batch("k", "pg-ok", "wgone"))
	h.clock.Advance(jobTime)
	assert.Equal(t, "SUCCESS", h.job(b.get("job_id").String()).get("status").String())

	assert.Equal(t, 204, h.do("DELETE", "/v2.1/"+project+"/os-keypairs/kp-gone", "").status)
	assert.Equal(t, 404, h.do("DELETE", "/v2.1/"+project+"/os-keypairs/kp-gone", "").status)
	assert.Equal(t, 400, h.do("POST", "/v2.1/"+project+"/os-keypairs", `{"keypair":{}}`).status)
}

func TestAKSKSignatures(t *testing.T) {
	const ak, sk = "AKMOCK", "mock-sk"
	h := newHarness(t, func(o *mock.Options) { o.AccessKey, o.SecretKey = ak, sk })
	send := func(path, secret string, when time.Time) answer {
		body := batch("sig", "pg-ok", "s1")
		req, err := http.NewRequest("POST", h.srv.URL+path, strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json;charset=UTF-8")
		req.Header.Set("X-Project-Id", project)
		require.NoError(t, sign.Sign(req, []byte(body), ak, secret, when))
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		data, _ := io.ReadAll(resp.Body)
		return answer{status: resp.StatusCode, body: data}
	}
	now := h.clock.Now()
	wrong := send(p("/protected-instances/batch"), "other", now)
	assert.Equal(t, 401, wrong.status)
	assert.Contains(t, wrong.get("error_msg").String(), "signature does not match")
	stale := send(p("/protected-instances/batch"), sk, now.Add(-20*time.Minute))
	assert.Equal(t, 401, stale.status)
	assert.Contains(t, stale.get("error_msg").String(), "15 minutes")
	other := send("/v1/other/protected-instances/batch", sk, now)
	assert.Equal(t, 403, other.status)
	assert.Empty(t, h.instancesOf("s1"), "nothing is created for a refused signature")
	good := send(p("/protected-instances/batch"), sk, now)
	assert.Equal(t, 202, good.status, string(good.body))
}

// A server whose disk sharers are already protected can be protected alone: they
// are not missing from the batch, they are done.
func TestSharersAlreadyProtectedAreNotMissing(t *testing.T) {
	h := newHarness(t)
	a := h.do("POST", p("/protected-instances/batch"), batch("d", "pg-ok", "c1", "c2"))
	require.Equal(t, 202, a.status, string(a.body))
	h.clock.Advance(jobTime)
	c2 := h.instancesOf("c2")[0].Get("id").String()
	del := h.do("DELETE", p("/protected-instances/"+c2), `{"delete_target_server":true}`)
	require.Equal(t, 200, del.status, string(del.body))
	h.clock.Advance(jobTime)

	again := h.do("POST", p("/protected-instances/batch"), batch("e", "pg-ok", "c2"))
	assert.Equal(t, 202, again.status, string(again.body))
}

// The counters count what is done when they are read, not when the next SDRS call comes.
func TestStatsSeeJobsThatEnded(t *testing.T) {
	m, err := mock.New(world(), mock.Options{ProjectID: project, Token: token, JobDuration: time.Millisecond})
	require.NoError(t, err)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	req, _ := http.NewRequest("POST", srv.URL+p("/protected-instances/batch"), strings.NewReader(batch("f", "pg-ok", "wgone")))
	req.Header.Set("X-Auth-Token", token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 202, resp.StatusCode)
	time.Sleep(5 * time.Millisecond)
	stats := m.Stats()
	assert.Equal(t, 1, stats.InstancesCreated)
	assert.Equal(t, 1, stats.InstancesRemoved, "the failed job undid its instance, though no request came since")
}

func TestKeyPairNamesTheDeleteCallCanAddress(t *testing.T) {
	h := newHarness(t)
	for _, name := range []string{"a/b", " ", "", strings.Repeat("k", 65), "a b"} {
		a := h.do("POST", "/v2.1/"+project+"/os-keypairs", fmt.Sprintf(`{"keypair":{"name":%q}}`, name))
		assert.Equal(t, 400, a.status, "key pair name %q", name)
	}
}

// The DR-site server's NIC is in the subnet the batch names, else in its production server's.
func TestDRServerNICFollowsPrimarySubnet(t *testing.T) {
	h := newHarness(t)
	a := h.do("POST", p("/protected-instances/batch"), `{"protected_instances":{"name_prefix":"n","server_group_id":"pg-ok","primary_subnet_id":"sub-1","servers":[{"server_id":"s1"}]}}`)
	require.Equal(t, 202, a.status, string(a.body))
	b := h.do("POST", p("/protected-instances/batch"), batch("m", "pg-ok", "s2"))
	require.Equal(t, 202, b.status, string(b.body))
	h.clock.Advance(jobTime)

	named := h.do("GET", p("/cloudservers/"+h.instancesOf("s1")[0].Get("target_server").String()+"/os-interface"), "")
	assert.Equal(t, []any{"sub-1"}, named.get("interfaceAttachments.#.net_id").Value())
	unnamed := h.do("GET", p("/cloudservers/"+h.instancesOf("s2")[0].Get("target_server").String()+"/os-interface"), "")
	assert.Empty(t, unnamed.get("interfaceAttachments").Array(), "the world does not say which subnet s2 is in")
	assert.Equal(t, 404, h.do("GET", p("/cloudservers/nope/os-interface"), "").status)
}
