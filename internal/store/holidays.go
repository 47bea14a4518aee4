package store

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
)

// MaxHolidayFile bounds an uploaded holiday notice file.
const MaxHolidayFile = 64 << 10

// HolidayYear is a year of the working-day calendar uploaded by an
// administrator.
type HolidayYear struct {
	Year       int
	UploadedBy int64
	UploadedAt int64 // unix microseconds
}

// loader is the part of the working-day calendar that takes new years.
type loader interface{ Load(r io.Reader) error }

// UploadHolidays checks a State Council holiday notice file (the format
// FAZHI_HOLIDAYS and calendar.Load read), stores it for each year it covers
// so every process sharing the database sees it, applies it to the
// calendar this store computes with, and fills in the due dates that were
// pending for want of those years. It needs the administrator's role; a bad
// file is a *HolidayFileError with a Chinese message naming the line.
// Audited.
func (db *DB) UploadHolidays(ctx context.Context, a Actor, content []byte) (years []int, err error) {
	defer wrap(&err, "store.UploadHolidays")
	if !a.System && !hasAny(a.Roles, []access.Role{access.RoleAdmin}) {
		return nil, ErrForbidden
	}
	if len(content) > MaxHolidayFile {
		return nil, &HolidayFileError{Message: fmt.Sprintf("节假日文件过大（超过 %d KB）：请上传国务院办公厅通知整理成的节假日表", MaxHolidayFile>>10)}
	}
	years, err = calendar.Years(bytes.NewReader(content))
	if err != nil {
		return nil, &HolidayFileError{Message: "节假日文件有误：" + err.Error()}
	}
	text := string(content)
	err = db.write(ctx, func(t *wtx) error {
		now := micros(db.now())
		for _, y := range years {
			if _, err := t.exec(`INSERT INTO holiday_calendars (year, content, uploaded_by, uploaded_at) VALUES (?, ?, ?, ?)
				ON CONFLICT (year) DO UPDATE SET content = excluded.content, uploaded_by = excluded.uploaded_by, uploaded_at = excluded.uploaded_at`,
				y, text, a.UserID, now); err != nil {
				return err
			}
		}
		_, err := t.audit(a, "holidays", "calendar", map[string]any{"years": years, "lines": strings.Count(text, "\n") + 1})
		return err
	})
	if err != nil {
		return nil, err
	}
	if _, err := db.LoadHolidays(ctx); err != nil {
		return years, err
	}
	return years, nil
}

// HolidayFileError is a holiday file refused as malformed.
type HolidayFileError struct{ Message string }

func (e *HolidayFileError) Error() string { return e.Message }

// LoadHolidays applies every uploaded holiday year to the store's calendar
// (when it can take years) and fills in the due dates that become known. serve calls it at start and
// periodically, so a year uploaded through another process is seen too. It
// returns the years stored.
func (db *DB) LoadHolidays(ctx context.Context) (years []int, err error) {
	defer wrap(&err, "store.LoadHolidays")
	rows, err := db.query(ctx, "SELECT year, content FROM holiday_calendars ORDER BY year")
	if err != nil {
		return nil, err
	}
	var files []string
	for rows.Next() {
		var y int
		var content string
		if err := rows.Scan(&y, &content); err != nil {
			rows.Close()
			return nil, err
		}
		years = append(years, y)
		files = append(files, content)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	l, ok := db.cfg.Calendar.(loader)
	if !ok || len(files) == 0 {
		return years, nil
	}
	for i, f := range files {
		if err := l.Load(strings.NewReader(f)); err != nil {
			return years, fmt.Errorf("year %d: %w", years[i], err)
		}
	}
	if _, err := db.FillPendingDues(ctx); err != nil {
		return years, err
	}
	return years, nil
}
