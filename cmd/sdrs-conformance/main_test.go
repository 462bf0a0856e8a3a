package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sdrsconformance "github.com/sdrs-conformance/sdrs-conformance"
	"github.com/sdrs-conformance/sdrs-conformance/internal/mock"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
)

// mockBinary and suiteBinary are cmd/sdrs-mock and this command, built once by TestMain.
var mockBinary, suiteBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "sdrs-bin-")
	if err != nil {
		panic(err)
	}
	mockBinary, suiteBinary = filepath.Join(dir, "sdrs-mock"), filepath.Join(dir, "sdrs-conformance")
	for bin, pkg := range map[string]string{mockBinary: "../sdrs-mock", suiteBinary: "."} {
		if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
			os.RemoveAll(dir)
			panic("build " + pkg + ": " + err.Error() + "\n" + string(out))
		}
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// startMockProcess starts cmd/sdrs-mock on a free port, as a user would in
// another shell; it returns the URL it serves.
func startMockProcess(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.Command(mockBinary, append([]string{"-profile", "../../fixtures/targets/mock.yaml", "-listen", "127.0.0.1:0", "-quiet"}, args...)...)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		_ = cmd.Wait()
	})
	urls := make(chan string, 1)
	go func() {
		re := regexp.MustCompile(`on (http://\S+)`)
		sc := bufio.NewScanner(stderr)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
	}()
	select {
	case u := <-urls:
		return u
	case <-time.After(30 * time.Second):
		t.Fatal("sdrs-mock did not say where it listens")
	}
	return ""
}

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestAgainstASeparatelyStartedMock(t *testing.T) {
	url := startMockProcess(t)
	t.Setenv(profile.EnvEndpoint, url)
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "-target", "../../fixtures/targets/mock.yaml", "-out", out)
	require.Equal(t, exitConformant, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "CONFORMANT")
	assert.Contains(t, stdout, url)
	for _, f := range []string{"junit.xml", "cucumber.json", "summary.md"} {
		info, err := os.Stat(filepath.Join(out, f))
		require.NoError(t, err)
		assert.Positive(t, info.Size(), f)
	}
	summary, err := os.ReadFile(filepath.Join(out, "summary.md"))
	require.NoError(t, err)
	assert.Contains(t, string(summary), "Verdict: **conformant**")
	checkConformanceJSON(t, out)
}

// checkConformanceJSON: every requirement passes or is untestable with a reason,
// and the report names what was tested, without credentials.
func checkConformanceJSON(t *testing.T, out string) {
	data, err := os.ReadFile(filepath.Join(out, "conformance.json"))
	require.NoError(t, err)
	var doc struct {
		Target struct{ Name, Endpoint string }
		Suite  struct {
			Version       string
			OpenAPISHA256 string `json:"openapi_sha256"`
		}
		Levels []struct {
			Name    string
			Verdict string
		}
		Requirements []struct {
			ID, Level, Statement, Verdict, Note string
			Scenarios                           []struct{ Name, Location, Status string }
		}
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	assert.Equal(t, "mock", doc.Target.Name)
	assert.NotEmpty(t, doc.Suite.Version)
	assert.Len(t, doc.Suite.OpenAPISHA256, 64)
	assert.Len(t, doc.Levels, 2)
	require.NotEmpty(t, doc.Requirements)
	for _, r := range doc.Requirements {
		switch r.Verdict {
		case "pass":
			assert.NotEmpty(t, r.Scenarios, r.ID)
		case "untestable":
			assert.NotEmpty(t, r.Note, "%s says why it is untestable", r.ID)
		default:
			t.Errorf("requirement %s: verdict %s against the reference mock", r.ID, r.Verdict)
		}
	}
	assert.NotContains(t, string(data), "mock-token-not-a-secret", "no credentials in the report")
}

// The core level passes against a mock that enforces every rule through the job
// (202, then FAIL), as well as against one that refuses at once; the extended
// level, which expects the real service's immediate 400 codes, does not.
func TestLevelsAgainstAsynchronousRejection(t *testing.T) {
	url := startMockProcess(t, "-rejection", "async")
	t.Setenv(profile.EnvEndpoint, url)
	t.Setenv(envLevel, "core")
	code, stdout, stderr := runCLI(t, "-out", t.TempDir())
	require.Equal(t, exitConformant, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	// A refusal by the job is no protection: read-only mode and a cap at the
	// plan's "at most" both go on against it.
	code, stdout, stderr = runCLI(t, "-out", t.TempDir(), "-read-only")
	require.Equal(t, exitConformant, code, "read-only\nstdout:\n%s\nstderr:\n%s", stdout, stderr)
	// A cap of 1 is refused at once; the refusal prints the plan.
	_, planOut, _ := runCLI(t, "-out", t.TempDir(), "-max-instances", "1")
	atMost := regexp.MustCompile(`\(at most (\d+)\)`).FindStringSubmatch(planOut)
	require.Len(t, atMost, 2, planOut)
	code, stdout, stderr = runCLI(t, "-out", t.TempDir(), "-max-instances", atMost[1])
	require.Equal(t, exitConformant, code, "capped\nstdout:\n%s\nstderr:\n%s", stdout, stderr)

	t.Setenv(envLevel, "extended")
	code, stdout, _ = runCLI(t, "-out", t.TempDir())
	assert.Equal(t, exitNotConformant, code)
	assert.Contains(t, stdout, "rejected with HTTP 400 and code SDRS.0202")
}

func TestReportsGoUnderReportsTargetNameByDefault(t *testing.T) {
	t.Chdir(t.TempDir())
	code, stdout, stderr := runCLI(t, "-tags", "@BC-014")
	require.Equal(t, exitConformant, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	_, err := os.Stat(filepath.Join("reports", "mock", "summary.md"))
	assert.NoError(t, err, "the embedded profile works from any directory and writes reports/mock")
}

// mockAnswering serves the mock world, except that the POSTs accepted by match get
// status and body instead: a target broken in one precise way.
func mockAnswering(t *testing.T, match func(*http.Request) bool, status int, body string) *httptest.Server {
	t.Helper()
	p, err := profile.Load("mock", sdrsconformance.Files)
	require.NoError(t, err)
	m, err := mock.New(p.World, mock.OptionsFromProfile(p))
	require.NoError(t, err)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && match(r) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(status)
			_, _ = w.Write([]byte(body))
			return
		}
		m.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestABrokenTargetIsNotConformant(t *testing.T) {
	// This target answers 201 instead of 202 to batch create: a contract violation.
	broken := mockAnswering(t, func(r *http.Request) bool { return strings.HasSuffix(r.URL.Path, "/batch") },
		http.StatusCreated, `{"job_id":"0000000062db92d70162db9d200f00bb"}`)
	t.Setenv(profile.EnvEndpoint, broken.URL)
	code, stdout, _ := runCLI(t, "-out", t.TempDir())
	assert.Equal(t, exitNotConformant, code)
	assert.Contains(t, stdout, "NOT CONFORMANT")
	assert.Contains(t, stdout, "HTTP 201 is not a documented status of batchCreateProtectedInstances")
	assert.Contains(t, stdout, "> POST "+broken.URL, "the failure shows the request")
	assert.Contains(t, stdout, "< HTTP 201 Created", "the failure shows the response")
}

func TestCannotRun(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.yaml")
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	require.NoError(t, os.WriteFile(bad, []byte("name: bad\nendpoint: ftp://x\n"), 0o644))
	cases := map[string]struct {
		args []string
		env  string
		want string
	}{
		"missing profile":      {[]string{"-target", missing}, "", "read target profile"},
		"invalid profile":      {[]string{"-target", bad}, "", `endpoint "ftp://x"`},
		"unreachable endpoint": {nil, "http://127.0.0.1:1", "cannot be reached"},
		"stray argument":       {[]string{"extra"}, "", "unexpected argument"},
		"unknown flag":         {[]string{"-nope"}, "", "flag provided but not defined"},
		"unknown level":        {[]string{"-level", "gold"}, "", "choose core, extended or all"},
		"a tag typo":           {[]string{"-tags", "not @extended"}, "", `"not @extended" is not a tag`},
		"an unknown tag":       {[]string{"-tags", "~@extendd"}, "", "no scenario has the tag @extendd"},
		"negative concurrency": {[]string{"-concurrency", "-3"}, "", "give 1 or more"},
		"a bad endpoint flag":  {[]string{"-endpoint", "ftp://x"}, "", `-endpoint "ftp://x"`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Setenv(profile.EnvEndpoint, tc.env)
			code, _, stderr := runCLI(t, append(tc.args, "-out", t.TempDir())...)
			assert.Equal(t, exitCannotRun, code)
			assert.Contains(t, stderr, tc.want)
		})
	}
}

// An -out that cannot take the reports stops the run before it starts, naming -out.
func TestAnUnwritableReportDirectoryCannotRun(t *testing.T) {
	blocked := t.TempDir()
	require.NoError(t, os.Mkdir(filepath.Join(blocked, "junit.xml"), 0o755))
	notADir := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(notADir, nil, 0o644))
	for out, want := range map[string]string{
		blocked:                          "holds a directory named junit.xml",
		filepath.Join(notADir, "report"): "cannot create the report directory (-out)",
	} {
		code, stdout, stderr := runCLI(t, "-out", out)
		assert.Equal(t, exitCannotRun, code)
		assert.Contains(t, stderr, want)
		assert.NotContains(t, stdout, "plan:", "nothing may run before the reports are known to be writable")
	}
}

func TestRefusedCredentialsCannotRun(t *testing.T) {
	url := startMockProcess(t)
	t.Setenv(profile.EnvEndpoint, url)
	t.Setenv(profile.EnvAuthToken, "not-the-mock-token")
	code, _, stderr := runCLI(t, "-out", t.TempDir())
	assert.Equal(t, exitCannotRun, code)
	assert.Contains(t, stderr, "refused the credentials (HTTP 401)")
	assert.Contains(t, stderr, profile.EnvAuthToken)
}

func TestATagExpressionThatSelectsNothingCannotRun(t *testing.T) {
	code, _, stderr := runCLI(t, "-tags", "@core && @extended", "-out", t.TempDir())
	assert.Equal(t, exitCannotRun, code)
	assert.Contains(t, stderr, "matches none")
}

// mockState reads what a running mock holds and has done.
func mockState(t *testing.T, url string) (names []string, stats mock.Stats) {
	t.Helper()
	p, err := profile.Load("mock", sdrsconformance.Files)
	require.NoError(t, err)
	req, _ := http.NewRequest("GET", url+"/v1/"+p.ProjectID+"/protected-instances", nil)
	req.Header.Set("X-Auth-Token", p.Auth.Token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	var list struct {
		Instances []struct{ Name string } `json:"protected_instances"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&list))
	resp.Body.Close()
	for _, in := range list.Instances {
		names = append(names, in.Name)
	}
	resp, err = http.Get(url + mock.StatsPath)
	require.NoError(t, err)
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&stats))
	resp.Body.Close()
	return names, stats
}

// worldInstances are the instances the mock world starts with.
var worldInstances = []string{"legacy-01-pi"}

func TestANormalRunLeavesNothing(t *testing.T) {
	url := startMockProcess(t)
	t.Setenv(profile.EnvEndpoint, url)
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "-out", out, "-level", "core")
	require.Equal(t, exitConformant, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	names, stats := mockState(t, url)
	assert.Equal(t, worldInstances, names, "listing after the run finds none of the suite's instances")
	assert.Positive(t, stats.InstancesCreated)
	assert.Equal(t, stats.InstancesCreated, stats.InstancesRemoved, "every instance created was removed")
	assert.Equal(t, stats.KeyPairsCreated, stats.KeyPairsDeleted)
	summary, err := os.ReadFile(filepath.Join(out, "summary.md"))
	require.NoError(t, err)
	assert.Contains(t, string(summary), "## Leaked resources\n\nNone: listing")
}

// An interrupted run (a real Ctrl-C on the binary, then a SIGTERM) still removes what it created.
func TestAnInterruptedRunCleansUp(t *testing.T) {
	url := startMockProcess(t)
	out := t.TempDir()
	cmd := exec.Command(suiteBinary, "-out", out, "-concurrency", "8")
	cmd.Env = append(os.Environ(), profile.EnvEndpoint+"="+url)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	sc := bufio.NewScanner(stdout)
	passed := 0
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "pass") {
			passed++
		}
		if passed == 20 {
			// As a CI runner cancels a job: SIGINT, then SIGTERM, which must not cut
			// the cleanup short.
			require.NoError(t, cmd.Process.Signal(os.Interrupt))
			time.Sleep(50 * time.Millisecond)
			require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
			break
		}
	}
	go func() { _, _ = io.Copy(io.Discard, stdout) }()
	err = cmd.Wait()
	var exit *exec.ExitError
	require.ErrorAs(t, err, &exit, "stderr: %s", stderr.String())
	assert.Equal(t, exitCannotRun, exit.ExitCode())
	assert.Contains(t, stderr.String(), "interrupted")
	names, stats := mockState(t, url)
	assert.Equal(t, worldInstances, names, "listing after the interrupted run finds none of the suite's instances")
	assert.Equal(t, stats.InstancesCreated, stats.InstancesRemoved)
	doc, err := os.ReadFile(filepath.Join(out, "conformance.json"))
	require.NoError(t, err)
	assert.Contains(t, string(doc), `"interrupted": true`)
	assert.Contains(t, string(doc), `"leaked": []`)
	// godog's own report agrees: what the interruption cut short was not tested, not wrong.
	cucumber, err := os.ReadFile(filepath.Join(out, "cucumber.json"))
	require.NoError(t, err)
	assert.NotRegexp(t, `"status":\s*"failed"`, string(cucumber))
	assert.Regexp(t, `"status":\s*"skipped"`, string(cucumber))
}

// The plan's cap assumes a conformant target; against one that accepts what it
// should refuse, the run stops sending batches at the cap instead of running past it.
func TestTheCapHoldsAgainstATargetThatAcceptsTooMuch(t *testing.T) {
	url := startMockProcess(t, "-fault", "group-status-unchecked")
	t.Setenv(profile.EnvEndpoint, url)
	// The group-status scenarios, one at a time in file order: 2 instances on a
	// conformant target, 17 on this one. The cap lets the 2 and one faulty batch through.
	code, stdout, stderr := runCLI(t, "-out", t.TempDir(), "-tags", "@BC-020", "-max-instances", "3", "-concurrency", "1")
	assert.Equal(t, exitNotConformant, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "would pass limits.max_instances (3), so no more batches are sent")
	_, stats := mockState(t, url)
	assert.Equal(t, 3, stats.InstancesCreated, "the target never got the chance to create more than the cap")
	assert.Equal(t, stats.InstancesCreated, stats.InstancesRemoved)
}

// In read-only mode, once a faulty target has accepted a batch, no more are sent.
func TestReadOnlyStopsSendingOnceABatchIsAccepted(t *testing.T) {
	url := startMockProcess(t, "-fault", "group-status-unchecked")
	t.Setenv(profile.EnvEndpoint, url)
	code, stdout, stderr := runCLI(t, "-out", t.TempDir(), "-read-only", "-tags", "@BC-020", "-concurrency", "1")
	assert.Equal(t, exitNotConformant, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "read-only mode, yet batches of this run protected")
	_, stats := mockState(t, url)
	assert.Equal(t, 1, stats.BatchesAccepted, "one scenario at a time: the first accepted batch is the last sent")
	assert.Equal(t, stats.InstancesCreated, stats.InstancesRemoved)
}

func TestReadOnlyCreatesNothing(t *testing.T) {
	url := startMockProcess(t)
	t.Setenv(profile.EnvEndpoint, url)
	code, stdout, stderr := runCLI(t, "-out", t.TempDir(), "-read-only")
	require.Equal(t, exitConformant, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "read-only: none of them creates anything")
	assert.Contains(t, stdout, "mock: PARTIAL", "a read-only pass claims only what it ran")
	_, stats := mockState(t, url)
	assert.Positive(t, stats.Requests)
	assert.Zero(t, stats.BatchesAccepted, "the mock accepted no batch")
	assert.Zero(t, stats.InstancesCreated, "the mock created no instance")
	assert.Zero(t, stats.KeyPairsCreated)
}

// protectAPlainServer creates, behind the suite's back, an instance on the world's
// first plain server, as a crashed run or another user would.
func protectAPlainServer(t *testing.T, url, prefix string) {
	t.Helper()
	p, err := profile.Load("mock", sdrsconformance.Files)
	require.NoError(t, err)
	plain := p.World.ServersWithRole(profile.RolePlain)[0]
	group := p.World.GroupsWithStatus("available")[0]
	body := `{"protected_instances":{"name_prefix":"` + prefix + `","server_group_id":"` + group.ID + `","servers":[{"server_id":"` + plain.ID + `"}]}}`
	req, _ := http.NewRequest("POST", url+"/v1/"+p.ProjectID+"/protected-instances/batch", strings.NewReader(body))
	req.Header.Set("X-Auth-Token", p.Auth.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 202, resp.StatusCode)
	time.Sleep(500 * time.Millisecond) // its job ends (the mock's jobs take 150 ms)
}

func TestTheStartSweepRemovesWhatEarlierRunsLeft(t *testing.T) {
	url := startMockProcess(t)
	protectAPlainServer(t, url, "sdrsct-crashed-001")

	t.Setenv(profile.EnvEndpoint, url)
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "-out", out, "-tags", "@BC-014")
	require.Equal(t, exitConformant, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	summary, err := os.ReadFile(filepath.Join(out, "summary.md"))
	require.NoError(t, err)
	assert.Contains(t, string(summary), "Left by earlier runs, removed at the start (1)")
	assert.Contains(t, string(summary), "sdrsct-crashed-001-0001")
	names, _ := mockState(t, url)
	assert.Equal(t, worldInstances, names)
}

func TestTheCapRefusesABigRun(t *testing.T) {
	code, stdout, stderr := runCLI(t, "-out", t.TempDir(), "-max-instances", "5")
	assert.Equal(t, exitCannotRun, code)
	assert.Contains(t, stdout, "plan: ")
	assert.Contains(t, stderr, "more than the cap of 5")
}

// A gateway that cannot reach the service (503 to every batch) is trouble in the
// infrastructure: the run says it could not test, not that the target is wrong.
func TestGatewayTroubleIsCouldNotTest(t *testing.T) {
	down := mockAnswering(t, func(*http.Request) bool { return true },
		http.StatusServiceUnavailable, `{"error_code":"APIGW.0202","error_msg":"backend unavailable"}`)
	t.Setenv(profile.EnvEndpoint, down.URL)
	code, stdout, _ := runCLI(t, "-out", t.TempDir(), "-tags", "@BC-011")
	assert.Equal(t, exitCannotRun, code)
	assert.Contains(t, stdout, "COULD NOT TEST")
	assert.Contains(t, stdout, "ERROR")
	assert.NotContains(t, stdout, "FAIL ")
}

func TestShowProfileMasksCredentials(t *testing.T) {
	t.Setenv(profile.EnvAuthToken, "canary-token-show")
	t.Setenv(profile.EnvReadOnly, "1")
	code, stdout, _ := runCLI(t, "-show-profile", "-concurrency", "9", "-max-instances", "7")
	assert.Contains(t, stdout, "concurrency: 9", "the profile shown is the effective one")
	assert.Contains(t, stdout, "max_instances: 7")
	assert.Contains(t, stdout, "read_only: true")
	assert.Contains(t, stdout, "-concurrency, -max-instances")
	assert.Equal(t, exitConformant, code)
	assert.Contains(t, stdout, "token: '***'")
	assert.Contains(t, stdout, "with SDRS_AUTH_TOKEN")
	assert.NotContains(t, stdout, "canary-token-show")
	assert.NotContains(t, stdout, "mock-secret-key-not-a-secret")
}

// A world that lacks what core requirements need leaves the run incomplete (exit 2),
// never conformant.
func TestAThinWorldIsIncomplete(t *testing.T) {
	p, err := profile.Load("mock", sdrsconformance.Files)
	require.NoError(t, err)
	var keep []profile.Server
	for _, s := range p.World.Servers {
		if s.HasRole(profile.RolePlain) {
			keep = append(keep, s)
		}
	}
	data, err := os.ReadFile("../../fixtures/targets/mock.yaml")
	require.NoError(t, err)
	thin := strings.Split(string(data), "  servers:\n")[0] + "  servers:\n"
	for _, s := range keep {
		thin += fmt.Sprintf("    - {id: %s, name: %s, roles: [plain], vpc_id: %s, flavor: %s, os: Linux}\n", s.ID, s.Name, s.VPCID, s.Flavor)
	}
	thin += "  key_pairs: []\n  flavors: [s3.large.2, c3.large.2, c3.medium.2]\n  subnets: []\n"
	path := filepath.Join(t.TempDir(), "thin.yaml")
	require.NoError(t, os.WriteFile(path, []byte(strings.Replace(thin, "name: mock", "name: thin", 1)), 0o644))
	out := t.TempDir()
	code, stdout, stderr := runCLI(t, "-target", path, "-out", out, "-level", "core")
	assert.Equal(t, exitCannotRun, code, "stdout:\n%s\nstderr:\n%s", stdout, stderr)
	assert.Contains(t, stdout, "INCOMPLETE")
	assert.Contains(t, stdout, "not verified, all their scenarios skipped: ")
	assert.Contains(t, stdout, "BC-029", "shared disks cannot be verified without servers sharing a disk")
	junit, err := os.ReadFile(filepath.Join(out, "junit.xml"))
	require.NoError(t, err)
	assert.Contains(t, string(junit), `<skipped message="the world lacks`, "junit keeps the reason of a skip")
}

// A target that is not as its profile says stops the run before any scenario.
func TestADriftedWorldCannotRun(t *testing.T) {
	url := startMockProcess(t)
	protectAPlainServer(t, url, "someone-else")
	t.Setenv(profile.EnvEndpoint, url)
	code, _, stderr := runCLI(t, "-out", t.TempDir())
	assert.Equal(t, exitCannotRun, code)
	assert.Contains(t, stderr, "the target is not as the profile")
	assert.Contains(t, stderr, "already backs protected instance")
	assert.Contains(t, stderr, "someone-else-0001")
}
