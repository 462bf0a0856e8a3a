package steps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/stretchr/testify/assert"
	"github.com/tidwall/gjson"

	"github.com/sdrs-conformance/sdrs-conformance/internal/api"
	"github.com/sdrs-conformance/sdrs-conformance/internal/client"
)

// serverProtectedAtMostOnce: whatever the answer, no server of the batch backs
// two protected instances (the batch listed one twice).
func (s *scenario) serverProtectedAtMostOnce(ctx context.Context) error {
	if err := s.notAServerError(); err != nil {
		return err
	}
	if s.jobID() != "" {
		if _, err := s.waitJob(ctx); err != nil {
			return err
		}
	}
	if err := s.waitRacer(ctx); err != nil {
		return err
	}
	ins, err := s.created(ctx, nil)
	if err != nil {
		return err
	}
	count := map[string]int{}
	for _, in := range ins {
		count[in.Source]++
	}
	return verify(func(t assert.TestingT) {
		for srv, n := range count {
			assert.LessOrEqual(t, n, 1, "server %s backs %d protected instances; one server may back one at most", srv, n)
		}
	}, s.answer, s.racer, s.lastExchange())
}

// notAServerError: the answer is 202 or a 4xx, never a 5xx.
func (s *scenario) notAServerError() error {
	if s.answer == nil {
		return errors.New("no batch was sent")
	}
	if st := s.answer.Status; st != http.StatusAccepted && (st < 400 || st > 499) {
		return api.Fail(s.answer, "expected HTTP 202 or a 4xx error, got %d", st)
	}
	return nil
}

// drNICsMustBeInTheSubnet: each DR-site server's primary NIC, the first ECS
// lists (openapi.yaml, decision 15), is in the subnet the batch named (ECS gives
// it as the NIC's net_id). Only a subnet that no production server of the batch
// is in tells a target that follows the batch from one that copies production.
func (s *scenario) drNICsMustBeInTheSubnet(ctx context.Context) error {
	if s.env.Profile.ServerEndpoint() == "" {
		return skipf("the target profile says server details cannot be read (ecs_endpoint: none)")
	}
	want := gjson.GetBytes(s.sentBody, pathSubnet).String()
	if want == "" {
		return errors.New("the batch names no subnet for the primary NIC")
	}
	for _, id := range s.servers {
		if srv, _ := s.env.Profile.World.Server(id); srv.SubnetID == "" || srv.SubnetID == want {
			return skipf("the world does not name, for server %s, a subnet_id other than %s (give the servers' subnet_id and a second subnet in world.subnets), so a DR-site server that ignores primary_subnet_id could not be told apart", id, want)
		}
	}
	if err := s.batchMustBeAccepted(ctx); err != nil {
		return err
	}
	ins, err := s.created(ctx, nil)
	if err != nil {
		return err
	}
	var problems []string
	var shown []*client.Exchange
	for _, in := range ins {
		nets, x, err := s.env.API.ServerNetworks(ctx, in.Target)
		if err != nil {
			return err
		}
		if len(nets) == 0 || nets[0] != want {
			shown = append(shown, x)
			problems = append(problems, fmt.Sprintf("the DR-site server %s of %s has NICs in %v; expected its primary NIC, the first, in the subnet the batch named, %s", in.Target, in.Source, nets, want))
		}
	}
	if len(problems) > 0 {
		return &api.Failure{Problem: strings.Join(problems, "\n"), Exchanges: append([]*client.Exchange{s.answer}, shown...)}
	}
	return nil
}

// drFlavorsMustMatch: each DR-site server has the flavor its server asked for, or
// else its production server's flavor.
func (s *scenario) drFlavorsMustMatch(ctx context.Context) error {
	if s.env.Profile.ServerEndpoint() == "" {
		return skipf("the target profile says server details cannot be read (ecs_endpoint: none)")
	}
	ins, err := s.created(ctx, nil)
	if err != nil {
		return err
	}
	asked := map[string]string{}
	for _, item := range gjson.GetBytes(s.sentBody, pathServers).Array() {
		asked[item.Get("server_id").String()] = item.Get("flavorRef").String()
	}
	var problems []string
	var shown []*client.Exchange
	for _, in := range ins {
		want := asked[in.Source]
		if want == "" {
			prod, _ := s.env.Profile.World.Server(in.Source)
			want = prod.Flavor
		}
		dr, err := s.env.API.GetServer(ctx, in.Target)
		if err != nil {
			return err
		}
		if dr.Flavor != want {
			shown = append(shown, s.lastExchange())
			problems = append(problems, fmt.Sprintf("the DR-site server %s of %s has flavor %q; expected %q", in.Target, in.Source, dr.Flavor, want))
		}
	}
	if len(problems) > 0 {
		return &api.Failure{Problem: strings.Join(problems, "\n"), Exchanges: append([]*client.Exchange{s.answer}, shown...)}
	}
	if len(ins) == 0 {
		return api.Fail(s.answer, "no protected instance was created, so there is no DR-site server to look at")
	}
	return nil
}

// instancesMustCarry: each instance of the batch shows the batch's description
// or tags (compared as a set: the order of tags carries no meaning).
func (s *scenario) instancesMustCarry(ctx context.Context, field string) error {
	if err := s.batchMustBeAccepted(ctx); err != nil {
		return err
	}
	ins, err := s.created(ctx, nil)
	if err != nil {
		return err
	}
	sent := gjson.GetBytes(s.sentBody, "protected_instances."+field)
	want := carriedValue(field, sent)
	listing := s.lastExchange()
	return verify(func(t assert.TestingT) {
		for _, in := range ins {
			assert.Equal(t, want, carriedValue(field, in.Raw.Get(field)), "instance %s should carry the batch's %s %s", in.ID, field, sent.Raw)
		}
	}, s.answer, listing)
}

// carriedValue turns a description or a tag list into a value to compare.
func carriedValue(field string, v gjson.Result) any {
	if field != "tags" {
		return v.String()
	}
	var tags []string
	for _, tag := range v.Array() {
		tags = append(tags, tag.Get("key").String()+"="+tag.Get("value").String())
	}
	slices.Sort(tags)
	return tags
}

// subJobsMustNameInstances: the finished job has a sub-job per instance, whose
// entities give the instance id and its DR-site server, matching what exists.
func (s *scenario) subJobsMustNameInstances(ctx context.Context) error {
	j, err := s.waitJob(ctx)
	if err != nil {
		return err
	}
	ins, err := s.created(ctx, nil)
	if err != nil {
		return err
	}
	byID := map[string]api.Instance{}
	for _, in := range ins {
		byID[in.ID] = in
	}
	return verify(func(t assert.TestingT) {
		assert.Len(t, j.SubJobs, len(s.servers), "expected one sub-job per server of the batch")
		namedBy := map[string]string{}
		for _, sub := range j.SubJobs {
			id := sub.Entities["protected_instance_id"]
			in, known := byID[id]
			if assert.True(t, known, "sub-job %s names protected instance %q, which is not one of the batch's instances", sub.ID, id) {
				assert.Equal(t, in.Target, sub.Entities["native_server_id"], "sub-job %s: native_server_id is the instance's DR-site server", sub.ID)
				if other, twice := namedBy[id]; twice {
					assert.Fail(t, "two sub-jobs name one instance", "sub-jobs %s and %s both name protected instance %s; each sub-job names its own", other, sub.ID, id)
				}
				namedBy[id] = sub.ID
			}
			assert.Equal(t, "SUCCESS", sub.Status, "sub-job %s of a successful job", sub.ID)
		}
		for _, in := range ins {
			_, named := namedBy[in.ID]
			assert.True(t, named, "no sub-job names protected instance %s (server %s)", in.ID, in.Source)
		}
	}, s.answer, j.Exchange)
}

// jobMustMoveForward: the statuses seen go INIT → RUNNING → SUCCESS, never back.
// It watches the job at a steady pace, to see each status it passes through.
func (s *scenario) jobMustMoveForward(ctx context.Context) error {
	id := s.jobID()
	if id == "" {
		return api.Fail(s.answer, "the batch was not accepted with a job id")
	}
	j, err := s.env.API.WatchJob(ctx, id)
	if err != nil {
		return err
	}
	s.job = &j
	s.jobEnded(j, s.sentBody)
	order := []string{"INIT", "RUNNING", "SUCCESS"}
	return verify(func(t assert.TestingT) {
		last := -1
		for _, st := range j.Seen {
			i := slices.Index(order, st)
			if !assert.GreaterOrEqual(t, i, 0, "status %s seen while the job ran is not INIT, RUNNING or SUCCESS (seen: %v)", st, j.Seen) {
				return
			}
			assert.Greater(t, i, last, "the job went back to %s (seen: %v)", st, j.Seen)
			last = i
		}
		assert.Equal(t, "SUCCESS", j.Status, "the job ended %s", j.Status)
	}, j.Exchange)
}

// instancesCreatingWhileRunning: instances seen before the job ended are creating.
func (s *scenario) instancesCreatingWhileRunning(ctx context.Context) error {
	id := s.jobID()
	if id == "" {
		return api.Fail(s.answer, "the batch was not accepted with a job id")
	}
	ins, err := s.created(ctx, nil)
	if err != nil {
		return err
	}
	j, err := s.env.API.GetJob(ctx, id)
	if err != nil {
		return err
	}
	if j.Final() {
		return skipf("the job ended (%s) before its instances could be observed while it ran", j.Status)
	}
	return verify(func(t assert.TestingT) {
		for _, in := range ins {
			assert.Equal(t, "creating", in.Status, "instance %s of a running job", in.ID)
		}
	}, s.answer, j.Exchange)
}

// instancesMustEndIn: once the job succeeded, each instance has the given status.
func (s *scenario) instancesMustEndIn(ctx context.Context, status string) error {
	if err := s.jobMustEnd(ctx, "SUCCESS"); err != nil {
		return err
	}
	ins, err := s.created(ctx, nil)
	if err != nil {
		return err
	}
	return verify(func(t assert.TestingT) {
		assert.Len(t, ins, len(s.servers), "one instance per server")
		for _, in := range ins {
			assert.Equal(t, status, in.Status, "instance %s after its job succeeded", in.ID)
		}
	}, s.answer)
}

// anInstance returns one instance the batch created, after its job ended.
func (s *scenario) anInstance(ctx context.Context) (api.Instance, error) {
	if err := s.jobMustEnd(ctx, "SUCCESS"); err != nil {
		return api.Instance{}, err
	}
	ins, err := s.created(ctx, nil)
	if err != nil {
		return api.Instance{}, err
	}
	if len(ins) == 0 {
		return api.Instance{}, api.Fail(s.answer, "the batch created no protected instance")
	}
	return ins[0], nil
}

// renameAnInstance renames one of the batch's instances.
func (s *scenario) renameAnInstance(ctx context.Context) error {
	in, err := s.anInstance(ctx)
	if err != nil {
		return err
	}
	name := s.prefix + "-renamed"
	answered, err := s.env.API.RenameInstance(ctx, in.ID, name)
	if err != nil {
		return err
	}
	s.renamed = &rename{id: in.ID, name: name, answered: answered.Name, exchange: s.lastExchange()}
	return nil
}

// newNameMustShow: the rename's answer and the instance's detail show the new name.
func (s *scenario) newNameMustShow(ctx context.Context) error {
	r := s.renamed
	if r == nil {
		return errors.New("no instance was renamed in this scenario")
	}
	got, err := s.env.API.GetInstance(ctx, r.id)
	if err != nil {
		return err
	}
	return verify(func(t assert.TestingT) {
		assert.Equal(t, r.name, r.answered, "the rename answer shows the new name")
		assert.Equal(t, r.name, got.Name, "the instance detail shows the new name")
	}, r.exchange, s.lastExchange())
}

// deleteAnInstance deletes one instance with its DR-site server and checks both
// are gone once the delete job ended.
func (s *scenario) deleteAnInstance(ctx context.Context) error {
	in, err := s.anInstance(ctx)
	if err != nil {
		return err
	}
	jobID, err := s.env.API.DeleteInstance(ctx, in.ID)
	if err != nil {
		return err
	}
	j, err := s.env.API.WaitJob(ctx, jobID)
	if err != nil {
		return err
	}
	if err := verify(func(t assert.TestingT) {
		assert.Equal(t, "SUCCESS", j.Status, "the delete job ended %s", j.Status)
		assert.Equal(t, "deleteProtectedInstanceNoCG", j.Type, "the delete job's type")
	}, j.Exchange); err != nil {
		return err
	}
	_, err = s.env.API.GetInstance(ctx, in.ID)
	if !errors.Is(err, api.ErrNotFound) {
		if err != nil {
			return err
		}
		return api.Fail(s.lastExchange(), "protected instance %s is still there after its delete job succeeded", in.ID)
	}
	if code := errorCode(s.lastExchange().ResponseBody); code != "SDRS.0208" && code != "SDRS.1320" {
		return api.Fail(s.lastExchange(), "a deleted protected instance is reported with %q; expected SDRS.0208 (or SDRS.1320)", code)
	}
	if s.env.Profile.ServerEndpoint() == "" {
		return nil
	}
	exists, x, err := s.env.API.ServerExists(ctx, in.Target)
	if err != nil {
		return err
	}
	if exists {
		return api.Fail(x, "the DR-site server %s is still there although the instance was deleted with delete_target_server", in.Target)
	}
	return nil
}

// everyAnswerHasRequestID: each answer of the scenario carried X-Request-Id.
func (s *scenario) everyAnswerHasRequestID() error {
	for _, x := range s.rec.Exchanges() {
		if x.Err == nil && x.ResponseHeader.Get("X-Request-Id") == "" {
			return api.Fail(x, "the answer has no X-Request-Id header")
		}
	}
	if len(s.rec.Exchanges()) == 0 {
		return errors.New("no answer to look at")
	}
	return nil
}

// refusedWith: the request was refused with exactly this status, nothing created.
func (s *scenario) refusedWith(ctx context.Context, status int) error {
	if s.answer == nil {
		return errors.New("no batch was sent")
	}
	if s.answer.Status != status {
		return api.Fail(s.answer, "expected HTTP %d, got %d", status, s.answer.Status)
	}
	return s.nothingCreatedFor(ctx, s.servers, false)
}
