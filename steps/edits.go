package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/tidwall/gjson"

	"github.com/sdrs-conformance/sdrs-conformance/internal/body"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
)

// An id no world uses: servers, groups, subnets and flavors that do not exist.
const unknownID = "00000000-0000-4000-8000-00000000dead"

// characters names the character classes of the name-prefix rule.
var characters = map[string]string{
	"lowercase letters":                "abcxyz",
	"uppercase letters":                "ABCXYZ",
	"digits":                           "0189",
	"a decimal point":                  ".",
	"an underscore":                    "_",
	"a hyphen":                         "-",
	"a space":                          " ",
	"a slash":                          "/",
	"a left angle bracket":             "<",
	"a non-ASCII letter":               "é",
	"an asterisk":                      "*",
	"an ASCII control character":       "\t",
	"a right angle bracket":            ">",
	"an at sign":                       "@",
	"a colon":                          ":",
	"a plus sign":                      "+",
	"a letter with a combining accent": "e\u0301",
	// Between Z and a in ASCII: what a range written [A-z] lets through.
	"a left square bracket":  "[",
	"a backslash":            `\`,
	"a right square bracket": "]",
	"a caret":                "^",
	"a backtick":             "`",
}

// namePrefixWith makes the name prefix the scenario's own followed by the characters.
func (s *scenario) namePrefixWith(class string) error {
	chars, known := characters[class]
	if !known {
		var names []string
		for n := range characters {
			names = append(names, n)
		}
		slices.Sort(names)
		return fmt.Errorf("unknown character class %q; use one of: %s", class, strings.Join(names, ", "))
	}
	t, err := s.batch()
	if err != nil {
		return err
	}
	return t.SetString(pathPrefix, s.prefix+chars)
}

// setField sets a field of the body to a raw JSON value.
func (s *scenario) setField(path, raw string) error {
	if !json.Valid([]byte(raw)) {
		return fmt.Errorf("the value for %s is not JSON: %s", path, raw)
	}
	t, err := s.batch()
	if err != nil {
		return err
	}
	return t.Set(path, raw)
}

// removeField removes a field of the body.
func (s *scenario) removeField(path string) error {
	t, err := s.batch()
	if err != nil {
		return err
	}
	if !gjson.Get(t.Text(), path).Exists() {
		return fmt.Errorf("the batch has no field %s to remove", path)
	}
	return t.Delete(path)
}

// setString sets a string field of the batch.
func (s *scenario) setString(path, value string) error {
	t, err := s.batch()
	if err != nil {
		return err
	}
	return t.SetString(path, value)
}

// listFirstServerTwice repeats the first server of the batch at its end.
func (s *scenario) listFirstServerTwice() error {
	t, err := s.batch()
	if err != nil {
		return err
	}
	first := gjson.Get(t.Text(), pathServers+".0")
	if !first.Exists() {
		return fmt.Errorf("the batch has no server to list twice")
	}
	return t.Set(pathServers+".-1", first.Raw)
}

// batchServers are the world's servers the batch names, once leased, in request
// order (a server the world does not know is left empty but keeps its place).
func (s *scenario) batchServers() ([]profile.Server, error) {
	var out []profile.Server
	for _, ph := range gjson.Get(s.template.Text(), pathServers+".#.server_id").Array() {
		id, err := body.New(ph.String()).Render(body.Values{Lease: s.lease, World: &s.env.Profile.World})
		if err != nil {
			return nil, err
		}
		srv, _ := s.env.Profile.World.Server(id)
		out = append(out, srv)
	}
	return out, nil
}

// nameASubnet names a world subnet for the primary NIC of the DR-site servers:
// one that no server of the batch is in, when the world says where they are, so
// that the DR-site server is seen to follow the batch and not its production server.
func (s *scenario) nameASubnet(ctx context.Context) error {
	subnets := s.env.Profile.World.Subnets
	if len(subnets) == 0 {
		return skipf("the world lists no subnet; add one to world.subnets")
	}
	if err := s.prepare(ctx); err != nil {
		return err
	}
	servers, err := s.batchServers()
	if err != nil {
		return err
	}
	choice := subnets[0]
	for _, sub := range subnets {
		if !slices.ContainsFunc(servers, func(srv profile.Server) bool { return srv.SubnetID == sub }) {
			choice = sub
			break
		}
	}
	return s.setString(pathSubnet, choice)
}

// askForAnotherFlavor makes the i-th server (0-based) ask for a world flavor other than its own.
func (s *scenario) askForAnotherFlavor(ctx context.Context, i int) error {
	if err := s.prepare(ctx); err != nil {
		return err
	}
	servers, err := s.batchServers()
	if err != nil {
		return err
	}
	if i >= len(servers) {
		return fmt.Errorf("the batch has no server %d to ask for another flavor", i+1)
	}
	srv, item := servers[i], fmt.Sprintf("%s.%d", pathServers, i)
	for _, f := range s.env.Profile.World.Flavors {
		if f != srv.Flavor {
			return s.setString(item+".flavorRef", f)
		}
	}
	return skipf("the world lists no flavor other than %s, the production flavor of server %s; add one to world.flavors", srv.Flavor, srv.ID)
}

// addTags gives the batch n distinct, valid tags.
func (s *scenario) addTags(n int) error {
	tags := make([]map[string]string, n)
	for i := range tags {
		tags[i] = map[string]string{"key": fmt.Sprintf("k%02d", i+1), "value": fmt.Sprintf("v%02d", i+1)}
	}
	raw, _ := json.Marshal(tags)
	return s.setField("protected_instances.tags", string(raw))
}

// addTag appends one tag given as raw JSON.
func (s *scenario) addTag(raw string) error {
	t, err := s.batch()
	if err != nil {
		return err
	}
	if !gjson.Get(t.Text(), "protected_instances.tags").Exists() {
		if err := t.Set("protected_instances.tags", "[]"); err != nil {
			return err
		}
	}
	return t.Set("protected_instances.tags.-1", raw)
}

// recreateKeyPair creates again, with the same name, the deleted key pair of the
// batch's Windows server; cleanup deletes it, so the world stays as it was.
func (s *scenario) recreateKeyPair(ctx context.Context) error {
	if s.env.Profile.ServerEndpoint() == "" {
		return skipf("the target profile says the ECS API cannot be reached (ecs_endpoint: none), so no key pair can be created")
	}
	if err := s.prepare(ctx); err != nil {
		return err
	}
	ids := s.lease.Servers(profile.RoleWindowsKeyPairMissing)
	if len(ids) == 0 {
		return fmt.Errorf("the batch has no Windows server whose key pair was deleted")
	}
	srv, _ := s.env.Profile.World.Server(ids[0])
	for _, other := range s.env.Profile.World.ServersWithRole(profile.RoleWindowsKeyPairMissing) {
		if other.ID != srv.ID && other.KeyName == srv.KeyName {
			return skipf("servers %s and %s share the deleted key pair %s; give each its own key pair name in the world so that creating it again affects one scenario only", srv.ID, other.ID, srv.KeyName)
		}
	}
	if err := s.env.API.CreateKeyPair(ctx, srv.KeyName); err != nil {
		return err
	}
	s.keyPairs = append(s.keyPairs, srv.KeyName)
	return nil
}
