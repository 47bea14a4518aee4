package ledger_test

import (
	"testing"

	"fazhi/internal/ledger"
)

// Engine cost per request, for docs/benchmarks.md:
// go test ./internal/ledger -run '^$' -bench . -benchmem

func BenchmarkNormalize(b *testing.B) {
	k := sampleKind()
	in := base()
	in["body"] = "正文"
	in["count"] = "１２"
	in["received"] = "2024年3月5日"
	in["phone"] = "138 1234 5678"
	for b.Loop() {
		if _, errs := k.Normalize(in, nil); errs != nil {
			b.Fatal(errs)
		}
	}
}

func BenchmarkApplyMinimumPeriod(b *testing.B) {
	k := sampleKind()
	data := base()
	data["comment_start"] = "2024-03-20"
	clock := ledger.Clock{Period: "comment", Type: ledger.Minimum, Days: 30, Start: d("2024-03-20"), Due: d("2024-04-19"), Status: ledger.ClockRunning}
	for b.Loop() {
		g := guardCtx(rec("open", data), "close", ledger.Values{"comment_end": "2024-04-19"}, "2024-04-20", clock)
		if _, err := k.Apply(g, clerk); err != nil {
			b.Fatal(err)
		}
	}
}
