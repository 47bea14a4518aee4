package proofread

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// cpuSeconds is this process's user + system time so far.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	tv := func(t syscall.Timeval) float64 { return float64(t.Sec) + float64(t.Usec)/1e6 }
	return tv(ru.Utime) + tv(ru.Stime)
}

// autocorrectScript lints every file given with autocorrect-node and prints
// the bytes and the CPU seconds it used (process.cpuUsage), as JSON.
const autocorrectScript = `const fs = require("fs");
const a = require("autocorrect-node");
const files = process.argv.slice(2);
const texts = files.map(f => fs.readFileSync(f, "utf8"));
let bytes = 0, lines = 0;
const t0 = process.cpuUsage();
for (const t of texts) { bytes += Buffer.byteLength(t); lines += a.lintFor(t, "text.txt").lines.length; }
const cu = process.cpuUsage(t0);
console.log(JSON.stringify({bytes, lines, cpu: (cu.user + cu.system) / 1e6, version: require("autocorrect-node/package.json").version}));
`

// TestBench_VersusAutocorrect measures fazhi's engine (every rule, the
// language layer included, its dictionary loaded inside the measurement) and
// autocorrect-node on the same text in one run, in MB per CPU second, and
// prints both side by side. It runs only when FAZHI_AUTOCORRECT_DIR names a
// directory where `npm install autocorrect-node@2.14` was run (outside the
// repository); FAZHI_BENCH_MB sets the input size (default 20).
func TestBench_VersusAutocorrect(t *testing.T) {
	dir := os.Getenv("FAZHI_AUTOCORRECT_DIR")
	if dir == "" {
		t.Skip("FAZHI_AUTOCORRECT_DIR is not set (a directory with node_modules/autocorrect-node; see docs/benchmarks.md)")
	}
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "autocorrect-node")); err != nil {
		t.Skipf("autocorrect-node is not installed in %s: %v", dir, err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	seeds := seedTexts(t)
	mb := 20
	if v, err := strconv.Atoi(os.Getenv("FAZHI_BENCH_MB")); err == nil && v > 0 && v <= 48 {
		mb = v
	}
	tmp := t.TempDir()
	// one big report, and the seeds as separate reports up to the same size
	var big strings.Builder
	var reports []string
	for big.Len() < mb<<20 {
		for _, s := range seeds {
			big.WriteString(s)
			big.WriteString("\n")
			reports = append(reports, s)
		}
	}
	bigPath := filepath.Join(tmp, "big.txt")
	if err := os.WriteFile(bigPath, []byte(big.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var seedPaths []string
	for i, s := range seeds {
		p := filepath.Join(tmp, fmt.Sprintf("seed%d.txt", i))
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
		seedPaths = append(seedPaths, p)
	}
	script := filepath.Join(tmp, "ac.js")
	if err := os.WriteFile(script, []byte(autocorrectScript), 0o644); err != nil {
		t.Fatal(err)
	}
	runAC := func(files ...string) (bytes int, cpu float64, version string) {
		cmd := exec.Command(node, append([]string{script}, files...)...)
		cmd.Env = append(os.Environ(), "NODE_PATH="+filepath.Join(dir, "node_modules"))
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("autocorrect-node: %v", err)
		}
		var r struct {
			Bytes   int
			Cpu     float64
			Version string
		}
		if err := json.Unmarshal(out, &r); err != nil {
			t.Fatalf("autocorrect-node output %q: %v", out, err)
		}
		return r.Bytes, r.Cpu, r.Version
	}
	ctx := context.Background()
	runtime.GC()
	// fazhi, one big report: the checker (and its dictionary) built inside
	// the measurement
	c0, w0 := cpuSeconds(), time.Now()
	baseShortOnce, baseShortMap = sync.Once{}, nil // the dictionary's load is part of the cost
	c, err := NewChecker(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Check(ctx, "big.txt", []byte(big.String())); err != nil {
		t.Fatal(err)
	}
	fBigCPU, fBigWall := cpuSeconds()-c0, time.Since(w0)
	// fazhi, report by report
	c0 = cpuSeconds()
	n := 0
	for i, s := range reports {
		if _, err := c.Check(ctx, fmt.Sprintf("r%d.txt", i), []byte(s)); err != nil {
			t.Fatal(err)
		}
		n += len(s)
	}
	fRepCPU := cpuSeconds() - c0
	aBigBytes, aBigCPU, version := runAC(bigPath)
	// autocorrect report by report: the seeds, repeated in the script's loop
	var files []string
	for len(files) < len(reports) {
		files = append(files, seedPaths...)
	}
	aRepBytes, aRepCPU, _ := runAC(files[:len(reports)]...)
	rate := func(bytes int, cpu float64) float64 { return float64(bytes) / (1 << 20) / cpu }
	fmt.Printf("benchmark on this machine, %d MB of the seed reports (GOMAXPROCS %d):\n", mb, runtime.GOMAXPROCS(0))
	fmt.Printf("  %-34s %8s %10s %14s\n", "", "MB", "CPU s", "MB per CPU s")
	fmt.Printf("  %-34s %8.1f %10.2f %14.2f  (wall %.2fs)\n", "fazhi, one report", float64(big.Len())/(1<<20), fBigCPU, rate(big.Len(), fBigCPU), fBigWall.Seconds())
	fmt.Printf("  %-34s %8.1f %10.2f %14.2f\n", "autocorrect-node "+version+", one report", float64(aBigBytes)/(1<<20), aBigCPU, rate(aBigBytes, aBigCPU))
	fmt.Printf("  %-34s %8.1f %10.2f %14.2f\n", fmt.Sprintf("fazhi, %d reports", len(reports)), float64(n)/(1<<20), fRepCPU, rate(n, fRepCPU))
	fmt.Printf("  %-34s %8.1f %10.2f %14.2f\n", fmt.Sprintf("autocorrect-node, %d reports", len(reports)), float64(aRepBytes)/(1<<20), aRepCPU, rate(aRepBytes, aRepCPU))
	fmt.Printf("  fazhi / autocorrect: %.2f× (one report), %.2f× (report by report)\n",
		rate(big.Len(), fBigCPU)/rate(aBigBytes, aBigCPU), rate(n, fRepCPU)/rate(aRepBytes, aRepCPU))
}

// TestDictionaryMemory prints what the language layer's dictionary costs to
// build: heap and time of parsing the embedded word list.
func TestDictionaryMemory(t *testing.T) {
	data, err := lexiconData.ReadFile("data/words.txt")
	if err != nil {
		t.Fatal(err)
	}
	var m0, m1 runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&m0)
	t0 := time.Now()
	ws, err := parseDict(data, "words.txt")
	el := time.Since(t0)
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	runtime.ReadMemStats(&m1)
	size := cap(ws.keys)*16 + cap(ws.entries)*8 + len(ws.first)*4
	fmt.Printf("dictionary: %d words, %.1f MB of text; table by runes %.1f MB (%.1f MB more heap after GC), parsed in %v\n",
		ws.len(), float64(len(data))/(1<<20), float64(size)/(1<<20), float64(int64(m1.HeapAlloc)-int64(m0.HeapAlloc))/(1<<20), el)
	runtime.KeepAlive(ws)
	if ws.len() < 100000 {
		t.Errorf("dictionary has %d words, want the gse list (over 100,000)", ws.len())
	}
}
