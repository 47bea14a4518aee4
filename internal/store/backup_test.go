package store

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"fazhi/internal/blob"
	"fazhi/internal/ledger"
)

// A backup taken while writers keep going restores into a store whose
// records, attachments and audit chain match the original as of the copy.
func testBackupRestore(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	c := f.actors["clerkA"]
	if e.dialect != "sqlite" {
		wantErr(t, e.db.Backup(ctx, &bytes.Buffer{}), ErrPostgresBackup, "PostgreSQL backup")
		return
	}
	first, err := e.db.CreateRecord(ctx, c, k, f.townA.ID, newCase("备份前的案件", "applicant_id", plantedID))
	must(t, err)
	at, err := e.db.AddAttachment(ctx, c, first.ID, "证据.txt", "text/plain", strings.NewReader("证据材料"))
	must(t, err)

	var wg sync.WaitGroup
	stop := make(chan struct{})
	wg.Add(1)
	go func() { // writes continue during the backup
		defer wg.Done()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := e.db.CreateRecord(ctx, c, k, f.townA.ID, newCase("备份中写入"+itoa(int64(i)))); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	var buf bytes.Buffer
	err = e.db.Backup(ctx, &buf)
	close(stop)
	wg.Wait()
	must(t, err)

	file := filepath.Join(t.TempDir(), "backup.tar.gz")
	must(t, os.WriteFile(file, buf.Bytes(), 0o600))
	// Restore refuses a non-empty directory.
	busy := t.TempDir()
	must(t, os.WriteFile(filepath.Join(busy, "x"), []byte("x"), 0o600))
	if err := Restore(ctx, file, busy); err == nil || !strings.Contains(err.Error(), "不为空") {
		t.Fatalf("restore into a non-empty dir: %v", err)
	}
	dir := filepath.Join(t.TempDir(), "restored")
	must(t, Restore(ctx, file, dir))
	blobs, err := blob.NewDir(filepath.Join(dir, "blobs"))
	must(t, err)
	re, err := Open(ctx, Config{DataDir: dir, Keys: e.keys, Kinds: e.db.cfg.Kinds, Calendar: testCalendar{}, Blobs: blobs, Now: e.clock.now})
	must(t, err)
	defer re.Close()

	if b, err := re.VerifyAudit(ctx); err != nil || b != nil {
		t.Fatalf("restored audit chain: %+v %v", b, err)
	}
	// Every restored record equals the original's.
	list, total, err := re.ListRecords(ctx, c, ListQuery{Kind: "case", PerPage: 200, Sort: "id"})
	must(t, err)
	if total < 1 || len(list) != min(total, 200) {
		t.Fatalf("restored %d records, total %d", len(list), total)
	}
	for _, r := range list {
		orig, err := e.db.Record(ctx, c, r.ID)
		must(t, err)
		if orig.Title != r.Title || orig.Version != r.Version || !equalValues(orig.Data, r.Data) {
			t.Fatalf("record %d differs after restore:\n%+v\n%+v", r.ID, orig, r)
		}
	}
	got, err := re.Record(ctx, f.actors["reviewerA"], first.ID)
	must(t, err)
	if got.Data["applicant_id"] != plantedID {
		t.Fatal("personal data not readable after restore")
	}
	_, rc, err := re.OpenAttachment(ctx, c, first.ID, at.SHA256)
	must(t, err)
	if s := readAll(t, rc); s != "证据材料" {
		t.Fatalf("restored attachment = %q", s)
	}
	// The restored store takes writes and keeps the chain.
	_, err = re.CreateRecord(ctx, c, k, f.townA.ID, newCase("恢复后的案件"))
	must(t, err)
	if b, err := re.VerifyAudit(ctx); err != nil || b != nil {
		t.Fatalf("chain after a write to the restored store: %+v %v", b, err)
	}
}

func equalValues(a, b ledger.Values) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
