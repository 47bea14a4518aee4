package web

import (
	"net/url"
	"strconv"
	"strings"
)

// pageWindow is the page of a long list a request asks for: page (from 1)
// and per_page, the latter capped by the list; a wrong value is named with
// its fix in errs.
type pageWindow struct{ Page, PerPage int }

func readPageWindow(v url.Values, perPage, maxPerPage int, errs map[string]string) pageWindow {
	w := pageWindow{Page: 1, PerPage: perPage}
	num := func(name, msg string) int {
		t := strings.TrimSpace(v.Get(name))
		if t == "" {
			return 0
		}
		n, err := strconv.Atoi(t)
		if err != nil || n <= 0 {
			errs[name] = msg
			return 0
		}
		return n
	}
	if n := num("page", "「页码」应为从 1 开始的正整数：如 page=2"); n != 0 {
		w.Page = min(n, 1_000_000) // an overflowing page is past the end
	}
	if n := num("per_page", "「每页条数」应为 1 到 "+strconv.Itoa(maxPerPage)+" 之间的整数"); n != 0 {
		if n > maxPerPage {
			errs["per_page"] = "「每页条数」不能超过 " + strconv.Itoa(maxPerPage)
		}
		w.PerPage = min(n, maxPerPage)
	}
	return w
}

func (w pageWindow) Offset() int { return (w.Page - 1) * w.PerPage }

// pages is how many pages total items fill (at least one).
func (w pageWindow) pages(total int) int { return max(1, (total+w.PerPage-1)/w.PerPage) }

// link is the URL of page n of base with query v (its page replaced).
func pageLink(base string, v url.Values, n int) string {
	q := url.Values{}
	for k, vs := range v {
		q[k] = vs
	}
	q.Del("page")
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	if len(q) == 0 {
		return base
	}
	return base + "?" + q.Encode()
}
