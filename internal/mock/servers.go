package mock

// listServerInterfaces is the ECS call GET /v1/{project_id}/cloudservers/{id}/os-interface:
// the primary NIC, in the server's subnet (none when the world does not say it).
func (m *Mock) listServerInterfaces(c *call) reply {
	s := m.servers[c.vars["id"]]
	if s == nil {
		return reply{status: 404, body: errorBody("Ecs.0114", "Instance["+c.vars["id"]+"] could not be found.")}
	}
	nics := []any{}
	if s.SubnetID != "" {
		nics = append(nics, map[string]any{
			"net_id":     s.SubnetID,
			"port_id":    "port-" + s.ID,
			"port_state": "ACTIVE",
			"fixed_ips":  []any{map[string]string{"subnet_id": "v4-" + s.SubnetID, "ip_address": "192.168.0.10"}},
		})
	}
	if s.extraSubnet != "" {
		nics = append(nics, map[string]any{"net_id": s.extraSubnet, "port_id": "port2-" + s.ID, "port_state": "ACTIVE"})
	}
	return ok(200, map[string]any{"interfaceAttachments": nics})
}

// showServer is the ECS call GET /v1/{project_id}/cloudservers/{id}: production
// servers of the world and the DR-site servers the mock created.
func (m *Mock) showServer(c *call) reply {
	s := m.servers[c.vars["id"]]
	if s == nil {
		return reply{status: 404, body: errorBody("Ecs.0114", "Instance["+c.vars["id"]+"] could not be found.")}
	}
	var keyName any
	if s.KeyName != "" {
		keyName = s.KeyName
	}
	return ok(200, map[string]any{"server": map[string]any{
		"id":       s.ID,
		"name":     s.Name,
		"status":   "ACTIVE",
		"flavor":   map[string]string{"id": s.Flavor, "name": s.Flavor},
		"key_name": keyName,
		"metadata": map[string]string{"os_type": s.OS, "vpc_id": s.VPCID},
	}})
}
