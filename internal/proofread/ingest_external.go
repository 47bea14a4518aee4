package proofread

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// externalTimeout bounds one conversion by pdftotext or LibreOffice.
const externalTimeout = 2 * time.Minute

// pdfLines extracts a PDF's text with Debian's pdftotext (poppler-utils).
func pdfLines(ctx context.Context, name string, data []byte) ([]string, error) {
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		return nil, fmt.Errorf("%s：读取 PDF 需要 pdftotext，本机未安装；请安装 poppler-utils（apt-get install poppler-utils）或将报告另存为 .docx/.txt", name)
	}
	dir, err := os.MkdirTemp("", "fazhi-pdf-")
	if err != nil {
		return nil, fmt.Errorf("%s：创建临时目录失败：%w", name, err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in.pdf")
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, fmt.Errorf("%s：写临时文件失败：%w", name, err)
	}
	ctx, cancel := context.WithTimeout(ctx, externalTimeout)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "-layout", "-enc", "UTF-8", in, "-").Output()
	if err != nil {
		return nil, fmt.Errorf("%s：PDF 无法读取（文件损坏、加密或被截断）：%v", name, err)
	}
	if strings.TrimSpace(string(out)) == "" {
		return nil, fmt.Errorf("%s：PDF 中没有可提取的文字（可能是扫描件），请提供文字版报告", name)
	}
	return splitLines(string(out)), nil
}

// officeLines converts .doc and .wps with LibreOffice headless.
func officeLines(ctx context.Context, name string, data []byte, ext string) ([]string, error) {
	bin, err := exec.LookPath("soffice")
	if err != nil {
		if bin, err = exec.LookPath("libreoffice"); err != nil {
			return nil, fmt.Errorf("%s：读取 .doc/.wps 需要 LibreOffice，本机未安装；请安装 libreoffice-writer（apt-get install libreoffice-writer）或将报告另存为 .docx", name)
		}
	}
	if ext == "" {
		ext = ".doc"
	}
	dir, err := os.MkdirTemp("", "fazhi-doc-")
	if err != nil {
		return nil, fmt.Errorf("%s：创建临时目录失败：%w", name, err)
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in"+ext)
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, fmt.Errorf("%s：写临时文件失败：%w", name, err)
	}
	ctx, cancel := context.WithTimeout(ctx, externalTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "--headless", "--convert-to", "txt:Text (encoded):UTF8", "--outdir", dir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	if out, err := cmd.CombinedOutput(); err != nil {
		return nil, fmt.Errorf("%s：LibreOffice 转换失败（文件可能损坏）：%v %s", name, err, strings.TrimSpace(string(out)))
	}
	txt, err := os.ReadFile(filepath.Join(dir, "in.txt"))
	if err != nil {
		return nil, fmt.Errorf("%s：LibreOffice 未能转换该文件（文件可能损坏或不是 Word/WPS 文档）", name)
	}
	text, err := decodeText(name, txt)
	if err != nil {
		return nil, err
	}
	return splitLines(text), nil
}
