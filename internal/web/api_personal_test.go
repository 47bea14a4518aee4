package web

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestAPI_PersonalDataMaskedForRolesWithoutNeed: a phone number typed by
// the clerk comes back in clear to the clerk, masked to the county
// inspector in the record, the list and the create response of a role
// without need — and it cannot be used as a list filter.
func TestAPI_PersonalDataMaskedForRolesWithoutNeed(t *testing.T) {
	e := caseEnv(t)
	const phone = "13812345678"
	clerk, inspector := e.api("clerkA"), e.api("inspector")

	var rec apiRecord
	clerk.must("POST", "/api/v1/records/case", map[string]any{"data": map[string]string{
		"title": "申请人来电", "received": "2025-02-10", "phone": phone}}, http.StatusCreated, &rec)
	if rec.Data["phone"] != phone {
		t.Errorf("the clerk who typed it sees %q", rec.Data["phone"])
	}

	var seen apiRecord
	inspector.must("GET", fmt.Sprintf("/api/v1/records/case/%d", rec.ID), nil, http.StatusOK, &seen)
	if seen.Data["phone"] == "" || strings.Contains(seen.Data["phone"], phone[3:7]) {
		t.Errorf("the inspector sees phone %q, want it masked", seen.Data["phone"])
	}
	status, body := inspector.call("GET", "/api/v1/records/case", nil)
	if status != http.StatusOK || strings.Contains(string(body), phone) {
		t.Errorf("the inspector's list (%d) shows the phone in clear: %s", status, body)
	}
	clerk.apiErr("GET", "/api/v1/records/case?f.phone="+phone, nil, http.StatusBadRequest)
}
