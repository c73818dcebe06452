package render

import (
	"fmt"
	"strings"
	"sync"

	"charm.land/glamour/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/models"
)

// MinWidth is the narrowest width rendered: below it Glamour's margins leave
// no room for text.
const MinWidth = 10

// Options say how to render: the width to wrap at and the Glamour style.
type Options struct {
	// Width is the width in cells Glamour wraps at, margins included;
	// less than MinWidth counts as MinWidth.
	Width int
	// Style is a Glamour style name or style file; "" means DarkStyle.
	Style string
	// Fallback, when set, is the style used when Style cannot be loaded
	// (a broken GLAMOUR_STYLE must not hide the page); when empty that is
	// an error.
	Fallback string
}

func (o Options) normal() Options {
	o.Width = max(o.Width, MinWidth)
	if o.Style == "" {
		o.Style = DarkStyle
	}
	return o
}

// Document is rendered text: its lines, without a line break, and the links
// in them, in the order they appear.
type Document struct {
	Lines []string
	Links []Link
	// Starts holds the first line of each piece a joined document was made
	// of (see Join); a document rendered whole has one piece at line 0.
	Starts []int
	// Stale says that some pieces are as they were laid out at another
	// width (see Renderer.FocusOn): render again for the rest.
	Stale bool
}

// PieceAt is the index of the piece (in Starts) that holds line.
func (d Document) PieceAt(line int) int {
	k := 0
	for i, start := range d.Starts {
		if start > line {
			break
		}
		k = i
	}
	return k
}

// String is the document as text, each line ended by a line break.
func (d Document) String() string {
	if len(d.Lines) == 0 {
		return ""
	}
	return strings.Join(d.Lines, "\n") + "\n"
}

// PageLinks returns the links that lead to Notion pages (PageID set).
func (d Document) PageLinks() []Link {
	var out []Link
	for _, l := range d.Links {
		if l.PageID != "" {
			out = append(out, l)
		}
	}
	return out
}

// Link is a hyperlink (OSC 8, which Glamour writes around every link) in a
// document. A link's text and the URL Glamour prints after it, and a link
// wrapped over lines, are runs of the same target: they make one Link, placed
// at its first run.
type Link struct {
	// Line is the line of the link's first run.
	Line int
	// Start and End are the bytes of Lines[Line] that hold the first run,
	// from its opening hyperlink sequence to the end of its closing one.
	Start, End int
	// Col and Width are where the first run starts on screen, in cells
	// from the left of the line, and how many cells it takes.
	Col, Width int
	// URL is the link's target.
	URL string
	// PageID is the id of the Notion page the link leads to, "" when it
	// does not lead to one.
	PageID string
}

// Text is the link's first run as shown, without escape sequences.
func (l Link) Text(lines []string) string {
	if l.Line < 0 || l.Line >= len(lines) || l.End > len(lines[l.Line]) || l.Start > l.End {
		return ""
	}
	return ansi.Strip(lines[l.Line][l.Start:l.End])
}

// glamourFor makes a Glamour renderer for o. A TermRenderer must not be used
// by two goroutines at once: each rendering makes or borrows its own.
func glamourFor(o Options) (*glamour.TermRenderer, error) {
	r, err := newGlamour(o.Style, o.Width)
	if err != nil && o.Fallback != "" && o.Fallback != o.Style {
		r, err = newGlamour(o.Fallback, o.Width)
	}
	if err != nil {
		return nil, fmt.Errorf("glamour style %q: %w", models.SanitizeLine(o.Style), err)
	}
	return r, nil
}

// newGlamour makes a Glamour renderer with the style named style (see
// glamourStyles), wrapping at width and keeping the line breaks inside
// paragraphs (models writes them as hard breaks).
func newGlamour(style string, width int) (*glamour.TermRenderer, error) {
	cfg, err := glamourStyles(style)
	if err != nil {
		return nil, err
	}
	return glamour.NewTermRenderer(glamour.WithStyles(cfg), glamour.WithWordWrap(width), glamour.WithPreservedNewLines())
}

// Markdown renders one Markdown document whole.
func Markdown(md string, o Options) (Document, error) {
	gs := glamours{o: o.normal()}
	defer gs.release()
	return gs.piece(Piece{Markdown: md})
}

// codeWidth is the width code is rendered at before hangingWrap wraps it.
const codeWidth = 1000

// glamours holds the Glamour renderers of one rendering, made when first
// needed: one at the width asked for, one wide for code.
type glamours struct {
	o          Options
	text, code *glamour.TermRenderer
}

// get returns the renderer at width, making it when needed.
func (gs *glamours) get(code bool) (*glamour.TermRenderer, error) {
	g, o := &gs.text, gs.o
	if code {
		g, o.Width = &gs.code, codeWidth
	}
	if *g == nil {
		var err error
		if *g, err = borrowGlamour(o); err != nil {
			return nil, err
		}
	}
	return *g, nil
}

// release gives the renderers back for the next rendering.
func (gs *glamours) release() {
	if gs.text != nil {
		returnGlamour(gs.o, gs.text)
	}
	if gs.code != nil {
		o := gs.o
		o.Width = codeWidth
		returnGlamour(o, gs.code)
	}
}

// piece renders one piece: Glamour, then what Glamour cannot do (see
// tidy, restyleBars, paint, hangingWrap), then the lines and links.
func (gs *glamours) piece(p Piece) (Document, error) {
	if fastStyles[gs.o.Style] && len(p.Tints)+len(p.Styles)+len(p.Bars) == 0 && !p.Code && !p.List {
		if text, ok := plainParagraph(p.Markdown); ok {
			return scan(fastParagraph(text, gs.o.Width)), nil
		}
	}
	g, err := gs.get(p.Code)
	if err != nil {
		return Document{}, err
	}
	out, err := g.Render(p.Markdown)
	if err != nil {
		return Document{}, fmt.Errorf("rendering Markdown: %w", err)
	}
	lines := tidy(dropLinkURLs(out))
	hoistPunctuation(lines, gs.o.Width)
	mendQuotes(lines)
	if p.List {
		lines = hangItems(lines, gs.o.Width)
	}
	restyleBars(lines, p.Bars, gs.o.Style == PlainStyle)
	paint(lines, p.Tints, gs.o.Style)
	paint(lines, p.Styles, gs.o.Style)
	doc := scan(lines)
	if p.Code {
		doc = scan(hangingWrap(doc.Lines, gs.o.Width))
	}
	return doc, nil
}

// tidy splits Glamour's output into lines without the blank lines at both
// ends and without the redundant ones inside (see redundant).
func tidy(out string) []string {
	raw := strings.Split(out, "\n")
	lines := raw[:0]
	prev := ""
	for _, line := range raw {
		s := strings.TrimLeft(shown(line), " ")
		if redundant(prev, s) || s == "" && len(lines) == 0 {
			continue
		}
		prev = s
		lines = append(lines, line)
	}
	if len(lines) > 0 && prev == "" {
		lines = lines[:len(lines)-1] // one blank at the end at most
	}
	return lines
}

// scan trims the padding Glamour writes up to the wrap width from lines
// and finds the links.
func scan(lines []string) Document {
	doc := Document{Lines: make([]string, 0, len(lines)), Starts: []int{0}}
	p := parsers.Get().(*ansi.Parser)
	defer parsers.Put(p)
	p.Reset()
	sc := scanner{p: p, lastLine: -2}
	for _, line := range lines {
		doc.Lines = append(doc.Lines, sc.line(line, len(doc.Lines), &doc.Links))
	}
	return doc
}

// idle keeps Glamour renderers between renderings, by options: making one
// costs more than rendering a short piece. A renderer is used by one
// rendering at a time.
var idle = struct {
	sync.Mutex
	m map[Options][]*glamour.TermRenderer
}{m: map[Options][]*glamour.TermRenderer{}}

// maxIdle bounds the renderers kept per options.
const maxIdle = 4

// borrowGlamour returns an idle renderer for o, or a new one.
func borrowGlamour(o Options) (*glamour.TermRenderer, error) {
	idle.Lock()
	if l := idle.m[o]; len(l) > 0 {
		g := l[len(l)-1]
		idle.m[o] = l[:len(l)-1]
		idle.Unlock()
		return g, nil
	}
	idle.Unlock()
	return glamourFor(o)
}

// returnGlamour keeps g for the next rendering with o.
func returnGlamour(o Options, g *glamour.TermRenderer) {
	idle.Lock()
	defer idle.Unlock()
	if len(idle.m) > 16 {
		clear(idle.m) // widths of old resizes
	}
	if len(idle.m[o]) < maxIdle {
		idle.m[o] = append(idle.m[o], g)
	}
}
