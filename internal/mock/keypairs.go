package mock

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sort"
)

// keyPairName is what ECS allows in a key pair's name.
var keyPairName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// listKeyPairs is the ECS call GET /v2.1/{project_id}/os-keypairs.
func (m *Mock) listKeyPairs(*call) reply {
	names := make([]string, 0, len(m.keyPairs))
	for n, exists := range m.keyPairs {
		if exists {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	items := make([]any, len(names))
	for i, n := range names {
		items[i] = map[string]any{"keypair": keyPairJSON(n)}
	}
	return ok(200, map[string]any{"keypairs": items})
}

// createKeyPair is the ECS call POST /v2.1/{project_id}/os-keypairs.
func (m *Mock) createKeyPair(c *call) reply {
	var req struct {
		KeyPair *struct {
			Name string `json:"name"`
		} `json:"keypair"`
	}
	if err := json.Unmarshal(c.body, &req); err != nil || req.KeyPair == nil || !keyPairName.MatchString(req.KeyPair.Name) {
		return reply{status: 400, body: errorBody("Ecs.0005", `send {"keypair": {"name": "..."}} with a name of 1 to 64 letters, digits, '_' and '-'`)}
	}
	if m.keyPairs[req.KeyPair.Name] {
		return reply{status: http.StatusConflict, body: errorBody("Ecs.0006", "key pair "+req.KeyPair.Name+" already exists")}
	}
	m.keyPairs[req.KeyPair.Name] = true
	m.stats.KeyPairsCreated++
	return ok(200, map[string]any{"keypair": keyPairJSON(req.KeyPair.Name)})
}

// deleteKeyPair is the ECS call DELETE /v2.1/{project_id}/os-keypairs/{name}.
func (m *Mock) deleteKeyPair(c *call) reply {
	name := c.vars["name"]
	if !m.keyPairs[name] {
		return reply{status: 404, body: errorBody("Ecs.0007", "key pair "+name+" could not be found")}
	}
	delete(m.keyPairs, name)
	m.stats.KeyPairsDeleted++
	return reply{status: http.StatusNoContent}
}

func keyPairJSON(name string) map[string]string {
	return map[string]string{"name": name, "public_key": "ssh-rsa AAAAB3NzaC1yc2E mock@" + name, "fingerprint": "mock:" + name}
}
