package components

import (
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
	// draws, in which the selected link's line is highlighted.
	lines, shown []string
	links        []render.Link
	// highlighted is the line of shown that differs from lines, -1 when
	// none does.
	highlighted int
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
	v := &LinkView{keys: keys, marker: marker, highlight: highlight, selected: -1, highlighted: -1}
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
}

// Lines returns how many lines the content has.
func (v *LinkView) Lines() int { return len(v.lines) }

// Links returns how many links can be selected.
func (v *LinkView) Links() int { return len(v.links) }

// Offset is the first line shown.
func (v *LinkView) Offset() int { return v.vp.YOffset() }

// SetOffset makes line the first line shown (as far as the content goes).
func (v *LinkView) SetOffset(line int) { v.vp.SetYOffset(line) }

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
	}
}

// highlightSelected draws the selected link's text in the highlight style
// in shown. The viewport holds shown itself, so the change needs no new
// content (which would measure every line again).
func (v *LinkView) highlightSelected() {
	if h := v.highlighted; h >= 0 && h < len(v.shown) && h < len(v.lines) {
		v.shown[h] = v.lines[h] // only one line is ever highlighted
	}
	v.highlighted = -1
	l, ok := v.Selected()
	if !ok || l.Line >= len(v.shown) {
		return
	}
	line := v.lines[l.Line]
	if l.End > len(line) || l.Start >= l.End {
		return
	}
	v.shown[l.Line] = line[:l.Start] + v.highlight.Render(ansi.Strip(line[l.Start:l.End])) + line[l.End:]
	v.highlighted = l.Line
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
