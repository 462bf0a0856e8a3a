package mock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// batch is a batch-create request that passed the input checks.
type batch struct {
	namePrefix  string
	description *string
	groupID     string
	subnetID    string
	servers     []batchServer
	tenancy     string
	hostID      string
	clusterID   string
	tags        []tag
}

type batchServer struct {
	id     string
	flavor string
}

var (
	namePrefixChars = regexp.MustCompile(`^[A-Za-z0-9._-]*$`)
	// The Huawei Cloud variant also allows Chinese characters.
	namePrefixCharsHan = regexp.MustCompile(`^[A-Za-z0-9._\p{Han}-]*$`)
	// The name-prefix-ascii-range fault: [A-z] also takes [ \ ] ^ and `.
	namePrefixCharsASCIIRange = regexp.MustCompile(`^[A-z0-9._-]*$`)
	// Tag keys and values may not hold ASCII control characters nor *<>\=,|/.
	tagForbidden = "*<>\\=,|/"
)

// Fields a batch may have; the strict-unknown-fields variant refuses others.
var (
	batchFields  = []string{"name_prefix", "description", "server_group_id", "primary_subnet_id", "servers", "tenancy", "dedicated_host_id", "tags", "cluster_id"}
	serverFields = []string{"server_id", "flavorRef"}
)

// parseBatch decodes the body and checks every input rule, in the order the real
// service reports them; the first violation is the answer. is says which faults
// and variants are on.
func parseBatch(body []byte, limit int, is func(string) bool) (*batch, *apiError) {
	if len(body) == 0 {
		return nil, malformed("the request body is empty; send {\"protected_instances\": {...}}")
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var root any
	if err := dec.Decode(&root); err != nil {
		return nil, malformed("the request body is not valid JSON: %v", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, malformed("the request body holds more than one JSON value")
	}
	top, isObject := root.(map[string]any)
	if !isObject {
		return nil, malformed("the request body must be a JSON object, not %s", kind(root))
	}
	pi, present := top["protected_instances"]
	if !present || pi == nil {
		return nil, reject(codeParams, "protected_instances is required")
	}
	obj, isObject := pi.(map[string]any)
	if !isObject {
		return nil, reject(codeParams, "protected_instances must be an object, not %s", kind(pi))
	}
	if is("types-coerced") {
		coerce(obj)
	}
	f := fields(obj)
	if is("strict-unknown-fields") {
		if err := f.onlyKnown(batchFields, "protected_instances"); err != nil {
			return nil, err
		}
	}
	b := &batch{}
	var err *apiError

	if b.namePrefix, err = namePrefix(f, is); err != nil {
		return nil, err
	}
	if d, present, err := f.optionalString("description"); err != nil {
		return nil, err
	} else if present {
		max := 64
		if is("description-65") {
			max = 65
		}
		length := utf8.RuneCountInString(d)
		if is("description-bytes") {
			length = len(d)
		}
		if length > max || (strings.ContainsAny(d, "<>") && !is("description-brackets")) {
			return nil, reject(codeDescription, "description must be at most 64 characters without '<' or '>'")
		}
		b.description = &d
	}
	if b.groupID, err = f.requiredString("server_group_id"); err != nil {
		return nil, err
	}
	if b.groupID == "" {
		return nil, reject(codeGroupID, "server_group_id is empty")
	}
	if b.subnetID, err = f.optionalValue("primary_subnet_id"); err != nil {
		return nil, err
	}
	if b.servers, err = parseServers(obj["servers"], limit, is); err != nil {
		return nil, err
	}
	if b.tenancy, err = f.optionalValue("tenancy"); err != nil {
		return nil, err
	}
	if b.tenancy != "" && b.tenancy != "shared" && b.tenancy != "dedicated" && !is("tenancy-unchecked") {
		return nil, reject(codeParams, "tenancy %q must be shared or dedicated", b.tenancy)
	}
	if b.hostID, err = f.optionalValue("dedicated_host_id"); err != nil {
		return nil, err
	}
	if b.clusterID, err = f.optionalValue("cluster_id"); err != nil {
		return nil, err
	}
	if !is("tags-unchecked") {
		if b.tags, err = parseTags(obj["tags"]); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// namePrefix reads and checks name_prefix: 1 to 59 letters, digits, '.', '_', '-'.
func namePrefix(f fields, is func(string) bool) (string, *apiError) {
	v, present := f["name_prefix"]
	switch {
	case (!present || v == nil) && is("name-prefix-optional"):
		return "instance", nil
	case is("name-prefix-number"):
		if n, isNumber := v.(json.Number); isNumber {
			return n.String(), nil
		}
	}
	prefix, err := f.requiredString("name_prefix")
	if err != nil {
		return "", err
	}
	min, max := 1, 59
	if is("name-prefix-empty") {
		min = 0
	}
	if is("name-prefix-60") {
		max = 60
	}
	chars := namePrefixChars
	if is("chinese-name-prefix") {
		chars = namePrefixCharsHan
	}
	if is("name-prefix-ascii-range") {
		chars = namePrefixCharsASCIIRange
	}
	n := utf8.RuneCountInString(prefix)
	if n < min || n > max || (!chars.MatchString(prefix) && !is("name-prefix-any-character")) {
		return "", reject(codeName, "name_prefix %q must be 1 to 59 characters of letters, digits, '.', '_' and '-'", prefix)
	}
	return prefix, nil
}

func parseServers(v any, limit int, is func(string) bool) ([]batchServer, *apiError) {
	if v == nil {
		return nil, reject(codeParams, "servers is required")
	}
	items, isArray := v.([]any)
	if !isArray {
		return nil, reject(codeParams, "servers must be an array, not %s", kind(v))
	}
	if len(items) == 0 && !is("servers-empty") {
		return nil, reject(codeParams, "servers is empty; give 1 to %d servers", limit)
	}
	if is("servers-limit-plus-one") {
		limit++
	}
	if len(items) > limit {
		return nil, reject(codeParams, "servers has %d items; at most %d servers are allowed in one batch", len(items), limit)
	}
	seen := map[string]bool{}
	out := make([]batchServer, 0, len(items))
	for i, it := range items {
		obj, isObject := it.(map[string]any)
		if !isObject {
			return nil, reject(codeParams, "servers[%d] must be an object, not %s", i, kind(it))
		}
		f := fields(obj)
		if is("strict-unknown-fields") {
			if err := f.onlyKnown(serverFields, fmt.Sprintf("servers[%d]", i)); err != nil {
				return nil, err
			}
		}
		if _, present := obj["server_id"]; !present && is("server-id-optional") {
			continue
		}
		id, err := f.requiredString("server_id")
		if err != nil {
			return nil, reject(codeParams, "servers[%d]: %s", i, err.message)
		}
		if id == "" {
			return nil, reject(codeServerID, "servers[%d].server_id is empty", i)
		}
		if seen[id] && !is("duplicate-server") {
			return nil, reject(codeParams, "server %s is listed twice", id)
		}
		seen[id] = true
		flavor, present, err := f.optionalString("flavorRef")
		if err != nil {
			return nil, reject(codeParams, "servers[%d]: %s", i, err.message)
		}
		if present && flavor == "" {
			return nil, reject(codeParams, "servers[%d].flavorRef is empty", i)
		}
		out = append(out, batchServer{id: id, flavor: flavor})
	}
	return out, nil
}

func parseTags(v any) ([]tag, *apiError) {
	if v == nil {
		return nil, nil
	}
	items, isArray := v.([]any)
	if !isArray {
		return nil, reject(codeParams, "tags must be an array, not %s", kind(v))
	}
	if len(items) > 10 {
		return nil, reject(codeTooManyTags, "%d tags given; at most 10 are allowed", len(items))
	}
	seen := map[string]bool{}
	var out []tag
	for i, it := range items {
		obj, isObject := it.(map[string]any)
		if !isObject {
			return nil, reject(codeParams, "tags[%d] must be an object, not %s", i, kind(it))
		}
		key, isString := obj["key"].(string)
		switch {
		case obj["key"] == nil:
			return nil, reject(codeTagKeyBlank, "tags[%d].key is missing", i)
		case !isString:
			return nil, reject(codeTagKey, "tags[%d].key must be a string", i)
		case strings.TrimSpace(key) == "":
			return nil, reject(codeTagKeyBlank, "tags[%d].key is blank", i)
		case utf8.RuneCountInString(key) > 36 || !validTagText(key):
			return nil, reject(codeTagKey, "tags[%d].key %q must be at most 36 characters without control characters or %s", i, key, tagForbidden)
		}
		value, present := obj["value"]
		if present && value == nil {
			return nil, reject(codeTagValueNull, "tags[%d].value is null", i)
		}
		text, isString := value.(string)
		if present && !isString {
			return nil, reject(codeTagValue, "tags[%d].value must be a string", i)
		}
		if utf8.RuneCountInString(text) > 43 || !validTagText(text) {
			return nil, reject(codeTagValue, "tags[%d].value must be at most 43 characters without control characters or %s", i, tagForbidden)
		}
		if seen[key] {
			return nil, reject(codeTagDuplicateKey, "tag key %q is given twice", key)
		}
		seen[key] = true
		out = append(out, tag{Key: key, Value: text})
	}
	return out, nil
}

func validTagText(s string) bool {
	for _, r := range s {
		if r < 0x20 || strings.ContainsRune(tagForbidden, r) {
			return false
		}
	}
	return true
}

// fields reads typed members of a JSON object; null counts as absent.
type fields map[string]any

func (f fields) requiredString(name string) (string, *apiError) {
	v, present := f[name]
	if !present || v == nil {
		return "", reject(codeParams, "%s is required", name)
	}
	s, isString := v.(string)
	if !isString {
		return "", reject(codeParams, "%s must be a string, not %s", name, kind(v))
	}
	return s, nil
}

func (f fields) optionalString(name string) (string, bool, *apiError) {
	v, present := f[name]
	if !present || v == nil {
		return "", false, nil
	}
	s, isString := v.(string)
	if !isString {
		return "", false, reject(codeParams, "%s must be a string, not %s", name, kind(v))
	}
	return s, true, nil
}

// optionalValue reads an optional string that, when given, is not empty: an id
// or an enum value ("" names nothing; openapi.yaml says minLength 1).
func (f fields) optionalValue(name string) (string, *apiError) {
	s, present, err := f.optionalString(name)
	if err == nil && present && s == "" {
		err = reject(codeParams, "%s is empty; leave it out or give a value", name)
	}
	return s, err
}

// coerce turns numbers and booleans into their text, in the batch and its
// servers, as a lenient JSON binding would (the types-coerced fault).
func coerce(obj map[string]any) {
	for k, v := range obj {
		switch x := v.(type) {
		case json.Number:
			obj[k] = x.String()
		case bool:
			obj[k] = fmt.Sprint(x)
		case []any:
			for _, it := range x {
				if item, isObject := it.(map[string]any); isObject {
					coerce(item)
				}
			}
		}
	}
}

// onlyKnown refuses members other than the known ones.
func (f fields) onlyKnown(known []string, where string) *apiError {
	var unknown []string
	for k := range f {
		if !slices.Contains(known, k) {
			unknown = append(unknown, k)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	slices.Sort(unknown)
	return reject(codeParams, "%s has unknown fields: %s", where, strings.Join(unknown, ", "))
}

// kind names a JSON value's type for messages.
func kind(v any) string {
	switch v.(type) {
	case nil:
		return "null"
	case string:
		return "a string"
	case json.Number:
		return "a number"
	case bool:
		return "a boolean"
	case []any:
		return "an array"
	case map[string]any:
		return "an object"
	}
	return fmt.Sprintf("%T", v)
}
