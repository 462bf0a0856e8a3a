// Command sdrs-mock serves the reference mock of SDRS batch create over HTTP, with
// the world of a target profile.
//
//	sdrs-mock -profile fixtures/targets/mock.yaml -listen 127.0.0.1:8080
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	sdrsconformance "github.com/sdrs-conformance/sdrs-conformance"
	"github.com/sdrs-conformance/sdrs-conformance/internal/mock"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "sdrs-mock:", err)
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sdrs-mock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	profileRef := fs.String("profile", profile.DefaultName, "target profile whose world the mock serves: a path, or a name in "+profile.Dir)
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	rejection := fs.String("rejection", string(mock.RejectSync), "when rules are enforced: sync (HTTP 400 at once) or async (202, then the job fails)")
	jobDuration := fs.Duration("job-duration", 0, "how long each job runs (default: the profile's mock.job_duration)")
	quiet := fs.Bool("quiet", false, "do not log each request")
	latency := fs.Duration("latency", 0, "delay every answer by this much, as a remote service would")
	var faults, variants names
	fs.Var(&faults, "fault", "switch on a fault, a way to break the contract (repeatable, or a comma-separated list); see -list")
	fs.Var(&variants, "variant", "switch on a benign variant, a way a conformant server may differ (repeatable, or a list); see -list")
	list := fs.Bool("list", false, "list the faults and variants, and exit")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: sdrs-mock -profile PATH -listen ADDR [flags]\n\nServes the reference mock of SDRS batch create.\nThe token it accepts is %s, or the profile's auth.token.\n\nFlags:\n", profile.EnvAuthToken)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fs.Usage()
		return fmt.Errorf("%w: unexpected argument %q", errUsage, fs.Arg(0))
	}
	if *list {
		for _, b := range mock.Behaviours() {
			kind := "fault"
			if b.Benign {
				kind = "variant"
			}
			fmt.Fprintf(stdout, "%-8s %-30s %s\n", kind, b.Name, b.Description)
		}
		return nil
	}
	p, err := profile.Load(*profileRef, sdrsconformance.Files)
	if err != nil {
		return err
	}
	opts := mock.OptionsFromProfile(p)
	opts.Rejection = mock.Rejection(*rejection)
	if *latency < 0 || *jobDuration < 0 {
		return fmt.Errorf("%w: -latency and -job-duration cannot be negative", errUsage)
	}
	opts.Faults, opts.Variants = faults, variants
	opts.Latency = *latency
	if *jobDuration > 0 {
		opts.JobDuration = *jobDuration
	}
	if !*quiet {
		opts.Log = log.New(stderr, "sdrs-mock: ", log.LstdFlags|log.Lmicroseconds)
	}
	m, err := mock.New(p.World, opts)
	if err != nil {
		return err
	}
	srv, err := m.Listen(*listen)
	if err != nil {
		return err
	}
	extra := ""
	if len(faults)+len(variants) > 0 {
		extra = fmt.Sprintf(", faults %v, variants %v", []string(faults), []string(variants))
	}
	fmt.Fprintf(stderr, "sdrs-mock: serving profile %s (project %s, rejection %s%s) on %s\n", p.Name, p.ProjectID, opts.Rejection, extra, srv.URL)

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdown)
	st := m.Stats()
	fmt.Fprintf(stderr, "sdrs-mock: %d requests, %d batches accepted, %d instances created, %d removed, %d key pairs created, %d deleted\n",
		st.Requests, st.BatchesAccepted, st.InstancesCreated, st.InstancesRemoved, st.KeyPairsCreated, st.KeyPairsDeleted)
	return err
}

// names is a flag that collects names, repeated or comma-separated.
type names []string

func (n *names) String() string { return strings.Join(*n, ",") }

func (n *names) Set(v string) error {
	for _, name := range strings.Split(v, ",") {
		if name = strings.TrimSpace(name); name != "" && !slices.Contains(*n, name) {
			*n = append(*n, name)
		}
	}
	return nil
}
