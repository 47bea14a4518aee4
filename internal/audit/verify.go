package audit

import (
	"crypto/hmac"
	"fmt"
	"iter"
)

// VerifyOptions are facts about the chain kept apart from its rows (the
// store's audit head), without which deleting the newest rows cannot be
// told from a shorter log.
type VerifyOptions struct {
	Head  string // Hash of the last entry; "" to skip the check
	Count int64  // Seq of the last entry; 0 with Head "" to skip the check
}

// Verify walks entries, which must come in Seq order, and returns the first
// break in the chain, or nil when the chain holds: an edited entry (its hash
// does not match its content), a deleted one (a gap in Seq, or a PrevHash
// that is not the previous entry's Hash), reordered or duplicated rows, and
// — given opts — deleted or added rows at the end. An error from entries is
// returned as is, with no Break.
func Verify(key []byte, entries iter.Seq2[*Entry, error], opts ...VerifyOptions) (*Break, error) {
	var o VerifyOptions
	if len(opts) > 0 {
		o = opts[0]
	}
	var want int64 = 1
	prev := ""
	for e, err := range entries {
		if err != nil {
			return nil, fmt.Errorf("audit.Verify: reading entry %d: %w", want, err)
		}
		if e == nil {
			return nil, fmt.Errorf("audit.Verify: entry %d is nil", want)
		}
		switch {
		case e.Seq > want && e.Seq == want+1:
			return brk(want, "第%d条记录被删除", want), nil
		case e.Seq > want:
			return brk(want, "第%d至%d条记录被删除", want, e.Seq-1), nil
		case e.Seq < want:
			return brk(e.Seq, "第%d条记录重复或顺序错乱（出现在第%d条之后）", e.Seq, want-1), nil
		}
		if !hmac.Equal([]byte(Hash(key, e.PrevHash, e)), []byte(e.Hash)) {
			return brk(e.Seq, "第%d条记录内容被篡改（或其序号被改动）", e.Seq), nil
		}
		if e.PrevHash != prev {
			return brk(e.Seq, "第%d条记录与前一条不衔接：前一条被替换，或记录顺序被调换", e.Seq), nil
		}
		prev = e.Hash
		want++
	}
	last := want - 1
	if o.Head == "" && o.Count == 0 {
		return nil, nil
	}
	switch {
	case o.Count > last && o.Count == last+1:
		return brk(last+1, "第%d条记录（最后一条）被删除", last+1), nil
	case o.Count > last:
		return brk(last+1, "第%d至%d条记录（最后%d条）被删除", last+1, o.Count, o.Count-last), nil
	case o.Count < last:
		return brk(o.Count+1, "第%d条记录在链头（第%d条）之后，来源不明", o.Count+1, o.Count), nil
	case o.Head != "" && o.Head != prev:
		if last == 0 {
			return brk(1, "审计日志为空，但链头记录不为空：记录被全部删除"), nil
		}
		return brk(last, "第%d条记录与链头不符：最后一条被替换", last), nil
	}
	return nil, nil
}

func brk(seq int64, format string, args ...any) *Break {
	return &Break{Seq: seq, Reason: fmt.Sprintf(format, args...)}
}

// Entries adapts a slice to the iterator Verify takes.
func Entries(es []Entry) iter.Seq2[*Entry, error] {
	return func(yield func(*Entry, error) bool) {
		for i := range es {
			if !yield(&es[i], nil) {
				return
			}
		}
	}
}

// VerifyTail is Verify for the entries after start (itself trusted as far
// as its own hash goes): the newest part of a long chain.
func VerifyTail(key []byte, start *Entry, entries iter.Seq2[*Entry, error], opts VerifyOptions) (*Break, error) {
	if !hmac.Equal([]byte(Hash(key, start.PrevHash, start)), []byte(start.Hash)) {
		return brk(start.Seq, "第%d条记录内容被篡改（或其序号被改动）", start.Seq), nil
	}
	want := start.Seq + 1
	prev := start.Hash
	for e, err := range entries {
		if err != nil {
			return nil, fmt.Errorf("audit.VerifyTail: reading entry %d: %w", want, err)
		}
		switch {
		case e.Seq > want:
			return brk(want, "第%d条记录被删除", want), nil
		case e.Seq < want:
			return brk(e.Seq, "第%d条记录重复或顺序错乱（出现在第%d条之后）", e.Seq, want-1), nil
		}
		if !hmac.Equal([]byte(Hash(key, e.PrevHash, e)), []byte(e.Hash)) {
			return brk(e.Seq, "第%d条记录内容被篡改（或其序号被改动）", e.Seq), nil
		}
		if e.PrevHash != prev {
			return brk(e.Seq, "第%d条记录与前一条不衔接：前一条被替换，或记录顺序被调换", e.Seq), nil
		}
		prev = e.Hash
		want++
	}
	last := want - 1
	switch {
	case opts.Count > last:
		return brk(last+1, "第%d至%d条记录（最后%d条）被删除", last+1, opts.Count, opts.Count-last), nil
	case opts.Count < last:
		return brk(opts.Count+1, "第%d条记录在链头（第%d条）之后，来源不明", opts.Count+1, opts.Count), nil
	case opts.Head != "" && opts.Head != prev:
		return brk(last, "第%d条记录与链头不符：最后一条被替换", last), nil
	}
	return nil, nil
}
