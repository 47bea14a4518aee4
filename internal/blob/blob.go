// Package blob stores attachments by content: a file is named by the
// SHA-256 of its bytes, so equal uploads are kept once, a name cannot point
// outside the store, and a backup can check every file against its name.
package blob

import (
	"context"
	"errors"
	"fmt"
	"io"
)

// Store is attachment storage as the rest of the system sees it.
type Store interface {
	// Put stores the bytes of r, refusing with an error matching
	// ErrTooLarge when there are more than maxSize (maxSize <= 0: no limit),
	// and returns their lowercase hex SHA-256 and size.
	Put(ctx context.Context, r io.Reader, maxSize int64) (sha string, size int64, err error)
	// Open reads a stored blob; a missing one is an error matching ErrNotFound.
	Open(ctx context.Context, sha string) (io.ReadCloser, error)
	// Has reports whether a blob is stored.
	Has(ctx context.Context, sha string) (bool, error)
}

var (
	ErrNotFound = errors.New("附件不存在")
	ErrTooLarge = errors.New("附件过大")
	ErrBadSHA   = errors.New("附件标识无效：应为64位小写十六进制的SHA-256")
)

// TooLargeError says how large a blob may be; it matches ErrTooLarge.
type TooLargeError struct{ Max int64 }

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("附件超过大小上限 %s，请压缩或拆分后再上传", HumanSize(e.Max))
}

func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// HumanSize writes a byte count the way the UI shows limits: "20 MB".
func HumanSize(n int64) string {
	switch {
	case n >= 1<<30 && n%(1<<30) == 0:
		return fmt.Sprintf("%d GB", n>>30)
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d 字节", n)
}

// ValidSHA reports whether s is a lowercase hex SHA-256, the only names a
// store accepts.
func ValidSHA(s string) bool {
	if len(s) != 64 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
