package web

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"fazhi/internal/ledger"
)

// buildOpenAPI is the served document: the hand-written description of the
// routes and their envelopes (openapi.json), with what the kinds declare
// generated into it — the kind parameter's values, and per kind a schema of
// its form data (types, options, lengths, required fields) and one of its
// workflow steps (each event with the fields filled at it), and the annual
// report's steps (reportOpenAPI). A kind added to the registry is
// documented without editing openapi.json.
func buildOpenAPI(base []byte, reg *ledger.Registry) ([]byte, error) {
	var doc map[string]any
	if err := json.Unmarshal(base, &doc); err != nil {
		return nil, fmt.Errorf("web.buildOpenAPI: %w", err)
	}
	if reg == nil {
		return base, nil
	}
	comp, _ := doc["components"].(map[string]any)
	schemas, _ := comp["schemas"].(map[string]any)
	params, _ := comp["parameters"].(map[string]any)
	if schemas == nil || params == nil {
		return nil, fmt.Errorf("web.buildOpenAPI: base document lacks components")
	}
	reportOpenAPI(schemas)
	var names, labels []string
	for _, k := range reg.Kinds() {
		names = append(names, k.Name)
		labels = append(labels, k.Name+"（"+k.Label+"）")
		schemas[kindSchemaName(k, "Data")] = kindDataSchema(k)
		schemas[kindSchemaName(k, "Step")] = kindStepSchema(k)
	}
	if p, ok := params["kind"].(map[string]any); ok {
		p["schema"] = map[string]any{"type": "string", "enum": names}
		p["description"] = "台账类型标识：" + strings.Join(labels, "、") +
			"。各类型的字段见 components.schemas 中的 <类型>Data，流程各步可填写的字段见 <类型>Step"
	}
	return json.MarshalIndent(doc, "", "  ")
}

// kindSchemaName is e.g. "major_decisionData".
func kindSchemaName(k *ledger.Kind, suffix string) string { return k.Name + suffix }

// fieldSchema is the JSON Schema of one field's canonical string value.
func fieldSchema(f *ledger.Field) map[string]any {
	s := map[string]any{"type": "string", "title": f.Label}
	desc := f.Help
	switch f.Type {
	case ledger.TypeText, ledger.TypeLongText:
		s["maxLength"] = f.MaxRunes()
	case ledger.TypeInteger:
		s["pattern"] = `^-?\d+$`
	case ledger.TypeDecimal:
		s["pattern"] = `^-?\d+(\.\d+)?$`
	case ledger.TypeDate:
		s["format"] = "date"
		if f.Dates.Future {
			desc = strings.TrimPrefix(desc+"；可晚于今天", "；")
		} else {
			desc = strings.TrimPrefix(desc+"；不得早于2000年、不得晚于今天", "；")
		}
	case ledger.TypeEnum:
		s["enum"] = slices.Clone(f.Options)
	case ledger.TypeBool:
		s["enum"] = []string{"是", "否"}
	case ledger.TypeUnit, ledger.TypeUser:
		s["pattern"] = `^\d+$`
	case ledger.TypeReference:
		s["pattern"] = `^\d+$`
		desc = strings.TrimPrefix(desc+"；"+strings.Join(f.Referenced(), " 或 ")+" 记录的编号", "；")
	case ledger.TypeFile:
		s["pattern"] = `^[0-9a-f]{64}(,[0-9a-f]{64})*$`
		desc = strings.TrimPrefix(desc+"；本记录附件的 SHA-256，多个用逗号分隔", "；")
	case ledger.TypePersonal:
		desc = strings.TrimPrefix(desc+"；个人信息：加密存储，无权查看者读到的是脱敏值", "；")
	case ledger.TypeTable:
		// The value is the table's JSON text; its rows are described as
		// the content of that string.
		cols := map[string]any{}
		var req []string
		for i := range f.Columns {
			c := &f.Columns[i]
			cols[c.Name] = fieldSchema(c)
			if c.Required {
				req = append(req, c.Name)
			}
		}
		row := map[string]any{"type": "object", "additionalProperties": false, "properties": cols}
		if len(req) > 0 {
			row["required"] = req
		}
		s["contentMediaType"] = "application/json"
		s["contentSchema"] = map[string]any{"type": "array", "maxItems": f.RowLimit(), "items": row}
		desc = strings.TrimPrefix(desc+fmt.Sprintf("；表格：JSON 数组文本，每行一个对象（列名 → 字符串值），最多%d行", f.RowLimit()), "；")
	}
	if desc != "" {
		s["description"] = desc
	}
	return s
}

// kindDataSchema describes the create/edit form of k.
func kindDataSchema(k *ledger.Kind) map[string]any {
	props := map[string]any{}
	var required []string
	for i := range k.Fields {
		f := &k.Fields[i]
		if f.Step != "" {
			continue
		}
		props[f.Name] = fieldSchema(f)
		if f.Required {
			required = append(required, f.Name)
		}
	}
	s := map[string]any{"type": "object", "title": k.Label + "（新建、编辑时填写的字段）", "additionalProperties": false, "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	return s
}

// kindStepSchema describes the workflow steps of k: one alternative per
// event, with the fields filled at it.
func kindStepSchema(k *ledger.Kind) map[string]any {
	var alts []any
	for _, t := range k.Workflow.Transitions {
		props := map[string]any{}
		var required []string
		for _, f := range t.StepFields(k) {
			props[f.Name] = fieldSchema(f)
			if f.Required {
				required = append(required, f.Name)
			}
		}
		data := map[string]any{"type": "object", "additionalProperties": false, "properties": props}
		if len(required) > 0 {
			data["required"] = required
		}
		alts = append(alts, map[string]any{
			"type": "object", "title": t.Label, "required": []string{"event", "version"},
			"description": fmt.Sprintf("从「%s」到「%s」", stateLabels(k, t.From), stateLabel(k, t.To)),
			"properties": map[string]any{
				"event":   map[string]any{"const": t.Event},
				"version": map[string]any{"type": "integer"},
				"data":    data,
			},
		})
	}
	return map[string]any{"title": k.Label + "的流程操作", "oneOf": alts}
}

func stateLabels(k *ledger.Kind, names []string) string {
	var out []string
	for _, n := range names {
		out = append(out, stateLabel(k, n))
	}
	return strings.Join(out, "、")
}
