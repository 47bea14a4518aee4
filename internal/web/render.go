package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"fazhi/internal/access"
	"fazhi/internal/calendar"
)

//go:embed templates static
var assets embed.FS

// parsePages parses every page template together with the layout and the
// shared partials, keyed by page file name ("dashboard.html").
func parsePages() (map[string]*template.Template, error) {
	names, err := fs.Glob(assets, "templates/*.html")
	if err != nil {
		return nil, err
	}
	partials, err := fs.Glob(assets, "templates/partials/*.html")
	if err != nil {
		return nil, err
	}
	base := template.New("").Funcs(funcs)
	if _, err := base.ParseFS(assets, partials...); err != nil {
		return nil, fmt.Errorf("web: parse partials: %w", err)
	}
	pages := map[string]*template.Template{}
	for _, n := range names {
		name := path.Base(n)
		if name == "layout.html" {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(assets, "templates/layout.html", n)
		if err != nil {
			return nil, fmt.Errorf("web: parse %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

var funcs = template.FuncMap{
	"date": func(d calendar.Date) string {
		if d.IsZero() {
			return ""
		}
		return d.String()
	},
	"datetime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(calendar.China).Format("2006-01-02 15:04")
	},
	"roleLabel":   func(r access.Role) string { return r.Label() },
	"add":         func(a, b int) int { return a + b },
	"neg":         func(a int) int { return -a },
	"fileSize":    byteSize,
	"scoreRule":   scoreRuleLabel,
	"actionLabel": actionLabel,
}

// actionLabels name audit actions in Chinese; unknown ones show as stored.
var actionLabels = map[string]string{
	"login": "登录", "login_failed": "登录失败", "logout": "退出登录",
	"create": "登记", "update": "修改", "transition": "办理", "attach": "上传附件", "clock": "调整期限",
	"unit.create": "新建单位", "unit.rename": "单位改名", "unit.move": "移动单位", "unit.close": "撤销单位", "unit.import": "导入单位",
	"user.create": "新建用户", "user.update": "修改用户单位与角色", "user.password": "修改密码",
	"grant.add": "授权", "grant.remove": "取消授权",
	"correct": "更正", "user.lock": "锁定用户", "user.unlock": "解锁用户",
	"token.create": "签发令牌", "token.revoke": "吊销令牌",
	"setting": "修改本地设置", "holidays": "上传节假日安排", "keys.rotate": "轮换个人信息密钥",
	"report.create": "生成年度报告初稿", "report.edit": "修改年度报告", "report.correct": "更正年度报告",
	"report.check": "年度报告审校", "report.review": "年度报告送审校", "report.back": "年度报告退回起草",
	"report.approve": "年度报告审定", "report.withdraw": "撤回年度报告审定", "report.publish": "公开年度报告",
	"report.submit": "报送年度报告", "report.archive": "存档往年报告",
}

func actionLabel(a string) string {
	if l, ok := actionLabels[a]; ok {
		return l
	}
	if strings.HasPrefix(a, "user.") || strings.HasPrefix(a, "token.") || strings.HasPrefix(a, "grant.") {
		return "账户管理"
	}
	if strings.HasPrefix(a, "unit.") {
		return "单位管理"
	}
	return "其他操作"
}

// render executes page's layout with data. A buffer keeps a template error
// from sending half a page with a 200.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	s.execute(w, r, status, page, "layout", data)
}

// renderFragment executes one named block of a page, for htmx requests.
func (s *Server) renderFragment(w http.ResponseWriter, r *http.Request, page, block string, data any) {
	s.execute(w, r, http.StatusOK, page, block, data)
}

func (s *Server) execute(w http.ResponseWriter, r *http.Request, status int, page, block string, data any) {
	t, ok := s.pages[page]
	if !ok {
		s.log.ErrorContext(r.Context(), "no such template", "page", page)
		http.Error(w, "模板缺失", http.StatusInternalServerError)
		return
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, block, data); err != nil {
		s.log.ErrorContext(r.Context(), "template failed", append(logAttrs(r), "page", page, "err", err)...)
		http.Error(w, "页面生成失败，请联系管理员", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = buf.WriteTo(w)
}

// isHTMX reports whether r was sent by htmx (and wants a fragment).
func isHTMX(r *http.Request) bool { return r.Header.Get("HX-Request") == "true" }

// staticHandler serves the embedded static files with a day of caching.
func staticHandler() http.Handler {
	sub, err := fs.Sub(assets, "static")
	if err != nil {
		panic(err)
	}
	fsrv := http.FileServerFS(sub)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		fsrv.ServeHTTP(w, r)
	})
}

// base fills the layout's part of every page.
func (s *Server) base(r *http.Request, title string) Base {
	b := Base{Title: title, SiteName: s.cfg.SiteName, Path: r.URL.Path}
	p := principal(r)
	if p == nil {
		return b
	}
	b.User = p.User
	if p.Session != nil {
		b.CSRF = p.Session.CSRF
		h, _ := json.Marshal(map[string]string{csrfHeader: p.Session.CSRF})
		b.HXHeaders = string(h)
	}
	b.IsAdmin = p.User.Has(access.RoleAdmin)
	b.Unread = s.unread(r, p.User.ID)
	b.CanAudit = b.IsAdmin || p.User.Has(access.RoleInspector)
	if s.kinds != nil {
		for _, k := range s.kinds.Kinds() {
			b.Kinds = append(b.Kinds, NavKind{Name: k.Name, Label: k.Label, Active: r.PathValue("kind") == k.Name})
		}
	}
	return b
}

// handler is a page handler that returns its failure; the adapters write it.
type handler func(w http.ResponseWriter, r *http.Request) error

// page serves h to logged-in users; others are sent to the login page (or
// get 401 for non-GET requests).
func (s *Server) page(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if principal(r) == nil {
			if r.Method == http.MethodGet {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			s.fail(w, r, &pageError{http.StatusUnauthorized, "登录已过期：请重新登录后再提交。"})
			return
		}
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// public serves h with or without a login.
func (s *Server) public(h handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// scoreRuleLabel names an assessment item's scoring rule in Chinese.
func scoreRuleLabel(r any) string {
	switch fmt.Sprint(r) {
	case "proportional":
		return "按完成比例计分"
	case "threshold":
		return "达标得分"
	case "deduction":
		return "按件扣分"
	case "manual":
		return "人工评分"
	}
	return "其他"
}
