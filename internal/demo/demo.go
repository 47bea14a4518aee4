// Package demo fills an empty database with a fictional county — 青山县, its
// townships and villages, one account per role and about fifty records of
// every ledger kind in varied states — so the product can be tried at once.
// Records are made through the store's real create and transition path, so
// their audit trail, links and clocks are real; the data is drawn from a
// fixed random seed and placed relative to "today", so some deadlines are
// running, some due soon and some overdue.
package demo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
	"fazhi/internal/store"
)

// ErrNotEmpty is returned when the database already holds units.
var ErrNotEmpty = errors.New("数据库中已有单位数据，演示数据只能装入空数据库")

// Seed creates the demo county in an empty database and prints the demo
// accounts with their passwords to out. hash turns a password into the
// stored hash; today must be the store's own today (guards compare dates
// with it).
func Seed(ctx context.Context, st store.Contract, reg *ledger.Registry, cal ledger.Calendar,
	hash func(pw string) (string, error), today calendar.Date, out io.Writer) error {
	units, err := st.Units(ctx)
	if err != nil {
		return fmt.Errorf("demo.Seed: %w", err)
	}
	if len(units) > 0 {
		return ErrNotEmpty
	}
	review, decision := reg.Kind(kinds.LegalityReviewKind), reg.Kind(kinds.MajorDecisionKind)
	if review == nil || decision == nil {
		return fmt.Errorf("demo.Seed: the registry lacks %s or %s", kinds.LegalityReviewKind, kinds.MajorDecisionKind)
	}
	catalogue := reg.Kind(kinds.CatalogueItemKind)
	if catalogue == nil {
		return fmt.Errorf("demo.Seed: the registry lacks %s", kinds.CatalogueItemKind)
	}
	s := &seeder{ctx: ctx, st: st, cal: cal, today: today, review: review, decision: decision, catalogue: catalogue,
		rnd: mrand.New(mrand.NewPCG(2024, 713)), actors: map[string]store.Actor{}}
	if s.latest, err = latestStart(cal, today); err != nil {
		return fmt.Errorf("demo.Seed: %w", err)
	}
	accounts, err := s.people(hash)
	if err != nil {
		return fmt.Errorf("demo.Seed: %w", err)
	}
	for i := range townships {
		s.township(i)
	}
	if s.err != nil {
		return fmt.Errorf("demo.Seed: %w", s.err)
	}
	printAccounts(out, accounts, s.count)
	return nil
}

// latestStart is the latest day, at most today, from which a period of 15
// working days can be computed: near the end of the last year the calendar
// knows, the newest demo reviews are dated back so their deadlines show real
// dates (the engine would accept them with the due date pending, but a demo
// of nothing but pending dates shows little). Seeding further into a year
// the calendar does not know is refused: the plan needs its working days.
func latestStart(cal ledger.Calendar, today calendar.Date) (calendar.Date, error) {
	d := today
	var err error
	for range 60 {
		if _, err = cal.Add(d, 15, calendar.WorkingDays); err == nil {
			return d, nil
		}
		d = d.AddDays(-1)
	}
	return calendar.Date{}, fmt.Errorf("工作日历不包含今天（%s）前后的节假日安排，无法生成演示数据：%w", today, err)
}

// account is a demo login to print.
type account struct {
	username, password, name, role, unit string
}

func printAccounts(w io.Writer, accounts []account, records int) {
	fmt.Fprintf(w, "已装入演示数据：%s（%d个乡镇、%d个村/社区、%d个县直部门），台账记录 %d 条。\n",
		countyName, len(townships), 2*len(townships), len(countyDepartments), records)
	fmt.Fprintln(w, "演示账号（密码只显示这一次，请妥善保存）：")
	for _, a := range accounts {
		fmt.Fprintf(w, "  %-18s %-14s %s  %s  %s\n", a.username, a.password, a.role, a.name, a.unit)
	}
}

// newPassword is 12 characters from upper- and lower-case letters and
// digits, at least one of each, without look-alikes (0/O, 1/l/I).
func newPassword() (string, error) {
	const upper, lower, digit = "ABCDEFGHJKLMNPQRSTUVWXYZ", "abcdefghijkmnpqrstuvwxyz", "23456789"
	classes := []string{upper, lower, digit, upper + lower + digit}
	b := make([]byte, 12)
	r := make([]byte, 12)
	if _, err := rand.Read(r); err != nil {
		return "", err
	}
	for i := range b {
		set := classes[min(i, 3)]
		b[i] = set[int(r[i])%len(set)]
	}
	// Shuffle so the classes are not in fixed places.
	perm := make([]byte, 12)
	if _, err := rand.Read(perm); err != nil {
		return "", err
	}
	for i := len(b) - 1; i > 0; i-- {
		j := int(perm[i]) % (i + 1)
		b[i], b[j] = b[j], b[i]
	}
	pw := string(b)
	if err := access.CheckPasswordPolicy(pw, 10); err != nil {
		return "", err
	}
	return pw, nil
}
