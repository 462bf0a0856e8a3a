package mock

import "fmt"

// SDRS error codes the mock answers with (vendor error-code appendix).
const (
	codeParams          = "SDRS.0201" // invalid request parameters
	codeName            = "SDRS.0202" // invalid name or name prefix
	codeGroupID         = "SDRS.0207" // invalid protection group id
	codeInstanceID      = "SDRS.0208" // invalid (or unknown) protected instance id
	codeServerID        = "SDRS.0210" // invalid server id
	codeDescription     = "SDRS.0212" // invalid description
	codeClusterID       = "SDRS.0218" // invalid cluster_id
	codeLimit           = "SDRS.0221" // invalid limit
	codeOffset          = "SDRS.0222" // invalid offset
	codeTooManyIDs      = "SDRS.0226" // more than 30 ids in a filter
	codeGroupNotFound   = "SDRS.1013" // protection group does not exist
	codeGroupStatus     = "SDRS.1024" // group neither available nor protected
	codeDeleteState     = "SDRS.1301" // instance cannot be deleted in its status
	codeVPCMismatch     = "SDRS.1304" // server not in the group's VPC
	codeAlreadyProtect  = "SDRS.1305" // server already backs a protected instance
	codeServerCreate    = "SDRS.1306" // DR-site server creation failed
	codeServerNotFound  = "SDRS.1326" // server does not exist
	codeSubnetNotFound  = "SDRS.1335" // subnet does not exist
	codeInstanceCreate  = "SDRS.1350" // protected instance creation failed
	codeFlavor          = "SDRS.1353" // DR-site flavor cannot be used
	codeTooManyTags     = "SDRS.2203" // too many tags
	codeTagKey          = "SDRS.2204" // invalid tag key
	codeTagKeyBlank     = "SDRS.2205" // blank tag key
	codeTagValue        = "SDRS.2207" // invalid tag value
	codeTagValueNull    = "SDRS.2208" // null tag value
	codeTagDuplicateKey = "SDRS.2209" // duplicate tag keys
	codeInternal        = "SDRS.0010" // internal error (a recovered panic)
	codeAPINotFound     = "APIGW.0101"
	codeAuth            = "APIGW.0301"
	codeForbidden       = "APIGW.0302"
)

// apiError is a refusal: an HTTP status and an SDRS code with its message.
type apiError struct {
	status  int
	code    string
	message string
	// malformed marks a body that is not a JSON object: refused at once even when
	// the mock enforces the rules asynchronously.
	malformed bool
}

func (e *apiError) Error() string { return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message) }

// reject is the common case: HTTP 400 with an SDRS code.
func reject(code, format string, args ...any) *apiError {
	return &apiError{status: 400, code: code, message: fmt.Sprintf(format, args...)}
}

// malformed refuses a body that cannot be read as a JSON object.
func malformed(format string, args ...any) *apiError {
	e := reject(codeParams, format, args...)
	e.malformed = true
	return e
}

// errorBody is the service's error shape: {"error": {"code", "message"}}.
func errorBody(code, message string) map[string]any {
	return map[string]any{"error": map[string]string{"code": code, "message": message}}
}

// gatewayBody is the API gateway's flat error shape, used before the request reaches SDRS.
func gatewayBody(code, message, requestID string) map[string]any {
	return map[string]any{"error_code": code, "error_msg": message, "request_id": requestID}
}
