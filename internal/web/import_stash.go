package web

import (
	"crypto/rand"
	"encoding/hex"
	"io"
	"mime/multipart"
	"os"
	"sync"
	"time"
)

// The import page checks a file, shows the report and offers 导入 on the
// same file: the checked upload is kept in a temporary file for
// stashTTL, for the user and kind that uploaded it, under a random token
// the page carries; importing (or expiry) removes it.

const stashTTL = 30 * time.Minute

type stashed struct {
	path    string
	name    string
	user    int64
	kind    string
	expires time.Time
}

var (
	stashMu sync.Mutex
	stashes = map[string]stashed{}
)

// stashUpload copies the upload to a temporary file and returns its token.
func stashUpload(f multipart.File, name string, user int64, kind string) (string, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	tmp, err := os.CreateTemp("", "fazhi-import-*.xlsx")
	if err != nil {
		return "", err
	}
	if _, err := io.Copy(tmp, f); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return "", err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return "", err
	}
	var b [16]byte
	rand.Read(b[:])
	token := hex.EncodeToString(b[:])
	stashMu.Lock()
	defer stashMu.Unlock()
	now := time.Now()
	for t, s := range stashes {
		if now.After(s.expires) {
			os.Remove(s.path)
			delete(stashes, t)
		}
	}
	stashes[token] = stashed{path: tmp.Name(), name: name, user: user, kind: kind, expires: now.Add(stashTTL)}
	return token, nil
}

// openStash opens the stashed upload of token for user and kind, and
// removes it from the stash (the file is deleted when closed).
func openStash(token string, user int64, kind string) (*stashFile, string, bool) {
	stashMu.Lock()
	s, ok := stashes[token]
	if ok && s.user == user && s.kind == kind {
		delete(stashes, token)
	}
	stashMu.Unlock()
	if !ok || s.user != user || s.kind != kind || time.Now().After(s.expires) {
		return nil, "", false
	}
	f, err := os.Open(s.path)
	if err != nil {
		os.Remove(s.path)
		return nil, "", false
	}
	return &stashFile{File: f}, s.name, true
}

// stashFile is a stashed upload, deleted when closed.
type stashFile struct{ *os.File }

func (f *stashFile) Close() error {
	err := f.File.Close()
	os.Remove(f.Name())
	return err
}
