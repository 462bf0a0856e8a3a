// Package client is the suite's one HTTP client: it authenticates requests, keeps
// a transcript of every exchange (secrets masked), validates each response against
// the contract, and tells infrastructure trouble apart from answers.
package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/sdrs-conformance/sdrs-conformance/internal/contract"
	"github.com/sdrs-conformance/sdrs-conformance/internal/sign"
)

// ErrCouldNotTest marks trouble in the infrastructure (connection refused, timeout,
// TLS, a gateway that keeps failing): the target could not be tested, which is not
// the same as the target being wrong.
var ErrCouldNotTest = errors.New("could not test")

// Auth adds credentials to a request.
type Auth interface {
	// Apply sets the credential headers of req, whose body is body.
	Apply(req *http.Request, body []byte) error
	// Secrets lists the values that must never appear in output.
	Secrets() []string
}

// TokenAuth sends an IAM token in X-Auth-Token.
type TokenAuth struct{ Token string }

// Apply implements Auth.
func (a TokenAuth) Apply(req *http.Request, _ []byte) error {
	req.Header.Set("X-Auth-Token", a.Token)
	return nil
}

// Secrets implements Auth.
func (a TokenAuth) Secrets() []string { return []string{a.Token} }

// AKSKAuth signs requests with an access key and a secret key (SDK-HMAC-SHA256),
// sending the project id in X-Project-Id as the Huawei Cloud SDK does.
type AKSKAuth struct {
	AK, SK    string
	ProjectID string
	// Now is the signing clock; time.Now when nil (tests sign in the past).
	Now func() time.Time
}

// Apply implements Auth.
func (a AKSKAuth) Apply(req *http.Request, body []byte) error {
	if a.ProjectID != "" {
		req.Header.Set("X-Project-Id", a.ProjectID)
	}
	now := time.Now
	if a.Now != nil {
		now = a.Now
	}
	return sign.Sign(req, body, a.AK, a.SK, now())
}

// Secrets implements Auth: the access key identifies the account, the secret key signs.
func (a AKSKAuth) Secrets() []string { return []string{a.AK, a.SK} }

// MadeUpToken sends a token the suite made up for the target to refuse. It is no
// secret, so transcripts and curl lines show it: the request can be sent again
// exactly as it was.
type MadeUpToken struct{ Token string }

// Apply implements Auth.
func (a MadeUpToken) Apply(req *http.Request, _ []byte) error {
	req.Header.Set("X-Auth-Token", a.Token)
	return nil
}

// Secrets implements Auth.
func (MadeUpToken) Secrets() []string { return nil }

// NoAuth sends no credentials.
type NoAuth struct{}

// Apply implements Auth.
func (NoAuth) Apply(*http.Request, []byte) error { return nil }

// Secrets implements Auth.
func (NoAuth) Secrets() []string { return nil }

// Client talks to one target.
type Client struct {
	// BaseURL is the SDRS endpoint; ServerBaseURL is where ECS server details are read.
	BaseURL       string
	ServerBaseURL string
	Auth          Auth
	HTTP          *http.Client
	Contract      *contract.Contract
	// Retries is how often an idempotent GET is tried again after infrastructure trouble.
	Retries int
	// RetryWait is the first pause between tries; it doubles each time.
	RetryWait time.Duration
}

// Request is one call. Path starts with "/" and is joined to the base URL.
type Request struct {
	Method string
	Path   string
	Query  url.Values
	Body   []byte
	// ContentType defaults to application/json when there is a body; set it to
	// "-" to send no Content-Type at all.
	ContentType string
	// Auth replaces the client's credentials for this request (NoAuth for none).
	Auth Auth
	// ECS sends the request to the ECS endpoint instead of the SDRS one.
	ECS bool
}

// Do sends the request and returns the exchange. The error is non-nil only when
// no usable answer came back: it wraps ErrCouldNotTest for trouble on the way
// (network, timeout, a gateway that keeps failing), and is a plain error when the
// request could not be built or signed. A response that breaks the contract is
// returned with Exchange.ContractErr set.
func (c *Client) Do(ctx context.Context, r Request) (*Exchange, error) {
	tries := 1
	if r.Method == http.MethodGet {
		tries += c.Retries // only idempotent calls are retried; a POST is never sent twice
	}
	wait := c.RetryWait
	var x *Exchange
	var err error
	for i := 0; i < tries; i++ {
		if i > 0 {
			select {
			case <-ctx.Done():
				err = fmt.Errorf("%w: %v", ErrCouldNotTest, ctx.Err())
			case <-time.After(wait):
			}
			if ctx.Err() != nil {
				break
			}
			wait *= 2
		}
		x, err = c.once(ctx, r)
		// Only trouble on the way is worth another try; a request that cannot be
		// built or signed would fail the same way again.
		if (err == nil && !gatewayTrouble(x.Status)) || (err != nil && !errors.Is(err, ErrCouldNotTest)) {
			break
		}
	}
	if err == nil && gatewayTrouble(x.Status) {
		// Behind a gateway that cannot reach the service, the target cannot be judged.
		err = fmt.Errorf("%w: %s %s answered HTTP %d (%s) %d time(s) in a row", ErrCouldNotTest, r.Method, x.URL, x.Status, http.StatusText(x.Status), tries)
	}
	if x != nil {
		record(ctx, x)
	}
	return x, err
}

// gatewayTrouble is a status that says the service behind the gateway was not reached.
func gatewayTrouble(status int) bool {
	return status == http.StatusBadGateway || status == http.StatusServiceUnavailable || status == http.StatusGatewayTimeout
}

func (c *Client) once(ctx context.Context, r Request) (*Exchange, error) {
	base := c.BaseURL
	if r.ECS {
		base = c.ServerBaseURL
	}
	u := strings.TrimSuffix(base, "/") + r.Path
	if len(r.Query) > 0 {
		u += "?" + r.Query.Encode()
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, u, bytes.NewReader(r.Body))
	if err != nil {
		return nil, fmt.Errorf("build request %s %s: %w", r.Method, u, err)
	}
	if r.Body == nil {
		req.Body, req.GetBody, req.ContentLength = http.NoBody, nil, 0
	}
	switch {
	case r.ContentType == "-":
	case r.ContentType != "":
		req.Header.Set("Content-Type", r.ContentType)
	case r.Body != nil:
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	var auth Auth = NoAuth{}
	switch {
	case r.Auth != nil:
		auth = r.Auth
	case c.Auth != nil:
		auth = c.Auth
	}
	if err := auth.Apply(req, r.Body); err != nil {
		return nil, fmt.Errorf("sign request %s %s: %w", r.Method, u, err)
	}
	// The client's own credentials are masked too, whatever this request sent.
	secrets := auth.Secrets()
	if c.Auth != nil {
		secrets = append(secrets, c.Auth.Secrets()...)
	}
	_, madeUp := auth.(MadeUpToken)
	x := &Exchange{Method: r.Method, URL: u, RequestHeader: req.Header.Clone(), RequestBody: r.Body, secrets: secrets, madeUp: madeUp}
	start := time.Now()
	resp, err := c.HTTP.Do(req)
	x.Duration = time.Since(start)
	if err != nil {
		x.Err = err
		return x, fmt.Errorf("%w: %s %s: %v", ErrCouldNotTest, r.Method, x.URL, transportCause(err))
	}
	defer resp.Body.Close()
	x.ResponseBody, err = io.ReadAll(io.LimitReader(resp.Body, 8<<20))
	x.Duration = time.Since(start)
	if err != nil {
		x.Err = err
		return x, fmt.Errorf("%w: reading the response to %s %s: %v", ErrCouldNotTest, r.Method, x.URL, err)
	}
	x.Status, x.ResponseHeader = resp.StatusCode, resp.Header
	if c.Contract != nil {
		vreq, _ := http.NewRequestWithContext(ctx, r.Method, u, nil)
		x.ContractErr = c.Contract.ValidateResponse(ctx, vreq, x.Status, x.ResponseHeader, x.ResponseBody)
	}
	return x, nil
}

// transportCause drops net/http's own "Get \"<url>\":" prefix, which would repeat
// the request line the message already gives.
func transportCause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// recorderKey carries a scenario's Recorder in a context.
type recorderKey struct{}

// Recorder collects the exchanges of one scenario; a scenario may send from
// several goroutines at once (two racing batches), so it locks.
type Recorder struct {
	mu        sync.Mutex
	exchanges []*Exchange
}

// WithRecorder returns a context whose requests are recorded by rec.
func WithRecorder(ctx context.Context, rec *Recorder) context.Context {
	return context.WithValue(ctx, recorderKey{}, rec)
}

// Exchanges returns what was recorded, oldest first.
func (r *Recorder) Exchanges() []*Exchange {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*Exchange(nil), r.exchanges...)
}

func record(ctx context.Context, x *Exchange) {
	if rec, ok := ctx.Value(recorderKey{}).(*Recorder); ok {
		rec.mu.Lock()
		rec.exchanges = append(rec.exchanges, x)
		rec.mu.Unlock()
	}
}
