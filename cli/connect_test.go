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

// getWith fetches a URL with the given headers and returns the status and
// body, without following redirects.
func getWith(t *testing.T, u string, headers map[string]string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", u, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

func TestConnectIgnoresForgedCallbacks(t *testing.T) {
	h := newHarness(t, demo.Options{OAuthState: true})
	c := startConnect(t, h)
	u := c.stderr.waitLineAfter(t, "Open this URL in your browser:", 10*time.Second)
	listener := listenerURL(t, c.stderr.String())

	// A callback of another sign-in, and one another web site sends with the
	// right state: both are answered and ignored, and connect keeps waiting.
	oauthURL, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	state := oauthURL.Query().Get("state")
	if state == "" {
		t.Fatalf("the demo's oauthUrl carries no state: %s", u)
	}
	status, body := getWith(t, listener+"?credentialId=65f1d3a0c0ffee0000000bad&state=%3Cforged%3E", map[string]string{"Accept": "text/html"})
	if status != http.StatusBadRequest || !strings.Contains(body, "ignored") || strings.Contains(body, "<forged>") {
		t.Errorf("forged callback answered %d:\n%s", status, body)
	}
	waitForText(t, c.stderr, "Ignored 1 forged callback", 10*time.Second)
	status, body = getWith(t, listener+"?credentialId=65f1d3a0c0ffee0000000bad&state="+url.QueryEscape(state),
		map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "cors"})
	if status != http.StatusForbidden || !strings.Contains(body, "ignored") {
		t.Errorf("cross-site callback answered %d:\n%s", status, body)
	}
	waitForText(t, c.stderr, "Ignored 2 forged callbacks", 10*time.Second)

	// The real sign-in still completes.
	curl(t, u, "*/*")
	r := c.wait(t, h)
	wantCode(t, r, ExitOK)
	id := strings.TrimSpace(r.stdout)
	if id == "" || id == "65f1d3a0c0ffee0000000bad" {
		t.Fatalf("stdout %q, want the new connection id", r.stdout)
	}
	if got, _ := h.store.Get(keystore.ConnectionKey("notion")); got != id {
		t.Errorf("active connection %q, want %q", got, id)
	}
	if !strings.Contains(r.stderr, "Connected Notion: "+id+" is now the active Notion connection.") {
		t.Errorf("stderr does not name Notion:\n%s", r.stderr)
	}
}

func TestConnectKeychainFailureIsSuccess(t *testing.T) {
	h := newHarness(t, demo.Options{})
	c := &connectRun{stderr: newLockedBuffer(), done: make(chan int, 1)}
	env := h.envFor("", &c.stdout, c.stderr, []string{"connect", "--no-browser", "--redirect-uri", "http://127.0.0.1:0/oauth/callback"})
	env.OpenStore = func(time.Duration) keystore.Store { return keystore.Failing(nil) }
	go func() { c.done <- Run(context.Background(), env) }()
	u := c.stderr.waitLineAfter(t, "Open this URL in your browser:", 10*time.Second)
	curl(t, u, "*/*")
	r := c.wait(t, h)
	wantCode(t, r, ExitOK)
	id := strings.TrimSpace(r.stdout)
	if id == "" || strings.Contains(id, "\n") {
		t.Fatalf("stdout %q, want the new connection id alone", r.stdout)
	}
	for _, want := range []string{
		"Connected Notion, but " + id + " could not be saved as the active connection (no keychain is available).",
		"Use it with CONNECTION_ID=" + id + " or --connection " + id + ".",
	} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, r.stderr)
		}
	}
	// The id works as the message says.
	r = h.run("search", "--json", "--limit", "1", "--connection", id)
	wantCode(t, r, ExitOK)
}

// waitForText waits until the buffer holds text, or fails after deadline.
func waitForText(t *testing.T, b *lockedBuffer, text string, deadline time.Duration) {
	t.Helper()
	timeout := time.After(deadline)
	for !strings.Contains(b.String(), text) {
		select {
		case <-b.changed:
		case <-timeout:
			t.Fatalf("%q did not appear within %v; got:\n%s", text, deadline, b.String())
		}
	}
}
