package web

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

// The address login throttling and the audit log see: X-Forwarded-For is
// believed only from a configured proxy, and only up to the first hop that
// is not a trusted proxy.
func TestClientAddr_TrustedProxies(t *testing.T) {
	s := &Server{cfg: Config{TrustedProxies: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}}}
	for _, tc := range []struct {
		name, peer, xff, want string
	}{
		{"no proxy", "203.0.113.7:5000", "", "203.0.113.7"},
		{"untrusted peer cannot choose its address", "203.0.113.7:5000", "198.51.100.1", "203.0.113.7"},
		{"trusted proxy forwards the client", "10.0.0.2:443", "198.51.100.1", "198.51.100.1"},
		{"chain of trusted proxies", "10.0.0.2:443", "198.51.100.1, 10.0.0.9", "198.51.100.1"},
		{"client-supplied hop before the real client is ignored", "10.0.0.2:443", "1.2.3.4, 198.51.100.1", "198.51.100.1"},
		{"malformed hop stops the walk", "10.0.0.2:443", "bogus, 10.0.0.9", "10.0.0.9"},
		{"IPv6 peer", "[2001:db8::1]:443", "198.51.100.1", "2001:db8::1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got string
			h := s.resolveClient(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = clientAddr(r) }))
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.peer
			if tc.xff != "" {
				r.Header.Set("X-Forwarded-For", tc.xff)
			}
			h.ServeHTTP(httptest.NewRecorder(), r)
			if got != tc.want {
				t.Errorf("client = %q, want %q", got, tc.want)
			}
		})
	}
}
