package mock_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/sdrs-conformance/sdrs-conformance/internal/mock"
)

func TestBehaviourCatalogue(t *testing.T) {
	seen := map[string]bool{}
	faults, variants := 0, 0
	for _, b := range mock.Behaviours() {
		assert.False(t, seen[b.Name], "%s is listed twice", b.Name)
		seen[b.Name] = true
		assert.Regexp(t, `^[a-z0-9]+(-[a-z0-9]+)*$`, b.Name)
		assert.NotEmpty(t, b.Description, b.Name)
		if b.Benign {
			variants++
		} else {
			faults++
		}
	}
	assert.GreaterOrEqual(t, faults, 30, "at least 30 faults")
	assert.GreaterOrEqual(t, variants, 5)
}

func TestBehavioursAreCheckedByName(t *testing.T) {
	opts := mock.Options{ProjectID: project, Token: token}
	opts.Faults = []string{"no-such-fault"}
	_, err := mock.New(world(), opts)
	assert.ErrorContains(t, err, `unknown fault "no-such-fault"`)
	opts.Faults = []string{"flat-errors"}
	_, err = mock.New(world(), opts)
	assert.ErrorContains(t, err, "is a benign variant (use -variant)")
	opts.Faults, opts.Variants = nil, []string{"vpc-unchecked"}
	_, err = mock.New(world(), opts)
	assert.ErrorContains(t, err, "is a fault (use -fault)")
	opts.Faults, opts.Variants = []string{"vpc-unchecked", " "}, []string{"flat-errors"}
	_, err = mock.New(world(), opts)
	assert.NoError(t, err)
}

func TestAFaultChangesTheAnswer(t *testing.T) {
	h := newHarness(t, func(o *mock.Options) { o.Faults = []string{"vpc-unchecked"} })
	a := h.do("POST", p("/protected-instances/batch"), batch("f", "pg-ok", "far"))
	assert.Equal(t, 202, a.status, "the faulty mock accepts a server of another VPC")
}

func TestAVariantChangesTheErrorShape(t *testing.T) {
	h := newHarness(t, func(o *mock.Options) { o.Variants = []string{"badrequest-wrapper"} })
	a := h.do("POST", p("/protected-instances/batch"), batch("", "pg-ok", "s1"))
	assert.Equal(t, 400, a.status)
	assert.Equal(t, "SDRS.0202", a.get("badrequest.code").String())
}
