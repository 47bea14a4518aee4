package ledger

import "fmt"

// PlanItems declares that a kind's records of a year are the items of
// that year's work plan (法治建设工作要点): the annual report lists them
// beside its part 4, each marked done or not, so next year's plan is
// written against what this year's did.
type PlanItems struct {
	Done []string // the states in which an item counts as done
}

// checkPlanItems validates k.PlanItems.
func (k *Kind) checkPlanItems() error {
	if k.PlanItems == nil {
		return nil
	}
	if len(k.PlanItems.Done) == 0 {
		return fmt.Errorf("plan items: Done needs a state")
	}
	for _, s := range k.PlanItems.Done {
		if k.State(s) == nil {
			return fmt.Errorf("plan items: unknown state %q", s)
		}
	}
	if k.YearField == "" {
		return fmt.Errorf("plan items: the kind needs a YearField")
	}
	return nil
}
