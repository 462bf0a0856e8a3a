package mock

import (
	"encoding/json"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Statuses in which an instance may be deleted; any other gives SDRS.1301.
var deletable = []string{
	"available", "protected", "failed-over", "error", "error-starting", "error-stopping",
	"error-reversing", "error-failing-over", "error-deleting", "error-reprotecting",
	"error-resizing", "invalid", "fault",
}

var instanceNameRE = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// listInstances is GET /v1/{project_id}/protected-instances.
func (m *Mock) listInstances(c *call) reply {
	q := c.r.URL.Query()
	limit, offset, err := paging(q)
	if err != nil {
		return fail(err)
	}
	groupIDs, err := idList(q, "server_group_ids")
	if err != nil {
		return fail(err)
	}
	if len(groupIDs) == 0 && q.Get("server_group_id") != "" {
		groupIDs = []string{q.Get("server_group_id")}
	}
	instanceIDs, err := idList(q, "protected_instance_ids")
	if err != nil {
		return fail(err)
	}
	if len(groupIDs) > 0 {
		instanceIDs = nil // ignored when a group filter is given
	}
	status, name, queryType := q.Get("status"), q.Get("name"), q.Get("query_type")
	var match []any
	for _, in := range m.instances {
		switch {
		case in.hidden,
			len(groupIDs) > 0 && !slices.Contains(groupIDs, in.groupID),
			len(instanceIDs) > 0 && !slices.Contains(instanceIDs, in.id),
			status != "" && in.status != status,
			name != "" && !strings.Contains(in.name, name),
			queryType == "status_abnormal" && !abnormal(in.status):
			continue
		}
		match = append(match, in.json())
	}
	return ok(200, map[string]any{"protected_instances": page(match, limit, offset), "count": len(match)})
}

func abnormal(status string) bool {
	return strings.HasPrefix(status, "error") || status == "invalid" || status == "fault"
}

// paging reads limit (0 to 1000, default 1000) and offset (at least 0).
func paging(q url.Values) (int, int, *apiError) {
	limit, offset := 1000, 0
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 1000 {
			return 0, 0, reject(codeLimit, "limit %q must be an integer from 0 to 1000", v)
		}
		limit = n
	}
	if v := q.Get("offset"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return 0, 0, reject(codeOffset, "offset %q must be an integer of at least 0", v)
		}
		offset = n
	}
	return limit, offset, nil
}

func page(items []any, limit, offset int) []any {
	if offset >= len(items) {
		return []any{}
	}
	items = items[offset:]
	if limit < len(items) {
		items = items[:limit]
	}
	return items
}

// idList reads a filter of ids written as a JSON-like list, ["a","b"] or ['a','b'].
func idList(q url.Values, key string) ([]string, *apiError) {
	v := q.Get(key)
	if v == "" {
		return nil, nil
	}
	var ids []string
	if err := json.Unmarshal([]byte(strings.ReplaceAll(v, "'", `"`)), &ids); err != nil {
		return nil, reject(codeParams, `%s %q must be a list such as ["id1","id2"]`, key, v)
	}
	if len(ids) > 30 {
		return nil, reject(codeTooManyIDs, "%s lists %d ids; at most 30 are allowed", key, len(ids))
	}
	return ids, nil
}

// showInstance is GET /v1/{project_id}/protected-instances/{id}.
func (m *Mock) showInstance(c *call) reply {
	in := m.instance(c.vars["id"])
	if in == nil {
		return fail(reject(codeInstanceID, "protected instance %s does not exist", c.vars["id"]))
	}
	return ok(200, map[string]any{"protected_instance": in.json()})
}

// renameInstance is PUT /v1/{project_id}/protected-instances/{id}.
func (m *Mock) renameInstance(c *call) reply {
	in := m.instance(c.vars["id"])
	if in == nil {
		return fail(reject(codeInstanceID, "protected instance %s does not exist", c.vars["id"]))
	}
	var req struct {
		ProtectedInstance *struct {
			Name *string `json:"name"`
		} `json:"protected_instance"`
	}
	if err := json.Unmarshal(c.body, &req); err != nil || req.ProtectedInstance == nil || req.ProtectedInstance.Name == nil {
		return fail(reject(codeParams, `send {"protected_instance": {"name": "..."}}`))
	}
	name := *req.ProtectedInstance.Name
	if !instanceNameRE.MatchString(name) {
		return fail(reject(codeName, "name %q must be 1 to 64 characters of letters, digits, '.', '_' and '-'", name))
	}
	if !m.is("rename-ignored") {
		in.name, in.updatedAt = name, c.now
	}
	return ok(200, map[string]any{"protected_instance": in.json()})
}

// deleteOptions is the optional body of a delete.
type deleteOptions struct {
	DeleteTargetServer bool `json:"delete_target_server"`
	DeleteTargetEIP    bool `json:"delete_target_eip"`
}

// deleteInstance is DELETE /v1/{project_id}/protected-instances/{id}.
func (m *Mock) deleteInstance(c *call) reply {
	in := m.instance(c.vars["id"])
	if in == nil {
		return fail(reject(codeInstanceID, "protected instance %s does not exist", c.vars["id"]))
	}
	var opts deleteOptions
	if len(c.body) > 0 {
		if err := json.Unmarshal(c.body, &opts); err != nil {
			return fail(reject(codeParams, `the request body must be {"delete_target_server": true|false, "delete_target_eip": true|false}`))
		}
	}
	if !slices.Contains(deletable, in.status) {
		return fail(reject(codeDeleteState, "protected instance %s is %s and cannot be deleted now", in.id, in.status))
	}
	return ok(200, map[string]string{"job_id": m.deleteJob([]*instance{in}, opts, c).id})
}

// batchDelete is POST /v1/{project_id}/protected-instances/delete.
func (m *Mock) batchDelete(c *call) reply {
	var req struct {
		Instances []struct {
			ID string `json:"id"`
		} `json:"protected_instances"`
		deleteOptions
	}
	if err := json.Unmarshal(c.body, &req); err != nil {
		return fail(reject(codeParams, `the request body must be {"protected_instances": [{"id": "..."}], "delete_target_server": true|false}`))
	}
	if len(req.Instances) == 0 || len(req.Instances) > 20 {
		return fail(reject(codeParams, "give 1 to 20 protected instances, not %d", len(req.Instances)))
	}
	var ins []*instance
	for i, it := range req.Instances {
		if it.ID == "" {
			return fail(reject(codeParams, "protected_instances[%d].id is required", i))
		}
		in := m.instance(it.ID)
		if in == nil {
			return fail(reject(codeInstanceID, "protected instance %s does not exist", it.ID))
		}
		if len(ins) > 0 && in.groupID != ins[0].groupID {
			return fail(reject(codeParams, "protected instances of one batch delete must belong to one protection group"))
		}
		if !slices.Contains(deletable, in.status) {
			return fail(reject(codeDeleteState, "protected instance %s is %s and cannot be deleted now", in.id, in.status))
		}
		if slices.Contains(ins, in) {
			return fail(reject(codeParams, "protected instance %s is listed twice", in.id))
		}
		ins = append(ins, in)
	}
	return ok(202, map[string]string{"job_id": m.deleteJob(ins, req.deleteOptions, c).id})
}

// deleteJob marks the instances deleting and removes them when the job ends,
// with their DR-site servers when asked to.
func (m *Mock) deleteJob(ins []*instance, opts deleteOptions, c *call) *job {
	j := m.newJob(jobDeleteInstance, ins[0].groupID, c.now, func(j *job) {
		for _, in := range ins {
			if m.is("delete-keeps-instance") {
				in.status = "available"
				continue
			}
			m.removeInstance(in)
			m.stats.InstancesRemoved++
			if opts.DeleteTargetServer && !m.is("delete-keeps-dr-server") && in.target != in.source {
				delete(m.servers, in.target)
			}
		}
		j.succeed()
	})
	for _, in := range ins {
		in.status, in.updatedAt = "deleting", c.now
		j.addSub(map[string]string{"protected_instance_id": in.id, "server_group_id": in.groupID})
	}
	return j
}
