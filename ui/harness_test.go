package ui

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/keystore"
)

// updating reports whether -update was given: the flag is the one the golden
// package (under teatest) declares, which this package shares.
func updating() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// testNow is the clock of the tests, a little after the demo workspace's
// last edits, so "edited … ago" never changes between runs.
var testNow = time.Date(2025, time.March, 15, 12, 0, 0, 0, time.UTC)

// waitTimeout bounds every wait: a test fails rather than hangs.
const waitTimeout = 10 * time.Second

// TestMain clears the variables that change the look, so that golden files
// do not depend on the environment they run in.
func TestMain(m *testing.M) {
	_ = os.Unsetenv("NO_COLOR")
	_ = os.Unsetenv("GLAMOUR_STYLE")
	os.Exit(m.Run())
}

// instantClock makes the client's retry pauses instant, so that injected 429s
// and 503s cost no real time.
type instantClock struct{}

func (instantClock) Now() time.Time { return time.Now() }

func (instantClock) Sleep(ctx context.Context, _ time.Duration) error { return ctx.Err() }

func newFake(opts demo.Options) *demo.Server {
	if opts.RateLimit == 0 {
		opts.RateLimit = -1 // the instant clock would meet the demo's limit at full speed; tests that want it set it
	}
	return demo.New(opts)
}

// harness runs the whole app against the demo server, the way a person does:
// key presses in, frames out.
type harness struct {
	t     *testing.T
	srv   *demo.Server
	store *keystore.Memory
	tm    *teatest.TestModel

	mu    sync.Mutex
	frame string // the last frame drawn, ANSI stripped
	raw   string // the same frame with its colours
	busy  string // what the app was waiting for when it drew it
}

// recorder is the app as the harness runs it: every frame drawn is kept,
// with whether the app was busy, so tests wait on state rather than on the
// spinner's glyphs.
type recorder struct {
	*App
	h *harness
}

func (r recorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := r.App.Update(msg)
	return r, cmd
}

func (r recorder) View() tea.View {
	v := r.App.View()
	r.h.record(v.Content, r.App.busy())
	return v
}

type setup struct {
	fake      demo.Options
	width     int
	height    int
	noClient  bool
	noActive  bool
	keychain  error
	configure func(*Options)
}

func newClientFor(base string) func(apiKey, userID string) *alloy.Client {
	return func(apiKey, userID string) *alloy.Client {
		return alloy.New(alloy.Config{BaseURL: base, APIKey: apiKey, UserID: userID, Clock: instantClock{}})
	}
}

func start(t *testing.T, s setup) *harness {
	t.Helper()
	if s.fake.Clock == nil {
		s.fake.Clock = func() time.Time { return testNow }
	}
	srv := newFake(s.fake)
	base, err := srv.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	h := &harness{t: t, srv: srv, store: keystore.NewMemory()}
	opts := Options{
		NewClient:      newClientFor(base),
		Store:          h.store,
		KeychainErr:    s.keychain,
		RedirectURI:    "http://127.0.0.1:0/oauth/callback",
		Demo:           true,
		Version:        "test",
		Now:            func() time.Time { return testNow },
		SearchDebounce: 5 * time.Millisecond,
		Secrets:        func() []string { return []string{demo.DemoAPIKey} },
	}
	if !s.noClient {
		opts.Client = opts.NewClient(demo.DemoAPIKey, demo.DemoUserID)
		if !s.noActive {
			opts.ActiveConnection = demo.DemoCredentialID
		}
	}
	if s.configure != nil {
		s.configure(&opts)
	}
	if s.width == 0 {
		s.width, s.height = 80, 24
	}
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	app := recorder{App: New(ctx, opts), h: h}
	// A blinking cursor would make frames differ from one moment to the next.
	app.c.Styles.Input.Cursor.Blink = false
	h.tm = teatest.NewTestModel(t, app, teatest.WithInitialTermSize(s.width, s.height))
	t.Cleanup(func() {
		_ = h.tm.Quit()
		h.tm.WaitFinished(t, teatest.WithFinalTimeout(waitTimeout))
	})
	return h
}

func (h *harness) record(frame, busy string) {
	plain := ansi.Strip(frame)
	h.mu.Lock()
	h.frame, h.raw, h.busy = plain, frame, busy
	h.mu.Unlock()
}

// rawScreen is the last frame drawn, with its colours.
func (h *harness) rawScreen() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.raw
}

// screen is the last frame drawn, as plain text.
func (h *harness) screen() string {
	s, _ := h.snapshot()
	return s
}

// snapshot is the last frame drawn, as plain text, and whether the app was
// idle when it drew it.
func (h *harness) snapshot() (string, bool) {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.frame, h.busy == ""
}

// waitFor waits until the screen satisfies cond, failing the test with the
// last frame when it does not in time.
func (h *harness) waitFor(what string, cond func(screen string) bool) string {
	h.t.Helper()
	return h.wait(what, false, cond)
}

// waitIdle is waitFor on a frame drawn while nothing was loading.
func (h *harness) waitIdle(what string, cond func(screen string) bool) string {
	h.t.Helper()
	return h.wait(what, true, cond)
}

func (h *harness) wait(what string, needIdle bool, cond func(screen string) bool) string {
	h.t.Helper()
	deadline := time.Now().Add(waitTimeout)
	for {
		s, idle := h.snapshot()
		if (idle || !needIdle) && cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("waiting for %s: not seen in %s; last frame:\n%s", what, waitTimeout, s)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// waitText waits until every text shows and nothing is loading.
func (h *harness) waitText(texts ...string) string {
	h.t.Helper()
	return h.waitIdle(strings.Join(texts, ", "), func(s string) bool {
		for _, t := range texts {
			if !strings.Contains(s, t) {
				return false
			}
		}
		return true
	})
}

// waitPage waits until a page titled title shows, loaded, with texts.
func (h *harness) waitPage(title string, texts ...string) string {
	h.t.Helper()
	return h.waitIdle("the page "+title, func(s string) bool {
		lines := strings.Split(s, "\n")
		if len(lines) < 4 || !strings.Contains(lines[0], title) || !strings.HasPrefix(lines[2], "───") {
			return false
		}
		for _, t := range texts {
			if !strings.Contains(s, t) {
				return false
			}
		}
		return true
	})
}

// press sends key presses by name ("enter", "shift+tab", "ctrl+c", "j").
func (h *harness) press(keys ...string) {
	for _, k := range keys {
		h.tm.Send(keyPress(k))
	}
}

func keyPress(name string) tea.KeyPressMsg {
	special := map[string]tea.KeyPressMsg{
		"enter":     {Code: tea.KeyEnter},
		"esc":       {Code: tea.KeyEscape},
		"tab":       {Code: tea.KeyTab},
		"shift+tab": {Code: tea.KeyTab, Mod: tea.ModShift},
		"up":        {Code: tea.KeyUp},
		"down":      {Code: tea.KeyDown},
		"pgdown":    {Code: tea.KeyPgDown},
		"backspace": {Code: tea.KeyBackspace},
		"ctrl+c":    {Code: 'c', Mod: tea.ModCtrl},
		"ctrl+n":    {Code: 'n', Mod: tea.ModCtrl},
		"ctrl+p":    {Code: 'p', Mod: tea.ModCtrl},
		"ctrl+e":    {Code: 'e', Mod: tea.ModCtrl},
	}
	if k, ok := special[name]; ok {
		return k
	}
	r, _ := utf8.DecodeRuneInString(name)
	return tea.KeyPressMsg{Code: r, Text: name}
}

// typeText types text one key at a time.
func (h *harness) typeText(text string) { h.tm.Type(text) }

// goldenPlain compares a frame with testdata/<name>.golden (rewritten with
// -update). Trailing spaces are dropped: they carry no meaning and editors
// eat them.
func goldenPlain(t *testing.T, name, frame string) {
	t.Helper()
	var sb strings.Builder
	for _, line := range strings.Split(frame, "\n") {
		sb.WriteString(strings.TrimRight(line, " "))
		sb.WriteByte('\n')
	}
	got := sb.String()
	path := filepath.Join("testdata", name+".golden")
	if updating() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n--- got ---\n%s\n--- want ---\n%s", name, path, got, want)
	}
}

// goldenColour compares the last frame, colours and all, with
// testdata/<test name>.golden (rewritten with -update): for the screens where
// colour carries meaning (the highlight, errors), so that losing it fails.
func (h *harness) goldenColour(t *testing.T) {
	t.Helper()
	golden.RequireEqual(t, h.rawScreen())
}

// checkSize fails when a frame is taller or wider than the terminal.
func checkSize(t *testing.T, frame string, width, height int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) != height {
		t.Errorf("frame has %d lines, want %d", len(lines), height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d cells wide, more than %d: %q", i, w, width, l)
		}
	}
}
