package mock

import "time"

// Job statuses.
const (
	jobInit    = "INIT"
	jobRunning = "RUNNING"
	jobSuccess = "SUCCESS"
	jobFail    = "FAIL"
)

// Job types of the real service. No batch type is documented, so a batch create
// reports each instance's type on the parent as well.
const (
	jobCreateInstance = "createProtectedInstanceNoCG"
	jobDeleteInstance = "deleteProtectedInstanceNoCG"
)

// job is an asynchronous job: INIT, then RUNNING after a third of its duration,
// then finished, when finish decides SUCCESS or FAIL and applies the effect.
type job struct {
	id         string
	jobType    string
	groupID    string
	status     string
	begin      time.Time
	runAt      time.Time
	endAt      time.Time
	end        time.Time
	errorCode  string
	failReason string
	subs       []*subJob
	finish     func(*job)
	reads      int // how often the job was read, for the job-status-backwards fault
}

// subJob is one instance's part of a job.
type subJob struct {
	id         string
	status     string
	entities   map[string]string
	errorCode  string
	failReason string
}

func (m *Mock) newJob(jobType, groupID string, now time.Time, finish func(*job)) *job {
	d := m.opts.JobDuration
	j := &job{
		id:      newHexID(),
		jobType: jobType,
		groupID: groupID,
		status:  jobInit,
		begin:   now,
		runAt:   now.Add(d / 3),
		endAt:   now.Add(d),
		finish:  finish,
	}
	m.jobs[j.id] = j
	m.jobOrder = append(m.jobOrder, j)
	return j
}

func (j *job) addSub(entities map[string]string) *subJob {
	s := &subJob{id: newHexID(), status: jobInit, entities: entities}
	j.subs = append(j.subs, s)
	return s
}

func (j *job) finished() bool { return j.status == jobSuccess || j.status == jobFail }

// succeed ends the job and its sub-jobs with SUCCESS.
func (j *job) succeed() {
	j.status = jobSuccess
	for _, s := range j.subs {
		s.status = jobSuccess
	}
}

// failWith ends the job with FAIL; sub-jobs not failed on their own are failed too.
func (j *job) failWith(code, reason string) {
	j.status, j.errorCode, j.failReason = jobFail, code, reason
	for _, s := range j.subs {
		if s.status != jobFail {
			s.status, s.errorCode, s.failReason = jobFail, code, "the batch failed: "+reason
		}
	}
}

// advance brings every job up to now, in the order the jobs finish, so that a job's
// effect is seen by the jobs that finish after it.
func (m *Mock) advance(now time.Time) {
	pending := m.jobOrder[:0]
	for _, j := range m.jobOrder {
		if !now.Before(j.runAt) && j.status == jobInit {
			j.status = jobRunning
			for _, s := range j.subs {
				s.status = jobRunning
			}
		}
		if !now.Before(j.endAt) {
			j.end = j.endAt
			j.finish(j)
			continue
		}
		pending = append(pending, j)
	}
	m.jobOrder = pending
}

func (m *Mock) showJob(c *call) reply {
	j, found := m.jobs[c.vars["job_id"]]
	if !found {
		return fail(reject(codeParams, "job %s does not exist", c.vars["job_id"]))
	}
	doc := j.json()
	if m.is("job-status-backwards") && !j.finished() {
		// The faulty service flaps between RUNNING and INIT on every read, so any two
		// reads while it runs see it go back.
		doc["status"] = []string{jobRunning, jobInit}[j.reads%2]
		j.reads++
	}
	if m.is("sub-jobs-missing") {
		entities := doc["entities"].(map[string]any)
		delete(entities, "sub_jobs")
	}
	if m.is("job-fail-without-error-code") {
		doc["error_code"] = nil
	}
	return ok(200, doc)
}

func (j *job) json() map[string]any {
	subs := make([]any, 0, len(j.subs))
	for _, s := range j.subs {
		subs = append(subs, map[string]any{
			"job_id":      s.id,
			"job_type":    j.jobType,
			"status":      s.status,
			"entities":    s.entities,
			"begin_time":  j.begin.UTC().Format(jobTimeLayout),
			"end_time":    formatEnd(j.end),
			"error_code":  nullable(s.errorCode),
			"fail_reason": nullable(s.failReason),
		})
	}
	entities := map[string]any{"server_group_id": j.groupID, "sub_jobs": subs}
	if len(j.subs) == 1 {
		// A single-instance job also names its instance at the top, as single create does.
		for k, v := range j.subs[0].entities {
			entities[k] = v
		}
	}
	return map[string]any{
		"job_id":      j.id,
		"job_type":    j.jobType,
		"status":      j.status,
		"entities":    entities,
		"begin_time":  j.begin.UTC().Format(jobTimeLayout),
		"end_time":    formatEnd(j.end),
		"error_code":  nullable(j.errorCode),
		"fail_reason": nullable(j.failReason),
	}
}

func formatEnd(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(jobTimeLayout)
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}
