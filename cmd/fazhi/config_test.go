package main

import (
	"io"
	"testing"
)

func TestTrustedProxiesFlag(t *testing.T) {
	cfg, _, err := parseFlags("serve", []string{"--trusted-proxies", "10.0.0.0/8, 192.0.2.5 ,2001:db8::/32"}, io.Discard, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := cfg.trustedProxies()
	if err != nil || len(got) != 3 || got[0].String() != "10.0.0.0/8" || got[1].String() != "192.0.2.5/32" || got[2].String() != "2001:db8::/32" {
		t.Fatalf("got %v, %v", got, err)
	}
	cfg.TrustedProxies = "10.0.0.0/33"
	if _, err := cfg.trustedProxies(); err == nil {
		t.Error("a bad prefix is accepted")
	}
}
