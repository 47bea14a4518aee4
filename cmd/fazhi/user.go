package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/store"
)

const userUsage = `fazhi user add --unit 单位名称或ID --roles clerk,head [--name 姓名] [--password P] USERNAME
fazhi user passwd [--password P] USERNAME   重置密码 (reset password)
fazhi user lock USERNAME | unlock USERNAME   锁定/解锁 (unlock also clears failed logins)
fazhi user token [--name NAME] USERNAME      为程序创建 API 令牌，--token-days 天后到期 (create an API token)
fazhi user tokens USERNAME                   列出该用户的 API 令牌 (list tokens: id, name, dates, state)
fazhi user revoke-token TOKEN_ID             吊销一个 API 令牌，运行中的服务器立即拒绝它 (revoke a token)
fazhi user email --address A USERNAME        设置到期提醒邮件地址，空地址为删除 (reminder e-mail address)
fazhi user list                              列出用户
roles: clerk 录入员, reviewer 审核员, adviser 法律顾问, head 负责人, inspector 督察员, admin 管理员
Without --password a strong password is generated and printed (or read from FAZHI_PASSWORD).`

// cmdUser administers users from the command line; every change is audited
// with the command line as the actor.
func cmdUser(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usagef("%s", userUsage)
	}
	sub := args[0]
	var unit, roles, name, password, address string
	cfg, fs, err := parseFlags("user "+sub, args[1:], stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&unit, "unit", "", "所属单位名称或 ID")
		fs.StringVar(&roles, "roles", "", "角色，逗号分隔")
		fs.StringVar(&name, "name", "", "姓名（add）或令牌名称（token）")
		fs.StringVar(&password, "password", os.Getenv("FAZHI_PASSWORD"), "密码")
		fs.StringVar(&address, "address", "", "到期提醒邮件地址（email）")
	})
	if err != nil {
		return err
	}
	if sub != "list" && fs.NArg() != 1 {
		return usagef("%s", userUsage)
	}
	a, err := openApp(ctx, cfg, stderr, false)
	if err != nil {
		return err
	}
	defer a.Close()
	actor := store.SystemActor("命令行")
	username := fs.Arg(0)

	switch sub {
	case "add":
		u := &access.User{Username: username, Name: name}
		if u.Name == "" {
			u.Name = username
		}
		for _, r := range strings.Split(roles, ",") {
			role := access.Role(strings.TrimSpace(r))
			if !role.Valid() {
				return usagef("未知角色 %q：可用 clerk, reviewer, adviser, head, inspector, admin", r)
			}
			u.Roles = append(u.Roles, role)
		}
		if unit == "" {
			return usagef("请用 --unit 指定所属单位的名称或 ID（fazhi unit list 可查看）")
		}
		home, err := a.store.UnitByRef(ctx, unit)
		if err != nil {
			return err
		}
		u.UnitID = home.ID
		pw, hash, err := passwordHash(password)
		if err != nil {
			return err
		}
		u.PasswordHash = hash
		if err := a.store.CreateUser(ctx, actor, u); err != nil {
			if errors.Is(err, store.ErrDuplicate) {
				return usagef("用户名 %s 已被使用，请换一个", username)
			}
			return err
		}
		fmt.Fprintf(stdout, "已创建用户 %s（ID %d），密码：%s\n", username, u.ID, pw)
	case "passwd":
		u, err := a.store.UserByUsername(ctx, username)
		if err != nil {
			return fmt.Errorf("用户 %s: %w", username, err)
		}
		pw, hash, err := passwordHash(password)
		if err != nil {
			return err
		}
		if err := a.store.SetPassword(ctx, actor, u.ID, hash); err != nil {
			return err
		}
		if err := a.store.DeleteUserSessions(ctx, u.ID); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "已重置 %s 的密码：%s（其全部会话已退出）\n", username, pw)
	case "email":
		return setReminderEmail(ctx, a, actor, username, address, stdout)
	case "lock", "unlock":
		u, err := a.store.UserByUsername(ctx, username)
		if err != nil {
			return fmt.Errorf("用户 %s: %w", username, err)
		}
		if err := a.store.SetLocked(ctx, actor, u.ID, sub == "lock"); err != nil {
			return err
		}
		if sub == "lock" {
			if err := a.store.DeleteUserSessions(ctx, u.ID); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "已锁定 %s\n", username)
		} else {
			if err := a.store.ClearLoginFailures(ctx, username); err != nil {
				return err
			}
			fmt.Fprintf(stdout, "已解锁 %s\n", username)
		}
	case "token":
		u, err := a.store.UserByUsername(ctx, username)
		if err != nil {
			return fmt.Errorf("用户 %s: %w", username, err)
		}
		if name == "" {
			name = "cli"
		}
		tok, err := a.store.CreateToken(ctx, actor, u.ID, name)
		if err != nil {
			return err
		}
		fmt.Fprintln(stdout, tok)
	case "tokens":
		u, err := a.store.UserByUsername(ctx, username)
		if err != nil {
			return fmt.Errorf("用户 %s: %w", username, err)
		}
		ts, err := a.store.Tokens(ctx, actor, u.ID)
		if err != nil {
			return err
		}
		now := time.Now()
		for _, t := range ts {
			state := "有效"
			switch {
			case !t.RevokedAt.IsZero():
				state = "已吊销 " + t.RevokedAt.Local().Format("2006-01-02 15:04")
			case !t.Live(now):
				state = "已过期"
			}
			fmt.Fprintf(stdout, "%d	%s	签发 %s	到期 %s	%s\n", t.ID, t.Name, t.CreatedAt.Local().Format("2006-01-02"), t.ExpiresAt.Local().Format("2006-01-02"), state)
		}
	case "revoke-token":
		id, err := strconv.ParseInt(username, 10, 64)
		if err != nil || id <= 0 {
			return usagef("令牌编号应为正整数（见 fazhi user tokens USERNAME 的第一列）")
		}
		if err := a.store.RevokeToken(ctx, actor, id); err != nil {
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("令牌 %d 不存在或已吊销", id)
			}
			return err
		}
		fmt.Fprintf(stdout, "已吊销令牌 %d\n", id)
	case "list":
		users, err := a.store.Users(ctx, "/")
		if err != nil {
			return err
		}
		units, err := a.store.Units(ctx)
		if err != nil {
			return err
		}
		unitName := map[int64]string{}
		for _, u := range units {
			unitName[u.ID] = u.Name
		}
		for _, u := range users {
			var rs []string
			for _, r := range u.Roles {
				rs = append(rs, r.Label())
			}
			locked := ""
			if u.Locked {
				locked = "（已锁定）"
			}
			fmt.Fprintf(stdout, "%d\t%s\t%s\t%s（单位 %d）\t%s%s\n", u.ID, u.Username, u.Name, unitName[u.UnitID], u.UnitID, strings.Join(rs, "、"), locked)
		}
	default:
		return usagef("%s", userUsage)
	}
	return nil
}

// passwordHash checks the policy on a given password, or generates one.
func passwordHash(pw string) (plain, hash string, err error) {
	if pw == "" {
		pw = generatePassword()
	} else if err := access.CheckPasswordPolicy(pw, 10); err != nil {
		return "", "", usagef("%v", err)
	}
	hash, err = access.HashPassword(pw, access.DefaultPasswordParams)
	return pw, hash, err
}
