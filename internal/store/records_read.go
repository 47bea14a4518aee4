package store

import (
	"context"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
)

const recordCols = "r.id, r.kind, r.unit_id, r.state, r.title, r.year, r.data, r.version, r.created_by, r.updated_by, r.created_at, r.updated_at"

// scanRecord scans recordCols (and extra destinations) into a record with
// its stored (sealed) data.
func (db *DB) scanRecord(row interface{ Scan(...any) error }, extra ...any) (*ledger.Record, error) {
	var r ledger.Record
	var data string
	var created, updated int64
	dest := append([]any{&r.ID, &r.Kind, &r.UnitID, &r.State, &r.Title, &r.Year, &data, &r.Version, &r.CreatedBy, &r.UpdatedBy, &created, &updated}, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	r.CreatedAt, r.UpdatedAt = fromMicros(created), fromMicros(updated)
	// A record's data is an object of strings: read without reflection
	// (a fifth of a list page's CPU), encoding/json for anything else.
	if v, ok := ledger.PickFields(data, nil); ok {
		r.Data = v
	} else if err := json.Unmarshal([]byte(data), &r.Data); err != nil {
		return nil, fmt.Errorf("record %d: data: %w", r.ID, err)
	}
	if r.Data == nil {
		r.Data = ledger.Values{}
	}
	return &r, nil
}

// Record returns a record in a's scope; personal values are masked unless
// a.SeePersonal.
func (db *DB) Record(ctx context.Context, a Actor, id int64) (_ *ledger.Record, err error) {
	defer wrap(&err, "store.Record(%d)", id)
	l, err := db.loadRecord(ctx, a, id)
	if err != nil {
		return nil, err
	}
	return db.present(db.kind(l.rec.Kind), l.rec, a), nil
}

// scopeWhere is the scope condition on r.unit_path for actor a.
func scopeWhere(a Actor) (string, []any) { return scopeWhereOn(a, "r.unit_path") }

// scopeWhereOn is scopeWhere on another copy of the records' unit path
// (clocks.unit_path, kept with the record's).
func scopeWhereOn(a Actor, col string) (string, []any) {
	if a.System {
		return "1 = 1", nil
	}
	return scopeSQL(col, a.Scope.ReadPaths)
}

// ListRecords filters, sorts and pages the records a may read. Totals are
// exact: from record_counts when only kind, unit, state and year filter,
// from an index-backed COUNT otherwise.
func (db *DB) ListRecords(ctx context.Context, a Actor, q ListQuery) (_ []ledger.Record, total int, err error) {
	defer wrap(&err, "store.ListRecords(%s)", q.Kind)
	k := db.kind(q.Kind)
	if q.Kind != "" && k == nil {
		return nil, 0, ErrNotFound
	}
	scope, args := scopeWhere(a)
	where := []string{scope}
	countWhere := []string{strings.ReplaceAll(scope, "r.unit_path", "c.unit_path")}
	countArgs := append([]any(nil), args...)
	simple := true
	add := func(cond string, simpleCond string, v ...any) {
		where = append(where, cond)
		args = append(args, v...)
		if simpleCond != "" {
			countWhere = append(countWhere, simpleCond)
			countArgs = append(countArgs, v...)
		} else {
			simple = false
		}
	}
	if q.Kind != "" {
		add("r.kind = ?", "c.kind = ?", q.Kind)
	}
	if q.UnitID != 0 {
		p := db.unitPath(q.UnitID)
		if p == "" {
			return nil, 0, nil
		}
		lo, hi := pathRange(p)
		add("r.unit_path >= ? AND r.unit_path < ?", "c.unit_path >= ? AND c.unit_path < ?", lo, hi)
	}
	if q.State != "" {
		add("r.state = ?", "c.state = ?", q.State)
	}
	if q.Year != 0 {
		add("r.year = ?", "c.year = ?", q.Year)
	}
	// Filters on fields with a filter slot become conditions on
	// record_filters (filters.go), one covering index range. Other field
	// filters are checked per row through record_values' primary key,
	// while the records index gives the order: a page costs about
	// PerPage/selectivity lookups, and no planner estimate can turn it into
	// a join of two large value lists.
	var slotWhere []string
	var slotArgs []any
	needRecords := q.State != "" || q.Year != 0 // conditions only records can check
	for _, name := range slices.Sorted(maps.Keys(q.Filters)) {
		f := (*ledger.Field)(nil)
		if k != nil {
			f = k.Field(name)
		}
		if f == nil || !indexable(f) {
			return nil, 0, ledger.FieldErrors{name: "不能按「" + name + "」筛选"}
		}
		if s := db.slotOf(k.Name, name); s != 0 {
			slotWhere = append(slotWhere, "f."+slotCol(s)+" = ?")
			slotArgs = append(slotArgs, q.Filters[name])
			simple = false
			continue
		}
		needRecords = true
		if s := db.slots[k.Name][name]; s != 0 {
			// A slotted field with the slots ignored (db.noSlots, tests):
			// its values are in record_filters only, checked per row.
			add("(SELECT f."+slotCol(s)+" FROM record_filters f WHERE f.record_id = r.id) = ?", "", q.Filters[name])
			continue
		}
		if db.dialect == postgres {
			// PostgreSQL plans a semi-join with the value's real
			// frequency; a scalar subquery would be guessed at 0.5%.
			add("EXISTS (SELECT 1 FROM record_values v WHERE v.record_id = r.id AND v.kind = ? AND v.field = ? AND v.value = ?)", "", k.Name, name, q.Filters[name])
		} else {
			add("(SELECT v.value FROM record_values v WHERE v.record_id = r.id AND v.field = ?) = ?", "", name, q.Filters[name])
		}
	}
	if s := strings.TrimSpace(q.Search); s != "" {
		needRecords = true
		if db.dialect == sqlite {
			m := ftsQuery(s)
			if m == "" {
				return nil, 0, nil
			}
			add("r.id IN (SELECT rowid FROM record_fts WHERE record_fts MATCH ?)", "", m)
		} else {
			for _, term := range strings.Fields(s) {
				add(`r.search_text ILIKE ? ESCAPE '\'`, "", likePattern(term))
			}
		}
	}
	if q.Overdue {
		needRecords = true
		add("r.id IN (SELECT record_id FROM clocks WHERE status = 'running' AND type = 'deadline' AND due < ?)", "", db.today().String())
	}
	order, join, jargs, err := db.orderBy(k, q.Sort)
	if err != nil {
		return nil, 0, err
	}
	if q.After != nil {
		cond, err := keysetAfter(q, "r.updated_at", "r.id")
		if err != nil {
			return nil, 0, err
		}
		add(cond, "", micros(q.After.UpdatedAt), micros(q.After.UpdatedAt), q.After.ID)
		q.Page = 1
	}
	per := q.PerPage
	if per <= 0 {
		per = 20
	}
	per = min(per, 200)
	page := min(max(q.Page, 1), MaxPage) // (page-1)*per must not overflow
	cond := strings.Join(where, " AND ")
	if len(slotWhere) > 0 && (q.Sort == "" || strings.TrimPrefix(q.Sort, "-") == "updated_at") {
		return db.listSlotted(ctx, a, q, listPlan{order: order, cond: cond, args: args, needRecords: needRecords,
			slotWhere: slotWhere, slotArgs: slotArgs, per: per, page: page})
	}
	if len(slotWhere) > 0 {
		// Sorted by a field: the slot conditions join in as a filter.
		cond += " AND r.id IN (SELECT f.record_id FROM record_filters f WHERE " + strings.Join(slotWhere, " AND ") + ")"
		args = append(args, slotArgs...)
	}
	from := "records r"
	if db.dialect == sqlite && q.Kind != "" && (q.Sort == "" || strings.TrimPrefix(q.Sort, "-") == "updated_at") {
		from += " INDEXED BY " + db.listIndex(ctx, q, countWhere, countArgs)
	}
	sqlq := "SELECT " + recordCols + " FROM " + from + join + " WHERE " + cond + " ORDER BY " + order + limitSQL(per) + " OFFSET ?"
	recs, err := db.readRecords(ctx, a, sqlq, append(append(jargs, args...), (page-1)*per)...)
	if err != nil {
		return nil, 0, err
	}
	switch {
	case q.After != nil:
		total = -1
	case page == 1 && len(recs) < per:
		total = len(recs)
	case simple:
		err = db.queryRow(ctx, "SELECT COALESCE(SUM(c.n), 0) FROM record_counts c WHERE "+strings.Join(countWhere, " AND "), countArgs...).Scan(&total)
	default:
		total, err = db.counts.do(q.Kind, countKey(q.Kind, cond, args), func() (int, error) {
			var n int
			err := db.queryRow(ctx, "SELECT COUNT(*) FROM records r WHERE "+cond, args...).Scan(&n)
			return n, err
		})
	}
	return recs, total, db.translate(err)
}

// readRecords runs a query selecting recordCols and opens each record's
// data for a.
func (db *DB) readRecords(ctx context.Context, a Actor, query string, args ...any) ([]ledger.Record, error) {
	rows, err := db.query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var recs []ledger.Record
	for rows.Next() {
		r, err := db.scanRecord(rows)
		if err != nil {
			return nil, err
		}
		rk := db.kind(r.Kind)
		if rk == nil {
			return nil, fmt.Errorf("record %d: unknown kind %q", r.ID, r.Kind)
		}
		if err := db.openData(rk, r.ID, r.Data, a.SeePersonal); err != nil {
			return nil, err
		}
		recs = append(recs, *r)
	}
	return recs, rows.Err()
}

// listPlan is a list query with at least one filter on a slot, in
// updated_at order.
type listPlan struct {
	order       string // ORDER BY on r
	cond        string // the conditions on r (scope, kind, unit, …)
	args        []any
	needRecords bool // cond holds conditions record_filters cannot check
	slotWhere   []string
	slotArgs    []any
	per, page   int
}

// listSlotted answers a list whose field filters include slotted ones:
// the page's ids come from one range of a slot's covering index (scope
// and order from record_filters itself), then only those records are read;
// the total is a COUNT over the same range.
func (db *DB) listSlotted(ctx context.Context, a Actor, q ListQuery, p listPlan) (_ []ledger.Record, total int, err error) {
	fscope, args := scopeWhere(a)
	fscope = strings.ReplaceAll(fscope, "r.unit_path", "f.unit_path")
	where := append([]string{fscope, "f.kind = ?"}, p.slotWhere...)
	args = append(append(args, q.Kind), p.slotArgs...)
	if q.UnitID != 0 {
		lo, hi := pathRange(db.unitPath(q.UnitID))
		where = append(where, "f.unit_path >= ? AND f.unit_path < ?")
		args = append(args, lo, hi)
	}
	from := "record_filters f"
	if p.needRecords {
		// State, year, search, overdue or unslotted filters: check them on
		// the record of each match (the slot range still drives).
		if db.dialect == sqlite {
			from += " CROSS JOIN records r"
		} else {
			from += " JOIN records r ON r.id = f.record_id"
		}
		where = append(where, "r.id = f.record_id", p.cond)
		args = append(args, p.args...)
	}
	if q.After != nil {
		kc, err := keysetAfter(q, "f.updated_at", "f.record_id")
		if err != nil {
			return nil, 0, err
		}
		where = append(where, kc)
		args = append(args, micros(q.After.UpdatedAt), micros(q.After.UpdatedAt), q.After.ID)
	}
	cond := strings.Join(where, " AND ")
	dir := " DESC"
	if q.Sort == "updated_at" {
		dir = " ASC"
	}
	ids := "SELECT f.record_id FROM " + from + " WHERE " + cond + " ORDER BY f.updated_at" + dir + ", f.record_id" + dir + limitSQL(p.per) + " OFFSET ?"
	recs, err := db.readRecords(ctx, a, "SELECT "+recordCols+" FROM records r WHERE r.id IN ("+ids+") ORDER BY "+p.order,
		append(append([]any(nil), args...), (p.page-1)*p.per)...)
	if err != nil {
		return nil, 0, err
	}
	if q.After != nil {
		return recs, -1, nil
	}
	if p.page == 1 && len(recs) < p.per {
		return recs, len(recs), nil
	}
	total, err = db.counts.do(q.Kind, countKey(q.Kind, cond, args), func() (int, error) {
		var n int
		err := db.queryRow(ctx, "SELECT COUNT(*) FROM "+from+" WHERE "+cond, args...).Scan(&n)
		return n, err
	})
	return recs, total, db.translate(err)
}

// keysetAfter is the condition of q.After on the given columns (updated
// time, then id, in the list's direction); its arguments are the cursor's
// time twice and its id.
func keysetAfter(q ListQuery, updated, id string) (string, error) {
	switch q.Sort {
	case "", "-updated_at":
		return "(" + updated + " < ? OR (" + updated + " = ? AND " + id + " < ?))", nil
	case "updated_at":
		return "(" + updated + " > ? OR (" + updated + " = ? AND " + id + " > ?))", nil
	}
	return "", fmt.Errorf("keyset paging needs the updated_at order, not %q", q.Sort)
}

// orderBy returns the ORDER BY expression for a sort key, with the join
// it needs.
func (db *DB) orderBy(k *ledger.Kind, sort string) (order, join string, args []any, err error) {
	desc := strings.HasPrefix(sort, "-")
	name := strings.TrimPrefix(sort, "-")
	dir := " ASC"
	if desc {
		dir = " DESC"
	}
	switch name {
	case "", "updated_at":
		if sort == "" {
			dir = " DESC"
		}
		return "r.updated_at" + dir + ", r.id" + dir, "", nil, nil
	case "created_at", "id":
		return "r.id" + dir, "", nil, nil
	case "title", "state", "year":
		return "r." + name + dir + ", r.id" + dir, "", nil, nil
	}
	var f *ledger.Field
	if k != nil {
		f = k.Field(name)
	}
	if f == nil || !indexable(f) {
		return "", "", nil, ledger.FieldErrors{name: "不能按「" + name + "」排序"}
	}
	// A slotted field's values are in record_filters (records_index.go),
	// the others' in record_values.
	col, join, jargs := "sv.value", " LEFT JOIN record_values sv ON sv.record_id = r.id AND sv.field = ?", []any{name}
	if s := db.slots[k.Name][name]; s != 0 {
		col, join, jargs = "sf."+slotCol(s), " LEFT JOIN record_filters sf ON sf.record_id = r.id", nil
	}
	expr := col
	if f.Type == ledger.TypeInteger || f.Type == ledger.TypeDecimal {
		expr = "CAST(" + col + " AS NUMERIC)"
		if db.dialect == sqlite {
			expr = "CAST(" + col + " AS REAL)"
		}
	}
	return "(" + col + " IS NULL), " + expr + dir + ", r.id" + dir, join, jargs, nil
}

// CountByState returns, per kind and state, how many records a may read.
func (db *DB) CountByState(ctx context.Context, a Actor) (_ []StateCount, err error) {
	defer wrap(&err, "store.CountByState")
	scope, args := scopeWhere(a)
	rows, err := db.query(ctx, "SELECT r.kind, r.state, SUM(r.n) FROM record_counts r WHERE "+scope+
		" GROUP BY r.kind, r.state HAVING SUM(r.n) > 0 ORDER BY r.kind, r.state", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []StateCount
	for rows.Next() {
		var c StateCount
		if err := rows.Scan(&c.Kind, &c.State, &c.Count); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

const clockCols = "c.period, c.type, c.counting, c.days, c.start, c.due, c.status, c.paused_on, c.adjustments, c.stopped_on," +
	" c.months, c.until_day, c.setting, c.remind_days, c.remind_months, c.remind_on"

func scanClock(row interface{ Scan(...any) error }, extra ...any) (ledger.Clock, error) {
	var c ledger.Clock
	var typ, counting, start, due, status, paused, adj, stopped, until, remind string
	dest := append([]any{&c.Period, &typ, &counting, &c.Days, &start, &due, &status, &paused, &adj, &stopped,
		&c.Months, &until, &c.Setting, &c.RemindDays, &c.RemindMonths, &remind}, extra...)
	if err := row.Scan(dest...); err != nil {
		return c, err
	}
	c.Type, c.Counting, c.Status = ledger.PeriodType(typ), calendar.Counting(counting), ledger.ClockStatus(status)
	c.Start, c.Due, c.PausedOn, c.StoppedOn = parseDateText(start), parseDateText(due), parseDateText(paused), parseDateText(stopped)
	c.Until, c.RemindOn = parseDateText(until), parseDateText(remind)
	if err := json.Unmarshal([]byte(adj), &c.Adjustments); err != nil {
		return c, err
	}
	if len(c.Adjustments) == 0 {
		c.Adjustments = nil
	}
	return c, nil
}

// clocksOf reads a record's clocks without a scope check.
func (db *DB) clocksOf(ctx context.Context, id int64) ([]ledger.Clock, error) {
	rows, err := db.query(ctx, "SELECT "+clockCols+" FROM clocks c WHERE c.record_id = ? ORDER BY c.period", id)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.Clock
	for rows.Next() {
		c, err := scanClock(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// Clocks returns the clocks of a record a may read.
func (db *DB) Clocks(ctx context.Context, a Actor, recordID int64) (_ []ledger.Clock, err error) {
	defer wrap(&err, "store.Clocks(%d)", recordID)
	if err := db.visible(ctx, a, recordID); err != nil {
		return nil, err
	}
	return db.clocksOf(ctx, recordID)
}

// visible returns ErrNotFound unless record id exists in a's scope.
func (db *DB) visible(ctx context.Context, a Actor, id int64) error {
	scope, args := scopeWhere(a)
	var one int
	err := db.queryRow(ctx, "SELECT 1 FROM records r WHERE r.id = ? AND "+scope, append([]any{id}, args...)...).Scan(&one)
	return db.translate(err)
}

// DueClocks returns the running deadlines due before a date in a's scope,
// soonest first, at most 500.
func (db *DB) DueClocks(ctx context.Context, a Actor, before calendar.Date) (_ []DueClock, err error) {
	defer wrap(&err, "store.DueClocks(%s)", before)
	scope, args := scopeWhereOn(a, "c.unit_path") // the clocks' index, not every record behind it
	rows, err := db.query(ctx, "SELECT "+clockCols+", r.id, r.kind, r.title, r.unit_id FROM clocks c JOIN records r ON r.id = c.record_id"+
		" WHERE c.status = 'running' AND c.type = 'deadline' AND c.due < ? AND "+scope+" ORDER BY c.due, r.id LIMIT 500",
		append([]any{before.String()}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []DueClock
	for rows.Next() {
		var d DueClock
		c, err := scanClock(rows, &d.RecordID, &d.Kind, &d.Title, &d.UnitID)
		if err != nil {
			return nil, err
		}
		d.Clock = c
		out = append(out, d)
	}
	return out, rows.Err()
}

// Links returns the links from and to a record, where the other end is
// also in a's scope.
func (db *DB) Links(ctx context.Context, a Actor, recordID int64) (_ []ledger.Link, err error) {
	defer wrap(&err, "store.Links(%d)", recordID)
	if err := db.visible(ctx, a, recordID); err != nil {
		return nil, err
	}
	scope, args := scopeWhere(a)
	rows, err := db.query(ctx, `SELECT l.from_id, l.to_id, l.role FROM links l JOIN records r
		ON r.id = CASE WHEN l.from_id = ? THEN l.to_id ELSE l.from_id END
		WHERE (l.from_id = ? OR l.to_id = ?) AND `+scope+` ORDER BY l.from_id, l.role, l.to_id`,
		append([]any{recordID, recordID, recordID}, args...)...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []ledger.Link
	for rows.Next() {
		var l ledger.Link
		if err := rows.Scan(&l.FromID, &l.ToID, &l.Role); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// FindByPersonal finds the records of kind in a's scope whose personal
// field equals value exactly, through the keyed blind index. field may
// name a personal column of a table as "table.column": records with a row
// holding value.
func (db *DB) FindByPersonal(ctx context.Context, a Actor, kind *ledger.Kind, field, value string) (_ []ledger.Record, err error) {
	defer wrap(&err, "store.FindByPersonal(%s.%s)", kind.Name, field)
	f := kind.Field(field)
	col, isCell := personalColumn(kind, field)
	if isCell {
		f = col
	}
	if f == nil || f.Type != ledger.TypePersonal {
		return nil, ledger.FieldErrors{field: "「" + field + "」不是个人信息字段"}
	}
	if v, msg := f.NormalizeValue(value); msg == "" && v != "" {
		value = v
	}
	hash := db.cfg.Keys.BlindIndex(blindKey(kind.Name, field), value)
	indexField := field
	if isCell {
		indexField = cellIndexField(field, hash)
	}
	scope, args := scopeWhere(a)
	return db.readRecords(ctx, a, "SELECT "+recordCols+" FROM pii_index p JOIN records r ON r.id = p.record_id"+
		" WHERE p.kind = ? AND p.field = ? AND p.hash = ? AND "+scope+" ORDER BY r.id",
		append([]any{kind.Name, indexField, hash}, args...)...)
}

// listIndex chooses, for SQLite (whose planner has no statistics on how
// many records a scope holds), the index a list page in updated_at order
// walks: for a scope with few records, the (kind, unit_path) index and a
// sort of those records; otherwise the index in updated_at order, skipping
// records outside the scope from the index alone. record_counts tells the
// scope's size cheaply.
func (db *DB) listIndex(ctx context.Context, q ListQuery, countWhere []string, countArgs []any) string {
	ordered := "records_kind_updated"
	if q.State != "" {
		ordered = "records_kind_state"
	}
	var n int
	if err := db.queryRow(ctx, "SELECT COALESCE(SUM(c.n), 0) FROM record_counts c WHERE "+strings.Join(countWhere, " AND "), countArgs...).Scan(&n); err != nil {
		return ordered
	}
	if n <= smallScope {
		return "records_kind_path"
	}
	return ordered
}

// smallScope is the number of records below which sorting a scope's
// records beats walking the kind's records in order.
const smallScope = 2000
