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

// Pool holds what can be leased, by kind: a server role, or SharedDiskSet.
type Pool struct {
	mu      sync.Mutex
	items   map[string][][]string // kind -> items; an item is one server, or a set of them
	busy    map[string][]bool
	changed chan struct{} // closed and replaced whenever something is released
}

// NewPool builds the pool of a world.
func NewPool(w profile.World) *Pool {
	p := &Pool{items: map[string][][]string{}, busy: map[string][]bool{}, changed: make(chan struct{})}
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
	for kind, items := range p.items {
		p.busy[kind] = make([]bool, len(items))
	}
	return p
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
		if have := p.Capacity(kind); count > have {
			missing = append(missing, fmt.Sprintf("%d %s (the world has %d)", count, describe(kind), have))
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
	held  map[string][]int
	items map[string][][]string
}

// Acquire takes everything in the need at once, waiting until all of it is free, so
// that two scenarios never wait for each other's halves. It fails at once when the
// world can never satisfy the need.
func (p *Pool) Acquire(ctx context.Context, n Need) (*Lease, error) {
	if short := p.Shortfall(n); short != "" {
		return nil, fmt.Errorf("the world lacks %s", short)
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

func (p *Pool) take(n Need) *Lease {
	picked := map[string][]int{}
	for kind, count := range n {
		for i, busy := range p.busy[kind] {
			if len(picked[kind]) == count {
				break
			}
			if !busy {
				picked[kind] = append(picked[kind], i)
			}
		}
		if len(picked[kind]) < count {
			return nil
		}
	}
	l := &Lease{pool: p, held: picked, items: map[string][][]string{}}
	for kind, idx := range picked {
		for _, i := range idx {
			p.busy[kind][i] = true
			l.items[kind] = append(l.items[kind], p.items[kind][i])
		}
	}
	return l
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
	for kind, idx := range l.held {
		for _, i := range idx {
			p.busy[kind][i] = false
		}
	}
	l.held = nil
	close(p.changed)
	p.changed = make(chan struct{})
	p.mu.Unlock()
}
