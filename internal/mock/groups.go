package mock

import "strings"

// listGroups is GET /v1/{project_id}/server-groups.
func (m *Mock) listGroups(c *call) reply {
	q := c.r.URL.Query()
	limit, offset, err := paging(q)
	if err != nil {
		return fail(err)
	}
	status, name := q.Get("status"), q.Get("name")
	var match []any
	for _, g := range m.groups {
		if (status != "" && g.Status != status) || (name != "" && !strings.Contains(g.Name, name)) {
			continue
		}
		match = append(match, m.groupJSON(g))
	}
	return ok(200, map[string]any{"server_groups": page(match, limit, offset), "count": len(match)})
}

// showGroup is GET /v1/{project_id}/server-groups/{id}.
func (m *Mock) showGroup(c *call) reply {
	g := m.group(c.vars["id"])
	if g == nil {
		return fail(reject(codeGroupNotFound, "protection group %s does not exist", c.vars["id"]))
	}
	return ok(200, map[string]any{"server_group": m.groupJSON(g)})
}
