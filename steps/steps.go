package steps

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/sdrs-conformance/sdrs-conformance/internal/api"
	"github.com/sdrs-conformance/sdrs-conformance/internal/client"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
)

// Initialize returns the godog scenario initializer for a run. With env.DryRun
// the steps build their batches but send nothing: each step's effect is noted
// instead, and the outcome is a Plan of what the run would create.
func Initialize(env *Env) func(*godog.ScenarioContext) {
	return func(sc *godog.ScenarioContext) {
		sc.Before(env.begin)
		sc.StepContext().After(noteStep)
		sc.After(env.end)
		for i, d := range definitions {
			if env.DryRun && d.effect != nil {
				sc.Step(expressions[i], dry(d.do, d.effect))
				continue
			}
			sc.Step(expressions[i], d.do)
		}
	}
}

// definition binds a step's text to its function and to its effect in a dry run;
// a nil effect means the step only builds the batch, and runs in a dry run too.
type definition struct {
	expr   string
	do     any
	effect effect
}

// definitions are every step of the suite.
var definitions = []definition{
	// The batch.
	{`^the request body "([^"]+)"$`, theRequestBody, nil},
	{`^the generated case "([^"]+)"$`, theGeneratedCase, nil},
	{`^a batch of (\d+) servers? in the group's VPC$`, aBatchOfServers, nil},
	{`^a batch of as many servers as the limit allows$`, aBatchAtTheLimit, nil},
	{`^a batch of one server more than the limit allows$`, aBatchOverTheLimit, nil},
	{`^a batch of (` + specialServers + `)$`, aBatchOfSpecialServer, nil},
	{`^the batch also includes (` + specialServers + `)$`, theBatchAlsoIncludes, nil},
	{`^the batch also includes a server that does not exist$`, alsoAnUnknownServer, nil},
	{`^the first server is listed twice$`, firstServerListedTwice, nil},
	{`^a batch of all the servers that share a disk$`, aBatchOfASharedDiskSet, nil},
	{`^a batch of the servers that share a disk, except one$`, aBatchOfASharedDiskSetButOne, nil},
	{`^that server is already protected by an earlier batch$`, protectedByAnEarlierBatch, createsEarlier},
	{`^that server is already protected by an earlier batch in another protection group$`, protectedInAnotherGroup, createsEarlier},
	{`^its key pair is created again with the same name$`, keyPairCreatedAgain, createsOther},
	{`^the protection group is in status "([^"]+)"$`, theGroupIsInStatus, nil},
	{`^the batch names a protection group that does not exist$`, anUnknownGroup, nil},
	{`^a name prefix of (\d+) characters$`, aNamePrefixOfLength, nil},
	{`^a name prefix with (.+)$`, aNamePrefixWith, nil},
	{`^a description of (\d+) characters$`, aDescriptionOfLength, nil},
	{`^a description of (\d+) non-ASCII characters$`, aNonASCIIDescriptionOfLength, nil},
	{`^a description containing "([^"]*)"$`, aDescriptionContaining, nil},
	{`^the (first|second) server asks for another flavor$`, askForAnotherFlavor, noEffect},
	{`^the first server asks for a flavor that does not exist$`, askForAnUnknownFlavor, nil},
	{`^the batch names the world's subnet for the primary NIC$`, theWorldsSubnet, noEffect},
	{`^the batch names a subnet that does not exist$`, anUnknownSubnet, nil},
	{`^the tenancy is "([^"]*)"$`, theTenancyIs, nil},
	{`^the batch names the world's dedicated host$`, theWorldsDedicatedHost, nil},
	{`^the batch has (\d+) tags$`, theBatchHasTags, nil},
	{`^the batch has a tag whose key has (\d+) characters$`, aTagWithKeyLength, nil},
	{`^the batch has a tag whose value has (\d+) characters$`, aTagWithValueLength, nil},
	{`^the batch has a tag with a blank key$`, aTagWithABlankKey, nil},
	{`^the batch has a tag whose value contains "([^"]*)"$`, aTagWhoseValueContains, nil},
	{`^the batch has two tags with the same key$`, twoTagsWithTheSameKey, nil},
	{`^the field "([^"]+)" is set to (.+)$`, theFieldIsSetTo, nil},
	{`^the field "([^"]+)" is removed$`, theFieldIsRemoved, nil},

	// Sending it.
	{`^the batch is sent$`, theBatchIsSent, sends},
	{`^the batch is sent without a token$`, sentWithoutToken, sends},
	{`^the batch is sent with the token "([^"]*)"$`, sentWithToken, sends},
	{`^the batch is sent to another project's path$`, sentToAnotherProject, sends},
	{`^the batch is sent signed with the access key$`, sentSigned, sends},
	{`^the batch is sent with a wrong signature$`, sentWithAWrongSignature, sends},
	{`^the batch is sent with a signature dated (\d+) minutes ago$`, sentWithAStaleSignature, sends},
	{`^the batch is sent with Content-Type "([^"]*)"$`, sentWithContentType, sends},
	{`^the batch is sent twice at the same time$`, sentTwiceAtOnce, sends},
	{`^the body '([^']*)' is sent$`, theRawBodyIsSent, noEffect},
	{`^an instance of the batch is renamed$`, anInstanceIsRenamed, creates},
	{`^an instance of the batch is deleted with its DR-site server, it and the server are gone$`, anInstanceIsDeleted, creates},

	// Outcomes.
	{`^the request is accepted with a job id$`, theRequestIsAccepted, creates},
	{`^the job ends with status (SUCCESS|FAIL)$`, theJobEndsWith, jobEnds},
	{`^the batch is accepted$`, theBatchIsAccepted, creates},
	{`^the batch is rejected$`, theBatchIsRejected, rejects},
	{`^the batch is rejected with HTTP 400 and code (SDRS\.\d{4})$`, theBatchIsRejectedWithCode, rejects},
	{`^the batch is rejected at once with HTTP 400$`, theBatchIsRejectedAtOnce, rejects},
	{`^the batch is accepted, and then its job fails$`, acceptedThenFails, mayCreate},
	{`^the answer is not a server error$`, notAServerError, mayCreate},
	{`^the batch is answered without a server error$`, notAServerError, mayCreate},
	{`^no server is protected twice$`, noServerProtectedTwice, mayCreate},
	{`^the group holds one protected instance per server, named after the prefix with a suffix$`, oneInstancePerServer, creates},
	{`^the instances are named "<prefix>-0001", "<prefix>-0002", \.\.\. in request order$`, namesInRequestOrder, creates},
	{`^each DR-site server has its production server's name and a different id$`, drServersMirrorProduction, creates},
	{`^each instance carries the batch's description$`, instancesCarryTheDescription, creates},
	{`^each instance carries the batch's tags$`, instancesCarryTheTags, creates},
	{`^each DR-site server has a NIC in the subnet named for the primary NIC$`, drNICsInTheSubnet, creates},
	{`^each DR-site server has the flavor asked for, or else its production server's flavor$`, drFlavorsMatch, creates},
	{`^the job's sub-jobs name each instance and its DR-site server$`, subJobsNameInstances, creates},
	{`^the job's status only moved forward, from INIT or RUNNING to SUCCESS$`, jobMovedForward, creates},
	{`^while the job runs, its instances are "creating"$`, creatingWhileRunning, creates},
	{`^once the job has ended, each instance is "(available|protected)"$`, instancesEndIn, creates},
	{`^the new name is shown$`, theNewNameIsShown, noEffect},
	{`^every answer carried an X-Request-Id header$`, everyAnswerHasRequestID, noEffect},
	{`^the request is refused as unauthenticated$`, refusedAsUnauthenticated, noEffect},
	{`^the request is refused for the project$`, refusedForTheProject, noEffect},
	{`^the request is refused with HTTP (\d{3})$`, refusedWithStatus, noEffect},
	{`^the request is rejected with a 4xx error$`, rejectedWith4xx, noEffect},
}

// expressions are the definitions' texts, compiled once: godog would compile them
// again for every scenario.
var expressions = func() []*regexp.Regexp {
	out := make([]*regexp.Regexp, len(definitions))
	for i, d := range definitions {
		out[i] = regexp.MustCompile(d.expr)
	}
	return out
}()

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
	return theBatchAlsoIncludes(ctx, phrase)
}

func theBatchAlsoIncludes(ctx context.Context, phrase string) error {
	s := state(ctx)
	r := specialRoles[phrase]
	// The key pair is only found missing when the DR-site server is created.
	s.plan.failsLate = s.plan.failsLate || r.role == profile.RoleWindowsKeyPairMissing
	return s.addServerOfRole(r.role, r.offending)
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

// aNonASCIIDescriptionOfLength: lengths are counted in characters, not bytes.
func aNonASCIIDescriptionOfLength(ctx context.Context, n int) error {
	t, err := state(ctx).batch()
	if err != nil {
		return err
	}
	return t.SetString(pathDescription, strings.Repeat("é", n))
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
	s.auth = client.MadeUpToken{Token: token}
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

func theBatchIsRejectedAtOnce(ctx context.Context) error {
	return state(ctx).mustBeRejectedWithCode(ctx, "")
}

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

func alsoAnUnknownServer(ctx context.Context) error {
	return state(ctx).addServer(unknownID)
}

func firstServerListedTwice(ctx context.Context) error { return state(ctx).listFirstServerTwice() }

func protectedByAnEarlierBatch(ctx context.Context) error {
	s := state(ctx)
	g, err := s.group()
	if err != nil {
		return err
	}
	return s.protectEarlier(ctx, g)
}

func protectedInAnotherGroup(ctx context.Context) error {
	s := state(ctx)
	g, err := s.otherGroup()
	if err != nil {
		return err
	}
	return s.protectEarlier(ctx, g)
}

func keyPairCreatedAgain(ctx context.Context) error { return state(ctx).recreateKeyPair(ctx) }

func anUnknownGroup(ctx context.Context) error {
	return state(ctx).setString("protected_instances.server_group_id", unknownID)
}

func aNamePrefixWith(ctx context.Context, class string) error {
	return state(ctx).namePrefixWith(class)
}

func askForAnotherFlavor(ctx context.Context, which string) error {
	return state(ctx).askForAnotherFlavor(ctx, map[string]int{"first": 0, "second": 1}[which])
}

func askForAnUnknownFlavor(ctx context.Context) error {
	return state(ctx).setString(pathServers+".0.flavorRef", "no.such.flavor")
}

func theWorldsSubnet(ctx context.Context) error { return state(ctx).nameASubnet(ctx) }

func anUnknownSubnet(ctx context.Context) error { return state(ctx).setString(pathSubnet, unknownID) }

func theTenancyIs(ctx context.Context, tenancy string) error {
	return state(ctx).setString("protected_instances.tenancy", tenancy)
}

func theWorldsDedicatedHost(ctx context.Context) error {
	return state(ctx).setString("protected_instances.dedicated_host_id", "{{dedicated-host}}")
}

func theBatchHasTags(ctx context.Context, n int) error { return state(ctx).addTags(n) }

func aTagWithKeyLength(ctx context.Context, n int) error {
	return state(ctx).addTag(fmt.Sprintf(`{"key":%q,"value":"v"}`, strings.Repeat("k", n)))
}

func aTagWithValueLength(ctx context.Context, n int) error {
	return state(ctx).addTag(fmt.Sprintf(`{"key":"k","value":%q}`, strings.Repeat("v", n)))
}

func aTagWithABlankKey(ctx context.Context) error {
	return state(ctx).addTag(`{"key":" ","value":"v"}`)
}

func aTagWhoseValueContains(ctx context.Context, text string) error {
	return state(ctx).addTag(fmt.Sprintf(`{"key":"k","value":%q}`, "a"+text+"b"))
}

func twoTagsWithTheSameKey(ctx context.Context) error {
	s := state(ctx)
	if err := s.addTag(`{"key":"same","value":"1"}`); err != nil {
		return err
	}
	return s.addTag(`{"key":"same","value":"2"}`)
}

func theFieldIsSetTo(ctx context.Context, path, raw string) error {
	return state(ctx).setField(path, raw)
}

func theFieldIsRemoved(ctx context.Context, path string) error {
	return state(ctx).removeField(path)
}

func anInstanceIsRenamed(ctx context.Context) error { return state(ctx).renameAnInstance(ctx) }

func theNewNameIsShown(ctx context.Context) error { return state(ctx).newNameMustShow(ctx) }

func anInstanceIsDeleted(ctx context.Context) error { return state(ctx).deleteAnInstance(ctx) }

func acceptedThenFails(ctx context.Context) error {
	s := state(ctx)
	if err := s.mustBeAccepted(); err != nil {
		return err
	}
	if err := s.jobMustEnd(ctx, "FAIL"); err != nil {
		return err
	}
	return s.nothingLeftByFailedJob(ctx, s.job)
}

func notAServerError(ctx context.Context) error { return state(ctx).notAServerError() }

func noServerProtectedTwice(ctx context.Context) error {
	return state(ctx).serverProtectedAtMostOnce(ctx)
}

func instancesCarryTheDescription(ctx context.Context) error {
	return state(ctx).instancesMustCarry(ctx, "description")
}

func instancesCarryTheTags(ctx context.Context) error {
	return state(ctx).instancesMustCarry(ctx, "tags")
}

func drNICsInTheSubnet(ctx context.Context) error { return state(ctx).drNICsMustBeInTheSubnet(ctx) }

func drFlavorsMatch(ctx context.Context) error { return state(ctx).drFlavorsMustMatch(ctx) }

func subJobsNameInstances(ctx context.Context) error {
	return state(ctx).subJobsMustNameInstances(ctx)
}

func jobMovedForward(ctx context.Context) error { return state(ctx).jobMustMoveForward(ctx) }

func creatingWhileRunning(ctx context.Context) error {
	return state(ctx).instancesCreatingWhileRunning(ctx)
}

func instancesEndIn(ctx context.Context, status string) error {
	return state(ctx).instancesMustEndIn(ctx, status)
}

func everyAnswerHasRequestID(ctx context.Context) error {
	return state(ctx).everyAnswerHasRequestID()
}

func refusedWithStatus(ctx context.Context, status int) error {
	return state(ctx).refusedWith(ctx, status)
}

func sentTwiceAtOnce(ctx context.Context) error { return state(ctx).sendTwiceAtOnce(ctx) }

func theGeneratedCase(ctx context.Context, id string) error { return state(ctx).useGeneratedCase(id) }

func sentSigned(ctx context.Context) error {
	return state(ctx).sendSigned(ctx, func(a *client.AKSKAuth) {})
}

func sentWithAWrongSignature(ctx context.Context) error {
	return state(ctx).sendSigned(ctx, func(a *client.AKSKAuth) { a.SK += "-wrong" })
}

func sentWithAStaleSignature(ctx context.Context, minutes int) error {
	then := time.Now().Add(-time.Duration(minutes) * time.Minute)
	return state(ctx).sendSigned(ctx, func(a *client.AKSKAuth) { a.Now = func() time.Time { return then } })
}
