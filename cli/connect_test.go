package cli

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/keystore"
)

// connectRun is a connect command running in the background.
type connectRun struct {
	stdout bytes.Buffer
	stderr *lockedBuffer
	done   chan int
}

// startConnect starts `alloy-tui connect` with a listener on a free port.
func startConnect(t *testing.T, h *harness, extra ...string) *connectRun {
	t.Helper()
	c := &connectRun{stderr: newLockedBuffer(), done: make(chan int, 1)}
	args := append([]string{"connect", "--no-browser", "--redirect-uri", "http://127.0.0.1:0/oauth/callback"}, extra...)
	env := h.envFor("", &c.stdout, c.stderr, args)
	go func() { c.done <- Run(context.Background(), env) }()
	return c
}

// wait returns the exit code and checks the outputs for the key.
func (c *connectRun) wait(t *testing.T, h *harness) result {
	t.Helper()
	select {
	case code := <-c.done:
		r := result{stdout: c.stdout.String(), stderr: c.stderr.String(), code: code}
		h.checkNoKey(r)
		return r
	case <-time.After(30 * time.Second):
		t.Fatalf("connect did not finish; stderr:\n%s", c.stderr.String())
		return result{}
	}
}

// curl fetches a URL the way curl does (no HTML wanted), following redirects.
func curl(t *testing.T, u string, accept string) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", accept)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return string(body)
}

// connectWithCurl runs connect to the end, approving by fetching the URL.
func connectWithCurl(t *testing.T, h *harness, mode string) string {
	t.Helper()
	c := startConnect(t, h)
	u := c.stderr.waitLineAfter(t, "Open this URL in your browser:", 10*time.Second)
	curl(t, u, "*/*")
	r := c.wait(t, h)
	wantCode(t, r, ExitOK)
	return strings.TrimSpace(r.stdout)
}

func TestConnectWithCurl(t *testing.T) {
	for _, mode := range []string{demo.CallbackCredentialID, demo.CallbackCode, demo.CallbackNone} {
		t.Run(mode, func(t *testing.T) {
			h := newHarness(t, demo.Options{CallbackMode: mode, OAuthState: true})
			before := map[string]bool{demo.DemoCredentialID: true}
			id := connectWithCurl(t, h, mode)
			if id == "" || before[id] || strings.Contains(id, "\n") {
				t.Fatalf("stdout should be the new connection id alone, got %q", id)
			}
			if got, _ := h.store.Get(keystore.ConnectionKey("notion")); got != id {
				t.Errorf("active connection in the keychain = %q, want %q", got, id)
			}
			// The new connection is the active one for later commands.
			r := h.run("search", "--json", "--limit", "1")
			wantCode(t, r, ExitOK)
			if strings.Contains(r.stderr, "the only one") {
				t.Errorf("search did not use the stored connection: %q", r.stderr)
			}
		})
	}
}

func TestConnectFailures(t *testing.T) {
	tests := []struct {
		name    string
		act     func(t *testing.T, oauthURL, listener string)
		extra   []string
		wantErr string
	}{
		{
			name: "denied in the browser",
			act: func(t *testing.T, oauthURL, _ string) {
				u, err := url.Parse(oauthURL)
				if err != nil {
					t.Fatal(err)
				}
				u.Path = strings.TrimSuffix(u.Path, "authorize") + "decide"
				q := u.Query()
				q.Set("allow", "0")
				u.RawQuery = q.Encode()
				curl(t, u.String(), "text/html")
			},
			wantErr: "did not authorise",
		},
		{
			name: "state mismatch",
			act: func(t *testing.T, _, listener string) {
				curl(t, listener+"?credentialId=65f1d3a0c0ffee0000000bad&state=forged", "text/html")
			},
			wantErr: "different sign-in",
		},
		{
			name:    "timeout",
			extra:   []string{"--timeout", "200ms"},
			act:     func(*testing.T, string, string) {},
			wantErr: "never came back",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, demo.Options{OAuthState: true})
			c := startConnect(t, h, tt.extra...)
			u := c.stderr.waitLineAfter(t, "Open this URL in your browser:", 10*time.Second)
			tt.act(t, u, listenerURL(t, c.stderr.String()))
			r := c.wait(t, h)
			wantCode(t, r, ExitFailure)
			if r.stdout != "" {
				t.Errorf("stdout not empty: %q", r.stdout)
			}
			last := lastLine(r.stderr)
			if !strings.Contains(last, "connect notion:") || !strings.Contains(last, tt.wantErr) {
				t.Errorf("last stderr line %q does not say %q", last, tt.wantErr)
			}
			if _, err := h.store.Get(keystore.ConnectionKey("notion")); err == nil {
				t.Error("a connection was stored after a failure")
			}
		})
	}
}

// listenerURL picks the callback address out of the progress lines.
func listenerURL(t *testing.T, stderr string) string {
	t.Helper()
	for _, l := range strings.Split(stderr, "\n") {
		if i := strings.Index(l, "http://127.0.0.1:"); i >= 0 && strings.Contains(l, "/oauth/callback") {
			return strings.TrimSuffix(strings.Fields(l[i:])[0], ".")
		}
	}
	t.Fatalf("no listener address in:\n%s", stderr)
	return ""
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}
