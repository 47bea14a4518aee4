package loadtest

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"strings"
)

// CheckLoopback returns an error unless rawURL is an http(s) URL whose host
// is "localhost" or a literal loopback address (127.0.0.0/8 or ::1). Host
// names other than localhost are refused without resolving them: a load
// driver must never send its traffic anywhere but this machine.
func CheckLoopback(rawURL string) (*url.URL, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("目标地址 %q 无法解析：%w", rawURL, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("目标地址 %q 须以 http:// 或 https:// 开头", rawURL)
	}
	host := u.Hostname()
	if host == "" {
		return nil, fmt.Errorf("目标地址 %q 缺少主机，请写成 http://127.0.0.1:端口", rawURL)
	}
	if strings.EqualFold(host, "localhost") {
		return u, nil
	}
	ip, err := netip.ParseAddr(host)
	if err != nil || !ip.Unmap().IsLoopback() {
		return nil, fmt.Errorf("目标地址 %q 不是本机回环地址：压测只允许 127.0.0.1、localhost 或 [::1]", rawURL)
	}
	return u, nil
}

// loopbackDial refuses, at dial time, any address that is not loopback, so
// a redirect or a proxy setting cannot send traffic off the machine.
func loopbackDial(d *net.Dialer) func(ctx context.Context, network, addr string) (net.Conn, error) {
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, _, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		if !strings.EqualFold(host, "localhost") {
			ip, err := netip.ParseAddr(host)
			if err != nil || !ip.Unmap().IsLoopback() {
				return nil, fmt.Errorf("loadtest: refusing to dial non-loopback address %s", addr)
			}
		}
		return d.DialContext(ctx, network, addr)
	}
}
