package access

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"
)

// PasswordParams are the argon2id cost settings. They are recorded in every
// hash (PHC string format), so raising them later leaves old hashes valid.
type PasswordParams struct {
	Time    uint32 // iterations
	Memory  uint32 // KiB
	Threads uint8
	KeyLen  uint32 // bytes of derived key
	SaltLen uint32 // bytes of random salt
}

// DefaultPasswordParams follow the argon2id recommendation of RFC 9106 for
// memory-constrained servers (64 MiB, 3 passes).
var DefaultPasswordParams = PasswordParams{Time: 3, Memory: 64 * 1024, Threads: 2, KeyLen: 32, SaltLen: 16}

// ErrBadHash is returned by VerifyPassword for a stored hash it cannot parse.
var ErrBadHash = errors.New("access: malformed password hash")

// maxPasswordBytes bounds what is hashed, so a megabyte "password" cannot be
// used to burn CPU.
const maxPasswordBytes = 1024

// HashPassword returns the argon2id hash of password in PHC string format:
// $argon2id$v=19$m=65536,t=3,p=2$<salt>$<key> (unpadded standard base64).
func HashPassword(password string, p PasswordParams) (string, error) {
	if len(password) > maxPasswordBytes {
		return "", fmt.Errorf("access.HashPassword: password longer than %d bytes", maxPasswordBytes)
	}
	if p.Time == 0 || p.Memory == 0 || p.Threads == 0 || p.KeyLen < 16 || p.SaltLen < 8 {
		return "", fmt.Errorf("access.HashPassword: invalid parameters %+v", p)
	}
	salt := make([]byte, p.SaltLen)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("access.HashPassword: %w", err)
	}
	key := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, p.KeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// VerifyPassword reports whether password matches the PHC-format hash. The
// comparison is constant-time. A malformed hash is ErrBadHash.
func VerifyPassword(hash, password string) (bool, error) {
	p, salt, key, err := parseHash(hash)
	if err != nil {
		return false, err
	}
	if len(password) > maxPasswordBytes {
		return false, nil
	}
	got := argon2.IDKey([]byte(password), salt, p.Time, p.Memory, p.Threads, uint32(len(key)))
	return subtle.ConstantTimeCompare(got, key) == 1, nil
}

// NeedsRehash reports whether hash was made with parameters other than p, so
// a successful login can upgrade it.
func NeedsRehash(hash string, p PasswordParams) bool {
	got, _, key, err := parseHash(hash)
	if err != nil {
		return true
	}
	return got.Time != p.Time || got.Memory != p.Memory || got.Threads != p.Threads || uint32(len(key)) != p.KeyLen
}

func parseHash(hash string) (PasswordParams, []byte, []byte, error) {
	var p PasswordParams
	parts := strings.Split(hash, "$")
	// "", "argon2id", "v=19", "m=..,t=..,p=..", salt, key
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" {
		return p, nil, nil, ErrBadHash
	}
	var v int
	if _, err := fmt.Sscanf(parts[2], "v=%d", &v); err != nil || v != argon2.Version {
		return p, nil, nil, ErrBadHash
	}
	if n, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &p.Memory, &p.Time, &p.Threads); err != nil || n != 3 {
		return p, nil, nil, ErrBadHash
	}
	// Refuse parameters no sane configuration uses, so a planted hash cannot
	// make verification allocate gigabytes or spin for minutes.
	if p.Time == 0 || p.Time > 64 || p.Memory < 8 || p.Memory > 1024*1024 || p.Threads == 0 {
		return p, nil, nil, ErrBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil || len(salt) < 8 {
		return p, nil, nil, ErrBadHash
	}
	key, err := b64.DecodeString(parts[5])
	if err != nil || len(key) < 16 || len(key) > 128 {
		return p, nil, nil, ErrBadHash
	}
	p.SaltLen, p.KeyLen = uint32(len(salt)), uint32(len(key))
	return p, salt, key, nil
}

// PasswordPolicyError is a password refused by the policy; its message is
// Chinese and says what to change.
type PasswordPolicyError struct{ Msg string }

func (e *PasswordPolicyError) Error() string { return e.Msg }

// CheckPasswordPolicy enforces the password policy: at least minLen
// characters (runes) drawn from at least 3 of the 4 classes upper-case
// letters, lower-case letters, digits and other symbols. It returns nil or a
// *PasswordPolicyError.
func CheckPasswordPolicy(password string, minLen int) error {
	if !utf8.ValidString(password) {
		return &PasswordPolicyError{Msg: "密码含有无法识别的字符，请重新输入"}
	}
	if len(password) > maxPasswordBytes {
		return &PasswordPolicyError{Msg: fmt.Sprintf("密码过长，请不超过 %d 个字节", maxPasswordBytes)}
	}
	n := utf8.RuneCountInString(password)
	if n < minLen {
		return &PasswordPolicyError{Msg: fmt.Sprintf("密码至少需要 %d 个字符（现为 %d 个），请加长", minLen, n)}
	}
	var upper, lower, digit, other bool
	for _, r := range password {
		switch {
		case unicode.IsUpper(r):
			upper = true
		case unicode.IsLower(r):
			lower = true
		case unicode.IsDigit(r):
			digit = true
		case unicode.IsSpace(r) || unicode.IsControl(r):
			return &PasswordPolicyError{Msg: "密码不能包含空格或控制字符，请删除后重试"}
		default:
			other = true
		}
	}
	classes := 0
	for _, b := range []bool{upper, lower, digit, other} {
		if b {
			classes++
		}
	}
	if classes < 3 {
		return &PasswordPolicyError{Msg: fmt.Sprintf("密码须包含大写字母、小写字母、数字、符号中的至少三类（现仅 %d 类），请补充", classes)}
	}
	return nil
}
