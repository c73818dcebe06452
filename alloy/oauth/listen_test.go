package oauth

import (
	"context"
	"errors"
	"net"
	"net/url"
	"strings"
	"testing"
)

func TestParseRedirect(t *testing.T) {
	tests := []struct {
		raw      string
		wantBind string
		wantPort string
		wantErr  string
	}{
		{raw: "http://127.0.0.1:3000/oauth/callback", wantBind: "127.0.0.1", wantPort: "3000"},
		{raw: "http://localhost:8080/cb", wantBind: "127.0.0.1", wantPort: "8080"},
		{raw: "http://LOCALHOST:1/cb", wantBind: "127.0.0.1", wantPort: "1"},
		{raw: "http://[::1]:4000/cb", wantBind: "::1", wantPort: "4000"},
		{raw: "http://127.0.0.2/cb", wantBind: "127.0.0.2", wantPort: "80"},
		{raw: "http://127.0.0.1:0/cb", wantBind: "127.0.0.1", wantPort: "0"},
		{raw: "http://0.0.0.0:3000/cb", wantErr: "loopback"},
		{raw: "http://[::]:3000/cb", wantErr: "loopback"},
		{raw: "http://192.168.1.10:3000/cb", wantErr: "loopback"},
		{raw: "http://example.com:3000/cb", wantErr: "loopback"},
		{raw: "http://localhost.example.com:3000/cb", wantErr: "loopback"},
		{raw: "https://127.0.0.1:3000/cb", wantErr: "http://"},
		{raw: "127.0.0.1:3000/cb", wantErr: "redirect URI"},
		{raw: "http://user:pw@127.0.0.1:3000/cb", wantErr: "user information"},
		{raw: "http://127.0.0.1:3000/cb#frag", wantErr: "fragment"},
		{raw: "http://127.0.0.1:3000/cb\x7f", wantErr: "redirect URI"},
	}
	for _, tt := range tests {
		t.Run(tt.raw, func(t *testing.T) {
			_, bind, port, err := parseRedirect(tt.raw)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one mentioning %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if bind != tt.wantBind || port != tt.wantPort {
				t.Errorf("bind %s port %s, want %s %s", bind, port, tt.wantBind, tt.wantPort)
			}
		})
	}
}

// occupy holds a loopback port for the test's duration.
func occupy(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	return ln.Addr().String()
}

func TestRunExplicitPortTaken(t *testing.T) {
	busy := occupy(t)
	api := &fakeAPI{oauthURL: authorizeURL("https://alloy.example", "")}
	_, err := run(context.Background(), api, Options{Connector: "notion",
		RedirectURI: "http://" + busy + "/oauth/callback"}, testHooks())
	if !errors.Is(err, ErrPortTaken) {
		t.Fatalf("error %v, want ErrPortTaken", err)
	}
	if !strings.Contains(err.Error(), busy) {
		t.Errorf("error %q does not name %s", err, busy)
	}
	if api.calls() != 0 {
		t.Error("the API was called although nothing could listen")
	}
}

func TestRunRejectsNonLoopbackRedirect(t *testing.T) {
	api := &fakeAPI{oauthURL: authorizeURL("https://alloy.example", "")}
	_, err := run(context.Background(), api, Options{Connector: "notion", RedirectURI: "http://0.0.0.0:0/cb"}, testHooks())
	if err == nil || !strings.Contains(err.Error(), "loopback") {
		t.Fatalf("error %v, want a loopback complaint", err)
	}
}

func TestRunDefaultPortTakenFallsBack(t *testing.T) {
	busy := occupy(t)
	h := testHooks()
	h.defaultRedirect = "http://" + busy + "/oauth/callback"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	api := &fakeAPI{oauthURL: authorizeURL("https://alloy.example", "")}
	rec := &recorder{t: t, on: func(e Event) {
		if e.Step == StepWaiting {
			cancel()
		}
	}}
	if _, err := run(ctx, api, Options{Connector: "notion", Progress: rec.progress}, h); err != context.Canceled {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	addr := rec.addr()
	if addr == busy || !strings.HasPrefix(addr, "127.0.0.1:") {
		t.Errorf("listened at %s, want another port on 127.0.0.1 than %s", addr, busy)
	}
	u, err := url.Parse(api.redirectURI)
	if err != nil {
		t.Fatal(err)
	}
	if u.Host != addr || u.Path != "/oauth/callback" {
		t.Errorf("redirect URI %q, want http://%s/oauth/callback", api.redirectURI, addr)
	}
	assertClosed(t, addr)
}

func TestRunListensOnLoopbackOnly(t *testing.T) {
	tests := []struct {
		name       string
		redirect   string
		wantHost   string // in the listener's address
		wantURIHas string // in the redirect URI given to Alloy
	}{
		{"default", "", "127.0.0.1", "http://127.0.0.1:"},
		{"localhost binds 127.0.0.1", "http://localhost:0/back", "127.0.0.1", "http://localhost:"},
		{"IPv6 loopback", "http://[::1]:0/back", "::1", "http://[::1]:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.wantHost == "::1" {
				if ln, err := net.Listen("tcp6", "[::1]:0"); err != nil {
					t.Skip("no IPv6 loopback here")
				} else {
					ln.Close()
				}
			}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			api := &fakeAPI{oauthURL: authorizeURL("https://alloy.example", "")}
			rec := &recorder{t: t}
			rec.on = func(e Event) {
				if e.Step != StepWaiting {
					return
				}
				defer cancel()
				host, port, err := net.SplitHostPort(rec.addr())
				if err != nil {
					t.Error(err)
					return
				}
				if host != tt.wantHost {
					t.Errorf("listening on %s, want %s", host, tt.wantHost)
				}
				// The port must not answer on any other address of this
				// machine.
				for _, ip := range otherAddresses(t) {
					if c, err := net.Dial("tcp", net.JoinHostPort(ip, port)); err == nil {
						c.Close()
						t.Errorf("the listener answers on %s", ip)
					}
				}
			}
			if _, err := run(ctx, api, Options{Connector: "notion", RedirectURI: tt.redirect, Progress: rec.progress}, testHooks()); err != context.Canceled {
				t.Fatalf("error %v, want context.Canceled", err)
			}
			if !strings.HasPrefix(api.redirectURI, tt.wantURIHas) || strings.Contains(api.redirectURI, ":0/") {
				t.Errorf("redirect URI %q, want it to start %q with the chosen port", api.redirectURI, tt.wantURIHas)
			}
			assertClosed(t, rec.addr())
		})
	}
}

// otherAddresses are this machine's non-loopback unicast addresses, if any.
func otherAddresses(t *testing.T) []string {
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Logf("no interface addresses: %v", err)
		return nil
	}
	var out []string
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && !n.IP.IsLoopback() && n.IP.IsGlobalUnicast() {
			out = append(out, n.IP.String())
		}
	}
	return out
}
