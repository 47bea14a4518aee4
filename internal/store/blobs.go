package store

import (
	"context"
	"io"
)

// BlobStore is what the store needs of attachment storage.
// TODO(store): replace with blob.Store once internal/blob lands.
type BlobStore interface {
	Put(ctx context.Context, r io.Reader) (sha string, size int64, err error)
	Open(ctx context.Context, sha string) (io.ReadCloser, error)
}
