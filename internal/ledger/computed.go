package ledger

import "fmt"

// Derived reports whether f's value is made by the engine, never typed: a
// computed field (Compute) or a register number (Register).
func (f *Field) Derived() bool { return f.Compute != nil || f.ComputeIn != nil || f.Register != "" }

// DerivedMessage is the refusal of a value typed into derived field f.
func (f *Field) DerivedMessage() string {
	if f.Register != "" {
		return fmt.Sprintf("「%s」由系统在办理时按编号规则自动编号，不能填写；请删除此项", f.Label)
	}
	return fmt.Sprintf("「%s」由系统根据其他字段自动计算，不能填写；请删除此项", f.Label)
}

// refuseDerived records a message for every derived field named in input.
func (k *Kind) refuseDerived(input Values, errs FieldErrors) {
	for i := range k.Fields {
		f := &k.Fields[i]
		if _, typed := input[f.Name]; typed && f.Derived() {
			errs[f.Name] = f.DerivedMessage()
		}
	}
}

// Compute sets the computed fields of r.Data with the settings' defaults
// (see ComputeIn).
func (k *Kind) Compute(r *Record) { k.ComputeIn(r, nil) }

// ComputeIn sets the computed fields of r.Data (in declaration order, so a
// computed field may read one declared before it) with the unit's settings
// set (a setting set leaves out has its default); an empty result removes
// the value. Register numbers are kept as issued.
func (k *Kind) ComputeIn(r *Record, set SettingValues) {
	var eff SettingValues
	for i := range k.Fields {
		f := &k.Fields[i]
		var v string
		switch {
		case f.Compute != nil:
			v = f.Compute(r)
		case f.ComputeIn != nil:
			if eff == nil {
				eff = k.effective(set)
			}
			v = f.ComputeIn(r, eff)
		default:
			continue
		}
		if v != "" {
			r.Data[f.Name] = v
		} else {
			delete(r.Data, f.Name)
		}
	}
}

// AddYears is a helper for computed dates: the date in field name plus n
// years (the last day of February for 2月29日 in a common year), or "" when
// the field is empty.
func AddYears(r *Record, name string, n int) string {
	d, ok := r.Data.Date(name)
	if !ok {
		return ""
	}
	return d.AddMonths(12 * n).String()
}
