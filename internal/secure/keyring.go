// Package secure protects personal data (个人信息) at rest and on screen:
// SM4-GCM encryption under a versioned key ring, keyed blind indexes for
// exact lookup without plaintext, masks for display, and validation of
// resident ID numbers (GB 11643) and phone numbers.
//
// The master keys live in a file or an environment variable, never in the
// database. Each line of the key material is "version:hex(32 bytes)"; the
// highest version encrypts, every version decrypts, so rotation adds a line
// and re-encrypts records at leisure.
package secure

import (
	"crypto/hmac"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/emmansun/gmsm/sm3"
)

// maxVersion bounds key versions, far above any real number of rotations.
const maxVersion = 999999

// MasterKeySize is the length of each version's master key material.
const MasterKeySize = 32

// KeyRing holds every version of the master key. It is immutable after
// loading and safe for concurrent use. Printing it shows versions only.
type KeyRing struct {
	masters map[int][]byte
	current int
	root    int // lowest version: the source of keys that must not rotate

	enc      map[int][]byte // version → SM4 key
	indexKey []byte
	auditKey []byte
}

// Sub-keys are derived from master material with HMAC-SM3 under a fixed
// label, so one master key never serves two purposes.
//
// The encryption keys follow the version: a new version encrypts new data.
// The blind-index key and the audit-chain key are derived from the ROOT
// (lowest) version instead, because they must stay the same across
// rotations: a blind index recomputed under a new key would no longer find
// the records indexed before, and the audit chain is never rewritten, so it
// must verify under the key it was written with. Never remove the root line
// from a key file; rotation only adds lines.
const (
	labelEncrypt = "fazhi/secure/sm4-gcm/v1"
	labelIndex   = "fazhi/secure/blind-index/v1"
	labelAudit   = "fazhi/audit/chain/v1"
)

func derive(master []byte, label string, version int) []byte {
	m := hmac.New(sm3.New, master)
	m.Write([]byte(label))
	if version > 0 {
		m.Write([]byte{0})
		m.Write([]byte(strconv.Itoa(version)))
	}
	return m.Sum(nil)
}

// LoadKeyRing reads the master keys named by spec: "env:NAME" reads the
// environment variable NAME (lines separated by newlines, ";" or ","),
// "file:PATH" or a plain PATH reads a key file, which must not be readable by
// group or others.
func LoadKeyRing(spec string) (*KeyRing, error) {
	switch {
	case strings.HasPrefix(spec, "env:"):
		name := strings.TrimPrefix(spec, "env:")
		v, ok := os.LookupEnv(name)
		if !ok || strings.TrimSpace(v) == "" {
			return nil, fmt.Errorf("密钥环：环境变量 %s 未设置，请填入“版本:64位十六进制密钥”", name)
		}
		r, err := ParseKeyRing(strings.NewReplacer(";", "\n", ",", "\n").Replace(v))
		if err != nil {
			return nil, fmt.Errorf("密钥环（环境变量 %s）：%w", name, err)
		}
		return r, nil
	case spec == "" || spec == "file:":
		return nil, fmt.Errorf("密钥环：未指定密钥文件或环境变量（如 file:/var/lib/fazhi/keys 或 env:FAZHI_KEYS）")
	}
	path := strings.TrimPrefix(spec, "file:")
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("密钥环：读取密钥文件 %s 失败：%w", path, err)
	}
	if fi.Mode().Perm()&0o077 != 0 {
		return nil, fmt.Errorf("密钥环：密钥文件 %s 权限过宽（%04o），请执行 chmod 600 %s", path, fi.Mode().Perm(), path)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("密钥环：读取密钥文件 %s 失败：%w", path, err)
	}
	r, err := ParseKeyRing(string(b))
	if err != nil {
		return nil, fmt.Errorf("密钥环（%s）：%w", path, err)
	}
	return r, nil
}

// ParseKeyRing reads key material: lines "version:hex", blank lines and
// "#" comments. Errors never quote key material.
func ParseKeyRing(text string) (*KeyRing, error) {
	masters := map[int][]byte{}
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		ver, key, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("第%d行：应为“版本:密钥”，如 1:后跟64位十六进制", i+1)
		}
		ver, key = strings.TrimSpace(ver), strings.TrimSpace(key)
		v, err := strconv.Atoi(ver)
		if err != nil || v < 1 || v > maxVersion || strconv.Itoa(v) != ver {
			return nil, fmt.Errorf("第%d行：密钥版本应为 1 至 %d 的整数", i+1, maxVersion)
		}
		if _, dup := masters[v]; dup {
			return nil, fmt.Errorf("第%d行：密钥版本 %d 重复", i+1, v)
		}
		m, err := hex.DecodeString(key)
		if err != nil || len(m) != MasterKeySize {
			return nil, fmt.Errorf("第%d行：版本 %d 的密钥应为 %d 位十六进制（%d 字节）", i+1, v, 2*MasterKeySize, MasterKeySize)
		}
		masters[v] = m
	}
	if len(masters) == 0 {
		return nil, fmt.Errorf("没有密钥：每行应为“版本:64位十六进制密钥”，可用 GenerateKeyFile 生成")
	}
	return newKeyRing(masters), nil
}

func newKeyRing(masters map[int][]byte) *KeyRing {
	r := &KeyRing{masters: masters, enc: map[int][]byte{}}
	for v, m := range masters {
		if r.current == 0 || v > r.current {
			r.current = v
		}
		if r.root == 0 || v < r.root {
			r.root = v
		}
		r.enc[v] = derive(m, labelEncrypt, v)[:16]
	}
	r.indexKey = derive(masters[r.root], labelIndex, 0)
	r.auditKey = derive(masters[r.root], labelAudit, 0)
	return r
}

// Current is the version that encrypts.
func (r *KeyRing) Current() int { return r.current }

// Versions lists every version held, ascending.
func (r *KeyRing) Versions() []int {
	vs := make([]int, 0, len(r.masters))
	for v := range r.masters {
		vs = append(vs, v)
	}
	slices.Sort(vs)
	return vs
}

// AuditKey is the key of the audit chain's HMAC-SM3, derived from the root
// version and therefore unchanged by rotation.
func (r *KeyRing) AuditKey() []byte { return slices.Clone(r.auditKey) }

// String shows the versions, never key material.
func (r *KeyRing) String() string {
	return fmt.Sprintf("KeyRing{versions: %v, current: %d}", r.Versions(), r.current)
}

// GoString is String, so %#v does not print key material either.
func (r *KeyRing) GoString() string { return r.String() }

// LogValue keeps key material out of structured logs.
func (r *KeyRing) LogValue() slog.Value { return slog.StringValue(r.String()) }

const keyFileHeader = `# fazhi master keys: "version:hex(32 bytes)", highest version encrypts.
# Keep this file out of the database and out of backups of the database;
# losing it loses every encrypted field. Never delete a line: rotation adds one.
`

// GenerateKeyFile writes a new key file with one fresh version (1), mode
// 0600. It refuses to overwrite an existing file, since losing keys loses
// data.
func GenerateKeyFile(path string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("生成密钥文件 %s 失败：%w", path, err)
	}
	_, werr := f.WriteString(keyFileHeader + "1:" + hex.EncodeToString(fresh()) + "\n")
	serr := f.Sync()
	cerr := f.Close()
	if err := firstErr(werr, serr, cerr); err != nil {
		os.Remove(path)
		return fmt.Errorf("生成密钥文件 %s 失败：%w", path, err)
	}
	return nil
}

// Rotate appends a fresh version to the key file at path (written to a
// temporary file and renamed, so a crash leaves the old file whole) and
// returns the new version number.
func Rotate(path string) (int, error) {
	old, err := LoadKeyRing(path)
	if err != nil {
		return 0, err
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, fmt.Errorf("轮换密钥：%w", err)
	}
	text := string(b)
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	next := old.current + 1
	text += strconv.Itoa(next) + ":" + hex.EncodeToString(fresh()) + "\n"
	tmp, err := os.CreateTemp(filepath.Dir(path), ".keys-*")
	if err != nil {
		return 0, fmt.Errorf("轮换密钥：%w", err)
	}
	defer os.Remove(tmp.Name())
	_, werr := tmp.WriteString(text)
	serr := tmp.Sync()
	cerr := tmp.Close()
	err = firstErr(werr, serr, cerr)
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		return 0, fmt.Errorf("轮换密钥：写入 %s 失败：%w", path, err)
	}
	return next, nil
}

func fresh() []byte {
	b := make([]byte, MasterKeySize)
	rand.Read(b) // never fails (crypto/rand)
	return b
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}
