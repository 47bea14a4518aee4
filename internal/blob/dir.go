package blob

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Dir is a Store in a directory: blob <sha> lives at root/<sha[0:2]>/<sha[2:4]>/<sha>.
// Uploads are written to root/tmp first and renamed into place, so a blob
// is either whole or absent, even after a crash.
type Dir struct {
	root string
}

var _ Store = (*Dir)(nil)

const tmpDir = "tmp"

// NewDir opens (creating if needed) a blob directory.
func NewDir(root string) (*Dir, error) {
	if root == "" {
		return nil, fmt.Errorf("附件目录未指定")
	}
	abs, err := filepath.Abs(root)
	if err != nil {
		return nil, fmt.Errorf("附件目录 %s：%w", root, err)
	}
	if err := os.MkdirAll(filepath.Join(abs, tmpDir), 0o700); err != nil {
		return nil, fmt.Errorf("创建附件目录 %s 失败：%w", abs, err)
	}
	// Owner only, also when it existed before: no one else reaches a blob.
	if err := os.Chmod(abs, 0o700); err != nil {
		return nil, fmt.Errorf("附件目录 %s 无法设为仅属主可访问：%w", abs, err)
	}
	return &Dir{root: abs}, nil
}

// Root is the directory's absolute path.
func (d *Dir) Root() string { return d.root }

// path is where a valid sha lives.
func (d *Dir) path(sha string) (string, error) {
	if !ValidSHA(sha) {
		return "", ErrBadSHA
	}
	return filepath.Join(d.root, sha[0:2], sha[2:4], sha), nil
}

// Put implements Store.
func (d *Dir) Put(ctx context.Context, r io.Reader, maxSize int64) (sha string, size int64, err error) {
	tmp, err := os.CreateTemp(filepath.Join(d.root, tmpDir), "put-*")
	if err != nil {
		return "", 0, fmt.Errorf("blob.Put: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	h := sha256.New()
	src := io.Reader(ctxReader{ctx, r})
	if maxSize > 0 {
		src = io.LimitReader(src, maxSize+1)
	}
	size, err = io.Copy(io.MultiWriter(tmp, h), src)
	if err != nil {
		return "", 0, fmt.Errorf("blob.Put: %w", err)
	}
	if maxSize > 0 && size > maxSize {
		return "", 0, &TooLargeError{Max: maxSize}
	}
	if err = tmp.Sync(); err != nil {
		return "", 0, fmt.Errorf("blob.Put: %w", err)
	}
	if err = tmp.Close(); err != nil {
		return "", 0, fmt.Errorf("blob.Put: %w", err)
	}
	sha = hex.EncodeToString(h.Sum(nil))
	dst, _ := d.path(sha)
	if _, statErr := os.Stat(dst); statErr == nil {
		os.Remove(tmp.Name()) // already stored: same bytes
		return sha, size, nil
	}
	if err = os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return "", 0, fmt.Errorf("blob.Put: %w", err)
	}
	if err = os.Chmod(tmp.Name(), 0o600); err != nil {
		return "", 0, fmt.Errorf("blob.Put: %w", err)
	}
	if err = os.Rename(tmp.Name(), dst); err != nil {
		return "", 0, fmt.Errorf("blob.Put: %w", err)
	}
	return sha, size, nil
}

// Open implements Store.
func (d *Dir) Open(ctx context.Context, sha string) (io.ReadCloser, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p, err := d.path(sha)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%w：%s", ErrNotFound, sha)
	}
	if err != nil {
		return nil, fmt.Errorf("blob.Open(%s): %w", sha, err)
	}
	return f, nil
}

// Has implements Store.
func (d *Dir) Has(ctx context.Context, sha string) (bool, error) {
	if err := ctx.Err(); err != nil {
		return false, err
	}
	p, err := d.path(sha)
	if err != nil {
		return false, err
	}
	_, err = os.Stat(p)
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, fs.ErrNotExist):
		return false, nil
	}
	return false, fmt.Errorf("blob.Has(%s): %w", sha, err)
}

// Walk calls fn for every stored blob, in lexical order of sha. Files that
// are not blobs (temporary uploads, strays) are skipped.
func (d *Dir) Walk(ctx context.Context, fn func(sha string, size int64) error) error {
	return filepath.WalkDir(d.root, func(p string, e fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("blob.Walk: %w", err)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if e.IsDir() {
			if p != d.root && e.Name() == tmpDir && filepath.Dir(p) == d.root {
				return filepath.SkipDir
			}
			return nil
		}
		sha := e.Name()
		if want, err := d.path(sha); err != nil || want != p || !e.Type().IsRegular() {
			return nil
		}
		info, err := e.Info()
		if err != nil {
			return fmt.Errorf("blob.Walk: %w", err)
		}
		return fn(sha, info.Size())
	})
}

// CopyTo copies every blob into the blob directory dst (created if needed),
// checking each against its SHA-256 on the way, so a backup never carries a
// damaged file silently. Blobs dst already has are skipped, so repeated
// backups to one place copy only what is new. Restore is the same call in
// the other direction.
func (d *Dir) CopyTo(ctx context.Context, dst string) (copied int, err error) {
	to, err := NewDir(dst)
	if err != nil {
		return 0, err
	}
	if to.root == d.root {
		return 0, fmt.Errorf("blob.CopyTo: 目标目录与附件目录相同：%s", dst)
	}
	err = d.Walk(ctx, func(sha string, size int64) error {
		if ok, err := to.Has(ctx, sha); err != nil || ok {
			return err
		}
		f, err := d.Open(ctx, sha)
		if err != nil {
			return err
		}
		defer f.Close()
		got, n, err := to.Put(ctx, f, 0)
		if err != nil {
			return err
		}
		if got != sha || n != size {
			return fmt.Errorf("附件 %s 已损坏：内容与其SHA-256不符", sha)
		}
		copied++
		return nil
	})
	if err != nil {
		return copied, fmt.Errorf("复制附件到 %s：%w", dst, err)
	}
	return copied, nil
}

// ctxReader stops a copy when its context ends.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}
