package screens

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

var testNow = time.Date(2025, time.March, 15, 12, 0, 0, 0, time.UTC)

// newContext is a program context of w x h cells whose client talks to
// baseURL (which may be a server that counts what it receives).
func newContext(tb testing.TB, baseURL string, w, h int) *common.Context {
	tb.Helper()
	return &common.Context{
		Ctx:              context.Background(),
		Width:            w,
		Height:           h,
		Styles:           common.NewStyles(true, false),
		Keys:             common.NewKeyMap(),
		Client:           alloy.New(alloy.Config{BaseURL: baseURL, APIKey: "k", UserID: "u"}),
		ActiveConnection: "65f1d3a0c0ffee00000a110e",
		Now:              func() time.Time { return testNow },
		Debounce:         common.DefaultDebounce,
		SpinnerFrame:     "⠋",
	}
}

// countingServer counts the requests it receives and answers none usefully.
func countingServer(tb testing.TB) (*httptest.Server, *atomic.Int64) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		n.Add(1)
		http.Error(w, "not here", http.StatusTeapot)
	}))
	tb.Cleanup(srv.Close)
	return srv, &n
}

func text(s string) models.RichText {
	return models.RichText{{Type: "text", PlainText: s}}
}

// generatedPage is a flat page of n blocks of the usual kinds, with a link to
// a child page every 50 blocks.
func generatedPage(n int) map[string][]*models.Block {
	blocks := make([]*models.Block, 0, n)
	for i := range n {
		b := &models.Block{ID: fmt.Sprintf("b%031d", i)}
		switch {
		case i%50 == 49:
			b.Type = "child_page"
			b.Body.Title = fmt.Sprintf("Child page %d", i)
			b.ID = fmt.Sprintf("%032x", i+1)
		case i%25 == 0:
			b.Type = "heading_2"
			b.Body.RichText = text(fmt.Sprintf("Section %d", i/25))
		case i%5 == 1:
			b.Type = "bulleted_list_item"
			b.Body.RichText = text(fmt.Sprintf("Item %d with a few words to wrap", i))
		case i%7 == 3:
			b.Type = "to_do"
			b.Body.RichText = text(fmt.Sprintf("Task %d", i))
			b.Body.Checked = i%2 == 0
		default:
			b.Type = "paragraph"
			b.Body.RichText = text(fmt.Sprintf("Paragraph %d. The quick brown fox jumps over the lazy dog, twice, so that the line wraps on narrow terminals.", i))
		}
		blocks = append(blocks, b)
	}
	return map[string][]*models.Block{"root": blocks}
}

// loadedPage returns a page screen showing the generated page, rendered once.
func loadedPage(tb testing.TB, c *common.Context, n int) *Page {
	tb.Helper()
	p := NewPage(c, "0123456789abcdef0123456789abcdef", &models.Page{ID: "0123456789abcdef0123456789abcdef", Title: "Big page"})
	lists := generatedPage(n)
	for _, b := range lists["root"] {
		p.addSubtree(alloy.Subtree{ParentID: "root", Blocks: []*models.Block{b}})
	}
	p.treeDone = true
	out, err := renderPage(lists, "root", p.renderWidth(), c.Styles.Glamour)
	if err != nil {
		tb.Fatal(err)
	}
	p.rendering = true
	p.Update(pageRenderedMsg{target: p.id, version: p.version, width: p.renderWidth(), style: c.Styles.Glamour, out: out})
	if p.shownVersion != p.version {
		tb.Fatal("the rendering was not applied")
	}
	return p
}

func BenchmarkPageScroll5000(b *testing.B) {
	c := newContext(b, "http://127.0.0.1:9", 120, 40)
	p := loadedPage(b, c, 5000)
	down := tea.KeyPressMsg{Code: 'j', Text: "j"}
	top := tea.KeyPressMsg{Code: 'g', Text: "g"}
	lines := p.vp.TotalLineCount()
	b.ReportMetric(float64(lines), "lines")
	b.ResetTimer()
	for i := range b.N {
		if i%(lines-40) == lines-41 {
			p.Update(top)
		}
		p.Update(down)
		_ = p.View()
	}
}

func BenchmarkSearchTyping2500(b *testing.B) {
	srv, requests := countingServer(b)
	c := newContext(b, srv.URL, 120, 40)
	s := NewSearch(c)
	s.gen = 1
	s.result(searchResultMsg{target: s.id, gen: 1, list: alloy.PageList{Pages: manyPages(2500)}})
	b.ResetTimer()
	for i := range b.N {
		if i%64 == 63 {
			s.input.SetValue("")
		}
		s.Update(tea.KeyPressMsg{Code: 'a' + rune(i%26), Text: string('a' + rune(i%26))})
		_ = s.View()
	}
	b.StopTimer()
	if n := requests.Load(); n != 0 {
		b.Fatalf("typing made %d requests from Update", n)
	}
}

func manyPages(n int) []models.Page {
	pages := make([]models.Page, n)
	for i := range pages {
		pages[i] = models.Page{
			Object:     "page",
			ID:         fmt.Sprintf("%032x", i+1),
			Title:      fmt.Sprintf("Page number %d", i),
			Icon:       &models.Icon{Type: "emoji", Emoji: "📄"},
			Parent:     models.Parent{Type: "workspace"},
			LastEdited: testNow.Add(-time.Duration(i) * time.Hour),
		}
	}
	return pages
}

func TestTypingInSearchNeverWaitsOnTheNetwork(t *testing.T) {
	srv, requests := countingServer(t)
	c := newContext(t, srv.URL, 80, 20)
	s := NewSearch(c)
	for _, r := range "weather station" {
		cmd := s.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
		if cmd == nil {
			t.Fatalf("typing %q returned no command: the debounce must be a command", r)
		}
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("Update made %d requests while typing", n)
	}
	if s.Busy() != "" {
		t.Errorf("Busy() = %q before the debounce ended", s.Busy())
	}
}

func TestSearchDropsStaleAnswers(t *testing.T) {
	c := newContext(t, "http://127.0.0.1:9", 80, 20)
	s := NewSearch(c)
	s.gen = 1
	s.Update(tea.KeyPressMsg{Code: 'a', Text: "a"}) // now generation 2
	tests := []struct {
		name  string
		gen   int
		title string
		shown bool
	}{
		{"an answer to an older query is dropped", 1, "Old", false},
		{"the answer to the current query shows", 2, "New", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s.Update(searchResultMsg{target: s.id, gen: tt.gen, list: alloy.PageList{Pages: []models.Page{{Object: "page", ID: "x", Title: tt.title}}}})
			if got := strings.Contains(ansi.Strip(s.View()), tt.title); got != tt.shown {
				t.Errorf("%q shown = %v, want %v", tt.title, got, tt.shown)
			}
		})
	}
}

func TestPageReferences(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"https://www.notion.so/Roadmap-0123456789abcdef0123456789abcdef", "01234567-89ab-cdef-0123-456789abcdef"},
		{"0123456789abcdef0123456789abcdef", "01234567-89ab-cdef-0123-456789abcdef"},
		{"weather", ""},
		{"deadbeef", ""},
		{"two words 0123456789abcdef0123456789abcdef", ""},
	}
	for _, tt := range tests {
		got, ok := pageReference(tt.in)
		if (tt.want != "") != ok || got != tt.want {
			t.Errorf("pageReference(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}

func TestPageLinksAreFoundAndCycled(t *testing.T) {
	c := newContext(t, "http://127.0.0.1:9", 60, 15)
	p := loadedPage(t, c, 200)
	if len(p.links) != 4 {
		t.Fatalf("found %d page links, want 4", len(p.links))
	}
	want := []string{"00000032", "00000064", "00000096", "000000c8"}
	for i, w := range want {
		p.Update(tea.KeyPressMsg{Code: tea.KeyTab})
		l := p.links[p.selectedLink]
		if !strings.Contains(models.CompactID(l.id), w) {
			t.Errorf("tab %d selected %s, want the link ending …%s", i+1, l.id, w)
		}
		if top := p.vp.YOffset(); l.line < top || l.line >= top+p.vp.Height() {
			t.Errorf("tab %d: link at line %d is off screen (%d+%d)", i+1, l.line, top, p.vp.Height())
		}
		if view := ansi.Strip(p.View()); !strings.Contains(view, "▶") {
			t.Errorf("tab %d: no marker on the selected link:\n%s", i+1, view)
		}
	}
	p.Update(tea.KeyPressMsg{Code: tea.KeyTab})
	if p.selectedLink != 0 {
		t.Errorf("tab after the last link selected %d, want the first", p.selectedLink)
	}
	p.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	msgs := c.TakeEmitted()
	if len(msgs) != 1 {
		t.Fatalf("enter emitted %d messages, want 1", len(msgs))
	}
	if open, ok := msgs[0].(common.OpenPageMsg); !ok || open.ID != p.links[0].id {
		t.Errorf("enter emitted %#v, want to open %s", msgs[0], p.links[0].id)
	}
}

func TestPageResizeUsesTheCache(t *testing.T) {
	c := newContext(t, "http://127.0.0.1:9", 100, 30)
	p := loadedPage(t, c, 300)
	wide := p.lines
	c.Width = 60
	cmd := p.Resize()
	if cmd == nil {
		t.Fatal("a new width must render again, in a command")
	}
	msg := cmd()
	p.Update(msg)
	narrow := p.lines
	if len(narrow) <= len(wide) {
		t.Errorf("narrow rendering has %d lines, wide %d: it did not wrap anew", len(narrow), len(wide))
	}
	for i, l := range narrow {
		if w := ansi.StringWidth(l); w > c.Width-gutterWidth {
			t.Fatalf("line %d is %d wide at width %d", i, w, c.Width)
		}
	}
	c.Width = 100
	if cmd := p.Resize(); cmd != nil {
		t.Error("going back to a width already rendered must use the cache")
	}
	if len(p.lines) != len(wide) {
		t.Errorf("cached rendering has %d lines, want %d", len(p.lines), len(wide))
	}
}

func TestPageStreamingCoalescesRenders(t *testing.T) {
	c := newContext(t, "http://127.0.0.1:9", 80, 20)
	p := NewPage(c, "0123456789abcdef0123456789abcdef", nil)
	lists := generatedPage(40)
	renders := 0
	for i, b := range lists["root"] {
		cmd := p.addSubtree(alloy.Subtree{ParentID: "root", Blocks: []*models.Block{b}, Pending: 40 - i})
		if cmd != nil {
			renders++
		}
	}
	if renders != 1 {
		t.Errorf("40 list pages started %d renders while one was in flight; want 1", renders)
	}
	if !p.dirty {
		t.Error("the page must remember that a newer rendering is wanted")
	}
}
