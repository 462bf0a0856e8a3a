// Package profile loads target profiles: where an SDRS endpoint is, how to
// authenticate, its limits and timeouts, and the world (protection groups,
// servers, key pairs, ...) the suite may use there, by role.
package profile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Embedded is the endpoint value that asks for the reference mock, started in-process.
const Embedded = "embedded"

// NoECS is the ecs_endpoint value of a target whose server details cannot be read.
const NoECS = "none"

// Environment variables that override a profile.
const (
	EnvTarget     = "SDRS_TARGET"
	EnvEndpoint   = "SDRS_ENDPOINT"
	EnvAuthToken  = "SDRS_AUTH_TOKEN"
	EnvAK         = "SDRS_AK"
	EnvSK         = "SDRS_SK"
	EnvAuthMethod = "SDRS_AUTH_METHOD"
	EnvReadOnly   = "SDRS_READ_ONLY"
)

// Authentication methods.
const (
	AuthToken = "token" // X-Auth-Token
	AuthAKSK  = "aksk"  // SDK-HMAC-SHA256 signatures
)

// Dir is where profiles live, on disk and inside the binary.
const Dir = "fixtures/targets"

// DefaultName is the profile used when SDRS_TARGET is unset.
const DefaultName = "mock"

// Profile describes one target. Field tags give the YAML keys.
type Profile struct {
	Name        string   `yaml:"name"`
	Description string   `yaml:"description"`
	Endpoint    string   `yaml:"endpoint"`
	ECSEndpoint string   `yaml:"ecs_endpoint"`
	ProjectID   string   `yaml:"project_id"`
	Auth        Auth     `yaml:"auth"`
	Limits      Limits   `yaml:"limits"`
	Timeouts    Timeouts `yaml:"timeouts"`
	Run         Run      `yaml:"run"`
	World       World    `yaml:"world"`
	Mock        Mock     `yaml:"mock"`

	// Source says where the profile was read from (a path, or "embedded:<path>").
	Source string `yaml:"-"`
	// Overrides lists the environment variables that changed the file's values.
	Overrides []string `yaml:"-"`
}

// Auth says how requests are authenticated.
type Auth struct {
	// Method is "token" (X-Auth-Token) or "aksk" (signed requests).
	Method string `yaml:"method"`
	// Token, AK and SK are literal credentials, allowed only in a profile for the
	// embedded mock; SDRS_AUTH_TOKEN, SDRS_AK and SDRS_SK always win.
	Token string `yaml:"token"`
	AK    string `yaml:"ak"`
	SK    string `yaml:"sk"`
}

// Secrets lists the credential values, for masking.
func (a Auth) Secrets() []string {
	var out []string
	for _, v := range []string{a.Token, a.AK, a.SK} {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// Limits are the target's quotas the suite tests against, and the cap on what a
// run may create there.
type Limits struct {
	ServersPerBatch int `yaml:"servers_per_batch"`
	// MaxInstances refuses a run that could create more protected instances (0: no cap).
	MaxInstances int `yaml:"max_instances"`
}

// Timeouts bound every wait of the suite.
type Timeouts struct {
	Request     time.Duration `yaml:"request"`
	Job         time.Duration `yaml:"job"`
	PollInitial time.Duration `yaml:"poll_initial"`
	PollMax     time.Duration `yaml:"poll_max"`
}

// Run holds how the suite runs against this target.
type Run struct {
	Concurrency int `yaml:"concurrency"`
	// ReadOnly runs only the scenarios that create nothing: safe on production.
	ReadOnly bool `yaml:"read_only"`
}

// Mock configures the reference mock when this profile starts it.
type Mock struct {
	JobDuration time.Duration `yaml:"job_duration"`
}

// World is what exists on the target and what the suite may use, by role.
type World struct {
	ProtectionGroups []Group  `yaml:"protection_groups"`
	Servers          []Server `yaml:"servers"`
	KeyPairs         []string `yaml:"key_pairs"`
	Flavors          []string `yaml:"flavors"`
	Subnets          []string `yaml:"subnets"`
	DedicatedHosts   []string `yaml:"dedicated_hosts"`
}

// Group is a protection group; the suite picks groups by status.
type Group struct {
	ID          string `yaml:"id"`
	Name        string `yaml:"name"`
	Status      string `yaml:"status"`
	SourceVPCID string `yaml:"source_vpc_id"`
}

// Server is a production-site server and the roles the suite may use it in.
type Server struct {
	ID      string   `yaml:"id"`
	Name    string   `yaml:"name"`
	Roles   []string `yaml:"roles"`
	VPCID   string   `yaml:"vpc_id"`
	Flavor  string   `yaml:"flavor"`
	OS      string   `yaml:"os"`
	KeyName string   `yaml:"key_name"`
	// SubnetID is the subnet of the server's primary NIC, when the profile knows it:
	// the suite then names another one for the DR site, to see it used.
	SubnetID string `yaml:"subnet_id"`
	Disks    []Disk `yaml:"disks"`
	// ProtectedIn names the group of the protected instance this server already backs.
	ProtectedIn string `yaml:"protected_in"`
}

// Disk is a disk attached to a server; a shared disk appears under every server it is attached to.
type Disk struct {
	ID     string `yaml:"id"`
	Shared bool   `yaml:"shared"`
}

// Server roles: what a scenario may use a server for.
const (
	RolePlain                 = "plain"                   // Linux, in the groups' VPC, no shared disk, not protected
	RoleOtherVPC              = "other-vpc"               // in a VPC other than the groups'
	RoleProtected             = "protected"               // already backs a protected instance
	RoleSharedDisk            = "shared-disk"             // shares a disk with the other servers of its set
	RoleWindowsKeyPair        = "windows-keypair"         // Windows, key-pair login, key pair exists
	RoleWindowsKeyPairMissing = "windows-keypair-missing" // Windows, key-pair login, key pair deleted
)

// Roles lists every server role, in the order the README documents them.
var Roles = []string{RolePlain, RoleOtherVPC, RoleProtected, RoleSharedDisk, RoleWindowsKeyPair, RoleWindowsKeyPairMissing}

// GroupStatuses are the protection-group statuses of the vendor appendix.
var GroupStatuses = []string{
	"creating", "available", "protected", "deleting", "error-deleting", "error",
	"starting", "error-starting", "reprotecting", "error-reprotecting", "stopping",
	"error-stopping", "reversing", "error-reversing", "failing-over", "failed-over",
	"error-failing-over",
}

var nameRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// Load reads the profile named by ref: a path to a YAML file, or a bare name looked
// up as fixtures/targets/<name>.yaml on disk, then inside the binary (embedded).
// An empty ref means the default profile. Environment overrides are applied.
func Load(ref string, embedded fs.FS) (*Profile, error) {
	if ref == "" {
		ref = DefaultName
	}
	data, source, err := read(ref, embedded)
	if err != nil {
		return nil, err
	}
	p, err := Parse(data)
	if err != nil {
		return nil, fmt.Errorf("target profile %s: %w", source, err)
	}
	p.Source = source
	if err := p.applyEnv(os.LookupEnv); err != nil {
		return nil, fmt.Errorf("target profile %s: %w", source, err)
	}
	return p, nil
}

func read(ref string, embedded fs.FS) ([]byte, string, error) {
	isPath := strings.ContainsAny(ref, `/\`) || strings.HasSuffix(ref, ".yaml") || strings.HasSuffix(ref, ".yml")
	if isPath {
		data, err := os.ReadFile(ref)
		if err != nil {
			return nil, "", fmt.Errorf("read target profile: %w", err)
		}
		return data, ref, nil
	}
	rel := Dir + "/" + ref + ".yaml"
	if data, err := os.ReadFile(filepath.FromSlash(rel)); err == nil {
		return data, rel, nil
	}
	if embedded != nil {
		if data, err := fs.ReadFile(embedded, rel); err == nil {
			return data, "embedded:" + rel, nil
		}
	}
	return nil, "", fmt.Errorf("no target profile %q: looked for %s in the working directory and inside the binary; give a path to a profile file or one of the names in %s", ref, rel, Dir)
}

// Parse decodes and checks a profile. Unknown keys are errors, so a typo is caught.
func Parse(data []byte) (*Profile, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var p Profile
	if err := dec.Decode(&p); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("the profile is empty")
		}
		return nil, fmt.Errorf("read YAML: %s", yamlMessage(err))
	}
	p.setDefaults()
	if err := p.validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

func (p *Profile) setDefaults() {
	if p.Auth.Method == "" {
		p.Auth.Method = "token"
	}
	if p.Limits.ServersPerBatch == 0 {
		p.Limits.ServersPerBatch = 5
	}
	if p.Timeouts.Request == 0 {
		p.Timeouts.Request = 30 * time.Second
	}
	if p.Timeouts.Job == 0 {
		p.Timeouts.Job = 10 * time.Minute
	}
	if p.Timeouts.PollInitial == 0 {
		p.Timeouts.PollInitial = time.Second
	}
	if p.Timeouts.PollMax == 0 {
		p.Timeouts.PollMax = 15 * time.Second
	}
	if p.Run.Concurrency == 0 {
		p.Run.Concurrency = 1
	}
	if p.Mock.JobDuration == 0 {
		p.Mock.JobDuration = 150 * time.Millisecond
	}
}

func (p *Profile) validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	if !nameRE.MatchString(p.Name) {
		bad("name %q: give a lowercase name of letters, digits, '.', '_' or '-' (it names the report directory)", p.Name)
	}
	if err := checkEndpoint("endpoint", p.Endpoint, true); err != nil {
		errs = append(errs, err)
	}
	if p.ECSEndpoint != "" && p.ECSEndpoint != NoECS {
		if err := checkEndpoint("ecs_endpoint", p.ECSEndpoint, false); err != nil {
			errs = append(errs, err)
		}
	}
	if p.ProjectID == "" {
		bad("project_id is missing")
	}
	if p.Auth.Method != AuthToken && p.Auth.Method != AuthAKSK {
		bad("auth.method %q: use token or aksk", p.Auth.Method)
	}
	if p.Endpoint != Embedded {
		for _, c := range []struct{ key, value, env string }{{"auth.token", p.Auth.Token, EnvAuthToken}, {"auth.ak", p.Auth.AK, EnvAK}, {"auth.sk", p.Auth.SK, EnvSK}} {
			if c.value != "" {
				bad("%s: literal credentials are allowed only in a profile for the embedded mock; remove it and set %s", c.key, c.env)
			}
		}
	}
	if p.Limits.ServersPerBatch < 1 {
		bad("limits.servers_per_batch must be at least 1, not %d", p.Limits.ServersPerBatch)
	}
	if p.Limits.MaxInstances < 0 {
		bad("limits.max_instances must be 0 (no cap) or more, not %d", p.Limits.MaxInstances)
	}
	for name, d := range map[string]time.Duration{
		"timeouts.request": p.Timeouts.Request, "timeouts.job": p.Timeouts.Job,
		"timeouts.poll_initial": p.Timeouts.PollInitial, "timeouts.poll_max": p.Timeouts.PollMax,
		"mock.job_duration": p.Mock.JobDuration,
	} {
		if d < 0 {
			bad("%s must not be negative", name)
		}
	}
	if p.Timeouts.PollMax < p.Timeouts.PollInitial {
		bad("timeouts.poll_max (%s) is shorter than timeouts.poll_initial (%s)", p.Timeouts.PollMax, p.Timeouts.PollInitial)
	}
	if p.Run.Concurrency < 1 {
		bad("run.concurrency must be at least 1, not %d", p.Run.Concurrency)
	}
	errs = append(errs, p.World.validate()...)
	return errors.Join(errs...)
}

func checkEndpoint(key, v string, allowEmbedded bool) error {
	if allowEmbedded && v == Embedded {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		want := "an http:// or https:// URL"
		if allowEmbedded {
			want += ` or "embedded"`
		}
		return fmt.Errorf("%s %q: give %s", key, v, want)
	}
	if u.Path != "" && u.Path != "/" {
		return fmt.Errorf("%s %q: give the base URL without a path (the API paths start with /v1/)", key, v)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("%s %q: give the base URL without a query, fragment or user information", key, v)
	}
	return nil
}

func (w *World) validate() []error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }
	ids := map[string]string{}
	unique := func(kind, id string) {
		if id == "" {
			bad("world: a %s has no id", kind)
			return
		}
		if prev, ok := ids[id]; ok {
			bad("world: id %q is used by a %s and a %s", id, prev, kind)
		}
		ids[id] = kind
	}
	groups := map[string]bool{}
	for _, g := range w.ProtectionGroups {
		unique("protection group", g.ID)
		groups[g.ID] = true
		if !slices.Contains(GroupStatuses, g.Status) {
			bad("world: protection group %q has status %q; use one of %s", g.ID, g.Status, strings.Join(GroupStatuses, ", "))
		}
	}
	for _, s := range w.Servers {
		unique("server", s.ID)
		if s.Name == "" {
			bad("world: server %q has no name (the suite checks the DR-site server's name against it)", s.ID)
		}
		if len(s.Roles) == 0 {
			bad("world: server %q has no roles; give one or more of %s", s.ID, strings.Join(Roles, ", "))
		}
		for _, r := range s.Roles {
			if !slices.Contains(Roles, r) {
				bad("world: server %q has unknown role %q; use one of %s", s.ID, r, strings.Join(Roles, ", "))
			}
		}
		if s.SubnetID != "" && !slices.Contains(w.Subnets, s.SubnetID) {
			bad("world: server %q is in subnet %q, which is not in subnets", s.ID, s.SubnetID)
		}
		if s.ProtectedIn != "" && !groups[s.ProtectedIn] {
			bad("world: server %q is protected_in %q, which is not a protection group of the world", s.ID, s.ProtectedIn)
		}
		if s.HasRole(RoleProtected) && s.ProtectedIn == "" {
			bad("world: server %q has role protected but no protected_in group", s.ID)
		}
		if s.HasRole(RoleSharedDisk) && len(s.SharedDisks()) == 0 {
			bad("world: server %q has role shared-disk but no disk with shared: true", s.ID)
		}
		if (s.HasRole(RoleWindowsKeyPair) || s.HasRole(RoleWindowsKeyPairMissing)) && s.KeyName == "" {
			bad("world: Windows server %q has no key_name", s.ID)
		}
		if s.HasRole(RoleWindowsKeyPair) && !slices.Contains(w.KeyPairs, s.KeyName) {
			bad("world: server %q has role windows-keypair but its key pair %q is not in key_pairs", s.ID, s.KeyName)
		}
		if s.HasRole(RoleWindowsKeyPairMissing) && slices.Contains(w.KeyPairs, s.KeyName) {
			bad("world: server %q has role windows-keypair-missing but its key pair %q is in key_pairs", s.ID, s.KeyName)
		}
	}
	for _, set := range w.SharedDiskSets() {
		if len(set) < 2 {
			bad("world: shared disk of server %q is attached to no other server of role shared-disk", set[0].ID)
		}
	}
	return errs
}

// yamlMessage words a decoding error for a profile's author, not a Go programmer.
func yamlMessage(err error) string {
	msg := strings.TrimPrefix(err.Error(), "yaml: unmarshal errors:\n")
	msg = unknownKeyRE.ReplaceAllString(msg, "unknown key $1")
	msg = wrongTypeRE.ReplaceAllStringFunc(msg, func(m string) string {
		parts := wrongTypeRE.FindStringSubmatch(m)
		value, into := strings.TrimSpace(parts[1]), parts[2]
		want := map[string]string{"time.Duration": "a duration such as 30s", "int": "a whole number", "bool": "true or false",
			"string": "a text", "[]string": "a list"}[into]
		if want == "" {
			want = "a mapping of keys to values"
			if strings.HasPrefix(into, "[]") {
				want = "a list"
			}
		}
		if value == "" {
			return "this is not " + want
		}
		return value + " is not " + want
	})
	var lines []string
	for _, l := range strings.Split(strings.TrimPrefix(msg, "yaml: "), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return strings.Join(lines, "; ")
}

var (
	unknownKeyRE = regexp.MustCompile(`field (\S+) not found in type \S+`)
	wrongTypeRE  = regexp.MustCompile("cannot unmarshal !!\\w+ (`[^`]*` )?into (\\S+)")
)

// HasRole says whether the server may be used in role r.
func (s Server) HasRole(r string) bool { return slices.Contains(s.Roles, r) }

// SharedDisks returns the ids of the server's shared disks.
func (s Server) SharedDisks() []string {
	var ids []string
	for _, d := range s.Disks {
		if d.Shared {
			ids = append(ids, d.ID)
		}
	}
	return ids
}

// ServersWithRole returns the servers that may be used in role r, in profile order.
func (w *World) ServersWithRole(r string) []Server {
	var out []Server
	for _, s := range w.Servers {
		if s.HasRole(r) {
			out = append(out, s)
		}
	}
	return out
}

// GroupsWithStatus returns the protection groups in the given status, in profile order.
func (w *World) GroupsWithStatus(status string) []Group {
	var out []Group
	for _, g := range w.ProtectionGroups {
		if g.Status == status {
			out = append(out, g)
		}
	}
	return out
}

// Server returns the server with the given id.
func (w *World) Server(id string) (Server, bool) {
	for _, s := range w.Servers {
		if s.ID == id {
			return s, true
		}
	}
	return Server{}, false
}

// SharedDiskSets groups the servers of role shared-disk by the shared disks they
// have in common, transitively: servers linked by any chain of shared disks form
// one set, and each set must be in one batch together.
func (w *World) SharedDiskSets() [][]Server {
	servers := w.ServersWithRole(RoleSharedDisk)
	parent := make([]int, len(servers))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		if parent[i] != i {
			parent[i] = find(parent[i])
		}
		return parent[i]
	}
	owner := map[string]int{} // disk id -> first server seen with it
	for i, s := range servers {
		for _, d := range s.SharedDisks() {
			if j, seen := owner[d]; seen {
				parent[find(i)] = find(j)
			} else {
				owner[d] = i
			}
		}
	}
	var sets [][]Server
	index := map[int]int{} // root -> position in sets
	for i, s := range servers {
		root := find(i)
		if k, seen := index[root]; seen {
			sets[k] = append(sets[k], s)
			continue
		}
		index[root] = len(sets)
		sets = append(sets, []Server{s})
	}
	return sets
}

func (p *Profile) applyEnv(lookup func(string) (string, bool)) error {
	if v, ok := lookup(EnvEndpoint); ok && v != "" {
		if err := p.SetEndpoint(v, EnvEndpoint); err != nil {
			return err
		}
	}
	// A key pair comes whole: half from the environment and half from the profile
	// would sign with keys that do not belong together.
	if ak, sk := present(lookup, EnvAK), present(lookup, EnvSK); ak != sk {
		return fmt.Errorf("%s and %s go together: set both, or neither", EnvAK, EnvSK)
	}
	for env, field := range map[string]*string{EnvAuthToken: &p.Auth.Token, EnvAK: &p.Auth.AK, EnvSK: &p.Auth.SK, EnvAuthMethod: &p.Auth.Method} {
		if v, ok := lookup(env); ok && v != "" {
			*field = v
			p.Overrides = append(p.Overrides, env)
		}
	}
	if v, ok := lookup(EnvReadOnly); ok && v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("%s %q: use true or false (1 or 0)", EnvReadOnly, v)
		}
		p.Run.ReadOnly = b
		p.Overrides = append(p.Overrides, EnvReadOnly)
	}
	slices.Sort(p.Overrides)
	switch p.Auth.Method {
	case AuthToken:
		if p.Auth.Token == "" {
			return fmt.Errorf("no token: set %s", EnvAuthToken)
		}
	case AuthAKSK:
		if p.Auth.AK == "" || p.Auth.SK == "" {
			return fmt.Errorf("auth.method aksk needs an access key and a secret key: set %s and %s", EnvAK, EnvSK)
		}
	default:
		return fmt.Errorf("%s %q: use token or aksk", EnvAuthMethod, p.Auth.Method)
	}
	return nil
}

// present says whether an environment variable is set to something.
func present(lookup func(string) (string, bool), name string) bool {
	v, ok := lookup(name)
	return ok && v != ""
}

// IsEmbedded says whether the suite must start the reference mock in-process.
func (p *Profile) IsEmbedded() bool { return p.Endpoint == Embedded }

// ServerEndpoint returns where server details (ECS) are read, or "" when they cannot be.
func (p *Profile) ServerEndpoint() string {
	switch p.ECSEndpoint {
	case NoECS:
		return ""
	case "":
		return p.Endpoint
	}
	return p.ECSEndpoint
}

// Redacted renders the effective profile as YAML with every credential masked.
func (p *Profile) Redacted() (string, error) {
	c := *p
	for _, v := range []*string{&c.Auth.Token, &c.Auth.AK, &c.Auth.SK} {
		if *v != "" {
			*v = "***"
		}
	}
	data, err := yaml.Marshal(&c)
	if err != nil {
		return "", fmt.Errorf("render the profile: %w", err)
	}
	header := "# effective target profile, from " + p.Source
	if len(p.Overrides) > 0 {
		header += ", with " + strings.Join(p.Overrides, ", ")
	}
	return header + "\n" + string(data), nil
}

// Override records a change made to the profile after loading (by a flag).
func (p *Profile) Override(by string) {
	if !slices.Contains(p.Overrides, by) {
		p.Overrides = append(p.Overrides, by)
	}
}

// SetEndpoint replaces the endpoint (by names what asked: a flag or a variable).
func (p *Profile) SetEndpoint(v, by string) error {
	if err := checkEndpoint(by, v, false); err != nil {
		return err
	}
	p.Endpoint = strings.TrimSuffix(v, "/")
	p.Override(by)
	return nil
}
