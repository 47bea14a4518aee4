package ledger

import (
	"maps"
	"slices"
	"time"
)

// Values maps field names to canonical string values.
type Values map[string]string

// Record is one entry of a ledger. Data holds every field value; personal
// values are plaintext here and encrypted by the store.
type Record struct {
	ID        int64
	Kind      string
	UnitID    int64
	State     string
	Title     string
	Year      int
	Data      Values
	Version   int // optimistic concurrency: bumped on every change
	CreatedBy int64
	UpdatedBy int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Link is a typed link between two records, e.g. a major decision and its
// legality review.
type Link struct {
	FromID int64
	ToID   int64
	Role   string // the field name carrying the link
}

// FieldErrors maps a field name to its Chinese message. The empty key holds
// messages about the record as a whole.
type FieldErrors map[string]string

// Error is the message about the whole record if there is one, else the
// message of the first field in name order (every message names its field).
func (e FieldErrors) Error() string {
	if m, ok := e[""]; ok {
		return m
	}
	keys := slices.Sorted(maps.Keys(e))
	if len(keys) == 0 {
		return "输入有误"
	}
	return e[keys[0]]
}
