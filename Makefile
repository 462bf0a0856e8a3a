# SDRS batch-create conformance suite. `make help` lists the targets.

GO      ?= go
# Redocly CLI, pinned; npx fetches it from the npm registry on first use.
REDOCLY ?= npx --yes @redocly/cli@2.77.0
# Where `make conformance` writes its reports (reports/<target name> by default).
OUT     ?=
# The suite version the reports carry.
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo unknown)
LDFLAGS := -X github.com/sdrs-conformance/sdrs-conformance/internal/version.Version=$(VERSION)

.PHONY: help conformance test interop lint mutation bench generate build clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

conformance: ## the main job: the whole suite against SDRS_TARGET (default: the embedded mock), reports in reports/<target>
	$(GO) run -ldflags "$(LDFLAGS)" ./cmd/sdrs-conformance $(if $(OUT),-out $(OUT))

test: ## every test: unit tests, the suite on the embedded mock and on a separate sdrs-mock process, with the race detector; then interop
	$(GO) test -race -count=1 ./...
	$(MAKE) interop

interop: ## the Huawei Cloud Go SDK as a client of the mock, and our signer against the SDK's (separate module)
	cd interop && $(GO) test -count=1 ./...

lint: ## gofmt, go vet and the OpenAPI linter (Redocly, recommended-strict) on openapi.yaml
	@unformatted=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$unformatted" ]; then echo "gofmt would change:"; echo "$$unformatted"; exit 1; fi
	$(GO) vet ./...
	$(REDOCLY) lint --config redocly.yaml openapi.yaml

mutation: ## run the suite against the mock once per fault (each must be caught) and per benign variant (each must pass at core)
	$(GO) run ./cmd/sdrs-mutation

bench: ## the suite side by side against a mock with remote delays: wall time vs the critical path (goal <= 1.5x)
	$(GO) run ./bench

generate: ## rewrite features/generated_cases.feature from openapi.yaml (make test fails when it is out of date)
	$(GO) run ./internal/negative/gen

build: ## build sdrs-conformance and sdrs-mock into bin/
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/ ./cmd/sdrs-conformance ./cmd/sdrs-mock

clean: ## remove reports and built binaries
	rm -rf bin reports/*/
