package lease_test

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sdrs-conformance/sdrs-conformance/internal/lease"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
)

func srv(id string, roles ...string) profile.Server {
	return profile.Server{ID: id, Name: id, Roles: roles}
}

func sharing(id, disk string) profile.Server {
	return profile.Server{ID: id, Name: id, Roles: []string{profile.RoleSharedDisk}, Disks: []profile.Disk{{ID: disk, Shared: true}}}
}

// testWorld has 3 plain servers, 1 in another VPC, 1 Windows server, a shared-disk
// set of 3 and one of 2.
func testWorld() profile.World {
	return profile.World{Servers: []profile.Server{
		srv("p1", profile.RolePlain),
		srv("p2", profile.RolePlain),
		srv("o1", profile.RoleOtherVPC),
		srv("p3", profile.RolePlain),
		srv("w1", profile.RoleWindowsKeyPair),
		sharing("a1", "A"),
		sharing("a2", "A"),
		sharing("b1", "B"),
		sharing("a3", "A"),
		sharing("b2", "B"),
	}}
}

// now is a context that is already cancelled: Acquire with it takes what is free
// at once, or fails at once, so it is a non-blocking "try".
func now() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// bounded is a context that keeps a broken Acquire from hanging the test.
func bounded(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// waitingCtx tells when Acquire starts waiting: Acquire calls Done only after it
// found that the need cannot be taken now.
type waitingCtx struct {
	context.Context
	once    sync.Once
	waiting chan struct{}
}

func newWaitingCtx(parent context.Context) *waitingCtx {
	return &waitingCtx{Context: parent, waiting: make(chan struct{})}
}

func (c *waitingCtx) Done() <-chan struct{} {
	c.once.Do(func() { close(c.waiting) })
	return c.Context.Done()
}

// await waits for a channel, failing the test if a broken pool never signals.
func await[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		require.FailNow(t, "timed out waiting for "+what)
	}
	var zero T
	return zero
}

type result struct {
	l   *lease.Lease
	err error
}

func TestSetKind(t *testing.T) {
	assert.Equal(t, "shared-disk-set/3", lease.SetKind(3))
	assert.Equal(t, lease.SharedDiskSet+"/2", lease.SetKind(2))
}

func TestCapacity(t *testing.T) {
	p := lease.NewPool(testWorld())
	for kind, want := range map[string]int{
		profile.RolePlain:                 3,
		profile.RoleOtherVPC:              1,
		profile.RoleWindowsKeyPair:        1,
		profile.RoleWindowsKeyPairMissing: 0,
		profile.RoleProtected:             0,
		profile.RoleSharedDisk:            5,
		lease.SetKind(3):                  1,
		lease.SetKind(2):                  1,
		lease.SetKind(5):                  0,
		lease.SharedDiskSet:               0,
		"gpu":                             0,
	} {
		assert.Equal(t, want, p.Capacity(kind), kind)
	}
	empty := lease.NewPool(profile.World{})
	assert.Equal(t, 0, empty.Capacity(profile.RolePlain))
	assert.Empty(t, empty.SetSizes())
}

func TestNeedString(t *testing.T) {
	assert.Equal(t, "", lease.Need{}.String())
	assert.Equal(t, "1 other-vpc, 2 plain, 3 shared-disk-set/2", lease.Need{"plain": 2, lease.SetKind(2): 3, "other-vpc": 1}.String())
}

func TestShortfall(t *testing.T) {
	p := lease.NewPool(testWorld())
	tests := []struct {
		need lease.Need
		want string
	}{
		{lease.Need{}, ""},
		{lease.Need{profile.RolePlain: 3, profile.RoleOtherVPC: 1, lease.SetKind(3): 1}, ""},
		{lease.Need{profile.RoleProtected: 0}, ""},
		{lease.Need{profile.RolePlain: 4}, "1 server(s) of role plain: it needs 4, the world has 3"},
		{lease.Need{profile.RoleProtected: 1}, "1 server(s) of role protected: it needs 1, the world has 0"},
		{lease.Need{lease.SetKind(4): 1}, "1 set(s) of 4 servers sharing a disk: it needs 1, the world has 0"},
		{lease.Need{lease.SetKind(2): 2}, "1 set(s) of 2 servers sharing a disk: it needs 2, the world has 1"},
		{
			lease.Need{profile.RolePlain: 5, profile.RoleOtherVPC: 2, profile.RoleWindowsKeyPair: 1},
			"1 server(s) of role other-vpc: it needs 2, the world has 1, 2 server(s) of role plain: it needs 5, the world has 3",
		},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, p.Shortfall(tt.need), "%v", tt.need)
	}
}

func TestAcquireGivesTheServersOfTheNeed(t *testing.T) {
	p := lease.NewPool(testWorld())
	l, err := p.Acquire(now(), lease.Need{profile.RolePlain: 2, profile.RoleOtherVPC: 1})
	require.NoError(t, err)
	plain := l.Servers(profile.RolePlain)
	assert.Len(t, plain, 2)
	assert.Subset(t, []string{"p1", "p2", "p3"}, plain)
	assert.Equal(t, []string{"o1"}, l.Servers(profile.RoleOtherVPC))
	assert.Empty(t, l.Servers(profile.RoleWindowsKeyPair))
	assert.Empty(t, l.Sets())
	all := l.All()
	assert.Len(t, all, 3)
	assert.IsNonDecreasing(t, all, "All is sorted")
	assert.ElementsMatch(t, append(append([]string{}, plain...), "o1"), all)
}

func TestAcquireEmptyNeed(t *testing.T) {
	p := lease.NewPool(testWorld())
	l, err := p.Acquire(now(), lease.Need{})
	require.NoError(t, err)
	assert.Empty(t, l.All())
	l.Release()
	// Nothing was taken.
	_, err = p.Acquire(now(), lease.Need{profile.RolePlain: 3})
	assert.NoError(t, err)
}

func TestAcquireIsExclusive(t *testing.T) {
	p := lease.NewPool(testWorld())
	l1, err := p.Acquire(now(), lease.Need{profile.RolePlain: 2})
	require.NoError(t, err)
	l2, err := p.Acquire(now(), lease.Need{profile.RolePlain: 1})
	require.NoError(t, err)
	assert.NotContains(t, l1.Servers(profile.RolePlain), l2.Servers(profile.RolePlain)[0])
	assert.ElementsMatch(t, []string{"p1", "p2", "p3"}, append(l1.Servers(profile.RolePlain), l2.Servers(profile.RolePlain)...))

	// Every plain server is out: one more cannot be had now.
	_, err = p.Acquire(now(), lease.Need{profile.RolePlain: 1})
	require.Error(t, err)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "waiting for 1 plain")

	// Other kinds are still free.
	l3, err := p.Acquire(now(), lease.Need{profile.RoleOtherVPC: 1})
	require.NoError(t, err)
	assert.Equal(t, []string{"o1"}, l3.All())

	l2.Release()
	l4, err := p.Acquire(now(), lease.Need{profile.RolePlain: 1})
	require.NoError(t, err)
	assert.Equal(t, l2.Servers(profile.RolePlain), l4.Servers(profile.RolePlain), "the released server is the free one")
}

func TestAcquireIsAllOrNothing(t *testing.T) {
	p := lease.NewPool(testWorld())
	holder, err := p.Acquire(now(), lease.Need{profile.RoleOtherVPC: 1})
	require.NoError(t, err)

	// The other-vpc server is out, so this need cannot be met now, although every plain server is free.
	_, err = p.Acquire(now(), lease.Need{profile.RolePlain: 3, profile.RoleOtherVPC: 1})
	require.ErrorIs(t, err, context.Canceled)

	// The failed attempt held nothing back: all plain servers can still be had.
	plain, err := p.Acquire(now(), lease.Need{profile.RolePlain: 3})
	require.NoError(t, err)
	plain.Release()

	// A waiter for the whole need holds none of it while it waits.
	ctx := newWaitingCtx(bounded(t))
	done := make(chan result, 1)
	go func() {
		l, err := p.Acquire(ctx, lease.Need{profile.RolePlain: 2, profile.RoleOtherVPC: 1})
		done <- result{l, err}
	}()
	await(t, ctx.waiting, "Acquire to wait")
	plain, err = p.Acquire(now(), lease.Need{profile.RolePlain: 3})
	require.NoError(t, err, "a waiting Acquire must not hold part of its need")
	plain.Release()

	holder.Release()
	r := await(t, done, "Acquire to succeed after Release")
	require.NoError(t, r.err)
	assert.Len(t, r.l.Servers(profile.RolePlain), 2)
	assert.Equal(t, []string{"o1"}, r.l.Servers(profile.RoleOtherVPC))
}

func TestAcquireWaitsForRelease(t *testing.T) {
	p := lease.NewPool(testWorld())
	first, err := p.Acquire(now(), lease.Need{profile.RolePlain: 3})
	require.NoError(t, err)

	ctx := newWaitingCtx(bounded(t))
	done := make(chan result, 1)
	go func() {
		l, err := p.Acquire(ctx, lease.Need{profile.RolePlain: 2})
		done <- result{l, err}
	}()
	await(t, ctx.waiting, "Acquire to wait")
	select {
	case r := <-done:
		require.FailNow(t, "Acquire returned while every server was leased", "lease %v, err %v", r.l, r.err)
	default:
	}

	first.Release()
	r := await(t, done, "Acquire to succeed after Release")
	require.NoError(t, r.err)
	assert.Len(t, r.l.Servers(profile.RolePlain), 2)
}

func TestAcquireWaitsUntilEnoughIsFree(t *testing.T) {
	p := lease.NewPool(testWorld())
	a, err := p.Acquire(now(), lease.Need{profile.RolePlain: 2})
	require.NoError(t, err)
	b, err := p.Acquire(now(), lease.Need{profile.RolePlain: 1})
	require.NoError(t, err)

	ctx := newWaitingCtx(bounded(t))
	done := make(chan result, 1)
	go func() {
		l, err := p.Acquire(ctx, lease.Need{profile.RolePlain: 3})
		done <- result{l, err}
	}()
	await(t, ctx.waiting, "Acquire to wait")

	// Releasing b frees one server: not enough, the waiter must keep waiting. It is
	// woken, finds too little, and waits again; an Acquire of the freed server
	// while it waits proves it did not take it.
	b.Release()
	c, err := p.Acquire(bounded(t), lease.Need{profile.RolePlain: 1})
	require.NoError(t, err, "the waiter must not hold a server it cannot use")
	c.Release()

	a.Release()
	r := await(t, done, "Acquire to succeed once all three are free")
	require.NoError(t, r.err)
	assert.ElementsMatch(t, []string{"p1", "p2", "p3"}, r.l.Servers(profile.RolePlain))
}

func TestAcquireFailsAtOnceWhenTheWorldLacks(t *testing.T) {
	p := lease.NewPool(testWorld())
	for _, need := range []lease.Need{
		{profile.RolePlain: 4},
		{profile.RolePlain: 1, profile.RoleProtected: 1},
		{lease.SetKind(4): 1},
		{"gpu": 1},
	} {
		l, err := p.Acquire(bounded(t), need)
		require.Error(t, err, "%v", need)
		assert.Nil(t, l)
		assert.NotErrorIs(t, err, context.DeadlineExceeded, "it must not wait for what can never come")
		assert.Contains(t, err.Error(), "the world lacks "+p.Shortfall(need))
	}
	// Nothing was taken by the failed attempts.
	_, err := p.Acquire(now(), lease.Need{profile.RolePlain: 3})
	assert.NoError(t, err)
}

func TestAcquireCancelledWhileWaiting(t *testing.T) {
	p := lease.NewPool(testWorld())
	holder, err := p.Acquire(now(), lease.Need{profile.RoleOtherVPC: 1})
	require.NoError(t, err)
	defer holder.Release()

	parent, cancel := context.WithCancel(context.Background())
	defer cancel()
	ctx := newWaitingCtx(parent)
	done := make(chan result, 1)
	go func() {
		l, err := p.Acquire(ctx, lease.Need{profile.RoleOtherVPC: 1, profile.RolePlain: 1})
		done <- result{l, err}
	}()
	await(t, ctx.waiting, "Acquire to wait")
	cancel()
	r := await(t, done, "Acquire to give up")
	require.Error(t, r.err)
	assert.Nil(t, r.l)
	assert.ErrorIs(t, r.err, context.Canceled)
	assert.Contains(t, r.err.Error(), "waiting for 1 other-vpc, 1 plain")

	// The cancelled waiter holds nothing.
	_, err = p.Acquire(now(), lease.Need{profile.RolePlain: 3})
	assert.NoError(t, err)
}

func TestAcquireDeadlineWhileWaiting(t *testing.T) {
	p := lease.NewPool(testWorld())
	_, err := p.Acquire(now(), lease.Need{profile.RoleWindowsKeyPair: 1})
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err = p.Acquire(ctx, lease.Need{profile.RoleWindowsKeyPair: 1})
	assert.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestReleaseIsIdempotent(t *testing.T) {
	p := lease.NewPool(testWorld())
	l1, err := p.Acquire(now(), lease.Need{profile.RolePlain: 3})
	require.NoError(t, err)
	l1.Release()
	l1.Release()

	l2, err := p.Acquire(now(), lease.Need{profile.RolePlain: 3})
	require.NoError(t, err)
	// A second Release of the old lease must not free the servers l2 now holds.
	l1.Release()
	_, err = p.Acquire(now(), lease.Need{profile.RolePlain: 1})
	assert.ErrorIs(t, err, context.Canceled, "l1's late Release freed a server of l2")

	l2.Release()
	_, err = p.Acquire(now(), lease.Need{profile.RolePlain: 3})
	assert.NoError(t, err)

	var none *lease.Lease
	assert.NotPanics(t, none.Release)
}

func TestSharedDiskSets(t *testing.T) {
	w := testWorld()
	w.Servers = append(w.Servers, sharing("c1", "C"), sharing("c2", "C"))
	p := lease.NewPool(w)
	assert.Equal(t, []int{2, 3}, p.SetSizes(), "each size once, smallest first")
	assert.Equal(t, 2, p.Capacity(lease.SetKind(2)))
	assert.Equal(t, 1, p.Capacity(lease.SetKind(3)))

	big, err := p.Acquire(now(), lease.Need{lease.SetKind(3): 1})
	require.NoError(t, err)
	assert.Equal(t, [][]string{{"a1", "a2", "a3"}}, big.Sets())
	assert.Equal(t, []string{"a1", "a2", "a3"}, big.All())
	assert.Empty(t, big.Servers(profile.RoleSharedDisk), "a set is not leased as servers of the role")

	both, err := p.Acquire(now(), lease.Need{lease.SetKind(2): 2})
	require.NoError(t, err)
	assert.ElementsMatch(t, [][]string{{"b1", "b2"}, {"c1", "c2"}}, both.Sets())

	_, err = p.Acquire(now(), lease.Need{lease.SetKind(2): 1})
	assert.ErrorIs(t, err, context.Canceled, "every set of 2 is out")

	both.Release()
	mixed, err := p.Acquire(now(), lease.Need{lease.SetKind(2): 1, profile.RolePlain: 1})
	require.NoError(t, err)
	require.Len(t, mixed.Sets(), 1)
	assert.Len(t, mixed.Sets()[0], 2)
	assert.Len(t, mixed.All(), 3)
	big.Release()

	sizes := lease.NewPool(profile.World{Servers: []profile.Server{
		sharing("x1", "X"), sharing("x2", "X"), sharing("x3", "X"), sharing("x4", "X"),
		sharing("y1", "Y"), sharing("y2", "Y"),
	}}).SetSizes()
	assert.Equal(t, []int{2, 4}, sizes)
}

// TestConcurrentLeasesNeverShare leases and releases from many goroutines at once
// and checks that no server is ever held by two leases. Run it with -race.
func TestConcurrentLeasesNeverShare(t *testing.T) {
	w := profile.World{}
	for i := range 6 {
		w.Servers = append(w.Servers, srv(fmt.Sprintf("plain-%d", i), profile.RolePlain))
	}
	for i := range 2 {
		w.Servers = append(w.Servers, srv(fmt.Sprintf("other-%d", i), profile.RoleOtherVPC))
	}
	for _, d := range []string{"A", "B"} {
		w.Servers = append(w.Servers, sharing(d+"1", d), sharing(d+"2", d))
	}
	p := lease.NewPool(w)
	needs := []lease.Need{
		{profile.RolePlain: 1},
		{profile.RolePlain: 2, profile.RoleOtherVPC: 1},
		{profile.RolePlain: 4},
		{profile.RoleOtherVPC: 2},
		{lease.SetKind(2): 1, profile.RolePlain: 1},
		{lease.SetKind(2): 2},
		{profile.RolePlain: 6, profile.RoleOtherVPC: 2, lease.SetKind(2): 2},
	}

	var (
		mu         sync.Mutex
		holder     = map[string]int{} // server -> goroutine holding it
		violations []string
		leases     int
	)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	const workers, rounds = 32, 60
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for g := range workers {
		wg.Go(func() {
			for r := range rounds {
				need := needs[(g+r)%len(needs)]
				l, err := p.Acquire(ctx, need)
				if err != nil {
					errs <- fmt.Errorf("worker %d round %d: %w", g, r, err)
					return
				}
				ids := l.All()
				want := 0
				for kind, n := range need {
					if kind == lease.SetKind(2) {
						n *= 2
					}
					want += n
				}
				mu.Lock()
				leases++
				if len(ids) != want {
					violations = append(violations, fmt.Sprintf("worker %d got %d servers for %v", g, len(ids), need))
				}
				for _, id := range ids {
					if other, busy := holder[id]; busy {
						violations = append(violations, fmt.Sprintf("%s held by workers %d and %d", id, other, g))
					}
					holder[id] = g
				}
				mu.Unlock()
				runtime.Gosched()
				mu.Lock()
				for _, id := range ids {
					delete(holder, id)
				}
				mu.Unlock()
				l.Release()
				if r%7 == 0 {
					l.Release() // a repeated Release must be harmless
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.Empty(t, violations)
	assert.Equal(t, workers*rounds, leases)

	// Everything came back.
	all, err := p.Acquire(now(), needs[len(needs)-1])
	require.NoError(t, err)
	assert.Len(t, all.All(), 12)
}

// A server reachable through two kinds (two roles, or its role and its shared-disk
// set) is still lent to one scenario at a time.
func TestAServerOfTwoKindsIsLeasedOnce(t *testing.T) {
	w := profile.World{Servers: []profile.Server{
		{ID: "both", Name: "both", Roles: []string{profile.RolePlain, profile.RoleOtherVPC}},
		{ID: "c1", Name: "c1", Roles: []string{profile.RoleSharedDisk}, Disks: []profile.Disk{{ID: "d", Shared: true}}},
		{ID: "c2", Name: "c2", Roles: []string{profile.RoleSharedDisk}, Disks: []profile.Disk{{ID: "d", Shared: true}}},
	}}
	p := lease.NewPool(w)
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()

	first, err := p.Acquire(ctx, lease.Need{profile.RolePlain: 1})
	require.NoError(t, err)
	_, err = p.Acquire(ctx, lease.Need{profile.RoleOtherVPC: 1})
	assert.Error(t, err, "the only other-vpc server is already lent as plain")
	first.Release()

	set, err := p.Acquire(context.Background(), lease.Need{lease.SetKind(2): 1})
	require.NoError(t, err)
	ctx2, cancel2 := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel2()
	_, err = p.Acquire(ctx2, lease.Need{profile.RoleSharedDisk: 1})
	assert.Error(t, err, "both shared-disk servers are lent as a set")
	set.Release()

	both, err := p.Acquire(context.Background(), lease.Need{profile.RolePlain: 1, profile.RoleOtherVPC: 1})
	assert.Nil(t, both, "one server cannot fill two places of one need")
	assert.Error(t, err)
}

func TestANegativeNeedIsRefused(t *testing.T) {
	p := lease.NewPool(profile.World{Servers: []profile.Server{{ID: "a", Name: "a", Roles: []string{profile.RolePlain}}}})
	_, err := p.Acquire(context.Background(), lease.Need{profile.RolePlain: -1})
	assert.ErrorContains(t, err, "cannot be negative")
}

func TestMultiRoleServersAreKeptForTheKindsThatNeedThem(t *testing.T) {
	p := lease.NewPool(profile.World{Servers: []profile.Server{
		{ID: "a", Name: "a", Roles: []string{profile.RolePlain, profile.RoleOtherVPC}},
		{ID: "b", Name: "b", Roles: []string{profile.RoleOtherVPC}},
	}})
	l, err := p.Acquire(context.Background(), lease.Need{profile.RolePlain: 1, profile.RoleOtherVPC: 1})
	require.NoError(t, err)
	assert.Equal(t, []string{"a"}, l.Servers(profile.RolePlain))
	assert.Equal(t, []string{"b"}, l.Servers(profile.RoleOtherVPC))
}
