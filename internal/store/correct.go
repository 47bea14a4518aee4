package store

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// diffReason holds a correction's reason in its audit diff.
const (
	diffReason  = "@reason"
	diffRequest = "@request" // the correction request an approval applied
)

// CorrectRecord applies correction c (更正) to a record at version: the
// corrected values replace the recorded ones, clocks are recomputed, and
// the audit entry keeps old and new values with the reason. The state does
// not change. Where the kind declares a CorrectionApprover and the actor is
// not one, the checked correction is stored as a request instead (see
// DecideCorrection) and a *PendingError is returned.
func (db *DB) CorrectRecord(ctx context.Context, a Actor, kind *ledger.Kind, id int64, version int, c ledger.Correction) (_ *ledger.Record, err error) {
	defer wrap(&err, "store.CorrectRecord(%s %d %s)", kind.Name, id, c.Event)
	l, err := db.loadForChange(ctx, a, kind, id, version)
	if err != nil {
		return nil, err
	}
	roles := db.rolesIn(a, l.rec.UnitID, l.path)
	if a.System {
		roles = access.AllRoles
	}
	out, err := db.checkCorrection(ctx, a, kind, l, roles, c)
	if err != nil {
		return nil, err
	}
	if ap := kind.CorrectionApprover; ap != "" && !slices.Contains(roles, ap) {
		return nil, db.requestCorrection(ctx, a, kind, l, out, c)
	}
	return db.applyCorrection(ctx, a, kind, l, out, c, nil)
}

// checkCorrection runs the engine's checks of c on the loaded record.
func (db *DB) checkCorrection(ctx context.Context, a Actor, kind *ledger.Kind, l *loaded, roles []access.Role, c ledger.Correction) (*ledger.Outcome, error) {
	set, err := db.settingsFor(ctx, kind, l.path)
	if err != nil {
		return nil, err
	}
	place, err := db.placeOf(ctx, a, l.path)
	if err != nil {
		return nil, err
	}
	g := &ledger.GuardContext{Ctx: ctx, Kind: kind, Record: l.rec, Event: c.Event, Today: db.today(),
		Calendar: db.cfg.Calendar, Links: linkedReader{db, a}, Find: linkedReader{db, a}, Clocks: l.clocks, Settings: set, Actor: place}
	out, err := kind.Correct(g, roles, c)
	if errors.Is(err, ledger.ErrRole) {
		return nil, fmt.Errorf("%w: %w", ErrForbidden, err)
	}
	return out, err
}

// applyCorrection writes a checked correction; then, if set, runs in the
// same transaction (an approved request marked so).
func (db *DB) applyCorrection(ctx context.Context, a Actor, kind *ledger.Kind, l *loaded, out *ledger.Outcome, c ledger.Correction,
	then func(t *wtx, after ledger.Values) error) (*ledger.Record, error) {
	old, id := l.rec, l.rec.ID
	r := *old
	r.Data, r.Title, r.Year = out.Data, kind.TitleOf(out.Data), kind.YearOf(out.Data)
	r.Version, r.UpdatedBy, r.UpdatedAt = old.Version+1, a.UserID, db.now()
	err := db.write(ctx, func(t *wtx) error {
		if err := t.recheckUnit(l); err != nil { // a closed unit's records are read-only
			return err
		}
		if err := t.saveRecord(kind, &r, old.Version, l.path); err != nil {
			return err
		}
		if !slices.EqualFunc(out.Clocks, l.clocks, clockEqual) {
			if err := t.writeClocks(id, l.path, out.Clocks, false); err != nil {
				return err
			}
		}
		if r.Year != old.Year {
			if err := t.bumpCount(r.Kind, r.UnitID, l.path, r.State, old.Year, -1); err != nil {
				return err
			}
			if err := t.bumpCount(r.Kind, r.UnitID, l.path, r.State, r.Year, 1); err != nil {
				return err
			}
		}
		before, after := maps.Clone(old.Data), maps.Clone(out.Data)
		after[diffReason] = strings.TrimSpace(c.Reason)
		if c.Event != "" {
			after[diffEvent] = c.Event
		}
		if then != nil {
			if err := then(t, after); err != nil {
				return err
			}
		}
		_, err := t.audit(a, "correct", object("record", id), auditDiff(kind, before, after))
		return err
	})
	db.counts.bump(kind.Name)
	if err != nil {
		return nil, err
	}
	return db.present(kind, &r, a), nil
}
