// Package sdrsconformance is the conformance and contract suite for SDRS "Batch
// Creating Protected Instances". This package carries the suite's data (the
// contract, the features and the fixtures) so that the binaries work from any
// directory; the code lives under internal/, steps/ and cmd/.
package sdrsconformance

import "embed"

// Files holds openapi.yaml, features/ and fixtures/ as they were at build time.
//
//go:embed openapi.yaml features fixtures
var Files embed.FS
