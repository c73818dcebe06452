package screens

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

// demoContext is a program context of 80x24 cells whose client talks to a
// fresh demo server, with the demo's Notion connection active.
func demoContext(t *testing.T, opts demo.Options) (*common.Context, *demo.Server) {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = func() time.Time { return testNow }
	}
	srv := demo.New(opts)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(hs.Close)
	c := newContext(t, hs.URL, 80, 24)
	c.NewClient = func(apiKey, userID string) *alloy.Client {
		return alloy.New(alloy.Config{BaseURL: hs.URL, APIKey: apiKey, UserID: userID})
	}
	c.Client = c.NewClient(demo.DemoAPIKey, demo.DemoUserID)
	c.ActiveConnection = demo.DemoCredentialID
	// Any free port: no test needs port 3000.
	c.RedirectURI = "http://127.0.0.1:0/oauth/callback"
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	c.Ctx = ctx
	return c, srv
}

// driver plays the root model for one screen: key presses go to the
// screen's Update; commands run in goroutines, as Bubble Tea runs them; the
// answers of requests are applied on the test's goroutine, which is the
// Update loop here; and what the screen emits is collected.
type driver struct {
	t       *testing.T
	c       *common.Context
	msgs    chan tea.Msg
	emitted []tea.Msg
}

func newDriver(t *testing.T, c *common.Context) *driver {
	return &driver{t: t, c: c, msgs: make(chan tea.Msg, 1024)}
}

// run starts a command; its message is handled by until.
func (d *driver) run(cmd tea.Cmd) {
	d.collect()
	if cmd == nil {
		return
	}
	go func() { d.msgs <- cmd() }()
}

// collect takes what the screen emitted.
func (d *driver) collect() {
	d.emitted = append(d.emitted, d.c.TakeEmitted()...)
}

// press sends one key press to the screen, as the root does when the screen
// has the keys.
func (d *driver) press(s common.Screen, k tea.KeyPressMsg) {
	d.t.Helper()
	d.run(s.Update(k))
}

// typeText presses a key for each character of text.
func (d *driver) typeText(s common.Screen, text string) {
	d.t.Helper()
	for _, r := range text {
		d.press(s, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// until handles messages as they come until ok holds, or fails the test
// after ten seconds. Only the answers of requests (and batches of
// commands) matter to a screen alone; the cursor's blinking and clipboard
// writes are the root's and terminal's business, and are dropped.
func (d *driver) until(what string, ok func() bool) {
	d.t.Helper()
	deadline := time.After(10 * time.Second)
	poll := time.NewTicker(10 * time.Millisecond)
	defer poll.Stop()
	for {
		d.collect()
		if ok() {
			return
		}
		select {
		case msg := <-d.msgs:
			switch msg := msg.(type) {
			case tea.BatchMsg:
				for _, cmd := range msg {
					d.run(cmd)
				}
			case common.AnswerMsg:
				d.run(msg.Apply())
			}
		case <-poll.C:
		case <-deadline:
			d.t.Fatalf("waiting for %s: not seen in 10s", what)
		}
	}
}

// emittedOf returns the messages of type T the screen emitted so far.
func emittedOf[T any](d *driver) []T {
	d.collect()
	var out []T
	for _, m := range d.emitted {
		if m, ok := m.(T); ok {
			out = append(out, m)
		}
	}
	return out
}

// plain is a screen's view without colours.
func plain(s common.Screen) string { return ansi.Strip(s.View()) }

// shows reports whether the screen's view holds every one of texts.
func shows(s common.Screen, texts ...string) func() bool {
	return func() bool {
		v := plain(s)
		for _, t := range texts {
			if !strings.Contains(v, t) {
				return false
			}
		}
		return true
	}
}

// lineWith is the first line of the screen's view that holds text.
func lineWith(s common.Screen, text string) string {
	for l := range strings.SplitSeq(plain(s), "\n") {
		if strings.Contains(l, text) {
			return l
		}
	}
	return ""
}

// offers reports whether a screen's help lists b.
func offers(h help.KeyMap, b key.Binding) bool {
	for _, group := range h.FullHelp() {
		for _, o := range group {
			if o.Help() == b.Help() && strings.Join(o.Keys(), " ") == strings.Join(b.Keys(), " ") {
				return true
			}
		}
	}
	return false
}

// Keys pressed in the tests.
var (
	keyEnter = tea.KeyPressMsg{Code: tea.KeyEnter}
	keyEsc   = tea.KeyPressMsg{Code: tea.KeyEscape}
	keyTab   = tea.KeyPressMsg{Code: tea.KeyTab}
	keyDown  = tea.KeyPressMsg{Code: tea.KeyDown}
	keyCtrlU = tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}
)

// letter is the key press of one printable character.
func letter(r rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: r, Text: string(r)} }
