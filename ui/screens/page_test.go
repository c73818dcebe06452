package screens

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/render"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

// pageHarness drives one page screen the way the root does, against the demo
// server: commands run off the loop, answers are applied on it, what the
// screen emits is kept.
type pageHarness struct {
	t   testing.TB
	c   *common.Context
	srv *demo.Server
	// gate, when set, refuses block-children requests (see refuseChildren).
	gate *childrenGate
	p    *Page

	msgs        chan tea.Msg
	outstanding int
	// seen holds the messages that were neither answers nor batches
	// (notes, clipboard) and what the screen emitted, in order.
	seen []tea.Msg
}

// childrenGate sits in front of the demo server and, once armed, lets a
// number of block-children requests through, then answers the next ones with
// a refusal until disarmed: a load cut at a known place, whatever the timing.
type childrenGate struct {
	next http.Handler

	mu sync.Mutex
	// pass is how many requests still go through; refusing is set while
	// armed; status and retryAfter make the refusal.
	pass       int
	refusing   bool
	status     int
	retryAfter string
	// once disarms the gate after its first refusal.
	once bool
	// path is what the refused requests' path holds: "block-children"
	// when empty.
	path string
}

func (g *childrenGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	g.mu.Lock()
	refuse := false
	path := g.path
	if path == "" {
		path = "block-children"
	}
	if g.refusing && strings.Contains(r.URL.Path, path) {
		if g.pass > 0 {
			g.pass--
		} else {
			refuse = true
			g.refusing = g.refusing && !g.once
		}
	}
	status, retryAfter := g.status, g.retryAfter
	g.mu.Unlock()
	if !refuse {
		g.next.ServeHTTP(w, r)
		return
	}
	if retryAfter != "" {
		w.Header().Set("Retry-After", retryAfter)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, `{"object":"error","status":`+fmt.Sprint(status)+`,"code":"refused_by_test","message":"refused by the test"}`)
}

// refuseAfter arms the gate: pass requests go through, then the next ones
// are answered status (once, when once is set).
func (g *childrenGate) refuseAfter(pass, status int, retryAfter string, once bool) {
	g.mu.Lock()
	g.pass, g.refusing, g.status, g.retryAfter, g.once = pass, true, status, retryAfter, once
	g.mu.Unlock()
}

// open lets every request through again.
func (g *childrenGate) open() {
	g.mu.Lock()
	g.refusing = false
	g.mu.Unlock()
}

// newPageHarness starts the demo server (behind a gate) and a context of
// w x h cells whose requests report rate-limit waits.
func newPageHarness(t testing.TB, opts demo.Options, w, h int) *pageHarness {
	t.Helper()
	if opts.Clock == nil {
		opts.Clock = func() time.Time { return testNow }
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = -1 // as fast as the test can go; the limit has tests of its own
	}
	srv := demo.New(opts)
	gate := &childrenGate{next: srv.Handler()}
	hs := httptest.NewServer(gate)
	t.Cleanup(hs.Close)
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	c := &common.Context{
		Ctx:              ctx,
		Width:            w,
		Height:           h,
		Styles:           common.NewStyles(true, false),
		Keys:             common.NewKeyMap(),
		Client:           alloy.New(alloy.Config{BaseURL: hs.URL, APIKey: demo.DemoAPIKey, UserID: demo.DemoUserID, Rate: -1}),
		ActiveConnection: demo.DemoCredentialID,
		Now:              time.Now,
		SpinnerFrame:     "⠋",
		ObserveWaits: func(ctx context.Context, fn func(string, time.Time)) context.Context {
			return alloy.WithWaitObserver(ctx, func(w alloy.Wait) { fn(w.Reason, w.Until) })
		},
	}
	return &pageHarness{t: t, c: c, srv: srv, gate: gate, msgs: make(chan tea.Msg, 64)}
}

// open makes the page screen for the demo page titled title and starts it.
func (h *pageHarness) open(title string) *Page {
	h.t.Helper()
	id, ok := h.srv.PageID(title)
	if !ok {
		h.t.Fatalf("the demo workspace has no page %q", title)
	}
	return h.openID(id, nil)
}

func (h *pageHarness) openID(id string, known *models.Page) *Page {
	h.p = NewPage(h.c, id, known)
	h.run(h.p.Init())
	return h.p
}

// run starts cmd off the loop.
func (h *pageHarness) run(cmd tea.Cmd) {
	h.collect()
	if cmd == nil {
		return
	}
	h.outstanding++
	go func() { h.msgs <- cmd() }()
}

// collect keeps what the screen emitted.
func (h *pageHarness) collect() { h.seen = append(h.seen, h.c.TakeEmitted()...) }

// step handles one message, waiting at most d for it; false when none came.
func (h *pageHarness) step(d time.Duration) bool {
	if h.outstanding == 0 {
		return false
	}
	select {
	case msg := <-h.msgs:
		h.outstanding--
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			for _, c := range msg {
				h.run(c)
			}
		case common.AnswerMsg:
			h.run(msg.Apply())
		default:
			h.seen = append(h.seen, msg)
		}
		h.collect()
		return true
	case <-time.After(d):
		return false
	}
}

// until handles messages until cond holds, failing after a while.
func (h *pageHarness) until(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("waiting for %s; screen:\n%s", what, ansi.Strip(h.p.View()))
		}
		h.step(20 * time.Millisecond)
	}
}

// settle handles messages until nothing is left to wait for.
func (h *pageHarness) settle() {
	h.t.Helper()
	h.until("the screen to settle", func() bool { return h.outstanding == 0 })
}

// press sends keys by binding to the screen.
func (h *pageHarness) press(bindings ...key.Binding) {
	for _, b := range bindings {
		h.run(h.p.Update(keyFor(b)))
	}
}

// keyFor is a key press of a binding's first key.
func keyFor(b key.Binding) tea.KeyPressMsg {
	switch k := b.Keys()[0]; k {
	case "tab":
		return tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		return tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	case "enter":
		return tea.KeyPressMsg{Code: tea.KeyEnter}
	case "esc":
		return tea.KeyPressMsg{Code: tea.KeyEscape}
	default:
		return tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
	}
}

// screen is the page as drawn, without escape sequences.
func (h *pageHarness) screen() string { return ansi.Strip(h.p.View()) }

// shortHelp lists the keys the footer offers.
func shortHelp(p *Page) []string {
	var out []string
	for _, b := range p.Help().ShortHelp() {
		out = append(out, b.Help().Key+" "+b.Help().Desc)
	}
	return out
}

// notes are the texts of the notes and errors seen, in order.
func (h *pageHarness) notes() []string {
	var out []string
	for _, m := range h.seen {
		switch m := m.(type) {
		case common.InfoMsg:
			out = append(out, m.Text)
		case common.ErrorMsg:
			out = append(out, "error: "+common.Explain(m.Err))
		}
	}
	return out
}

func TestPageShowsTheContentAndFollowsLinks(t *testing.T) {
	h := newPageHarness(t, demo.Options{}, 80, 21)
	p := h.open("Every block type")
	h.settle()
	screen := h.screen()
	for _, want := range []string{"🧪 Every block type", "in Larkspur Labs wiki", "6 page links, 2 toggles (tab)", "Tables and columns"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the page does not show %q:\n%s", want, screen)
		}
	}
	if got := p.tabTargets(15); got != "8 tab stops" {
		t.Errorf("in a narrow header tab's targets are %q", got)
	}
	if got := strings.Count(screen, "\n") + 1; got != 21 {
		t.Errorf("the screen is %d lines high, want 21", got)
	}
	if p.Busy() != "" {
		t.Errorf("a loaded page is busy: %q", p.Busy())
	}
	help := strings.Join(shortHelp(p), " · ")
	if !strings.Contains(help, "tab next link or toggle") || strings.Contains(help, "resume") {
		t.Errorf("footer: %s", help)
	}
	if strings.Contains(help, "open link") {
		t.Errorf("the footer offers enter before a link is chosen: %s", help)
	}
	k := h.c.Keys.Page
	h.press(k.NextLink)
	if !strings.Contains(h.screen(), "▶") {
		t.Fatalf("tab marks no link:\n%s", h.screen())
	}
	if help := strings.Join(shortHelp(p), " · "); !strings.Contains(help, "enter open link") {
		t.Errorf("the footer does not offer enter on a chosen link: %s", help)
	}
	h.press(k.OpenLink)
	var opened *common.OpenPageMsg
	for _, m := range h.seen {
		if o, ok := m.(common.OpenPageMsg); ok {
			opened = &o
		}
	}
	if opened == nil || opened.ID == "" {
		t.Fatalf("enter on a link opened nothing: %v", h.seen)
	}
	if title, ok := h.srv.Page(opened.ID); !ok || title == "" {
		t.Errorf("the link leads to %s, not a page of the workspace", opened.ID)
	}
}

func TestPageWithoutLinksOffersNoLinkKeys(t *testing.T) {
	h := newPageHarness(t, demo.Options{}, 80, 40)
	p := h.open("Scratchpad")
	h.settle()
	if strings.Contains(h.screen(), "(tab)") {
		t.Errorf("the header counts links on a page without any:\n%s", h.screen())
	}
	help := strings.Join(shortHelp(p), " · ")
	for _, absent := range []string{"next link", "open link", "down"} {
		if strings.Contains(help, absent) {
			t.Errorf("the footer offers %q on a short page without links: %s", absent, help)
		}
	}
	for _, present := range []string{"rename", "open in browser", "copy URL"} {
		if !strings.Contains(help, present) {
			t.Errorf("the footer lacks %q: %s", present, help)
		}
	}
}

// listPagesOf is how many list pages a clean load of the demo page titled
// title asks for.
func listPagesOf(t *testing.T, title string) int {
	t.Helper()
	clean := newPageHarness(t, demo.Options{}, 80, 24)
	clean.open(title)
	clean.settle()
	return clean.srv.Stats().Actions["get-block-children"]
}

func TestPartialPageSaysSoAndResumes(t *testing.T) {
	const title = "Firmware release log"
	want := listPagesOf(t, title)

	h := newPageHarness(t, demo.Options{Latency: 20 * time.Millisecond}, 80, 24)
	// The page's first list page arrives; the next ones are refused.
	h.gate.refuseAfter(1, http.StatusBadRequest, "", false)
	p := h.open(title)
	h.until("the first blocks", func() bool { return strings.HasPrefix(p.Busy(), "Loading: ") })
	if !strings.Contains(p.Busy(), " of ~") || !strings.HasSuffix(p.Busy(), " blocks") {
		t.Errorf("progress line %q", p.Busy())
	}
	h.settle()
	h.press(h.c.Keys.Page.Bottom)
	screen := h.screen()
	if !strings.Contains(screen, "Not loaded: about ") || !strings.Contains(screen, "more blocks. r resumes.") {
		t.Fatalf("a cut page does not say so:\n%s", screen)
	}
	if head := strings.Split(screen, "\n")[1]; !strings.Contains(head, "partly loaded") {
		t.Errorf("the header does not say the page is cut: %q", head)
	}
	if help := strings.Join(shortHelp(p), " · "); !strings.Contains(help, "r resume") {
		t.Errorf("the footer does not offer to resume: %s", help)
	}
	if notes := h.notes(); len(notes) != 1 || !strings.Contains(notes[0], "refused") {
		t.Errorf("the failure was reported %q", notes)
	}

	h.gate.open()
	refused := h.srv.Stats().Actions["get-block-children"]
	h.press(h.c.Keys.Page.Reload)
	h.settle()
	h.press(h.c.Keys.Page.Bottom)
	if screen := h.screen(); strings.Contains(screen, "Not loaded") || strings.Contains(screen, "partly loaded") {
		t.Errorf("the resumed page still says it is cut:\n%s", screen)
	}
	// The refused requests never reached the server: what it served is
	// what a clean load takes, nothing twice.
	got := h.srv.Stats().Actions["get-block-children"]
	if got != want || refused >= want {
		t.Errorf("the cut load got %d list pages and the resumed one %d more; a clean one takes %d: r must not start over", refused, got-refused, want)
	}

	// r on a complete page loads it again.
	h.press(h.c.Keys.Page.Reload)
	h.settle()
	if again := h.srv.Stats().Actions["get-block-children"]; again != got+want {
		t.Errorf("r on a complete page asked for %d list pages, want %d", again-got, want)
	}
}

func TestRateLimitWaitShowsInTheProgressLine(t *testing.T) {
	h := newPageHarness(t, demo.Options{Latency: 20 * time.Millisecond}, 80, 24)
	// After the first list page, one is answered 429 with Retry-After: 2.
	h.gate.refuseAfter(1, http.StatusTooManyRequests, "2", true)
	p := h.open("Firmware release log")
	h.until("the wait", func() bool { return strings.HasPrefix(p.Busy(), "rate limited: waiting ") })
	busy := p.Busy()
	if !strings.Contains(busy, "s (") || !strings.HasSuffix(busy, " blocks)") || !strings.Contains(busy, " of ~") {
		t.Errorf("progress line while rate limited: %q", busy)
	}
	h.settle()
	if p.Busy() != "" || strings.Contains(h.screen(), "Not loaded") {
		t.Errorf("after the wait the page did not complete: busy %q\n%s", p.Busy(), h.screen())
	}
}

func TestPageNotFoundSaysSoInTheHeader(t *testing.T) {
	h := newPageHarness(t, demo.Options{}, 80, 24)
	p := h.openID("0123456789abcdef0123456789abcdef", nil)
	h.settle()
	head := strings.Split(h.screen(), "\n")[0]
	if !strings.Contains(head, "Not found") || strings.Contains(head, "Loading") {
		t.Errorf("header: %q\n%s", head, h.screen())
	}
	if !strings.Contains(head, "not shared") {
		t.Errorf("the header does not say the page may not be shared: %q", head)
	}
	if notes := h.notes(); len(notes) != 0 {
		t.Errorf("the status bar repeats the error: %q", notes)
	}
	if p.Busy() != "" {
		t.Errorf("busy %q", p.Busy())
	}
	if !strings.Contains(h.screen(), "r reload") {
		t.Errorf("no way to try again:\n%s", h.screen())
	}
}

func TestOpenWithoutABrowserShowsTheURL(t *testing.T) {
	shortPatience(t)
	for _, name := range []string{"none allowed", "launch fails"} {
		t.Run(name, func(t *testing.T) {
			h := newPageHarness(t, demo.Options{}, 80, 24)
			if name == "launch fails" {
				h.c.OpenBrowser = func(string) error { return errors.New(`exec: "xdg-open": executable file not found in $PATH`) }
			}
			p := h.open("Every block type")
			h.settle()
			k := h.c.Keys.Page
			h.press(k.Browser)
			h.settle()
			screen := h.screen()
			if !strings.Contains(screen, "No browser could be opened") || !strings.Contains(screen, p.url()) ||
				!strings.Contains(screen, "y copies it") || strings.Contains(screen, "exec") {
				t.Errorf("o shows:\n%s", screen)
			}
			if n := strings.Count(screen, "\n") + 1; n != 24 {
				t.Errorf("with the note the page is %d lines high, want 24", n)
			}
			if notes := h.notes(); len(notes) != 0 {
				t.Errorf("notes %q", notes)
			}
			h.press(k.Copy)
			h.settle()
			var copied bool
			for _, m := range h.seen {
				copied = copied || fmt.Sprintf("%T", m) == "tea.setClipboardMsg"
			}
			if !copied || !strings.Contains(h.screen(), p.url()) {
				t.Errorf("y did not copy, or took the URL away: %#v", h.seen)
			}
			h.press(k.Down)
			if screen := h.screen(); strings.Contains(screen, "No browser") || strings.Count(screen, "\n")+1 != 24 {
				t.Errorf("the next key leaves the note, or the height wrong:\n%s", screen)
			}
		})
	}
}

// shortPatience makes the wait for the browser's launcher short.
func shortPatience(t *testing.T) {
	patience := browserPatience
	browserPatience = 20 * time.Millisecond
	t.Cleanup(func() { browserPatience = patience })
}

func TestOpenWithASilentLauncherShowsTheURLAfterAWhile(t *testing.T) {
	shortPatience(t)
	h := newPageHarness(t, demo.Options{}, 80, 24)
	release := make(chan struct{})
	// A launcher that waits, as one does for a browser that never comes.
	h.c.OpenBrowser = func(string) error { <-release; return errors.New("exit status 3") }
	p := h.open("Scratchpad")
	h.settle()
	h.press(h.c.Keys.Page.Browser)
	if busy := p.Busy(); busy != "Opening the browser…" {
		t.Errorf("busy %q while the launcher runs", busy)
	}
	h.until("the URL", func() bool { return strings.Contains(h.screen(), p.url()) })
	if screen := h.screen(); !strings.Contains(screen, "The browser has not opened yet") || !strings.Contains(screen, "y copies it") {
		t.Errorf("a silent launcher shows:\n%s", screen)
	}
	close(release)
	h.settle()
	if screen := h.screen(); !strings.Contains(screen, "No browser could be opened") || !strings.Contains(screen, p.url()) {
		t.Errorf("the launcher's failure shows:\n%s", screen)
	}
}

func TestProgressWords(t *testing.T) {
	tests := []struct {
		n    int
		want string
	}{{0, "0"}, {999, "999"}, {1000, "1,000"}, {1240, "1,240"}, {1234567, "1,234,567"}, {-3000, "-3,000"}}
	for _, tt := range tests {
		if got := thousands(tt.n); got != tt.want {
			t.Errorf("thousands(%d) = %q, want %q", tt.n, got, tt.want)
		}
	}
	l := newPageLoader(newContext(t, "http://127.0.0.1:9", 80, 24), "x", nil)
	l.progressed(alloy.TreeProgress{Blocks: 1240, EstimatedTotal: 3000, Lists: 13})
	if got := l.progressLine(); got != "Loading: 1,240 of ~3,000 blocks" {
		t.Errorf("progress line %q", got)
	}
	if got := l.missing(); got != "Not loaded: about 1,760 more blocks." {
		t.Errorf("marker %q", got)
	}
}

func TestPageLeftWhileLoadingGoesOnWhenShownAgain(t *testing.T) {
	const title = "Firmware release log"
	want := listPagesOf(t, title)

	h := newPageHarness(t, demo.Options{Latency: 20 * time.Millisecond}, 80, 24)
	p := h.open(title)
	h.until("the first blocks", func() bool { return strings.HasPrefix(p.Busy(), "Loading: ") })
	p.Suspend() // another screen opened over it
	h.settle()
	if p.Busy() != "" || strings.Contains(h.screen(), "Not loaded") {
		t.Errorf("a page left while loading: busy %q\n%s", p.Busy(), h.screen())
	}
	h.run(p.Resume())
	h.settle()
	h.press(h.c.Keys.Page.Bottom)
	if screen := h.screen(); !strings.Contains(screen, "Before 1.1") || strings.Contains(screen, "Not loaded") {
		t.Errorf("the page did not complete when shown again:\n%s", screen)
	}
	// A list page in flight when the screen was left is asked for again;
	// nothing that arrived is.
	if got := h.srv.Stats().Actions["get-block-children"]; got > want+1 {
		t.Errorf("the load asked for %d list pages, a clean one %d", got, want)
	}
}

// BenchmarkOpenBigPage3000 opens the demo's generated page of about 3,000
// blocks (toggles, nested lists) and waits until it is drawn whole: the
// page screen's work (rendering by pieces as the tree streams in) on top of
// the load itself, which BenchmarkLoadBigPage3000 measures alone.
func BenchmarkOpenBigPage3000(b *testing.B) {
	h := newPageHarness(b, demo.Options{BigPageBlocks: 3000}, 120, 40)
	for b.Loop() {
		p := h.open(demo.BigPageTitle)
		h.settle()
		if p.Busy() != "" || p.view.Lines() < 3000 {
			b.Fatalf("not loaded: busy %q, %d lines", p.Busy(), p.view.Lines())
		}
	}
}

// BenchmarkLoadBigPage3000 loads the same tree without a screen.
func BenchmarkLoadBigPage3000(b *testing.B) {
	h := newPageHarness(b, demo.Options{BigPageBlocks: 3000}, 120, 40)
	id, _ := h.srv.PageID(demo.BigPageTitle)
	for b.Loop() {
		if _, err := h.c.Notion().BlockTree(context.Background(), id, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func TestResizeKeepsTheReadingPlace(t *testing.T) {
	blocks := make([]*models.Block, 0, 60)
	for i := range 60 {
		blocks = append(blocks, &models.Block{Type: "paragraph", Body: models.BlockBody{RichText: models.RichText{{
			PlainText: fmt.Sprintf("Paragraph %d, long enough to wrap onto more lines when the terminal is narrow than when it is wide.", i)}}}})
	}
	r := render.NewRenderer()
	wide, _ := r.Page(blocks, render.Options{Width: 120})
	narrow, _ := r.Page(blocks, render.Options{Width: 40})
	top := wide.Starts[30] // reading paragraph 30
	line, ok := sameReadingLine(wide, narrow, top)
	if !ok || line != narrow.Starts[30] {
		t.Errorf("line %d (%v), want the start of paragraph 30 at %d", line, ok, narrow.Starts[30])
	}
	if got := ansi.Strip(narrow.Lines[line]); !strings.Contains(got, "Paragraph 30,") {
		t.Errorf("the reader lands on %q", got)
	}
	if _, ok := sameReadingLine(render.Document{}, narrow, 0); ok {
		t.Error("nothing to go by, yet a place was found")
	}
}

// TestPageFromSearchShowsRowProperties: a search result carries only its
// title; opened, its row properties show before the page's own answer.
func TestPageFromSearchShowsRowProperties(t *testing.T) {
	w := models.PageWire{Object: "page", ID: "r1", Parent: json.RawMessage(`{"type":"data_source_id","data_source_id":"s"}`),
		Properties: json.RawMessage(`{"Due":{"id":"d","type":"date","date":{"start":"2024-04-24"}},"Name":{"id":"title","type":"title","title":[{"plain_text":"Row"}]}}`)}
	summary, err := w.Summary()
	if err != nil || summary.Title != "Row" || summary.Properties != nil {
		t.Fatalf("summary %+v, %v", summary, err)
	}
	l := newPageLoader(newContext(t, "http://127.0.0.1:9", 80, 24), "r1", &summary)
	props := rowProperties(l.page)
	if len(props) != 1 || props[0].Name != "Due" {
		t.Errorf("row properties %+v", props)
	}
}
