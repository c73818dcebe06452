package components

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/render"
)

func testKeys() LinkViewKeys {
	b := func(k string) key.Binding { return key.NewBinding(key.WithKeys(k)) }
	return LinkViewKeys{Up: b("k"), Down: b("j"), PageUp: b("b"), PageDown: b("f"),
		Top: b("g"), Bottom: b("G"), NextLink: b("tab"), PrevLink: b("shift+tab")}
}

// linkedDoc renders n paragraphs, every fifth holding a link to page i.
func linkedDoc(t *testing.T, n, width int) render.Document {
	t.Helper()
	var sb strings.Builder
	for i := range n {
		if i%5 == 0 {
			fmt.Fprintf(&sb, "Paragraph %d links [page %d](https://www.notion.so/%032x).\n\n", i, i, i+1)
		} else {
			fmt.Fprintf(&sb, "Paragraph %d has no link but some words to wrap at narrow widths.\n\n", i)
		}
	}
	doc, err := render.Markdown(sb.String(), render.Options{Width: width, Style: render.DarkStyle})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func press(v *LinkView, k string) bool {
	msg := tea.KeyPressMsg{Code: []rune(k)[0], Text: k}
	switch k {
	case "tab":
		msg = tea.KeyPressMsg{Code: tea.KeyTab}
	case "shift+tab":
		msg = tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift}
	}
	return v.Update(msg)
}

func newView(t *testing.T, width, height int) (*LinkView, render.Document) {
	v := NewLinkView(testKeys(), "▶", lipgloss.NewStyle().Reverse(true))
	v.SetSize(width, height)
	doc := linkedDoc(t, 40, v.TextWidth())
	v.SetContent(doc.Lines, doc.PageLinks())
	return v, doc
}

func TestLinkViewSelectsLinksInTurn(t *testing.T) {
	v, doc := newView(t, 50, 8)
	if v.TextWidth() != 50-lipgloss.Width("▶ ") {
		t.Errorf("text width %d", v.TextWidth())
	}
	if _, ok := v.Selected(); ok || strings.Contains(v.View(), "▶") {
		t.Fatal("nothing is selected at first")
	}
	if v.Links() != 8 {
		t.Fatalf("%d links, want 8", v.Links())
	}
	press(v, "tab")
	first, ok := v.Selected()
	if !ok || first.Text(doc.Lines) != "page 0" {
		t.Fatalf("tab selected %+v", first)
	}
	view := v.View()
	marked := ""
	for _, row := range strings.Split(view, "\n") {
		if strings.HasPrefix(ansi.Strip(row), "▶ ") {
			marked = row
		}
	}
	if !strings.Contains(ansi.Strip(marked), "page 0") {
		t.Errorf("the gutter does not mark the link's line:\n%s", ansi.Strip(view))
	}
	if !strings.Contains(marked, lipgloss.NewStyle().Reverse(true).Render("page 0")) {
		t.Errorf("the link is not highlighted: %q", marked)
	}
	// Back past the first wraps to the last, scrolled into view.
	press(v, "shift+tab")
	last, _ := v.Selected()
	if last.Text(doc.Lines) != "page 35" || !strings.Contains(ansi.Strip(v.View()), "page 35") {
		t.Errorf("shift+tab selected %q; view:\n%s", last.Text(doc.Lines), ansi.Strip(v.View()))
	}
	press(v, "tab")
	if l, _ := v.Selected(); l.Text(doc.Lines) != "page 0" {
		t.Errorf("tab after the last selected %q", l.Text(doc.Lines))
	}
	// Only one line is highlighted at a time.
	if n := strings.Count(strings.Join(v.shown, "\n"), lipgloss.NewStyle().Reverse(true).Render("page")); n > 1 {
		t.Errorf("%d highlights", n)
	}
}

func TestLinkViewScrollsAndKeepsItsPlace(t *testing.T) {
	v, _ := newView(t, 50, 8)
	for _, k := range []string{"j", "j", "f"} {
		if !press(v, k) {
			t.Errorf("%s was not used", k)
		}
	}
	if v.Offset() != 2+8 {
		t.Errorf("offset %d after j j f, want 10", v.Offset())
	}
	if press(v, "x") {
		t.Error("an unbound key was used")
	}
	// The first tab selects the first link from the top of the view.
	press(v, "tab")
	l, _ := v.Selected()
	if l.Line < 10 {
		t.Errorf("tab selected a link above the view, on line %d", l.Line)
	}
	// More content arrives: the place and the selection stay.
	grown := linkedDoc(t, 60, v.TextWidth())
	offset := v.Offset()
	v.SetContent(grown.Lines, grown.PageLinks())
	if got, _ := v.Selected(); v.Offset() != offset || got.URL != l.URL {
		t.Errorf("after new content: offset %d (was %d), selected %s (was %s)", v.Offset(), offset, got.URL, l.URL)
	}
	// Laid out again narrower, the view stays at the same share of the text.
	v.SetSize(30, 8)
	narrow := linkedDoc(t, 60, v.TextWidth())
	v.SetContent(narrow.Lines, narrow.PageLinks())
	want := offset * len(narrow.Lines) / len(grown.Lines)
	if v.Offset() != want {
		t.Errorf("after a resize the offset is %d, want %d", v.Offset(), want)
	}
	press(v, "G")
	if !v.AtBottom() {
		t.Error("G did not go to the bottom")
	}
	press(v, "g")
	if v.Offset() != 0 {
		t.Error("g did not go to the top")
	}
	for i, row := range strings.Split(v.View(), "\n") {
		if w := lipgloss.Width(row); w > 30 {
			t.Errorf("row %d is %d wide", i, w)
		}
	}
}

func TestLinkViewWithoutLinks(t *testing.T) {
	v := NewLinkView(testKeys(), "▶", lipgloss.NewStyle())
	v.SetSize(40, 5)
	v.SetContent([]string{"just", "text"}, nil)
	press(v, "tab")
	if _, ok := v.Selected(); ok || v.Links() != 0 {
		t.Error("a view without links selected one")
	}
	if got := ansi.Strip(v.View()); !strings.Contains(got, "just") {
		t.Errorf("view:\n%s", got)
	}
}

// longView is a 120x40 view of 3,000 paragraphs, each with a link, some
// wrapped: about 10,000 lines.
func longView(b *testing.B) *LinkView {
	v := NewLinkView(testKeys(), "▶", lipgloss.NewStyle().Reverse(true))
	v.SetSize(120, 40)
	var sb strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&sb, "Paragraph %d links [page %d](https://www.notion.so/%032x), and then goes on for a while so that it wraps.\n\n", i, i, i+1)
	}
	doc, err := render.Markdown(sb.String(), render.Options{Width: v.TextWidth(), Style: render.DarkStyle})
	if err != nil {
		b.Fatal(err)
	}
	v.SetContent(doc.Lines, doc.PageLinks())
	return v
}

// BenchmarkLinkViewScroll scrolls a page of about 10,000 lines a line at a
// time, drawing each step: the cost of a key press on a long page.
func BenchmarkLinkViewScroll(b *testing.B) {
	v := longView(b)
	b.ReportMetric(float64(v.Lines()), "lines")
	down := tea.KeyPressMsg{Code: 'j', Text: "j"}
	for b.Loop() {
		if v.AtBottom() {
			v.vp.GotoTop()
		}
		v.Update(down)
		_ = v.View()
	}
}

// BenchmarkLinkViewNextLink moves the selection on a long page.
func BenchmarkLinkViewNextLink(b *testing.B) {
	v := longView(b)
	for b.Loop() {
		v.MoveSelection(1)
		_ = v.View()
	}
}
