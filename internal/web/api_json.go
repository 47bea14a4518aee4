package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// apiMaxJSON bounds every JSON request body. Records are short; an
// attachment goes through the multipart endpoint with its own limit.
const apiMaxJSON = 1 << 20

// apiWriteJSON writes v as the response body with status.
func apiWriteJSON(w http.ResponseWriter, status int, v any) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		http.Error(w, `{"error":"服务器内部错误：响应无法编码"}`, http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

// apiDecode reads the request body as exactly one JSON object into v.
// Unknown fields, wrong types, trailing data and oversized bodies are
// refused with a Chinese message naming the field and the fix.
func apiDecode(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" {
		mt, _, err := mime.ParseMediaType(ct)
		if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
			return apiBad("", "请求体应为 JSON：请设置请求头 Content-Type: application/json")
		}
	}
	r.Body = http.MaxBytesReader(w, r.Body, apiMaxJSON)
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return apiJSONError(err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return apiBad("", "请求体只能包含一个 JSON 对象：请删除其后多余的内容")
	}
	return nil
}

// apiValues is the "data" object of a request: field name → value. Values
// are strings; a JSON number is taken as its literal text and null as
// empty, anything else is refused naming the field.
type apiValues map[string]string

func (v *apiValues) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return apiBad("data", "data 应为对象，形如 {\"字段名\":\"值\"}")
	}
	out := make(apiValues, len(raw))
	bad := map[string]string{}
	for name, r := range raw {
		r = bytes.TrimSpace(r)
		switch {
		case len(r) > 0 && r[0] == '"':
			var s string
			if err := json.Unmarshal(r, &s); err != nil {
				bad[name] = fmt.Sprintf("字段 %s 的值无法解析：请填写字符串", name)
			}
			out[name] = s
		case string(r) == "null":
			out[name] = ""
		case len(r) > 0 && (r[0] == '-' || r[0] >= '0' && r[0] <= '9'):
			out[name] = string(r)
		default:
			bad[name] = fmt.Sprintf("字段 %s 的值应为字符串（日期写作 \"2024-02-18\"，选项写选项文字），不能是对象、数组或布尔值", name)
		}
	}
	if len(bad) > 0 {
		return &apiError{Status: http.StatusBadRequest, Message: "data 中有字段的值类型不对：请按各字段的提示修改", Fields: bad}
	}
	*v = out
	return nil
}

// apiJSONError turns an encoding/json error into a 400 naming the problem.
func apiJSONError(err error) error {
	var (
		syn *json.SyntaxError
		typ *json.UnmarshalTypeError
		mbe *http.MaxBytesError
		ae  *apiError
	)
	switch {
	case errors.As(err, &mbe), errors.As(err, &ae):
		return err
	case errors.Is(err, io.EOF):
		return apiBad("", `请求体为空：应为 JSON 对象，例如 {"data":{"字段名":"值"}}`)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return apiBad("", "JSON 不完整：请检查括号和引号是否成对")
	case errors.As(err, &syn):
		return apiBad("", fmt.Sprintf("JSON 格式错误（第 %d 字节附近）：请检查括号、引号和逗号", syn.Offset))
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return apiBad("", fmt.Sprintf("请求体应为 JSON 对象，收到的是%s", apiJSONKind(typ.Value)))
		}
		return apiBad(field, fmt.Sprintf("字段 %s 应为%s，收到的是%s", field, apiGoKind(typ.Type.Kind().String()), apiJSONKind(typ.Value)))
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		name = strings.Trim(name, `"`)
		return apiBad(name, fmt.Sprintf("不认识的字段 %q：请删除它，或检查拼写", name))
	}
	return apiBad("", "JSON 无法解析："+err.Error())
}

func apiGoKind(k string) string {
	switch k {
	case "string":
		return "字符串"
	case "int", "int64", "int32":
		return "整数"
	case "map", "struct":
		return "对象"
	case "slice":
		return "数组"
	case "bool":
		return "true 或 false"
	}
	return k
}

func apiJSONKind(v string) string {
	switch {
	case v == "number" || strings.HasPrefix(v, "number"):
		return "数字"
	case v == "string":
		return "字符串"
	case v == "bool":
		return "布尔值"
	case v == "array":
		return "数组"
	case v == "object":
		return "对象"
	}
	return v
}
