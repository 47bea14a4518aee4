package store

import (
	"context"
	"strings"

	"fazhi/internal/audit"
	"fazhi/internal/ledger"
)

// History returns a record's timeline from its audit entries: creation,
// edits, transitions, attachments and clock adjustments, oldest first,
// each with a Chinese summary. Diffs hold no personal plaintext.
func (db *DB) History(ctx context.Context, a Actor, recordID int64) (_ []HistoryEntry, err error) {
	defer wrap(&err, "store.History(%d)", recordID)
	l, err := db.loadRecord(ctx, a, recordID)
	if err != nil {
		return nil, err
	}
	k := db.kind(l.rec.Kind)
	rows, err := db.query(ctx, "SELECT "+auditCols+" FROM audit WHERE object = ? ORDER BY seq", object("record", recordID))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []HistoryEntry
	for rows.Next() {
		e, err := scanAudit(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, HistoryEntry{At: e.At, Actor: e.Actor, Action: e.Action, Summary: summary(k, &e), Diff: e.Diff})
	}
	return out, rows.Err()
}

// summary is the Chinese line of a timeline entry.
func summary(k *ledger.Kind, e *audit.Entry) string {
	before, after, _ := audit.ParseDiff(e.Diff)
	switch e.Action {
	case "create":
		return "创建" + k.Label
	case "update":
		return "修改：" + fieldLabels(k, before, after)
	case "transition":
		label := after[diffEvent]
		if t := k.Transition(after[diffEvent]); t != nil {
			label = t.Label
		}
		if after[diffState] == "" {
			// A step that stays in its state (e.g. 无需专家论证 while the
			// other procedure is pending): the diff holds no state change.
			return label
		}
		return label + "：" + stateLabel(k, before[diffState]) + " → " + stateLabel(k, after[diffState])
	case "attach":
		return "上传附件"
	case "clock":
		return "调整期限"
	case "correct", "correct_request":
		what := "更正"
		if e.Action == "correct_request" {
			what = "申请更正"
		}
		if t := k.Transition(after[diffEvent]); t != nil {
			what += "「" + t.Label + "」"
		}
		delete(after, diffEvent)
		reason := after[diffReason]
		delete(after, diffReason)
		line := what + "：" + fieldLabels(k, before, after) + "（理由：" + reason + "）"
		switch {
		case e.Action == "correct_request":
			line += "，待" + k.CorrectionApprover.Label() + "批准"
		case after[diffRequest] != "":
			line += "，批准更正申请（编号 " + after[diffRequest] + "）"
		}
		return line
	case "correct_reject":
		return "驳回更正申请"
	}
	return e.Action
}

func stateLabel(k *ledger.Kind, name string) string {
	if s := k.State(name); s != nil {
		return s.Label
	}
	return name
}

// fieldLabels names the fields changed; a table says which rows and cells.
func fieldLabels(k *ledger.Kind, before, changed map[string]string) string {
	var labels []string
	for i := range k.Fields {
		f := &k.Fields[i]
		if _, ok := changed[f.Name]; ok {
			label := f.Label
			if f.Type == ledger.TypeTable {
				if c := f.RowChanges(before[f.Name], changed[f.Name]); c != "" {
					label += "（" + c + "）"
				}
			}
			labels = append(labels, label)
		}
	}
	return strings.Join(labels, "、")
}
