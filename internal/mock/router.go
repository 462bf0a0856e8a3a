package mock

import (
	"sort"
	"strings"
)

// route is one operation: a method and a path pattern whose {name} segments are variables.
type route struct {
	method   string
	segments []string
	handle   func(*call) reply
}

// router matches a request to a route. Literal segments win over variables, so
// POST .../protected-instances/batch is not read as an instance id.
type router struct{ routes []route }

func (rt *router) add(method, pattern string, h func(*call) reply) {
	rt.routes = append(rt.routes, route{method: method, segments: strings.Split(strings.Trim(pattern, "/"), "/"), handle: h})
}

// match returns the route for the request and its path variables; when only the
// method is wrong it returns the allowed methods instead.
func (rt *router) match(method, path string) (*route, map[string]string, []string) {
	parts := strings.Split(strings.Trim(path, "/"), "/")
	var best *route
	var bestVars map[string]string
	bestScore, pathScore := -1, -1
	allowed := map[int][]string{} // methods by how literally their route matches
	for i := range rt.routes {
		r := &rt.routes[i]
		vars, score, ok := r.bind(parts)
		if !ok {
			continue
		}
		pathScore = max(pathScore, score)
		allowed[score] = append(allowed[score], r.method)
		if r.method == method && score > bestScore {
			best, bestVars, bestScore = r, vars, score
		}
	}
	// A literal path (…/batch) is its own resource: a variable route (…/{id}) that
	// also matches does not make it accept that route's methods.
	if best != nil && bestScore == pathScore {
		return best, bestVars, nil
	}
	methods := allowed[pathScore]
	sort.Strings(methods)
	return nil, nil, methods
}

// bind matches path parts against the route; the score counts literal matches.
func (r *route) bind(parts []string) (map[string]string, int, bool) {
	if len(parts) != len(r.segments) {
		return nil, 0, false
	}
	vars := map[string]string{}
	score := 0
	for i, seg := range r.segments {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			if parts[i] == "" {
				return nil, 0, false
			}
			vars[seg[1:len(seg)-1]] = parts[i]
			continue
		}
		if seg != parts[i] {
			return nil, 0, false
		}
		score++
	}
	return vars, score, true
}

// allowHeader formats the methods for an Allow header.
func allowHeader(methods []string) string { return strings.Join(methods, ", ") }
