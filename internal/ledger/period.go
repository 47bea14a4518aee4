package ledger

import (
	"fazhi/internal/access"
	"fazhi/internal/calendar"
)

// PeriodType distinguishes a running clock from a minimum duration.
type PeriodType string

const (
	// Deadline is a clock that runs from its start and must be met, e.g.
	// 60 days to resolve a petition. Past due, the record is overdue.
	Deadline PeriodType = "deadline"
	// Minimum is a step that may not complete before the period has passed,
	// e.g. 30 days of public comment; the transitions in Guards are refused
	// before the end date.
	Minimum PeriodType = "minimum"
)

// Period declares a clock of a kind.
type Period struct {
	Name  string // identifier
	Label string // Chinese, e.g. "征求意见期"
	Type  PeriodType
	// StartField names the date field whose value starts the clock; when
	// empty, StartEvent's transition date starts it.
	StartField string
	StartEvent string
	// StopEvents end the clock (met). A final state also stops it.
	StopEvents []string
	// StopField, if set, names the date field (filled in at a stop event)
	// that dates when the clock was met, e.g. the opinion date, so a
	// record entered after the fact is not counted late; otherwise the day
	// of the transition. A Minimum is dated by its EndField the same way.
	StopField string
	// Guards are the transitions a Minimum period blocks until it ends.
	Guards   []string
	Days     int
	Counting calendar.Counting
	Basis    string // legal basis, e.g. "《重大行政决策程序暂行条例》第十五条"
	// DaysField, if set, names an integer field that may shorten or
	// lengthen Days for this record (e.g. a shortened comment period); then
	// ReasonField must be non-empty when the value differs from Days.
	DaysField   string
	ReasonField string
	// EndField, for a Minimum, names the date field (usually filled in at the
	// guarded step) that dates the completion, e.g. the last day of comment;
	// when empty, the day the transition is taken is the completion date.
	EndField string
	// Applies limits the period to some records (nil: all).
	Applies func(r *Record) bool

	// DaysSetting, if set, names an integer setting giving Days for the
	// record's unit; the clock keeps the value it was computed with. A value
	// of 0 turns the period off for the unit (unless DaysField gives days).
	DaysSetting string
	// Months and Years count the period in calendar months or years instead
	// of days (a month later than 1月31日 is the last day of February; a year
	// after 2月29日 is 2月28日); Days, if also set, is added after them.
	Months, Years int
	// MonthsSetting, if set, names an integer setting giving Months for the
	// record's unit (a reply due in 3 months where a local rule says 2); the
	// clock keeps the value it was computed with. A value of 0 turns the
	// period off for the unit.
	MonthsSetting string
	// UntilField, if set, names a date field holding the last day of the
	// period itself (e.g. 有效期至): the due date is that date.
	UntilField string
	// RemindDays or RemindMonths ahead of the due date, a reminder falls due
	// (Clock.RemindOn), e.g. 6 months before a document expires.
	RemindDays, RemindMonths int
	// MaxExtendDays caps the days all extensions of a clock may add (0: it
	// cannot be extended); ExtendRoles may extend it (its approver).
	MaxExtendDays int
	ExtendRoles   []access.Role
}

// ClockStatus is the state of a running clock.
type ClockStatus string

const (
	ClockRunning ClockStatus = "running"
	ClockPaused  ClockStatus = "paused"
	ClockStopped ClockStatus = "stopped" // met or ended by a final state
)

// Clock is one period running on one record.
type Clock struct {
	Period   string // Period.Name
	Type     PeriodType
	Counting calendar.Counting // copied from the period
	Days     int               // the period's days for this record (after DaysField)
	Start    calendar.Date
	// Due is the end of a deadline, or the earliest date for a minimum. It
	// is zero while pending: when it reaches a year the calendar does not
	// know yet (see DueUnknown, DuePendingNote and RecomputeUnknown).
	Due         calendar.Date
	Status      ClockStatus
	PausedOn    calendar.Date // when Status == ClockPaused
	Adjustments []ClockAdjustment
	StoppedOn   calendar.Date
	// Months is the period's months (Period.Months + 12×Years) counted
	// before Days; Until, for a period ending on a date field, is that date.
	Months int           `json:",omitempty"`
	Until  calendar.Date `json:",omitzero"`
	// Setting names the setting Days was read from (Period.DaysSetting).
	Setting string `json:",omitempty"`
	// RemindDays and RemindMonths are copied from the period; RemindOn is
	// the day a reminder of the coming due date is due (zero: none).
	RemindDays   int           `json:",omitempty"`
	RemindMonths int           `json:",omitempty"`
	RemindOn     calendar.Date `json:",omitzero"`
}

// ClockAdjustment is a pause, resume or extension, which needs a reason and
// its basis.
type ClockAdjustment struct {
	Action string // "pause", "resume", "extend"
	On     calendar.Date
	Days   int // for extend: days added; for resume: days the pause lasted (set by Adjust)
	// DaysPending marks a resume whose paused working days reach a year the
	// calendar does not know yet; Days is counted by RecomputeUnknown.
	DaysPending bool `json:",omitempty"`
	Reason      string
	Basis       string
	By          int64
}
