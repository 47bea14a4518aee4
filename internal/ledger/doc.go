// Package ledger is the declarative ledger (台账) engine's domain: a Kind
// declares its fields, its workflow (states and guarded transitions) and its
// periods (deadlines and minimum durations with their legal basis). One engine
// — storage in internal/store, pages in internal/web — serves every kind;
// the kinds themselves are declared in internal/ledger/kinds.
//
// Everything here is pure: no SQL, no HTTP, no clock reads. Callers pass the
// current date and a calendar in.
//
// # Values
//
// Every field value is a string in canonical form (Field.NormalizeValue):
// dates 2006-01-02, integers in decimal, decimals without trailing zeros,
// enums as the option text, booleans 是/否, ids as positive integers, files
// as comma-separated SHA-256. Kind.Normalize validates the create/edit form
// (fields without a Step); Kind.Apply validates the fields of a transition
// (fields whose Step is the event). Failures are FieldErrors, one Chinese
// message per field naming the field and the fix; nothing is lost.
//
// # Rows inside a record
//
// A TypeTable field holds rows of typed Columns (each a Field) as canonical
// JSON (table.go): attendees with user and hours, committee members. Cells
// are validated like fields, with the row and column in the message
// ("「参加人员」第3行「学时」应为数字…"); Field.NormalizeCell is the per-cell
// parse an import uses; Values.Rows, Sum, SumBy and CountRows read rows
// for guards and indicators.
//
// # Example values
//
// ExampleValue and Kind.ExampleForm give a value, and a create form, that
// a careful clerk could enter — for demo data, templates and the property
// tests that drive every kind. A table's example has MinRows rows. Where
// the generic value would fail the kind's own checks (a month written
// 2025-03, an end date after the start, a committee roster with a woman in
// it), the field declares Field.Example.
//
// # References and bound subjects
//
// A TypeReference field names a record of its RefKind, or of any kind in
// RefKinds (a legality review's subject: a decision or a contract). A
// Binding on a reference ties the named record to this one both ways — a
// review bound to contract A unlocks A's signing gate only — and its Match
// values are what the named record must hold, checked from either side (a
// review typed 重大行政决策 cannot name a contract). Guards read linked
// records through GuardContext.Links and find records by Filter fields
// through GuardContext.Find (Count, Records: an enforcement case finds each
// officer's certificate by its number).
//
// # Workflow
//
// Kind.Apply checks, in order: the record's state is one the transition
// leaves (ErrNoTransition), the caller holds one of its roles (ErrRole), the
// step fields (FieldErrors), the Minimum periods guarding the event and the
// transition's Guard (*RuleError, citing the legal basis). It returns the
// Outcome — new state, merged data, clocks — and changes nothing itself.
//
// # Periods and clocks
//
// A Period is declared once per kind; a Clock is that period running on one
// record. A Deadline runs from its start (a date field, or the day of an
// event) for Days counted as the statutes count (start day not counted; a
// last day that is a rest day moves to the next working day; working days
// skip rest days and count make-up days) and is overdue after Due. A Minimum
// blocks the transitions in Guards until Days have passed; a shorter period
// is allowed only when the record documents it (DaysField and ReasonField).
// A StopEvent, or a final state, stops a clock; its StoppedOn is the
// completion date from StopField/EndField when the step records one, so a
// record entered after the fact is judged by when things happened. Deadlines
// may be paused, resumed and extended (Adjust), each with a reason and its
// basis; paused days push Due out on resume, counted as the period counts.
// Due is always recomputed from Start, Days and the adjustments, never
// shifted incrementally.
//
// # Years the calendar does not know yet
//
// Next year's holidays are published around November, so a clock may reach
// a year the calendar does not cover. The record is still saved and the
// clock started, with Due left zero — pending (Clock.DueUnknown; the UI
// shows Clock.DuePendingNote) — never guessed from the week alone. A pending
// clock is neither overdue, due soon nor late, and Remaining reports it as
// unknown. A Minimum whose end cannot be computed refuses its guarded
// transition with a RuleError saying which year's calendar is missing
// (unless the record documents a shortening). RecomputeUnknown, and
// ReconcileClocks on the next edit, fill pending dates in once the year is
// loaded.
package ledger
