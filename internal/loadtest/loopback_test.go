package loadtest

import (
	"net/netip"
	"net/url"
	"strings"
	"testing"
)

func TestCheckLoopback(t *testing.T) {
	tests := []struct {
		url string
		ok  bool
	}{
		{"http://127.0.0.1:8080", true},
		{"http://127.1.2.3:80/api", true},
		{"https://localhost:8443", true},
		{"http://LOCALHOST", true},
		{"http://[::1]:9000", true},
		{"http://[::ffff:127.0.0.1]:9000", true},
		{"http://10.0.0.1:8080", false},
		{"http://192.168.1.10", false},
		{"http://172.16.0.1", false},
		{"http://8.8.8.8", false},
		{"http://example.com", false},
		{"http://localhost.example.com", false},
		{"http://127.0.0.1.nip.io", false},
		{"http://0.0.0.0:8080", false},
		{"ftp://127.0.0.1", false},
		{"127.0.0.1:8080", false},
		{"http://", false},
		{"http://[::2]:80", false},
	}
	for _, tt := range tests {
		_, err := CheckLoopback(tt.url)
		if (err == nil) != tt.ok {
			t.Errorf("CheckLoopback(%q) error = %v, want ok=%v", tt.url, err, tt.ok)
		}
		if err != nil && !strings.Contains(err.Error(), "地址") {
			t.Errorf("CheckLoopback(%q): message %q does not say what is wrong with the address", tt.url, err)
		}
	}
}

// FuzzCheckLoopback: whatever the input, an accepted URL's host is
// localhost or a loopback address.
func FuzzCheckLoopback(f *testing.F) {
	for _, s := range []string{"http://127.0.0.1:1", "http://[::1]", "http://localhost", "http://10.1.1.1",
		"http://user@127.0.0.1@10.0.0.1/", "http://127.0.0.1%2f@evil", "http://[::ffff:10.0.0.1]", "https://0x7f000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		u, err := CheckLoopback(s)
		if err != nil {
			return
		}
		again, perr := url.Parse(s)
		if perr != nil || again.Hostname() != u.Hostname() {
			t.Fatalf("accepted %q but it parses differently", s)
		}
		h := u.Hostname()
		if strings.EqualFold(h, "localhost") {
			return
		}
		ip, err := netip.ParseAddr(h)
		if err != nil || !ip.Unmap().IsLoopback() {
			t.Fatalf("accepted %q whose host %q is not loopback", s, h)
		}
	})
}
