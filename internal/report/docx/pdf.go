package docx

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"fazhi/internal/report"
)

// ErrNoLibreOffice: PDF needs LibreOffice, and it is not installed.
var ErrNoLibreOffice = errors.New("导出 PDF 需要 LibreOffice，本机未安装（Debian/Ubuntu：sudo apt-get install libreoffice-writer-nogui）；可先导出 .docx 再用 WPS 或 Word 另存为 PDF")

// Office is the LibreOffice program on PATH (soffice or libreoffice), or
// ErrNoLibreOffice.
func Office() (string, error) {
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", ErrNoLibreOffice
}

//go:embed fazhi-fonts.conf
var fontAliases []byte

// PDF converts a .docx to PDF with LibreOffice headless. Each conversion
// has its own profile directory, so conversions can run side by side, and
// a fontconfig file that adds to the system's the aliases from the fonts a
// GB/T 9704 document names (仿宋_GB2312 …) to the free ones Debian has
// (fazhi-fonts.conf); env is added to the process's environment.
func PDF(ctx context.Context, docx []byte, env ...string) ([]byte, error) {
	office, err := Office()
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "fazhi-pdf-")
	if err != nil {
		return nil, fmt.Errorf("docx.PDF: %w", err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "report.docx")
	if err := os.WriteFile(in, docx, 0o600); err != nil {
		return nil, fmt.Errorf("docx.PDF: %w", err)
	}
	aliases := filepath.Join(dir, "fazhi-fonts.conf")
	fonts := filepath.Join(dir, "fonts.conf")
	conf := `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd"><fontconfig>` +
		`<include ignore_missing="yes">/etc/fonts/fonts.conf</include><include ignore_missing="yes">` + aliases + `</include></fontconfig>`
	if err := errors.Join(os.WriteFile(aliases, fontAliases, 0o600), os.WriteFile(fonts, []byte(conf), 0o600)); err != nil {
		return nil, fmt.Errorf("docx.PDF: %w", err)
	}
	profile := "file://" + filepath.ToSlash(filepath.Join(dir, "profile"))
	cmd := exec.CommandContext(ctx, office, "-env:UserInstallation="+profile, "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", dir, in)
	cmd.Env = append(append(os.Environ(), "HOME="+dir, "FONTCONFIG_FILE="+fonts), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("docx.PDF: LibreOffice 转换失败：%w：%s", err, bytes.TrimSpace(out.Bytes()))
	}
	pdf, err := os.ReadFile(filepath.Join(dir, "report.pdf"))
	if err != nil {
		return nil, fmt.Errorf("docx.PDF: LibreOffice 未生成 PDF：%s", bytes.TrimSpace(out.Bytes()))
	}
	return pdf, nil
}

// PDFOf writes d for LibreOffice and converts it to PDF.
func PDFOf(ctx context.Context, d report.Document) ([]byte, error) {
	if _, err := Office(); err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := WriteWith(&b, d, Options{ForLibreOffice: true}); err != nil {
		return nil, err
	}
	return PDF(ctx, b.Bytes())
}
