// Package safezip opens a zip archive from an upload (.docx, .xlsx) within
// bounds, so a small file cannot unpack to gigabytes: the number of entries,
// each entry's unpacked size, the total unpacked across the archive and each
// entry's compression ratio are capped, both by the sizes the archive
// declares (refused before anything is inflated) and by the bytes actually
// read (a lying header stops at its limit). An entry that is itself a zip
// archive is refused (nested bombs), and reading stops when the context is
// done, so work ends when the client goes.
//
// Readers stream: nothing is held beyond the caller's buffer.
package safezip

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
)

// Limits bounds one archive. A zero field takes its default.
type Limits struct {
	MaxEntries int   // entries in the central directory (default 10,000)
	MaxEntry   int64 // unpacked bytes of one entry (default 20 MiB)
	MaxTotal   int64 // unpacked bytes read from the whole archive (default 4×MaxEntry)
	// MaxRatio caps unpacked/compressed of an entry (default 100; deflate
	// reaches about 1,000 only on degenerate input, real XML 5–30).
	MaxRatio int64
	// Nested allows entries that are zip archives themselves (default refused).
	Nested bool
}

// ratioSlack is the unpacked size below which the ratio is not checked: a
// tiny entry of repeated tags may compress 200:1 and costs nothing.
const ratioSlack = 1 << 20

func (l Limits) withDefaults() Limits {
	if l.MaxEntries <= 0 {
		l.MaxEntries = 10000
	}
	if l.MaxEntry <= 0 {
		l.MaxEntry = 20 << 20
	}
	if l.MaxTotal <= 0 {
		l.MaxTotal = 4 * l.MaxEntry
	}
	if l.MaxRatio <= 0 {
		l.MaxRatio = 100
	}
	return l
}

// ErrBomb is wrapped by every refusal for exceeding a bound; the error's
// text is a Chinese sentence naming the bound, for the user.
var ErrBomb = errors.New("safezip: archive exceeds its bounds")

type bombError struct{ msg string }

func (e *bombError) Error() string { return e.msg }
func (e *bombError) Unwrap() error { return ErrBomb }

func bomb(format string, a ...any) error { return &bombError{fmt.Sprintf(format, a...)} }

// Reader is an archive opened within Limits.
type Reader struct {
	zr   *zip.Reader
	lim  Limits
	read int64 // unpacked bytes handed out so far, all entries
}

// NewReader opens the archive in data. It refuses, before inflating
// anything, an archive with too many entries or any entry whose declared
// size or ratio is beyond the limits (a bomb is refused as a whole, not
// only when its part is read).
func NewReader(data []byte, lim Limits) (*Reader, error) {
	lim = lim.withDefaults()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	if len(zr.File) > lim.MaxEntries {
		return nil, bomb("压缩包内有 %d 个文件，超过上限 %d 个", len(zr.File), lim.MaxEntries)
	}
	var total uint64
	for _, f := range zr.File {
		if err := lim.checkDeclared(f); err != nil {
			return nil, err
		}
		total += f.UncompressedSize64
	}
	// Overlapping entries (many names pointing at one compressed stream)
	// declare a total far beyond the file: refuse by the declared sum.
	if total > uint64(lim.MaxTotal) {
		return nil, bomb("压缩包解压后共 %s，超过上限 %s（疑似压缩炸弹）", size(total), size(uint64(lim.MaxTotal)))
	}
	return &Reader{zr: zr, lim: lim}, nil
}

func (l Limits) checkDeclared(f *zip.File) error {
	if f.UncompressedSize64 > uint64(l.MaxEntry) {
		return bomb("压缩包中的 %s 解压后 %s，超过单个部件上限 %s（疑似压缩炸弹）", f.Name, size(f.UncompressedSize64), size(uint64(l.MaxEntry)))
	}
	if f.UncompressedSize64 > ratioSlack && f.UncompressedSize64 > uint64(l.MaxRatio)*max(f.CompressedSize64, 1) {
		return bomb("压缩包中的 %s 压缩比超过 %d:1（疑似压缩炸弹）", f.Name, l.MaxRatio)
	}
	return nil
}

// Files lists the entries, for callers that look parts up by name.
func (r *Reader) Files() []*zip.File { return r.zr.File }

// Find returns the first entry named name, or nil.
func (r *Reader) Find(name string) *zip.File {
	for _, f := range r.zr.File {
		if f.Name == name {
			return f
		}
	}
	return nil
}

// Open streams one entry, counting what it hands out against the entry's
// and the archive's limits; reads fail once ctx is done.
func (r *Reader) Open(ctx context.Context, f *zip.File) (io.ReadCloser, error) {
	if err := r.lim.checkDeclared(f); err != nil {
		return nil, err
	}
	rc, err := f.Open()
	if err != nil {
		return nil, err
	}
	return &entry{ctx: ctx, rc: rc, r: r, f: f, first: !r.lim.Nested}, nil
}

// ReadAll reads one entry whole (for small parts such as numbering.xml).
func (r *Reader) ReadAll(ctx context.Context, f *zip.File) ([]byte, error) {
	rc, err := r.Open(ctx, f)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	return io.ReadAll(rc)
}

type entry struct {
	ctx   context.Context
	rc    io.ReadCloser
	r     *Reader
	f     *zip.File
	n     int64
	first bool // the nested-archive check is still due
	head  []byte
}

var zipMagic = []byte("PK\x03\x04")

func (e *entry) Read(p []byte) (int, error) {
	if err := e.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := e.rc.Read(p)
	e.n += int64(n)
	e.r.read += int64(n)
	if e.first && n > 0 {
		e.head = append(e.head, p[:min(n, len(zipMagic)-len(e.head))]...)
		if len(e.head) == len(zipMagic) || err != nil {
			e.first = false
			if bytes.Equal(e.head, zipMagic) {
				return 0, bomb("压缩包中的 %s 本身又是压缩包（嵌套压缩包不予处理）", e.f.Name)
			}
		}
	}
	switch {
	case e.n > e.r.lim.MaxEntry:
		return 0, bomb("压缩包中的 %s 解压后超过单个部件上限 %s（疑似压缩炸弹）", e.f.Name, size(uint64(e.r.lim.MaxEntry)))
	case e.r.read > e.r.lim.MaxTotal:
		return 0, bomb("压缩包解压后超过上限 %s（疑似压缩炸弹）", size(uint64(e.r.lim.MaxTotal)))
	case e.n > ratioSlack && e.n > e.r.lim.MaxRatio*int64(max(e.f.CompressedSize64, 1)):
		return 0, bomb("压缩包中的 %s 压缩比超过 %d:1（疑似压缩炸弹）", e.f.Name, e.r.lim.MaxRatio)
	}
	return n, err
}

func (e *entry) Close() error { return e.rc.Close() }

func size(n uint64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%d KB", (n+1023)/1024)
}
