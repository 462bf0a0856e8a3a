// Package mock is the reference mock of SDRS batch create: a stateful HTTP server
// that implements the batch-create operation and the calls that observe its result
// (jobs, protection groups, protected instances, ECS server detail) as the real
// service does, over a world loaded from a target profile.
//
// It is safe for concurrent use. Jobs advance with the clock: every request first
// brings the state up to the current time, so no goroutine runs in the background.
package mock

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log"
	"mime"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
	"github.com/sdrs-conformance/sdrs-conformance/internal/sign"
)

// Rejection says when the mock enforces the rules of a batch create.
type Rejection string

const (
	// RejectSync refuses a bad batch at once with HTTP 400 and an SDRS code (the real service).
	RejectSync Rejection = "sync"
	// RejectAsync accepts every well-formed JSON body with 202 and lets the job fail.
	RejectAsync Rejection = "async"
)

// MaxBodyBytes is the largest request body the mock reads.
const MaxBodyBytes = 1 << 20

// Options configure a mock.
type Options struct {
	ProjectID string
	// Token is the IAM token the mock accepts; AccessKey and SecretKey, when set,
	// are a key pair whose signed requests it accepts as well.
	Token           string
	AccessKey       string
	SecretKey       string
	ServersPerBatch int
	JobDuration     time.Duration
	Rejection       Rejection
	// Now is the clock; time.Now when nil. Tests pass a fake one.
	Now func() time.Time
	// Log receives one line per request when set.
	Log *log.Logger
	// Faults and Variants name behaviours of the catalogue (Behaviours) to switch on.
	Faults   []string
	Variants []string
	// Latency delays every answer, as a remote service would (for benchmarks).
	Latency time.Duration
}

// OptionsFromProfile takes the mock's settings from a target profile.
func OptionsFromProfile(p *profile.Profile) Options {
	return Options{
		ProjectID:       p.ProjectID,
		Token:           p.Auth.Token,
		AccessKey:       p.Auth.AK,
		SecretKey:       p.Auth.SK,
		ServersPerBatch: p.Limits.ServersPerBatch,
		JobDuration:     p.Mock.JobDuration,
		Rejection:       RejectSync,
	}
}

// Mock is the reference SDRS service (and the few ECS calls the suite needs).
// Create it with New.
type Mock struct {
	opts   Options
	router router
	// behave holds the faults and variants switched on; it is read-only after New.
	behave map[string]bool
	// initialKeyPairs are the key pairs of the world when the mock started.
	initialKeyPairs map[string]bool

	mu        sync.Mutex
	groups    []*group
	servers   map[string]*server
	keyPairs  map[string]bool
	flavors   map[string]bool
	subnets   map[string]bool
	hosts     map[string]bool
	instances []*instance
	jobs      map[string]*job
	jobOrder  []*job
	stats     Stats
}

// Stats counts what the mock was asked and what it created, to prove what a run
// did (a read-only run creates nothing). GET /_mock/stats answers it as JSON.
type Stats struct {
	Requests         int `json:"requests"`
	BatchesAccepted  int `json:"batches_accepted"`
	InstancesCreated int `json:"instances_created"`
	InstancesRemoved int `json:"instances_removed"` // deleted, or undone by a failed job
	KeyPairsCreated  int `json:"key_pairs_created"`
	KeyPairsDeleted  int `json:"key_pairs_deleted"`
}

// StatsPath is where the mock answers its Stats; it is the mock's own, not SDRS's.
const StatsPath = "/_mock/stats"

// Stats returns the counters so far, with every job that is due finished: jobs
// end on time, not on the next SDRS request.
func (m *Mock) Stats() Stats {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.advance(m.opts.Now())
	return m.stats
}

// New builds a mock serving the given world.
func New(w profile.World, opts Options) (*Mock, error) {
	if opts.ProjectID == "" || (opts.Token == "" && (opts.AccessKey == "" || opts.SecretKey == "")) {
		return nil, errors.New("mock: a project id and a token (or an access key and a secret key) are required")
	}
	if opts.ServersPerBatch < 1 {
		opts.ServersPerBatch = 5
	}
	if opts.Rejection == "" {
		opts.Rejection = RejectSync
	}
	if opts.Rejection != RejectSync && opts.Rejection != RejectAsync {
		return nil, fmt.Errorf("mock: rejection %q: use sync or async", opts.Rejection)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	faults, err := lookupBehaviours(opts.Faults, false)
	if err != nil {
		return nil, fmt.Errorf("mock: %w", err)
	}
	variants, err := lookupBehaviours(opts.Variants, true)
	if err != nil {
		return nil, fmt.Errorf("mock: %w", err)
	}
	for v := range variants {
		faults[v] = true
	}
	if faults["async-rejection"] {
		opts.Rejection = RejectAsync
	}
	if faults["slow-jobs"] {
		opts.JobDuration *= 10
	}
	m := &Mock{
		opts:            opts,
		behave:          faults,
		initialKeyPairs: set(w.KeyPairs),
		servers:         map[string]*server{},
		keyPairs:        set(w.KeyPairs),
		flavors:         set(w.Flavors),
		subnets:         set(w.Subnets),
		hosts:           set(w.DedicatedHosts),
		jobs:            map[string]*job{},
	}
	if err := m.load(w); err != nil {
		return nil, err
	}
	m.routes()
	return m, nil
}

// load builds the state of the world, including the protected instances it already has.
func (m *Mock) load(w profile.World) error {
	now := m.opts.Now()
	for _, g := range w.ProtectionGroups {
		m.groups = append(m.groups, &group{Group: g, createdAt: now})
	}
	for _, s := range w.Servers {
		if s.VPCID == "" || s.Flavor == "" {
			return fmt.Errorf("mock world: server %q needs vpc_id and flavor", s.ID)
		}
		m.servers[s.ID] = &server{Server: s}
	}
	for _, s := range w.Servers {
		if s.ProtectedIn == "" {
			continue
		}
		g := m.group(s.ProtectedIn)
		dr := m.newDRServer(m.servers[s.ID], "", "", g)
		in := m.newInstance(g, m.servers[s.ID], dr, s.Name+"-pi", nil, nil, now)
		in.status = g.instanceStatus()
		m.instances = append(m.instances, in)
	}
	return nil
}

// call is one request on its way through a handler.
type call struct {
	r    *http.Request
	vars map[string]string
	body []byte
	now  time.Time
}

// reply is what a handler answers: a status, a JSON body and any extra headers;
// err is set for a refusal, whose body write shapes.
type reply struct {
	status int
	body   any
	header http.Header
	err    *apiError
}

func ok(status int, body any) reply { return reply{status: status, body: body} }

func fail(e *apiError) reply {
	return reply{status: e.status, body: errorBody(e.code, e.message), err: e}
}

// is says whether a fault or variant is switched on.
func (m *Mock) is(name string) bool { return m.behave[name] }

func (m *Mock) routes() {
	const p = "/v1/{project_id}"
	m.router.add(http.MethodPost, p+"/protected-instances/batch", m.batchCreate)
	m.router.add(http.MethodGet, p+"/protected-instances", m.listInstances)
	m.router.add(http.MethodPost, p+"/protected-instances/delete", m.batchDelete)
	m.router.add(http.MethodGet, p+"/protected-instances/{id}", m.showInstance)
	m.router.add(http.MethodPut, p+"/protected-instances/{id}", m.renameInstance)
	m.router.add(http.MethodDelete, p+"/protected-instances/{id}", m.deleteInstance)
	m.router.add(http.MethodGet, p+"/jobs/{job_id}", m.showJob)
	m.router.add(http.MethodGet, p+"/server-groups", m.listGroups)
	m.router.add(http.MethodGet, p+"/server-groups/{id}", m.showGroup)
	m.router.add(http.MethodGet, p+"/cloudservers/{id}", m.showServer)
	m.router.add(http.MethodGet, p+"/cloudservers/{id}/os-interface", m.listServerInterfaces)
	const ecs = "/v2.1/{project_id}"
	m.router.add(http.MethodGet, ecs+"/os-keypairs", m.listKeyPairs)
	m.router.add(http.MethodPost, ecs+"/os-keypairs", m.createKeyPair)
	m.router.add(http.MethodDelete, ecs+"/os-keypairs/{name}", m.deleteKeyPair)
}

// ServeHTTP answers one request. Every response is JSON and carries X-Request-Id.
func (m *Mock) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if m.opts.Latency > 0 {
		time.Sleep(m.opts.Latency) // outside the lock: requests wait side by side
	}
	requestID := newHexID()
	rep := m.serve(r, requestID)
	if !m.is("no-request-id") && !(m.is("request-id-on-success-only") && rep.status >= 400) {
		w.Header().Set("X-Request-Id", requestID)
	}
	m.write(w, rep)
	if m.opts.Log != nil {
		m.opts.Log.Printf("%s %s -> %d", r.Method, r.URL.RequestURI(), rep.status)
	}
}

func (m *Mock) serve(r *http.Request, requestID string) (rep reply) {
	defer func() {
		if v := recover(); v != nil {
			rep = reply{status: 500, body: errorBody(codeInternal, fmt.Sprintf("internal error: %v", v))}
		}
	}()
	if r.Method == http.MethodGet && r.URL.Path == StatsPath {
		return ok(200, m.Stats())
	}
	m.mu.Lock()
	m.stats.Requests++
	m.mu.Unlock()
	rt, vars, allowed := m.router.match(r.Method, r.URL.Path)
	if rt == nil {
		if len(allowed) > 0 {
			return reply{status: http.StatusMethodNotAllowed, body: gatewayBody(codeAPINotFound, "method "+r.Method+" is not allowed here; allowed: "+allowHeader(allowed), requestID),
				header: http.Header{"Allow": {allowHeader(allowed)}}}
		}
		return reply{status: http.StatusNotFound, body: gatewayBody(codeAPINotFound, "The API does not exist or has not been published in the environment", requestID)}
	}
	// The body is read first: a signature covers it. Its faults are told after
	// authentication, as the gateway would.
	body, apiErr := readBody(r)
	if rep, refused := m.authenticate(r, body, vars["project_id"], requestID); refused {
		return rep
	}
	if apiErr != nil {
		return fail(apiErr)
	}
	c := &call{r: r, vars: vars, body: body}
	m.mu.Lock()
	defer m.mu.Unlock()
	c.now = m.opts.Now()
	m.advance(c.now)
	return rt.handle(c)
}

// authenticate checks the token or the AK/SK signature, and that the path's
// project is the credentials' project, as the API gateway does before the service
// sees the request.
func (m *Mock) authenticate(r *http.Request, body []byte, projectID, requestID string) (reply, bool) {
	refuse := func(msg string) (reply, bool) {
		return reply{status: 401, body: gatewayBody(codeAuth, "Incorrect IAM authentication information: "+msg, requestID)}, true
	}
	token := r.Header.Get("X-Auth-Token")
	signed := strings.HasPrefix(r.Header.Get("Authorization"), sign.Algorithm+" ")
	check := !m.is("auth-unchecked")
	switch {
	case check && signed:
		_, err := sign.Verify(r, body, func(ak string) (string, bool) {
			return m.opts.SecretKey, m.opts.AccessKey != "" && ak == m.opts.AccessKey
		}, m.opts.Now())
		if err != nil {
			return refuse("verify aksk signature fail: " + err.Error())
		}
	case check && token == "":
		return refuse("x-auth-token not found")
	case check && (m.opts.Token == "" || token != m.opts.Token):
		return refuse("decrypt token fail")
	}
	switch {
	case projectID != m.opts.ProjectID && m.is("other-project-404"):
		return reply{status: 404, body: gatewayBody(codeAPINotFound, "The API does not exist or has not been published in the environment", requestID)}, true
	case projectID != m.opts.ProjectID && !m.is("project-unchecked"):
		return reply{status: 403, body: gatewayBody(codeForbidden, "The token is not valid for project "+projectID, requestID)}, true
	}
	return reply{}, false
}

// readBody reads a request body, refusing a wrong Content-Type and an oversized
// body; it returns what it read even then, for the signature check.
func readBody(r *http.Request) ([]byte, *apiError) {
	if r.Body == nil {
		return nil, nil
	}
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, MaxBodyBytes))
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return body, reject(codeParams, "request body is larger than %d bytes", MaxBodyBytes)
		}
		return body, reject(codeParams, "cannot read the request body: %v", err)
	}
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, nil
	}
	if enc := r.Header.Get("Content-Encoding"); enc != "" && !strings.EqualFold(enc, "identity") {
		return body, reject(codeParams, "Content-Encoding %q is not supported; send the JSON body uncompressed", enc)
	}
	ct := r.Header.Get("Content-Type")
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil || mediaType != "application/json" {
		return body, reject(codeParams, "Content-Type %q is not supported; send application/json", ct)
	}
	if cs := params["charset"]; cs != "" && !strings.EqualFold(cs, "utf-8") {
		return body, reject(codeParams, "charset %q is not supported; JSON is sent in UTF-8", cs)
	}
	return body, nil
}

func (m *Mock) write(w http.ResponseWriter, rep reply) {
	for k, v := range rep.header {
		w.Header()[k] = v
	}
	if rep.status == http.StatusNoContent {
		w.WriteHeader(rep.status)
		return
	}
	rep = m.shape(rep)
	contentType := "application/json"
	switch {
	case m.is("wrong-content-type"):
		contentType = "text/plain"
	case m.is("json-charset"):
		contentType = "application/json;charset=UTF-8"
	}
	data, err := json.Marshal(rep.body)
	if text, isText := rep.body.(plainText); isText {
		data, err, contentType = []byte(text), nil, "text/plain"
	}
	if err != nil {
		rep.status = 500
		data, _ = json.Marshal(errorBody(codeInternal, "cannot encode the response"))
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(rep.status)
	_, _ = w.Write(data)
}

// plainText is a body sent as text/plain.
type plainText string

// shape applies the faults and variants that change how answers look.
func (m *Mock) shape(rep reply) reply {
	if e := rep.err; e != nil {
		if m.is("not-found-404") && slices.Contains([]string{codeGroupNotFound, codeServerNotFound, codeInstanceID}, e.code) {
			rep.status = http.StatusNotFound
			rep.body = map[string]any{"itemNotFound": map[string]string{"code": e.code, "message": e.message}}
		}
		switch {
		case m.is("bad-input-500") && rep.status == http.StatusBadRequest:
			rep.status = http.StatusInternalServerError
		case m.is("error-as-text"):
			rep.body = plainText(http.StatusText(rep.status) + ": " + e.message)
		case m.is("error-code-empty"):
			rep.body = map[string]any{"error": map[string]string{"code": "", "message": e.message}}
		case m.is("error-without-code"):
			rep.body = map[string]any{"error": map[string]string{"message": e.message}}
		case m.is("badrequest-wrapper") && rep.status == http.StatusBadRequest:
			rep.body = map[string]any{"badrequest": map[string]string{"code": e.code, "message": e.message}}
		case m.is("flat-errors"):
			rep.body = map[string]any{"error_code": e.code, "error_msg": e.message}
		}
	}
	if rep.status == http.StatusUnauthorized && m.is("unauthorized-text") {
		rep.body = plainText("Unauthorized")
	}
	if body, isObject := rep.body.(map[string]any); isObject && m.is("extra-fields") {
		body["vendor_extension"] = map[string]any{"region": "mock-1", "trace": true}
	}
	return rep
}

// Listen serves the mock on addr (e.g. "127.0.0.1:0") until Close.
func (m *Mock) Listen(addr string) (*Running, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("mock: listen on %s: %w", addr, err)
	}
	// A client that announces a body and never sends it is cut off.
	srv := &http.Server{Handler: m, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: time.Minute}
	go func() { _ = srv.Serve(ln) }()
	return &Running{URL: "http://" + ln.Addr().String(), srv: srv}, nil
}

// Running is a listening mock.
type Running struct {
	URL string
	srv *http.Server
}

// Close stops the listener and every open connection.
func (r *Running) Close() error { return r.srv.Close() }

func set(items []string) map[string]bool {
	out := make(map[string]bool, len(items))
	for _, it := range items {
		out[it] = true
	}
	return out
}

// newHexID returns 32 lowercase hex characters, the shape of SDRS job and request ids.
func newHexID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// newUUID returns a random (version 4) UUID, the shape of server and instance ids.
func newUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b)
	return strings.Join([]string{h[0:8], h[8:12], h[12:16], h[16:20], h[20:32]}, "-")
}

// Shutdown stops accepting requests and waits for those in flight.
func (r *Running) Shutdown(ctx context.Context) error { return r.srv.Shutdown(ctx) }
