package steps

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/cucumber/godog"

	"github.com/sdrs-conformance/sdrs-conformance/internal/api"
	"github.com/sdrs-conformance/sdrs-conformance/internal/client"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
)

// Initialize returns the godog scenario initializer for a run.
func Initialize(env *Env) func(*godog.ScenarioContext) {
	return func(sc *godog.ScenarioContext) {
		sc.Before(env.begin)
		sc.StepContext().After(noteStep)
		sc.After(env.end)

		// The batch.
		sc.Step(`^the request body "([^"]+)"$`, theRequestBody)
		sc.Step(`^a batch of (\d+) servers? in the group's VPC$`, aBatchOfServers)
		sc.Step(`^a batch of as many servers as the limit allows$`, aBatchAtTheLimit)
		sc.Step(`^a batch of one server more than the limit allows$`, aBatchOverTheLimit)
		sc.Step(`^a batch of (`+specialServers+`)$`, aBatchOfSpecialServer)
		sc.Step(`^the batch also includes (`+specialServers+`)$`, theBatchAlsoIncludes)
		sc.Step(`^a batch of all the servers that share a disk$`, aBatchOfASharedDiskSet)
		sc.Step(`^a batch of the servers that share a disk, except one$`, aBatchOfASharedDiskSetButOne)
		sc.Step(`^the protection group is in status "([^"]+)"$`, theGroupIsInStatus)
		sc.Step(`^a name prefix of (\d+) characters$`, aNamePrefixOfLength)
		sc.Step(`^a description of (\d+) characters$`, aDescriptionOfLength)
		sc.Step(`^a description containing "([^"]*)"$`, aDescriptionContaining)

		// Sending it.
		sc.Step(`^the batch is sent$`, theBatchIsSent)
		sc.Step(`^the batch is sent without a token$`, sentWithoutToken)
		sc.Step(`^the batch is sent with the token "([^"]*)"$`, sentWithToken)
		sc.Step(`^the batch is sent to another project's path$`, sentToAnotherProject)
		sc.Step(`^the batch is sent with Content-Type "([^"]*)"$`, sentWithContentType)
		sc.Step(`^the body '([^']*)' is sent$`, theRawBodyIsSent)

		// Outcomes.
		sc.Step(`^the request is accepted with a job id$`, theRequestIsAccepted)
		sc.Step(`^the job ends with status (SUCCESS|FAIL)$`, theJobEndsWith)
		sc.Step(`^the batch is accepted$`, theBatchIsAccepted)
		sc.Step(`^the batch is rejected$`, theBatchIsRejected)
		sc.Step(`^the batch is rejected at once with HTTP 400 and error code "([^"]+)"$`, theBatchIsRejectedWithCode)
		sc.Step(`^the group holds one protected instance per server, named after the prefix with a suffix$`, oneInstancePerServer)
		sc.Step(`^the instances are named "<prefix>-0001", "<prefix>-0002", \.\.\. in request order$`, namesInRequestOrder)
		sc.Step(`^each DR-site server has its production server's name and a different id$`, drServersMirrorProduction)
		sc.Step(`^the request is refused as unauthenticated$`, refusedAsUnauthenticated)
		sc.Step(`^the request is refused for the project$`, refusedForTheProject)
		sc.Step(`^the request is rejected with a 4xx error$`, rejectedWith4xx)
	}
}

// specialServers are the servers a batch can name by what is special about them.
const specialServers = `a server in another VPC|a server that is already protected|a Windows server whose key pair exists|a Windows server whose key pair was deleted`

// specialRoles maps those phrases to world roles, and says whether the server breaks a rule.
var specialRoles = map[string]struct {
	role      string
	offending bool
}{
	"a server in another VPC":                     {profile.RoleOtherVPC, true},
	"a server that is already protected":          {profile.RoleProtected, true},
	"a Windows server whose key pair exists":      {profile.RoleWindowsKeyPair, false},
	"a Windows server whose key pair was deleted": {profile.RoleWindowsKeyPairMissing, true},
}

func theRequestBody(ctx context.Context, name string) error { return state(ctx).useFixture(name) }

func aBatchOfServers(ctx context.Context, n int) error { return state(ctx).newBatch(n) }

func aBatchAtTheLimit(ctx context.Context) error {
	s := state(ctx)
	return s.newBatch(s.env.Profile.Limits.ServersPerBatch)
}

func aBatchOverTheLimit(ctx context.Context) error {
	s := state(ctx)
	return s.newBatch(s.env.Profile.Limits.ServersPerBatch + 1)
}

func aBatchOfSpecialServer(ctx context.Context, phrase string) error {
	s := state(ctx)
	if err := s.newBatch(0); err != nil {
		return err
	}
	r := specialRoles[phrase]
	return s.addServerOfRole(r.role, r.offending)
}

func theBatchAlsoIncludes(ctx context.Context, phrase string) error {
	r := specialRoles[phrase]
	return state(ctx).addServerOfRole(r.role, r.offending)
}

func aBatchOfASharedDiskSet(ctx context.Context) error { return state(ctx).useSharedDiskSet(0) }

func aBatchOfASharedDiskSetButOne(ctx context.Context) error { return state(ctx).useSharedDiskSet(1) }

func theGroupIsInStatus(ctx context.Context, status string) error {
	s := state(ctx)
	s.groupStatus = status
	_, err := s.group()
	return err
}

func aNamePrefixOfLength(ctx context.Context, n int) error {
	s := state(ctx)
	t, err := s.batch()
	if err != nil {
		return err
	}
	return t.SetString(pathPrefix, s.nameOfLength(n))
}

func aDescriptionOfLength(ctx context.Context, n int) error {
	s := state(ctx)
	t, err := s.batch()
	if err != nil {
		return err
	}
	return t.SetString(pathDescription, strings.Repeat("d", n))
}

func aDescriptionContaining(ctx context.Context, text string) error {
	t, err := state(ctx).batch()
	if err != nil {
		return err
	}
	return t.SetString(pathDescription, "description with "+text+" inside")
}

func theBatchIsSent(ctx context.Context) error { return state(ctx).sendBatch(ctx) }

func sentWithoutToken(ctx context.Context) error {
	s := state(ctx)
	s.auth = client.NoAuth{}
	return s.sendBatch(ctx)
}

func sentWithToken(ctx context.Context, token string) error {
	s := state(ctx)
	s.auth = client.TokenAuth{Token: token}
	return s.sendBatch(ctx)
}

func sentToAnotherProject(ctx context.Context) error {
	s := state(ctx)
	s.projectID = strings.Repeat("0", 32)
	if s.projectID == s.env.API.ProjectID {
		s.projectID = strings.Repeat("f", 32)
	}
	return s.sendBatch(ctx)
}

func sentWithContentType(ctx context.Context, contentType string) error {
	s := state(ctx)
	s.contentType = contentType
	return s.sendBatch(ctx)
}

func theRawBodyIsSent(ctx context.Context, raw string) error { return state(ctx).sendRaw(ctx, raw) }

func theRequestIsAccepted(ctx context.Context) error { return state(ctx).mustBeAccepted() }

func theJobEndsWith(ctx context.Context, status string) error {
	return state(ctx).jobMustEnd(ctx, status)
}

func theBatchIsAccepted(ctx context.Context) error { return state(ctx).batchMustBeAccepted(ctx) }

func theBatchIsRejected(ctx context.Context) error { return state(ctx).batchMustBeRejected(ctx) }

func theBatchIsRejectedWithCode(ctx context.Context, code string) error {
	return state(ctx).mustBeRejectedWithCode(ctx, code)
}

func oneInstancePerServer(ctx context.Context) error { return state(ctx).instancesMustExist(ctx) }

func namesInRequestOrder(ctx context.Context) error {
	return state(ctx).namesMustFollowRequestOrder(ctx)
}

func drServersMirrorProduction(ctx context.Context) error {
	return state(ctx).drServersMustMirror(ctx)
}

func refusedAsUnauthenticated(ctx context.Context) error {
	return state(ctx).mustBeRefused(ctx, http.StatusUnauthorized)
}

func refusedForTheProject(ctx context.Context) error {
	return state(ctx).mustBeRefused(ctx, http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound)
}

func rejectedWith4xx(ctx context.Context) error {
	s := state(ctx)
	if s.answer == nil {
		return fmt.Errorf("no request was sent")
	}
	if s.answer.Status < 400 || s.answer.Status > 499 {
		return api.Fail(s.answer, "expected a 4xx error, got HTTP %d", s.answer.Status)
	}
	return nil
}
