package ledger

import (
	"fmt"
	"slices"
)

// ScoreLink declares that a 考核 line which lost points opens a new record
// of the kind, its form filled from the line (a lost point becomes a
// tracked task). Each names the field that receives one part of the line;
// empty: not filled.
type ScoreLink struct {
	Title     string // "K05 信访事项年末在办：失3分"
	Item      string // the scheme line, "K05 信访事项年末在办"
	Indicator string // the indicator id the line reads
	Year      string // the year scored
	Lost      string // the points lost
	Evidence  string // the link to the records behind the value
	// Source and SourceValue: the field saying where the problem was
	// found, and the value meaning "in 考核 scoring".
	Source, SourceValue string
}

// Fields are the fields a link fills, by part.
func (l *ScoreLink) Fields() map[string]string {
	out := map[string]string{}
	for part, f := range map[string]string{"title": l.Title, "item": l.Item, "indicator": l.Indicator, "year": l.Year,
		"lost": l.Lost, "evidence": l.Evidence, "source": l.Source} {
		if f != "" {
			out[part] = f
		}
	}
	return out
}

// checkScoreLink: the fields named are form fields of k.
func (k *Kind) checkScoreLink() error {
	if k.FromScore == nil {
		return nil
	}
	for part, name := range k.FromScore.Fields() {
		f := k.Field(name)
		if f == nil || f.Step != "" || f.Derived() {
			return fmt.Errorf("FromScore.%s: %q is not a form field", part, name)
		}
	}
	if s := k.Field(k.FromScore.Source); s != nil && s.Type == TypeEnum && !slices.Contains(s.Options, k.FromScore.SourceValue) {
		return fmt.Errorf("FromScore.SourceValue %q is not an option of %s", k.FromScore.SourceValue, s.Name)
	}
	return nil
}
