package steps

import (
	"context"
	"errors"
	"time"

	"github.com/sdrs-conformance/sdrs-conformance/internal/api"
)

// cleanupGrace bounds the cleanup of one scenario on top of the job timeout; it
// runs even when the run is being interrupted.
const cleanupGrace = 30 * time.Second

// cleanup deletes every protected instance the scenario's batch left on its leased
// servers (with the DR-site servers), waits for the delete jobs, checks the
// instances are gone, and gives the servers back.
func (s *scenario) cleanup(ctx context.Context) error {
	if s.lease == nil {
		return nil
	}
	defer s.lease.Release()
	t := s.env.API.Timeouts
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*t.Job+cleanupGrace)
	defer cancel()
	err := s.deleteInstances(ctx)
	// Key pairs the scenario created are deleted last: the world had none of them.
	for _, name := range s.keyPairs {
		err = errors.Join(err, s.env.API.DeleteKeyPair(ctx, name))
	}
	return err
}

// deleteInstances removes every instance the scenario left on its leased servers.
func (s *scenario) deleteInstances(ctx context.Context) error {
	// Instances still being created cannot be deleted: let the batch's jobs end first.
	if s.jobID() != "" {
		if _, err := s.waitJob(ctx); err != nil && !isFailure(err) {
			return err
		}
	}
	if err := s.waitRacer(ctx); err != nil && !isFailure(err) {
		return err
	}
	left, err := s.leftBehind(ctx)
	if err != nil {
		return err
	}
	return s.env.API.Remove(ctx, left)
}

// leftBehind lists the instances on the leased servers that were not there before.
func (s *scenario) leftBehind(ctx context.Context) ([]api.Instance, error) {
	all, err := s.env.API.InstancesOf(ctx, s.lease.All())
	if err != nil {
		return nil, err
	}
	var out []api.Instance
	for _, in := range all {
		if !s.preexisting[in.ID] {
			out = append(out, in)
		}
	}
	return out, nil
}

func isFailure(err error) bool {
	var f *api.Failure
	return errors.As(err, &f)
}
