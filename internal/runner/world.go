package runner

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strings"
	"sync"

	"github.com/tidwall/gjson"

	"github.com/sdrs-conformance/sdrs-conformance/internal/api"
	"github.com/sdrs-conformance/sdrs-conformance/internal/client"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
	"github.com/sdrs-conformance/sdrs-conformance/steps"
)

// checkWorld makes sure the target is as the profile describes it before any
// scenario runs: a scenario that meets another world (a group in another status,
// a free server that backs an instance, a server that does not exist) would
// report the profile's error as the target's non-conformance. Answers are read
// leniently: judging them is the scenarios' work.
func checkWorld(ctx context.Context, target *api.API, p *profile.Profile) error {
	problems := checkExistence(ctx, target, p)
	inventory, err := target.Inventory(ctx)
	if err != nil {
		return fmt.Errorf("%w: list protected instances to check the world: %v", ErrCannotRun, err)
	}
	backs := map[string]api.Instance{}
	for _, in := range inventory {
		backs[in.Source] = in
	}
	for _, s := range p.World.Servers {
		in, protected := backs[s.ID]
		switch {
		case s.HasRole(profile.RoleProtected) && !protected:
			problems = append(problems, fmt.Sprintf("server %s (%s) has role protected but backs no protected instance", s.ID, s.Name))
		case !s.HasRole(profile.RoleProtected) && protected && !strings.HasPrefix(in.Name, steps.NamePrefix+"-"):
			problems = append(problems, fmt.Sprintf("server %s (%s, role %s) already backs protected instance %s (%s); the profile says it is free: delete that instance (a run killed with kill -9 may have left it) or fix the profile",
				s.ID, s.Name, strings.Join(s.Roles, ","), in.ID, in.Name))
		}
	}
	if len(problems) == 0 {
		return nil
	}
	sort.Strings(problems)
	const show = 10
	more := ""
	if len(problems) > show {
		more = fmt.Sprintf("\n  ... and %d more", len(problems)-show)
		problems = problems[:show]
	}
	return fmt.Errorf("%w: the target is not as the profile %s describes it:\n  %s%s", ErrCannotRun, p.Source, strings.Join(problems, "\n  "), more)
}

// lookups runs checks several at a time (worlds can be large and targets far) and
// gathers the problems they find.
type lookups struct {
	mu       sync.Mutex
	wg       sync.WaitGroup
	sem      chan struct{}
	problems []string
}

func (l *lookups) do(check func() string) {
	l.wg.Add(1)
	l.sem <- struct{}{}
	go func() {
		defer func() { <-l.sem; l.wg.Done() }()
		if p := check(); p != "" {
			l.mu.Lock()
			l.problems = append(l.problems, p)
			l.mu.Unlock()
		}
	}()
}

// checkExistence compares the world's groups with the target's and asks ECS,
// when the profile says it can be reached, that every server exists.
func checkExistence(ctx context.Context, target *api.API, p *profile.Profile) []string {
	l := &lookups{sem: make(chan struct{}, 64)}
	for _, g := range p.World.ProtectionGroups {
		l.do(func() string {
			x, err := target.Client.Do(ctx, client.Request{Method: http.MethodGet, Path: target.Path("server-groups", g.ID)})
			switch {
			case err != nil:
				return fmt.Sprintf("protection group %s: %v", g.ID, err)
			case x.Status != http.StatusOK:
				return fmt.Sprintf("protection group %s (%s) does not exist on the target (HTTP %d)", g.ID, g.Name, x.Status)
			}
			if st := gjson.GetBytes(x.ResponseBody, "server_group.status").String(); st != g.Status {
				return fmt.Sprintf("protection group %s (%s) is %q on the target; the profile says %q", g.ID, g.Name, st, g.Status)
			}
			return ""
		})
	}
	if p.ServerEndpoint() != "" {
		for _, s := range p.World.Servers {
			l.do(func() string {
				x, err := target.Client.Do(ctx, client.Request{Method: http.MethodGet, Path: target.Path("cloudservers", s.ID), ECS: true})
				switch {
				case err != nil:
					return fmt.Sprintf("server %s: %v", s.ID, err)
				case x.Status == http.StatusNotFound:
					return fmt.Sprintf("server %s (%s) does not exist on the target", s.ID, s.Name)
				}
				return ""
			})
		}
	}
	l.wg.Wait()
	return l.problems
}
