package safezip_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"

	"fazhi/internal/safezip"
	"fazhi/internal/safezip/bombtest"
)

// readAll opens the archive and reads every entry, as a parser would.
func readAll(ctx context.Context, data []byte, lim safezip.Limits) error {
	r, err := safezip.NewReader(data, lim)
	if err != nil {
		return err
	}
	for _, f := range r.Files() {
		rc, err := r.Open(ctx, f)
		if err != nil {
			return err
		}
		_, err = io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// allocated reports the bytes allocated while f ran: an upper bound of the
// heap it can have needed at its peak.
func allocated(f func()) uint64 {
	var a, b runtime.MemStats
	runtime.ReadMemStats(&a)
	f()
	runtime.ReadMemStats(&b)
	return b.TotalAlloc - a.TotalAlloc
}

func TestBombsRefused(t *testing.T) {
	lim := safezip.Limits{MaxEntry: 20 << 20}
	gigs := bombtest.DocxBomb(200<<20, 20) // 20 names × 200 MB = 4 GB
	if len(gigs) > 400<<10 {
		t.Fatalf("the overlapping bomb should be small, is %d bytes", len(gigs))
	}
	lying := bombtest.Overlapping([]byte("<w:t>法</w:t>"), 200<<20, 1000, "word/document.xml")
	inner := bombtest.DocxBomb(200<<20, 4)
	nested := bombtest.Zip(bombtest.Part{Name: "word/document.xml", Data: inner})
	var deflatedFit bytes.Buffer // 19 MB of one byte: under the size cap, far over the ratio cap
	deflatedFit.Write(bytes.Repeat([]byte("a"), 19<<20))
	ratio := bombtest.Zip(bombtest.Part{Name: "xl/worksheets/sheet1.xml", Data: deflatedFit.Bytes()})
	many := make([]bombtest.Part, 10001)
	for i := range many {
		many[i] = bombtest.Part{Name: strings.Repeat("x", i%7+1) + string(rune('a'+i%26)) + "/" + string(rune(i)) + ".xml"}
	}
	manyEntries := bombtest.Zip(many...)
	xlsx := bombtest.Overlapping([]byte(`<c r="A1"><v>1</v></c>`), 300<<20, 0, "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml")

	for _, tc := range []struct {
		name, data, want string
		zip              []byte
	}{
		{name: "overlapping entries declaring 4 GB", zip: gigs, want: "超过单个部件上限"},
		{name: "header lying about its size", zip: lying, want: ""},
		{name: "zip nested in the document part", zip: nested, want: "本身又是压缩包"},
		{name: "ratio beyond 100:1 under the size cap", zip: ratio, want: "压缩比超过 100:1"},
		{name: "too many entries", zip: manyEntries, want: "超过上限 10000 个"},
		{name: "xlsx sheet of 300 MB", zip: xlsx, want: "超过单个部件上限"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var err error
			got := allocated(func() { err = readAll(context.Background(), tc.zip, lim) })
			if err == nil {
				t.Fatal("bomb accepted")
			}
			if tc.want != "" && (!errors.Is(err, safezip.ErrBomb) || !strings.Contains(err.Error(), tc.want)) {
				t.Fatalf("error %q, want a refusal saying %q", err, tc.want)
			}
			if got > 64<<20 {
				t.Fatalf("refusing the bomb allocated %d MB, want well under 512 MB", got>>20)
			}
		})
	}
}

func TestTotalCountsBytesRead(t *testing.T) {
	// Three honest 8 MB parts of varied text against a 20 MB total.
	part := bombtest.Paragraphs(8<<20/40, "依法行政第一二三四五")[:8<<20]
	data := bombtest.Zip(bombtest.Part{Name: "a.xml", Data: part}, bombtest.Part{Name: "b.xml", Data: part})
	if err := readAll(context.Background(), data, safezip.Limits{MaxEntry: 10 << 20, MaxTotal: 20 << 20, MaxRatio: 1000}); err != nil {
		t.Fatalf("16 MB under a 20 MB total refused: %v", err)
	}
	data = bombtest.Zip(bombtest.Part{Name: "a.xml", Data: part}, bombtest.Part{Name: "b.xml", Data: part}, bombtest.Part{Name: "c.xml", Data: part})
	err := readAll(context.Background(), data, safezip.Limits{MaxEntry: 10 << 20, MaxTotal: 20 << 20, MaxRatio: 1000})
	if !errors.Is(err, safezip.ErrBomb) || !strings.Contains(err.Error(), "解压后共") {
		t.Fatalf("24 MB against a 20 MB total: %v", err)
	}
}

func TestOrdinaryArchiveReads(t *testing.T) {
	doc := bombtest.Paragraphs(100, "乡镇人民政府依法行政")
	data := bombtest.Docx(doc)
	r, err := safezip.NewReader(data, safezip.Limits{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := r.ReadAll(context.Background(), r.Find("word/document.xml"))
	if err != nil || !bytes.Equal(got, doc) {
		t.Fatalf("document.xml read back %d bytes, err %v", len(got), err)
	}
}

func TestCancelledContextStopsReading(t *testing.T) {
	data := bombtest.Docx(bombtest.Paragraphs(1000, "乡镇人民政府依法行政"))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := readAll(ctx, data, safezip.Limits{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("read after the client left: %v, want context.Canceled", err)
	}
}

func FuzzReader(f *testing.F) {
	f.Add(bombtest.Docx(bombtest.Paragraphs(3, "法治")))
	f.Add(bombtest.DocxBomb(2<<20, 3))
	f.Fuzz(func(t *testing.T, data []byte) {
		lim := safezip.Limits{MaxEntry: 1 << 20, MaxTotal: 2 << 20}
		r, err := safezip.NewReader(data, lim)
		if err != nil {
			return
		}
		var total int64
		for _, f := range r.Files() {
			rc, err := r.Open(context.Background(), f)
			if err != nil {
				continue
			}
			n, _ := io.Copy(io.Discard, rc)
			rc.Close()
			if n > lim.MaxEntry {
				t.Fatalf("entry %s handed out %d bytes over the %d limit", f.Name, n, lim.MaxEntry)
			}
			total += n
		}
		if total > lim.MaxTotal+int64(len(r.Files()))*(64<<10) {
			t.Fatalf("archive handed out %d bytes over the %d total", total, lim.MaxTotal)
		}
	})
}
