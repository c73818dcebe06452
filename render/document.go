package render

import (
	"fmt"
	"strings"

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
	r, err := glamour.NewTermRenderer(glamour.WithStylePath(o.Style), glamour.WithWordWrap(o.Width))
	if err != nil && o.Fallback != "" && o.Fallback != o.Style {
		r, err = glamour.NewTermRenderer(glamour.WithStylePath(o.Fallback), glamour.WithWordWrap(o.Width))
	}
	if err != nil {
		return nil, fmt.Errorf("glamour style %q: %w", models.SanitizeLine(o.Style), err)
	}
	return r, nil
}

// Markdown renders one Markdown document whole.
func Markdown(md string, o Options) (Document, error) {
	o = o.normal()
	g, err := glamourFor(o)
	if err != nil {
		return Document{}, err
	}
	return markdownWith(g, md)
}

// markdownWith renders md with g into a document without the blank lines
// Glamour puts around it.
func markdownWith(g *glamour.TermRenderer, md string) (Document, error) {
	out, err := g.Render(md)
	if err != nil {
		return Document{}, fmt.Errorf("rendering Markdown: %w", err)
	}
	return scan(out), nil
}

// scan splits Glamour's output into lines, drops the blank lines at both
// ends, trims the padding Glamour writes up to the wrap width and finds the
// links.
func scan(out string) Document {
	raw := strings.Split(out, "\n")
	first, last := 0, len(raw)-1
	for first <= last && isBlank(raw[first]) {
		first++
	}
	for last >= first && isBlank(raw[last]) {
		last--
	}
	doc := Document{Lines: make([]string, 0, last-first+1), Starts: []int{0}}
	p := parsers.Get().(*ansi.Parser)
	defer parsers.Put(p)
	p.Reset()
	sc := scanner{p: p, lastLine: -2}
	for _, line := range raw[first : last+1] {
		doc.Lines = append(doc.Lines, sc.line(line, len(doc.Lines), &doc.Links))
	}
	return doc
}

// isBlank reports whether a line shows nothing but spaces.
func isBlank(line string) bool {
	return strings.TrimSpace(ansi.Strip(line)) == ""
}
