package mock

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// batchCreate is POST /v1/{project_id}/protected-instances/batch.
func (m *Mock) batchCreate(c *call) reply {
	b, err := parseBatch(c.body, m.opts.ServersPerBatch, m.is)
	var g *group
	if err == nil {
		g, err = m.checkRules(b, c.now)
	}
	if err != nil {
		if m.opts.Rejection == RejectAsync && !err.malformed {
			return m.accepted(m.failingJob(err, c.now))
		}
		return fail(err)
	}
	if m.is("race-double-protect") {
		// The faulty service checks first and creates later, letting go of the state
		// in between: a concurrent batch for the same server slips through.
		m.mu.Unlock()
		time.Sleep(50 * time.Millisecond)
		m.mu.Lock()
		c.now = m.opts.Now()
		m.advance(c.now)
	}
	m.stats.BatchesAccepted++
	return m.accepted(m.create(b, g, c.now))
}

// accepted is the answer to a batch whose job started.
func (m *Mock) accepted(j *job) reply {
	status := 202
	switch {
	case m.is("status-200"):
		status = 200
	case m.is("status-201"):
		status = 201
	}
	switch {
	case m.is("job-id-missing"):
		return ok(status, map[string]any{})
	case m.is("job-id-renamed"):
		return ok(status, map[string]any{"jobId": j.id})
	case m.is("job-id-number"):
		return ok(status, map[string]any{"job_id": 20261203})
	}
	return ok(status, map[string]string{"job_id": j.id})
}

// checkRules checks the batch against the world: the constraints of the vendor page
// and the existence of everything it names.
func (m *Mock) checkRules(b *batch, now time.Time) (*group, *apiError) {
	g := m.group(b.groupID)
	if g == nil {
		if m.is("group-unknown-500") {
			return nil, &apiError{status: 500, code: codeInternal, message: "internal error"}
		}
		return nil, reject(codeGroupNotFound, "protection group %s does not exist", b.groupID)
	}
	allowed := []string{"available", "protected"}
	if m.is("group-protected-refused") {
		allowed = []string{"available"}
	}
	if !slices.Contains(allowed, g.Status) && !m.is("group-status-unchecked") {
		return nil, reject(codeGroupStatus, "protection group %s is %s; it must be available or protected", g.ID, g.Status)
	}
	if m.is("unknown-server-skipped") {
		b.servers = slices.DeleteFunc(b.servers, func(s batchServer) bool { return m.servers[s.id] == nil })
	}
	inBatch := map[string]bool{}
	for _, s := range b.servers {
		inBatch[s.id] = true
	}
	for i, s := range b.servers {
		if err := m.checkServer(s, g, inBatch); err != nil {
			if m.is("partial-batch-on-reject") && i > 0 {
				partial := *b
				partial.servers = b.servers[:i]
				m.create(&partial, g, now)
			}
			return nil, err
		}
	}
	if b.subnetID != "" && !m.subnets[b.subnetID] && !m.is("subnet-unchecked") {
		return nil, reject(codeSubnetNotFound, "subnet %s does not exist", b.subnetID)
	}
	if b.tenancy == "dedicated" && b.hostID != "" && !m.hosts[b.hostID] {
		return nil, reject(codeParams, "dedicated host %s does not exist", b.hostID)
	}
	if b.clusterID != "" && !m.is("cluster-id-unchecked") {
		return nil, reject(codeClusterID, "storage pool %s does not exist", b.clusterID)
	}
	return g, nil
}

// checkServer checks one server of the batch.
func (m *Mock) checkServer(s batchServer, g *group, inBatch map[string]bool) *apiError {
	srv := m.servers[s.id]
	switch {
	case srv == nil || srv.drSite:
		return reject(codeServerNotFound, "server %s does not exist", s.id)
	case srv.VPCID != g.SourceVPCID && !m.is("vpc-unchecked"):
		return reject(codeVPCMismatch, "server %s is in VPC %s, not in the protection group's VPC %s", s.id, srv.VPCID, g.SourceVPCID)
	case m.is("shared-disk-refused") && len(srv.SharedDisks()) > 0:
		return reject(codeParams, "server %s has a shared disk and cannot be protected", s.id)
	case s.flavor != "" && !m.flavors[s.flavor] && !m.is("flavor-unchecked"):
		return reject(codeFlavor, "flavor %s cannot be used for the DR-site server of %s", s.flavor, s.id)
	}
	if in := m.protectedBy(s.id); in != nil && !m.is("already-protected-unchecked") && (!m.is("already-protected-same-group-only") || in.groupID == g.ID) {
		return reject(codeAlreadyProtect, "server %s already backs protected instance %s", s.id, in.id)
	}
	if other := m.missingSharer(srv, inBatch); other != "" && !m.is("shared-disk-unchecked") {
		return reject(codeParams, "server %s shares a disk with server %s, which is not in the batch; servers sharing a disk must be protected together", s.id, other)
	}
	return nil
}

// missingSharer returns a production server that shares a disk with srv but is not in the batch.
func (m *Mock) missingSharer(srv *server, inBatch map[string]bool) string {
	shared := srv.SharedDisks()
	if len(shared) == 0 {
		return ""
	}
	var missing []string
	for id, o := range m.servers {
		// A sharer that is already protected is not missing: the rest of its set
		// can still be protected.
		if o.drSite || id == srv.ID || inBatch[id] || m.protectedBy(id) != nil {
			continue
		}
		for _, d := range o.SharedDisks() {
			if slices.Contains(shared, d) {
				missing = append(missing, id)
			}
		}
	}
	slices.Sort(missing)
	if len(missing) == 0 {
		return ""
	}
	return missing[0]
}

// instanceName is the name of the i-th (0-based) instance of a batch of n.
func (m *Mock) instanceName(prefix string, i, n int) string {
	switch {
	case m.is("names-without-suffix"):
		return prefix
	case m.is("names-from-zero"):
		return fmt.Sprintf("%s-%04d", prefix, i)
	case m.is("names-reversed"):
		return fmt.Sprintf("%s-%04d", prefix, n-i)
	case m.is("names-three-digits"):
		return fmt.Sprintf("%s-%03d", prefix, i+1)
	case m.is("short-suffix"):
		return fmt.Sprintf("%s-%d", prefix, i+1)
	}
	return fmt.Sprintf("%s-%04d", prefix, i+1)
}

// create starts the job of an accepted batch. The instances exist at once, in
// status creating, named <prefix>-0001, -0002, ... in request order.
func (m *Mock) create(b *batch, g *group, now time.Time) *job {
	var created []*instance
	j := m.newJob(jobCreateInstance, g.ID, now, func(j *job) { m.finishCreate(j, created) })
	if m.is("job-never-ends") {
		j.endAt = now.Add(100 * 365 * 24 * time.Hour)
	}
	target := g
	if m.is("wrong-group") {
		target = m.otherGroup(g)
	}
	for i, s := range b.servers {
		src := m.servers[s.id]
		flavor := s.flavor
		if m.is("flavor-ignored") || (m.is("flavor-first-server-only") && i > 0) {
			flavor = ""
		}
		subnet := b.subnetID
		if m.is("primary-subnet-ignored") || m.is("primary-subnet-second-nic") {
			subnet = ""
		}
		dr := m.newDRServer(src, flavor, subnet, g)
		if m.is("primary-subnet-second-nic") {
			dr.extraSubnet = b.subnetID
		}
		if m.is("dr-server-renamed") {
			dr.Name += "-dr"
		}
		name := m.instanceName(b.namePrefix, i, len(b.servers))
		if m.is("dr-server-named-like-instance") {
			dr.Name = name
		}
		desc, tags := m.keptDetails(b)
		in := m.newInstance(target, src, dr, name, desc, tags, now)
		if m.is("dr-server-same-id") {
			delete(m.servers, dr.ID)
			in.target = src.ID
		}
		in.hidden = m.is("instances-appear-late")
		m.instances = append(m.instances, in)
		m.stats.InstancesCreated++
		created = append(created, in)
		j.addSub(m.subJobEntities(in, created[0], target))
	}
	return j
}

// keptDetails is what the instances keep of the batch's description and tags.
func (m *Mock) keptDetails(b *batch) (*string, []tag) {
	desc, tags := b.description, b.tags
	switch {
	case desc == nil:
	case m.is("description-dropped"):
		desc = nil
	case m.is("description-ascii-column"):
		r := []rune(*desc)
		for i := range r {
			if r[i] > 127 {
				r[i] = '?'
			}
		}
		ascii := string(r)
		desc = &ascii
	case m.is("description-truncated"):
		if r := []rune(*desc); len(r) > 32 {
			short := string(r[:32])
			desc = &short
		}
	}
	if m.is("tags-dropped") {
		tags = nil
	}
	return desc, tags
}

// subJobEntities names what a sub-job created: the instance, its DR-site server and group.
func (m *Mock) subJobEntities(in, first *instance, g *group) map[string]string {
	switch {
	case m.is("job-entities-missing"):
		return map[string]string{}
	case m.is("sub-jobs-same-instance"):
		in = first
	}
	return map[string]string{"protected_instance_id": in.id, "native_server_id": in.target, "server_group_id": g.ID}
}

// otherGroup is another group that accepts instances, for the wrong-group fault.
func (m *Mock) otherGroup(g *group) *group {
	for _, o := range m.groups {
		if o != g && (o.Status == "available" || o.Status == "protected") {
			return o
		}
	}
	return g
}

// finishCreate ends a create job. A Windows server whose key pair no longer exists
// cannot get its DR-site server, which fails the job; a failed batch leaves nothing.
func (m *Mock) finishCreate(j *job, created []*instance) {
	keyPairs := m.keyPairs
	if m.is("windows-keypair-stale") {
		keyPairs = m.initialKeyPairs
	}
	var failed []string
	var offending []*instance
	for i, in := range created {
		src := m.servers[in.source]
		if strings.EqualFold(src.OS, "windows") && src.KeyName != "" && !keyPairs[src.KeyName] && !m.is("windows-keypair-unchecked") {
			s := j.subs[i]
			s.status, s.errorCode = jobFail, codeServerCreate
			s.failReason = fmt.Sprintf("cannot create the DR-site server of %s: its key pair %s does not exist", src.ID, src.KeyName)
			failed = append(failed, src.ID)
			offending = append(offending, in)
		}
	}
	if len(failed) > 0 {
		m.failCreate(created, offending)
		j.failWith(codeInstanceCreate, "protected instance creation failed for server "+strings.Join(failed, ", ")+": key pair missing")
		return
	}
	if m.is("job-success-creates-nothing") {
		m.rollback(created)
		j.succeed()
		return
	}
	for _, in := range created {
		g := m.group(in.groupID)
		if !m.is("instances-stay-creating") {
			in.status = g.instanceStatus()
		}
		in.updatedAt, in.hidden = j.end, false
	}
	j.succeed()
}

// failCreate undoes a failed batch: by default nothing stays.
func (m *Mock) failCreate(created, offending []*instance) {
	switch {
	case m.is("failed-instances-kept"):
		for _, in := range created {
			in.status, in.hidden = "error", false
		}
	case m.is("failed-job-keeps-instances"):
		m.rollback(slices.DeleteFunc(slices.Clone(created), func(in *instance) bool { return slices.Contains(offending, in) }))
		for _, in := range offending {
			in.status, in.hidden = "available", false
		}
	default:
		m.rollback(created)
	}
}

// rollback removes instances and their DR-site servers.
func (m *Mock) rollback(ins []*instance) {
	for _, in := range ins {
		m.removeInstance(in)
		m.stats.InstancesRemoved++
		if in.target != in.source && !m.is("dr-server-leaked-on-fail") {
			delete(m.servers, in.target)
		}
	}
}

// failingJob is the asynchronous form of a rejection: accepted, then FAIL, nothing created.
func (m *Mock) failingJob(e *apiError, now time.Time) *job {
	return m.newJob(jobCreateInstance, "", now, func(j *job) { j.failWith(e.code, e.message) })
}
