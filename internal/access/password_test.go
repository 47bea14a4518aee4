package access

import (
	"errors"
	"strings"
	"testing"
)

// cheap keeps tests fast; the format and the comparison are the same.
var cheap = PasswordParams{Time: 1, Memory: 64, Threads: 1, KeyLen: 32, SaltLen: 16}

func TestHashPassword_VerifiesOnlyTheSamePassword(t *testing.T) {
	h, err := HashPassword("Zhangsan-2026", cheap)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Fatalf("not a PHC argon2id string: %q", h)
	}
	for _, tc := range []struct {
		pw   string
		want bool
	}{
		{"Zhangsan-2026", true},
		{"zhangsan-2026", false},
		{"Zhangsan-2026 ", false},
		{"", false},
	} {
		ok, err := VerifyPassword(h, tc.pw)
		if err != nil || ok != tc.want {
			t.Errorf("VerifyPassword(%q) = %v, %v; want %v", tc.pw, ok, err, tc.want)
		}
	}
	h2, _ := HashPassword("Zhangsan-2026", cheap)
	if h2 == h {
		t.Error("two hashes of one password are equal: salt not random")
	}
}

func TestHashPassword_DefaultParamsRecorded(t *testing.T) {
	if testing.Short() {
		t.Skip("64 MiB hash skipped in -short")
	}
	h, err := HashPassword("Abcdefgh12", DefaultPasswordParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h, "m=65536,t=3,p=2") {
		t.Fatalf("hash %q does not record the default parameters", h)
	}
	if NeedsRehash(h, DefaultPasswordParams) || !NeedsRehash(h, cheap) {
		t.Error("NeedsRehash disagrees with the parameters in the hash")
	}
}

func TestVerifyPassword_MalformedHash(t *testing.T) {
	for _, h := range []string{
		"", "plain", "$argon2i$v=19$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=18$m=64,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=99999999,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5",
		"$argon2id$v=19$m=64,t=1,p=1$!!$a2V5a2V5a2V5a2V5a2V5a2V5",
	} {
		if _, err := VerifyPassword(h, "x"); !errors.Is(err, ErrBadHash) {
			t.Errorf("VerifyPassword(%q) err = %v, want ErrBadHash", h, err)
		}
	}
}

func TestCheckPasswordPolicy(t *testing.T) {
	for _, tc := range []struct {
		pw      string
		ok      bool
		mention string
	}{
		{"Abcdefgh12", true, ""},
		{"abcdefgh1!", true, ""},
		{"ABCDEFGH1!", true, ""},
		{"Abcdefghij", false, "至少三类"},
		{"abcdefgh12", false, "至少三类"},
		{"Abc12!", false, "至少需要 10 个字符"},
		{"法治政府建设Ab1!", true, ""},
		{"Abcdefg h12", false, "空格"},
		{"", false, "至少需要 10 个字符"},
	} {
		err := CheckPasswordPolicy(tc.pw, 10)
		if (err == nil) != tc.ok {
			t.Errorf("CheckPasswordPolicy(%q) = %v, want ok=%v", tc.pw, err, tc.ok)
			continue
		}
		if err != nil && !strings.Contains(err.Error(), tc.mention) {
			t.Errorf("CheckPasswordPolicy(%q) message %q does not say %q", tc.pw, err, tc.mention)
		}
	}
}

func FuzzVerifyPassword(f *testing.F) {
	h, _ := HashPassword("Abcdefgh12", cheap)
	f.Add(h, "Abcdefgh12")
	f.Add("$argon2id$v=19$m=64,t=1,p=1$$", "")
	f.Add("$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$a2V5a2V5a2V5a2V5a2V5a2V5", "x")
	f.Fuzz(func(t *testing.T, hash, pw string) {
		if p, _, _, err := parseHash(hash); err == nil && (p.Memory > 1024 || p.Time > 2) {
			t.Skip("expensive parameters are valid but slow to fuzz")
		}
		ok, err := VerifyPassword(hash, pw)
		if err != nil && ok {
			t.Fatal("error and success together")
		}
		_ = CheckPasswordPolicy(pw, 10)
	})
}
