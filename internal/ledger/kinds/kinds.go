// Package kinds declares fazhi's ledger kinds: for each, its fields, its
// workflow table with the guards the statutes require, and its periods with
// their legal basis. A kind is one file and its tests; the engine in
// package ledger, the store and the web serve every kind alike.
package kinds

import (
	"errors"
	"fmt"
	"strconv"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// Legal sources cited by the kinds.
const (
	regMajorDecision = "《重大行政决策程序暂行条例》"
)

// All returns every kind, in the order lists and menus show them. Each call
// returns fresh declarations.
func All() []*ledger.Kind {
	return withDemo([]*ledger.Kind{LegalityReview(), MajorDecision(), NormativeDocument(), Contract(), LegalAdviser(), AdviserOpinion(),
		EnforcementOfficer(), EnforcementCase(), AdminDispute(), Petition(), LawStudy(),
		Exam(), PublicityEvent(), PublicityDuty(), ModelVillage(), VillageTalent(),
		MediationCommittee(), DisputeScreening(), DisputeCase(), DisputeZero(), Correction(), Aftercare(),
		// Disclosure, deputies' suggestions, meetings and plans, the decision catalogue.
		DisclosureItem(), DisclosureRequest(), Suggestion(), Meeting(), LawReport(), WorkPlan(), PlanTask(), DecisionCatalogue(),
		Rectification()})
}

// Registry is the checked registry of All.
func Registry() (*ledger.Registry, error) { return ledger.NewRegistry(All()...) }

func intp(n int) *int { return &n }

func parseID(s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err == nil && n <= 0 {
		err = errors.New("not positive")
	}
	return n, err
}

func roles(rs ...access.Role) []access.Role { return rs }

// dateOrder refuses when the date in field later is before the date in
// field earlier (both must be set to be compared) or after today.
func dateOrder(g *ledger.GuardContext, later, earlier, basis string) error {
	k, data := g.Kind, g.Record.Data
	l, ok := data.Date(later)
	if !ok {
		return nil
	}
	if !g.Today.IsZero() && l.After(g.Today) {
		return &ledger.RuleError{Field: later, Reason: fmt.Sprintf("「%s」不能晚于今天（%s）", k.Field(later).Label, g.Today.Chinese())}
	}
	if e, ok := data.Date(earlier); ok && earlier != "" && l.Before(e) {
		return &ledger.RuleError{Field: later, Basis: basis, Reason: fmt.Sprintf(
			"「%s」（%s）不能早于「%s」（%s）", k.Field(later).Label, l.Chinese(), k.Field(earlier).Label, e.Chinese())}
	}
	return nil
}

// linked reads the record whose id is stored in field; a missing link or a
// record the caller cannot see is a RuleError with reason.
func linked(g *ledger.GuardContext, field, missing, basis string) (*ledger.Record, error) {
	id, err := parseID(g.Record.Data[field])
	if err != nil {
		return nil, &ledger.RuleError{Field: field, Reason: missing, Basis: basis}
	}
	if g.Links == nil {
		return nil, fmt.Errorf("kinds: no Linked reader for %s", field)
	}
	r, err := g.Links.Record(g.Ctx, id)
	if errors.Is(err, ledger.ErrNotFound) {
		return nil, &ledger.RuleError{Field: field, Basis: basis,
			Reason: fmt.Sprintf("「%s」关联的记录（编号 %d）不存在或您无权查看", g.Kind.Field(field).Label, id)}
	}
	if err != nil {
		return nil, fmt.Errorf("read linked record %d: %w", id, err)
	}
	return r, nil
}
