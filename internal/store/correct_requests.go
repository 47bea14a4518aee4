package store

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// PendingError says a correction was stored as a request for the kind's
// approver (ID is the request).
type PendingError struct {
	ID       int64
	Approver access.Role
}

func (e *PendingError) Error() string {
	return fmt.Sprintf("更正申请（编号 %d）已提交，待%s批准后生效", e.ID, e.Approver.Label())
}

// CorrectionRequest is a correction waiting for (or decided by) the kind's
// approver. Input holds the corrected values as the reader may see them.
type CorrectionRequest struct {
	ID          int64
	RecordID    int64
	Event       string
	Input       ledger.Values
	Reason      string
	RequestedBy string
	RequestedAt time.Time
	Status      string // pending, approved, rejected
}

// requestCorrection stores a checked correction for approval, audited; the
// record does not change.
func (db *DB) requestCorrection(ctx context.Context, a Actor, kind *ledger.Kind, l *loaded, out *ledger.Outcome, c ledger.Correction) error {
	in := ledger.Values{}
	for n := range c.Input {
		in[n] = out.Data[n] // canonical, as checked
	}
	sealed, err := db.sealData(kind, l.rec.ID, in)
	if err != nil {
		return err
	}
	js, err := json.Marshal(sealed)
	if err != nil {
		return err
	}
	var reqID int64
	err = db.write(ctx, func(t *wtx) error {
		reqID, err = t.insertID(`INSERT INTO correction_requests (record_id, event, data, reason, requested_by, requested_at)
			VALUES (?, ?, ?, ?, ?, ?)`, l.rec.ID, c.Event, string(js), strings.TrimSpace(c.Reason), a.UserID, micros(db.now()))
		if err != nil {
			return err
		}
		before, after := maps.Clone(l.rec.Data), maps.Clone(out.Data)
		after[diffReason] = strings.TrimSpace(c.Reason)
		if c.Event != "" {
			after[diffEvent] = c.Event
		}
		_, err = t.audit(a, "correct_request", object("record", l.rec.ID), auditDiff(kind, before, after))
		return err
	})
	if err != nil {
		return err
	}
	return &PendingError{ID: reqID, Approver: kind.CorrectionApprover}
}

// CorrectionRequests lists a record's correction requests, pending first.
func (db *DB) CorrectionRequests(ctx context.Context, a Actor, recordID int64) (_ []CorrectionRequest, err error) {
	defer wrap(&err, "store.CorrectionRequests(%d)", recordID)
	l, err := db.loadRecord(ctx, a, recordID)
	if err != nil {
		return nil, err
	}
	k := db.kind(l.rec.Kind)
	rows, err := db.query(ctx, `SELECT c.id, c.event, c.data, c.reason, COALESCE(u.name, ''), c.requested_at, c.status
		FROM correction_requests c LEFT JOIN users u ON u.id = c.requested_by WHERE c.record_id = ?
		ORDER BY CASE c.status WHEN 'pending' THEN 0 ELSE 1 END, c.id DESC`, recordID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CorrectionRequest
	for rows.Next() {
		var r CorrectionRequest
		var data string
		var at int64
		if err := rows.Scan(&r.ID, &r.Event, &data, &r.Reason, &r.RequestedBy, &at, &r.Status); err != nil {
			return nil, err
		}
		r.RecordID, r.RequestedAt = recordID, fromMicros(at)
		if err := json.Unmarshal([]byte(data), &r.Input); err != nil {
			return nil, fmt.Errorf("request %d: %w", r.ID, err)
		}
		if err := db.openData(k, recordID, r.Input, a.SeePersonal); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

// DecideCorrection approves or rejects pending request reqID of a record:
// only the kind's approver in the record's unit decides; an approved
// correction is checked again against the record as it now is and applied
// (audited as the approver's, naming the request); a rejected one is
// marked with the note, audited.
func (db *DB) DecideCorrection(ctx context.Context, a Actor, recordID, reqID int64, approve bool, note string) (_ *ledger.Record, err error) {
	defer wrap(&err, "store.DecideCorrection(%d %d)", recordID, reqID)
	l, err := db.loadRecord(ctx, a, recordID)
	if err != nil {
		return nil, err
	}
	kind := db.kind(l.rec.Kind)
	roles := db.rolesIn(a, l.rec.UnitID, l.path)
	if kind.CorrectionApprover == "" || (!a.System && !slices.Contains(roles, kind.CorrectionApprover)) {
		return nil, ErrForbidden
	}
	var event, data, reason, status string
	if err := db.queryRow(ctx, "SELECT event, data, reason, status FROM correction_requests WHERE id = ? AND record_id = ?",
		reqID, recordID).Scan(&event, &data, &reason, &status); err != nil {
		return nil, db.translate(err)
	}
	if status != "pending" {
		return nil, &ledger.RuleError{Reason: "该更正申请已处理，不能再次批准或驳回"}
	}
	mark := func(t *wtx, to string) error {
		res, err := t.exec("UPDATE correction_requests SET status = ?, decided_by = ?, decided_at = ?, note = ? WHERE id = ? AND status = 'pending'",
			to, a.UserID, micros(db.now()), strings.TrimSpace(note), reqID)
		if err := t.mustAffect(res, err); err != nil {
			if errors.Is(err, ErrNotFound) {
				return ErrConflict // decided meanwhile
			}
			return err
		}
		return nil
	}
	if !approve {
		err = db.write(ctx, func(t *wtx) error {
			if err := mark(t, "rejected"); err != nil {
				return err
			}
			_, err := t.audit(a, "correct_reject", object("record", recordID), change{After: map[string]any{
				"request": reqID, "note": strings.TrimSpace(note)}})
			return err
		})
		if err != nil {
			return nil, err
		}
		return db.present(kind, l.rec, a), nil
	}
	in := ledger.Values{}
	if err := json.Unmarshal([]byte(data), &in); err != nil {
		return nil, err
	}
	if err := db.openData(kind, recordID, in, true); err != nil {
		return nil, err
	}
	if l.clocks, err = db.clocksOf(ctx, recordID); err != nil {
		return nil, err
	}
	c := ledger.Correction{Event: event, Input: in, Reason: reason}
	out, err := db.checkCorrection(ctx, a, kind, l, append(roles, kind.CorrectRoles()...), c)
	if err != nil {
		return nil, err
	}
	return db.applyCorrection(ctx, a, kind, l, out, c, func(t *wtx, after ledger.Values) error {
		after[diffRequest] = strconv.FormatInt(reqID, 10)
		return mark(t, "approved")
	})
}
