// Package e2e drives the built alloy-tui binary inside tmux on the demo
// workspace and reads the screen as a person would.
package e2e

import (
	"context"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// term is one tmux server and session running the program under test.
type term struct {
	t      *testing.T
	socket string
}

func (tm *term) tmux(args ...string) (string, error) {
	cmd := exec.Command("tmux", append([]string{"-L", tm.socket}, args...)...)
	out, err := cmd.CombinedOutput()
	return string(out), err
}

// send types keys: each argument is a tmux key name ("Enter", "Escape",
// "Tab", "C-c") or literal text when prefixed with "text:".
func (tm *term) send(keys ...string) {
	tm.t.Helper()
	for _, k := range keys {
		args := []string{"send-keys", "-t", "main"}
		if text, ok := strings.CutPrefix(k, "text:"); ok {
			args = append(args, "-l", text)
		} else {
			args = append(args, k)
		}
		if out, err := tm.tmux(args...); err != nil {
			tm.t.Fatalf("tmux send-keys %q: %v: %s", k, err, out)
		}
		// A short gap lets the program read keys one by one, as typed.
		time.Sleep(30 * time.Millisecond)
	}
}

func (tm *term) screen() string {
	out, err := tm.tmux("capture-pane", "-p", "-J", "-t", "main")
	if err != nil {
		return ""
	}
	return out
}

// waitFor waits until the screen matches re, failing the test with the last
// screen after the timeout.
func (tm *term) waitFor(what string, re *regexp.Regexp, timeout time.Duration) []string {
	tm.t.Helper()
	deadline := time.Now().Add(timeout)
	var last string
	for time.Now().Before(deadline) {
		last = tm.screen()
		if m := re.FindStringSubmatch(last); m != nil {
			return m
		}
		time.Sleep(100 * time.Millisecond)
	}
	tm.t.Fatalf("waiting for %s (%s): not on screen after %s; screen:\n%s", what, re, timeout, last)
	return nil
}

func (tm *term) waitText(text string, timeout time.Duration) {
	tm.t.Helper()
	tm.waitFor(fmt.Sprintf("%q", text), regexp.MustCompile(regexp.QuoteMeta(text)), timeout)
}

func buildBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "alloy-tui")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	cmd.Dir = ".."
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

func startTmux(t *testing.T, bin string, width, height int) *term {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("ALLOY_REQUIRE_TMUX") != "" {
			t.Fatal("tmux is required (ALLOY_REQUIRE_TMUX is set) but not installed")
		}
		t.Skip("tmux not installed")
	}
	tm := &term{t: t, socket: fmt.Sprintf("alloy-e2e-%d", os.Getpid())}
	home := t.TempDir()
	// A clean environment: the demo must need nothing from the user's.
	command := fmt.Sprintf("env -i HOME=%s PATH=%s TERM=xterm-256color LANG=C.UTF-8 NO_COLOR=1 %s --demo; echo EXITED:$?; sleep 30",
		home, os.Getenv("PATH"), bin)
	if out, err := tm.tmux("-f", "/dev/null", "new-session", "-d", "-s", "main",
		"-x", fmt.Sprint(width), "-y", fmt.Sprint(height), command); err != nil {
		t.Fatalf("tmux new-session: %v: %s", err, out)
	}
	t.Cleanup(func() { _, _ = tm.tmux("kill-server") })
	return tm
}

// TestEndToEnd connects Notion through the demo's consent page, searches,
// opens a page, scrolls, follows a child page, renames it and quits.
func TestEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end run skipped in -short mode")
	}
	bin := buildBinary(t)
	tm := startTmux(t, bin, 200, 50)

	// The demo has one Notion connection, so the app opens on Search.
	tm.waitText("Search", 15*time.Second)

	// Connections, then connect a new Notion workspace.
	tm.send("Tab")
	tm.waitText("Demo workspace", 10*time.Second)
	tm.send("c")
	tm.waitText("Notion", 10*time.Second)
	tm.send("Enter")
	m := tm.waitFor("the sign-in URL", regexp.MustCompile(`(http://127\.0\.0\.1:\d+/oauth/authorize\?\S+)`), 15*time.Second)
	approveThroughConsentPage(t, m[1])
	tm.waitText("Connected", 15*time.Second)

	// Back to Search: type, open the first result.
	tm.send("Escape")
	tm.send("Tab")
	tm.send("text:Every block")
	tm.waitText("Every block type", 10*time.Second)
	tm.send("Enter")
	tm.waitText("Characters Markdown would take", 15*time.Second)

	// Scroll to the end and back.
	before := tm.screen()
	tm.send("j", "j", "j", "G")
	for deadline := time.Now().Add(5 * time.Second); tm.screen() == before; time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("scrolling did not change the screen:\n%s", before)
		}
	}
	tm.send("g")

	// Follow the child-page link: tab moves the ▶ marker from link to link.
	selected := regexp.MustCompile(`▶[^\n]*A child page`)
	for i := 0; !selected.MatchString(tm.screen()); i++ {
		if i == 40 {
			t.Fatalf("tab never selected the child page link; screen:\n%s", tm.screen())
		}
		tm.send("Tab")
		time.Sleep(100 * time.Millisecond)
	}
	tm.send("Enter")
	tm.waitFor("the child page's header", regexp.MustCompile(`(?m)^\S*\s*A child page\s*$`), 15*time.Second)

	// Rename it: the input holds the title with the cursor at its end.
	tm.send("e")
	tm.waitText("Rename", 5*time.Second)
	tm.send("text: (renamed by e2e)", "Enter")
	// Saved: back on the page, whose header shows the new title.
	tm.waitFor("the renamed page", regexp.MustCompile(`A child page \(renamed by e2e\)\s*\n[^\n]*edited just now`), 10*time.Second)

	// Back to the parent page, then quit.
	tm.send("Escape")
	tm.waitFor("the parent page", regexp.MustCompile(`(?m)^\S*\s*Every block type\s*$`), 10*time.Second)
	tm.send("q")
	tm.waitText("EXITED:0", 10*time.Second)
}

// approveThroughConsentPage opens the consent page as a browser would and
// follows its Allow link, which redirects to the app's callback listener.
func approveThroughConsentPage(t *testing.T, oauthURL string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	page := get(ctx, t, oauthURL)
	allow := regexp.MustCompile(`href="([^"]*allow=1[^"]*)"`).FindStringSubmatch(page)
	if allow == nil {
		t.Fatalf("no Allow link on the consent page:\n%s", page)
	}
	base, err := url.Parse(oauthURL)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := url.Parse(html.UnescapeString(allow[1]))
	if err != nil {
		t.Fatal(err)
	}
	body := get(ctx, t, base.ResolveReference(ref).String())
	if !strings.Contains(strings.ToLower(body), "close") {
		t.Fatalf("the callback page does not say the tab can be closed:\n%s", body)
	}
}

func get(ctx context.Context, t *testing.T, url string) string {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "text/html")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %s\n%s", url, resp.Status, b)
	}
	return string(b)
}
