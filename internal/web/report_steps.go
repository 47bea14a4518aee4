package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"

	"fazhi/internal/ledger"
	"fazhi/internal/report"
	"fazhi/internal/store"
)

// reportCheck: POST /reports/{unit}/{year}/check runs 审校 on the current
// version's text beside the archive (the unit's earlier years, the
// county's other units of the year), so a copied passage names its source
// unit and year, and stores the run for the approval rule.
func (s *Server) reportCheck(w http.ResponseWriter, r *http.Request) error {
	u, year, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	ctx, p := r.Context(), principal(r)
	rep, err := s.store.Report(ctx, p.Actor, u.ID, year)
	if err != nil {
		return err
	}
	c, _, err := s.runReportCheck(ctx, p, rep)
	if err != nil {
		return err
	}
	msg := fmt.Sprintf("已对第%d版运行审校：错误%d处，警告%d处", c.Version, c.Errors, c.Warnings)
	http.Redirect(w, r, flashURL(r, reportURL(u.ID, year), msg)+"#check", http.StatusSeeOther)
	return nil
}

// reportStep: POST /reports/{unit}/{year}/step/{event} takes a workflow
// step at the version the form was made from. Approval passes the figures
// found stale or changed by hand, and the approver's 已核对.
func (s *Server) reportStep(w http.ResponseWriter, r *http.Request) error {
	u, year, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	ctx, p := r.Context(), principal(r)
	rep, err := s.store.Report(ctx, p.Actor, u.ID, year)
	if err != nil {
		return err
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return &pageError{http.StatusBadRequest, "表单无法读取：请刷新页面后重试。"}
	}
	version, err := strconv.Atoi(r.PostForm.Get("version"))
	if err != nil || version < 1 {
		return &pageError{http.StatusBadRequest, "表单缺少版本号：请刷新页面后重试。"}
	}
	e := report.Event(r.PathValue("event"))
	_, err = s.takeReportStep(ctx, p, u, rep, version, e, r.PostForm["ack"], r.PostForm.Get("note"))
	if err != nil {
		status, msg, internal := statusOf(err)
		if internal {
			return err
		}
		var fe ledger.FieldErrors
		if errors.As(err, &fe) {
			for _, m := range fe {
				msg = m
			}
		}
		page, verr := s.reportView(r, u, year)
		if verr != nil {
			return verr
		}
		page.Error = msg
		s.render(w, r, status, "report.html", page)
		return nil
	}
	msg := "已" + e.Label()
	if e == report.Submit {
		msg = fmt.Sprintf("已报送上级：第%d版，报送人%s，回执已记录", version, p.User.Name)
	}
	http.Redirect(w, r, flashURL(r, reportURL(u.ID, year), msg), http.StatusSeeOther)
	return nil
}

// ReportHistoryPage lists the versions with what changed between each and
// the one before (report.Diff).
type ReportHistoryPage struct {
	Base
	URL      string
	Versions []ReportVersionView
}

// ReportVersionView is one version and its changes.
type ReportVersionView struct {
	store.ReportVersion
	Changes []SectionChange
}

// SectionChange is one section's paragraphs kept, removed and added.
type SectionChange struct {
	Title string
	Lines []report.DiffLine
}

func (s *Server) reportHistory(w http.ResponseWriter, r *http.Request) error {
	u, year, err := s.reportTarget(r)
	if err != nil {
		return err
	}
	ctx, p := r.Context(), principal(r)
	rep, err := s.store.Report(ctx, p.Actor, u.ID, year)
	if err != nil {
		return err
	}
	vs, err := s.store.ReportVersions(ctx, p.Actor, rep.ID)
	if err != nil {
		return err
	}
	page := &ReportHistoryPage{Base: s.base(r, fmt.Sprintf("%s%d年度报告 版本历史", u.Name, year)), URL: reportURL(u.ID, year)}
	for i, v := range vs {
		vv := ReportVersionView{ReportVersion: v}
		if i+1 < len(vs) {
			vv.Changes = sectionChanges(report.Diff(vs[i+1].Doc, v.Doc))
		}
		page.Versions = append(page.Versions, vv)
	}
	s.render(w, r, http.StatusOK, "report_history.html", page)
	return nil
}

// sectionChanges groups a diff by section, keeping the sections with a
// change.
func sectionChanges(lines []report.DiffLine) []SectionChange {
	var out []SectionChange
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && lines[j].Section == lines[i].Section {
			j++
		}
		if report.Changed(lines[i:j]) {
			out = append(out, SectionChange{Title: lines[i].Title, Lines: lines[i:j]})
		}
		i = j
	}
	return out
}
