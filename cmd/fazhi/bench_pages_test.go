package main

import (
	"bytes"
	"context"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"fazhi/internal/ledger/kinds"
	"fazhi/internal/store"
)

func TestBenchPages_BadFlagsNamedInChinese(t *testing.T) {
	for args, want := range map[string]string{
		"":                        "--data 缺失",
		"--data x --townships 0":  "--townships 0 无效",
		"--data x --scale 0":      "--scale 0 无效",
		"--data x --clients 5000": "--clients 5000 无效",
		"--data x --duration 11m": "--duration 11m0s 无效",
		"--data x --years 30":     "--years 30 无效",
	} {
		var out, errb bytes.Buffer
		if code := run(append([]string{"bench", "pages"}, strings.Fields(args)...), &out, &errb); code != 2 || !strings.Contains(errb.String(), want) {
			t.Errorf("fazhi bench pages %s: exit %d, %q; want 2 and %q", args, code, errb.String(), want)
		}
	}
}

// TestBenchPages_GeneratesEveryKindAndMeasuresThePages: a small county is
// generated with records of every kind the volumes name, walked on
// through their workflows, and the board is measured with no failure as
// both users; a second run on the same directory measures without
// generating again.
func TestBenchPages_GeneratesEveryKindAndMeasuresThePages(t *testing.T) {
	if testing.Short() {
		t.Skip("generates a county")
	}
	dir := filepath.Join(t.TempDir(), "data")
	args := []string{"bench", "pages", "--data", dir, "--townships", "2", "--years", "2", "--scale", "10",
		"--clients", "4", "--duration", "1s", "--only", "API board", "--compute-rounds", "1"}
	var out, errb bytes.Buffer
	if code := run(args, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	m := regexp.MustCompile(`generated: (\d+) records, (\d+) steps taken`).FindStringSubmatch(out.String())
	if m == nil {
		t.Fatalf("no generation line in %s", out.String())
	}
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	if recs, _ := strconv.Atoi(m[1]); recs < 2*2*len(reg.Kinds()) {
		t.Errorf("%s records for 2 townships × 2 years of %d kinds", m[1], len(reg.Kinds()))
	}
	if steps, _ := strconv.Atoi(m[2]); steps == 0 {
		t.Error("no record was taken a step on")
	}
	for _, as := range []string{"county", "township"} {
		row := regexp.MustCompile(`\| API board \| ` + as + ` \| SQLite \| (\d+) \| (\d+) \|`).FindStringSubmatch(out.String())
		if row == nil || row[1] == "0" || row[2] != "0" {
			t.Errorf("board as %s: %v in\n%s", as, row, out.String())
		}
	}

	// Every kind with a volume has records, in more than its first state
	// for some kind.
	ctx := context.Background()
	a, err := openApp(ctx, &config{Data: dir, KeyFile: filepath.Join(dir, "master.key")}, &errb, false)
	if err != nil {
		t.Fatal(err)
	}
	sys := store.SystemActor("test")
	moved := 0
	for _, k := range reg.Kinds() {
		name := k.Name
		recs, err := a.store.IndicatorRecords(ctx, sys, name, 1, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(recs) == 0 {
			t.Errorf("no %s record generated", name)
		}
		for _, r := range recs {
			if r.State != a.kinds.Kind(name).Initial() {
				moved++
				break
			}
		}
	}
	if moved < len(reg.Kinds())/2 {
		t.Errorf("only %d of %d kinds have a record past its first state", moved, len(reg.Kinds()))
	}
	a.Close()

	out.Reset()
	if code := run(args, &out, &errb); code != 0 || strings.Contains(out.String(), "generated:") {
		t.Errorf("second run: exit %d, generated again: %s", code, out.String())
	}
}
