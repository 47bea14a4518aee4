package store

import (
	"archive/tar"
	"compress/gzip"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fazhi/internal/blob"
)

// A backup is a tar.gz holding "fazhi.db" (a consistent copy of the
// embedded database made with VACUUM INTO while the server runs) and
// "blobs/<sha256>" for every attachment. Restore unpacks it into an empty
// data directory as DataDir/fazhi.db and DataDir/blobs.

// ErrPostgresBackup is returned by Backup on PostgreSQL.
var ErrPostgresBackup = errors.New("PostgreSQL 数据库请使用 pg_dump 备份，附件目录另行复制")

const backupDBName = "fazhi.db"

// Backup writes a consistent backup of the embedded database and the
// attachments to w while the store keeps serving.
func (db *DB) Backup(ctx context.Context, w io.Writer) (err error) {
	defer wrap(&err, "store.Backup")
	if db.dialect != sqlite {
		return ErrPostgresBackup
	}
	tmpDir, err := os.MkdirTemp(filepath.Dir(db.path), ".backup-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmpDir)
	copyPath := filepath.Join(tmpDir, backupDBName)
	conn, err := sql.Open("sqlite", "file:"+db.path+"?_pragma=busy_timeout(10000)")
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "VACUUM INTO ?", copyPath); err != nil {
		return fmt.Errorf("VACUUM INTO: %w", translateSQLite(err))
	}
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	if err := addFile(tw, backupDBName, copyPath); err != nil {
		return err
	}
	if d, ok := db.cfg.Blobs.(*blob.Dir); ok {
		err := d.Walk(ctx, func(sha string, size int64) error {
			rc, err := d.Open(ctx, sha)
			if err != nil {
				return err
			}
			defer rc.Close()
			if err := tw.WriteHeader(&tar.Header{Name: "blobs/" + sha, Mode: 0o600, Size: size, ModTime: time.Now()}); err != nil {
				return err
			}
			_, err = io.Copy(tw, rc)
			return err
		})
		if err != nil {
			return err
		}
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return gz.Close()
}

func addFile(tw *tar.Writer, name, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if err := tw.WriteHeader(&tar.Header{Name: name, Mode: 0o600, Size: fi.Size(), ModTime: fi.ModTime()}); err != nil {
		return err
	}
	_, err = io.Copy(tw, f)
	return err
}

// Restore unpacks a backup made by Backup into dataDir, which must be
// empty or absent: a restore never overwrites data. Each attachment is
// checked against its SHA-256.
func Restore(ctx context.Context, backupFile, dataDir string) (err error) {
	defer wrap(&err, "store.Restore(%s)", backupFile)
	if entries, err := os.ReadDir(dataDir); err == nil && len(entries) > 0 {
		return fmt.Errorf("数据目录 %s 不为空：请指定一个新的空目录再恢复，以免覆盖现有数据", dataDir)
	}
	if err := os.MkdirAll(dataDir, 0o700); err != nil {
		return err
	}
	f, err := os.Open(backupFile)
	if err != nil {
		return err
	}
	defer f.Close()
	gz, err := gzip.NewReader(f)
	if err != nil {
		return fmt.Errorf("不是有效的备份文件（应为 tar.gz）：%w", err)
	}
	tr := tar.NewReader(gz)
	var blobs *blob.Dir
	sawDB := false
	for {
		h, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("备份文件已损坏：%w", err)
		}
		switch {
		case h.Name == backupDBName:
			out, err := os.OpenFile(filepath.Join(dataDir, backupDBName), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
			if err != nil {
				return err
			}
			if _, err := io.Copy(out, tr); err != nil {
				out.Close()
				return err
			}
			if err := out.Close(); err != nil {
				return err
			}
			sawDB = true
		case strings.HasPrefix(h.Name, "blobs/"):
			sha := strings.TrimPrefix(h.Name, "blobs/")
			if blobs == nil {
				if blobs, err = blob.NewDir(filepath.Join(dataDir, "blobs")); err != nil {
					return err
				}
			}
			got, _, err := blobs.Put(ctx, tr, 0)
			if err != nil {
				return err
			}
			if got != sha {
				return fmt.Errorf("备份中的附件 %s 已损坏：内容与其SHA-256不符", sha)
			}
		default:
			return fmt.Errorf("备份文件中有不认识的条目 %q", h.Name)
		}
	}
	if !sawDB {
		return fmt.Errorf("备份文件中没有数据库 %s", backupDBName)
	}
	return nil
}
