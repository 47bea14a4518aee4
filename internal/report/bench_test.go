package report_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"fazhi/internal/indicator"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/report"
	"fazhi/internal/report/docx"
)

// benchInputs are n townships' inputs with the figures of a busy year.
func benchInputs(b *testing.B, n int) []report.Input {
	reg, err := kinds.Registry()
	if err != nil {
		b.Fatal(err)
	}
	e, err := indicator.NewEngine(reg, nil)
	if err != nil {
		b.Fatal(err)
	}
	lines := report.LinesOf(e)
	var out []report.Input
	for i := range n {
		var vals, last []indicator.Value
		for j, c := range e.Catalogue() {
			v := indicator.Value{ID: c.ID, Name: c.Name, Unit: c.Unit, Measured: e.Measured(c.ID), Value: float64(3 + (i*7+j*5)%90)}
			l := v
			l.Value = float64(2 + (i*3+j)%80)
			if c.Unit == "%" {
				num, den := 9.0, 10.0
				v.Numerator, v.Denominator, v.Value = &num, &den, 90
				l.Numerator, l.Denominator, l.Value = &num, &den, 85
			}
			vals, last = append(vals, v), append(last, l)
		}
		out = append(out, report.Input{Unit: fmt.Sprintf("第%d镇", i+1), Parent: "青山县", Year: 2025, HasData: true,
			Values: vals, LastYear: last, Sections: kinds.ReportSections(), Lines: lines})
	}
	return out
}

// BenchmarkDraftDocx: one township's draft and .docx, after its
// indicators (docs/benchmarks.md).
func BenchmarkDraftDocx(b *testing.B) {
	in := benchInputs(b, 1)[0]
	var buf bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		buf.Reset()
		if err := docx.Write(&buf, report.Draft(in)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(buf.Len()), "docx-bytes")
}

// BenchmarkCountyBatch30: thirty townships drafted and written.
func BenchmarkCountyBatch30(b *testing.B) {
	ins := benchInputs(b, 30)
	b.ReportAllocs()
	for b.Loop() {
		for _, in := range ins {
			if err := docx.Write(io.Discard, report.Draft(in)); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkHugeDocx: a report of 20,000 paragraphs (about 2 million
// characters) written to a discarding writer; peak-heap-MB is the heap in
// use after writing, which the streamed document part keeps near the size
// of the Document itself.
func BenchmarkHugeDocx(b *testing.B) {
	d := report.Draft(benchInputs(b, 1)[0])
	para := strings.Repeat("坚持依法行政，规范执法行为，全年办理事项12件。", 4)
	var body strings.Builder
	for range 20000 {
		body.WriteString(para + "\n")
	}
	d.Sections = append(d.Sections, report.Section{Key: "5.1", Level: 2, Title: "（一）附录", Body: body.String()})
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak uint64
	for b.Loop() {
		if err := docx.Write(io.Discard, d); err != nil {
			b.Fatal(err)
		}
		runtime.ReadMemStats(&ms)
		peak = max(peak, ms.HeapInuse-min(base, ms.HeapInuse))
	}
	b.ReportMetric(float64(len(body.String()))/(1<<20), "body-MB")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
}

// BenchmarkPDF: LibreOffice's conversion of one township's report, for
// scale (skipped without LibreOffice).
func BenchmarkPDF(b *testing.B) {
	if _, err := docx.Office(); err != nil {
		b.Skip(err)
	}
	d := report.Draft(benchInputs(b, 1)[0])
	for b.Loop() {
		if _, err := docx.PDFOf(context.Background(), d); err != nil {
			b.Fatal(err)
		}
	}
}
