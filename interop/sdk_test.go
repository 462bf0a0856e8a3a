// Package interop checks the suite against the real Huawei Cloud Go SDK: the SDK's
// SDRS client talks to the reference mock, and the suite's AK/SK signer is held
// against the SDK's. It is a separate module so that the SDK stays out of the
// main build.
package interop

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/basic"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/auth/signer"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/config"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/request"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/core/sdkerr"
	v1 "github.com/huaweicloud/huaweicloud-sdk-go-v3/services/sdrs/v1"
	"github.com/huaweicloud/huaweicloud-sdk-go-v3/services/sdrs/v1/model"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sdrsconformance "github.com/sdrs-conformance/sdrs-conformance"
	"github.com/sdrs-conformance/sdrs-conformance/internal/mock"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
	"github.com/sdrs-conformance/sdrs-conformance/internal/sign"
)

// jobTimeout bounds every wait for a job of the mock.
const jobTimeout = 10 * time.Second

// startMock serves the embedded mock profile's world in-process, with short jobs.
func startMock(t *testing.T) (*profile.Profile, *mock.Running) {
	t.Helper()
	p, err := profile.Load("mock", sdrsconformance.Files)
	require.NoError(t, err)
	require.NotEmpty(t, p.Auth.AK, "the mock profile has no access key")
	require.NotEmpty(t, p.Auth.SK, "the mock profile has no secret key")
	opts := mock.OptionsFromProfile(p)
	opts.JobDuration = 100 * time.Millisecond
	m, err := mock.New(p.World, opts)
	require.NoError(t, err)
	running, err := m.Listen("127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = running.Close() })
	return p, running
}

// newSDK is the SDK's SDRS client for the mock, signing with ak/sk. No region is
// set: that would send the SDK to IAM.
func newSDK(t *testing.T, endpoint, ak, sk, projectID string) *v1.SdrsClient {
	t.Helper()
	cred, err := basic.NewCredentialsBuilder().WithAk(ak).WithSk(sk).WithProjectId(projectID).SafeBuild()
	require.NoError(t, err)
	hc, err := v1.SdrsClientBuilder().
		WithEndpoints([]string{endpoint}).
		WithCredential(cred).
		WithHttpConfig(config.DefaultHttpConfig().WithTimeout(10 * time.Second)).
		SafeBuild()
	require.NoError(t, err)
	return v1.NewSdrsClient(hc)
}

// plainServers returns n servers of role plain.
func plainServers(t *testing.T, p *profile.Profile, n int) []profile.Server {
	t.Helper()
	servers := p.World.ServersWithRole(profile.RolePlain)
	require.GreaterOrEqual(t, len(servers), n, "the mock world has too few plain servers")
	return servers[:n]
}

// availableGroup returns a protection group that accepts new instances.
func availableGroup(t *testing.T, p *profile.Profile) profile.Group {
	t.Helper()
	groups := p.World.GroupsWithStatus("available")
	require.NotEmpty(t, groups, "the mock world has no available protection group")
	return groups[0]
}

func batchRequest(prefix, groupID string, servers []profile.Server) *model.BatchCreateProtectedInstancesRequest {
	infos := make([]model.ServerInfo, 0, len(servers))
	for _, s := range servers {
		infos = append(infos, model.ServerInfo{ServerId: s.ID})
	}
	return &model.BatchCreateProtectedInstancesRequest{
		Body: &model.BatchCreateProtectedInstancesRequestBody{
			ProtectedInstances: &model.BatchCreateProtectedInstancesRequestParams{
				NamePrefix:    prefix,
				ServerGroupId: groupID,
				Servers:       infos,
			},
		},
	}
}

// waitJob polls a job until it ends and requires that it succeeded.
func waitJob(t *testing.T, c *v1.SdrsClient, jobID string) *model.ShowJobStatusResponse {
	t.Helper()
	success := model.GetShowJobStatusResponseStatusEnum().SUCCESS.Value()
	failed := model.GetShowJobStatusResponseStatusEnum().FAIL.Value()
	deadline := time.Now().Add(jobTimeout)
	for {
		resp, err := c.ShowJobStatus(&model.ShowJobStatusRequest{JobId: jobID})
		require.NoError(t, err, "ShowJobStatus %s", jobID)
		require.Equal(t, 200, resp.HttpStatusCode)
		require.NotNil(t, resp.Status, "job %s has no status", jobID)
		switch resp.Status.Value() {
		case success:
			return resp
		case failed:
			t.Fatalf("job %s failed: %s %s", jobID, deref(resp.ErrorCode), deref(resp.FailReason))
		}
		if time.Now().After(deadline) {
			t.Fatalf("job %s still %s after %s", jobID, resp.Status.Value(), jobTimeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// serviceError requires err to be the SDK's decoded error answer.
func serviceError(t *testing.T, err error) *sdkerr.ServiceResponseError {
	t.Helper()
	require.Error(t, err)
	var sre *sdkerr.ServiceResponseError
	require.True(t, errors.As(err, &sre), "want *sdkerr.ServiceResponseError, got %T: %v", err, err)
	return sre
}

func TestSDKAgainstTheMock(t *testing.T) {
	p, running := startMock(t)
	c := newSDK(t, running.URL, p.Auth.AK, p.Auth.SK, p.ProjectID)
	servers := plainServers(t, p, 2)
	group := availableGroup(t, p)
	const prefix = "sdk-interop"

	created, err := c.BatchCreateProtectedInstances(batchRequest(prefix, group.ID, servers))
	require.NoError(t, err)
	assert.Equal(t, 202, created.HttpStatusCode)
	require.NotNil(t, created.JobId)
	require.NotEmpty(t, *created.JobId)
	waitJob(t, c, *created.JobId)

	list, err := c.ListProtectedInstances(&model.ListProtectedInstancesRequest{ServerGroupId: &group.ID})
	require.NoError(t, err)
	assert.Equal(t, 200, list.HttpStatusCode)
	require.NotNil(t, list.ProtectedInstances)
	byName := map[string]model.ShowProtectedInstanceParams{}
	for _, in := range *list.ProtectedInstances {
		assert.Equal(t, group.ID, in.ServerGroupId, "instance %s listed under another group", in.Id)
		byName[in.Name] = in
	}
	if assert.NotNil(t, list.Count) {
		assert.Equal(t, len(*list.ProtectedInstances), int(*list.Count))
	}
	var ids []string
	for i, s := range servers {
		name := prefix + []string{"-0001", "-0002"}[i]
		in, found := byName[name]
		require.True(t, found, "no instance named %s in the list", name)
		assert.Equal(t, s.ID, in.SourceServer, "%s backs the wrong server", name)
		assert.NotEmpty(t, in.Id)
		assert.NotEmpty(t, in.TargetServer)
		ids = append(ids, in.Id)
	}

	shown, err := c.ShowProtectedInstance(&model.ShowProtectedInstanceRequest{ProtectedInstanceId: ids[0]})
	require.NoError(t, err)
	assert.Equal(t, 200, shown.HttpStatusCode)
	require.NotNil(t, shown.ProtectedInstance)
	assert.Equal(t, ids[0], shown.ProtectedInstance.Id)
	assert.Equal(t, prefix+"-0001", shown.ProtectedInstance.Name)
	assert.Equal(t, servers[0].ID, shown.ProtectedInstance.SourceServer)
	assert.Equal(t, group.ID, shown.ProtectedInstance.ServerGroupId)

	deleteTarget := true
	for _, id := range ids {
		deleted, err := c.DeleteProtectedInstance(&model.DeleteProtectedInstanceRequest{
			ProtectedInstanceId: id,
			Body:                &model.DeleteProtectedInstanceRequestBody{DeleteTargetServer: &deleteTarget},
		})
		require.NoError(t, err, "DeleteProtectedInstance %s", id)
		assert.Equal(t, 200, deleted.HttpStatusCode)
		require.NotNil(t, deleted.JobId)
		require.NotEmpty(t, *deleted.JobId)
		waitJob(t, c, *deleted.JobId)
	}

	for _, id := range ids {
		_, err = c.ShowProtectedInstance(&model.ShowProtectedInstanceRequest{ProtectedInstanceId: id})
		sre := serviceError(t, err)
		assert.Equal(t, 400, sre.StatusCode)
		assert.Equal(t, "SDRS.0208", sre.ErrorCode)
		assert.NotEmpty(t, sre.ErrorMessage)
		assert.NotEmpty(t, sre.RequestId)
	}
}

func TestSDKDecodesAnError(t *testing.T) {
	p, running := startMock(t)
	c := newSDK(t, running.URL, p.Auth.AK, p.Auth.SK, p.ProjectID)

	_, err := c.BatchCreateProtectedInstances(batchRequest(strings.Repeat("a", 60), availableGroup(t, p).ID, plainServers(t, p, 2)))
	sre := serviceError(t, err)
	assert.Equal(t, 400, sre.StatusCode)
	assert.Equal(t, "SDRS.0202", sre.ErrorCode)
	assert.NotEmpty(t, sre.ErrorMessage)
	assert.NotEmpty(t, sre.RequestId, "the mock sends X-Request-Id")
}

func TestSDKIsRefusedWithAWrongKey(t *testing.T) {
	p, running := startMock(t)
	c := newSDK(t, running.URL, p.Auth.AK, p.Auth.SK+"-wrong", p.ProjectID)

	_, err := c.BatchCreateProtectedInstances(batchRequest("sdk-wrong-key", availableGroup(t, p).ID, plainServers(t, p, 1)))
	sre := serviceError(t, err)
	assert.Equal(t, 401, sre.StatusCode)
	assert.NotEmpty(t, sre.ErrorCode)
	assert.NotEmpty(t, sre.RequestId)
}

// signCase is one request signed by both signers.
type signCase struct {
	name    string
	method  string
	path    string
	query   []queryParam
	headers map[string]string
	body    string
}

// queryParam is one query key; several values make a repeated key.
type queryParam struct {
	key    string
	values []string
}

func TestOurSignerMatchesTheSDK(t *testing.T) {
	const (
		endpoint  = "https://sdrs.example-region.myhuaweicloud.com"
		ak        = "INTEROPACCESSKEY0000"
		sk        = "interop-secret-key-not-a-secret"
		projectID = "2b4a7c3e9d1f4e6a8b0c5d7e9f1a3b5c"
	)
	signedAt := time.Date(2026, time.March, 14, 9, 26, 53, 0, time.UTC)
	base := "/v1/" + projectID
	jsonHeaders := map[string]string{
		"Content-Type": "application/json;charset=UTF-8",
		"X-Project-Id": projectID,
	}
	cases := []signCase{
		{
			name:    "POST with a JSON body",
			method:  http.MethodPost,
			path:    base + "/protected-instances/batch",
			headers: jsonHeaders,
			body:    `{"protected_instances":{"name_prefix":"web","server_group_id":"6513270e-269e-4d37-b2a7-4de452e6b438","servers":[{"server_id":"7f150524-34b9-45df-9e77-69b10f4205b4"}]}}`,
		},
		{
			name:   "GET with a query string",
			method: http.MethodGet,
			path:   base + "/protected-instances",
			query: []queryParam{
				{"server_group_ids", []string{"['6513270e-269e-4d37-b2a7-4de452e6b438','d23f0824-128b-4f33-8c5c-7fd0a6a3a450']"}},
				{"name", []string{"web 01+a/b&c=d~é"}},
				{"status", []string{"protected", "available"}},
				{"limit", []string{"10"}},
				{"offset", []string{"0"}},
				{"empty", []string{""}},
			},
			headers: map[string]string{"X-Project-Id": projectID, "User-Agent": "huaweicloud-usdk-go/3.0"},
		},
		{
			name:    "DELETE with a body",
			method:  http.MethodDelete,
			path:    base + "/protected-instances/0a5a1c1e-0cf7-4b4c-8c4e-4a3d2f1e0b9c",
			headers: jsonHeaders,
			body:    `{"delete_target_server":true,"delete_target_eip":false}`,
		},
		{
			name:    "a path segment that needs escaping",
			method:  http.MethodGet,
			path:    base + "/protected-instances/web 01:ü@x,y;z",
			headers: map[string]string{"X-Project-Id": projectID},
		},
		{
			name:   "a body that is not JSON (unsigned payload)",
			method: http.MethodPut,
			path:   base + "/protected-instances/0a5a1c1e-0cf7-4b4c-8c4e-4a3d2f1e0b9c",
			headers: map[string]string{
				"Content-Type": "text/plain",
				"X-Project-Id": projectID,
				// The SDK adds it to a non-JSON request; our side is given the same header set.
				sign.ContentHashHeader: "UNSIGNED-PAYLOAD",
			},
			body: "rename me",
		},
	}

	// A server that checks, with our verifier, the signatures of the SDK's requests as they arrive.
	verified := make(chan error, 1)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err == nil {
			_, err = sign.Verify(r, body, secretOf(ak, sk), signedAt)
		}
		verified <- err
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()

	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			// The SDK's side, with the date fixed by an X-Sdk-Date header already on the request.
			b := request.NewHttpRequestBuilder().WithEndpoint(endpoint).WithPath(tc.path).WithMethod(tc.method).
				AddHeaderParam(sign.DateHeader, signedAt.Format(sign.DateLayout))
			for k, v := range tc.headers {
				b = b.AddHeaderParam(k, v)
			}
			for _, q := range tc.query {
				if len(q.values) == 1 {
					b = b.AddQueryParam(q.key, reflect.ValueOf(q.values[0]))
				} else {
					b = b.AddQueryParam(q.key, reflect.ValueOf(q.values))
				}
			}
			if tc.body != "" {
				b = b.WithBody("body", tc.body)
			}
			sdkReq := b.Build()
			sdkHeaders, err := signer.Sign(sdkReq, ak, sk)
			require.NoError(t, err)
			assert.Equal(t, signedAt.Format(sign.DateLayout), sdkHeaders[sign.DateHeader], "the SDK did not keep the fixed date")
			sdkAuth := sdkHeaders["Authorization"]
			require.NotEmpty(t, sdkAuth)

			// Our side, built independently from the same parts.
			u, err := url.Parse(endpoint)
			require.NoError(t, err)
			u.Path = tc.path
			values := url.Values{}
			for _, q := range tc.query {
				values[q.key] = q.values
			}
			u.RawQuery = values.Encode()
			ours, err := http.NewRequest(tc.method, u.String(), strings.NewReader(tc.body))
			require.NoError(t, err)
			for k, v := range tc.headers {
				ours.Header.Set(k, v)
			}
			require.NoError(t, sign.Sign(ours, []byte(tc.body), ak, sk, signedAt))
			assert.Equal(t, sdkAuth, ours.Header.Get("Authorization"), "the signers disagree")
			assert.Equal(t, sdkHeaders[sign.DateHeader], ours.Header.Get(sign.DateHeader))

			// Our verifier accepts the SDK's request as the SDK builds it...
			converted, err := sdkReq.ConvertRequest()
			require.NoError(t, err)
			for k, v := range sdkHeaders {
				converted.Header.Set(k, v)
			}
			body, err := io.ReadAll(converted.Body)
			require.NoError(t, err)
			assert.Equal(t, tc.body, string(body))
			check := &http.Request{Method: converted.Method, URL: converted.URL, Header: converted.Header}
			_, err = sign.Verify(check, body, secretOf(ak, sk), signedAt)
			assert.NoError(t, err, "our verifier refuses the SDK's request %s %s", converted.Method, converted.URL)

			// ...and as a server receives it.
			target, err := url.Parse(srv.URL)
			require.NoError(t, err)
			converted.URL.Scheme, converted.URL.Host, converted.Host = target.Scheme, target.Host, ""
			converted.Body = io.NopCloser(bytes.NewReader(body))
			resp, err := srv.Client().Do(converted)
			require.NoError(t, err)
			_ = resp.Body.Close()
			assert.NoError(t, <-verified, "our verifier refuses the SDK's request on the wire: %s %s", converted.Method, converted.URL.RequestURI())

			// A tampered signature is refused.
			converted.Header.Set("Authorization", strings.Replace(sdkAuth, "Signature=", "Signature=0", 1))
			_, err = sign.Verify(&http.Request{Method: converted.Method, URL: converted.URL, Header: converted.Header}, body, secretOf(ak, sk), signedAt)
			assert.ErrorIs(t, err, sign.ErrBadSignature)
		})
	}
}

func secretOf(ak, sk string) func(string) (string, bool) {
	return func(key string) (string, bool) { return sk, key == ak }
}
