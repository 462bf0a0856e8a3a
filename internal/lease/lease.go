// Package lease hands out the world's servers to scenarios, each exclusively:
// no server is used by two scenarios at once, so scenarios can run concurrently.
package lease

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
)

// SharedDiskSet is the kind of a whole set of servers that share a disk. Sets are
// pooled by size, as SetKind(n), so a scenario can list every server of its set.
const SharedDiskSet = "shared-disk-set"

// SetKind is the kind of a shared-disk set of n servers.
func SetKind(n int) string { return fmt.Sprintf("%s/%d", SharedDiskSet, n) }

// Pool holds what can be leased, by kind: a server role, or a shared-disk set.
// A server can be reached through several kinds (two roles, or a role and its
// set); it is busy or free as a server, whichever kind leased it.
type Pool struct {
	mu      sync.Mutex
	items   map[string][][]string // kind -> items; an item is one server, or a set of them
	busy    map[string]bool       // server id -> leased
	changed chan struct{}         // closed and replaced whenever something is released
}

// NewPool builds the pool of a world.
func NewPool(w profile.World) *Pool {
	p := &Pool{items: map[string][][]string{}, busy: map[string]bool{}, changed: make(chan struct{})}
	for _, role := range profile.Roles {
		for _, s := range w.ServersWithRole(role) {
			p.items[role] = append(p.items[role], []string{s.ID})
		}
	}
	for _, set := range w.SharedDiskSets() {
		ids := make([]string, len(set))
		for i, s := range set {
			ids[i] = s.ID
		}
		p.items[SetKind(len(ids))] = append(p.items[SetKind(len(ids))], ids)
	}
	p.preferSingleKind()
	return p
}

// preferSingleKind orders each kind's items so that servers reachable through
// fewer kinds are picked first, leaving multi-role servers for the kinds that
// need them (picking is greedy).
func (p *Pool) preferSingleKind() {
	kinds := map[string]int{}
	for _, items := range p.items {
		for _, item := range items {
			for _, id := range item {
				kinds[id]++
			}
		}
	}
	weight := func(item []string) int {
		w := 0
		for _, id := range item {
			w += kinds[id]
		}
		return w
	}
	for _, items := range p.items {
		sort.SliceStable(items, func(i, j int) bool { return weight(items[i]) < weight(items[j]) })
	}
}

// Capacity is how many items of a kind the world has.
func (p *Pool) Capacity(kind string) int { return len(p.items[kind]) }

// Need counts the items of each kind a scenario needs.
type Need map[string]int

func (n Need) String() string {
	var parts []string
	for k, v := range n {
		parts = append(parts, fmt.Sprintf("%d %s", v, k))
	}
	sort.Strings(parts)
	return strings.Join(parts, ", ")
}

// Shortfall says what the world lacks to ever satisfy the need ("" when nothing).
func (p *Pool) Shortfall(n Need) string {
	var missing []string
	for kind, count := range n {
		if count < 0 {
			missing = append(missing, fmt.Sprintf("%d %s (a count cannot be negative)", count, describe(kind)))
		} else if have := p.Capacity(kind); count > have {
			missing = append(missing, fmt.Sprintf("%d %s: it needs %d, the world has %d", count-have, describe(kind), count, have))
		}
	}
	sort.Strings(missing)
	return strings.Join(missing, ", ")
}

func describe(kind string) string {
	if size, found := strings.CutPrefix(kind, SharedDiskSet+"/"); found {
		return "set(s) of " + size + " servers sharing a disk"
	}
	return "server(s) of role " + kind
}

// Lease is what one scenario holds.
type Lease struct {
	pool  *Pool
	held  []string // server ids
	items map[string][][]string
}

// Acquire takes everything in the need at once, waiting until all of it is free, so
// that two scenarios never wait for each other's halves. It fails at once when the
// world can never satisfy the need.
func (p *Pool) Acquire(ctx context.Context, n Need) (*Lease, error) {
	if short := p.Shortfall(n); short != "" {
		return nil, fmt.Errorf("the world lacks %s", short)
	}
	if p.pick(n, func(string) bool { return false }) == nil {
		return nil, fmt.Errorf("the world lacks %s: enough servers of each kind, but some would have to serve twice", n)
	}
	for {
		p.mu.Lock()
		if l := p.take(n); l != nil {
			p.mu.Unlock()
			return l, nil
		}
		changed := p.changed
		p.mu.Unlock()
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for %s: %w", n, ctx.Err())
		case <-changed:
		}
	}
}

// take picks, for each kind, items whose servers are all free and not picked for
// another kind of the same need; it takes nothing unless it can take everything.
func (p *Pool) take(n Need) *Lease {
	items := p.pick(n, func(id string) bool { return p.busy[id] })
	if items == nil {
		return nil
	}
	l := &Lease{pool: p, items: items}
	for _, list := range items {
		for _, item := range list {
			for _, id := range item {
				p.busy[id] = true
				l.held = append(l.held, id)
			}
		}
	}
	return l
}

// pick chooses the items of a need among those whose servers are not busy; nil
// when it cannot choose them all.
func (p *Pool) pick(n Need, busy func(string) bool) map[string][][]string {
	kinds := make([]string, 0, len(n))
	for kind := range n {
		kinds = append(kinds, kind)
	}
	sort.Strings(kinds) // a stable order makes the picks reproducible
	picked := map[string]bool{}
	items := map[string][][]string{}
	for _, kind := range kinds {
	next:
		for _, item := range p.items[kind] {
			if len(items[kind]) == n[kind] {
				break
			}
			for _, id := range item {
				if busy(id) || picked[id] {
					continue next
				}
			}
			items[kind] = append(items[kind], item)
			for _, id := range item {
				picked[id] = true
			}
		}
		if len(items[kind]) < n[kind] {
			return nil
		}
	}
	return items
}

// Servers returns the leased servers of a role, in lease order.
func (l *Lease) Servers(role string) []string {
	var ids []string
	for _, item := range l.items[role] {
		ids = append(ids, item...)
	}
	return ids
}

// Sets returns the leased shared-disk sets, whatever their size.
func (l *Lease) Sets() [][]string {
	var sets [][]string
	for kind, items := range l.items {
		if strings.HasPrefix(kind, SharedDiskSet+"/") {
			sets = append(sets, items...)
		}
	}
	return sets
}

// SetSizes lists the sizes of the world's shared-disk sets, smallest first.
func (p *Pool) SetSizes() []int {
	var sizes []int
	for kind := range p.items {
		if size, found := strings.CutPrefix(kind, SharedDiskSet+"/"); found {
			n, _ := strconv.Atoi(size)
			sizes = append(sizes, n)
		}
	}
	sort.Ints(sizes)
	return sizes
}

// All returns every leased server id.
func (l *Lease) All() []string {
	var ids []string
	for _, items := range l.items {
		for _, item := range items {
			ids = append(ids, item...)
		}
	}
	sort.Strings(ids)
	return ids
}

// Release gives everything back. It is safe to call more than once.
func (l *Lease) Release() {
	if l == nil || l.held == nil {
		return
	}
	p := l.pool
	p.mu.Lock()
	for _, id := range l.held {
		delete(p.busy, id)
	}
	l.held = nil
	close(p.changed)
	p.changed = make(chan struct{})
	p.mu.Unlock()
}
