package store

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"os"
	"strings"
	"testing"

	"fazhi/internal/ledger"
	"fazhi/internal/secure"
)

// plaintextForms are the planted values as they could appear at rest.
func plaintextForms() []string {
	return []string{plantedID, plantedPhone, plantedID[6:14] + plantedID[14:], "139-1234-5678"}
}

func testPersonalData(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	clerk, reviewer := f.actors["clerkA"], f.actors["reviewerA"]
	r, err := e.db.CreateRecord(ctx, clerk, k, f.townA.ID, newCase("个人信息案", "applicant_id", plantedID, "applicant_phone", plantedPhone))
	must(t, err)
	// Another record, other person: must not be found.
	_, err = e.db.CreateRecord(ctx, clerk, k, f.townA.ID, newCase("他人案", "applicant_id", idNumber("11010519491231002"), "applicant_phone", "13800000000"))
	must(t, err)
	_, err = e.db.UpdateRecord(ctx, clerk, k, r.ID, 1, ledger.Values{"applicant_phone": "13912345679"})
	must(t, err)
	_, err = e.db.UpdateRecord(ctx, clerk, k, r.ID, 2, ledger.Values{"applicant_phone": plantedPhone})
	must(t, err)

	// Masked for the county inspector (access.SeesPersonal), clear for a reviewer.
	inspector := f.actors["inspector"]
	masked, err := e.db.Record(ctx, inspector, r.ID)
	must(t, err)
	if masked.Data["applicant_id"] == plantedID || masked.Data["applicant_id"] != secure.Mask(secure.KindIDNumber, plantedID) ||
		masked.Data["applicant_phone"] != secure.Mask(secure.KindPhone, plantedPhone) {
		t.Fatalf("inspector sees %q / %q", masked.Data["applicant_id"], masked.Data["applicant_phone"])
	}
	list, _, err := e.db.ListRecords(ctx, inspector, ListQuery{Kind: "case"})
	must(t, err)
	for _, x := range list {
		if x.Data["applicant_id"] == plantedID {
			t.Fatal("list shows the ID number in clear to the inspector")
		}
	}
	clear, err := e.db.Record(ctx, reviewer, r.ID)
	must(t, err)
	if clear.Data["applicant_id"] != plantedID || clear.Data["applicant_phone"] != plantedPhone {
		t.Fatalf("reviewer sees %q / %q", clear.Data["applicant_id"], clear.Data["applicant_phone"])
	}
	// Exact lookup by keyed hash, in scope only; a differently written
	// phone number finds it too.
	for _, q := range []struct{ field, value string }{{"applicant_id", plantedID}, {"applicant_id", strings.ToLower(plantedID)}, {"applicant_phone", "139 1234 5678"}} {
		found, err := e.db.FindByPersonal(ctx, reviewer, k, q.field, q.value)
		must(t, err)
		if len(found) != 1 || found[0].ID != r.ID {
			t.Fatalf("FindByPersonal(%s, %q) = %v", q.field, q.value, ids(found))
		}
	}
	found, err := e.db.FindByPersonal(ctx, f.actors["clerkB"], k, "applicant_id", plantedID)
	must(t, err)
	if len(found) != 0 {
		t.Fatal("B finds A's record by ID number")
	}
	// Audit diffs hold no plaintext, only the mark.
	h, err := e.db.History(ctx, reviewer, r.ID)
	must(t, err)
	for _, x := range h {
		assertNoPlaintext(t, "history diff", []byte(x.Diff))
	}
	if !strings.Contains(h[0].Diff, "[已加密]") {
		t.Fatalf("create diff lacks the encrypted mark: %s", h[0].Diff)
	}
	// At rest: every row of every table.
	assertNoPlaintext(t, "database rows", dumpRows(t, e))
	if e.dialect != "sqlite" {
		return
	}
	// The SQLite file and its WAL (not yet checkpointed), then a backup.
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(e.db.path + suffix)
		must(t, err)
		if len(b) == 0 {
			t.Fatalf("%s is empty", e.db.path+suffix)
		}
		assertNoPlaintext(t, "file "+e.db.path+suffix, b)
	}
	var buf bytes.Buffer
	must(t, e.db.Backup(ctx, &buf))
	assertNoPlaintext(t, "backup", untarAll(t, buf.Bytes()))
}

func assertNoPlaintext(t testing.TB, where string, b []byte) {
	t.Helper()
	for _, p := range plaintextForms() {
		if bytes.Contains(b, []byte(p)) {
			t.Fatalf("%s contains planted personal data %q", where, p)
		}
	}
}

// dumpRows concatenates every row of every table as text.
func dumpRows(t testing.TB, e *testEnv) []byte {
	ctx := context.Background()
	tables := []string{"records", "record_values", "pii_index", "audit", "clocks", "links", "transitions"}
	var out bytes.Buffer
	for _, tb := range tables {
		q := "SELECT * FROM " + tb
		rows, err := e.db.read.QueryContext(ctx, q)
		must(t, err)
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			must(t, rows.Scan(ptrs...))
			for _, v := range vals {
				switch x := v.(type) {
				case []byte:
					out.Write(x)
				case string:
					out.WriteString(x)
				}
				out.WriteByte('|')
			}
		}
		rows.Close()
	}
	if out.Len() == 0 {
		t.Fatal("no rows dumped")
	}
	return out.Bytes()
}

func untarAll(t testing.TB, b []byte) []byte {
	gz, err := gzip.NewReader(bytes.NewReader(b))
	must(t, err)
	tr := tar.NewReader(gz)
	var out bytes.Buffer
	for {
		_, err := tr.Next()
		if err == io.EOF {
			break
		}
		must(t, err)
		io.Copy(&out, tr)
	}
	return out.Bytes()
}

func testRotateKeys(t *testing.T, e *testEnv) {
	f := seed(t, e)
	ctx := context.Background()
	k := kindOf(e)
	// Seal a record under version 1 only, as before a rotation.
	e.db.cfg.Keys = keyRingOf(t, "1:"+strings.Repeat("ab", secure.MasterKeySize))
	r, err := e.db.CreateRecord(ctx, f.actors["clerkA"], k, f.townA.ID, newCase("轮换案", "applicant_id", plantedID))
	must(t, err)
	var data string
	must(t, e.db.queryRow(ctx, "SELECT data FROM records WHERE id = ?", r.ID).Scan(&data))
	if !strings.Contains(data, "sm4gcm:v1:") {
		t.Fatalf("not sealed under v1: %s", data)
	}
	e.db.cfg.Keys = e.keys // versions 1 and 2: 2 is current
	n, err := e.db.RotateKeys(ctx, SystemActor("test"))
	must(t, err)
	if n != 1 {
		t.Fatalf("rotated %d records, want 1", n)
	}
	must(t, e.db.queryRow(ctx, "SELECT data FROM records WHERE id = ?", r.ID).Scan(&data))
	if !strings.Contains(data, "sm4gcm:v2:") || strings.Contains(data, "sm4gcm:v1:") {
		t.Fatalf("not resealed under v2: %s", data)
	}
	got, err := e.db.Record(ctx, f.actors["reviewerA"], r.ID)
	must(t, err)
	if got.Data["applicant_id"] != plantedID {
		t.Fatalf("after rotation reads %q", got.Data["applicant_id"])
	}
	found, err := e.db.FindByPersonal(ctx, f.actors["reviewerA"], k, "applicant_id", plantedID)
	must(t, err)
	if len(found) != 1 {
		t.Fatal("blind index lost by rotation")
	}
	if n, _ := e.db.RotateKeys(ctx, SystemActor("test")); n != 0 {
		t.Fatalf("second rotation rewrote %d", n)
	}
	if b, err := e.db.VerifyAudit(ctx); err != nil || b != nil {
		t.Fatalf("audit after rotation: %+v %v", b, err)
	}
}

func keyRingOf(t testing.TB, text string) *secure.KeyRing {
	k, err := secure.ParseKeyRing(text)
	must(t, err)
	return k
}
