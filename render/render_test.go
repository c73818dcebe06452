package render

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/models"
)

// plain is a document as the eye sees it: no escape sequences, no trailing
// spaces, and runs of blank lines counted as one (Glamour leaves two or three
// after nested lists when rendering whole; the pieces are joined by one).
func plain(lines []string) string {
	var out []string
	for _, l := range lines {
		l = strings.TrimRight(ansi.Strip(l), " ")
		if l == "" && len(out) > 0 && out[len(out)-1] == "" {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// The demo workspace's pages, fetched once for every test.
var (
	demoOnce     sync.Once
	demoTrees    map[string][]*models.Block
	demoFetchErr error
)

// demoPages returns the block tree of every page of the demo workspace.
func demoPages(t testing.TB) map[string][]*models.Block {
	t.Helper()
	demoOnce.Do(func() { demoTrees, demoFetchErr = fetchDemoPages() })
	if demoFetchErr != nil {
		t.Fatal(demoFetchErr)
	}
	if len(demoTrees) < 10 {
		t.Fatalf("the demo workspace has only %d pages", len(demoTrees))
	}
	return demoTrees
}

func fetchDemoPages() (map[string][]*models.Block, error) {
	srv := demo.New(demo.Options{RateLimit: -1})
	base, err := srv.Start()
	if err != nil {
		return nil, err
	}
	defer func() { _ = srv.Close() }()
	n := alloy.New(alloy.Config{BaseURL: base, APIKey: demo.DemoAPIKey, UserID: demo.DemoUserID, Rate: -1}).Notion(demo.DemoCredentialID)
	ctx := context.Background()
	pages := map[string][]*models.Block{}
	for p, err := range n.SearchAll(ctx, "", true) {
		if err != nil {
			return nil, err
		}
		blocks, err := n.BlockTree(ctx, p.ID, nil)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.Title, err)
		}
		pages[p.Title] = blocks
	}
	return pages, nil
}

func TestPiecesLookLikeTheWholePage(t *testing.T) {
	pages := demoPages(t)
	for _, width := range []int{40, 78} {
		for _, style := range []string{DarkStyle, PlainStyle} {
			o := Options{Width: width, Style: style}
			r := NewRenderer()
			for title, blocks := range pages {
				whole, err := Markdown(models.Markdown(blocks), o)
				if err != nil {
					t.Fatal(err)
				}
				// Without what only pieces show (colours, bars, code
				// wrapped with an indent, lists laid out again), as
				// the whole page cannot.
				bare := Split(blocks)
				for i := range bare {
					bare[i].Tints, bare[i].Styles, bare[i].Bars, bare[i].Code, bare[i].List, bare[i].cacheKey = nil, nil, nil, false, false, ""
				}
				pieces, err := r.Pieces(bare, o)
				if err != nil {
					t.Fatal(err)
				}
				if got, want := plain(pieces.Lines), plain(whole.Lines); got != want {
					t.Errorf("%s at %d, %s: by pieces\n%s\n--- whole:\n%s", title, width, style, got, want)
				}
				if len(pieces.Links) != len(whole.Links) {
					t.Errorf("%s: %d links by pieces, %d whole", title, len(pieces.Links), len(whole.Links))
				}
			}
		}
	}
}

func TestSplitKeepsListsTogether(t *testing.T) {
	item := func(typ, text string) *models.Block {
		return &models.Block{Type: typ, Body: models.BlockBody{RichText: models.RichText{{PlainText: text}}}}
	}
	blocks := []*models.Block{
		item("paragraph", "intro"),
		item("numbered_list_item", "one"),
		item("numbered_list_item", "two"),
		{Type: "numbered_list_item", InTrash: true},
		item("numbered_list_item", "three"),
		item("bulleted_list_item", "dot"),
		item("paragraph", ""), // shows nothing
		item("heading_2", "Head"),
		{Type: "table_of_contents"},
	}
	pieces := Split(blocks)
	var got []string
	for _, p := range pieces {
		got = append(got, strings.TrimSpace(p.Markdown))
	}
	want := []string{"intro", "1. one\n2. two\n3. three", "- dot", "## Head", "- Head"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("pieces:\n%q\nwant\n%q", got, want)
	}
	if pieces[1].First != 1 || pieces[1].Count != 4 {
		t.Errorf("the numbered run is blocks %d+%d, want 1+4", pieces[1].First, pieces[1].Count)
	}
	doc, err := NewRenderer().Page(blocks, Options{Width: 40, Style: PlainStyle})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(plain(doc.Lines), "3. three") {
		t.Errorf("the numbering does not go on:\n%s", plain(doc.Lines))
	}
	if len(doc.Starts) != len(pieces) || doc.Starts[0] != 0 {
		t.Errorf("starts %v for %d pieces", doc.Starts, len(pieces))
	}
}

func TestJoinGivesEveryPieceAStartEvenAnEmptyOne(t *testing.T) {
	one := Document{Lines: []string{"a", "b"}}
	two := Document{Lines: []string{"c"}}
	doc := Join([]Document{one, {}, two, {}})
	if got := strings.Join(doc.Lines, "|"); got != "a|b||c" {
		t.Errorf("lines %q", got)
	}
	// The k-th start is the k-th piece's: the third piece starts at c.
	if want := []int{0, 2, 3, 4}; !slices.Equal(doc.Starts, want) {
		t.Errorf("starts %v, want %v", doc.Starts, want)
	}
}

func TestLinksAreFoundOnceWithTheirPlace(t *testing.T) {
	id := "0123456789abcdef0123456789abcdef"
	md := "See [the plan](" + models.PageLinkURL(id) + ") and [the web](https://example.com/a) today, " +
		"then a long line that wraps [a second link to the plan](" + models.PageLinkURL(id) + ") here.\n"
	for _, style := range []string{DarkStyle, LightStyle, PlainStyle} {
		doc, err := Markdown(md, Options{Width: 40, Style: style})
		if err != nil {
			t.Fatal(err)
		}
		if len(doc.Links) != 3 {
			t.Fatalf("%s: %d links, want 3: %+v\n%s", style, len(doc.Links), doc.Links, plain(doc.Lines))
		}
		pages := doc.PageLinks()
		if len(pages) != 2 || models.CompactID(pages[0].PageID) != id {
			t.Errorf("%s: page links %+v", style, pages)
		}
		first := doc.Links[0]
		if got := first.Text(doc.Lines); got != "the plan" {
			t.Errorf("%s: the first link's text is %q", style, got)
		}
		line := ansi.Strip(doc.Lines[first.Line])
		if got := ansi.Cut(line, first.Col, first.Col+first.Width); got != "the plan" {
			t.Errorf("%s: the cells %d+%d of %q are %q", style, first.Col, first.Width, line, got)
		}
		if doc.Links[1].URL != "https://example.com/a" || doc.Links[1].PageID != "" {
			t.Errorf("%s: the web link is %+v", style, doc.Links[1])
		}
	}
}

func TestPaddingIsTrimmedButVisibleSpacesStay(t *testing.T) {
	doc, err := Markdown("# Title\n\nSome text.\n", Options{Width: 60, Style: DarkStyle})
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range doc.Lines {
		if w := ansi.StringWidth(l); w > 20 {
			t.Errorf("line %d is %d cells wide, padding kept: %q", i, w, l)
		}
	}
	// The dark style's heading has a background: its spaces show.
	if got := ansi.Strip(doc.Lines[0]); got != "   Title " {
		t.Errorf("heading %q", got)
	}
	if sgr := regexp.MustCompile(`\x1b\[[0-9;]*m$`); !sgr.MatchString(doc.Lines[0]) {
		t.Errorf("a cut line must end its style: %q", doc.Lines[0])
	}
}

func TestRendererReusesPieces(t *testing.T) {
	pages := demoPages(t)
	blocks := pages["Every block type"]
	r := NewRenderer()
	o := Options{Width: 70, Style: DarkStyle}
	first, _ := r.Page(blocks, o)
	if s := r.Stats(); s.Rendered != len(Split(blocks)) || s.Reused != 0 {
		t.Errorf("first rendering: %+v", s)
	}
	again, _ := r.Page(blocks, o)
	if s := r.Stats(); s.Rendered != len(Split(blocks)) {
		t.Errorf("the same page rendered again: %+v", s)
	}
	if strings.Join(first.Lines, "\n") != strings.Join(again.Lines, "\n") {
		t.Error("the cached rendering differs")
	}
	// One more block renders one more piece.
	grown := append(blocks[:len(blocks):len(blocks)], &models.Block{Type: "paragraph",
		Body: models.BlockBody{RichText: models.RichText{{PlainText: "The end."}}}})
	before := r.Stats().Rendered
	if _, err := r.Page(grown, o); err != nil {
		t.Fatal(err)
	}
	if n := r.Stats().Rendered - before; n != 1 {
		t.Errorf("one new block rendered %d pieces", n)
	}
}

func TestStyleFromTheEnvironment(t *testing.T) {
	tests := []struct {
		env  map[string]string
		dark bool
		want string
	}{
		{nil, true, DarkStyle},
		{nil, false, LightStyle},
		{map[string]string{"NO_COLOR": "1"}, true, PlainStyle},
		{map[string]string{"NO_COLOR": ""}, true, DarkStyle},
		{map[string]string{"GLAMOUR_STYLE": "dracula", "NO_COLOR": "1"}, true, "dracula"},
		{map[string]string{"GLAMOUR_STYLE": " auto "}, false, LightStyle},
	}
	for _, tt := range tests {
		lookup := func(k string) (string, bool) { v, ok := tt.env[k]; return v, ok }
		if got := Style(lookup, tt.dark); got != tt.want {
			t.Errorf("Style(%v, dark %v) = %q, want %q", tt.env, tt.dark, got, tt.want)
		}
	}
}

func TestBrokenStyleFallsBackOnlyWhenAsked(t *testing.T) {
	if _, err := Markdown("x\n", Options{Style: "/no/such/style.json"}); err == nil {
		t.Error("a missing style file must be an error")
	}
	doc, err := Markdown("x\n", Options{Style: "/no/such/style.json", Fallback: DarkStyle})
	if err != nil || plain(doc.Lines) != "  x" {
		t.Errorf("fallback: %q, %v", plain(doc.Lines), err)
	}
}

func TestTightPiecesContinueAList(t *testing.T) {
	var whole strings.Builder
	var pieces []Piece
	for chunk := range 3 {
		var sb strings.Builder
		for i := range 4 {
			fmt.Fprintf(&sb, "- row %d of a list cut into pieces\n", chunk*4+i)
		}
		whole.WriteString(sb.String())
		pieces = append(pieces, Piece{Markdown: sb.String(), Tight: chunk > 0})
	}
	o := Options{Width: 50, Style: DarkStyle}
	want, err := Markdown(whole.String(), o)
	if err != nil {
		t.Fatal(err)
	}
	got, err := NewRenderer().Pieces(pieces, o)
	if err != nil {
		t.Fatal(err)
	}
	if plain(got.Lines) != plain(want.Lines) {
		t.Errorf("by tight pieces:\n%s\n--- whole:\n%s", plain(got.Lines), plain(want.Lines))
	}
}

// endsAfter is a context that ends after its Err has been asked n times.
type endsAfter struct {
	context.Context
	n int
}

func (c *endsAfter) Err() error {
	if c.n <= 0 {
		return context.Canceled
	}
	c.n--
	return nil
}

func TestRenderStopsWhenANewerOneIsWantedAndKeepsItsWork(t *testing.T) {
	blocks := generated(40)
	pieces := Split(blocks)
	r := NewRenderer()
	r.SetWorkers(1)
	o := Options{Width: 60, Style: DarkStyle}
	if _, err := r.Render(&endsAfter{Context: context.Background(), n: 5}, pieces, o); err != context.Canceled {
		t.Fatalf("a cancelled rendering returned %v", err)
	}
	if got := r.Stats().Rendered; got != 5 {
		t.Errorf("%d pieces rendered before the end, want 5", got)
	}
	if _, err := r.Render(context.Background(), pieces, o); err != nil {
		t.Fatal(err)
	}
	if s := r.Stats(); s.Rendered != len(pieces) || s.Reused != 5 {
		t.Errorf("the next rendering did not take up the work done: %+v for %d pieces", s, len(pieces))
	}
}

func TestWorkersRenderTheSame(t *testing.T) {
	blocks := generated(120)
	o := Options{Width: 50, Style: DarkStyle}
	one, err := NewRenderer().Page(blocks, o)
	if err != nil {
		t.Fatal(err)
	}
	r := NewRenderer()
	r.SetWorkers(4)
	many, err := r.Page(blocks, o)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(one.Lines, "\n") != strings.Join(many.Lines, "\n") || len(one.Links) != len(many.Links) {
		t.Error("rendering on several goroutines differs")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r2 := NewRenderer()
	r2.SetWorkers(4)
	if _, err := r2.Page(blocks, o); err != nil {
		t.Fatal(err)
	}
	if _, err := r2.Render(ctx, Split(generated(200)), Options{Width: 60}); err != context.Canceled {
		t.Errorf("a cancelled rendering returned %v", err)
	}
}

func TestStreamPrintsWhatPageJoins(t *testing.T) {
	blocks := generated(300)
	o := Options{Width: 60, Style: DarkStyle}
	want, err := NewRenderer().Page(blocks, o)
	if err != nil {
		t.Fatal(err)
	}
	var sb strings.Builder
	if err := Stream(context.Background(), &sb, Split(blocks), o, nil); err != nil {
		t.Fatal(err)
	}
	if sb.String() != want.String() {
		t.Errorf("streamed:\n%s\n--- joined:\n%s", sb.String(), want.String())
	}
}

func TestAResizeLaysOutTheScreenFirst(t *testing.T) {
	blocks := generated(600)
	pieces := Split(blocks)
	wide, narrow := Options{Width: 90, Style: DarkStyle}, Options{Width: 40, Style: DarkStyle}
	r := NewRenderer()
	before, err := r.Render(context.Background(), pieces, wide)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := NewRenderer().Render(context.Background(), pieces, narrow)
	focus := before.PieceAt(before.Starts[200] + 1)
	if focus != 200 {
		t.Fatalf("PieceAt found piece %d, want 200", focus)
	}
	r.FocusOn(focus)
	first, err := r.Render(context.Background(), pieces, narrow)
	if err != nil {
		t.Fatal(err)
	}
	if !first.Stale {
		t.Fatal("the first rendering after a resize is not marked stale")
	}
	piece := func(d Document, k int) string {
		return strings.Join(d.Lines[d.Starts[k]:d.Starts[k+1]], "\n")
	}
	for _, k := range []int{195, 200, 230} {
		if piece(first, k) != piece(want, k) {
			t.Errorf("piece %d on screen is not laid out anew", k)
		}
	}
	if piece(first, 450) != piece(before, 450) {
		t.Error("a piece far from the screen was not taken as it was")
	}
	second, err := r.Render(context.Background(), pieces, narrow)
	if err != nil {
		t.Fatal(err)
	}
	if second.Stale || second.String() != want.String() {
		t.Errorf("the next rendering is stale (%v) or differs", second.Stale)
	}
}

func TestPlainParagraphsLookAsGlamourLaysThemOut(t *testing.T) {
	texts := []string{
		"Paragraph 1 of section 2: generated text, long enough to wrap on a narrow terminal and to be read.",
		"Short.",
		"A closing paragraph.",
		"Supercalifragilisticexpialidocious-and-then-some words that cannot break anywhere at all, really (none).",
		"Émile's café serves crème brûlée 7 days a week; \"quotes\" and 50% off? Yes = no / maybe.",
		"Detail 3 of section 12.",
	}
	for _, text := range texts {
		if _, ok := plainParagraph(text + "\n"); !ok {
			t.Errorf("%q is not taken as plain", text)
			continue
		}
		for _, style := range []string{DarkStyle, LightStyle, PlainStyle} {
			for width := MinWidth; width <= 130; width += 3 {
				g, err := newGlamour(style, width)
				if err != nil {
					t.Fatal(err)
				}
				out, err := g.Render(text + "\n")
				if err != nil {
					t.Fatal(err)
				}
				want := scan(tidy(dropLinkURLs(out))).Lines
				got := scan(fastParagraph(text, width)).Lines
				if strings.Join(got, "\n") != strings.Join(want, "\n") {
					t.Errorf("%s at %d: %q\nGlamour: %q", style, width, got, want)
				}
			}
		}
	}
	for _, md := range []string{"1. a list", "- a list", "a [link](x)", "see https://x.y", "www.example.com", "a *b*", "a_b", "a  b", "# head", "x\ny", "a | b", "a@b.c", "~~x~~", "a\\"} {
		if _, ok := plainParagraph(md + "\n"); ok {
			t.Errorf("%q is taken as plain", md)
		}
	}
}

func TestListItemsHangAndNestWithoutBlankLines(t *testing.T) {
	md := "1. Check the map: is it one station or a region?\n" +
		"2. One station: look at its last battery voltage.\n" +
		"   1. Under 3.3 V: it is the battery; tell the school.\n" +
		"      1. Deeper\n" +
		"3. Third\n" +
		"4. A bullet holding a toggle\n" +
		"   ▾ A toggle in an item\n"
	doc, err := NewRenderer().Pieces([]Piece{{Markdown: md, Count: 1, List: true}}, Options{Width: 40, Style: PlainStyle})
	if err != nil {
		t.Fatal(err)
	}
	got := plain(doc.Lines)
	want := strings.Join([]string{
		"  1. Check the map: is it one station",
		"     or a region?",
		"  2. One station: look at its last",
		"     battery voltage.",
		"      1. Under 3.3 V: it is the",
		"         battery; tell the school.",
		"          1. Deeper",
		"  3. Third",
		"  4. A bullet holding a toggle",
		"     ▾ A toggle in an item",
	}, "\n")
	if strings.TrimRight(got, "\n") != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
