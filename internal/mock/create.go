package mock

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// batchCreate is POST /v1/{project_id}/protected-instances/batch.
func (m *Mock) batchCreate(c *call) reply {
	b, err := parseBatch(c.body, m.opts.ServersPerBatch)
	var g *group
	if err == nil {
		g, err = m.checkRules(b)
	}
	if err != nil {
		if m.opts.Rejection == RejectAsync && !err.malformed {
			return ok(202, map[string]string{"job_id": m.failingJob(err, c.now).id})
		}
		return fail(err)
	}
	return ok(202, map[string]string{"job_id": m.create(b, g, c.now).id})
}

// checkRules checks the batch against the world: the constraints of the vendor page
// and the existence of everything it names.
func (m *Mock) checkRules(b *batch) (*group, *apiError) {
	g := m.group(b.groupID)
	if g == nil {
		return nil, reject(codeGroupNotFound, "protection group %s does not exist", b.groupID)
	}
	if g.Status != "available" && g.Status != "protected" {
		return nil, reject(codeGroupStatus, "protection group %s is %s; it must be available or protected", g.ID, g.Status)
	}
	inBatch := map[string]bool{}
	for _, s := range b.servers {
		inBatch[s.id] = true
	}
	for _, s := range b.servers {
		srv := m.servers[s.id]
		if srv == nil || srv.drSite {
			return nil, reject(codeServerNotFound, "server %s does not exist", s.id)
		}
		if srv.VPCID != g.SourceVPCID {
			return nil, reject(codeVPCMismatch, "server %s is in VPC %s, not in the protection group's VPC %s", s.id, srv.VPCID, g.SourceVPCID)
		}
		if in := m.protectedBy(s.id); in != nil {
			return nil, reject(codeAlreadyProtect, "server %s already backs protected instance %s", s.id, in.id)
		}
		if other := m.missingSharer(srv, inBatch); other != "" {
			return nil, reject(codeParams, "server %s shares a disk with server %s, which is not in the batch; servers sharing a disk must be protected together", s.id, other)
		}
		if s.flavor != "" && !m.flavors[s.flavor] {
			return nil, reject(codeFlavor, "flavor %s cannot be used for the DR-site server of %s", s.flavor, s.id)
		}
	}
	if b.subnetID != "" && !m.subnets[b.subnetID] {
		return nil, reject(codeSubnetNotFound, "subnet %s does not exist", b.subnetID)
	}
	if b.tenancy == "dedicated" && b.hostID != "" && !m.hosts[b.hostID] {
		return nil, reject(codeParams, "dedicated host %s does not exist", b.hostID)
	}
	if b.clusterID != "" {
		return nil, reject(codeClusterID, "storage pool %s does not exist", b.clusterID)
	}
	return g, nil
}

// missingSharer returns a production server that shares a disk with srv but is not in the batch.
func (m *Mock) missingSharer(srv *server, inBatch map[string]bool) string {
	shared := srv.SharedDisks()
	if len(shared) == 0 {
		return ""
	}
	var missing []string
	for id, o := range m.servers {
		if o.drSite || id == srv.ID || inBatch[id] {
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

// create starts the job of an accepted batch. The instances exist at once, in
// status creating, named <prefix>-0001, -0002, ... in request order.
func (m *Mock) create(b *batch, g *group, now time.Time) *job {
	var created []*instance
	j := m.newJob(jobCreateInstance, g.ID, now, func(j *job) { m.finishCreate(j, created) })
	for i, s := range b.servers {
		src := m.servers[s.id]
		dr := m.newDRServer(src, s.flavor, g)
		in := m.newInstance(g, src, dr, fmt.Sprintf("%s-%04d", b.namePrefix, i+1), b.description, b.tags, now)
		m.instances = append(m.instances, in)
		created = append(created, in)
		j.addSub(map[string]string{"protected_instance_id": in.id, "native_server_id": dr.ID, "server_group_id": g.ID})
	}
	return j
}

// finishCreate ends a create job. A Windows server whose key pair no longer exists
// cannot get its DR-site server, which fails the job; a failed batch leaves nothing.
func (m *Mock) finishCreate(j *job, created []*instance) {
	var failed []string
	for i, in := range created {
		src := m.servers[in.source]
		if strings.EqualFold(src.OS, "windows") && src.KeyName != "" && !m.keyPairs[src.KeyName] {
			s := j.subs[i]
			s.status, s.errorCode = jobFail, codeServerCreate
			s.failReason = fmt.Sprintf("cannot create the DR-site server of %s: its key pair %s does not exist", src.ID, src.KeyName)
			failed = append(failed, src.ID)
		}
	}
	if len(failed) > 0 {
		for _, in := range created {
			m.removeInstance(in)
			delete(m.servers, in.target)
		}
		j.failWith(codeInstanceCreate, "protected instance creation failed for server "+strings.Join(failed, ", ")+": key pair missing")
		return
	}
	g := m.group(j.groupID)
	for _, in := range created {
		in.status = g.instanceStatus()
		in.updatedAt = j.end
	}
	j.succeed()
}

// failingJob is the asynchronous form of a rejection: accepted, then FAIL, nothing created.
func (m *Mock) failingJob(e *apiError, now time.Time) *job {
	return m.newJob(jobCreateInstance, "", now, func(j *job) { j.failWith(e.code, e.message) })
}
