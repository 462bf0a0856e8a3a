package contract_test

import (
	"context"
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdrs-conformance/sdrs-conformance/internal/contract"
)

func load(t *testing.T) *contract.Contract {
	t.Helper()
	data, err := os.ReadFile("../../openapi.yaml")
	require.NoError(t, err)
	c, err := contract.Load(data)
	require.NoError(t, err)
	return c
}

const base = "http://127.0.0.1:43121/v1/p1"

func request(t *testing.T, method, path string) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, base+path, nil)
	require.NoError(t, err)
	return req
}

func jsonHeader() http.Header { return http.Header{"Content-Type": {"application/json"}} }

func TestRoutesOnAnyBaseURL(t *testing.T) {
	c := load(t)
	for path, want := range map[string]string{
		"/protected-instances/batch":  "batchCreateProtectedInstances",
		"/protected-instances/abc":    "showProtectedInstance",
		"/jobs/0000000062db92d70162d": "showJobStatus",
		"/cloudservers/s1":            "showServer",
	} {
		method := http.MethodGet
		if strings.HasSuffix(path, "batch") {
			method = http.MethodPost
		}
		op, err := c.Operation(request(t, method, path))
		require.NoError(t, err, path)
		assert.Equal(t, want, op)
	}
	_, err := c.Operation(request(t, http.MethodGet, "/nothing-here"))
	assert.ErrorIs(t, err, contract.ErrNoOperation)
}

func TestResponseValidation(t *testing.T) {
	c := load(t)
	ctx := context.Background()
	batch := request(t, http.MethodPost, "/protected-instances/batch")

	assert.NoError(t, c.ValidateResponse(ctx, batch, 202, jsonHeader(), []byte(`{"job_id":"0000000062db92d70162db9d200f00bb"}`)))

	cases := map[string]struct {
		status int
		body   string
		want   string
	}{
		"job id missing":        {202, `{}`, `/job_id: property "job_id" is missing`},
		"job id a number":       {202, `{"job_id": 12}`, `/job_id`},
		"undocumented status":   {201, `{"job_id":"x"}`, `HTTP 201 is not a documented status`},
		"error without a code":  {400, `{"error": {"message": "bad"}}`, `doesn't match any schema`},
		"error in another form": {400, `{"oops": "bad"}`, `doesn't match any schema`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			err := c.ValidateResponse(ctx, batch, tc.status, jsonHeader(), []byte(tc.body))
			var cerr *contract.Error
			require.True(t, errors.As(err, &cerr), "want a contract error, got %v", err)
			assert.Contains(t, cerr.Error(), tc.want)
		})
	}
	for _, body := range []string{
		`{"error": {"code": "SDRS.0202", "message": "bad"}}`,
		`{"badrequest": {"code": "SDRS.0202", "message": "bad"}}`,
		`{"itemNotFound": {"code": "SDRS.1013", "message": "gone"}}`,
		`{"error_code": "APIGW.0301", "error_msg": "no token", "request_id": "r"}`,
	} {
		assert.NoError(t, c.ValidateResponse(ctx, batch, 400, jsonHeader(), []byte(body)), body)
	}
}

func TestRegisteredFormatsAreEnforced(t *testing.T) {
	c := load(t)
	job := request(t, http.MethodGet, "/jobs/j1")
	good := `{"job_id":"j1","status":"RUNNING","begin_time":"2018-04-19T01:55:30.443Z","entities":{}}`
	assert.NoError(t, c.ValidateResponse(context.Background(), job, 200, jsonHeader(), []byte(good)))
	bad := strings.Replace(good, "2018-04-19T01:55:30.443Z", "yesterday", 1)
	err := c.ValidateResponse(context.Background(), job, 200, jsonHeader(), []byte(bad))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/begin_time")
}

func TestMultipleViolationsAreAllReported(t *testing.T) {
	c := load(t)
	job := request(t, http.MethodGet, "/jobs/j1")
	err := c.ValidateResponse(context.Background(), job, 200, jsonHeader(), []byte(`{"status":"DONE"}`))
	var cerr *contract.Error
	require.ErrorAs(t, err, &cerr)
	assert.GreaterOrEqual(t, len(cerr.Violations), 2, cerr.Error())
}

func TestRequestValidation(t *testing.T) {
	c := load(t)
	body := `{"protected_instances":{"name_prefix":"` + strings.Repeat("a", 60) + `","server_group_id":"g","servers":[]}}`
	req, err := http.NewRequest(http.MethodPost, base+"/protected-instances/batch", strings.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	err = c.ValidateRequest(context.Background(), req)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "/protected_instances/name_prefix")
	assert.Contains(t, err.Error(), "/protected_instances/servers")
}

// kin-openapi only checks format names against its global registry, so this test
// makes sure every format openapi.yaml names is one the validator enforces.
func TestEveryFormatIsRegistered(t *testing.T) {
	data, err := os.ReadFile("../../openapi.yaml")
	require.NoError(t, err)
	known := map[string]bool{"int32": true, "int64": true}
	for _, f := range contract.Formats() {
		known[f] = true
	}
	for _, line := range strings.Split(string(data), "\n") {
		if f, found := strings.CutPrefix(strings.TrimSpace(line), "format: "); found {
			assert.True(t, known[f], "format %q is used in openapi.yaml but not registered", f)
		}
	}
}
