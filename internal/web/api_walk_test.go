package web

import (
	"bytes"
	"fmt"
	"maps"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"
	"time"
)

// A walk drives one record of a real kind through the JSON API as the
// township's users would: each step is a create, an edit or a transition,
// accepted or refused with the status and the words a user reads.
type walkStep struct {
	user  string            // who acts: clerkA, headA, …
	event string            // a transition; "edit" is a PATCH of the form
	data  map[string]string // the step's values
	want  int               // 200 (201 for the create) or the refusal's status
	says  []string          // words of the refusal (message, basis, field messages)
	state string            // the state after an accepted step, if checked
}

// walk creates a record of kind as user with data, then takes each step,
// and returns the record after the last one.
func (e *env) walk(kind, user string, data map[string]string, steps ...walkStep) apiRecord {
	e.t.Helper()
	var rec apiRecord
	e.api(user).must("POST", "/api/v1/records/"+kind, map[string]any{"data": data}, http.StatusCreated, &rec)
	return e.walkOn(rec, steps...)
}

// walkOn takes steps on the record rec.
func (e *env) walkOn(rec apiRecord, steps ...walkStep) apiRecord {
	e.t.Helper()
	path := fmt.Sprintf("/api/v1/records/%s/%d", rec.Kind, rec.ID)
	clients := map[string]*apiClient{}
	for i, s := range steps {
		c := clients[s.user]
		if c == nil {
			c = e.api(s.user)
			clients[s.user] = c
		}
		var cur apiRecord
		c.must("GET", path, nil, http.StatusOK, &cur)
		method, url := "POST", path+"/transitions"
		body := map[string]any{"event": s.event, "version": cur.Version, "data": s.data}
		if s.event == "edit" {
			method, url = "PATCH", path
			body = map[string]any{"version": cur.Version, "data": s.data}
		}
		if s.want == http.StatusOK {
			c.must(method, url, body, http.StatusOK, &rec)
			if s.state != "" && rec.State != s.state {
				e.t.Fatalf("step %d (%s %s): state %q, want %q", i+1, s.user, s.event, rec.State, s.state)
			}
			continue
		}
		ae := c.apiErr(method, url, body, s.want)
		text := ae.Message + " " + ae.Basis + " " + strings.Join(slices.Sorted(maps.Values(ae.Fields)), " ")
		for _, w := range s.says {
			if !strings.Contains(text, w) {
				e.t.Errorf("step %d (%s %s) refused with %q, want it to say %q", i+1, s.user, s.event, text, w)
			}
		}
		var after apiRecord
		c.must("GET", path, nil, http.StatusOK, &after)
		if after.Version != cur.Version || after.State != cur.State {
			e.t.Errorf("step %d (%s %s): a refused step changed the record", i+1, s.user, s.event)
		}
	}
	return rec
}

// at sets the server's today.
func (e *env) at(day string) {
	e.t.Helper()
	t, err := time.ParseInLocation("2006-01-02 15:04", day+" 10:00", e.clock.Now().Location())
	if err != nil {
		e.t.Fatal(err)
	}
	e.clock.Add(t.Sub(e.clock.Now()))
}

// noPlaintextAtRest fails when a planted value is in the SQLite file or
// its WAL, or in the record's history.
func (e *env) noPlaintextAtRest(c *apiClient, rec apiRecord, planted ...string) {
	e.t.Helper()
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(e.storeCfg.URL + suffix)
		if err != nil && !os.IsNotExist(err) {
			e.t.Fatal(err)
		}
		for _, p := range planted {
			if bytes.Contains(b, []byte(p)) {
				e.t.Errorf("%q in clear in the database file%s", p, suffix)
			}
		}
	}
	_, h := c.call("GET", fmt.Sprintf("/api/v1/records/%s/%d/history", rec.Kind, rec.ID), nil)
	for _, p := range planted {
		if bytes.Contains(h, []byte(p)) {
			e.t.Errorf("%q in clear in the history", p)
		}
	}
}

func TestAPIWalk_Exam(t *testing.T) {
	e := apiEnv(t)
	rows := `[{"name":"王一","score":"95"},{"name":"李二","score":"58"},{"name":"赵四","absent":"是"}]`
	rec := e.walk("exam", "clerkA", map[string]string{"exam_type": "逢会必考", "title": "3月党政联席会议会前学法测试",
		"exam_date": "2025-03-05", "organizer": "党政办", "form": "闭卷", "full_mark": "100", "pass_mark": "60", "excellent_mark": "90", "participants": rows},
		walkStep{user: "clerkA", event: "hold", want: 422, says: []string{"考试日期", "不能晚于今天"}},
		walkStep{user: "adminA", event: "cancel", data: map[string]string{"cancel_reason": "x"}, want: 403},
	)
	e.at("2025-03-05")
	path := fmt.Sprintf("/api/v1/records/exam/%d", rec.ID)
	e.walkOn(rec,
		walkStep{user: "clerkA", event: "hold", want: 200, state: "scoring"},
		walkStep{user: "clerkA", event: "publish", data: map[string]string{"publish_date": "2025-03-05"}, want: 422, says: []string{"参考率66.7%，低于目标100%"}},
		walkStep{user: "clerkA", event: "edit", data: map[string]string{"pass_mark": "50"}, want: 200},
		walkStep{user: "clerkA", event: "publish", data: map[string]string{"publish_date": "2025-03-05", "absence_note": "赵四请假"}, want: 422,
			says: []string{"满分100的60%"}},
		walkStep{user: "clerkA", event: "edit", data: map[string]string{"pass_mark": "60"}, want: 200},
		walkStep{user: "clerkA", event: "publish", data: map[string]string{"publish_date": "2025-03-05", "absence_note": "赵四请假，安排补考"}, want: 200, state: "published"},
	)
	var got apiRecord
	e.api("inspector").must("GET", path, nil, http.StatusOK, &got)
	if got.Data["turnout_rate"] != "66.7" || got.Data["pass_rate"] != "50.0" || got.Data["excellent_rate"] != "50.0" {
		t.Errorf("rates %v", got.Data)
	}
	// The cancel path, on another exam.
	e.walk("exam", "clerkA", map[string]string{"exam_type": "行政执法资格考试", "title": "执法资格考试", "exam_date": "2025-04-10",
		"organizer": "司法所", "form": "线上", "full_mark": "100", "pass_mark": "60", "excellent_mark": "90", "participants": `[{"name":"王一"}]`},
		walkStep{user: "clerkA", event: "cancel", want: 422, says: []string{"取消理由"}},
		walkStep{user: "headA", event: "cancel", data: map[string]string{"cancel_reason": "县局统一延期"}, want: 200, state: "cancelled"},
	)
}
