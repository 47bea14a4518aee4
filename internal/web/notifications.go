package web

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
)

// NotificationsPage is GET /notifications: the caller's in-product
// reminders, newest first, unread ones marked.
type NotificationsPage struct {
	Base
	Items []NotificationView
}

// NotificationView is one reminder.
type NotificationView struct {
	ID    int64
	Day   string
	Title string
	Lines []string
	Read  bool
}

// unread is the bell's count; a failure shows no count rather than no page.
func (s *Server) unread(r *http.Request, userID int64) int {
	if s.store == nil {
		return 0
	}
	n, err := s.store.UnreadNotifications(r.Context(), userID)
	if err != nil {
		s.log.Warn("unread reminders", slog.Any("err", err))
		return 0
	}
	return n
}

func (s *Server) notificationsPage(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	ns, err := s.store.Notifications(r.Context(), p.User.ID, 200)
	if err != nil {
		return err
	}
	page := &NotificationsPage{Base: s.base(r, "到期提醒")}
	for _, n := range ns {
		page.Items = append(page.Items, NotificationView{ID: n.ID, Day: n.Day, Title: n.Title,
			Lines: strings.Split(strings.TrimSpace(n.Body), "\n"), Read: n.Read})
	}
	s.render(w, r, http.StatusOK, "notifications.html", page)
	return nil
}

// notificationRead marks one reminder read ("all": every one) and returns
// to the list.
func (s *Server) notificationRead(w http.ResponseWriter, r *http.Request) error {
	p := principal(r)
	var id int64
	if v := r.PathValue("id"); v != "all" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return errNotFound
		}
		id = n
	}
	if err := s.store.MarkNotificationRead(r.Context(), p.User.ID, id, s.cfg.Now()); err != nil {
		return err
	}
	http.Redirect(w, r, "/notifications", http.StatusSeeOther)
	return nil
}
