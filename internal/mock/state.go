package mock

import (
	"time"

	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
)

// Time layouts of the real service.
const (
	jobTimeLayout      = "2006-01-02T15:04:05.000Z" // job begin_time / end_time
	resourceTimeLayout = "2006-01-02 15:04:05.000"  // created_at / updated_at
)

type group struct {
	profile.Group
	createdAt time.Time
}

// instanceStatus is the status a new instance reaches in this group: a protected
// group starts protection of its new instances at once.
func (g *group) instanceStatus() string {
	if g.Status == "protected" {
		return "protected"
	}
	return "available"
}

// server is a production-site server of the world or a DR-site server the mock created.
type server struct {
	profile.Server
	drSite      bool
	extraSubnet string // a second NIC (the primary-subnet-second-nic fault)
}

// instance is a protected instance.
type instance struct {
	id          string
	name        string
	description *string
	groupID     string
	status      string
	source      string // production server id
	target      string // DR-site server id
	tags        []tag
	createdAt   time.Time
	updatedAt   time.Time
	// hidden instances are reserved (their servers count as protected) but not
	// yet shown, for the instances-appear-late variant.
	hidden bool
}

type tag struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

func (m *Mock) group(id string) *group {
	for _, g := range m.groups {
		if g.ID == id {
			return g
		}
	}
	return nil
}

func (m *Mock) instance(id string) *instance {
	for _, in := range m.instances {
		if in.id == id && !in.hidden {
			return in
		}
	}
	return nil
}

// protectedBy returns the instance the server backs, if any.
func (m *Mock) protectedBy(serverID string) *instance {
	for _, in := range m.instances {
		if in.source == serverID {
			return in
		}
	}
	return nil
}

func (m *Mock) removeInstance(in *instance) {
	for i, x := range m.instances {
		if x == in {
			m.instances = append(m.instances[:i], m.instances[i+1:]...)
			return
		}
	}
}

// newDRServer creates the DR-site server of a production server: same name, new id.
func (m *Mock) newDRServer(src *server, flavor, subnet string, g *group) *server {
	if flavor == "" {
		flavor = src.Flavor
	}
	if subnet == "" {
		subnet = src.SubnetID
	}
	dr := &server{Server: profile.Server{
		ID:       newUUID(),
		Name:     src.Name,
		VPCID:    g.SourceVPCID,
		Flavor:   flavor,
		OS:       src.OS,
		KeyName:  src.KeyName,
		SubnetID: subnet,
	}, drSite: true}
	m.servers[dr.ID] = dr
	return dr
}

func (m *Mock) newInstance(g *group, src, dr *server, name string, description *string, tags []tag, now time.Time) *instance {
	return &instance{
		id:          newUUID(),
		name:        name,
		description: description,
		groupID:     g.ID,
		status:      "creating",
		source:      src.ID,
		target:      dr.ID,
		tags:        tags,
		createdAt:   now,
		updatedAt:   now,
	}
}

// instanceJSON is the protected-instance object of the real service.
func (in *instance) json() map[string]any {
	tags := in.tags
	if tags == nil {
		tags = []tag{}
	}
	return map[string]any{
		"id":               in.id,
		"name":             in.name,
		"description":      in.description,
		"server_group_id":  in.groupID,
		"status":           in.status,
		"progress":         0,
		"source_server":    in.source,
		"target_server":    in.target,
		"created_at":       in.createdAt.UTC().Format(resourceTimeLayout),
		"updated_at":       in.updatedAt.UTC().Format(resourceTimeLayout),
		"priority_station": "source",
		"attachment":       []any{},
		"tags":             tags,
		"metadata":         map[string]string{},
	}
}

func (m *Mock) groupJSON(g *group) map[string]any {
	n := 0
	for _, in := range m.instances {
		if in.groupID == g.ID && !in.hidden {
			n++
		}
	}
	protectedStatus := "stopped"
	if g.Status == "protected" {
		protectedStatus = "started"
	}
	ts := g.createdAt.UTC().Format(resourceTimeLayout)
	return map[string]any{
		"id":                          g.ID,
		"name":                        g.Name,
		"description":                 nil,
		"status":                      g.Status,
		"progress":                    0,
		"source_availability_zone":    "az-1",
		"target_availability_zone":    "az-2",
		"domain_id":                   "domain-1",
		"domain_name":                 "SDRS_HypeDomain01",
		"priority_station":            "source",
		"protected_instance_num":      n,
		"replication_num":             n,
		"disaster_recovery_drill_num": 0,
		"protected_status":            protectedStatus,
		"replication_status":          nil,
		"health_status":               "normal",
		"source_vpc_id":               g.SourceVPCID,
		"target_vpc_id":               g.SourceVPCID,
		"test_vpc_id":                 nil,
		"dr_type":                     "migration",
		"server_type":                 "ECS",
		"created_at":                  ts,
		"updated_at":                  ts,
		"protection_type":             "replication-pair",
		"replication_model":           nil,
	}
}
