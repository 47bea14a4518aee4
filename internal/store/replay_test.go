package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"fazhi/internal/access"
	"fazhi/internal/ledger"
)

// testStateReplay: on an untouched database VerifyState finds nothing;
// each direct edit of a record, a transition, an attachment (row or blob)
// or a user — the ways the attacker tried — is named with its row.
func testStateReplay(t *testing.T, e0 *testEnv) {
	ctx := context.Background()
	type fixture struct {
		e            *testEnv
		rec, clerkID int64
		sha          string
	}
	setup := func(t *testing.T) fixture {
		e := e0.open(t)
		f := seed(t, e)
		k := kindOf(e)
		c := f.actors["clerkA"]
		r, err := e.db.CreateRecord(ctx, c, k, f.townA.ID, newCase("回放案", "applicant_id", "110101199003074514", "summary", "原始摘要"))
		must(t, err)
		r, err = e.db.UpdateRecord(ctx, c, k, r.ID, r.Version, ledger.Values{"dept": "综治办", "summary": ""})
		must(t, err)
		r, err = e.db.Transition(ctx, c, k, r.ID, r.Version, "submit", nil)
		must(t, err)
		at, err := e.db.AddAttachment(ctx, c, r.ID, "意见书.txt", "text/plain", strings.NewReader("审查意见"))
		must(t, err)
		r, err = e.db.CorrectRecord(ctx, c, k, r.ID, r.Version, ledger.Correction{Input: ledger.Values{"received": "2025-02-03"}, Reason: "收件登记簿载明2月3日收件"})
		must(t, err)
		must(t, e.db.SetLocked(ctx, f.actors["admin"], f.users["clerkB"].ID, true))
		must(t, e.db.SetPassword(ctx, f.actors["admin"], f.users["reviewerA"].ID, "$argon2id$new"))
		must(t, e.db.UpdateUser(ctx, f.actors["admin"], f.users["headA"].ID, "甲镇镇长", f.townA.ID, []access.Role{access.RoleHead, access.RoleReviewer}))
		// Rows inside a record, with personal cells, created then edited.
		rk := e.db.cfg.Kinds.Kind("roster")
		people := ledger.EncodeRows([]ledger.Values{{"name": "欧阳修远", "hours": "2.5", "id_no": "110101199003074514"}, {"name": "张三", "hours": "1"}})
		rr, err := e.db.CreateRecord(ctx, c, rk, f.townA.ID, ledger.Values{"title": "春季学法", "people": people})
		must(t, err)
		people = ledger.EncodeRows([]ledger.Values{{"name": "欧阳修远", "hours": "3", "id_no": "11010519491231002X"}, {"name": "张三", "hours": "1"}})
		_, err = e.db.UpdateRecord(ctx, c, rk, rr.ID, rr.Version, ledger.Values{"people": people})
		must(t, err)
		ms, err := e.db.VerifyState(ctx)
		must(t, err)
		if len(ms) != 0 {
			t.Fatalf("untouched database: %+v", ms)
		}
		return fixture{e: e, rec: r.ID, clerkID: f.users["clerkA"].ID, sha: at.SHA256}
	}
	id := func(n int64) string { return itoa(n) }
	for _, tc := range []struct {
		name   string
		tamper func(t *testing.T, x fixture)
		object func(x fixture) string
		want   string
	}{
		{"record field edited", func(t *testing.T, x fixture) {
			rawExec(t, x.e, "UPDATE records SET data = REPLACE(data, '回放案', '被改案') WHERE id = "+id(x.rec))
		}, func(x fixture) string { return "record:" + id(x.rec) }, "「标题」当前为“被改案”，审计日志记录的最后取值为“回放案”"},
		{"removed field restored", func(t *testing.T, x fixture) {
			rawExec(t, x.e, "UPDATE records SET data = REPLACE(data, '\"dept\":\"综治办\"', '\"dept\":\"综治办\",\"summary\":\"伪造\"') WHERE id = "+id(x.rec))
		}, func(x fixture) string { return "record:" + id(x.rec) }, "「案情摘要」当前为“伪造”"},
		{"cell of a table edited", func(t *testing.T, x fixture) {
			rawExec(t, x.e, "UPDATE records SET data = REPLACE(data, '欧阳修远', '欧阳伪造') WHERE kind = 'roster'")
		}, func(x fixture) string { return "record:" }, "「人员」当前为"},
		{"corrected field edited back", func(t *testing.T, x fixture) {
			rawExec(t, x.e, "UPDATE records SET data = REPLACE(data, '2025-02-03', '2025-03-03') WHERE id = "+id(x.rec))
		}, func(x fixture) string { return "record:" + id(x.rec) }, "「收件日期」当前为“2025-03-03”，审计日志记录的最后取值为“2025-02-03”"},
		{"record state edited", func(t *testing.T, x fixture) {
			rawExec(t, x.e, "UPDATE records SET state = 'done' WHERE id = "+id(x.rec))
		}, func(x fixture) string { return "record:" + id(x.rec) }, "状态当前为「办结」，审计日志记录的是「审查中」"},
		{"record deleted", func(t *testing.T, x fixture) {
			rawExec(t, x.e, "DELETE FROM records WHERE id = "+id(x.rec))
		}, func(x fixture) string { return "record:" + id(x.rec) }, "已不在数据库中"},
		{"transition edited", func(t *testing.T, x fixture) {
			rawExec(t, x.e, "UPDATE transitions SET to_state = 'done' WHERE record_id = "+id(x.rec))
		}, func(x fixture) string { return "transition:" }, "流转表被绕过系统直接改动"},
		{"transition deleted", func(t *testing.T, x fixture) {
			rawExec(t, x.e, "DELETE FROM transitions WHERE record_id = "+id(x.rec))
		}, func(x fixture) string { return "record:" + id(x.rec) }, "流转表少了 1 条"},
		{"attachment renamed", func(t *testing.T, x fixture) {
			rawExec(t, x.e, "UPDATE attachments SET name = '无关.txt'")
		}, func(x fixture) string { return "attachment:" }, "没有上传记录"},
		{"attachment deleted", func(t *testing.T, x fixture) {
			rawExec(t, x.e, "DELETE FROM attachments")
		}, func(x fixture) string { return "record:" + id(x.rec) }, "已不在附件表中"},
		{"blob edited", func(t *testing.T, x fixture) {
			p := filepath.Join(x.e.dataDir, "blobs", x.sha[:2], x.sha[2:4], x.sha)
			if err := os.WriteFile(p, []byte("伪造意见"), 0o600); err != nil {
				t.Fatal(err)
			}
		}, func(x fixture) string { return "attachment:" }, "文件内容与登记的 SHA-256 不符"},
		{"user roles edited", func(t *testing.T, x fixture) {
			rawExec(t, x.e, "UPDATE users SET roles = 'clerk,admin' WHERE id = "+id(x.clerkID))
		}, func(x fixture) string { return "user:" + id(x.clerkID) }, "角色当前为“" + access.RoleClerk.Label() + "、" + access.RoleAdmin.Label() + "”"},
		{"user moved", func(t *testing.T, x fixture) {
			rawExec(t, x.e, "UPDATE users SET unit_id = (SELECT MIN(id) FROM units) WHERE id = "+id(x.clerkID))
		}, func(x fixture) string { return "user:" + id(x.clerkID) }, "的单位当前为"},
		{"user unlocked", func(t *testing.T, x fixture) {
			rawExec(t, x.e, "UPDATE users SET locked = "+boolSQL(x.e, false)+" WHERE username = 'clerkB'")
		}, func(x fixture) string { return "user:" }, "当前未锁定，审计日志记录的是已锁定"},
		{"password hash replaced", func(t *testing.T, x fixture) {
			rawExec(t, x.e, "UPDATE users SET password_hash = '$argon2id$attacker' WHERE username = 'reviewerA'")
		}, func(x fixture) string { return "user:" }, "密码被绕过系统直接替换"},
		{"user inserted", func(t *testing.T, x fixture) {
			rawExec(t, x.e, "INSERT INTO users (username, name, unit_id, roles, password_hash, locked, created_at) "+
				"SELECT 'ghost', 'ghost', unit_id, 'admin', password_hash, locked, created_at FROM users WHERE id = "+id(x.clerkID))
		}, func(x fixture) string { return "user:" }, "用户 ghost"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x := setup(t)
			tc.tamper(t, x)
			ms, err := x.e.db.VerifyState(ctx)
			must(t, err)
			found := false
			for _, m := range ms {
				found = found || (strings.HasPrefix(m.Object, tc.object(x)) && strings.Contains(m.Reason, tc.want))
			}
			if !found {
				t.Fatalf("tampering not named (want %s… saying %q): %+v", tc.object(x), tc.want, ms)
			}
		})
	}
}

func boolSQL(e *testEnv, b bool) string {
	switch {
	case e.dialect == "postgres" && b:
		return "TRUE"
	case e.dialect == "postgres":
		return "FALSE"
	case b:
		return "1"
	}
	return "0"
}
