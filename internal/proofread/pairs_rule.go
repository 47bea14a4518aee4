package proofread

import (
	"fmt"
	"os"
	"sync"
)

// pairRule (word.unlikely-pair) finds a verb and the head of its object that
// the collocation model (pairs_model.go) has never seen together, where the
// head has a usual verb that is clearly dominant: 发挥……职责 (履行), 加大……意识
// (增强), 推进……氛围 (营造). The head must end its clause, so it is the head
// of the object and not a modifier (职责清单); a verb sharing a character
// with a verb seen with the head (加强 beside 增强) is a lesser variant and
// passes. Warning when the usual verb
// is seen at least 5 times and makes at least half of the head's pairs,
// info otherwise.
type pairRule struct {
	g    *lang
	cfg  Config
	once sync.Once
	m    *pairModel
	err  error
}

func newPairRule(g *lang, cfg Config) *pairRule { return &pairRule{g: g, cfg: cfg} }

func (r *pairRule) ID() string { return "word.unlikely-pair" }

// Minimum evidence for a finding: the usual verb seen this often with the
// head, and its share of the head's pairs.
const (
	pairMinUsual = 3
	pairMinShare = 0.35
)

// model builds the statistics on first use, once per checker.
func (r *pairRule) model() (*pairModel, error) {
	r.once.Do(func() {
		m := newPairModel()
		data, err := lexiconData.ReadFile("data/corpus.txt")
		if err != nil {
			r.err = fmt.Errorf("内置语料 corpus.txt 缺失：%v", err)
			return
		}
		if r.err = m.addCorpus(string(data), "内置语料 corpus.txt"); r.err != nil {
			return
		}
		if p := r.cfg.ExtraFiles["corpus"]; p != "" {
			b, err := os.ReadFile(p)
			if err != nil {
				r.err = fmt.Errorf("无法读取扩展语料 %s（corpus）：%v", p, err)
				return
			}
			if r.err = m.addCorpus(string(b), p); r.err != nil {
				return
			}
		}
		if r.g != nil && r.g.load() == nil {
			m.addDictionary(r.g.shortFreq)
		}
		r.m = m
	})
	return r.m, r.err
}

func (r *pairRule) CheckLine(d *Doc, l Line, emit func(Finding)) {
	m, err := r.model()
	if err != nil {
		return
	}
	for _, s := range l.sentences() {
		rs := s.rs
		for _, c := range s.cl {
			cl := rs[c[0]:c[1]]
			m.endHead(cl, func(v, h, vAt, hAt int) {
				end := hAt + len(m.heads[h])
				if end < len(cl) || m.count[v][h] > 0 || m.nearSynonym(v, h) {
					return
				}
				u, n := m.usual(h)
				if u < 0 || n < pairMinUsual || float64(n) < pairMinShare*float64(m.headTotal[h]) {
					return
				}
				for j := vAt; j < hAt; j++ {
					if runesAt(cl, j, m.verbs[u]) {
						return // the usual verb is there: 组织召开……会议
					}
				}
				sev := Info
				if n >= 5 && 2*n >= m.headTotal[h] {
					sev = Warning
				}
				verb, head, usual := string(m.verbs[v]), string(m.heads[h]), string(m.verbs[u])
				emit(Finding{Rule: "word.unlikely-pair", Severity: sev, Line: l.No, Column: s.start + c[0] + vAt + 1,
					Excerpt:    string(cl[vAt:end]),
					Message:    fmt.Sprintf("“%s”与“%s”不常搭配（“%s”通常与“%s”搭配），疑为搭配不当", verb, head, head, usual),
					Suggestion: usual + string(cl[vAt+len(m.verbs[v]):end]), Specificity: 40})
			})
		}
	}
}
