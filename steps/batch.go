package steps

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/tidwall/gjson"

	"github.com/sdrs-conformance/sdrs-conformance/internal/api"
	"github.com/sdrs-conformance/sdrs-conformance/internal/body"
	"github.com/sdrs-conformance/sdrs-conformance/internal/client"
	"github.com/sdrs-conformance/sdrs-conformance/internal/lease"
	"github.com/sdrs-conformance/sdrs-conformance/internal/negative"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
)

// Paths of the batch body the steps edit.
const (
	pathPrefix      = "protected_instances.name_prefix"
	pathDescription = "protected_instances.description"
	pathServers     = "protected_instances.servers"
	pathSubnet      = "protected_instances.primary_subnet_id"
)

// useFixture starts the batch from a body in fixtures/bodies.
func (s *scenario) useFixture(name string) error {
	data, err := fs.ReadFile(s.env.Fixtures, "bodies/"+name)
	if err != nil {
		return fmt.Errorf("read fixture bodies/%s: %w", name, err)
	}
	t := body.New(string(data))
	if err := t.Check(); err != nil {
		return fmt.Errorf("fixture bodies/%s: %w", name, err)
	}
	s.template = t
	return nil
}

// useGeneratedCase starts the batch from a case generated from openapi.yaml.
func (s *scenario) useGeneratedCase(id string) error {
	c, known := s.env.Cases[id]
	if !known {
		return fmt.Errorf("no generated case %s: the features are older than openapi.yaml; run make generate", id)
	}
	t := body.New(negative.Base)
	if err := c.Apply(t); err != nil {
		return err
	}
	s.template = t
	// A name prefix of allowed characters (valid, or only too long or too short)
	// carries the scenario's own as far as it fits, like every name the suite
	// chooses, so that the sweeps know the instances a faulty target makes of it.
	if p := gjson.Get(t.Text(), pathPrefix); c.Field == "name_prefix" && p.Type == gjson.String && plainName.MatchString(p.String()) {
		return t.SetString(pathPrefix, s.nameOfLength(utf8.RuneCountInString(p.String())))
	}
	return nil
}

// plainName is a name of the characters every name prefix may hold.
var plainName = regexp.MustCompile(`^[A-Za-z0-9._-]*$`)

// newBatch starts a minimal valid batch of n plain servers in the group's VPC.
func (s *scenario) newBatch(n int) error {
	if err := s.needServers(profile.RolePlain, n); err != nil {
		return err
	}
	s.template = body.New(`{"protected_instances":{"name_prefix":"{{prefix}}","server_group_id":"{{group}}","servers":[]}}`)
	for i := 1; i <= n; i++ {
		if err := s.addServer(fmt.Sprintf("{{server:%s:%d}}", profile.RolePlain, i)); err != nil {
			return err
		}
	}
	return nil
}

// batch returns the template, failing when no step has started one.
func (s *scenario) batch() (*body.Template, error) {
	if s.template == nil {
		return nil, errors.New("no batch yet: start the scenario with a step such as 'a batch of 1 server in the group's VPC'")
	}
	return s.template, nil
}

// addServer appends a server (a placeholder) to the batch's servers.
func (s *scenario) addServer(placeholder string) error {
	t, err := s.batch()
	if err != nil {
		return err
	}
	return t.Set(pathServers+".-1", fmt.Sprintf(`{"server_id":%q}`, placeholder))
}

// addServerOfRole appends the next server of a role; offending marks it as the
// server that breaks a rule.
func (s *scenario) addServerOfRole(role string, offending bool) error {
	t, err := s.batch()
	if err != nil {
		return err
	}
	n := t.Needs()[role] + 1
	if err := s.needServers(role, n); err != nil {
		return err
	}
	ph := fmt.Sprintf("{{server:%s:%d}}", role, n)
	if offending {
		s.offending = append(s.offending, ph)
	}
	return s.addServer(ph)
}

// needServers skips the scenario when the world can never lend n servers of a role.
func (s *scenario) needServers(role string, n int) error {
	if short := s.env.Pool.Shortfall(lease.Need{role: n}); short != "" {
		return skipf("the world lacks %s; add servers with that role to the target profile", short)
	}
	return nil
}

// useSharedDiskSet makes the batch the servers of one shared-disk set, leaving out
// the last `omit` of them (who then are missing from the batch).
func (s *scenario) useSharedDiskSet(omit int) error {
	sizes := s.env.Pool.SetSizes()
	if len(sizes) == 0 {
		return skipf("the world has no servers sharing a disk; add servers of role %s that share a disk to the target profile", profile.RoleSharedDisk)
	}
	s.setSize = sizes[0]
	if err := s.newBatch(0); err != nil {
		return err
	}
	for i := 1; i <= s.setSize-omit; i++ {
		ph := fmt.Sprintf("{{shared-disk:%d}}", i)
		if omit > 0 {
			s.offending = append(s.offending, ph)
		}
		if err := s.addServer(ph); err != nil {
			return err
		}
	}
	return nil
}

// group returns the protection group the batch goes to.
func (s *scenario) group() (profile.Group, error) {
	groups := s.env.Profile.World.GroupsWithStatus(s.groupStatus)
	if len(groups) == 0 {
		return profile.Group{}, skipf("the world has no protection group in status %q; add one to the target profile", s.groupStatus)
	}
	return groups[0], nil
}

// needs is what the batch makes the scenario lease.
func (s *scenario) needs() lease.Need {
	n := s.template.Needs()
	if n[lease.SharedDiskSet] > 0 {
		delete(n, lease.SharedDiskSet)
		n[lease.SetKind(s.setSize)] = 1
	}
	return n
}

// acquire leases the servers the batch names, all at once, and notes the protected
// instances they already back so that cleanup never touches those.
func (s *scenario) acquire(ctx context.Context) error {
	if s.lease != nil {
		return nil
	}
	l, err := s.env.Pool.Acquire(ctx, s.needs())
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%w: %v", client.ErrCouldNotTest, err)
		}
		return skipf("%v", err)
	}
	s.lease = l
	existing, err := s.env.API.InstancesOf(ctx, l.All())
	if err != nil {
		return err
	}
	s.preexisting, s.earlier = map[string]bool{}, map[string]bool{}
	for _, in := range existing {
		s.preexisting[in.ID] = true
	}
	return nil
}

// render fills the template with the leased world.
func (s *scenario) render() ([]byte, error) {
	g, err := s.group()
	if err != nil {
		return nil, err
	}
	return s.renderWith(s.prefix, g)
}

// renderWith fills the template with the leased world, another prefix and group.
func (s *scenario) renderWith(prefix string, g profile.Group) ([]byte, error) {
	text, err := s.template.Render(body.Values{Prefix: prefix, Group: g, Lease: s.lease, World: &s.env.Profile.World})
	if errors.Is(err, body.ErrLacking) {
		return nil, skipf("%v", err)
	}
	return []byte(text), err
}

// prepare leases what the batch names and renders it.
func (s *scenario) prepare(ctx context.Context) error {
	if _, err := s.batch(); err != nil {
		return err
	}
	if _, err := s.group(); err != nil {
		return err
	}
	return s.acquire(ctx)
}

// sendBatch sends the batch as built; the answer is kept for the checks.
func (s *scenario) sendBatch(ctx context.Context) error {
	if err := s.prepare(ctx); err != nil {
		return err
	}
	payload, err := s.render()
	if err != nil {
		return err
	}
	return s.post(ctx, payload)
}

// otherGroup is a protection group other than the batch's, in the same VPC, that
// accepts instances.
func (s *scenario) otherGroup() (profile.Group, error) {
	g, err := s.group()
	if err != nil {
		return profile.Group{}, err
	}
	for _, o := range s.env.Profile.World.ProtectionGroups {
		if o.ID != g.ID && o.SourceVPCID == g.SourceVPCID && (o.Status == "available" || o.Status == "protected") {
			return o, nil
		}
	}
	return profile.Group{}, skipf("the world has no second protection group in VPC %s that is available or protected; add one to the target profile", g.SourceVPCID)
}

// protectEarlier sends the batch once beforehand to group g, under another
// prefix, and waits until its instances exist: the scenario's own batch then
// names servers that are already protected.
func (s *scenario) protectEarlier(ctx context.Context, g profile.Group) error {
	if err := s.prepare(ctx); err != nil {
		return err
	}
	payload, err := s.renderWith(s.prefix+"-earlier", g)
	if err != nil {
		return err
	}
	x, err := s.postBatch(ctx, client.Request{Method: http.MethodPost, Path: s.env.API.BatchCreatePath(), Body: payload})
	if err != nil {
		return err
	}
	if x.Status != http.StatusAccepted {
		return api.Fail(x, "the earlier batch, which protects the servers first, was not accepted (HTTP %d)", x.Status)
	}
	j, err := s.env.API.WaitJob(ctx, gjson.GetBytes(x.ResponseBody, "job_id").String())
	if err != nil {
		return err
	}
	s.jobEnded(j, payload)
	if j.Status != "SUCCESS" {
		return api.Fail(j.Exchange, "the earlier batch, which protects the servers first, ended %s", j.Status)
	}
	servers := gjson.GetBytes(payload, pathServers+".#.server_id").Array()
	var ids []string
	for _, id := range servers {
		ids = append(ids, id.String())
	}
	made, err := s.env.API.InstancesOf(ctx, ids)
	if err != nil {
		return err
	}
	for _, in := range made {
		if !s.preexisting[in.ID] {
			s.earlier[in.ID] = true
		}
	}
	return nil
}

// sendTwiceAtOnce sends the batch twice concurrently, as two clients racing for
// the same servers would; the second answer is kept beside the first.
func (s *scenario) sendTwiceAtOnce(ctx context.Context) error {
	if err := s.prepare(ctx); err != nil {
		return err
	}
	payload, err := s.render()
	if err != nil {
		return err
	}
	var wg sync.WaitGroup
	var second *client.Exchange
	var secondErr error
	wg.Add(1)
	go func() {
		defer wg.Done()
		second, secondErr = s.postBatch(ctx, client.Request{Method: http.MethodPost, Path: s.env.API.BatchCreatePath(), Body: payload})
	}()
	firstErr := s.post(ctx, payload)
	wg.Wait()
	s.racer = second
	return errors.Join(firstErr, secondErr)
}

// sendSigned sends the batch signed with the profile's access key, as adjusted.
func (s *scenario) sendSigned(ctx context.Context, adjust func(*client.AKSKAuth)) error {
	a := s.env.Profile.Auth
	if a.AK == "" || a.SK == "" {
		return skipf("the target profile has no access key (set %s and %s to test AK/SK signing)", profile.EnvAK, profile.EnvSK)
	}
	auth := client.AKSKAuth{AK: a.AK, SK: a.SK, ProjectID: s.env.Profile.ProjectID}
	adjust(&auth)
	s.auth = auth
	return s.sendBatch(ctx)
}

// sendRaw sends a body as it is, for malformed-input scenarios.
func (s *scenario) sendRaw(ctx context.Context, raw string) error {
	return s.post(ctx, []byte(raw))
}

func (s *scenario) post(ctx context.Context, payload []byte) error {
	s.sentBody = payload
	s.servers = nil
	for _, id := range gjson.GetBytes(payload, pathServers+".#.server_id").Array() {
		s.servers = append(s.servers, id.String())
	}
	s.namePrefix = gjson.GetBytes(payload, pathPrefix).String()
	path := s.env.API.BatchCreatePath()
	if s.projectID != "" {
		path = strings.Replace(path, "/v1/"+s.env.API.ProjectID+"/", "/v1/"+s.projectID+"/", 1)
	}
	x, err := s.postBatch(ctx, client.Request{Method: http.MethodPost, Path: path, Body: payload, ContentType: s.contentType, Auth: s.auth})
	s.answer = x
	return err
}

// postBatch sends a batch-create request while the run's budget allows. A 202 is
// counted when its job is seen to succeed (jobEnded); another 2xx, or an answer
// that never came, is counted at once: the servers may be protected.
func (s *scenario) postBatch(ctx context.Context, r client.Request) (*client.Exchange, error) {
	n := batchSize(r.Body)
	if err := s.env.mayStillSend(n); err != nil {
		return nil, err
	}
	x, err := s.env.API.Call(ctx, r)
	if x == nil || x.Err != nil || (x.Status >= 200 && x.Status < 300 && x.Status != http.StatusAccepted) {
		s.env.protected(n)
	}
	return x, err
}

// jobEnded counts the servers of a batch whose job succeeded.
func (s *scenario) jobEnded(j api.Job, batch []byte) {
	if j.Status == "SUCCESS" {
		s.env.protected(batchSize(batch))
	}
}

// batchSize is the number of server items of a batch body.
func batchSize(body []byte) int { return int(gjson.GetBytes(body, pathServers+".#").Int()) }

// offendingServers are the ids of the servers that break a rule; when no step
// named one, the whole batch is at fault.
func (s *scenario) offendingServers() []string {
	if len(s.offending) == 0 {
		return s.servers
	}
	var ids []string
	for _, ph := range s.offending {
		text, err := body.New(ph).Render(body.Values{Lease: s.lease, World: &s.env.Profile.World})
		if err == nil {
			ids = append(ids, text)
		}
	}
	return ids
}

// jobID is the job id of an accepted batch ("" when there is none).
func (s *scenario) jobID() string {
	if s.answer == nil || s.answer.Status != http.StatusAccepted {
		return ""
	}
	return gjson.GetBytes(s.answer.ResponseBody, "job_id").String()
}

// waitJob waits for the batch's job once and keeps it.
func (s *scenario) waitJob(ctx context.Context) (*api.Job, error) {
	if s.job != nil && s.job.Final() {
		return s.job, nil
	}
	id := s.jobID()
	if id == "" {
		return nil, api.Fail(s.answer, "the batch was not accepted with a job id, so there is no job to follow")
	}
	j, err := s.env.API.WaitJob(ctx, id)
	if err != nil {
		return nil, err
	}
	s.job = &j
	s.jobEnded(j, s.sentBody)
	return s.job, nil
}

// waitRacer waits once for the job of the second of two racing batches.
func (s *scenario) waitRacer(ctx context.Context) error {
	if s.racer == nil || s.racer.Status != http.StatusAccepted || s.racerDone {
		return nil
	}
	j, err := s.env.API.WaitJob(ctx, gjson.GetBytes(s.racer.ResponseBody, "job_id").String())
	if err != nil {
		return err
	}
	s.racerDone = true
	s.jobEnded(j, s.sentBody)
	return nil
}

// nameOfLength returns a valid name prefix of exactly n characters, starting with
// the scenario's own prefix as far as it fits.
func (s *scenario) nameOfLength(n int) string {
	if n <= len(s.prefix) {
		return s.prefix[:n]
	}
	return s.prefix + strings.Repeat("x", n-len(s.prefix))
}
