package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/proofread"
	"fazhi/internal/report"
	"fazhi/internal/report/docx"
	"fazhi/internal/store"
)

// The report's actions, shared by the editor's forms (reports.go,
// report_save.go, report_steps.go, report_export.go) and the JSON API
// (api_reports.go): each takes the parsed input, calls the store and
// returns the refusal both show, so a page and a script meet the same
// rules with the same Chinese message and status.

// createReport writes u's draft on year from the indicators and stores it
// as version 1 (由指标生成初稿).
func (s *Server) createReport(ctx context.Context, p *Principal, u *access.Unit, year int) (*store.Report, error) {
	in, err := s.draftInput(ctx, p, u, year)
	if err != nil {
		return nil, err
	}
	rep, err := s.store.CreateReport(ctx, p.Actor, u.ID, year, report.Draft(in))
	if errors.Is(err, store.ErrDuplicate) {
		return nil, &pageError{http.StatusConflict, fmt.Sprintf("%s%d年度报告已经起草，不能再次生成：请打开现有报告修改。", u.Name, year)}
	}
	return rep, err
}

// sectionIndex is the index of section key in d, or a 404.
func sectionIndex(d report.Document, key string) (int, error) {
	for i, sec := range d.Sections {
		if sec.Key == key {
			return i, nil
		}
	}
	return -1, &pageError{http.StatusNotFound, "报告中没有这一部分：请刷新页面后重新编辑。"}
}

// sectionConflict is a save refused because someone saved version Saved
// after the one edited: the caller still holds the text, and Sentence
// says who saved what meanwhile.
type sectionConflict struct {
	Edited int
	Saved  *store.Report // the report as it is now (nil when unreadable)
}

func (c *sectionConflict) Error() string { return c.Sentence() }
func (c *sectionConflict) Unwrap() error { return store.ErrConflict }

// Sentence is the refusal common to the editor and the API.
func (c *sectionConflict) Sentence() string {
	who := ""
	if c.Saved != nil {
		who = fmt.Sprintf("%s已于%s保存了第%d版，", c.Saved.By, c.Saved.At.In(calendar.China).Format("01-02 15:04"), c.Saved.Status.Version)
	}
	return "未保存：您编辑的是第" + strconv.Itoa(c.Edited) + "版，在此期间" + who + "直接保存会覆盖他人的修改。"
}

// saveSection saves in.Body as section idx of rep (a correction with its
// reason once released), keeping the traced figures that still read as
// drafted (report.Reconcile). A stale version is a *sectionConflict.
func (s *Server) saveSection(ctx context.Context, p *Principal, rep *store.Report, idx int, in sectionSave) (*store.Report, error) {
	doc := rep.Doc
	doc.Sections = slices.Clone(rep.Doc.Sections)
	doc.Sections[idx] = report.Reconcile(doc.Sections[idx], in.Body)
	saved, err := s.store.SaveReport(ctx, p.Actor, rep.ID, in.Version, doc, in.Reason)
	if errors.Is(err, store.ErrConflict) {
		c := &sectionConflict{Edited: in.Version}
		c.Saved, _ = s.store.ReportByID(ctx, p.Actor, rep.ID)
		return nil, c
	}
	return saved, err
}

// runReportCheck runs 审校 on rep's current version beside the archive
// (the unit's earlier years, the county's other units of the year), so a
// copied passage names its source unit and year, and stores the run for
// the approval rule.
func (s *Server) runReportCheck(ctx context.Context, p *Principal, rep *store.Report) (*store.ReportCheck, []proofread.Finding, error) {
	others, err := s.store.ArchiveFor(ctx, p.Actor, rep.UnitID, rep.Year)
	if err != nil {
		return nil, nil, err
	}
	var b checkBatch
	b.add("本报告", []byte(report.PlainText(rep.Doc)), true)
	for _, e := range others {
		b.add(fmt.Sprintf("%s%d年度报告（%s）", e.Unit, e.Year, e.SourceLabel()), []byte(e.Text), true)
	}
	items, err := b.run(ctx, s, rep.Year, len(others) > 0, false)
	if err != nil {
		return nil, nil, err
	}
	res := items[0]
	if res.Result == nil {
		return nil, nil, &pageError{http.StatusUnprocessableEntity, "审校未能读取报告：" + res.Err}
	}
	c := store.ReportCheck{Version: rep.Status.Version}
	for _, f := range res.Result.Findings {
		switch f.Severity {
		case proofread.Error:
			c.Errors++
		case proofread.Warning:
			c.Warnings++
		}
	}
	js, err := json.Marshal(res.Result.Findings)
	if err != nil {
		return nil, nil, err
	}
	c.Findings = string(js)
	if err := s.store.AddReportCheck(ctx, p.Actor, rep.ID, c); err != nil {
		return nil, nil, err
	}
	return &c, res.Result.Findings, nil
}

// figureState is what the stale check finds in a report now: the figures
// whose indicator moved since drafting and those changed by hand, each as
// approval names it, and as the key the approver acknowledges it by.
type figureState struct {
	Stale, Hand []string
	Checks      []FigureCheck
	found       map[string]report.StaleFigure // by section, indicator and text
}

func figureKey(section string, f report.Figure) string {
	return section + "\x00" + f.ID + "\x00" + f.Text
}

// figureState checks rep's figures against u's indicators of its year now.
func (s *Server) figureState(ctx context.Context, p *Principal, u *access.Unit, rep *store.Report) (*figureState, error) {
	values, err := s.currentValues(ctx, p, u, rep.Year)
	if err != nil {
		return nil, err
	}
	fs := &figureState{found: map[string]report.StaleFigure{}}
	for _, sf := range report.Stale(rep.Doc, values) {
		fs.found[figureKey(sf.Section, sf.Figure)] = sf
		fs.Checks = append(fs.Checks, FigureCheck{Key: sf.Section + ":" + sf.Figure.ID + ":" + sf.Figure.Text, Message: sf.Message})
		if sf.Hand {
			fs.Hand = append(fs.Hand, sf.Message)
		} else {
			fs.Stale = append(fs.Stale, sf.Message)
		}
	}
	return fs, nil
}

// stale is the stale-figure finding on figure f of section, if any.
func (fs *figureState) stale(section string, f report.Figure) (report.StaleFigure, bool) {
	sf, ok := fs.found[figureKey(section, f)]
	return sf, ok
}

// approval is what the approval rule reads: every figure listed now must
// be among acks — one that turned stale after the form or the GET was
// made is not acknowledged by it.
func (fs *figureState) approval(acks []string) report.Approval {
	ap := report.Approval{Stale: fs.Stale, Hand: fs.Hand, Acked: true}
	for _, c := range fs.Checks {
		if !slices.Contains(acks, c.Key) {
			ap.Acked = false
		}
	}
	return ap
}

// errReportStepConflict is a step taken on a version that is no longer
// the report's, or a state that changed meanwhile.
var errReportStepConflict = &pageError{http.StatusConflict, "未办理：报告已有新版本或状态已变化（可能有人刚刚保存或办理），请查看当前内容后再操作。"}

// takeReportStep takes workflow step e on rep at version; approval reads
// the figures found stale or changed by hand now and the approver's acks.
func (s *Server) takeReportStep(ctx context.Context, p *Principal, u *access.Unit, rep *store.Report, version int, e report.Event, acks []string, note string) (*store.Report, error) {
	var ap report.Approval
	if e == report.Approve {
		fs, err := s.figureState(ctx, p, u, rep)
		if err != nil {
			return nil, err
		}
		ap = fs.approval(acks)
	}
	saved, err := s.store.ReportStep(ctx, p.Actor, rep.ID, version, e, ap, note)
	if errors.Is(err, store.ErrConflict) {
		return nil, errReportStepConflict
	}
	return saved, err
}

// reportFile is rep's current version as a GB/T 9704 .docx, or as PDF
// through LibreOffice (a clear 503 when it is not installed), with its
// content type and file name.
func reportFile(ctx context.Context, rep *store.Report, format string) (body []byte, ctype, name string, err error) {
	ctype = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
	if format == "pdf" {
		ctype = "application/pdf"
		if body, err = docx.PDFOf(ctx, rep.Doc); errors.Is(err, docx.ErrNoLibreOffice) {
			return nil, "", "", &pageError{http.StatusServiceUnavailable, err.Error()}
		}
	} else {
		var b bytes.Buffer
		err = docx.Write(&b, rep.Doc)
		body = b.Bytes()
	}
	if err != nil {
		return nil, "", "", fmt.Errorf("web.reportFile: %w", err)
	}
	name = fmt.Sprintf("%s%d年度法治政府建设情况报告（第%d版）.%s", rep.Unit, rep.Year, rep.Status.Version, format)
	return body, ctype, name, nil
}

// reportFigure is one traced figure of a report as its CSV and JSON
// exports list it.
type reportFigure struct {
	Section   string  `json:"section"`
	Indicator string  `json:"id"`
	Name      string  `json:"name"`
	Value     float64 `json:"value"`
	Text      string  `json:"text"`
	Hand      bool    `json:"hand"`
	Sentence  string  `json:"sentence"`
}

func (s *Server) reportFigures(d report.Document) []reportFigure {
	out := []reportFigure{}
	for _, sec := range d.Sections {
		for _, f := range sec.Figures {
			pf := reportFigure{Section: sec.Title, Indicator: f.ID, Value: f.Value, Text: f.Text, Hand: f.Hand, Sentence: f.Sentence}
			if def, ok := s.indicators.Def(f.ID); ok {
				pf.Name = def.Info.Name
			}
			out = append(out, pf)
		}
	}
	return out
}

// reportFiguresBody is the JSON export of a report's figures.
type reportFiguresBody struct {
	Unit      string         `json:"unit"`
	Year      int            `json:"year"`
	Version   int            `json:"version"`
	Published string         `json:"published"`
	Figures   []reportFigure `json:"figures"`
}

// writeReportFigures serves rep's figures as CSV (UTF-8 with BOM, so Excel
// reads the Chinese) or JSON.
func (s *Server) writeReportFigures(w http.ResponseWriter, rep *store.Report, format string) error {
	figs := s.reportFigures(rep.Doc)
	name := fmt.Sprintf("report-%d-%d-figures.%s", rep.UnitID, rep.Year, format)
	w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
	if format == "json" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		return json.NewEncoder(w).Encode(reportFiguresBody{Unit: rep.Unit, Year: rep.Year, Version: rep.Status.Version,
			Published: dateOf(rep.PublishedAt), Figures: figs})
	}
	var buf bytes.Buffer
	buf.WriteString("\uFEFF")
	cw := csv.NewWriter(&buf)
	cw.Write([]string{"单位", "年度", "部分", "指标编号", "指标名称", "数值", "文中写法", "手工修改", "原句"})
	for _, f := range figs {
		hand := "否"
		if f.Hand {
			hand = "是"
		}
		cw.Write([]string{rep.Unit, strconv.Itoa(rep.Year), f.Section, f.Indicator, f.Name,
			strconv.FormatFloat(f.Value, 'f', -1, 64), f.Text, hand, csvSafe(f.Sentence)})
	}
	cw.Flush()
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	_, err := w.Write(buf.Bytes())
	return err
}
