package secure

import (
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/emmansun/gmsm/sm4"
)

// Ciphertexts are self-describing: "sm4gcm:v<version>:<base64(nonce||ct)>".
// The header is also authenticated, with the caller's aad, so a ciphertext
// cannot be moved to another record or field (aad names them) undetected.
const scheme = "sm4gcm"

var b64 = base64.RawStdEncoding.Strict()

// ErrDecrypt is matched by every failure to decrypt.
var ErrDecrypt = errors.New("解密失败")

// Encrypt seals plaintext under the current key version, binding it to aad
// (e.g. "record:42/id_number"). The empty string stays empty: an absent
// value is not a secret, and it keeps optional fields cheap.
func (r *KeyRing) Encrypt(plaintext, aad string) (string, error) {
	if plaintext == "" {
		return "", nil
	}
	v := r.current
	g, err := r.gcm(v)
	if err != nil {
		return "", err
	}
	header := scheme + ":v" + strconv.Itoa(v)
	nonce := make([]byte, g.NonceSize(), g.NonceSize()+len(plaintext)+g.Overhead())
	rand.Read(nonce)
	sealed := g.Seal(nonce, nonce, []byte(plaintext), additional(header, aad))
	return header + ":" + b64.EncodeToString(sealed), nil
}

// Decrypt opens a ciphertext made by Encrypt with the same aad under any
// version the ring holds.
func (r *KeyRing) Decrypt(ciphertext, aad string) (string, error) {
	if ciphertext == "" {
		return "", nil
	}
	v, body, err := splitCiphertext(ciphertext)
	if err != nil {
		return "", err
	}
	g, err := r.gcm(v)
	if err != nil {
		return "", err
	}
	raw, err := b64.DecodeString(body)
	// The decoder skips \r and \n even when strict: only the one canonical
	// encoding is a ciphertext, so a stored value cannot be altered and
	// still open.
	if err != nil || len(raw) < g.NonceSize()+g.Overhead() || b64.EncodeToString(raw) != body {
		return "", fmt.Errorf("%w：密文已损坏", ErrDecrypt)
	}
	header := scheme + ":v" + strconv.Itoa(v)
	pt, err := g.Open(nil, raw[:g.NonceSize()], raw[g.NonceSize():], additional(header, aad))
	if err != nil {
		return "", fmt.Errorf("%w：密文已损坏、密钥不符或不属于此字段", ErrDecrypt)
	}
	return string(pt), nil
}

// NeedsRotation reports whether a stored ciphertext should be re-encrypted
// under the current version (true also for anything not readable as one of
// ours, so a rotation job notices it).
func (r *KeyRing) NeedsRotation(ciphertext string) bool {
	if ciphertext == "" {
		return false
	}
	v, _, err := splitCiphertext(ciphertext)
	return err != nil || v != r.current
}

// Version is the key version a ciphertext was sealed with.
func Version(ciphertext string) (int, error) {
	v, _, err := splitCiphertext(ciphertext)
	return v, err
}

func splitCiphertext(s string) (version int, body string, err error) {
	rest, ok := strings.CutPrefix(s, scheme+":v")
	if !ok {
		return 0, "", fmt.Errorf("%w：不是本系统的密文格式", ErrDecrypt)
	}
	ver, body, ok := strings.Cut(rest, ":")
	v, convErr := strconv.Atoi(ver)
	if !ok || convErr != nil || v < 1 || strconv.Itoa(v) != ver {
		return 0, "", fmt.Errorf("%w：密文头部已损坏", ErrDecrypt)
	}
	return v, body, nil
}

func (r *KeyRing) gcm(v int) (cipher.AEAD, error) {
	key, ok := r.enc[v]
	if !ok {
		return nil, fmt.Errorf("%w：密钥版本 %d 不在密钥环中，请载入含该版本的密钥文件", ErrDecrypt, v)
	}
	block, err := sm4.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("secure: sm4: %w", err)
	}
	g, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("secure: gcm: %w", err)
	}
	return g, nil
}

// additional is the GCM additional data: the header and the caller's aad,
// length-prefixed so no two pairs encode alike.
func additional(header, aad string) []byte {
	return []byte(strconv.Itoa(len(header)) + ":" + header + aad)
}
