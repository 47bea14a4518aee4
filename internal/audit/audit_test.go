package audit

import (
	"encoding/hex"
	"errors"
	"fmt"
	"iter"
	"strings"
	"testing"
	"time"

	"github.com/emmansun/gmsm/sm3"
)

var key = []byte("0123456789abcdef0123456789abcdef")

// chain builds n sealed entries as the store would.
func chain(n int) []Entry {
	es := make([]Entry, n)
	prev := ""
	t0 := time.Date(2024, 2, 18, 9, 0, 0, 123456789, time.FixedZone("CST", 8*3600))
	for i := range es {
		es[i] = Entry{
			Seq:     int64(i + 1),
			At:      t0.Add(time.Duration(i) * time.Minute),
			ActorID: int64(10 + i%3),
			Actor:   []string{"张录入", "李审核", "王负责"}[i%3],
			UnitID:  3,
			Addr:    "192.0.2.7",
			Action:  "update",
			Object:  fmt.Sprintf("record:%d", 40+i),
			Diff:    Diff(map[string]string{"state": "草稿"}, map[string]string{"state": "审查中"}, nil),
		}
		Seal(key, prev, &es[i])
		prev = es[i].Hash
	}
	return es
}

func TestSM3_StandardVector(t *testing.T) {
	// GB/T 32905-2016 appendix A, example 1.
	got := sm3.Sum([]byte("abc"))
	if want := "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"; hex.EncodeToString(got[:]) != want {
		t.Errorf("SM3(abc) = %x, want %s", got, want)
	}
}

func TestVerify_IntactChain(t *testing.T) {
	es := chain(10)
	b, err := Verify(key, Entries(es), VerifyOptions{Head: es[9].Hash, Count: 10})
	if err != nil || b != nil {
		t.Fatalf("intact chain: %v, %v", b, err)
	}
	if b, _ := Verify(key, Entries(nil), VerifyOptions{}); b != nil {
		t.Errorf("empty chain: %v", b)
	}
	// After a round trip through a database At may come back in another
	// zone and without nanoseconds; the chain still holds.
	for i := range es {
		es[i].At = es[i].At.UTC().Truncate(time.Microsecond)
	}
	if b, _ := Verify(key, Entries(es)); b != nil {
		t.Errorf("after truncating At to microseconds: %v", b)
	}
}

func TestVerify_DetectsTampering(t *testing.T) {
	cases := []struct {
		name   string
		tamper func([]Entry) []Entry
		opts   VerifyOptions // Head and Count of the untampered chain when Count == -1
		seq    int64
		reason string
	}{
		{"edit diff", func(es []Entry) []Entry { es[3].Diff = `{"before":{},"after":{}}`; return es }, VerifyOptions{}, 4, "第4条记录内容被篡改"},
		{"edit actor of the first", func(es []Entry) []Entry { es[0].Actor = "赵某"; return es }, VerifyOptions{}, 1, "第1条记录内容被篡改"},
		{"edit time", func(es []Entry) []Entry { es[6].At = es[6].At.Add(-time.Hour); return es }, VerifyOptions{}, 7, "第7条记录内容被篡改"},
		{"edit unit", func(es []Entry) []Entry { es[8].UnitID = 4; return es }, VerifyOptions{}, 9, "第9条记录内容被篡改"},
		{"forge hash without the key", func(es []Entry) []Entry {
			es[4].Action = "delete"
			es[4].Hash = Hash([]byte("guessed key"), es[4].PrevHash, &es[4])
			return es
		}, VerifyOptions{}, 5, "第5条记录内容被篡改"},
		{"delete a middle row", func(es []Entry) []Entry { return append(es[:4:4], es[5:]...) }, VerifyOptions{}, 5, "第5条记录被删除"},
		{"delete the first row", func(es []Entry) []Entry { return es[1:] }, VerifyOptions{}, 1, "第1条记录被删除"},
		{"delete three rows", func(es []Entry) []Entry { return append(es[:2:2], es[5:]...) }, VerifyOptions{}, 3, "第3至5条记录被删除"},
		{"delete a row and renumber the rest", func(es []Entry) []Entry {
			es = append(es[:4:4], es[5:]...)
			for i := 4; i < len(es); i++ {
				es[i].Seq--
			}
			return es
		}, VerifyOptions{}, 5, "第5条记录内容被篡改"},
		{"swap the sequence numbers of two rows", func(es []Entry) []Entry {
			es[2].Seq, es[3].Seq = es[3].Seq, es[2].Seq
			es[2], es[3] = es[3], es[2]
			return es
		}, VerifyOptions{}, 3, "第3条记录内容被篡改"},
		{"swap the contents of two rows", func(es []Entry) []Entry {
			a, b := es[2], es[3]
			a.Seq, b.Seq = 4, 3
			es[2], es[3] = b, a
			return es
		}, VerifyOptions{}, 3, "第3条记录内容被篡改"},
		{"rows returned out of order", func(es []Entry) []Entry {
			es[5], es[6] = es[6], es[5]
			return es
		}, VerifyOptions{}, 6, "第6条记录被删除"},
		{"duplicated row", func(es []Entry) []Entry { return append(es[:6:6], es[5:]...) }, VerifyOptions{}, 6, "第6条记录重复或顺序错乱"},
		{"replace a row with a validly sealed one of another chain", func(es []Entry) []Entry {
			other := chain(10)
			other[4].Object = "record:999"
			Seal(key, "", &other[4])
			es[4] = other[4]
			return es
		}, VerifyOptions{}, 5, "第5条记录与前一条不衔接"},
		{"delete the last row", func(es []Entry) []Entry { return es[:9] }, VerifyOptions{Count: -1}, 10, "第10条记录（最后一条）被删除"},
		{"delete the last three rows", func(es []Entry) []Entry { return es[:7] }, VerifyOptions{Count: -1}, 8, "第8至10条记录（最后3条）被删除"},
		{"delete every row", func(es []Entry) []Entry { return nil }, VerifyOptions{Count: -1}, 1, "第1至10条记录"},
		{"replace the last row", func(es []Entry) []Entry {
			es[9].Action = "login"
			Seal(key, es[8].Hash, &es[9]) // even resealed with the key
			return es
		}, VerifyOptions{Count: -1}, 10, "第10条记录与链头不符"},
		{"append a row after the head", func(es []Entry) []Entry {
			extra := es[9]
			extra.Seq = 11
			Seal(key, es[9].Hash, &extra)
			return append(es, extra)
		}, VerifyOptions{Count: -1}, 11, "第11条记录在链头（第10条）之后"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			es := chain(10)
			opts := tc.opts
			if opts.Count == -1 {
				opts = VerifyOptions{Head: es[9].Hash, Count: 10}
			}
			b, err := Verify(key, Entries(tc.tamper(es)), opts)
			if err != nil {
				t.Fatal(err)
			}
			if b == nil {
				t.Fatal("tampering not detected")
			}
			if b.Seq != tc.seq || !strings.Contains(b.Reason, tc.reason) {
				t.Errorf("Break = {%d %q}, want {%d …%s…}", b.Seq, b.Reason, tc.seq, tc.reason)
			}
		})
	}
}

func TestVerify_WrongKeyBreaksAtTheFirstEntry(t *testing.T) {
	b, err := Verify([]byte("another key"), Entries(chain(3)))
	if err != nil || b == nil || b.Seq != 1 {
		t.Errorf("Verify with the wrong key = %v, %v", b, err)
	}
}

func TestVerify_ReturnsReadErrors(t *testing.T) {
	es := chain(3)
	boom := errors.New("disk gone")
	var seq iter.Seq2[*Entry, error] = func(yield func(*Entry, error) bool) {
		if !yield(&es[0], nil) {
			return
		}
		yield(nil, boom)
	}
	b, err := Verify(key, seq)
	if !errors.Is(err, boom) || b != nil {
		t.Errorf("Verify = %v, %v; want the read error", b, err)
	}
}

func TestHash_EncodingIsUnambiguous(t *testing.T) {
	base := chain(1)[0]
	variants := []func(*Entry){
		func(e *Entry) { e.Actor, e.Addr = e.Actor+"1", e.Addr[1:] },
		func(e *Entry) { e.Action, e.Object = "update:record", ":42" },
		func(e *Entry) { e.Seq = 2 },
		func(e *Entry) { e.ActorID = 110; e.UnitID = 3 },
		func(e *Entry) { e.At = e.At.Add(time.Microsecond) },
	}
	seen := map[string]bool{Hash(key, "", &base): true}
	for i, v := range variants {
		e := base
		v(&e)
		h := Hash(key, "", &e)
		if seen[h] {
			t.Errorf("variant %d hashes like another entry", i)
		}
		seen[h] = true
	}
	if Hash(key, "a", &base) == Hash(key, "b", &base) {
		t.Error("prev is not hashed")
	}
	e := base
	e.At = base.At.In(time.UTC)
	if Hash(key, "", &e) != Hash(key, "", &base) {
		t.Error("the same instant in another zone hashes differently")
	}
	if len(Hash(key, "", &base)) != 64 {
		t.Error("hash is not 32 bytes of hex")
	}
}

func BenchmarkHash(b *testing.B) {
	e := chain(1)[0]
	for b.Loop() {
		Hash(key, e.PrevHash, &e)
	}
}

func BenchmarkVerify10k(b *testing.B) {
	es := chain(10000)
	for b.Loop() {
		if br, _ := Verify(key, Entries(es)); br != nil {
			b.Fatal(br)
		}
	}
}
