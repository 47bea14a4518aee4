package web

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"testing"

	"fazhi/internal/ledger"
)

// Every kind that holds personal data — in its fields or in the cells of
// its rows — is created through the API with planted values: none of them
// is in clear at rest (database and WAL files, blobs, the backup), in the
// server log, in the county inspector's export or in the search index,
// while the clerk's own export shows them (so the reading proves
// something).
func TestEveryKind_PlantedPersonalDataNowhereInClear(t *testing.T) {
	e := apiEnv(t)
	planted := map[ledger.PersonalKind]string{ledger.PersonalName: "欧阳觅青", ledger.PersonalIDNumber: "11010519491231002X",
		ledger.PersonalPhone: "13912345678", ledger.PersonalAddress: "云溪镇石门村七组十八号"}
	clear := []string{"欧阳觅青", "11010519491231002X", "19491231002X", "13912345678", "云溪镇石门村七组十八号"}
	today := e.srv.today()
	clerk := e.api("clerkA")
	var kinds []string
	for _, k := range e.srv.kinds.Kinds() {
		form, has := k.ExampleForm(today), false
		for _, f := range k.FormFields() {
			switch {
			case f.Type == ledger.TypePersonal && form[f.Name] != "": // the ones the kind's rules accept together
				form[f.Name], has = planted[f.Personal], true
			case f.Type == ledger.TypeTable && f.HasPersonalColumns() && form[f.Name] != "":
				var rows []map[string]string
				if err := json.Unmarshal([]byte(form[f.Name]), &rows); err != nil {
					t.Fatalf("%s.%s example rows: %v", k.Name, f.Name, err)
				}
				for _, row := range rows {
					for _, c := range f.Columns {
						if c.Type == ledger.TypePersonal {
							row[c.Name], has = planted[c.Personal], true
						}
					}
				}
				b, _ := json.Marshal(rows)
				form[f.Name] = string(b)
			}
		}
		if !has {
			continue
		}
		kinds = append(kinds, k.Name)
		clerk.must("POST", "/api/v1/records/"+k.Name, map[string]any{"data": form}, http.StatusCreated, nil)
	}
	t.Logf("kinds with personal data: %v", kinds)
	if len(kinds) < 5 {
		t.Fatalf("kinds with personal data: %v", kinds)
	}
	check := func(where string, b []byte) {
		t.Helper()
		for _, p := range clear {
			if bytes.Contains(b, []byte(p)) {
				t.Errorf("%s holds %q in clear", where, p)
			}
		}
	}
	for _, name := range kinds {
		var page struct {
			Items []apiRecord `json:"items"`
		}
		for _, q := range []string{"欧阳觅青", "13912345678"} {
			clerk.must("GET", "/api/v1/records/"+name+"?q="+url.QueryEscape(q), nil, http.StatusOK, &page)
			if len(page.Items) != 0 {
				t.Errorf("%s: searching %q finds the record", name, q)
			}
		}
		resp, export := e.loggedIn("inspector").get("/l/" + name + "/export.xlsx")
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("%s: inspector export %d", name, resp.StatusCode)
		}
		check(name+": the inspector's export", unzipAll(t, []byte(export)))
		if _, own := e.loggedIn("clerkA").get("/l/" + name + "/export.xlsx"); !bytes.Contains(unzipAll(t, []byte(own)), []byte("13912345678")) {
			t.Errorf("%s: the clerk's export lacks the planted phone: the check above proves nothing", name)
		}
	}
	checkAtRest(t, e, check)
}
