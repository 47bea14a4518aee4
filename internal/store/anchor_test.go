package store

import (
	"context"
	"strings"
	"testing"

	"fazhi/internal/audit"
)

// testAuditAnchor: a checkpoint taken with AuditAnchor (what `fazhi audit
// anchor` prints) still verifies as the log grows; an attacker holding the
// master key who truncates the log below it and re-seals the head passes
// VerifyAudit but not the checkpoint, nor does one who rewrites the
// checkpointed entry and re-chains; a forged checkpoint is refused. The
// tail check `serve` runs finds a tampered recent entry.
func testAuditAnchor(t *testing.T, e0 *testEnv) {
	setup := func(t *testing.T) (*testEnv, audit.Anchor) {
		e := e0.open(t)
		f := seed(t, e)
		ctx := context.Background()
		for range 3 {
			_, err := e.db.CreateRecord(ctx, f.actors["clerkA"], kindOf(e), f.townA.ID, newCase("锚点案"))
			must(t, err)
		}
		cp, err := e.db.AuditAnchor(ctx)
		must(t, err)
		for range 3 {
			_, err := e.db.CreateRecord(ctx, f.actors["clerkA"], kindOf(e), f.townA.ID, newCase("锚点后案"))
			must(t, err)
		}
		parsed, err := audit.ParseCheckpoint(cp.String())
		must(t, err)
		if parsed != cp {
			t.Fatalf("checkpoint %q parsed as %+v", cp.String(), parsed)
		}
		if b, err := e.db.VerifyAuditAnchor(ctx, cp); err != nil || b != nil {
			t.Fatalf("intact log against its checkpoint: %+v %v", b, err)
		}
		if b, err := e.db.VerifyAuditTail(ctx, 5); err != nil || b != nil {
			t.Fatalf("intact tail: %+v %v", b, err)
		}
		return e, cp
	}
	ctx := context.Background()
	reseal := func(t *testing.T, e *testEnv) {
		var seq int64
		var hash string
		must(t, e.db.queryRow(ctx, "SELECT seq, hash FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)").Scan(&seq, &hash))
		rawExec(t, e, "UPDATE audit_head SET seq = "+itoa(seq)+", hash = '"+hash+"', seal = '"+audit.SealAnchor(e.keys.AuditKey(), seq, hash)+"'")
	}

	t.Run("truncated below the checkpoint with the key", func(t *testing.T) {
		e, cp := setup(t)
		rawExec(t, e, "DELETE FROM audit WHERE seq >= "+itoa(cp.Seq))
		reseal(t, e)
		if b, err := e.db.VerifyAudit(ctx); err != nil || b != nil {
			t.Fatalf("the key holder's truncation should pass the chain check alone: %+v %v", b, err)
		}
		b, err := e.db.VerifyAuditAnchor(ctx, cp)
		must(t, err)
		if b == nil || !strings.Contains(b.Reason, "已不在审计日志中") {
			t.Fatalf("truncation below the checkpoint: %+v", b)
		}
	})
	t.Run("checkpointed entry rewritten and re-chained with the key", func(t *testing.T) {
		e, cp := setup(t)
		var ent audit.Entry
		ent, err := scanAudit(e.db.queryRow(ctx, "SELECT "+auditCols+" FROM audit WHERE seq = ?", cp.Seq))
		must(t, err)
		ent.Diff = `{"after":{"title":"改写"}}`
		audit.Seal(e.keys.AuditKey(), ent.PrevHash, &ent)
		rawExec(t, e, "DELETE FROM audit WHERE seq >= "+itoa(cp.Seq))
		rawExec(t, e, "INSERT INTO audit (seq, at, actor_id, actor, unit_id, addr, action, object, diff, prev_hash, hash) VALUES ("+
			itoa(ent.Seq)+", "+itoa(ent.At.UnixMicro())+", "+itoa(ent.ActorID)+", '"+ent.Actor+"', "+itoa(ent.UnitID)+", '"+ent.Addr+"', '"+
			ent.Action+"', '"+ent.Object+"', '"+ent.Diff+"', '"+ent.PrevHash+"', '"+ent.Hash+"')")
		reseal(t, e)
		if b, err := e.db.VerifyAudit(ctx); err != nil || b != nil {
			t.Fatalf("a re-chained log should pass the chain check alone: %+v %v", b, err)
		}
		b, err := e.db.VerifyAuditAnchor(ctx, cp)
		must(t, err)
		if b == nil || !strings.Contains(b.Reason, "与检查点不符") {
			t.Fatalf("rewritten checkpointed entry: %+v", b)
		}
	})
	t.Run("forged checkpoint", func(t *testing.T) {
		e, cp := setup(t)
		cp.Seq--
		b, err := e.db.VerifyAuditAnchor(ctx, cp)
		must(t, err)
		if b == nil || !strings.Contains(b.Reason, "封签不符") {
			t.Fatalf("forged checkpoint: %+v", b)
		}
	})
	t.Run("recent entry edited: the tail check finds it", func(t *testing.T) {
		e, cp := setup(t)
		rawExec(t, e, "UPDATE audit SET diff = '{}' WHERE seq = "+itoa(cp.Seq+2))
		b, err := e.db.VerifyAuditTail(ctx, 5)
		must(t, err)
		if b == nil || b.Seq != cp.Seq+2 || !strings.Contains(b.Reason, "篡改") {
			t.Fatalf("tail check: %+v", b)
		}
	})
}
