package blob

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/iotest"
)

func newDir(t testing.TB) *Dir {
	t.Helper()
	d, err := NewDir(filepath.Join(t.TempDir(), "blobs"))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func sum(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}

func payload(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 7))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

func tmpFiles(t *testing.T, d *Dir) []string {
	t.Helper()
	es, err := os.ReadDir(filepath.Join(d.Root(), tmpDir))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestDir_PutOpenHas(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	data := payload(300_000, 1)
	sha, size, err := d.Put(ctx, bytes.NewReader(data), 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if sha != sum(data) || size != int64(len(data)) {
		t.Fatalf("Put = %s, %d; want %s, %d", sha, size, sum(data), len(data))
	}
	// Content-addressed layout root/ab/cd/<sha>.
	if _, err := os.Stat(filepath.Join(d.Root(), sha[:2], sha[2:4], sha)); err != nil {
		t.Errorf("blob not at its content address: %v", err)
	}
	f, err := d.Open(ctx, sha)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(f)
	f.Close()
	if !bytes.Equal(got, data) {
		t.Error("Open returned other bytes")
	}
	if ok, err := d.Has(ctx, sha); !ok || err != nil {
		t.Errorf("Has = %v, %v", ok, err)
	}
	// The same bytes again: same name, still one file, no temp left.
	sha2, _, err := d.Put(ctx, iotest.OneByteReader(bytes.NewReader(data[:1000])), 0)
	if err != nil || sha2 != sum(data[:1000]) {
		t.Fatalf("second Put = %s, %v", sha2, err)
	}
	if again, _, _ := d.Put(ctx, bytes.NewReader(data), 1<<20); again != sha {
		t.Error("same bytes got another name")
	}
	n := 0
	d.Walk(ctx, func(string, int64) error { n++; return nil })
	if n != 2 || len(tmpFiles(t, d)) != 0 {
		t.Errorf("%d blobs, temp files %v; want 2 and none", n, tmpFiles(t, d))
	}
	// Empty attachments are stored too.
	if s, sz, err := d.Put(ctx, strings.NewReader(""), 10); err != nil || sz != 0 || s != sum(nil) {
		t.Errorf("empty Put = %s %d %v", s, sz, err)
	}
}

func TestDir_SizeLimit(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	if _, size, err := d.Put(ctx, bytes.NewReader(payload(1024, 2)), 1024); err != nil || size != 1024 {
		t.Fatalf("exactly at the limit: %d, %v", size, err)
	}
	_, _, err := d.Put(ctx, bytes.NewReader(payload(1025, 3)), 1024)
	if !errors.Is(err, ErrTooLarge) || err.Error() != "附件超过大小上限 1 KB，请压缩或拆分后再上传" {
		t.Fatalf("one byte over: %v", err)
	}
	_, _, err = d.Put(ctx, bytes.NewReader(payload(30<<20, 4)), 20<<20)
	if err == nil || !strings.Contains(err.Error(), "20 MB") {
		t.Fatalf("30 MB over 20 MB: %v", err)
	}
	if ok, _ := d.Has(ctx, sum(payload(1025, 3))); ok {
		t.Error("a refused upload was stored")
	}
	if tmp := tmpFiles(t, d); len(tmp) != 0 {
		t.Errorf("refused uploads left temp files: %v", tmp)
	}
}

func TestDir_PutStopsWhenContextEnds(t *testing.T) {
	d := newDir(t)
	ctx, cancel := context.WithCancel(context.Background())
	r := io.MultiReader(bytes.NewReader(payload(1000, 5)), readerFunc(func(p []byte) (int, error) {
		cancel()
		return copy(p, "x"), nil
	}), bytes.NewReader(payload(1000, 6)))
	if _, _, err := d.Put(ctx, r, 0); !errors.Is(err, context.Canceled) {
		t.Fatalf("Put after cancel: %v", err)
	}
	if tmp := tmpFiles(t, d); len(tmp) != 0 {
		t.Errorf("cancelled upload left %v", tmp)
	}
}

type readerFunc func([]byte) (int, error)

func (f readerFunc) Read(p []byte) (int, error) { return f(p) }

func TestDir_BadAndMissingNames(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	missing := sum([]byte("never stored"))
	if _, err := d.Open(ctx, missing); !errors.Is(err, ErrNotFound) {
		t.Errorf("Open(missing) = %v, want ErrNotFound", err)
	}
	if ok, err := d.Has(ctx, missing); ok || err != nil {
		t.Errorf("Has(missing) = %v, %v", ok, err)
	}
	for _, bad := range []string{"", "../../etc/passwd", strings.ToUpper(missing), missing[:63], missing + "0", "tmp", "../" + missing[3:], missing[:62] + "/x"} {
		if _, err := d.Open(ctx, bad); !errors.Is(err, ErrBadSHA) {
			t.Errorf("Open(%q) = %v, want ErrBadSHA", bad, err)
		}
		if _, err := d.Has(ctx, bad); !errors.Is(err, ErrBadSHA) {
			t.Errorf("Has(%q) = %v, want ErrBadSHA", bad, err)
		}
	}
}

func TestDir_WalkAndCopyTo(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	want := map[string]int64{}
	for i := range 20 {
		b := payload(100+i*37, uint64(i))
		sha, size, err := d.Put(ctx, bytes.NewReader(b), 0)
		if err != nil {
			t.Fatal(err)
		}
		want[sha] = size
	}
	// Strays that are not blobs are ignored.
	os.WriteFile(filepath.Join(d.Root(), tmpDir, "put-123"), []byte("half"), 0o600)
	os.WriteFile(filepath.Join(d.Root(), "README"), []byte("x"), 0o600)
	got := map[string]int64{}
	prev := ""
	if err := d.Walk(ctx, func(sha string, size int64) error {
		if sha <= prev {
			t.Errorf("Walk out of order: %s after %s", sha, prev)
		}
		prev = sha
		got[sha] = size
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("Walk saw %d blobs, want %d", len(got), len(want))
	}
	for sha, size := range want {
		if got[sha] != size {
			t.Errorf("Walk: %s size %d, want %d", sha, got[sha], size)
		}
	}

	backup := filepath.Join(t.TempDir(), "backup", "blobs")
	n, err := d.CopyTo(ctx, backup)
	if err != nil || n != 20 {
		t.Fatalf("CopyTo = %d, %v", n, err)
	}
	b, _ := NewDir(backup)
	for sha := range want {
		f, err := b.Open(ctx, sha)
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(f)
		f.Close()
		if sum(data) != sha {
			t.Errorf("backup copy of %s differs", sha)
		}
	}
	if n, err := d.CopyTo(ctx, backup); err != nil || n != 0 {
		t.Errorf("second CopyTo = %d, %v; want 0 copied", n, err)
	}
	// A new blob: only it is copied.
	d.Put(ctx, strings.NewReader("新附件"), 0)
	if n, err := d.CopyTo(ctx, backup); err != nil || n != 1 {
		t.Errorf("incremental CopyTo = %d, %v; want 1", n, err)
	}
	if _, err := d.CopyTo(ctx, d.Root()); err == nil {
		t.Error("CopyTo onto itself accepted")
	}
}

func TestDir_CopyToDetectsADamagedBlob(t *testing.T) {
	ctx := context.Background()
	d := newDir(t)
	sha, _, err := d.Put(ctx, strings.NewReader("原始内容"), 0)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(d.Root(), sha[:2], sha[2:4], sha)
	if err := os.WriteFile(p, []byte("被改动的内容"), 0o640); err != nil {
		t.Fatal(err)
	}
	_, err = d.CopyTo(ctx, filepath.Join(t.TempDir(), "b"))
	if err == nil || !strings.Contains(err.Error(), "附件 "+sha+" 已损坏") {
		t.Errorf("CopyTo of a damaged blob: %v", err)
	}
}

func FuzzDirNames(f *testing.F) {
	d := newDir(f)
	outside := filepath.Join(filepath.Dir(d.Root()), "secret")
	os.WriteFile(outside, []byte("outside"), 0o600)
	stored, _, _ := d.Put(context.Background(), strings.NewReader("inside"), 0)
	for _, s := range []string{stored, "../secret", "..", "/etc/passwd", "tmp", strings.Repeat("a", 64), strings.Repeat(".", 64), stored[:2] + "/" + stored[3:]} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		ctx := context.Background()
		rc, err := d.Open(ctx, name)
		if !ValidSHA(name) {
			if !errors.Is(err, ErrBadSHA) {
				t.Fatalf("Open(%q) = %v, want ErrBadSHA", name, err)
			}
			if _, err := d.Has(ctx, name); !errors.Is(err, ErrBadSHA) {
				t.Fatalf("Has(%q) = %v, want ErrBadSHA", name, err)
			}
			return
		}
		p, _ := d.path(name)
		if rel, err := filepath.Rel(d.Root(), p); err != nil || strings.HasPrefix(rel, "..") || filepath.IsAbs(rel) {
			t.Fatalf("%q maps outside the store: %s", name, p)
		}
		if err != nil {
			if !errors.Is(err, ErrNotFound) {
				t.Fatalf("Open(%q) = %v", name, err)
			}
			return
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if name != stored || string(data) != "inside" {
			t.Fatalf("Open(%q) read %q", name, data)
		}
	})
}

func BenchmarkPut1MB(b *testing.B) {
	d := newDir(b)
	data := payload(1<<20, 9)
	b.SetBytes(int64(len(data)))
	for i := 0; b.Loop(); i++ {
		data[0], data[1], data[2] = byte(i), byte(i>>8), byte(i>>16) // a new blob each time
		if _, _, err := d.Put(context.Background(), bytes.NewReader(data), 0); err != nil {
			b.Fatal(err)
		}
	}
}

func TestHumanSize(t *testing.T) {
	for n, want := range map[int64]string{512: "512 字节", 1024: "1 KB", 20 << 20: "20 MB", 1<<20 + 1<<19: "1.5 MB", 2 << 30: "2 GB"} {
		if got := HumanSize(n); got != want {
			t.Errorf("HumanSize(%d) = %q, want %q", n, got, want)
		}
	}
}
