package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"fazhi/internal/access"
	"fazhi/internal/audit"
	"fazhi/internal/ledger"
)

// Mismatch is a stored row that differs from what the audit log says it
// should be: changed, added or deleted outside the application.
type Mismatch struct {
	Object string // "record:12", "user:3", "attachment:7", "transition:40"
	Reason string // Chinese, naming the field and both values
}

// VerifyState replays the audit log — every record's, user's and
// attachment's audited after-state, in order — and compares the result
// with the current rows: record data (personal fields by presence, as the
// log holds no plaintext) and state, users' name, unit, roles, lock and
// password hash (by fingerprint), each record's attachments and their
// bytes (SHA-256 of the blob), and the transitions table. It names every
// row that differs. The chain itself is VerifyAudit's.
func (db *DB) VerifyState(ctx context.Context) (_ []Mismatch, err error) {
	defer wrap(&err, "store.VerifyState")
	r := &replay{db: db, records: map[int64]*replayRecord{}, users: map[int64]*replayUser{}, transitions: map[int64]transitionEntry{}}
	if err := r.readLog(ctx); err != nil {
		return nil, err
	}
	for _, step := range []func(context.Context) error{r.checkRecords, r.checkUsers, r.checkAttachments, r.checkTransitions} {
		if err := step(ctx); err != nil {
			return nil, err
		}
	}
	sort.SliceStable(r.out, func(i, j int) bool { return r.out[i].Object < r.out[j].Object })
	return r.out, nil
}

type replayRecord struct {
	kind        string
	data        map[string]string
	state       string
	attachments []attachedFile
	transitions int
}

type attachedFile struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

type replayUser struct {
	view     userView
	password string // fingerprint, "" when the log has none (before 0004)
}

type transitionEntry struct {
	record          int64
	event, from, to string
	ok              bool
}

type replay struct {
	db          *DB
	records     map[int64]*replayRecord
	users       map[int64]*replayUser
	transitions map[int64]transitionEntry // by audit seq
	out         []Mismatch
}

func (r *replay) add(object, format string, args ...any) {
	r.out = append(r.out, Mismatch{Object: object, Reason: fmt.Sprintf(format, args...)})
}

// readLog folds the log into the expected state.
func (r *replay) readLog(ctx context.Context) error {
	rows, err := r.db.query(ctx, "SELECT seq, action, object, diff FROM audit ORDER BY seq")
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var seq int64
		var action, object, diff string
		if err := rows.Scan(&seq, &action, &object, &diff); err != nil {
			return err
		}
		kind, idText, _ := strings.Cut(object, ":")
		id, err := strconv.ParseInt(idText, 10, 64)
		if err != nil {
			continue
		}
		switch {
		case kind == "record":
			r.record(seq, id, action, diff)
		case kind == "user":
			r.user(id, action, diff)
		}
	}
	return rows.Err()
}

func (r *replay) record(seq, id int64, action, diff string) {
	rec := r.records[id]
	switch action {
	case "create", "update", "transition", "correct":
		var d struct {
			Before map[string]string `json:"before"`
			After  map[string]string `json:"after"`
		}
		if json.Unmarshal([]byte(diff), &d) != nil {
			return
		}
		if rec == nil {
			rec = &replayRecord{data: map[string]string{}}
			r.records[id] = rec
		}
		for k := range d.Before {
			if _, ok := d.After[k]; !ok {
				delete(rec.data, k)
			}
		}
		for k, v := range d.After {
			rec.data[k] = v
		}
		if action == "transition" {
			rec.transitions++
			r.transitions[seq] = transitionEntry{record: id, event: d.After[diffEvent], from: d.Before[diffState], to: d.After[diffState], ok: true}
		}
		if s, ok := rec.data[diffState]; ok {
			rec.state = s
		}
		delete(rec.data, diffState)
		delete(rec.data, diffEvent)
		delete(rec.data, diffReason)  // a correction's reason
		delete(rec.data, diffRequest) // the approved request
	case "delete": // an import undone (imports.go): the record is gone, its removal audited
		delete(r.records, id)
	case "attach":
		var d struct {
			After attachedFile `json:"after"`
		}
		if rec != nil && json.Unmarshal([]byte(diff), &d) == nil {
			rec.attachments = append(rec.attachments, d.After)
		}
	}
}

func (r *replay) user(id int64, action, diff string) {
	u := r.users[id]
	switch action {
	case "user.create":
		var d struct {
			After struct {
				userView
				Password string `json:"password_fp"`
			} `json:"after"`
		}
		if json.Unmarshal([]byte(diff), &d) == nil {
			r.users[id] = &replayUser{view: d.After.userView, password: d.After.Password}
		}
	case "user.update":
		var d struct {
			After userView `json:"after"`
		}
		if u != nil && json.Unmarshal([]byte(diff), &d) == nil {
			u.view.Name, u.view.UnitID, u.view.Roles = d.After.Name, d.After.UnitID, d.After.Roles
		}
	case "user.lock", "user.unlock":
		var d struct {
			After struct {
				Locked bool `json:"locked"`
			} `json:"after"`
		}
		if u != nil && json.Unmarshal([]byte(diff), &d) == nil {
			u.view.Locked = d.After.Locked
		}
	case "user.password":
		var d struct {
			After struct {
				Password string `json:"password_fp"`
			} `json:"after"`
		}
		if u != nil && json.Unmarshal([]byte(diff), &d) == nil {
			u.password = d.After.Password
		}
	}
}

// passwordFingerprint is what the log holds of a password hash: enough to
// tell a hash replaced outside the application, nothing to attack.
func passwordFingerprint(hash string) string {
	s := sha256.Sum256([]byte("fazhi-password-fp|" + hash))
	return hex.EncodeToString(s[:8])
}

func clip(s string) string {
	if utf8.RuneCountInString(s) > 40 {
		return string([]rune(s)[:40]) + "…"
	}
	return s
}

func (r *replay) checkRecords(ctx context.Context) error {
	rows, err := r.db.query(ctx, "SELECT id, kind, state, data FROM records ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	seen := map[int64]bool{}
	for rows.Next() {
		var id int64
		var kindName, state, raw string
		if err := rows.Scan(&id, &kindName, &state, &raw); err != nil {
			return err
		}
		seen[id] = true
		obj := object("record", id)
		want := r.records[id]
		if want == nil {
			r.add(obj, "记录 %d 在审计日志中没有任何登记：被绕过系统直接写入数据库", id)
			continue
		}
		k := r.db.kind(kindName)
		if k == nil {
			continue
		}
		if want.state == "" {
			want.state = k.Initial()
		}
		label := func(s string) string {
			if st := k.State(s); st != nil {
				return st.Label
			}
			return s
		}
		if state != want.state {
			r.add(obj, "记录 %d（%s）的状态当前为「%s」，审计日志记录的是「%s」：被绕过系统直接改动", id, k.Label, label(state), label(want.state))
		}
		var data map[string]string
		if err := json.Unmarshal([]byte(raw), &data); err != nil {
			r.add(obj, "记录 %d（%s）的数据无法读取：被绕过系统直接改动", id, k.Label)
			continue
		}
		personal := personalSet(k)
		// Tables with personal columns are logged with those cells as
		// audit.Encrypted (rows.go): compare them the same way.
		redacted := redactCells(k, ledger.Values(data), nil)
		names := map[string]bool{}
		for n := range data {
			names[n] = true
		}
		for n := range want.data {
			names[n] = true
		}
		for _, n := range slices.Sorted(func(yield func(string) bool) {
			for n := range names {
				if !yield(n) {
					return
				}
			}
		}) {
			got, has := data[n]
			exp, logged := want.data[n]
			fieldLabel := n
			if f := k.Field(n); f != nil {
				fieldLabel = f.Label
			}
			if f := k.Field(n); f != nil && f.Type == ledger.TypeTable && f.HasPersonalColumns() {
				got, exp = redacted[n], strings.ReplaceAll(exp, audit.Encrypted+"（已更改）", audit.Encrypted)
			}
			switch {
			case personal[n] && has == logged:
			case personal[n]:
				r.add(obj, "记录 %d（%s）的「%s」在审计日志中%s，当前%s：被绕过系统直接改动", id, k.Label, fieldLabel, presence(logged), presence(has))
			case got != exp:
				r.add(obj, "记录 %d（%s）的「%s」当前为“%s”，审计日志记录的最后取值为“%s”：被绕过系统直接改动", id, k.Label, fieldLabel, clip(got), clip(exp))
			}
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for id := range r.records {
		if !seen[id] {
			r.add(object("record", id), "记录 %d 在审计日志中有登记，但已不在数据库中：被绕过系统直接删除", id)
		}
	}
	return nil
}

func presence(b bool) string {
	if b {
		return "有值"
	}
	return "为空"
}

func (r *replay) checkUsers(ctx context.Context) error {
	rows, err := r.db.query(ctx, "SELECT "+userCols+" FROM users ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	seen := map[int64]bool{}
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return err
		}
		seen[u.ID] = true
		obj := object("user", u.ID)
		want := r.users[u.ID]
		if want == nil {
			r.add(obj, "用户 %s（%d）在审计日志中没有创建记录：被绕过系统直接写入数据库", u.Username, u.ID)
			continue
		}
		w := want.view
		switch {
		case u.Username != w.Username:
			r.add(obj, "用户 %d 的用户名当前为“%s”，审计日志记录的是“%s”：被绕过系统直接改动", u.ID, u.Username, w.Username)
		case u.Name != w.Name:
			r.add(obj, "用户 %s 的姓名当前为“%s”，审计日志记录的是“%s”：被绕过系统直接改动", u.Username, u.Name, w.Name)
		case u.UnitID != w.UnitID:
			r.add(obj, "用户 %s 的单位当前为 %d，审计日志记录的是 %d：被绕过系统直接改动", u.Username, u.UnitID, w.UnitID)
		case joinRoles(u.Roles) != joinRoles(w.Roles):
			r.add(obj, "用户 %s 的角色当前为“%s”，审计日志记录的是“%s”：被绕过系统直接改动", u.Username, roleLabels(u.Roles), roleLabels(w.Roles))
		case u.Locked != w.Locked:
			r.add(obj, "用户 %s 当前%s，审计日志记录的是%s：被绕过系统直接改动", u.Username, lockLabel(u.Locked), lockLabel(w.Locked))
		case want.password != "" && passwordFingerprint(u.PasswordHash) != want.password:
			r.add(obj, "用户 %s 的密码哈希与审计日志记录的最后一次设置不符：密码被绕过系统直接替换", u.Username)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for id, u := range r.users {
		if !seen[id] {
			r.add(object("user", id), "用户 %s（%d）在审计日志中有创建记录，但已不在数据库中：被绕过系统直接删除", u.view.Username, id)
		}
	}
	return nil
}

func roleLabels(rs []access.Role) string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = r.Label()
	}
	return strings.Join(out, "、")
}

func lockLabel(b bool) string {
	if b {
		return "已锁定"
	}
	return "未锁定"
}

func (r *replay) checkAttachments(ctx context.Context) error {
	rows, err := r.db.query(ctx, "SELECT "+attachmentCols+" FROM attachments ORDER BY id")
	if err != nil {
		return err
	}
	var ats []Attachment
	for rows.Next() {
		at, err := scanAttachment(rows)
		if err != nil {
			rows.Close()
			return err
		}
		ats = append(ats, at)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	left := map[int64][]attachedFile{}
	for id, rec := range r.records {
		left[id] = slices.Clone(rec.attachments)
	}
	for _, at := range ats {
		obj := object("attachment", at.ID)
		files := left[at.RecordID]
		i := slices.IndexFunc(files, func(f attachedFile) bool {
			return f.SHA256 == at.SHA256 && f.Name == at.Name && f.Size == at.Size
		})
		if i < 0 {
			r.add(obj, "记录 %d 的附件“%s”（%s）在审计日志中没有上传记录，或其名称、大小、校验值被改动", at.RecordID, at.Name, at.SHA256[:12])
		} else {
			left[at.RecordID] = slices.Delete(files, i, i+1)
		}
		rc, err := r.db.cfg.Blobs.Open(ctx, at.SHA256)
		if err != nil {
			r.add(obj, "记录 %d 的附件“%s”的文件已不存在：%v", at.RecordID, at.Name, err)
			continue
		}
		err = checkBlob(rc, at)
		rc.Close()
		if err != nil {
			r.add(obj, "记录 %d 的附件“%s”的文件内容与登记的 SHA-256 不符：文件被改动或损坏", at.RecordID, at.Name)
		}
	}
	for id, files := range left {
		for _, f := range files {
			r.add(object("record", id), "记录 %d 的附件“%s”在审计日志中有上传记录，但已不在附件表中：被绕过系统直接删除", id, f.Name)
		}
	}
	return nil
}

func (r *replay) checkTransitions(ctx context.Context) error {
	rows, err := r.db.query(ctx, "SELECT id, record_id, event, from_state, to_state, audit_seq FROM transitions ORDER BY id")
	if err != nil {
		return err
	}
	defer rows.Close()
	perRecord := map[int64]int{}
	for rows.Next() {
		var id, rec, seq int64
		var event, from, to string
		if err := rows.Scan(&id, &rec, &event, &from, &to, &seq); err != nil {
			return err
		}
		perRecord[rec]++
		want := r.transitions[seq]
		// A transition that keeps the state has no @state in its diff (the
		// diff holds changed keys only).
		sameState := want.from == "" && want.to == "" && from == to
		if !want.ok || want.record != rec || want.event != event || !sameState && (want.from != from || want.to != to) {
			r.add(object("transition", id), "记录 %d 的流转记录（%s：%s→%s）与审计日志第 %d 条不符：流转表被绕过系统直接改动", rec, event, from, to, seq)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for id, rec := range r.records {
		if perRecord[id] < rec.transitions {
			r.add(object("record", id), "记录 %d 的流转表少了 %d 条审计日志中记录的流转：被绕过系统直接删除", id, rec.transitions-perRecord[id])
		}
	}
	return nil
}
