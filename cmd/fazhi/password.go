package main

import (
	"crypto/rand"
	"math/big"
)

// generatePassword returns a 14-character password with upper, lower,
// digits and a symbol, avoiding look-alike characters.
func generatePassword() string {
	const (
		upper  = "ABCDEFGHJKLMNPQRSTUVWXYZ"
		lower  = "abcdefghijkmnpqrstuvwxyz"
		digits = "23456789"
		symbol = "@#%+=-"
	)
	sets := []string{upper, lower, digits, symbol}
	all := upper + lower + digits
	b := make([]byte, 14)
	for i := range b {
		set := all
		if i < len(sets) {
			set = sets[i]
		}
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(set))))
		b[i] = set[n.Int64()]
	}
	// Shuffle so the classes are not always in front.
	for i := len(b) - 1; i > 0; i-- {
		j, _ := rand.Int(rand.Reader, big.NewInt(int64(i+1)))
		b[i], b[j.Int64()] = b[j.Int64()], b[i]
	}
	return string(b)
}
