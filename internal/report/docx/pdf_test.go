package docx

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// needOffice skips (or, with FAZHI_REQUIRE_LIBREOFFICE=1, fails) without
// LibreOffice, poppler-utils and the fonts of scripts/fonts/install-fonts.sh.
func needOffice(t *testing.T) {
	t.Helper()
	missing := ""
	if _, err := Office(); err != nil {
		missing = "LibreOffice (apt-get install libreoffice-writer-nogui)"
	} else if _, err := exec.LookPath("pdffonts"); err != nil {
		missing = "poppler-utils (pdftotext, pdffonts)"
	} else if out, _ := exec.Command("fc-list").Output(); !strings.Contains(string(out), "FandolFang") || !strings.Contains(string(out), "Noto Serif CJK SC") {
		missing = "the fonts FandolFang and Noto CJK (run scripts/fonts/install-fonts.sh as root)"
	}
	if missing == "" {
		return
	}
	if os.Getenv("FAZHI_REQUIRE_LIBREOFFICE") == "1" {
		t.Fatalf("%s is required here (FAZHI_REQUIRE_LIBREOFFICE=1)", missing)
	}
	t.Skipf("needs %s", missing)
}

func run(t *testing.T, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).Output()
	if err != nil {
		t.Fatalf("%s %v: %v", name, args, err)
	}
	return string(out)
}

// TestPDF_LooksLikeAnOfficialDocument converts a three-page report with
// LibreOffice and reads the PDF back: page count, 22 lines on a full page,
// page numbers on the outer side, every sentence present, the fonts the
// aliases map to embedded.
func TestPDF_LooksLikeAnOfficialDocument(t *testing.T) {
	needOffice(t)
	d := richDocument(t)
	// A second report converted at the same time: each conversion has its
	// own LibreOffice profile, so neither waits for nor spoils the other.
	other := d
	other.Sections = other.Sections[:2]
	other.Title = "石桥乡关于2025年度法治政府建设情况的报告"
	var otherPDF []byte
	var otherErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		otherPDF, otherErr = PDFOf(context.Background(), other)
	}()
	start := time.Now()
	pdf, err := PDFOf(context.Background(), d)
	if err != nil {
		t.Fatal(err)
	}
	<-done
	t.Logf("two LibreOffice conversions side by side: %v", time.Since(start))
	if otherErr != nil || !strings.HasPrefix(string(otherPDF), "%PDF-") {
		t.Fatalf("the conversion beside it: %v", otherErr)
	}
	otherFile := filepath.Join(t.TempDir(), "other.pdf")
	os.WriteFile(otherFile, otherPDF, 0o600)
	if text := strings.ReplaceAll(run(t, "pdftotext", otherFile, "-"), " ", ""); !strings.Contains(text, "石桥乡关于2025年度") || strings.Contains(text, "云溪镇关于") {
		t.Errorf("the other conversion's text: %.200s", text)
	}
	file := filepath.Join(t.TempDir(), "report.pdf")
	if err := os.WriteFile(file, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	info := run(t, "pdfinfo", file)
	m := regexp.MustCompile(`Pages:\s+(\d+)`).FindStringSubmatch(info)
	pages, _ := strconv.Atoi(m[1])
	if pages != 3 {
		t.Errorf("%d pages, want 3 (about 50 lines of text at 22 a page)", pages)
	}
	if !strings.Contains(info, "(A4)") {
		t.Errorf("not A4: %s", info)
	}
	var all strings.Builder
	for p := 1; p <= pages; p++ {
		text := run(t, "pdftotext", "-layout", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), file, "-")
		var lines []string
		for _, l := range strings.Split(text, "\n") {
			if l = strings.TrimSpace(l); l != "" && l != "\f" {
				lines = append(lines, l)
			}
		}
		number := lines[len(lines)-1]
		if want := "—" + strconv.Itoa(p) + "—"; strings.ReplaceAll(number, " ", "") != want {
			t.Errorf("page %d ends with %q, want the page number %s", p, number, want)
		}
		body := len(lines) - 1
		if p == 2 && body != 22 {
			t.Errorf("page 2 (full) has %d lines, want 22:\n%s", body, strings.Join(lines, "\n"))
		}
		if p == 1 && (body < 18 || body > 22) {
			t.Errorf("page 1 has %d lines", body)
		}
		// Odd page numbers on the right, even ones on the left.
		bbox := run(t, "pdftotext", "-bbox", "-f", strconv.Itoa(p), "-l", strconv.Itoa(p), file, "-")
		xs := regexp.MustCompile(`xMin="([\d.]+)"[^>]*>` + strconv.Itoa(p) + `<`).FindStringSubmatch(bbox)
		if xs == nil {
			t.Errorf("page %d: no page number in %s", p, bbox[:min(len(bbox), 300)])
		} else if x, _ := strconv.ParseFloat(xs[1], 64); p%2 == 1 && x < 297 || p%2 == 0 && x > 297 {
			t.Errorf("page %d: page number at x=%.0f, not on the outer side", p, x)
		}
		for _, l := range lines[:body] {
			all.WriteString(l)
		}
	}
	// Every sentence is in the PDF (LibreOffice once dropped a full stop
	// hanging at the end of a justified line).
	got := strings.ReplaceAll(all.String(), " ", "")
	for _, s := range d.Sections {
		for _, p := range strings.Split(s.Body, "\n") {
			if p = strings.ReplaceAll(strings.TrimSpace(p), " ", ""); p != "" && !strings.Contains(got, p) {
				t.Errorf("paragraph missing from the PDF: %s", p)
			}
		}
	}
	fonts := run(t, "pdffonts", file)
	for _, f := range []string{"FandolFang", "FandolKai", "NotoSansCJK", "NotoSerifCJK"} {
		if !strings.Contains(fonts, f) {
			t.Errorf("font %s not embedded:\n%s", f, fonts)
		}
	}
	for _, l := range strings.Split(fonts, "\n")[2:] {
		if f := strings.Fields(l); len(f) > 4 && f[len(f)-5] != "yes" {
			t.Errorf("font not embedded: %s", l)
		}
	}
}

// TestPDF_WithoutLibreOffice: a clear Chinese message.
func TestPDF_WithoutLibreOffice(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, err := PDFOf(context.Background(), richDocument(t))
	if !errors.Is(err, ErrNoLibreOffice) || !strings.Contains(err.Error(), "需要 LibreOffice") {
		t.Fatalf("err = %v", err)
	}
}
