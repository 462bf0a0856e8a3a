package mock

import (
	"fmt"
	"sort"
	"strings"
)

// Behaviour is a named way for the mock to differ from the reference: a fault (a
// realistic way an implementation breaks the contract, which the suite must
// catch) or a benign variant (a way a conformant server may legitimately differ,
// which the suite must pass at the core level).
type Behaviour struct {
	Name        string
	Description string
	Benign      bool
}

// behaviours is the catalogue of faults and variants; it is never modified.
var behaviours = []Behaviour{
	// Input checks skipped or off by one.
	{Name: "name-prefix-60", Description: "accepts a name prefix of 60 characters (off by one)"},
	{Name: "name-prefix-empty", Description: "accepts an empty name prefix"},
	{Name: "name-prefix-any-character", Description: "does not check the characters of the name prefix"},
	{Name: "name-prefix-optional", Description: "a batch without name_prefix gets the prefix \"instance\""},
	{Name: "name-prefix-number", Description: "accepts a number as name prefix and uses its digits"},
	{Name: "name-prefix-ascii-range", Description: "checks the name prefix with [A-z0-9._-], which also lets [ \\ ] ^ and ` through"},
	{Name: "description-65", Description: "accepts a description of 65 characters (off by one)"},
	{Name: "description-brackets", Description: "accepts '<' and '>' in the description"},
	{Name: "description-bytes", Description: "counts the description in bytes, refusing 64 non-ASCII characters"},
	{Name: "description-dropped", Description: "accepts the description but does not keep it on the instances"},
	{Name: "description-ascii-column", Description: "keeps the description in an ASCII column: every non-ASCII character becomes '?'"},
	{Name: "description-truncated", Description: "keeps only the first 32 characters of the description"},
	{Name: "servers-limit-plus-one", Description: "accepts one server more than the limit"},
	{Name: "servers-empty", Description: "accepts an empty list of servers and creates nothing"},
	{Name: "server-id-optional", Description: "silently skips server items without server_id"},
	{Name: "unknown-server-skipped", Description: "silently skips servers that do not exist"},
	{Name: "duplicate-server", Description: "creates two instances for a server listed twice"},
	{Name: "flavor-ignored", Description: "ignores flavorRef: the DR-site server always gets the production flavor"},
	{Name: "flavor-first-server-only", Description: "honours flavorRef for the first server of the batch only"},
	{Name: "flavor-unchecked", Description: "accepts a flavorRef that does not exist"},
	{Name: "group-unknown-500", Description: "answers HTTP 500 to a protection group that does not exist"},
	{Name: "subnet-unchecked", Description: "accepts a primary_subnet_id that does not exist"},
	{Name: "primary-subnet-ignored", Description: "puts the DR-site server's NIC in the production server's subnet, whatever primary_subnet_id says"},
	{Name: "primary-subnet-second-nic", Description: "gives the DR-site server its production subnet as primary NIC and the named subnet as a second NIC"},
	{Name: "tenancy-unchecked", Description: "accepts any tenancy value"},
	{Name: "tags-unchecked", Description: "does not check the tags"},
	{Name: "tags-dropped", Description: "accepts the tags but does not keep them on the instances"},
	{Name: "types-coerced", Description: "reads numbers and booleans given for strings as their text"},
	{Name: "cluster-id-unchecked", Description: "accepts a cluster_id that names no storage pool"},
	// Business rules skipped, or enforced too strictly.
	{Name: "group-status-unchecked", Description: "does not check the protection group's status"},
	{Name: "group-protected-refused", Description: "refuses protected groups, accepting only available ones"},
	{Name: "vpc-unchecked", Description: "does not check that servers are in the group's VPC"},
	{Name: "already-protected-unchecked", Description: "protects a server that already backs a protected instance"},
	{Name: "already-protected-same-group-only", Description: "looks for a server's protected instance only in the batch's group"},
	{Name: "shared-disk-unchecked", Description: "accepts a batch missing a server that shares a disk"},
	{Name: "shared-disk-refused", Description: "refuses every server with a shared disk"},
	{Name: "windows-keypair-unchecked", Description: "protects a Windows server whose key pair was deleted"},
	{Name: "windows-keypair-stale", Description: "keeps failing a Windows server after its key pair was created again"},
	{Name: "race-double-protect", Description: "checks the rules, then creates later: two concurrent batches protect a server twice"},
	// The answer and the job.
	{Name: "status-200", Description: "answers 200 instead of 202"},
	{Name: "status-201", Description: "answers 201 instead of 202"},
	{Name: "job-id-missing", Description: "answers 202 without job_id"},
	{Name: "job-id-renamed", Description: "answers 202 with jobId instead of job_id"},
	{Name: "job-id-number", Description: "answers 202 with a number as job_id"},
	{Name: "job-never-ends", Description: "create jobs stay RUNNING forever"},
	{Name: "job-success-creates-nothing", Description: "create jobs end SUCCESS but remove the instances"},
	{Name: "job-status-backwards", Description: "a running job flaps between INIT and RUNNING on every read"},
	{Name: "sub-jobs-missing", Description: "jobs have no sub_jobs"},
	{Name: "sub-jobs-same-instance", Description: "every sub-job names the batch's first instance (a loop-variable bug)"},
	{Name: "job-entities-missing", Description: "sub-jobs have empty entities"},
	{Name: "job-fail-without-error-code", Description: "a failed job has no error_code"},
	{Name: "partial-batch-on-reject", Description: "a rejected batch leaves instances for the servers listed before the offending one"},
	{Name: "failed-job-keeps-instances", Description: "a failed job leaves the offending server's instance available"},
	{Name: "dr-server-leaked-on-fail", Description: "a failed create removes its instances but leaves their DR-site servers"},
	// Names and identity.
	{Name: "names-without-suffix", Description: "names every instance exactly the name prefix"},
	{Name: "names-from-zero", Description: "numbers the instances from -0000"},
	{Name: "names-reversed", Description: "numbers the instances in reverse request order"},
	{Name: "names-three-digits", Description: "numbers the instances -001, -002, ..."},
	{Name: "dr-server-renamed", Description: "names the DR-site server <name>-dr"},
	{Name: "dr-server-named-like-instance", Description: "names the DR-site server after its protected instance"},
	{Name: "dr-server-same-id", Description: "gives the DR-site server the production server's id"},
	{Name: "wrong-group", Description: "attaches the instances to another protection group"},
	{Name: "instances-stay-creating", Description: "instances stay creating after the job succeeded"},
	{Name: "rename-ignored", Description: "answers a rename with 200 but keeps the old name"},
	{Name: "delete-keeps-instance", Description: "a delete job succeeds but the instance stays"},
	{Name: "delete-keeps-dr-server", Description: "ignores delete_target_server"},
	// Errors and headers.
	{Name: "error-without-code", Description: "error bodies have a message but no code"},
	{Name: "error-code-empty", Description: "error bodies have an empty code"},
	{Name: "request-id-on-success-only", Description: "error answers carry no X-Request-Id"},
	{Name: "unauthorized-text", Description: "401 answers are text/plain \"Unauthorized\""},
	{Name: "error-as-text", Description: "error bodies are plain text"},
	{Name: "bad-input-500", Description: "answers HTTP 500 instead of 400 to invalid input"},
	{Name: "wrong-content-type", Description: "answers with Content-Type text/plain"},
	// Authentication and tenancy.
	{Name: "auth-unchecked", Description: "does not check the token"},
	{Name: "project-unchecked", Description: "serves any project's path with the token's project"},

	// Benign variants.
	{Name: "no-request-id", Description: "sends no X-Request-Id header (the extended level expects it)", Benign: true},
	{Name: "badrequest-wrapper", Description: "error bodies use the badrequest wrapper", Benign: true},
	{Name: "flat-errors", Description: "error bodies are flat error_code/error_msg", Benign: true},
	{Name: "not-found-404", Description: "unknown groups, servers and instances are 404 itemNotFound", Benign: true},
	{Name: "extra-fields", Description: "every answer carries fields the contract does not name", Benign: true},
	{Name: "slow-jobs", Description: "jobs take ten times longer", Benign: true},
	{Name: "async-rejection", Description: "rules are enforced by the job: 202, then FAIL", Benign: true},
	{Name: "failed-instances-kept", Description: "a failed create leaves its instances in status error", Benign: true},
	{Name: "instances-appear-late", Description: "instances appear only when the job has succeeded", Benign: true},
	{Name: "short-suffix", Description: "names the instances <prefix>-1, <prefix>-2, ...", Benign: true},
	{Name: "json-charset", Description: "answers with Content-Type application/json;charset=UTF-8", Benign: true},
	{Name: "strict-unknown-fields", Description: "refuses unknown fields with 400", Benign: true},
	{Name: "chinese-name-prefix", Description: "also accepts Chinese characters in the name prefix (Huawei Cloud)", Benign: true},
	{Name: "other-project-404", Description: "answers another project's path with 404", Benign: true},
}

// Behaviours returns the catalogue: faults first, then benign variants, each by name.
func Behaviours() []Behaviour {
	out := append([]Behaviour(nil), behaviours...)
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Benign != out[j].Benign {
			return !out[i].Benign
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// lookupBehaviours checks names against the catalogue; benign says which kind they must be.
func lookupBehaviours(names []string, benign bool) (map[string]bool, error) {
	set := map[string]bool{}
	for _, n := range names {
		n = strings.TrimSpace(n)
		if n == "" {
			continue
		}
		found := false
		for _, b := range behaviours {
			if b.Name == n {
				if b.Benign != benign {
					kind := map[bool]string{true: "a benign variant (use -variant)", false: "a fault (use -fault)"}[b.Benign]
					return nil, fmt.Errorf("%q is %s", n, kind)
				}
				found = true
			}
		}
		if !found {
			var known []string
			for _, b := range behaviours {
				if b.Benign == benign {
					known = append(known, b.Name)
				}
			}
			sort.Strings(known)
			return nil, fmt.Errorf("unknown %s %q; known: %s", map[bool]string{true: "variant", false: "fault"}[benign], n, strings.Join(known, ", "))
		}
		set[n] = true
	}
	return set, nil
}
