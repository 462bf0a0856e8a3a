package runner

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/sdrs-conformance/sdrs-conformance/internal/api"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
	"github.com/sdrs-conformance/sdrs-conformance/steps"
)

// sweeper finds and removes what the suite leaves on a target: at the start of a
// run, what earlier runs left (instances named with the suite's prefix); at the
// end, what this run left (named with this run's prefix, or new on a world
// server) and the key pairs it created. Then it lists again: what is still there
// has leaked.
type sweeper struct {
	api   *api.API
	world *profile.World
	runID string
	// readOnly: the run creates nothing, so at the end only its own prefix counts
	// (anything else new is another run's).
	readOnly bool
	// At the start: the instances and key pairs that were there.
	instances map[string]bool
	keyPairs  []string
}

// describe names an instance for reports.
func describe(in api.Instance) string {
	return fmt.Sprintf("protected instance %s (%s) of server %s", in.ID, in.Name, in.Source)
}

// start removes earlier runs' instances (or only lists them, read-only) and notes
// what exists.
func (s *sweeper) start(ctx context.Context) (swept []string, err error) {
	readOnly := s.readOnly
	all, err := s.api.Inventory(ctx)
	if err != nil {
		return nil, fmt.Errorf("list protected instances before the run: %w", err)
	}
	var old []api.Instance
	for _, in := range all {
		if strings.HasPrefix(in.Name, steps.NamePrefix+"-") {
			old = append(old, in)
		}
	}
	if !readOnly && len(old) > 0 {
		if err := s.api.Remove(ctx, old); err != nil {
			return nil, fmt.Errorf("remove what earlier runs left: %w", err)
		}
	}
	s.instances = map[string]bool{}
	for _, in := range all {
		if readOnly || !slices.ContainsFunc(old, func(o api.Instance) bool { return o.ID == in.ID }) {
			s.instances[in.ID] = true
		}
	}
	for _, in := range old {
		swept = append(swept, describe(in))
	}
	if s.api.Client.ServerBaseURL != "" {
		if s.keyPairs, err = s.api.KeyPairs(ctx); err != nil {
			return swept, fmt.Errorf("list key pairs before the run: %w", err)
		}
	}
	return swept, nil
}

// finish removes what this run left, then lists again for leaks.
func (s *sweeper) finish(ctx context.Context) (swept, leaked []string, err error) {
	left, err := s.leftovers(ctx)
	if err != nil {
		return nil, nil, err
	}
	var errs []error
	if len(left) > 0 {
		errs = append(errs, s.api.Remove(ctx, left))
	}
	for _, in := range left {
		swept = append(swept, describe(in))
	}
	kps, err := s.createdKeyPairs(ctx)
	errs = append(errs, err)
	for _, name := range kps {
		errs = append(errs, s.api.DeleteKeyPair(ctx, name))
		swept = append(swept, "key pair "+name)
	}
	still, err := s.leftovers(ctx)
	errs = append(errs, err)
	for _, in := range still {
		leaked = append(leaked, describe(in))
	}
	kps, err = s.createdKeyPairs(ctx)
	errs = append(errs, err)
	for _, name := range kps {
		leaked = append(leaked, "key pair "+name)
	}
	return swept, leaked, errors.Join(errs...)
}

// leftovers are the instances this run created that still exist.
func (s *sweeper) leftovers(ctx context.Context) ([]api.Instance, error) {
	all, err := s.api.Inventory(ctx)
	if err != nil {
		return nil, fmt.Errorf("list protected instances after the run: %w", err)
	}
	mine := steps.NamePrefix + "-" + s.runID + "-"
	var out []api.Instance
	for _, in := range all {
		_, onWorldServer := s.world.Server(in.Source)
		if strings.HasPrefix(in.Name, mine) || (!s.readOnly && !s.instances[in.ID] && onWorldServer) {
			out = append(out, in)
		}
	}
	return out, nil
}

// createdKeyPairs are the deleted key pairs of the world that exist now but did
// not at the start: the run created them again.
func (s *sweeper) createdKeyPairs(ctx context.Context) ([]string, error) {
	if s.api.Client.ServerBaseURL == "" {
		return nil, nil
	}
	now, err := s.api.KeyPairs(ctx)
	if err != nil {
		return nil, fmt.Errorf("list key pairs after the run: %w", err)
	}
	var out []string
	for _, srv := range s.world.ServersWithRole(profile.RoleWindowsKeyPairMissing) {
		if slices.Contains(now, srv.KeyName) && !slices.Contains(s.keyPairs, srv.KeyName) && !slices.Contains(out, srv.KeyName) {
			out = append(out, srv.KeyName)
		}
	}
	return out, nil
}
