// Package api wraps the SDRS calls the suite makes: batch create and the calls that
// observe and clean up its result. Every answer passes the contract check here, and
// this is the one place that polls jobs.
package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/tidwall/gjson"

	"github.com/sdrs-conformance/sdrs-conformance/internal/client"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
)

// API is a target as the suite sees it.
type API struct {
	Client    *client.Client
	ProjectID string
	Timeouts  profile.Timeouts
}

// Failure is a conformance failure: what is wrong, and the exchanges that show it.
type Failure struct {
	Problem   string
	Exchanges []*client.Exchange
}

func (f *Failure) Error() string {
	var b strings.Builder
	b.WriteString(f.Problem)
	var first *client.Exchange
	for _, x := range f.Exchanges {
		if x != nil {
			b.WriteString("\n\n" + x.String())
			if first == nil {
				first = x
			}
		}
	}
	if first != nil {
		b.WriteString("\n\nTo send the first request again (set SDRS_AUTH_TOKEN first):\n" + first.Curl())
	}
	return b.String()
}

// Fail builds a Failure.
func Fail(x *client.Exchange, format string, args ...any) error {
	return &Failure{Problem: fmt.Sprintf(format, args...), Exchanges: []*client.Exchange{x}}
}

// Path returns the API path under the project: Path("jobs", id) is /v1/<project>/jobs/<id>.
func (a *API) Path(segments ...string) string {
	escaped := make([]string, len(segments))
	for i, s := range segments {
		escaped[i] = url.PathEscape(s)
	}
	return "/v1/" + url.PathEscape(a.ProjectID) + "/" + strings.Join(escaped, "/")
}

// Call sends a request and fails when the response breaks openapi.yaml.
func (a *API) Call(ctx context.Context, r client.Request) (*client.Exchange, error) {
	x, err := a.Client.Do(ctx, r)
	if err != nil {
		return x, err
	}
	if x.ContractErr != nil {
		return x, &Failure{Problem: x.ContractErr.Error(), Exchanges: []*client.Exchange{x}}
	}
	return x, nil
}

// expect sends a request and fails unless the answer has the wanted status and
// keeps the contract.
func (a *API) expect(ctx context.Context, r client.Request, want int, what string) (*client.Exchange, error) {
	return a.answer(ctx, r, want, what, true)
}

// answer sends a request and fails unless the answer has the wanted status; strict
// also holds it to the contract (housekeeping is not strict: the scenarios judge).
func (a *API) answer(ctx context.Context, r client.Request, want int, what string, strict bool) (*client.Exchange, error) {
	send := a.Client.Do
	if strict {
		send = a.Call
	}
	x, err := send(ctx, r)
	if err != nil {
		return x, err
	}
	if x.Status != want {
		return x, Fail(x, "%s: expected HTTP %d, got %d", what, want, x.Status)
	}
	return x, nil
}

// BatchCreatePath is the operation under test.
func (a *API) BatchCreatePath() string { return a.Path("protected-instances", "batch") }

// Job is a job document.
type Job struct {
	ID         string
	Type       string
	Status     string
	ErrorCode  string
	FailReason string
	SubJobs    []SubJob
	Raw        gjson.Result
	// Exchange is the answer the job was read from.
	Exchange *client.Exchange
	// Seen lists the statuses observed while waiting, in order, without repeats.
	Seen []string
}

// SubJob is one part of a job.
type SubJob struct {
	ID         string
	Status     string
	ErrorCode  string
	FailReason string
	Entities   map[string]string
}

// Final says whether the job has ended.
func (j Job) Final() bool { return j.Status == "SUCCESS" || j.Status == "FAIL" }

// GetJob reads a job.
func (a *API) GetJob(ctx context.Context, id string) (Job, error) {
	x, err := a.expect(ctx, client.Request{Method: http.MethodGet, Path: a.Path("jobs", id)}, http.StatusOK, "query job "+id)
	if err != nil {
		return Job{}, err
	}
	doc := gjson.ParseBytes(x.ResponseBody)
	j := Job{
		ID:         doc.Get("job_id").String(),
		Type:       doc.Get("job_type").String(),
		Status:     doc.Get("status").String(),
		ErrorCode:  doc.Get("error_code").String(),
		FailReason: doc.Get("fail_reason").String(),
		Raw:        doc,
		Exchange:   x,
	}
	for _, s := range doc.Get("entities.sub_jobs").Array() {
		sub := SubJob{ID: s.Get("job_id").String(), Status: s.Get("status").String(),
			ErrorCode: s.Get("error_code").String(), FailReason: s.Get("fail_reason").String(), Entities: map[string]string{}}
		s.Get("entities").ForEach(func(k, v gjson.Result) bool {
			sub.Entities[k.String()] = v.String()
			return true
		})
		j.SubJobs = append(j.SubJobs, sub)
	}
	return j, nil
}

// WaitJob polls a job until it ends, backing off from the profile's poll_initial to
// poll_max, and fails when it does not end within the profile's job timeout.
func (a *API) WaitJob(ctx context.Context, id string) (Job, error) { return a.pollJob(ctx, id, true) }

// WatchJob is WaitJob without the back-off: it polls every poll_initial, to see
// each status the job passes through.
func (a *API) WatchJob(ctx context.Context, id string) (Job, error) { return a.pollJob(ctx, id, false) }

func (a *API) pollJob(ctx context.Context, id string, backoff bool) (Job, error) {
	deadline := time.Now().Add(a.Timeouts.Job)
	wait := a.Timeouts.PollInitial
	var seen []string
	for {
		j, err := a.GetJob(ctx, id)
		if err == nil && (len(seen) == 0 || seen[len(seen)-1] != j.Status) {
			seen = append(seen, j.Status)
		}
		j.Seen = seen
		if err != nil || j.Final() {
			return j, err
		}
		if time.Now().Add(wait).After(deadline) {
			return j, Fail(j.Exchange, "job %s did not end within %s (timeouts.job); its status is still %s", id, a.Timeouts.Job, j.Status)
		}
		select {
		case <-ctx.Done():
			return j, fmt.Errorf("%w: waiting for job %s: %v", client.ErrCouldNotTest, id, ctx.Err())
		case <-time.After(wait):
		}
		if backoff {
			wait = min(wait*2, a.Timeouts.PollMax)
		}
	}
}

// Instance is a protected instance.
type Instance struct {
	ID          string
	Name        string
	Description string
	GroupID     string
	Status      string
	Source      string
	Target      string
	Raw         gjson.Result
}

func instanceFrom(r gjson.Result) Instance {
	return Instance{
		ID:          r.Get("id").String(),
		Name:        r.Get("name").String(),
		Description: r.Get("description").String(),
		GroupID:     r.Get("server_group_id").String(),
		Status:      r.Get("status").String(),
		Source:      r.Get("source_server").String(),
		Target:      r.Get("target_server").String(),
		Raw:         r,
	}
}

// ListInstances reads every page of protected instances that match the query.
func (a *API) ListInstances(ctx context.Context, query url.Values) ([]Instance, error) {
	return a.listInstances(ctx, query, true)
}

// Inventory lists every protected instance for housekeeping (the sweeps): it
// reads the answers even when they break the contract, which the scenarios judge.
func (a *API) Inventory(ctx context.Context) ([]Instance, error) {
	return a.listInstances(ctx, nil, false)
}

func (a *API) listInstances(ctx context.Context, query url.Values, strict bool) ([]Instance, error) {
	const pageSize = 1000
	var out []Instance
	for offset := 0; ; offset += pageSize {
		q := url.Values{}
		for k, v := range query {
			q[k] = v
		}
		q.Set("limit", strconv.Itoa(pageSize))
		q.Set("offset", strconv.Itoa(offset))
		r := client.Request{Method: http.MethodGet, Path: a.Path("protected-instances"), Query: q}
		x, err := a.answer(ctx, r, http.StatusOK, "list protected instances", strict)
		if err != nil {
			return nil, err
		}
		items := gjson.GetBytes(x.ResponseBody, "protected_instances").Array()
		for _, it := range items {
			out = append(out, instanceFrom(it))
		}
		if len(items) < pageSize {
			return out, nil
		}
	}
}

// InstancesOf returns the instances backed by any of the given production servers.
func (a *API) InstancesOf(ctx context.Context, servers []string) ([]Instance, error) {
	all, err := a.ListInstances(ctx, nil)
	if err != nil {
		return nil, err
	}
	want := map[string]bool{}
	for _, s := range servers {
		want[s] = true
	}
	var out []Instance
	for _, in := range all {
		if want[in.Source] {
			out = append(out, in)
		}
	}
	return out, nil
}

// ErrNotFound says a resource does not exist.
var ErrNotFound = errors.New("not found")

// GetInstance reads one protected instance; a 400 or 404 answer is ErrNotFound.
func (a *API) GetInstance(ctx context.Context, id string) (Instance, error) {
	x, err := a.Call(ctx, client.Request{Method: http.MethodGet, Path: a.Path("protected-instances", id)})
	if err != nil {
		return Instance{}, err
	}
	switch x.Status {
	case http.StatusOK:
		return instanceFrom(gjson.GetBytes(x.ResponseBody, "protected_instance")), nil
	case http.StatusBadRequest, http.StatusNotFound:
		return Instance{}, ErrNotFound
	}
	return Instance{}, Fail(x, "query protected instance %s: expected HTTP 200, or 400/404 when it does not exist; got %d", id, x.Status)
}

// DeleteInstance deletes a protected instance and its DR-site server, and returns the job id.
func (a *API) DeleteInstance(ctx context.Context, id string) (string, error) {
	x, err := a.expect(ctx, client.Request{Method: http.MethodDelete, Path: a.Path("protected-instances", id),
		Body: []byte(`{"delete_target_server":true,"delete_target_eip":true}`)}, http.StatusOK, "delete protected instance "+id)
	if err != nil {
		return "", err
	}
	return gjson.GetBytes(x.ResponseBody, "job_id").String(), nil
}

// Server is a server as ECS describes it.
type Server struct {
	ID     string
	Name   string
	Flavor string
}

// GetServer reads a server's details from the ECS endpoint.
func (a *API) GetServer(ctx context.Context, id string) (Server, error) {
	x, err := a.expect(ctx, client.Request{Method: http.MethodGet, Path: a.Path("cloudservers", id), ECS: true}, http.StatusOK, "query server "+id)
	if err != nil {
		return Server{}, err
	}
	s := gjson.GetBytes(x.ResponseBody, "server")
	return Server{ID: s.Get("id").String(), Name: s.Get("name").String(), Flavor: s.Get("flavor.id").String()}, nil
}

// ServerExists says whether ECS still has a server: HTTP 200 yes, 404 no; any
// other answer is a failure (a 400 could hide a server that is still there).
func (a *API) ServerExists(ctx context.Context, id string) (bool, *client.Exchange, error) {
	x, err := a.Call(ctx, client.Request{Method: http.MethodGet, Path: a.Path("cloudservers", id), ECS: true})
	if err != nil {
		return false, x, err
	}
	switch x.Status {
	case http.StatusOK:
		return true, x, nil
	case http.StatusNotFound:
		return false, x, nil
	}
	return false, x, Fail(x, "query server %s: expected HTTP 200, or 404 when it does not exist; got %d", id, x.Status)
}

// ServerNetworks lists the networks (subnets) of a server's NICs, read from ECS.
func (a *API) ServerNetworks(ctx context.Context, id string) ([]string, *client.Exchange, error) {
	x, err := a.expect(ctx, client.Request{Method: http.MethodGet, Path: a.Path("cloudservers", id, "os-interface"), ECS: true}, http.StatusOK, "query the NICs of server "+id)
	if err != nil {
		return nil, x, err
	}
	var nets []string
	for _, n := range gjson.GetBytes(x.ResponseBody, "interfaceAttachments.#.net_id").Array() {
		nets = append(nets, n.String())
	}
	return nets, x, nil
}

// RenameInstance changes a protected instance's name and returns it as answered.
func (a *API) RenameInstance(ctx context.Context, id, name string) (Instance, error) {
	body := fmt.Sprintf(`{"protected_instance":{"name":%q}}`, name)
	x, err := a.expect(ctx, client.Request{Method: http.MethodPut, Path: a.Path("protected-instances", id), Body: []byte(body)}, http.StatusOK, "rename protected instance "+id)
	if err != nil {
		return Instance{}, err
	}
	return instanceFrom(gjson.GetBytes(x.ResponseBody, "protected_instance")), nil
}

// ecsPath is an ECS (Nova-compatible) path under the project.
func (a *API) ecsPath(segments ...string) string {
	return strings.Replace(a.Path(segments...), "/v1/", "/v2.1/", 1)
}

// KeyPairs lists the names of the key pairs that exist, for housekeeping: the
// answer is read even when it breaks the contract.
func (a *API) KeyPairs(ctx context.Context) ([]string, error) {
	x, err := a.answer(ctx, client.Request{Method: http.MethodGet, Path: a.ecsPath("os-keypairs"), ECS: true}, http.StatusOK, "list key pairs", false)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, k := range gjson.GetBytes(x.ResponseBody, "keypairs.#.keypair.name").Array() {
		names = append(names, k.String())
	}
	return names, nil
}

// CreateKeyPair creates a key pair with the given name.
func (a *API) CreateKeyPair(ctx context.Context, name string) error {
	body := fmt.Sprintf(`{"keypair":{"name":%q}}`, name)
	_, err := a.expect(ctx, client.Request{Method: http.MethodPost, Path: a.ecsPath("os-keypairs"), Body: []byte(body), ECS: true}, http.StatusOK, "create key pair "+name)
	return err
}

// DeleteKeyPair deletes a key pair.
func (a *API) DeleteKeyPair(ctx context.Context, name string) error {
	_, err := a.expect(ctx, client.Request{Method: http.MethodDelete, Path: a.ecsPath("os-keypairs", name), ECS: true}, http.StatusNoContent, "delete key pair "+name)
	return err
}

// Remove deletes protected instances with their DR-site servers: it lets those
// still being created finish, deletes them all, waits for the delete jobs and
// checks they are gone. It is the one way the suite removes what it created.
func (a *API) Remove(ctx context.Context, ins []Instance) error {
	var errs []error
	var jobs []string
	for _, in := range ins {
		gone, err := a.waitWhileBusy(ctx, in.ID)
		if err != nil {
			errs = append(errs, err)
		}
		if gone || err != nil {
			continue
		}
		job, err := a.DeleteInstance(ctx, in.ID)
		if err != nil {
			errs = append(errs, fmt.Errorf("delete protected instance %s (%s): %w", in.ID, in.Name, err))
			continue
		}
		jobs = append(jobs, job)
	}
	for _, id := range jobs {
		j, err := a.WaitJob(ctx, id)
		if err == nil && j.Status != "SUCCESS" {
			err = Fail(j.Exchange, "delete job %s ended %s", id, j.Status)
		}
		errs = append(errs, err)
	}
	for _, in := range ins {
		if _, err := a.GetInstance(ctx, in.ID); err == nil {
			errs = append(errs, fmt.Errorf("protected instance %s (%s) is still there after its delete job ended", in.ID, in.Name))
		} else if !errors.Is(err, ErrNotFound) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// waitWhileBusy polls an instance until it is neither creating nor deleting (a
// delete started elsewhere: then it goes); gone says it disappeared meanwhile.
func (a *API) waitWhileBusy(ctx context.Context, id string) (gone bool, err error) {
	t := a.Timeouts
	deadline := time.Now().Add(t.Job)
	for wait := t.PollInitial; ; wait = min(wait*2, t.PollMax) {
		in, err := a.GetInstance(ctx, id)
		if errors.Is(err, ErrNotFound) {
			return true, nil
		}
		if err != nil || (in.Status != "creating" && in.Status != "deleting") {
			return false, err
		}
		if time.Now().After(deadline) {
			return false, fmt.Errorf("protected instance %s is still %s after %s; it cannot be deleted", id, in.Status, t.Job)
		}
		select {
		case <-ctx.Done():
			return false, fmt.Errorf("%w: %v", client.ErrCouldNotTest, ctx.Err())
		case <-time.After(wait):
		}
	}
}
