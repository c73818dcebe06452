package render

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/models"
)

// generated is a page of n top-level blocks of the usual kinds: headings,
// paragraphs, runs of bullets and to-dos, and a link to a child page every
// 50 blocks.
func generated(n int) []*models.Block {
	text := func(s string) models.RichText { return models.RichText{{Type: "text", PlainText: s}} }
	blocks := make([]*models.Block, 0, n)
	for i := range n {
		b := &models.Block{ID: fmt.Sprintf("b%031d", i)}
		switch {
		case i%50 == 49:
			b.Type, b.Body.Title, b.ID = "child_page", fmt.Sprintf("Child page %d", i), fmt.Sprintf("%032x", i+1)
		case i%25 == 0:
			b.Type, b.Body.RichText = "heading_2", text(fmt.Sprintf("Section %d", i/25))
		case i%5 == 1 || i%5 == 2:
			b.Type, b.Body.RichText = "bulleted_list_item", text(fmt.Sprintf("Item %d with a few words to wrap", i))
		case i%7 == 3:
			b.Type, b.Body.RichText = "to_do", text(fmt.Sprintf("Task %d", i))
		default:
			b.Type = "paragraph"
			b.Body.RichText = text(fmt.Sprintf("Paragraph %d. The quick brown fox jumps over the lazy dog, twice, so that the line wraps on narrow terminals.", i))
		}
		blocks = append(blocks, b)
	}
	return blocks
}

var benchOpts = Options{Width: 100, Style: DarkStyle}

// BenchmarkWhole3000 renders a 3,000-block page as one document.
func BenchmarkWhole3000(b *testing.B) {
	md := models.Markdown(generated(3000))
	for b.Loop() {
		if _, err := Markdown(md, benchOpts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPieces3000 renders a 3,000-block page by pieces, nothing cached.
func BenchmarkPieces3000(b *testing.B) {
	blocks := generated(3000)
	for b.Loop() {
		if _, err := NewRenderer().Page(blocks, benchOpts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCached3000 renders a 3,000-block page whose pieces are all
// cached: what a key press or a resize back costs.
func BenchmarkCached3000(b *testing.B) {
	blocks := generated(3000)
	r := NewRenderer()
	if _, err := r.Page(blocks, benchOpts); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := r.Page(blocks, benchOpts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkStreamed3000 renders a 3,000-block page as it arrives, a list
// page of 100 blocks at a time, once after each: the page screen's work
// while loading (it used to render the whole page each time).
func BenchmarkStreamed3000(b *testing.B) {
	blocks := generated(3000)
	for b.Loop() {
		r := NewRenderer()
		for n := 100; n <= len(blocks); n += 100 {
			if _, err := r.Page(blocks[:n], benchOpts); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkStreamedWhole3000 is BenchmarkStreamed3000 the old way: the
// whole page rendered again after each list page.
func BenchmarkStreamedWhole3000(b *testing.B) {
	blocks := generated(3000)
	for b.Loop() {
		for n := 100; n <= len(blocks); n += 100 {
			if _, err := Markdown(models.Markdown(blocks[:n]), benchOpts); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// bigPage is the demo's generated page of about 3,000 blocks, as `show`
// reads it (the rate limit lifted).
func bigPage(b *testing.B) []*models.Block {
	b.Helper()
	srv := demo.New(demo.Options{BigPageBlocks: 3000, RateLimit: -1})
	base, err := srv.Start()
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = srv.Close() }()
	id, ok := srv.PageID(demo.BigPageTitle)
	if !ok {
		b.Fatal("no big page")
	}
	n := alloy.New(alloy.Config{BaseURL: base, APIKey: demo.DemoAPIKey, UserID: demo.DemoUserID, Rate: -1}).Notion(demo.DemoCredentialID)
	blocks, err := n.BlockTree(context.Background(), id, nil)
	if err != nil {
		b.Fatal(err)
	}
	return blocks
}

// BenchmarkShowMarkdownBig is what `show --format markdown` does with the
// big page once it is loaded: its Markdown, written out.
func BenchmarkShowMarkdownBig(b *testing.B) {
	blocks := bigPage(b)
	for b.Loop() {
		var sb strings.Builder
		models.MarkdownTo(&sb, blocks)
		_, _ = io.WriteString(io.Discard, sb.String())
	}
}

// BenchmarkShowRenderedBig is what `show --format rendered` does with it:
// the pieces rendered and streamed (render.Stream).
func BenchmarkShowRenderedBig(b *testing.B) {
	blocks := bigPage(b)
	for b.Loop() {
		if err := Stream(context.Background(), io.Discard, Split(blocks), Options{Width: 100, Style: DarkStyle}, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkShowLoadBig is the load both formats share: the block tree of
// the big page read from the demo server.
func BenchmarkShowLoadBig(b *testing.B) {
	srv := demo.New(demo.Options{BigPageBlocks: 3000, RateLimit: -1})
	base, err := srv.Start()
	if err != nil {
		b.Fatal(err)
	}
	defer func() { _ = srv.Close() }()
	id, _ := srv.PageID(demo.BigPageTitle)
	n := alloy.New(alloy.Config{BaseURL: base, APIKey: demo.DemoAPIKey, UserID: demo.DemoUserID, Rate: -1}).Notion(demo.DemoCredentialID)
	for b.Loop() {
		if _, err := n.BlockTree(context.Background(), id, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFirstScreen renders the first list page of a page (100 blocks):
// what stands between its arrival and the first screen drawn.
func BenchmarkFirstScreen(b *testing.B) {
	blocks := generated(100)
	for b.Loop() {
		if _, err := NewRenderer().Page(blocks, benchOpts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPieces3000Workers is BenchmarkPieces3000 on as many goroutines
// as there are CPUs.
func BenchmarkPieces3000Workers(b *testing.B) {
	blocks := generated(3000)
	for b.Loop() {
		r := NewRenderer()
		r.SetWorkers(runtime.GOMAXPROCS(0))
		if _, err := r.Page(blocks, benchOpts); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGrowBy100At3000 renders a page of 2,900 blocks already
// rendered after 100 more arrived (Split included): what stands between a
// list page's arrival late in a big page's load and its drawing.
func BenchmarkGrowBy100At3000(b *testing.B) {
	blocks := generated(3000)
	for b.Loop() {
		b.StopTimer()
		r := NewRenderer()
		if _, err := r.Page(blocks[:2900], benchOpts); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if _, err := r.Page(blocks, benchOpts); err != nil {
			b.Fatal(err)
		}
	}
}
