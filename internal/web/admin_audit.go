package web

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"fazhi/internal/access"
	"fazhi/internal/audit"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/store"
)

// adminAudit shows the audit log within the caller's scope (by the unit
// each entry is about), newest first, filtered by unit, user, ledger,
// record, action and date range, each entry with the values it changed.
func (s *Server) adminAudit(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	if !p.User.Has(access.RoleAdmin) && !p.User.Has(access.RoleInspector) {
		return errForbidden
	}
	l, err := s.lookup(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	q, params, msg := s.auditQuery(l, r.URL.Query())
	q.Before, _ = strconv.ParseInt(r.URL.Query().Get("before"), 10, 64)
	const limit = 100
	q.Limit = limit
	rows, err := s.store.SearchAudit(r.Context(), p.Actor, q)
	if err != nil {
		return fmt.Errorf("web.adminAudit: %w", err)
	}
	page := &AuditPage{Base: s.base(r, "审计日志"), Q: params, Error: msg}
	for _, e := range rows {
		page.Entries = append(page.Entries, s.auditView(l, e))
	}
	filters := auditFilterValues(params)
	if len(rows) == limit {
		v := filters
		v.Set("before", strconv.FormatInt(rows[len(rows)-1].Seq, 10))
		page.NextURL = "/admin/audit?" + v.Encode()
	}
	page.ExportURL = "/admin/audit/export.xlsx"
	if enc := auditFilterValues(params).Encode(); enc != "" {
		page.ExportURL += "?" + enc
	}
	page.Units = unitOptions(l.readableUnits(), params.Unit, "全部单位")
	page.Users = []Option{{Value: "", Label: "全部人员", Selected: params.User == ""}}
	if us, err := s.store.Users(r.Context(), l.unitPath(p.User.UnitID)); err == nil {
		for _, u := range us {
			v := strconv.FormatInt(u.ID, 10)
			page.Users = append(page.Users, Option{Value: v, Label: cmpOr(u.Name, u.Username) + "（" + l.unitName(u.UnitID) + "）", Selected: v == params.User})
		}
	}
	page.Ledgers = []Option{{Value: "", Label: "全部台账", Selected: params.Kind == ""}}
	for _, k := range s.kinds.Kinds() {
		page.Ledgers = append(page.Ledgers, Option{Value: k.Name, Label: k.Label, Selected: k.Name == params.Kind})
	}
	page.Actions = []Option{{Value: "", Label: "全部操作", Selected: params.Action == ""}}
	for _, a := range auditActions {
		page.Actions = append(page.Actions, Option{Value: a, Label: actionLabel(a), Selected: a == params.Action})
	}
	s.render(w, r, http.StatusOK, "audit.html", page)
	return nil
}

// adminAuditExport writes the filtered audit log as an .xlsx workbook, newest
// first, up to 10,000 entries.
func (s *Server) adminAuditExport(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	if !p.User.Has(access.RoleAdmin) && !p.User.Has(access.RoleInspector) {
		return errForbidden
	}
	l, err := s.lookup(r.Context(), p.Actor)
	if err != nil {
		return err
	}
	q, _, _ := s.auditQuery(l, r.URL.Query())
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "审计日志"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	_ = sw.SetColWidth(1, 7, 18)
	if err := sw.SetRow("A1", []any{"序号", "时间（北京时间）", "操作人", "地址", "操作", "对象", "变更（原值 → 新值）"}); err != nil {
		return err
	}
	row, total := 2, 0
	for total < 10000 {
		q.Limit = 1000
		rows, err := s.store.SearchAudit(r.Context(), p.Actor, q)
		if err != nil {
			return fmt.Errorf("web.adminAuditExport: %w", err)
		}
		for _, e := range rows {
			v := s.auditView(l, e)
			var ch []string
			for _, c := range v.Changes {
				ch = append(ch, c.Label+"："+cmpOr(c.Old, "（空）")+" → "+cmpOr(c.New, "（空）"))
			}
			cell, _ := excelize.CoordinatesToCellName(1, row)
			if err := sw.SetRow(cell, []any{v.Seq, v.At.In(calendar.China).Format("2006-01-02 15:04:05"), v.Actor, v.Addr, v.Action, v.Object, strings.Join(ch, "\n")}); err != nil {
				return err
			}
			row++
		}
		total += len(rows)
		if len(rows) < 1000 {
			break
		}
		q.Before = rows[len(rows)-1].Seq
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", contentDisposition("audit.xlsx", "审计日志.xlsx"))
	w.Header().Set("Cache-Control", "no-store")
	return f.Write(w)
}

// auditQuery reads the filters; a value that cannot be read is ignored and
// named in msg. A unit outside the caller's scope is not offered and reads
// as no unit (the store keeps the scope in any case).
func (s *Server) auditQuery(l *lookup, v url.Values) (q store.AuditQuery, p AuditParams, msg string) {
	p = AuditParams{Unit: v.Get("unit"), User: v.Get("user"), Kind: v.Get("kind"), Record: strings.TrimSpace(v.Get("record")),
		Action: v.Get("action"), From: v.Get("from"), To: v.Get("to")}
	var bad []string
	if id, err := strconv.ParseInt(p.Unit, 10, 64); err == nil && l.unitPath(id) != "" {
		q.UnitPath = l.unitPath(id)
	} else {
		p.Unit = ""
	}
	if id, err := strconv.ParseInt(p.User, 10, 64); err == nil && id > 0 {
		q.ActorID = id
	} else {
		p.User = ""
	}
	if s.kinds.Kind(p.Kind) != nil {
		q.Kind = p.Kind
	} else {
		p.Kind = ""
	}
	if p.Record != "" {
		if id, err := strconv.ParseInt(strings.TrimPrefix(p.Record, "#"), 10, 64); err == nil && id > 0 {
			q.RecordID = id
		} else {
			bad, p.Record = append(bad, "记录编号须为数字"), ""
		}
	}
	if slices.Contains(auditActions, p.Action) {
		q.Action = p.Action
	} else {
		p.Action = ""
	}
	day := func(s string) (time.Time, bool) {
		t, err := time.ParseInLocation("2006-01-02", s, calendar.China)
		return t, err == nil
	}
	if p.From != "" {
		if t, ok := day(p.From); ok {
			q.From = t
		} else {
			bad, p.From = append(bad, "起始日期须为 年-月-日"), ""
		}
	}
	if p.To != "" {
		if t, ok := day(p.To); ok {
			q.To = t.AddDate(0, 0, 1) // the whole last day
		} else {
			bad, p.To = append(bad, "截止日期须为 年-月-日"), ""
		}
	}
	if len(bad) > 0 {
		msg = strings.Join(bad, "；") + "，该条件未生效。"
	}
	return q, p, msg
}

func auditFilterValues(p AuditParams) url.Values {
	v := url.Values{}
	for k, x := range map[string]string{"unit": p.Unit, "user": p.User, "kind": p.Kind, "record": p.Record, "action": p.Action, "from": p.From, "to": p.To} {
		if x != "" {
			v.Set(k, x)
		}
	}
	return v
}

// auditActions are the actions the filter offers, in this order.
var auditActions = []string{"create", "update", "transition", "correct", "attach", "clock",
	"login", "login_failed", "logout", "user.create", "user.update", "user.password", "user.lock", "user.unlock",
	"grant.add", "grant.remove", "token.create", "token.revoke",
	"unit.create", "unit.rename", "unit.move", "unit.close", "unit.import", "setting", "holidays", "keys.rotate"}

// auditView names an entry's object and its changes in Chinese: a record's
// fields by their labels, states and steps by theirs; keys with no label
// are left out rather than shown as identifiers.
func (s *Server) auditView(l *lookup, e store.AuditRow) AuditView {
	v := AuditView{Seq: e.Seq, At: e.At, Actor: e.Actor, Addr: e.Addr, Action: actionLabel(e.Action)}
	if e.ActorID == 0 {
		v.Actor = "系统" // the server itself, the demo loader or a command
	}
	kind, id, _ := strings.Cut(e.Object, ":")
	n, _ := strconv.ParseInt(id, 10, 64)
	k := s.kinds.Kind(e.Kind)
	switch kind {
	case "record":
		v.Object = "记录"
		if k != nil {
			v.Object = k.Label
			v.ObjectURL = recordURL(k.Name, n)
		}
		if t := l.recordTitle(n); t != "" {
			v.Object += "：" + t
		}
	case "user":
		v.Object = "用户：" + cmpOr(l.userName(n), "（已不在范围内）")
	case "unit":
		v.Object = "单位：" + cmpOr(l.unitName(n), "（已不在范围内）")
	case "report":
		v.Object = fmt.Sprintf("年度报告（编号 %d）", n)
	case "token":
		v.Object = "API 令牌"
	case "calendar":
		v.Object = "节假日安排"
	case "keys":
		v.Object = "个人信息密钥"
	}
	var d struct {
		Before map[string]any `json:"before"`
		After  map[string]any `json:"after"`
	}
	if json.Unmarshal([]byte(e.Diff), &d) != nil {
		return v
	}
	keys := map[string]bool{}
	for key := range d.Before {
		keys[key] = true
	}
	for key := range d.After {
		keys[key] = true
	}
	var order []string
	if k != nil {
		order = append(order, "@event", "@state")
		for _, f := range k.Fields {
			order = append(order, f.Name)
		}
		order = append(order, "@reason")
	} else {
		order = slices.Sorted(func(yield func(string) bool) {
			for key := range keys {
				if !yield(key) {
					return
				}
			}
		})
	}
	for _, key := range order {
		if !keys[key] {
			continue
		}
		label, show := s.auditKey(l, k, key)
		if label == "" {
			continue
		}
		v.Changes = append(v.Changes, AuditChange{Label: label, Old: show(d.Before[key]), New: show(d.After[key])})
	}
	return v
}

// auditKey is the label of a diff key and how its values are shown; ""
// for a key the page does not show.
func (s *Server) auditKey(l *lookup, k *ledger.Kind, key string) (string, func(any) string) {
	text := func(x any) string { return auditValue(x) }
	if k != nil {
		switch key {
		case "@state":
			return "状态", func(x any) string { return stateLabel(k, auditValue(x)) }
		case "@event":
			return "办理事项", func(x any) string {
				if t := k.Transition(auditValue(x)); t != nil {
					return t.Label
				}
				return ""
			}
		case "@reason":
			return "理由", text
		}
		if f := k.Field(key); f != nil {
			switch f.Type {
			case ledger.TypeTable:
				return f.Label, func(x any) string {
					if auditValue(x) == "" {
						return ""
					}
					return "（表格内容，见记录）"
				}
			case ledger.TypeFile:
				return f.Label, func(x any) string {
					if auditValue(x) == "" {
						return ""
					}
					return "（附件）"
				}
			}
			return f.Label, text
		}
		if key == "name" { // an attachment's file name
			return "文件名", text
		}
		return "", nil
	}
	switch key {
	case "name":
		return "名称", text
	case "username":
		return "用户名", text
	case "unit_id", "parent_id":
		label := "单位"
		if key == "parent_id" {
			label = "上级单位"
		}
		return label, func(x any) string {
			n, _ := strconv.ParseInt(auditValue(x), 10, 64)
			return l.unitName(n)
		}
	case "roles":
		return "角色", func(x any) string {
			var out []string
			if xs, ok := x.([]any); ok {
				for _, r := range xs {
					out = append(out, access.Role(auditValue(r)).Label())
				}
			}
			return strings.Join(out, "、")
		}
	case "locked":
		return "锁定", func(x any) string {
			switch x {
			case true:
				return "是"
			case false:
				return "否"
			}
			return ""
		}
	case "label":
		return "设置项", text
	case "value":
		return "设置值", text
	case "years":
		return "年度", text
	case "units":
		return "单位数", text
	case "summary":
		return "说明", text
	}
	return "", nil
}

// auditValue is a diff value as text: personal data masked, long text cut.
func auditValue(x any) string {
	var s string
	switch v := x.(type) {
	case nil:
		return ""
	case string:
		s = v
	case float64:
		s = strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		if v {
			return "是"
		}
		return "否"
	case []any:
		var parts []string
		for _, e := range v {
			parts = append(parts, auditValue(e))
		}
		s = strings.Join(parts, "、")
	default:
		return ""
	}
	if s == audit.Encrypted {
		return "（个人信息，不显示）"
	}
	if utf8.RuneCountInString(s) > 80 {
		s = string([]rune(s)[:80]) + "……"
	}
	return s
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
