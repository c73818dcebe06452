package components

import (
	"cmp"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/render"
)

// LinkViewKeys are the bindings a LinkView answers: scrolling, and moving
// the selection from link to link.
type LinkViewKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom, NextLink, PrevLink key.Binding
}

// LinkView is a scrolling view of rendered lines in which one link at a time
// can be selected: the selected link is drawn in a highlight style and marked
// in a gutter left of the text. It keeps the reading position and the
// selection when its content is replaced (more of the page arrived, or the
// page was laid out again at another width). Use it by pointer.
type LinkView struct {
	keys      LinkViewKeys
	marker    string
	highlight lipgloss.Style

	vp viewport.Model
	// lines are the content as given; shown is the copy the viewport
	// draws, in which the selected link's line and the matches are
	// highlighted.
	lines, shown []string
	links        []render.Link
	// highlighted is the line of shown that holds the selected link's
	// highlight, -1 when none does.
	highlighted int
	// matches are the spans found in the page, in order, current the one
	// jumped to (-1 for none); matchStyle and currentStyle draw them.
	// marked lists the lines that hold matches; drawn those of them
	// whose matches are drawn in shown: only lines that came into view
	// are, so that a find with thousands of matches costs a screenful.
	matches                  []Match
	current                  int
	matchStyle, currentStyle lipgloss.Style
	marked                   []int
	drawn                    map[int]bool
	// selected is the index in links of the selected link, -1 when none;
	// selectedURL is its target, to find it again in new content.
	selected    int
	selectedURL string
	// laidOutAt is the text width the content was set at.
	laidOutAt int
}

// NewLinkView returns an empty view answering keys, marking the selected
// link's line with marker and drawing its text with highlight.
func NewLinkView(keys LinkViewKeys, marker string, highlight lipgloss.Style) *LinkView {
	v := &LinkView{keys: keys, marker: marker, highlight: highlight, selected: -1, highlighted: -1, current: -1}
	v.vp = viewport.New()
	v.vp.MouseWheelEnabled = true
	v.vp.KeyMap = viewport.KeyMap{} // keys are matched here, against keys
	v.vp.LeftGutterFunc = v.gutter
	return v
}

// SetSize sets the size of the view, gutter included.
func (v *LinkView) SetSize(width, height int) {
	v.vp.SetWidth(max(width, v.gutterWidth()+1))
	v.vp.SetHeight(max(height, 1))
	v.drawVisible()
}

// Height is the height of the view.
func (v *LinkView) Height() int { return v.vp.Height() }

// SetHighlight sets the style of the selected link and its marker (the
// styles change when the terminal reports its background).
func (v *LinkView) SetHighlight(highlight lipgloss.Style) {
	v.highlight = highlight
	if _, ok := v.Selected(); ok {
		v.highlightSelected()
	}
}

// TextWidth is the width left for the text: the view's width minus the
// gutter. Content should be laid out at this width.
func (v *LinkView) TextWidth() int { return v.vp.Width() - v.gutterWidth() }

// gutterWidth is the width of the marker and the space after it.
func (v *LinkView) gutterWidth() int { return lipgloss.Width(v.marker) + 1 }

// SetContent replaces what is shown: lines, and the links in them that can
// be selected. The reading position is kept (at the same share of the text
// when it was laid out at another width), and so is the selected link when
// the new content still has one with its target.
func (v *LinkView) SetContent(lines []string, links []render.Link) {
	oldTotal, oldOffset := len(v.lines), v.vp.YOffset()
	relaid := v.laidOutAt != 0 && v.laidOutAt != v.TextWidth()
	v.lines, v.links = lines, links
	v.shown = append(v.shown[:0], lines...)
	v.highlighted = -1
	v.marked = v.marked[:0]
	v.drawn = nil
	v.matches, v.current = nil, -1
	v.laidOutAt = v.TextWidth()
	v.selected = -1
	if v.selectedURL != "" {
		for i, l := range links {
			if l.URL == v.selectedURL {
				v.selected = i
				break
			}
		}
	}
	v.highlightSelected()
	v.vp.SetContentLines(v.shown)
	if relaid && oldTotal > 0 {
		v.vp.SetYOffset(oldOffset * len(lines) / oldTotal)
	} else {
		v.vp.SetYOffset(oldOffset)
	}
	v.drawVisible()
}

// Lines returns how many lines the content has.
func (v *LinkView) Lines() int { return len(v.lines) }

// Links returns how many links can be selected.
func (v *LinkView) Links() int { return len(v.links) }

// Offset is the first line shown.
func (v *LinkView) Offset() int { return v.vp.YOffset() }

// SetOffset makes line the first line shown (as far as the content goes).
func (v *LinkView) SetOffset(line int) {
	v.vp.SetYOffset(line)
	v.drawVisible()
}

// AtBottom reports whether the last line is shown.
func (v *LinkView) AtBottom() bool { return v.vp.AtBottom() }

// Selected returns the selected link, if any.
func (v *LinkView) Selected() (render.Link, bool) {
	if v.selected < 0 || v.selected >= len(v.links) {
		return render.Link{}, false
	}
	return v.links[v.selected], true
}

// Update scrolls or moves the selection for the keys and mouse wheel it
// answers, and reports whether it used msg.
func (v *LinkView) Update(msg tea.Msg) bool {
	switch msg := msg.(type) {
	case tea.MouseWheelMsg:
		v.vp, _ = v.vp.Update(msg)
		v.drawVisible()
		return true
	case tea.KeyPressMsg:
		k := v.keys
		switch {
		case key.Matches(msg, k.Down):
			v.vp.ScrollDown(1)
		case key.Matches(msg, k.Up):
			v.vp.ScrollUp(1)
		case key.Matches(msg, k.PageDown):
			v.vp.PageDown()
		case key.Matches(msg, k.PageUp):
			v.vp.PageUp()
		case key.Matches(msg, k.Top):
			v.vp.GotoTop()
		case key.Matches(msg, k.Bottom):
			v.vp.GotoBottom()
		case key.Matches(msg, k.NextLink):
			v.MoveSelection(1)
		case key.Matches(msg, k.PrevLink):
			v.MoveSelection(-1)
		default:
			return false
		}
		v.drawVisible()
		return true
	}
	return false
}

// MoveSelection selects the next (delta 1) or previous (-1) link, wrapping
// around, and scrolls it into view. With nothing selected, the first link
// at or below the top of the view is the next one.
func (v *LinkView) MoveSelection(delta int) {
	n := len(v.links)
	if n == 0 {
		return
	}
	switch {
	case v.selected < 0 && delta > 0:
		v.selected = 0
		for i, l := range v.links {
			if l.Line >= v.vp.YOffset() {
				v.selected = i
				break
			}
		}
	case v.selected < 0:
		v.selected = n - 1
	default:
		v.selected = ((v.selected+delta)%n + n) % n
	}
	l := v.links[v.selected]
	v.selectedURL = l.URL
	v.highlightSelected()
	if top, h := v.vp.YOffset(), v.vp.Height(); l.Line < top || l.Line >= top+h {
		v.vp.SetYOffset(l.Line - h/3)
		v.drawVisible()
	}
}

// highlightSelected draws the selected link's text in the highlight style
// in shown. The viewport holds shown itself, so the change needs no new
// content (which would measure every line again).
func (v *LinkView) highlightSelected() {
	if h := v.highlighted; h >= 0 && h < len(v.shown) && h < len(v.lines) {
		v.highlighted = -1
		v.redraw(h) // only one line is ever highlighted
	}
	v.highlighted = -1
	l, ok := v.Selected()
	if !ok || l.Line >= len(v.shown) {
		return
	}
	v.highlighted = l.Line
	v.redraw(l.Line)
}

// redraw draws line i of shown again from lines: with its matches when it
// has some (they win over the link's highlight, whose bytes they would
// move), else with the selected link highlighted when it is on it.
func (v *LinkView) redraw(i int) {
	if i < 0 || i >= len(v.shown) || i >= len(v.lines) {
		return
	}
	if first, last := v.matchesOn(i); first < last && v.drawn[i] {
		v.shown[i] = v.markMatches(v.lines[i], first, last)
		return
	}
	v.shown[i] = v.lines[i]
	l, ok := v.Selected()
	if !ok || l.Line != i || v.highlighted != i {
		return
	}
	line := v.lines[l.Line]
	if l.End > len(line) || l.Start >= l.End {
		return
	}
	v.shown[l.Line] = line[:l.Start] + v.highlight.Render(ansi.Strip(line[l.Start:l.End])) + line[l.End:]
}

// gutter marks the selected link's line.
func (v *LinkView) gutter(gc viewport.GutterContext) string {
	if l, ok := v.Selected(); ok && gc.TotalLines > 0 && gc.Index == l.Line {
		return v.highlight.Render(v.marker) + " "
	}
	return strings.Repeat(" ", v.gutterWidth())
}

// View draws the visible lines with the gutter.
func (v *LinkView) View() string { return v.vp.View() }

// Match is a span of the content to highlight, a find-in-page match: where
// it starts (line, and column in cells) and how many cells it takes.
type Match struct {
	Line, Col, Width int
}

// SetMatches highlights spans of the content, in order of line and column,
// drawing them in style and the current one (an index in matches, -1 for
// none) in currentStyle; nil takes the highlights away. New content takes
// them away too: set them again on it.
func (v *LinkView) SetMatches(matches []Match, current int, style, currentStyle lipgloss.Style) {
	old := v.marked
	v.matches, v.current = matches, current
	v.matchStyle, v.currentStyle = style, currentStyle
	v.marked, v.drawn = nil, nil
	for i, m := range matches {
		if m.Line >= 0 && m.Line < len(v.lines) && (i == 0 || matches[i-1].Line != m.Line) {
			v.marked = append(v.marked, m.Line)
		}
	}
	for _, i := range old {
		v.redraw(i)
	}
	v.drawVisible()
}

// drawVisible draws the matches of the lines in view that are not drawn
// yet.
func (v *LinkView) drawVisible() {
	if len(v.matches) == 0 {
		return
	}
	top, bottom := v.vp.YOffset(), min(v.vp.YOffset()+v.vp.Height(), len(v.lines))
	for i := top; i < bottom; i++ {
		if v.drawn[i] {
			continue
		}
		if first, last := v.matchesOn(i); first < last {
			if v.drawn == nil {
				v.drawn = map[int]bool{}
			}
			v.drawn[i] = true
			v.redraw(i)
		}
	}
}

// SetCurrent makes matches[i] the current match, redrawing only the lines
// of the old and the new one.
func (v *LinkView) SetCurrent(i int) {
	was := v.current
	v.current = i
	if was >= 0 && was < len(v.matches) {
		v.redraw(v.matches[was].Line)
	}
	if i >= 0 && i < len(v.matches) {
		v.redraw(v.matches[i].Line)
	}
}

// Reveal scrolls line into view when it is not, a third of the way down.
func (v *LinkView) Reveal(line int) {
	if top, h := v.vp.YOffset(), v.vp.Height(); line < top || line >= top+h {
		v.vp.SetYOffset(line - h/3)
	}
	v.drawVisible()
}

// Bottom is the last line shown (one past the content's end at most).
func (v *LinkView) Bottom() int {
	return min(v.vp.YOffset()+v.vp.Height(), len(v.lines))
}

// matchesOn returns the range [first, last) of matches on line i.
func (v *LinkView) matchesOn(i int) (first, last int) {
	first, _ = slices.BinarySearchFunc(v.matches, i, func(m Match, line int) int { return cmp.Compare(m.Line, line) })
	last = first
	for last < len(v.matches) && v.matches[last].Line == i {
		last++
	}
	return first, last
}

// markMatches draws matches[first:last], all on line, in their styles: the
// text between them keeps its own styles and links, the matched text is
// drawn plain in the match style (cut by cells, as it was found).
func (v *LinkView) markMatches(line string, first, last int) string {
	var b strings.Builder
	pos, width := 0, ansi.StringWidth(line)
	for i := first; i < last; i++ {
		m := v.matches[i]
		if m.Col < pos || m.Width <= 0 {
			continue
		}
		style := v.matchStyle
		if i == v.current {
			style = v.currentStyle
		}
		b.WriteString(ansi.Cut(line, pos, m.Col))
		b.WriteString(style.Render(ansi.Strip(ansi.Cut(line, m.Col, m.Col+m.Width))))
		pos = m.Col + m.Width
	}
	if pos < width {
		b.WriteString(ansi.Cut(line, pos, width))
	}
	return b.String()
}
