package ledger

import "time"

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

func (e FieldErrors) Error() string {
	for k, v := range e {
		if k == "" {
			return v
		}
		return k + ": " + v
	}
	return "输入有误"
}
