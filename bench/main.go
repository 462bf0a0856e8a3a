// Command bench measures how well the suite runs its scenarios side by side. It
// serves the reference mock with a remote service's delays (50 ms per request,
// 2 s per job), with a world large enough that no scenario waits for another's
// servers, runs the whole suite with high concurrency, and compares the wall
// time with the critical path (the longest single scenario) and with running
// the scenarios one after the other. Goal: wall time within 1.5x the critical
// path.
//
//	go run ./bench [-latency 50ms] [-job 2s] [-concurrency 400] [-sequential]
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	sdrsconformance "github.com/sdrs-conformance/sdrs-conformance"
	"github.com/sdrs-conformance/sdrs-conformance/internal/mock"
	"github.com/sdrs-conformance/sdrs-conformance/internal/profile"
	"github.com/sdrs-conformance/sdrs-conformance/internal/report"
	"github.com/sdrs-conformance/sdrs-conformance/internal/runner"
)

func main() {
	latency := flag.Duration("latency", 50*time.Millisecond, "delay of every answer of the mock")
	job := flag.Duration("job", 2*time.Second, "how long each job of the mock takes")
	concurrency := flag.Int("concurrency", 400, "scenarios at once")
	copies := flag.Int("copies", 30, "how many times the world's servers are copied, so that scenarios never wait for servers")
	sequential := flag.Bool("sequential", false, "also run the scenarios one after the other (slow: minutes), instead of estimating that time")
	flag.Parse()
	if err := run(*latency, *job, *concurrency, *copies, *sequential); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(latency, job time.Duration, concurrency, copies int, sequential bool) error {
	p, err := profile.Load(profile.DefaultName, sdrsconformance.Files)
	if err != nil {
		return err
	}
	p.World = scaled(p.World, copies)
	p.Mock.JobDuration = job
	p.Timeouts.Job = 10 * job
	p.Timeouts.PollInitial, p.Timeouts.PollMax = job/20, job/4
	withLatency := func(o *mock.Options) { o.Latency = latency }

	fmt.Printf("mock: %s per request, %s per job; world: %d servers; concurrency %d\n", latency, job, len(p.World.Servers), concurrency)
	start := time.Now()
	p.Run.Concurrency = concurrency
	res, err := runner.Run(context.Background(), runner.Config{Profile: p, Files: sdrsconformance.Files, Mock: withLatency})
	if err != nil {
		return err
	}
	wall := time.Since(start)
	if res.Verdict != report.Conformant {
		return fmt.Errorf("the suite does not pass against the mock: %s", res.Verdict)
	}
	var critical, sum time.Duration
	var longest string
	for _, s := range res.Runs {
		sum += s.Duration
		if s.Duration > critical {
			critical, longest = s.Duration, s.Location()+" "+s.Name
		}
	}
	fmt.Printf("scenarios:      %d\n", len(res.Runs))
	fmt.Printf("critical path:  %s (%s)\n", critical.Round(time.Millisecond), longest)
	fmt.Printf("wall time:      %s, concurrency %d (plan, sweeps and reports included)\n", wall.Round(time.Millisecond), concurrency)
	seqLabel := "estimated: the sum of the scenarios' times"
	seq := sum
	if sequential {
		start := time.Now()
		p.Run.Concurrency = 1
		if _, err := runner.Run(context.Background(), runner.Config{Profile: p, Files: sdrsconformance.Files, Mock: withLatency}); err != nil {
			return err
		}
		seq, seqLabel = time.Since(start), "measured"
	}
	fmt.Printf("sequential:     %s (%s)\n", seq.Round(time.Millisecond), seqLabel)
	ratio := float64(wall) / float64(critical)
	fmt.Printf("speed-up:       %.1fx over sequential\n", float64(seq)/float64(wall))
	fmt.Printf("ratio:          %.2f (wall time / critical path; goal <= 1.5)\n", ratio)
	if ratio > 1.5 {
		return fmt.Errorf("the wall time is %.2fx the critical path, over the 1.5x goal", ratio)
	}
	return nil
}

// scaled copies every server of the world n times, keeping roles, shared-disk sets
// (each copy of a set shares its own disk) and deleted key pairs (each copy its own).
func scaled(w profile.World, n int) profile.World {
	out := w
	out.Servers = nil
	for i := 0; i < n; i++ {
		for _, s := range w.Servers {
			c := s
			c.ID = fmt.Sprintf("%s-c%02d", s.ID, i)
			c.Name = fmt.Sprintf("%s-c%02d", s.Name, i)
			c.Disks = nil
			for _, d := range s.Disks {
				c.Disks = append(c.Disks, profile.Disk{ID: fmt.Sprintf("%s-c%02d", d.ID, i), Shared: d.Shared})
			}
			if s.HasRole(profile.RoleWindowsKeyPairMissing) {
				c.KeyName = fmt.Sprintf("%s-c%02d", s.KeyName, i)
			}
			out.Servers = append(out.Servers, c)
		}
	}
	return out
}
