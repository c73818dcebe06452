package screens

import (
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

// approve plays a browser that agrees to the demo's consent page; the demo
// then calls the flow's listener back itself.
func approve(t *testing.T, url string) {
	go func() {
		resp, err := http.Get(url)
		if err != nil {
			t.Errorf("approving %s: %v", url, err)
			return
		}
		_ = resp.Body.Close()
	}()
}

func TestConnectShowsAMissingBrowserAsAWarningAndNamesTheService(t *testing.T) {
	c, _ := demoContext(t, demo.Options{})
	urls := make(chan string, 1)
	c.OpenBrowser = func(url string) error {
		urls <- url
		return errors.New(`exec: "xdg-open": executable file not found in $PATH`)
	}
	s := NewConnect(c, "")
	d := newDriver(t, c)
	d.run(s.Init())
	d.until("the connectors", shows(s, "Notion", "GitHub", "Google Drive"))

	// Notion first, then by name: GitHub is second.
	d.press(s, keyDown)
	d.press(s, keyEnter)
	d.until("the flow to wait for the browser", shows(s, "No browser could be opened", "Waiting for you"))
	if line := lineWith(s, "No browser could be opened"); strings.Contains(line, "✓") || !strings.HasPrefix(line, "!") {
		t.Errorf("the browser that did not open shows as %q, want a warning, not a ✓", line)
	}
	view := plain(s)
	if strings.Contains(view, "If the browser did not open") {
		t.Errorf("after saying no browser opened, the screen still says %q:\n%s", "If the browser did not open", view)
	}
	if !strings.Contains(view, "Connect GitHub") || strings.Contains(view, "Github") {
		t.Errorf("the service is not named as it names itself (GitHub):\n%s", view)
	}
	if !offers(s.Help(), c.Keys.Connect.Copy) {
		t.Error("the help does not offer to copy the sign-in address")
	}

	approve(t, <-urls)
	d.until("the new connection", func() bool { return len(emittedOf[common.ConnectedMsg](d)) > 0 })
	conn := emittedOf[common.ConnectedMsg](d)[0].Connection
	if conn.Connector != "github" {
		t.Errorf("connected %q, want github", conn.Connector)
	}
	notes := emittedOf[common.InfoMsg](d)
	if len(notes) != 1 || !strings.HasPrefix(notes[0].Text, "Connected GitHub: ") {
		t.Errorf("notes = %v, want one that says GitHub was connected", notes)
	}
}

func TestConnectLeavesTheKeychainToTheRootAndSaysOneSentence(t *testing.T) {
	c, _ := demoContext(t, demo.Options{})
	keychain := newStuckKeychain()
	t.Cleanup(keychain.Release)
	c.Store = keychain
	c.OpenBrowser = func(url string) error {
		approve(t, url)
		return nil
	}
	s := NewConnect(c, "")
	d := newDriver(t, c)
	d.run(s.Init())
	d.until("the connectors", shows(s, "Notion"))
	d.press(s, keyEnter)
	d.until("the new connection", func() bool { return len(emittedOf[common.ConnectedMsg](d)) > 0 })

	// The root keeps the active connection, in one place: a keychain that
	// hangs or fails is never Connect's to wait on or explain.
	if n := keychain.calls.Load(); n != 0 {
		t.Errorf("Connect called the keychain %d times", n)
	}
	if conn := emittedOf[common.ConnectedMsg](d)[0].Connection; conn.Connector != "notion" || conn.ID == "" {
		t.Errorf("emitted %+v, want the new Notion connection", conn)
	}
	notes := emittedOf[common.InfoMsg](d)
	if len(notes) != 1 {
		t.Fatalf("notes = %v, want one", notes)
	}
	note := notes[0].Text
	if !strings.HasPrefix(note, "Connected Notion: ") || strings.ContainsAny(note, "()") || !strings.HasSuffix(note, ".") || len([]rune(note)) > 80 {
		t.Errorf("the note %q is not one short sentence saying Notion was connected", note)
	}
	if !shows(s, "Connected Notion")() || strings.Contains(plain(s), "✗") {
		t.Errorf("the finished flow does not show every step done:\n%s", plain(s))
	}
}

func TestConnectLeftIsNotRestartedBehindTheUsersBack(t *testing.T) {
	c, srv := demoContext(t, demo.Options{})
	c.OpenBrowser = nil // nobody approves: the flow waits
	s := NewConnect(c, "notion")
	d := newDriver(t, c)
	d.run(s.Init())
	d.until("the flow to wait", shows(s, "Connect Notion", "Waiting for you"))
	if line := lineWith(s, "Open the sign-in address"); strings.Contains(line, "✓") {
		t.Errorf("a step the user must do shows as done: %q", line)
	}

	s.Suspend()
	starts := srv.Stats().Requests
	d.run(s.Resume())
	d.until("the flow shown cancelled", shows(s, "cancelled", "try again"))
	if b := s.Busy(); b != "" {
		t.Errorf("Busy() = %q after coming back: the flow was started again", b)
	}
	if n := srv.Stats().Requests; n != starts {
		t.Errorf("coming back made %d requests: the flow was started again", n-starts)
	}
	if !offers(s.Help(), c.Keys.Connect.Retry) {
		t.Error("the help does not offer to try again")
	}

	d.press(s, letter('r'))
	d.until("the flow to wait again", shows(s, "Waiting for you"))
	if strings.Contains(plain(s), "cancelled") {
		t.Error("the retried flow still says it was cancelled")
	}
	s.Suspend() // closes the listener
}

func TestConnectFilterTakesLettersAndArrowsMove(t *testing.T) {
	c, _ := demoContext(t, demo.Options{})
	s := NewConnect(c, "")
	d := newDriver(t, c)
	d.run(s.Init())
	d.until("the connectors", shows(s, "Notion", "Slack"))
	if s.InputEmpty() {
		t.Error("InputEmpty() is true while no input has focus")
	}

	d.press(s, letter('/'))
	if !s.Capturing() || !s.InputEmpty() {
		t.Fatalf("after / the filter must have the keys and be empty: Capturing %v, InputEmpty %v", s.Capturing(), s.InputEmpty())
	}
	// k and j are letters of the filter here, not moves.
	d.typeText(s, "k")
	if view := plain(s); !strings.Contains(view, "Slack") || strings.Contains(view, "Notion") {
		t.Errorf("the filter %q shows:\n%s", "k", view)
	}
	d.press(s, keyEsc)
	if s.Capturing() || !strings.Contains(plain(s), "Notion") {
		t.Errorf("esc did not clear and leave the filter:\n%s", plain(s))
	}

	d.press(s, letter('/'))
	d.typeText(s, "o")
	d.press(s, keyDown)
	d.press(s, keyEnter)
	// Filtered by o: Notion, Google Drive, HubSpot, Slack.
	d.until("the second match chosen", shows(s, "Connect Google Drive"))
	s.Suspend()
}

func TestConnectFailureMarksOnlyWhatFailed(t *testing.T) {
	c, srv := demoContext(t, demo.Options{})
	srv.Inject(demo.Fault{Method: http.MethodPost, PathContains: "/credentials", Status: http.StatusForbidden})
	s := NewConnect(c, "notion")
	d := newDriver(t, c)
	d.run(s.Init())
	d.until("the failure", shows(s, "not allowed", "try again"))
	if line := lineWith(s, "Listening"); !strings.HasPrefix(line, "✓") {
		t.Errorf("the listener, which worked, shows as %q", line)
	}
	if !offers(s.Help(), c.Keys.Connect.Retry) || offers(s.Help(), c.Keys.Connect.Copy) {
		t.Error("after failing before any address, the help must offer retry and not copy")
	}
	if len(emittedOf[common.ErrorMsg](d)) != 0 {
		t.Error("the failure shown on the screen is repeated on the status bar")
	}
}
