package steps

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/stretchr/testify/assert"
	"github.com/tidwall/gjson"

	"github.com/sdrs-conformance/sdrs-conformance/internal/api"
	"github.com/sdrs-conformance/sdrs-conformance/internal/client"
)

// verify runs testify assertions and turns their complaints into a Failure that
// shows the exchanges behind them.
func verify(check func(t assert.TestingT), xs ...*client.Exchange) error {
	c := &complaints{}
	check(c)
	if len(c.list) == 0 {
		return nil
	}
	return &api.Failure{Problem: strings.Join(c.list, "\n"), Exchanges: xs}
}

// complaints collects testify's messages, keeping what a reader needs: the
// message, then what differs (not the trace into the suite's own code).
type complaints struct{ list []string }

func (c *complaints) Errorf(format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	var message, detail []string
	section := ""
	for _, line := range strings.Split(text, "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "Error Trace:"):
			section = "trace"
			continue
		case strings.HasPrefix(trimmed, "Error:"):
			section = "error"
			line = strings.TrimPrefix(trimmed, "Error:")
		case strings.HasPrefix(trimmed, "Messages:"):
			section = "messages"
			line = strings.TrimPrefix(trimmed, "Messages:")
		case strings.HasPrefix(trimmed, "Test:"), strings.HasPrefix(trimmed, "Diff:"):
			section = "trace"
			continue
		}
		switch section {
		case "error":
			if strings.TrimSpace(line) != "" {
				detail = append(detail, "  "+strings.TrimSpace(line))
			}
		case "messages":
			if strings.TrimSpace(line) != "" {
				message = append(message, strings.TrimSpace(line))
			}
		}
	}
	c.list = append(c.list, strings.TrimSpace(strings.Join(message, " ")+"\n"+strings.Join(detail, "\n")))
}

// mustBeAccepted: HTTP 202 with a job id.
func (s *scenario) mustBeAccepted() error {
	if s.answer == nil {
		return fmt.Errorf("no batch was sent")
	}
	return verify(func(t assert.TestingT) {
		if assert.Equal(t, http.StatusAccepted, s.answer.Status, "expected the batch to be accepted with HTTP 202") {
			assert.NotEmpty(t, gjson.GetBytes(s.answer.ResponseBody, "job_id").String(), "expected a job_id in the answer")
		}
	}, s.answer)
}

// jobMustEnd waits for the batch's job and checks how it ended.
func (s *scenario) jobMustEnd(ctx context.Context, status string) error {
	j, err := s.waitJob(ctx)
	if err != nil {
		return err
	}
	return verify(func(t assert.TestingT) {
		assert.Equal(t, status, j.Status, "expected the job of the batch to end with %s (error_code %q, fail_reason %q)", status, j.ErrorCode, j.FailReason)
	}, s.answer, j.Exchange)
}

// batchMustBeAccepted: accepted, the job succeeds, and the instances exist.
func (s *scenario) batchMustBeAccepted(ctx context.Context) error {
	if err := s.mustBeAccepted(); err != nil {
		return err
	}
	if err := s.jobMustEnd(ctx, "SUCCESS"); err != nil {
		return err
	}
	return s.instancesMustExist(ctx)
}

// created returns the protected instances the scenario's batch created for the
// given servers (all batch servers when none are given): not those that existed
// before, nor those an earlier batch of the scenario made on purpose.
func (s *scenario) created(ctx context.Context, servers []string) ([]api.Instance, error) {
	if servers == nil {
		servers = s.servers
	}
	all, err := s.env.API.InstancesOf(ctx, servers)
	if err != nil {
		return nil, err
	}
	var out []api.Instance
	for _, in := range all {
		if !s.preexisting[in.ID] && !s.earlier[in.ID] {
			out = append(out, in)
		}
	}
	return out, nil
}

// instancesMustExist: one protected instance per server of the batch, in the
// batch's group, named after the prefix with a suffix, with a DR-site server.
func (s *scenario) instancesMustExist(ctx context.Context) error {
	ins, err := s.created(ctx, nil)
	if err != nil {
		return err
	}
	g, err := s.group()
	if err != nil {
		return err
	}
	bySource := map[string][]api.Instance{}
	for _, in := range ins {
		bySource[in.Source] = append(bySource[in.Source], in)
	}
	listing := s.lastExchange()
	return verify(func(t assert.TestingT) {
		for _, srv := range s.servers {
			got := bySource[srv]
			if !assert.Len(t, got, 1, "expected exactly one protected instance for server %s", srv) {
				continue
			}
			in := got[0]
			assert.Equal(t, g.ID, in.GroupID, "expected instance %s in the batch's protection group", in.ID)
			assert.True(t, strings.HasPrefix(in.Name, s.namePrefix+"-") && len(in.Name) > len(s.namePrefix)+1,
				"expected instance %s to be named %q followed by a suffix such as -0001, got %q", in.ID, s.namePrefix+"-", in.Name)
			assert.NotEmpty(t, in.Target, "expected instance %s to have a DR-site server (target_server)", in.ID)
		}
		names := map[string]bool{}
		for _, in := range ins {
			assert.False(t, names[in.Name], "expected distinct names, %q is used twice", in.Name)
			names[in.Name] = true
		}
	}, s.answer, listing)
}

var suffixRE = regexp.MustCompile(`-(\d{4})$`)

// namesMustFollowRequestOrder: <prefix>-0001, -0002, ... in the order of servers.
func (s *scenario) namesMustFollowRequestOrder(ctx context.Context) error {
	ins, err := s.created(ctx, nil)
	if err != nil {
		return err
	}
	got := map[string]string{}
	for _, in := range ins {
		got[in.Source] = in.Name
	}
	var want, have []string
	for i, srv := range s.servers {
		want = append(want, fmt.Sprintf("%s-%04d", s.namePrefix, i+1))
		have = append(have, got[srv])
	}
	return verify(func(t assert.TestingT) {
		assert.Equal(t, want, have, "expected the instances of servers %v to be named in request order", s.servers)
	}, s.answer)
}

// drServersMustMirror: each DR-site server has its production server's name and another id.
func (s *scenario) drServersMustMirror(ctx context.Context) error {
	if s.env.Profile.ServerEndpoint() == "" {
		return skipf("the target profile says server details cannot be read (ecs_endpoint: none)")
	}
	ins, err := s.created(ctx, nil)
	if err != nil {
		return err
	}
	if len(ins) == 0 {
		return api.Fail(s.answer, "no protected instance was created, so there is no DR-site server to look at")
	}
	var problems []string
	var shown []*client.Exchange
	for _, in := range ins {
		prod, found := s.env.Profile.World.Server(in.Source)
		if !found {
			problems = append(problems, fmt.Sprintf("instance %s backs server %s, which is not in the world", in.ID, in.Source))
			continue
		}
		if in.Target == in.Source {
			problems = append(problems, fmt.Sprintf("instance %s: the DR-site server has the production server's id %s; the ids must differ", in.ID, in.Source))
			continue
		}
		dr, err := s.env.API.GetServer(ctx, in.Target)
		if err != nil {
			return err
		}
		if dr.Name != prod.Name {
			shown = append(shown, s.lastExchange())
			problems = append(problems, fmt.Sprintf("instance %s: the DR-site server %s is named %q; expected the production server's name %q", in.ID, in.Target, dr.Name, prod.Name))
		}
	}
	if len(problems) > 0 {
		return &api.Failure{Problem: strings.Join(problems, "\n"), Exchanges: shown}
	}
	return nil
}

// batchMustBeRejected is the core meaning of a refusal: the seed does not say
// whether a rule is enforced when the request arrives or later, so either a 4xx
// error (well-formed: the contract check saw to that) or an accepted batch whose
// job fails with an error code; in both cases the offending servers get no
// protected instance (after a failed job, only one in status error is tolerated).
func (s *scenario) batchMustBeRejected(ctx context.Context) error {
	if s.answer == nil {
		return fmt.Errorf("no batch was sent")
	}
	switch st := s.answer.Status; {
	case st >= 400 && st < 500:
		return s.nothingCreatedFor(ctx, s.servers, false)
	case st == http.StatusAccepted:
		j, err := s.waitJob(ctx)
		if err != nil {
			return err
		}
		if err := verify(func(t assert.TestingT) {
			if assert.Equal(t, "FAIL", j.Status, "expected the batch to be rejected: either with a 4xx error, or accepted and then failed by its job; the job ended %s", j.Status) {
				assert.NotEmpty(t, j.ErrorCode, "expected the failed job to say why in error_code")
			}
		}, s.answer, j.Exchange); err != nil {
			return err
		}
		return s.nothingLeftByFailedJob(ctx, j)
	default:
		return api.Fail(s.answer, "expected the batch to be rejected with a 4xx error (or accepted and then failed by its job); got HTTP %d", st)
	}
}

// nothingCreatedFor: no protected instance backs any of the servers (besides
// those that existed before); with tolerateFailed, instances in status error are
// accepted as the record of a failed creation.
func (s *scenario) nothingCreatedFor(ctx context.Context, servers []string, tolerateFailed bool) error {
	if len(servers) == 0 {
		return nil
	}
	ins, err := s.created(ctx, servers)
	if err != nil {
		return err
	}
	var made []string
	for _, in := range ins {
		if tolerateFailed && in.Status == "error" {
			continue
		}
		made = append(made, fmt.Sprintf("%s (%s, status %s, server %s)", in.ID, in.Name, in.Status, in.Source))
	}
	if len(made) == 0 {
		return nil
	}
	return &api.Failure{
		Problem:   "the batch was rejected, yet protected instances exist for its servers: " + strings.Join(made, "; "),
		Exchanges: []*client.Exchange{s.answer, s.lastExchange()},
	}
}

// nothingLeftByFailedJob: after a job that ended FAIL, the offending servers back
// no protected instance (one in status error is tolerated as the record of the
// failure), and no DR-site server its sub-jobs name is left without an instance:
// each would be a billable server nobody knows of.
func (s *scenario) nothingLeftByFailedJob(ctx context.Context, j *api.Job) error {
	if err := s.nothingCreatedFor(ctx, s.offendingServers(), true); err != nil {
		return err
	}
	if s.env.Profile.ServerEndpoint() == "" {
		return nil
	}
	ins, err := s.created(ctx, nil)
	if err != nil {
		return err
	}
	kept := map[string]bool{}
	for _, in := range ins {
		kept[in.Target] = true
	}
	for _, sub := range j.SubJobs {
		id := sub.Entities["native_server_id"]
		if _, production := s.env.Profile.World.Server(id); id == "" || kept[id] || production {
			continue
		}
		exists, x, err := s.env.API.ServerExists(ctx, id)
		if err != nil {
			return err
		}
		if exists {
			return &api.Failure{
				Problem:   fmt.Sprintf("the job failed, yet the DR-site server %s that its sub-job %s created is still there, backing no protected instance", id, sub.ID),
				Exchanges: []*client.Exchange{s.answer, j.Exchange, x},
			}
		}
	}
	return nil
}

// errorCode reads the code of an error body in any of the documented shapes.
func errorCode(b []byte) string {
	doc := gjson.ParseBytes(b)
	for _, w := range []string{"error", "badrequest", "itemNotFound"} {
		if c := doc.Get(w + ".code"); c.Exists() {
			return c.String()
		}
	}
	return doc.Get("error_code").String()
}

// mustBeRejectedWithCode is the extended meaning of a refusal: HTTP 400 at once,
// with the documented SDRS code (any code when code is ""; the contract check saw
// that there is one), and nothing created.
func (s *scenario) mustBeRejectedWithCode(ctx context.Context, code string) error {
	if s.answer == nil {
		return fmt.Errorf("no batch was sent")
	}
	if err := verify(func(t assert.TestingT) {
		if assert.Equal(t, http.StatusBadRequest, s.answer.Status, "expected HTTP 400 when the request arrives") && code != "" {
			assert.Equal(t, code, errorCode(s.answer.ResponseBody), "expected error code %s", code)
		}
	}, s.answer); err != nil {
		return err
	}
	return s.nothingCreatedFor(ctx, s.servers, false)
}

// authRefusals are the answers of a gateway that refuses credentials or a project:
// 401 or 403 (404 for a project it will not even admit exists), or 400 with one of
// SDRS's tenant, token, role or permission codes.
var authCodes = []string{"SDRS.0001", "SDRS.0002", "SDRS.0003", "SDRS.0004", "SDRS.0005"}

// mustBeRefused: the request was refused for its credentials or project, and
// nothing was created.
func (s *scenario) mustBeRefused(ctx context.Context, statuses ...int) error {
	if s.answer == nil {
		return fmt.Errorf("no batch was sent")
	}
	st := s.answer.Status
	refused := slices.Contains(statuses, st) || (st == http.StatusBadRequest && slices.Contains(authCodes, errorCode(s.answer.ResponseBody)))
	if !refused {
		var allowed []string
		for _, code := range statuses {
			allowed = append(allowed, strconv.Itoa(code))
		}
		return api.Fail(s.answer, "expected the request to be refused with HTTP %s, or 400 with one of %s; got HTTP %d",
			strings.Join(allowed, " or "), strings.Join(authCodes, ", "), st)
	}
	return s.nothingCreatedFor(ctx, s.servers, false)
}
