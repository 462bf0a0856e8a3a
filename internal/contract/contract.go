// Package contract loads openapi.yaml and validates exchanges against it: the one
// place where the suite checks responses (and generated requests) against the schema.
package contract

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"
)

// Contract is a loaded, validated openapi.yaml with a router for any base URL.
type Contract struct {
	doc     *openapi3.T
	router  routers.Router
	options *openapi3filter.Options
	sum     string
}

// Formats the contract uses beyond OpenAPI's own; registered on the document only.
var formats = map[string]*regexp.Regexp{
	// Job times: yyyy-MM-ddTHH:mm:ss.SSSZ.
	"sdrs-job-time": regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$`),
	// Group and instance times: yyyy-MM-dd HH:mm:ss.S{1,3}, or the ISO form the SDK documents.
	"sdrs-timestamp": regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z?$`),
}

// Load parses and validates the contract. Routing ignores the spec's servers (they
// name the real cloud): it matches the path under the servers' base path on any host.
func Load(data []byte) (*Contract, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("load openapi.yaml: %w", err)
	}
	for name, re := range formats {
		doc.SetStringFormatValidator(name, openapi3.NewRegexpFormatValidator(re.String()))
	}
	if err := doc.Validate(loader.Context); err != nil {
		return nil, fmt.Errorf("openapi.yaml is not a valid OpenAPI document: %w", err)
	}
	base, err := doc.Servers.BasePath()
	if err != nil {
		return nil, fmt.Errorf("openapi.yaml servers: %w", err)
	}
	doc.Servers = openapi3.Servers{{URL: base}}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		return nil, fmt.Errorf("route openapi.yaml: %w", err)
	}
	sum := sha256.Sum256(data)
	options := &openapi3filter.Options{
		MultiError:            true,
		IncludeResponseStatus: true,
		// Request checks are about bodies; credentials are the client's business.
		AuthenticationFunc: openapi3filter.NoopAuthenticationFunc,
		SchemaValidationOptions: append(doc.GetSchemaValidationOptions(),
			openapi3.EnableFormatValidation(), openapi3.DisableSchemaErrorDetails()),
	}
	return &Contract{doc: doc, router: router, options: options, sum: hex.EncodeToString(sum[:])}, nil
}

// SHA256 is the hex digest of the openapi.yaml the contract was loaded from.
func (c *Contract) SHA256() string { return c.sum }

// Doc is the parsed document (read-only by convention), for generators that walk schemas.
func (c *Contract) Doc() *openapi3.T { return c.doc }

// Violation is one way an exchange breaks the contract.
type Violation struct {
	// Where is a JSON pointer into the body, or a header or status description.
	Where  string
	Reason string
}

func (v Violation) String() string {
	if v.Where == "" {
		return v.Reason
	}
	return v.Where + ": " + v.Reason
}

// Error lists every violation of one exchange.
type Error struct {
	Operation  string
	Subject    string // "request" or "response"
	Status     int
	Violations []Violation
}

func (e *Error) Error() string {
	var b strings.Builder
	if e.Subject == "response" {
		fmt.Fprintf(&b, "response (HTTP %d) to %s does not match openapi.yaml:", e.Status, e.Operation)
	} else {
		fmt.Fprintf(&b, "request to %s does not match openapi.yaml:", e.Operation)
	}
	for _, v := range e.Violations {
		b.WriteString("\n  - " + v.String())
	}
	return b.String()
}

// ErrNoOperation means the contract has no operation for a method and path.
var ErrNoOperation = errors.New("no operation in openapi.yaml")

// Operation returns the operationId that serves a request, or ErrNoOperation.
func (c *Contract) Operation(req *http.Request) (string, error) {
	route, _, err := c.find(req)
	if err != nil {
		return "", err
	}
	return route.Operation.OperationID, nil
}

func (c *Contract) find(req *http.Request) (*routers.Route, map[string]string, error) {
	route, params, err := c.router.FindRoute(req)
	if err != nil {
		return nil, nil, fmt.Errorf("%w for %s %s: %v", ErrNoOperation, req.Method, req.URL.Path, err)
	}
	return route, params, nil
}

// ValidateResponse checks a response's status, headers and body against the
// operation that serves req. It returns nil, an *Error, or ErrNoOperation.
func (c *Contract) ValidateResponse(ctx context.Context, req *http.Request, status int, header http.Header, body []byte) error {
	route, params, err := c.find(req)
	if err != nil {
		return err
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: c.options},
		Status:                 status,
		Header:                 header,
		Options:                c.options,
	}
	in.SetBodyBytes(body)
	if err := openapi3filter.ValidateResponse(ctx, in); err != nil {
		vs := violations(err)
		for i, v := range vs {
			if v.Reason == "status is not supported" {
				vs[i].Reason = fmt.Sprintf("HTTP %d is not a documented status of %s (documented: %s)",
					status, route.Operation.OperationID, strings.Join(documented(route.Operation), ", "))
			}
		}
		return &Error{Operation: route.Operation.OperationID, Subject: "response", Status: status, Violations: vs}
	}
	return nil
}

func documented(op *openapi3.Operation) []string {
	var codes []string
	for code := range op.Responses.Map() {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	return codes
}

// ValidateRequest checks a request (method, path, query, body) against the contract.
// The request body is read and put back.
func (c *Contract) ValidateRequest(ctx context.Context, req *http.Request) error {
	route, params, err := c.find(req)
	if err != nil {
		return err
	}
	if req.Body != nil {
		data, err := io.ReadAll(req.Body)
		if err != nil {
			return fmt.Errorf("read request body: %w", err)
		}
		req.Body = io.NopCloser(bytes.NewReader(data))
	}
	in := &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: c.options}
	if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
		return &Error{Operation: route.Operation.OperationID, Subject: "request", Violations: violations(err)}
	}
	return nil
}

// violations flattens kin-openapi's nested errors into pointer + reason pairs.
func violations(err error) []Violation {
	var out []Violation
	var walk func(error, string)
	walk = func(err error, prefix string) {
		var multi openapi3.MultiError
		if errors.As(err, &multi) {
			for _, e := range multi {
				walk(e, prefix)
			}
			return
		}
		var schemaErr *openapi3.SchemaError
		if errors.As(err, &schemaErr) {
			var inner openapi3.MultiError
			if errors.As(schemaErr.Origin, &inner) {
				walk(inner, prefix)
				return
			}
			reason := schemaErr.Reason
			if (schemaErr.SchemaField == "anyOf" || schemaErr.SchemaField == "oneOf") && schemaErr.Schema != nil && schemaErr.Schema.Description != "" {
				// Say which shapes were expected: the schema's own description.
				reason += "; expected: " + firstSentence(schemaErr.Schema.Description)
			}
			out = append(out, Violation{Where: prefix + "/" + strings.Join(schemaErr.JSONPointer(), "/"), Reason: reason})
			return
		}
		var respErr *openapi3filter.ResponseError
		if errors.As(err, &respErr) && respErr.Err != nil {
			walk(respErr.Err, "body")
			return
		}
		var reqErr *openapi3filter.RequestError
		if errors.As(err, &reqErr) && reqErr.Err != nil {
			where := "body"
			if reqErr.Parameter != nil {
				where = reqErr.Parameter.In + " parameter " + reqErr.Parameter.Name
			}
			walk(reqErr.Err, where)
			return
		}
		if respErr != nil {
			out = append(out, Violation{Reason: respErr.Reason})
			return
		}
		if reqErr != nil {
			out = append(out, Violation{Where: prefix, Reason: reqErr.Reason})
			return
		}
		out = append(out, Violation{Where: prefix, Reason: err.Error()})
	}
	walk(err, "")
	sort.SliceStable(out, func(i, j int) bool { return out[i].Where < out[j].Where })
	return out
}

// Formats lists the custom string formats the validator registers.
func Formats() []string {
	names := make([]string, 0, len(formats))
	for name := range formats {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

func firstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}
