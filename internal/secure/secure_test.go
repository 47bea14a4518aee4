package secure

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// newRing writes a fresh key file in a temp dir and loads it.
func newRing(t testing.TB) (*KeyRing, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "keys")
	if err := GenerateKeyFile(path); err != nil {
		t.Fatal(err)
	}
	r, err := LoadKeyRing("file:" + path)
	if err != nil {
		t.Fatal(err)
	}
	return r, path
}

func TestEncrypt_RoundTrip(t *testing.T) {
	r, _ := newRing(t)
	for _, pt := range []string{"110101199003074514", "13800138000", "张三", "浙江省杭州市西湖区某某街道12号", strings.Repeat("长", 5000)} {
		ct, err := r.Encrypt(pt, "record:42/id_number")
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(ct, pt) || !strings.HasPrefix(ct, "sm4gcm:v1:") {
			t.Fatalf("ciphertext %q leaks or lacks its header", ct[:min(len(ct), 40)])
		}
		got, err := r.Decrypt(ct, "record:42/id_number")
		if err != nil || got != pt {
			t.Fatalf("Decrypt = %q, %v", got[:min(len(got), 20)], err)
		}
		again, _ := r.Encrypt(pt, "record:42/id_number")
		if again == ct {
			t.Error("two encryptions of the same value are equal: nonce reused")
		}
	}
	if ct, err := r.Encrypt("", "x"); ct != "" || err != nil {
		t.Errorf("Encrypt(\"\") = %q, %v", ct, err)
	}
	if pt, err := r.Decrypt("", "x"); pt != "" || err != nil {
		t.Errorf("Decrypt(\"\") = %q, %v", pt, err)
	}
}

func TestDecrypt_FailsOnWrongKeyAADOrTampering(t *testing.T) {
	r, _ := newRing(t)
	other, _ := newRing(t)
	ct, _ := r.Encrypt("110101199003074514", "record:42/id_number")
	body := ct[len("sm4gcm:v1:"):]
	flipped := []byte(body)
	flipped[len(flipped)/2] ^= 1
	if flipped[len(flipped)/2] == body[len(body)/2] {
		t.Fatal("flip did nothing")
	}
	cases := []struct {
		name string
		ring *KeyRing
		ct   string
		aad  string
	}{
		{"wrong key", other, ct, "record:42/id_number"},
		{"other record", r, ct, "record:43/id_number"},
		{"other field", r, ct, "record:42/phone"},
		{"flipped byte", r, "sm4gcm:v1:" + string(flipped), "record:42/id_number"},
		{"truncated", r, ct[:len(ct)-4], "record:42/id_number"},
		{"version changed", r, "sm4gcm:v2:" + body, "record:42/id_number"},
		{"version padded", r, "sm4gcm:v01:" + body, "record:42/id_number"},
		{"not ours", r, "plain text", "record:42/id_number"},
		{"too short", r, "sm4gcm:v1:AAAA", "record:42/id_number"},
		{"carriage return inserted", r, "sm4gcm:v1:" + body[:8] + "\r" + body[8:], "record:42/id_number"},
		{"newline inserted", r, "sm4gcm:v1:" + body[:8] + "\n" + body[8:], "record:42/id_number"},
		{"trailing CRLF", r, ct + "\r\n", "record:42/id_number"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			pt, err := tc.ring.Decrypt(tc.ct, tc.aad)
			if !errors.Is(err, ErrDecrypt) || pt != "" {
				t.Errorf("Decrypt = %q, %v; want ErrDecrypt", pt, err)
			}
		})
	}
}

func TestRotate_OldCiphertextStillDecrypts(t *testing.T) {
	r1, path := newRing(t)
	old, _ := r1.Encrypt("13800138000", "user:7/phone")
	idx1 := r1.BlindIndex("phone", "13800138000")
	audit1 := r1.AuditKey()

	v, err := Rotate(path)
	if err != nil || v != 2 {
		t.Fatalf("Rotate = %d, %v", v, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("rotated key file mode %o, want 600", fi.Mode().Perm())
	}
	r2, err := LoadKeyRing(path)
	if err != nil {
		t.Fatal(err)
	}
	if r2.Current() != 2 || !slices.Equal(r2.Versions(), []int{1, 2}) {
		t.Fatalf("after rotation: %v", r2)
	}
	if pt, err := r2.Decrypt(old, "user:7/phone"); err != nil || pt != "13800138000" {
		t.Errorf("old ciphertext after rotation: %q, %v", pt, err)
	}
	if !r2.NeedsRotation(old) || r1.NeedsRotation(old) {
		t.Error("NeedsRotation wrong for a version-1 ciphertext")
	}
	fresh, _ := r2.Encrypt("13800138000", "user:7/phone")
	if v, err := Version(fresh); v != 2 || err != nil || r2.NeedsRotation(fresh) {
		t.Errorf("new ciphertext version %d, %v", v, err)
	}
	if _, err := r1.Decrypt(fresh, "user:7/phone"); !errors.Is(err, ErrDecrypt) || !strings.Contains(err.Error(), "密钥版本 2 不在密钥环中") {
		t.Errorf("old ring on new ciphertext: %v", err)
	}
	// Blind index and audit key must not change with rotation.
	if r2.BlindIndex("phone", "13800138000") != idx1 {
		t.Error("blind index changed with rotation")
	}
	if !slices.Equal(r2.AuditKey(), audit1) {
		t.Error("audit key changed with rotation")
	}
	if v, _ := Rotate(path); v != 3 {
		t.Errorf("second rotation gave version %d", v)
	}
}

func TestBlindIndex(t *testing.T) {
	r, _ := newRing(t)
	other, _ := newRing(t)
	a := r.BlindIndex("id_number", "11010119900307451x")
	if len(a) != 64 || strings.Contains(a, "110101") {
		t.Fatalf("index %q", a)
	}
	for _, same := range []string{"11010119900307451X", " 110101 19900307 451X ", "１１０１０１１９９００３０７４５１Ｘ"} {
		if r.BlindIndex("id_number", same) != a {
			t.Errorf("%q should index like 11010119900307451x", same)
		}
	}
	if r.BlindIndex("guardian_id_number", "11010119900307451X") == a {
		t.Error("same value in another field indexes alike")
	}
	if r.BlindIndex("id_number", "110101199003074510") == a {
		t.Error("different values index alike")
	}
	if other.BlindIndex("id_number", "11010119900307451X") == a {
		t.Error("index does not depend on the key")
	}
}

func TestKeyRing_NeverPrintsKeys(t *testing.T) {
	r, path := newRing(t)
	b, _ := os.ReadFile(path)
	key := regexp.MustCompile(`1:([0-9a-f]{64})`).FindStringSubmatch(string(b))
	if key == nil {
		t.Fatalf("key file has no version 1 line:\n%s", b)
	}
	for _, s := range []string{fmt.Sprint(r), fmt.Sprintf("%v %+v %#v %s", r, r, r, r), r.LogValue().String()} {
		if strings.Contains(s, key[1]) || strings.Contains(s, key[1][:16]) {
			t.Errorf("printing the ring shows key material: %s", s)
		}
	}
}

func TestLoadKeyRing(t *testing.T) {
	dir := t.TempDir()
	k1 := strings.Repeat("ab", 32)
	k2 := strings.Repeat("cd", 32)
	write := func(name, text string, mode os.FileMode) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), mode); err != nil {
			t.Fatal(err)
		}
		os.Chmod(p, mode)
		return p
	}
	good := write("good", "# comment\n\n2:"+k2+"\n1:"+k1+"\n", 0o600)
	r, err := LoadKeyRing(good)
	if err != nil || r.Current() != 2 {
		t.Fatalf("LoadKeyRing = %v, %v", r, err)
	}
	t.Setenv("FAZHI_TEST_KEYS", "1:"+k1+";2:"+k2)
	fromEnv, err := LoadKeyRing("env:FAZHI_TEST_KEYS")
	if err != nil || fromEnv.Current() != 2 {
		t.Fatalf("env ring = %v, %v", fromEnv, err)
	}
	ct, _ := r.Encrypt("张三", "a")
	if pt, err := fromEnv.Decrypt(ct, "a"); err != nil || pt != "张三" {
		t.Errorf("file and env rings of the same keys disagree: %q, %v", pt, err)
	}
	bad := []struct {
		spec, want string
	}{
		{write("loose", "1:"+k1+"\n", 0o644), "权限过宽"},
		{write("short", "1:abcd\n", 0o600), "第1行：版本 1 的密钥应为 64 位十六进制"},
		{write("dup", "1:"+k1+"\n1:"+k2+"\n", 0o600), "第2行：密钥版本 1 重复"},
		{write("zero", "0:"+k1+"\n", 0o600), "密钥版本应为 1 至 999999 的整数"},
		{write("nocolon", k1+"\n", 0o600), "第1行：应为“版本:密钥”"},
		{write("empty", "# nothing\n", 0o600), "没有密钥"},
		{filepath.Join(dir, "missing"), "读取密钥文件"},
		{"env:FAZHI_TEST_UNSET_KEYS", "环境变量 FAZHI_TEST_UNSET_KEYS 未设置"},
		{"", "未指定密钥文件"},
	}
	for _, tc := range bad {
		_, err := LoadKeyRing(tc.spec)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("LoadKeyRing(%s) error = %v, want %q", filepath.Base(tc.spec), err, tc.want)
		}
		if err != nil && (strings.Contains(err.Error(), k1) || strings.Contains(err.Error(), k2)) {
			t.Errorf("error quotes key material: %v", err)
		}
	}
	if err := GenerateKeyFile(good); err == nil {
		t.Error("GenerateKeyFile overwrote an existing key file")
	}
}

func FuzzDecrypt(f *testing.F) {
	masters := map[int][]byte{1: make([]byte, 32), 2: make([]byte, 32)}
	for i := range masters[2] {
		masters[2][i] = byte(i)
	}
	r := newKeyRing(masters)
	plaintexts := []string{"110101199003074514", "13800138000", "张三"}
	for _, pt := range plaintexts {
		ct, err := r.Encrypt(pt, "aad")
		if err != nil {
			f.Fatal(err)
		}
		f.Add(ct)
	}
	f.Add("sm4gcm:v1:")
	f.Add("sm4gcm:v99999999999999999999:AAAA")
	f.Add("sm4gcm:v-1:AAAA")
	f.Fuzz(func(t *testing.T, ct string) {
		pt, err := r.Decrypt(ct, "aad")
		if err != nil {
			if !errors.Is(err, ErrDecrypt) {
				t.Fatalf("error %v is not ErrDecrypt", err)
			}
			return
		}
		if ct == "" {
			return
		}
		// Only a seed's plaintext can come out, and only from its one
		// canonical encoding: re-sealing with the same nonce gives ct back.
		if !slices.Contains(plaintexts, pt) {
			t.Fatalf("forged ciphertext %q decrypted to %q", ct, pt)
		}
		v, _ := Version(ct)
		g, _ := r.gcm(v)
		raw, _ := b64.DecodeString(strings.SplitN(ct, ":", 3)[2])
		header := fmt.Sprintf("sm4gcm:v%d", v)
		again := header + ":" + b64.EncodeToString(g.Seal(slices.Clone(raw[:g.NonceSize()]), raw[:g.NonceSize()], []byte(pt), additional(header, "aad")))
		if again != ct {
			t.Fatalf("non-canonical ciphertext %q accepted (canonical %q)", ct, again)
		}
	})
}

func FuzzParseKeyRing(f *testing.F) {
	k := strings.Repeat("0f", 32)
	f.Add("1:" + k)
	f.Add("# c\n1:" + k + "\n2:" + strings.ToUpper(k) + "\n")
	f.Add("1 : " + k)
	f.Add("+1:" + k)
	f.Add("1:" + k[:63])
	f.Fuzz(func(t *testing.T, text string) {
		r, err := ParseKeyRing(text)
		if err != nil {
			// No error may quote the key part of a line.
			for _, line := range strings.Split(text, "\n") {
				_, key, _ := strings.Cut(line, ":")
				if key = strings.TrimSpace(key); len(key) >= 16 && strings.Contains(err.Error(), key) {
					t.Fatalf("error quotes key material %q: %v", key, err)
				}
			}
			return
		}
		vs := r.Versions()
		if len(vs) == 0 || r.Current() != vs[len(vs)-1] {
			t.Fatalf("current %d, versions %v", r.Current(), vs)
		}
		for _, v := range vs {
			if len(r.masters[v]) != MasterKeySize || len(r.enc[v]) != 16 {
				t.Fatalf("version %d has a key of %d bytes", v, len(r.masters[v]))
			}
		}
		ct, err := r.Encrypt("x", "")
		if pt, derr := r.Decrypt(ct, ""); err != nil || derr != nil || pt != "x" {
			t.Fatalf("round trip: %v %v", err, derr)
		}
	})
}
