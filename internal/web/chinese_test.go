package web

import (
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"fazhi/internal/calendar"
	"fazhi/internal/ledger"
	"fazhi/internal/ledger/kinds"
)

// latinAllowed are the Latin words a Chinese page may show: file types,
// products and standards a clerk knows by these names.
var latinAllowed = []string{"PDF", "OFD", "DOC", "DOCX", "XLS", "XLSX", "WPS", "ET", "TXT", "JPG", "JPEG", "PNG", "ZIP",
	"Excel", "Word", "API", "OpenAPI", "JSON", "KB", "MB", "GB", "SM3", "SM4", "HMAC-SM3", "GB/T", "LibreOffice",
	"Authorization", "Bearer", // the HTTP header a program sends with its token
	"txt", "docx", "doc", "pdf", "wps", "xlsx", "xls"} // in file names

var (
	// Text in <code> is literal input to type (a header, a file format's
	// keyword), shown as such.
	scriptRE     = regexp.MustCompile(`(?is)<(script|style|code)\b.*?</(script|style|code)>|<!--.*?-->`)
	codeRE       = regexp.MustCompile(`^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+$|^[A-Z]{1,2}[0-9]+$`) // 文号 parts, item numbers (K01)
	attrRE       = regexp.MustCompile(`(?i)\s(?:placeholder|title|aria-label)="([^"]*)"`)
	tagRE        = regexp.MustCompile(`(?s)<[^>]*>`)
	latinRE      = regexp.MustCompile(`[A-Za-z][A-Za-z0-9]*(?:[._:/-][A-Za-z0-9]+)*`)
	hrefRE       = regexp.MustCompile(`href="(/[^"#]*)`)
	digitsRE     = regexp.MustCompile(`\d+`)
	recordPageRE = regexp.MustCompile(`^/l/([a-z_]+)/\d+$`)
)

// visibleText is what a reader sees of a page: its text and the
// placeholders and titles of its controls.
func visibleText(page string) string {
	page = scriptRE.ReplaceAllString(page, " ")
	var b strings.Builder
	for _, m := range attrRE.FindAllStringSubmatch(page, -1) {
		b.WriteString(html.UnescapeString(m[1]) + "\n")
	}
	b.WriteString(html.UnescapeString(tagRE.ReplaceAllString(page, " ")))
	return b.String()
}

// latinWords are the Latin words of text outside the allow-list and the
// given names (the user names of the accounts, which are Latin by choice).
func latinWords(text string, names []string) []string {
	var out []string
	for _, w := range latinRE.FindAllString(text, -1) {
		if codeRE.MatchString(w) && strings.ContainsAny(w, "0123456789") {
			continue // a document or item number typed by a user, e.g. yunxi-2026-JC-01
		}
		if !slices.Contains(latinAllowed, w) && !slices.Contains(names, w) {
			out = append(out, w)
		}
	}
	return out
}

// TestEveryPageSpeaksChinese logs in as every account of the demo county
// (each role, the real kinds) and follows every link of the product's pages
// — dashboard, every ledger's list, form and records in each state, the
// administration, 审校, the account pages, the public pages — and fails on
// a Latin identifier a reader would see, and on a link that ends in a
// refusal (a control the role cannot use should not be shown).
func TestEveryPageSpeaksChinese(t *testing.T) {
	if testing.Short() {
		t.Skip("crawls the demo county")
	}
	base, accounts, _ := e2eServer(t)
	var names []string
	for u := range accounts {
		names = append(names, strings.Split(u, ".")...)
		names = append(names, u)
	}
	found := map[string][]string{}  // word → pages
	recordPages := map[string]int{} // kind → record pages read
	refused := map[string]int{}
	reg, err := kinds.Registry()
	if err != nil {
		t.Fatal(err)
	}
	seedEveryKind(t, base, accounts, reg)
	crawl := func(user string) {
		c := loginAs(t, base, user, accounts[user])
		get := c.get
		queue := []string{"/", "/public/", "/account/password", "/account/tokens", "/check", "/login", "/no-such-page", "/docs/api"}
		if user == "yunxi.clerk" { // a 审校 result with findings of many rules and figures
			_, page := c.get("/check")
			if status, _ := c.post("/check", url.Values{"text": {checkOtherReport + "\n" + checkSampleReport}, "year": {"2023"}}); status != http.StatusOK {
				t.Errorf("审校 of the sample reports: %d (%d bytes of form page)", status, len(page))
			}
			queue = append(queue, c.last)
		}
		seen := map[string]bool{}
		shapes := map[string]int{}
		for len(queue) > 0 {
			path := queue[0]
			queue = queue[1:]
			if seen[path] {
				continue
			}
			seen[path] = true
			status, body := get(path)
			if m := recordPageRE.FindStringSubmatch(path); m != nil && status == 200 {
				recordPages[m[1]]++
			}
			if status >= 500 || (status == 403 && path != "/no-such-page") {
				refused[user+" "+path] = status
			}
			if !strings.Contains(body, "<html") {
				continue
			}
			if path == "/docs/api" {
				continue // the API reference names the API's identifiers by design (TestAPIDocs_*)
			}
			for _, w := range latinWords(visibleText(body), names) {
				if len(found[w]) < 3 {
					found[w] = append(found[w], cmpOr(user, "（未登录）")+" "+path)
				}
			}
			for _, m := range hrefRE.FindAllStringSubmatch(body, -1) {
				link := html.UnescapeString(m[1])
				if strings.HasPrefix(link, "/static/") || strings.Contains(link, "/files/") || strings.HasSuffix(strings.Split(link, "?")[0], ".xlsx") ||
					strings.HasPrefix(link, "/api/v1/") || strings.Contains(link, "/export") || strings.Contains(link, "/logout") {
					continue
				}
				shape := digitsRE.ReplaceAllString(strings.SplitN(link, "?", 2)[0], "N")
				if strings.Contains(link, "?") {
					shape += "?"
				}
				limit := 4
				if strings.HasPrefix(shape, "/l/") {
					limit = 12 // records of a kind in their several states
				}
				if shapes[shape] >= limit || seen[link] {
					continue
				}
				shapes[shape]++
				queue = append(queue, link)
			}
		}
		if len(seen) < 5 {
			t.Errorf("%s: only %d pages reached", user, len(seen))
		}
	}
	crawl("")
	users := make([]string, 0, len(accounts))
	for u := range accounts {
		if !strings.Contains(u, ".") || strings.HasPrefix(u, "yunxi.") {
			users = append(users, u) // the county's accounts and one township's
		}
	}
	sort.Strings(users)
	for _, u := range users {
		crawl(u)
	}
	for _, k := range reg.Kinds() {
		if recordPages[k.Name] == 0 {
			t.Errorf("no record page of %s was reached", k.Label)
		}
	}
	for w, pages := range found {
		t.Errorf("Latin %q on %v", w, pages)
	}
	for p, s := range refused {
		t.Errorf("link %s answers %d", p, s)
	}
}

// sampleForm is a plausible create form of any kind, from its declaration:
// what a clerk would type (dates in declaration order, rows of a table up to
// its minimum), so that every kind has a record to look at even when the
// demo county has none of it.
func sampleForm(k *ledger.Kind, today calendar.Date, unit string) url.Values {
	n := 0
	value := func(f *ledger.Field) string {
		n++
		if f.Example != nil && f.Type != ledger.TypeTable {
			return f.Example(today) // the kind's own example where a generic value would fail
		}
		switch f.Type {
		case ledger.TypeText, ledger.TypeLongText:
			v := "城关镇" + f.Label + strconv.Itoa(n)
			if f.MaxLen > 0 && utf8.RuneCountInString(v) > f.MaxLen {
				v = string([]rune(v)[:f.MaxLen])
			}
			return v
		case ledger.TypeInteger:
			switch {
			case f.Name == k.YearField:
				return strconv.Itoa(today.Year)
			case f.Min != nil:
				return strconv.Itoa(*f.Min)
			case f.Max != nil && *f.Max < 1:
				return strconv.Itoa(*f.Max)
			}
			return "1"
		case ledger.TypeDecimal:
			return "1"
		case ledger.TypeDate:
			return today.AddDays(-90 + n).String() // later fields, later dates
		case ledger.TypeEnum:
			if len(f.Options) > 0 {
				return f.Options[0]
			}
		case ledger.TypeBool:
			return "是"
		case ledger.TypeUnit:
			return unit
		case ledger.TypePersonal:
			return map[ledger.PersonalKind]string{ledger.PersonalName: "张某某", ledger.PersonalPhone: "13800138000",
				ledger.PersonalAddress: "城关镇某村"}[f.Personal]
		}
		return ""
	}
	form := ledger.Values{}
	out := url.Values{"unit_id": {unit}}
	for _, f := range k.FormFields() {
		if f.Type == ledger.TypeTable {
			for i := range max(f.MinRows, 1) {
				for j := range f.Columns {
					if v := value(&f.Columns[j]); v != "" {
						out.Set(fmt.Sprintf("%s.%d.%s", f.Name, i, f.Columns[j].Name), v)
					}
				}
			}
			continue
		}
		if v := value(f); v != "" {
			form[f.Name] = v
		}
	}
	if _, errs := k.NormalizeOn(form, nil, today); errs != nil {
		for n := range errs {
			if f := k.Field(n); f != nil && !f.Required {
				delete(form, n)
			}
		}
	}
	for n, v := range form {
		out.Set(n, v)
	}
	return out
}

// webUser is a browser-like HTTP client of a running server (following
// redirects, keeping cookies), logged in unless user is "".
type webUser struct {
	t    *testing.T
	base string
	hc   *http.Client
	csrf string
	last string // the path of the last page reached
}

func loginAs(t *testing.T, base, user, password string) *webUser {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &webUser{t: t, base: base, hc: &http.Client{Jar: jar}}
	if user == "" {
		return c
	}
	if status, body := c.post("/login", url.Values{"username": {user}, "password": {password}}); status != http.StatusOK || strings.Contains(body, `id="password"`) {
		t.Fatalf("login %s: %d %.300s", user, status, visibleText(body))
	}
	return c
}

func (c *webUser) get(path string) (int, string) {
	c.t.Helper()
	resp, err := c.hc.Get(c.base + path)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if m := csrfRE.FindStringSubmatch(string(b)); m != nil {
		c.csrf = m[1]
	}
	c.last = resp.Request.URL.RequestURI()
	return resp.StatusCode, string(b)
}

// post submits a form as a same-origin page does and follows the redirect.
func (c *webUser) post(path string, form url.Values) (int, string) {
	c.t.Helper()
	if c.csrf != "" {
		form.Set(csrfField, c.csrf)
	}
	req, _ := http.NewRequest("POST", c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("Origin", c.base)
	resp, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if m := csrfRE.FindStringSubmatch(string(b)); m != nil {
		c.csrf = m[1]
	}
	c.last = resp.Request.URL.RequestURI()
	return resp.StatusCode, string(b)
}

// seedEveryKind gives every kind a record made through its form by the first
// account that may create one, so every kind has a record page to look at
// even when the demo county has none of it. It returns the records' paths.
func seedEveryKind(t *testing.T, base string, accounts map[string]string, reg *ledger.Registry) map[string]string {
	t.Helper()
	today := calendar.Today(nil)
	out := map[string]string{}
	for _, k := range reg.Kinds() {
		for _, u := range []string{"yunxi.clerk", "yunxi.head", "yunxi.reviewer", "adviser", "admin"} {
			c := loginAs(t, base, u, accounts[u])
			_, page := c.get("/l/" + k.Name + "/new")
			unit := regexp.MustCompile(`name="unit_id"[^>]*>\s*<option value="(\d+)"`).FindStringSubmatch(page)
			if unit == nil {
				continue
			}
			status, rec := c.post("/l/"+k.Name, sampleForm(k, today, unit[1]))
			if status != http.StatusOK || !strings.Contains(rec, `id="next"`) {
				t.Errorf("%s: a plausible %s was refused (%d): %v %s", u, k.Label, status,
					regexp.MustCompile(`class="error"[^>]*>([^<]*)<`).FindAllStringSubmatch(rec, -1), regexp.MustCompile(`class="alert"[^>]*>([^<]*)<`).FindString(rec))
			}
			out[k.Name] = c.last
			break
		}
		if out[k.Name] == "" {
			t.Logf("no account could record a %s", k.Label)
		}
	}
	return out
}
