package screens

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/render"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

// find types query into the find prompt and applies it.
func (h *pageHarness) find(query string) {
	h.t.Helper()
	k := h.c.Keys.Page
	h.press(k.Find)
	if !h.p.Capturing() {
		h.t.Fatal("/ opened no prompt")
	}
	for _, r := range query {
		h.run(h.p.Update(tea.KeyPressMsg{Code: r, Text: string(r)}))
	}
	h.press(k.FindApply)
}

// barLine is the line under the page: find and position.
func (h *pageHarness) barLine() string {
	lines := strings.Split(h.screen(), "\n")
	return lines[len(lines)-1]
}

func TestTogglesAreClosedAndOpenOneByOneOrAll(t *testing.T) {
	h := newPageHarness(t, demo.Options{}, 80, 40)
	p := h.open("Nested lists and toggles")
	h.settle()
	screen := h.screen()
	if !strings.Contains(screen, "▸ Level one toggle") || strings.Contains(screen, "Level two toggle") {
		t.Fatalf("toggles are not closed by default:\n%s", screen)
	}
	k := h.c.Keys.Page
	// tab selects links and toggles alike: the first is the toggle.
	h.press(k.NextLink)
	if l, ok := p.view.Selected(); !ok || !strings.HasPrefix(l.URL, toggleURL) {
		t.Fatalf("tab did not select the toggle: %+v", l)
	}
	if help := strings.Join(shortHelp(p), " · "); !strings.Contains(help, "open/close toggle") {
		t.Errorf("the footer does not offer to fold: %s", help)
	}
	h.press(k.Fold)
	h.settle()
	screen = h.screen()
	if !strings.Contains(screen, "▾ Level one toggle") || !strings.Contains(screen, "▸ Level two toggle") {
		t.Fatalf("enter did not open the toggle alone:\n%s", screen)
	}
	if len(emittedOf[common.OpenPageMsg](&driver{c: h.c, emitted: h.seen})) != 0 {
		t.Error("enter on a toggle opened a page")
	}
	h.press(k.Fold)
	h.settle()
	if screen := h.screen(); !strings.Contains(screen, "▸ Level one toggle") {
		t.Fatalf("enter again did not close it:\n%s", screen)
	}
	h.press(k.FoldAll)
	h.settle()
	screen = h.screen()
	for _, want := range []string{"▾ Level one toggle", "▾ Level two toggle", "▾ Level three toggle", "The innermost paragraph.", "▾ A toggle in a bullet"} {
		if !strings.Contains(screen, want) {
			t.Errorf("z did not open every toggle: no %q\n%s", want, screen)
		}
	}
	h.press(k.FoldAll)
	h.settle()
	if screen := h.screen(); strings.Contains(screen, "innermost") || !strings.Contains(screen, "▸ A toggle in a bullet") {
		t.Errorf("z again did not close them all:\n%s", screen)
	}
}

// The page of every block type holds blocks that render to nothing (a
// bookmark without a caption): the toggles after them are found all the
// same.
func TestTogglesAfterABlockThatShowsNothingFold(t *testing.T) {
	h := newPageHarness(t, demo.Options{}, 100, 30)
	p := h.open("Every block type")
	h.settle()
	var ids []string
	for _, s := range p.toggles {
		ids = append(ids, s.id)
	}
	if len(p.toggles) != 2 {
		t.Fatalf("%d toggles found, want the heading and the toggle: %v", len(p.toggles), ids)
	}
	k := h.c.Keys.Page
	selected := 0
	for range p.view.Links() {
		h.press(k.NextLink)
		if _, ok := p.selectedToggle(); ok {
			selected++
		}
	}
	if selected != 2 {
		t.Errorf("tab selected %d toggles, want 2", selected)
	}
	h.find("Hidden under")
	h.settle()
	if screen := h.screen(); !strings.Contains(screen, "▾ A toggleable heading") || !strings.Contains(screen, "Hidden under the heading") {
		t.Errorf("find did not open the toggleable heading:\n%s", screen)
	}
	h.press(k.ClearFind, k.FoldAll)
	h.settle()
	if screen := strings.Join(p.lines, "\n"); !strings.Contains(ansi.Strip(screen), "Three levels deep.") {
		t.Errorf("z did not open every toggle:\n%s", ansi.Strip(screen))
	}
	for _, n := range h.notes() {
		if strings.Contains(n, "no toggles") {
			t.Errorf("note %q", n)
		}
	}
}

func TestHeaderAndFooterNameWhatTabSelects(t *testing.T) {
	h := newPageHarness(t, demo.Options{}, 100, 30)
	p := h.open("Nested lists and toggles")
	h.settle()
	head := strings.Split(h.screen(), "\n")[1]
	if !strings.Contains(head, "2 toggles (tab)") || strings.Contains(head, "link") {
		t.Errorf("header of a page with only toggles: %q", head)
	}
	help := strings.Join(shortHelp(p), " · ")
	if !strings.Contains(help, "tab next toggle") || strings.Contains(help, "next link") {
		t.Errorf("footer of a page with only toggles: %s", help)
	}
	h.find("nowhere to be found")
	h.settle()
	if bar := h.barLine(); !strings.Contains(bar, "/nowhere to be found no match") {
		t.Errorf("bar %q", bar)
	}
	help = strings.Join(shortHelp(p), " · ")
	if strings.Contains(help, "next match") || strings.Contains(help, "previous match") || !strings.Contains(help, "clear find") {
		t.Errorf("footer without a match: %s", help)
	}
}

func TestFindOpensTheTogglesHoldingAMatchAndCounts(t *testing.T) {
	h := newPageHarness(t, demo.Options{}, 80, 40)
	p := h.open("Nested lists and toggles")
	h.settle()
	h.find("INNERMOST")
	h.settle()
	screen := h.screen()
	if !strings.Contains(screen, "The innermost paragraph.") || !strings.Contains(screen, "▾ Level three toggle") {
		t.Fatalf("find did not open the toggles holding the match:\n%s", screen)
	}
	if bar := h.barLine(); !strings.Contains(bar, "/INNERMOST 1/1") {
		t.Errorf("bar %q", bar)
	}
	if !p.HoldsBack() {
		t.Error("esc would go back rather than clear the find")
	}
	h.press(h.c.Keys.Page.ClearFind)
	if p.HoldsBack() || strings.Contains(h.barLine(), "INNERMOST") {
		t.Errorf("esc did not clear the find: %q", h.barLine())
	}
}

func TestFindHighlightsStepsWrapsAndSurvivesAResize(t *testing.T) {
	h := newPageHarness(t, demo.Options{BigPageBlocks: 600}, 80, 20)
	p := h.open(demo.BigPageTitle)
	h.settle()
	if bar := h.barLine(); !strings.Contains(bar, "line 1 of ") || !strings.HasSuffix(strings.TrimSpace(bar), "%") {
		t.Errorf("the position is not shown: %q", bar)
	}
	h.find("section 3")
	n := len(p.find.matches)
	if n < 2 {
		t.Fatalf("%d matches of “section 3”", n)
	}
	if bar := h.barLine(); !strings.Contains(bar, "1/"+strconv.Itoa(n)) {
		t.Errorf("bar %q, want 1/%d", bar, n)
	}
	if !strings.Contains(h.p.View(), h.c.Styles.MatchNow.Render("Section 3")) &&
		!strings.Contains(h.p.View(), h.c.Styles.MatchNow.Render("section 3")) {
		t.Errorf("the current match is not highlighted:\n%q", h.p.View())
	}
	k := h.c.Keys.Page
	h.press(k.PrevMatch)
	if bar := h.barLine(); !strings.Contains(bar, strconv.Itoa(n)+"/"+strconv.Itoa(n)) {
		t.Errorf("N from the first does not wrap to the last: %q", bar)
	}
	h.press(k.NextMatch, k.NextMatch)
	if bar := h.barLine(); !strings.Contains(bar, "2/"+strconv.Itoa(n)) {
		t.Errorf("n n: %q", bar)
	}
	line := p.find.matches[p.find.current].Line
	if line < p.view.Offset() || line >= p.view.Bottom() {
		t.Errorf("the current match (line %d) is not in view (%d–%d)", line, p.view.Offset(), p.view.Bottom())
	}
	h.c.Width = 50
	h.run(p.Resize())
	h.settle()
	if bar := h.barLine(); !strings.Contains(bar, "/"+strconv.Itoa(len(p.find.matches))) || len(p.find.matches) == 0 {
		t.Errorf("after a resize: %q", bar)
	}
	if !strings.Contains(h.p.View(), h.c.Styles.Match.Render("section 3")) && !strings.Contains(h.p.View(), h.c.Styles.Match.Render("Section 3")) {
		t.Errorf("the highlights are gone after a resize")
	}
}

func TestFindMatchesPlainTextIgnoringCase(t *testing.T) {
	lines := []string{"\x1b[1mHello\x1b[m wörld, HELLO", "nothing", "  │ hello"}
	got := findMatches(lines, "hello")
	want := "0:0+5 0:13+5 2:4+5"
	var parts []string
	for _, m := range got {
		parts = append(parts, strconv.Itoa(m.Line)+":"+strconv.Itoa(m.Col)+"+"+strconv.Itoa(m.Width))
	}
	if strings.Join(parts, " ") != want {
		t.Errorf("matches %v, want %s", parts, want)
	}
}

func TestUOpensTheParentAndYCopiesMarkdown(t *testing.T) {
	h := newPageHarness(t, demo.Options{}, 80, 24)
	h.open("Nested lists and toggles")
	h.settle()
	k := h.c.Keys.Page
	h.press(k.Parent)
	opened := emittedOf[common.OpenPageMsg](&driver{c: h.c, emitted: h.seen})
	if len(opened) != 1 {
		t.Fatalf("u opened %d pages", len(opened))
	}
	if title, _ := h.srv.Page(opened[0].ID); title == "" {
		t.Errorf("u opened %s, no page of the workspace", opened[0].ID)
	}
	var md string
	cmd := h.p.Update(keyFor(k.CopyMarkdown))
	if cmd != nil {
		md = fmt.Sprint(cmd())
	}
	if !strings.Contains(md, "Level three toggle") || !strings.Contains(md, "innermost") {
		t.Errorf("Y copied %q", md)
	}
}

func TestPositionFollowsTheReaderAndSpaceFlipsAToggle(t *testing.T) {
	h := newPageHarness(t, demo.Options{}, 80, 16)
	p := h.open("Nested lists and toggles")
	h.settle()
	k := h.c.Keys.Page
	if bar := h.barLine(); !strings.Contains(bar, "line 1 of ") {
		t.Fatalf("bar %q", bar)
	}
	h.press(k.Down, k.Down)
	if bar := h.barLine(); !strings.Contains(bar, "line 3 of ") {
		t.Errorf("after two lines down: %q", bar)
	}
	h.press(k.NextLink)
	if _, ok := p.selectedToggle(); !ok {
		t.Fatal("tab selected no toggle")
	}
	before := h.srv.Stats().Requests
	h.run(p.Update(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}))
	h.settle()
	if !strings.Contains(h.screen(), "▾ Level one toggle") {
		t.Errorf("space did not open the selected toggle:\n%s", h.screen())
	}
	// Typing in the find prompt never asks the server anything.
	h.find("level")
	h.settle()
	if after := h.srv.Stats().Requests; after != before {
		t.Errorf("folding and finding made %d requests", after-before)
	}
}

// BenchmarkFindBigPage3000 finds a word on the demo's page of about 3,000
// blocks, drawn: what enter in the find prompt, and every rendering while a
// find is shown, costs on the Update loop.
func BenchmarkFindBigPage3000(b *testing.B) {
	h := newPageHarness(b, demo.Options{BigPageBlocks: 3000}, 120, 40)
	p := h.open(demo.BigPageTitle)
	h.settle()
	b.ReportMetric(float64(len(p.lines)), "lines")
	for b.Loop() {
		if len(findMatches(p.lines, "section")) == 0 {
			b.Fatal("no match")
		}
	}
}

// BenchmarkFoldBigPage3000 folds the toggles of the same page and finds
// them in its rendering: the work a rendering adds for toggles (Split and
// the rendering itself are measured in package render).
func BenchmarkFoldBigPage3000(b *testing.B) {
	h := newPageHarness(b, demo.Options{BigPageBlocks: 3000}, 120, 40)
	p := h.open(demo.BigPageTitle)
	h.settle()
	tree := p.page.load.Tree()
	folded, _ := foldTree(tree, folds{}, "")
	pieces := render.Split(folded)
	doc, err := p.renderer.Render(context.Background(), pieces, p.renderOptions())
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		foldTree(tree, folds{}, "")
		if len(toggleSpots(doc, pieces, tree, folds{})) == 0 {
			b.Fatal("no toggle found")
		}
	}
}
