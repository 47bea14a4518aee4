package kinds

// BenchKind is the kind `fazhi bench` writes and lists, side by side with
// PocketBase: a legality review, whose create form has an enum filtered
// on, a text, a department, a reviewer and a date.
const BenchKind = LegalityReviewKind

// BenchFields names the fields of BenchKind the benchmark fills in.
var BenchFields = struct {
	SubjectType, Department, Reviewer, ReviewerBy, Received string
}{"subject_type", "department", "reviewer_type", "reviewer_name", "received_date"}
