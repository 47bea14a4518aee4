package loadtest

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// PeakRSS returns the peak resident set size (VmHWM) of process pid in
// bytes, read from /proc/<pid>/status (Linux only).
func PeakRSS(pid int) (int64, error) {
	return procStatusKB(pid, "VmHWM")
}

// RSS returns the current resident set size (VmRSS) of process pid in bytes.
func RSS(pid int) (int64, error) {
	return procStatusKB(pid, "VmRSS")
}

// ResetPeakRSS sets process pid's VmHWM back to its current RSS, so a later
// PeakRSS measures one phase alone (Linux 4.0+; needs permission to write
// /proc/<pid>/clear_refs, i.e. the same user).
func ResetPeakRSS(pid int) error {
	return os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0)
}

func procStatusKB(pid int, key string) (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, fmt.Errorf("reading memory of process %d: %w", pid, err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		name, val, ok := strings.Cut(sc.Text(), ":")
		if !ok || name != key {
			continue
		}
		num, unit, _ := strings.Cut(strings.TrimSpace(val), " ")
		kb, err := strconv.ParseInt(num, 10, 64)
		if err != nil || unit != "kB" {
			return 0, fmt.Errorf("process %d: unexpected %s line %q", pid, key, sc.Text())
		}
		return kb << 10, nil
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("process %d: no %s in /proc status", pid, key)
}
