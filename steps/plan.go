package steps

import (
	"context"
	"fmt"
	"reflect"
	"sync"

	"github.com/tidwall/gjson"
)

// Plan is what a run would create if the target conforms, found by a dry run of
// its scenarios: the steps build their batches, nothing is sent.
type Plan struct {
	mu        sync.Mutex
	Scenarios []Planned
}

// Planned is one scenario's share of the plan.
type Planned struct {
	Name     string
	Location string
	// Expected is how many protected instances a conformant target creates for it;
	// AtMost counts as well those a conformant target may create (a batch it may
	// accept or refuse, a job that fails after creating).
	Expected, AtMost int
	// CreatesOther says it creates something else (a key pair) in the world.
	CreatesOther bool
	// Skipped says the world cannot run it; it creates nothing.
	Skipped bool
}

// ReadOnly says the scenario creates nothing, whatever a conformant target answers.
func (p Planned) ReadOnly() bool { return p.AtMost == 0 && !p.CreatesOther }

func (p *Plan) add(s Planned) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.Scenarios = append(p.Scenarios, s)
}

// Totals sums the plan.
func (p *Plan) Totals() (expected, atMost, others int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	for _, s := range p.Scenarios {
		expected += s.Expected
		atMost += s.AtMost
		if s.CreatesOther {
			others++
		}
	}
	return expected, atMost, others
}

// planning is the dry-run state of a scenario.
type planning struct {
	batchSize        int // servers in the batch last "sent"
	expected, atMost int
	other            bool
	// failsLate says the batch breaks a rule that is only found when the job
	// creates the DR-site servers (a Windows key pair that was deleted).
	failsLate bool
}

// effect is what a step does in a dry run, in place of its real work.
type effect func(s *scenario, args []string)

// noEffect: the step only looks at an answer.
func noEffect(*scenario, []string) {}

// sends: the batch would be sent; remember its size (none when the world cannot
// lend its servers: the scenario will be skipped).
func sends(s *scenario, _ []string) {
	if s.template != nil && s.env.Pool.Shortfall(s.needs()) == "" {
		s.plan.batchSize = int(gjson.Get(s.template.Text(), pathServers+".#").Int())
	}
}

// creates: the step expects the batch to be created.
func creates(s *scenario, _ []string) {
	s.plan.expected = max(s.plan.expected, s.plan.batchSize)
	s.plan.atMost = max(s.plan.atMost, s.plan.batchSize)
}

// rejects: the batch is refused; a rule found only by the job still creates first.
func rejects(s *scenario, args []string) {
	if s.plan.failsLate {
		mayCreate(s, args)
	}
}

// mayCreate: a conformant target may create the batch (or part of it, for a while).
func mayCreate(s *scenario, _ []string) { s.plan.atMost = max(s.plan.atMost, s.plan.batchSize) }

// jobEnds: a job ending SUCCESS created the batch; one ending FAIL may have, for a while.
func jobEnds(s *scenario, args []string) {
	if len(args) > 0 && args[0] == "SUCCESS" {
		creates(s, args)
		return
	}
	mayCreate(s, args)
}

// createsEarlier: an earlier batch protects the servers first.
func createsEarlier(s *scenario, args []string) {
	if s.template == nil {
		return
	}
	n := int(gjson.Get(s.template.Text(), pathServers+".#").Int())
	s.plan.expected += n
	s.plan.atMost += n
}

// createsOther: the step creates a key pair.
func createsOther(s *scenario, _ []string) { s.plan.other = true }

// dry makes a step function of the same type as do that only applies the effect,
// so godog binds the same arguments in a dry run.
func dry(do any, e effect) any {
	t := reflect.TypeOf(do)
	return reflect.MakeFunc(t, func(in []reflect.Value) []reflect.Value {
		ctx := in[0].Interface().(context.Context)
		var args []string
		for _, v := range in[1:] {
			args = append(args, fmt.Sprint(v.Interface()))
		}
		e(state(ctx), args)
		out := make([]reflect.Value, t.NumOut())
		for i := range out {
			out[i] = reflect.Zero(t.Out(i))
		}
		if t.NumOut() == 2 {
			out[0] = in[0] // (context.Context, error): hand the context on
		}
		return out
	}).Interface()
}
