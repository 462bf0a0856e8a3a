// Command gen writes features/generated_cases.feature from openapi.yaml and the
// requirement catalogue: `go run ./internal/negative/gen` from the repository root
// (make generate).
package main

import (
	"fmt"
	"os"

	"github.com/sdrs-conformance/sdrs-conformance/internal/negative"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	text, err := negative.Render(os.ReadFile)
	if err != nil {
		return err
	}
	if err := os.WriteFile(negative.FeatureFile, []byte(text), 0o644); err != nil {
		return err
	}
	fmt.Println("wrote", negative.FeatureFile)
	return nil
}
