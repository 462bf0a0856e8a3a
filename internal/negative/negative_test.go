package negative_test

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/tidwall/gjson"

	"github.com/sdrs-conformance/sdrs-conformance/internal/body"
	"github.com/sdrs-conformance/sdrs-conformance/internal/contract"
	"github.com/sdrs-conformance/sdrs-conformance/internal/negative"
)

func load(t *testing.T) *contract.Contract {
	t.Helper()
	data, err := os.ReadFile("../../openapi.yaml")
	require.NoError(t, err)
	c, err := contract.Load(data)
	require.NoError(t, err)
	return c
}

func generate(t *testing.T, opts negative.Options) []negative.Case {
	t.Helper()
	cases, err := negative.Generate(load(t).Doc(), opts)
	require.NoError(t, err)
	return cases
}

// fill replaces placeholders with values of the right shape, for schema checks.
var placeholder = regexp.MustCompile(`\{\{[^}]+\}\}`)

func TestGeneratedFeatureIsCurrent(t *testing.T) {
	want, err := negative.Render(func(name string) ([]byte, error) { return os.ReadFile(filepath.Join("../..", name)) })
	require.NoError(t, err)
	got, err := os.ReadFile(filepath.Join("../..", negative.FeatureFile))
	require.NoError(t, err)
	if string(got) != want {
		t.Fatalf("%s is out of date with openapi.yaml or the requirement catalogue: run make generate", negative.FeatureFile)
	}
}

// Every case agrees with openapi.yaml itself: kin-openapi accepts the body of each
// case expected to be accepted and refuses every other.
func TestCasesAgreeWithTheSchema(t *testing.T) {
	c := load(t)
	cases := generate(t, negative.Options{ServersPerBatch: 5})
	require.Greater(t, len(cases), 100)
	for _, tc := range cases {
		t.Run(tc.ID, func(t *testing.T) {
			tpl := body.New(negative.Base)
			require.NoError(t, tc.Apply(tpl))
			text := placeholder.ReplaceAllString(tpl.Text(), "some-id")
			req, err := http.NewRequest(http.MethodPost, "http://127.0.0.1:1/v1/p/protected-instances/batch", strings.NewReader(text))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/json")
			err = c.ValidateRequest(context.Background(), req)
			if tc.Verdict == negative.Accepted || tc.WellFormed {
				assert.NoError(t, err, "a valid or well-formed case must be valid for the schema: %s", text)
			} else {
				assert.Error(t, err, "an invalid case must break the schema: %s", text)
			}
		})
	}
}

func TestGenerationIsDeterministicAndIDsAreStable(t *testing.T) {
	a := generate(t, negative.Options{Seed: 7, ServersPerBatch: 5})
	b := generate(t, negative.Options{Seed: 7, ServersPerBatch: 5})
	assert.Equal(t, a, b, "the same seed gives the same cases")
	other := generate(t, negative.Options{Seed: 8, ServersPerBatch: 5})
	require.Equal(t, len(a), len(other))
	changed := false
	for i := range a {
		assert.Equal(t, a[i].ID, other[i].ID, "ids do not depend on the seed")
		if a[i].Edits[len(a[i].Edits)-1].Raw != other[i].Edits[len(other[i].Edits)-1].Raw {
			changed = true
		}
	}
	assert.True(t, changed, "the seed changes the generated values")
	ids := map[string]bool{}
	for _, c := range a {
		assert.False(t, ids[c.ID], "id %s is unique", c.ID)
		ids[c.ID] = true
		assert.Regexp(t, `^GEN-[A-Za-z_\[\]-]+-[A-Za-z0-9+-]+$`, c.ID)
		assert.Regexp(t, `^B[CX]-\d{3}$`, c.Requirement)
	}
}

func TestEveryKindOfCaseIsThere(t *testing.T) {
	byID := map[string]negative.Case{}
	for _, c := range generate(t, negative.Options{ServersPerBatch: 5}) {
		byID[c.ID] = c
	}
	for id, verdict := range map[string]string{
		"GEN-name_prefix-minLength-1":        negative.Rejected,
		"GEN-name_prefix-minLength":          negative.Accepted,
		"GEN-name_prefix-maxLength+1":        negative.Rejected,
		"GEN-name_prefix-maxLength":          negative.Accepted,
		"GEN-name_prefix-pattern":            negative.Rejected,
		"GEN-name_prefix-type-number":        negative.Rejected,
		"GEN-name_prefix-missing":            negative.Rejected,
		"GEN-description-maxLength+1":        negative.Rejected,
		"GEN-description-null":               negative.Robust,
		"GEN-servers-maxItems+1":             negative.Rejected,
		"GEN-servers-minItems-1":             negative.Rejected,
		"GEN-servers[]-server_id-missing":    negative.Rejected,
		"GEN-servers[]-server_id-unknown":    negative.Rejected,
		"GEN-servers[]-flavorRef-existing":   negative.Accepted,
		"GEN-tenancy-enum":                   negative.Rejected,
		"GEN-tenancy-enum-dedicated":         negative.Accepted,
		"GEN-tags-maxItems+1":                negative.Rejected,
		"GEN-tags[]-key-maxLength":           negative.Accepted,
		"GEN-tags[]-value-null":              negative.Rejected,
		"GEN-protected_instances-type-array": negative.Rejected,
	} {
		c, found := byID[id]
		if assert.True(t, found, "case %s", id) {
			assert.Equal(t, verdict, c.Verdict, id)
		}
	}
}

func TestTheServersLimitComesFromTheTarget(t *testing.T) {
	for _, c := range generate(t, negative.Options{ServersPerBatch: 7}) {
		switch c.ID {
		case "GEN-servers-maxItems":
			assert.Len(t, gjson.Parse(c.Edits[0].Raw).Array(), 7)
		case "GEN-servers-maxItems+1":
			assert.Len(t, gjson.Parse(c.Edits[0].Raw).Array(), 8)
		}
	}
}
