package web

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// SettingsPage is the administrator's page of local settings for one unit
// of their subtree, and the working-day calendar's years with the upload of
// a new year's holiday notice.
type SettingsPage struct {
	Base
	Units    []Option
	UnitID   int64
	UnitName string
	Settings []SettingRow
	Years    []int  // years the calendar knows
	Missing  string // reminder: next year's calendar is not loaded
	Message  string
	Error    string // about the holiday upload
}

// SettingRow is one setting with its effective value and the form to change
// it; Value and Error hold what was typed when it was refused.
type SettingRow struct {
	Name, Label, Type, Default, Basis, Help string
	Effective, Source, Value, Error         string
	Own                                     bool
}

// adminSettings shows the settings of ?unit= (default: the admin's unit).
func (s *Server) adminSettings(w http.ResponseWriter, r *http.Request) error {
	p, l, err := s.adminScope(r)
	if err != nil {
		return err
	}
	unit, _ := strconv.ParseInt(r.URL.Query().Get("unit"), 10, 64)
	return s.renderSettings(w, r, p, l, unit, http.StatusOK, settingsInput{msg: settingsNotices[r.URL.Query().Get("done")]})
}

// settingsNotices are the notices a redirect may name (?done=): fixed
// texts, never text from the URL.
var settingsNotices = map[string]string{
	"saved":    "已保存设置",
	"reset":    "已恢复为上级设置或默认值",
	"holidays": "已载入节假日安排，相关期限已重新计算",
}

// settingsInput is what a refused submission brings back to the page.
type settingsInput struct {
	name, value, err string // a setting's typed value and its message
	holidayErr       string
	msg              string
}

func (s *Server) renderSettings(w http.ResponseWriter, r *http.Request, p *Principal, l *lookup, unit int64, status int, in settingsInput) error {
	home := l.unitPath(p.User.UnitID)
	if unit == 0 || !strings.HasPrefix(l.unitPath(unit), home) || l.unitPath(unit) == "" {
		unit = p.User.UnitID
	}
	page := &SettingsPage{Base: s.base(r, "本地设置"), UnitID: unit, UnitName: l.unitName(unit),
		Message: in.msg, Error: in.holidayErr, Missing: s.calendarMissing(p)}
	var sub []access.Unit
	for _, u := range l.order {
		if strings.HasPrefix(u.Path, home) {
			sub = append(sub, u)
		}
	}
	page.Units = unitOptions(sub, strconv.FormatInt(unit, 10), "")
	ss, err := s.store.Settings(r.Context(), p.Actor, unit)
	if err != nil {
		return fmt.Errorf("web.renderSettings: %w", err)
	}
	for _, e := range ss {
		row := SettingRow{Name: e.Setting.Name, Label: e.Setting.Label, Type: string(e.Setting.Type), Default: e.Setting.Default,
			Basis: e.Setting.Basis, Help: e.Setting.Help, Effective: e.Value, Source: e.Source(), Own: e.Own}
		if e.Own {
			row.Value = e.Value
		}
		if in.name == e.Setting.Name {
			row.Value, row.Error = in.value, in.err
		}
		page.Settings = append(page.Settings, row)
	}
	if s.cal != nil {
		page.Years = s.cal.Years()
	}
	s.render(w, r, status, "settings.html", page)
	return nil
}

// adminSettingSave overrides one setting for a unit of the admin's subtree,
// or removes the unit's override (clear=1). A refused value is shown again
// as typed, with the message.
func (s *Server) adminSettingSave(w http.ResponseWriter, r *http.Request) error {
	p, l, err := s.adminScope(r)
	if err != nil {
		return err
	}
	unit, perr := strconv.ParseInt(r.PostFormValue("unit_id"), 10, 64)
	if perr != nil || !strings.HasPrefix(l.unitPath(unit), l.unitPath(p.User.UnitID)) || l.unitPath(unit) == "" {
		return s.renderSettings(w, r, p, l, 0, http.StatusUnprocessableEntity, settingsInput{holidayErr: "请选择您管辖范围内的单位"})
	}
	name, value := r.PostFormValue("name"), r.PostFormValue("value")
	in := settingsInput{name: name, value: value}
	if r.PostFormValue("clear") == "1" {
		value = ""
	} else if strings.TrimSpace(value) == "" {
		in.err = "请填写新的值；要改回上级或默认值，请点“恢复上级设置”"
		return s.renderSettings(w, r, p, l, unit, http.StatusUnprocessableEntity, in)
	}
	err = s.store.SetSetting(r.Context(), p.Actor, unit, name, value)
	var fe ledger.FieldErrors
	switch {
	case errors.As(err, &fe):
		in.err = fe[name]
		return s.renderSettings(w, r, p, l, unit, http.StatusUnprocessableEntity, in)
	case errors.Is(err, store.ErrNotFound):
		in.err = "没有这项设置，请刷新页面后重试"
		return s.renderSettings(w, r, p, l, unit, http.StatusUnprocessableEntity, in)
	case err != nil:
		return err
	}
	done := "saved"
	if value == "" {
		done = "reset"
	}
	http.Redirect(w, r, "/admin/settings?unit="+strconv.FormatInt(unit, 10)+"&done="+done, http.StatusSeeOther)
	return nil
}

// adminHolidayUpload takes a State Council holiday notice file (the
// FAZHI_HOLIDAYS format) and loads its years for every process.
func (s *Server) adminHolidayUpload(w http.ResponseWriter, r *http.Request) error {
	p, l, err := s.adminScope(r)
	if err != nil {
		return err
	}
	refuse := func(msg string) error {
		return s.renderSettings(w, r, p, l, 0, http.StatusUnprocessableEntity, settingsInput{holidayErr: msg})
	}
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		return refuse("没有收到文件：请选择节假日安排文件（文本文件）后再上传")
	}
	defer r.MultipartForm.RemoveAll()
	file, _, err := r.FormFile("file")
	if err != nil {
		return refuse("没有收到文件：请选择节假日安排文件（文本文件）后再上传")
	}
	defer file.Close()
	content, err := io.ReadAll(io.LimitReader(file, store.MaxHolidayFile+1))
	if err != nil {
		return refuse("读取上传的文件失败，请重新上传")
	}
	years, err := s.store.UploadHolidays(r.Context(), p.Actor, content)
	var he *store.HolidayFileError
	if errors.As(err, &he) {
		return refuse(he.Message)
	}
	if err != nil {
		return err
	}
	_ = years // listed on the page with the other loaded years
	http.Redirect(w, r, "/admin/settings?done=holidays", http.StatusSeeOther)
	return nil
}

// calendarMissing is the reminder an administrator sees from 1 December
// while next year's holiday arrangements are not loaded; "" otherwise.
func (s *Server) calendarMissing(p *Principal) string {
	if p == nil || p.User == nil || !p.User.Has(access.RoleAdmin) || s.cal == nil {
		return ""
	}
	today := s.today()
	next := today.Year + 1
	if today.Month != 12 || slices.Contains(s.cal.Years(), next) {
		return ""
	}
	return fmt.Sprintf("%d年节假日安排尚未载入：国务院办公厅发布通知后，请在「本地设置」页上传节假日文件；在此之前，截止日落在%d年的期限显示为“待定”。", next, next)
}
