package web

import (
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// APIDocsPage is the OpenAPI document as a page a person reads: rendered on
// the server from the same document GET /api/v1/openapi.json serves (kinds
// included), so the two cannot drift; nothing is fetched from elsewhere.
type APIDocsPage struct {
	Base
	DocTitle    string
	Description template.HTML
	Groups      []APIGroup
	Schemas     []APISchema
}

// APIGroup is one tag of the document with its operations.
type APIGroup struct {
	Name, Label string
	Ops         []APIOp
}

// APIOp is one method on one path.
type APIOp struct {
	ID, Method, Path, Summary string
	Description               template.HTML
	Params                    []APIParam
	Body                      string // request schema name ("" none)
	Responses                 []APIResponse
}

// APIParam is a path or query parameter.
type APIParam struct {
	Name, In, Type string
	Required       bool
	Description    template.HTML
}

// APIResponse is a status with its description and schema.
type APIResponse struct {
	Status      string
	Description string
	Schema      string
}

// APISchema is a schema of components with its properties.
type APISchema struct {
	Name        string
	Description template.HTML
	Props       []APIParam
}

type oaDoc struct {
	Info struct {
		Title, Description string
	}
	Tags []struct {
		Name, Description string
	}
	Paths      map[string]map[string]oaOp
	Components struct {
		Parameters map[string]oaParam
		Responses  map[string]oaResponse
		Schemas    map[string]oaSchema
	}
}

type oaOp struct {
	Tags        []string
	OperationID string `json:"operationId"`
	Summary     string
	Description string
	Parameters  []oaParam
	RequestBody *struct {
		Content map[string]struct{ Schema oaSchema }
	} `json:"requestBody"`
	Responses map[string]oaResponse
}

type oaParam struct {
	Ref         string `json:"$ref"`
	Name, In    string
	Required    bool
	Description string
	Schema      oaSchema
}

type oaResponse struct {
	Ref         string `json:"$ref"`
	Description string
	Content     map[string]struct{ Schema oaSchema }
}

type oaSchema struct {
	Ref         string `json:"$ref"`
	Type        any
	Format      string
	Description string
	Items       *oaSchema
	Properties  map[string]oaSchema
	Required    []string
}

func refName(ref string) string { return ref[strings.LastIndex(ref, "/")+1:] }

// typeName is a schema's type as a reader says it.
func (s oaSchema) typeName() string {
	if s.Ref != "" {
		return refName(s.Ref)
	}
	t := fmt.Sprint(s.Type)
	if ts, ok := s.Type.([]any); ok {
		t = fmt.Sprint(ts[0])
	}
	switch t {
	case "string":
		if s.Format == "date-time" {
			return "时间"
		}
		if s.Format == "date" {
			return "日期"
		}
		return "字符串"
	case "integer":
		return "整数"
	case "number":
		return "数值"
	case "boolean":
		return "是/否"
	case "array":
		if s.Items != nil {
			return s.Items.typeName() + " 的数组"
		}
		return "数组"
	case "object":
		return "对象"
	}
	return ""
}

var backtickRE = regexp.MustCompile("`([^`]+)`")

// docText is a description with its `code` spans and paragraphs.
func docText(s string) template.HTML {
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		h := template.HTMLEscapeString(p)
		h = backtickRE.ReplaceAllString(h, `<code class="literal">$1</code>`)
		out = append(out, strings.ReplaceAll(h, "\n", "<br>"))
	}
	if len(out) == 1 {
		return template.HTML(out[0])
	}
	return template.HTML("<p>" + strings.Join(out, "</p><p>") + "</p>")
}

func schemaOf(content map[string]struct{ Schema oaSchema }) string {
	for _, ct := range []string{"application/json", "multipart/form-data"} {
		if c, ok := content[ct]; ok {
			return c.Schema.typeName()
		}
	}
	for ct := range content {
		if strings.Contains(ct, "spreadsheet") {
			return "Excel 文件"
		}
		return "文件"
	}
	return ""
}

// apiDocsPage builds the page from the served document.
func apiDocsPage(doc []byte) (*APIDocsPage, error) {
	var d oaDoc
	if err := json.Unmarshal(doc, &d); err != nil {
		return nil, fmt.Errorf("web.apiDocsPage: %w", err)
	}
	page := &APIDocsPage{DocTitle: d.Info.Title, Description: docText(d.Info.Description)}
	groups := map[string]*APIGroup{}
	for _, t := range d.Tags {
		page.Groups = append(page.Groups, APIGroup{Name: t.Name, Label: t.Description})
	}
	for i := range page.Groups {
		groups[page.Groups[i].Name] = &page.Groups[i]
	}
	paths := make([]string, 0, len(d.Paths))
	for p := range d.Paths {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	methods := []string{"get", "post", "put", "patch", "delete"}
	for _, path := range paths {
		for _, m := range methods {
			o, ok := d.Paths[path][m]
			if !ok {
				continue
			}
			op := APIOp{ID: o.OperationID, Method: strings.ToUpper(m), Path: path, Summary: o.Summary, Description: docText(o.Description)}
			for _, p := range o.Parameters {
				if p.Ref != "" {
					p = d.Components.Parameters[refName(p.Ref)]
				}
				in := map[string]string{"path": "路径", "query": "查询", "header": "请求头"}[p.In]
				op.Params = append(op.Params, APIParam{Name: p.Name, In: in, Type: p.Schema.typeName(), Required: p.Required, Description: docText(p.Description)})
			}
			if o.RequestBody != nil {
				op.Body = schemaOf(o.RequestBody.Content)
			}
			codes := make([]string, 0, len(o.Responses))
			for c := range o.Responses {
				codes = append(codes, c)
			}
			sort.Strings(codes)
			for _, c := range codes {
				r := o.Responses[c]
				if r.Ref != "" {
					r = d.Components.Responses[refName(r.Ref)]
				}
				op.Responses = append(op.Responses, APIResponse{Status: c, Description: r.Description, Schema: schemaOf(r.Content)})
			}
			tag := "其他"
			if len(o.Tags) > 0 {
				tag = o.Tags[0]
			}
			g := groups[tag]
			if g == nil {
				page.Groups = append(page.Groups, APIGroup{Name: tag, Label: tag})
				for i := range page.Groups {
					groups[page.Groups[i].Name] = &page.Groups[i]
				}
				g = groups[tag]
			}
			g.Ops = append(g.Ops, op)
		}
	}
	page.Groups = slices.DeleteFunc(page.Groups, func(g APIGroup) bool { return len(g.Ops) == 0 })
	names := make([]string, 0, len(d.Components.Schemas))
	for n := range d.Components.Schemas {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		sc := d.Components.Schemas[n]
		as := APISchema{Name: n, Description: docText(sc.Description)}
		props := make([]string, 0, len(sc.Properties))
		for p := range sc.Properties {
			props = append(props, p)
		}
		sort.Strings(props)
		for _, p := range props {
			ps := sc.Properties[p]
			as.Props = append(as.Props, APIParam{Name: p, Type: ps.typeName(), Required: slices.Contains(sc.Required, p), Description: docText(ps.Description)})
		}
		page.Schemas = append(page.Schemas, as)
	}
	return page, nil
}

// apiDocs serves the API documentation page (no login needed, like the
// document itself).
func (s *Server) apiDocs(w http.ResponseWriter, r *http.Request) error {
	page, err := apiDocsPage(s.openAPI)
	if err != nil {
		return err
	}
	page.Base = s.base(r, "接口文档")
	s.render(w, r, http.StatusOK, "api_docs.html", page)
	return nil
}
