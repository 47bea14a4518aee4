package web

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A petitioner's name, ID number, phone and address, planted through the
// API and carried through acceptance and reply, appear in clear nowhere at
// rest: not in the database or WAL files, the blobs, the server log, the
// inspector's Excel export, the search index or a backup.
func TestPetition_PlantedPersonalDataNowhereInClear(t *testing.T) {
	e := apiEnv(t)
	const (
		name    = "欧阳觅青"
		id      = "11010519491231002X"
		phone   = "13912345678"
		address = "云溪镇石门村七组十八号"
	)
	planted := []string{name, id, "19491231002X", phone, address}
	clerk := e.api("clerkA")
	var r apiRecord
	clerk.must("POST", "/api/v1/records/petition", map[string]any{"data": map[string]string{
		"received_date": "2025-02-10", "channel": "来访", "source": "本级受理", "category": "申诉求决",
		"matter": "反映宅基地界址纠纷", "content": "要求重新确认界址", "handling_unit": "自然资源所",
		"petitioner_name": name, "petitioner_id": id, "petitioner_phone": phone, "petitioner_address": address}}, http.StatusCreated, &r)
	path := recordPathOf("petition", r.ID)
	for _, s := range []struct {
		event string
		data  map[string]string
	}{
		{"accept", map[string]string{"accept_date": "2025-02-12"}},
		{"notify", map[string]string{"notify_date": "2025-02-13", "notify_way": "书面告知书"}},
		{"reply", map[string]string{"reply_date": "2025-03-01", "reply_outcome": "已解释说明", "reply_opinion": "已组织双方现场确认界址"}},
	} {
		clerk.must("POST", path+"/transitions", map[string]any{"event": s.event, "version": r.Version, "data": s.data}, http.StatusOK, &r)
	}
	// The clerk sees the petitioner (the office needs to reach them); the
	// county inspector does not.
	var insp apiRecord
	e.api("inspector").must("GET", path, nil, http.StatusOK, &insp)
	for _, p := range planted {
		if strings.Contains(insp.Data["petitioner_name"]+insp.Data["petitioner_id"]+insp.Data["petitioner_phone"]+insp.Data["petitioner_address"], p) {
			t.Errorf("the inspector reads %q", p)
		}
	}
	check := func(where string, b []byte) {
		t.Helper()
		for _, p := range planted {
			if bytes.Contains(b, []byte(p)) {
				t.Errorf("%s holds %q in clear", where, p)
			}
		}
	}
	// Search: the personal values are not in the index.
	for _, q := range []string{name, id, phone} {
		var page struct {
			Items []apiRecord `json:"items"`
		}
		clerk.must("GET", "/api/v1/records/petition?q="+url.QueryEscape(q), nil, http.StatusOK, &page)
		if len(page.Items) != 0 {
			t.Errorf("searching %q finds the petition", q)
		}
	}
	resp, export := e.loggedIn("inspector").get("/l/petition/export.xlsx")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("inspector export: %d", resp.StatusCode)
	}
	check("the inspector's export", unzipAll(t, []byte(export)))
	// The same reading finds the values where they belong: the clerk's own
	// export shows the petitioner.
	if _, own := e.loggedIn("clerkA").get("/l/petition/export.xlsx"); !bytes.Contains(unzipAll(t, []byte(own)), []byte(name)) {
		t.Error("the clerk's export lacks the petitioner: the check above proves nothing")
	}
	checkAtRest(t, e, check)
}

// checkAtRest hands check a backup, the server log and every file of the
// data directory (database, WAL, blobs), for planted values in clear.
func checkAtRest(t *testing.T, e *env, check func(where string, b []byte)) {
	t.Helper()
	var backup bytes.Buffer
	if err := e.db.Backup(context.Background(), &backup); err != nil {
		t.Fatal(err)
	}
	check("the backup", untarAll(t, backup.Bytes()))
	check("the server log", e.logs.Bytes())
	err := filepath.WalkDir(e.storeCfg.DataDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		check(filepath.Base(p), b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func unzipAll(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(&out, rc)
		rc.Close()
	}
	return out.Bytes()
}

func untarAll(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(zr)
	var out bytes.Buffer
	for {
		_, err := tr.Next()
		if err == io.EOF {
			return out.Bytes()
		}
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(&out, tr)
	}
}
