package screens

import (
	"maps"
	"slices"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/render"
)

// toggleURL leads the target of the links the page makes of its toggles'
// summary lines, so that tab selects a toggle as it selects a link. It is
// no URL a page can hold: models never writes this scheme.
const toggleURL = "alloy-toggle:"

// folds is which toggles of a page are open: every one when allOpen is set,
// none when it is not, but for the ids in flipped. Toggles (and toggleable
// headings) are closed by default, as in Notion.
type folds struct {
	allOpen bool
	flipped map[string]bool
}

// isOpen reports whether the toggle id is open.
func (f folds) isOpen(id string) bool { return f.allOpen != f.flipped[id] }

// set opens or closes the toggle id.
func (f *folds) set(id string, open bool) {
	if f.flipped == nil {
		f.flipped = map[string]bool{}
	}
	if open == f.allOpen {
		delete(f.flipped, id)
	} else {
		f.flipped[id] = true
	}
}

// setAll opens or closes every toggle.
func (f *folds) setAll(open bool) { f.allOpen, f.flipped = open, nil }

// clone is a copy for a rendering off the Update loop.
func (f folds) clone() folds { return folds{allOpen: f.allOpen, flipped: maps.Clone(f.flipped)} }

// foldable reports whether b is a toggle or toggleable heading that can be
// opened and closed: it has an id to remember it by, a summary that shows
// when it is closed, and content to hide.
func foldable(b *models.Block) bool {
	if b == nil || b.ID == "" || !hasVisibleChild(b.Children) || strings.TrimSpace(b.Body.RichText.Plain()) == "" {
		return false
	}
	return b.Type == "toggle" || b.Body.IsToggleable && strings.HasPrefix(b.Type, "heading_")
}

// hasVisibleChild reports whether any child is not in the trash.
func hasVisibleChild(children []*models.Block) bool {
	for _, c := range children {
		if c != nil && !c.InTrash {
			return true
		}
	}
	return false
}

// foldTree returns blocks with every closed toggle's content left out (a
// toggle without content is drawn closed, ▸). The blocks changed are
// copies: the tree given is not touched. With a query, a closed toggle
// whose content holds it (ignoring case) is opened, and its id returned.
func foldTree(blocks []*models.Block, f folds, query string) ([]*models.Block, []string) {
	var opened []string
	lower := strings.ToLower(query)
	var walk func([]*models.Block) []*models.Block
	walk = func(list []*models.Block) []*models.Block {
		var out []*models.Block
		for i, b := range list {
			if b == nil || len(b.Children) == 0 {
				continue
			}
			nb := *b
			switch {
			case !foldable(b) || f.isOpen(b.ID):
				nb.Children = walk(b.Children)
			case lower != "" && holds(b.Children, lower):
				opened = append(opened, b.ID)
				nb.Children = walk(b.Children)
			default:
				nb.Children = nil
			}
			if sameBlocks(nb.Children, b.Children) {
				continue
			}
			if out == nil {
				out = slices.Clone(list)
			}
			out[i] = &nb
		}
		if out == nil {
			return list
		}
		return out
	}
	return walk(blocks), opened
}

// sameBlocks reports whether two lists hold the same blocks.
func sameBlocks(a, b []*models.Block) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// holds reports whether the text of blocks or of their descendants holds
// lower (a lower-case query).
func holds(blocks []*models.Block, lower string) bool {
	for _, b := range blocks {
		if b == nil || b.InTrash {
			continue
		}
		if strings.Contains(strings.ToLower(b.Body.RichText.Plain()), lower) ||
			strings.Contains(strings.ToLower(b.Body.Title), lower) ||
			holds(b.Children, lower) {
			return true
		}
	}
	return false
}

// toggleSpot is a toggle's summary line in a rendering.
type toggleSpot struct {
	// id is the block's; foldable says whether it can be opened and
	// closed, open whether it is.
	id             string
	foldable, open bool
	// link is where its summary is, as a link the view can select.
	link render.Link
}

// marked lists, in the order they are drawn, the toggles of a tree (as it
// came, not folded) that draw a line led by a marker (▸ or ▾) when folded
// by f: toggles with a summary or content, and toggleable headings with a
// summary. The content of closed toggles is not drawn, so not looked into.
func marked(blocks []*models.Block, f folds, out []toggleSpot) []toggleSpot {
	for _, b := range blocks {
		if b == nil || b.InTrash {
			continue
		}
		text := strings.TrimSpace(b.Body.RichText.Plain()) != ""
		canFold := foldable(b)
		shown := !canFold || f.isOpen(b.ID)
		switch {
		case b.Type == "toggle" && (text || hasVisibleChild(b.Children)),
			b.Body.IsToggleable && strings.HasPrefix(b.Type, "heading_") && text:
			out = append(out, toggleSpot{id: b.ID, foldable: canFold, open: shown && hasVisibleChild(b.Children)})
		}
		switch {
		case !shown, b.Type == "child_page", b.Type == "child_database", b.Type == "table":
		default:
			out = marked(b.Children, f, out)
		}
	}
	return out
}

// markerLine reports whether a rendered line is a toggle's summary line
// (led, after indentation, quote bars and heading marks, by ▸ or ▾), and
// the byte where its marker starts.
func markerLine(line string) (int, bool) {
	i := strings.IndexAny(line, "▸▾")
	if i < 0 {
		return 0, false
	}
	plain := strings.TrimLeft(ansi.Strip(line), " │#")
	if !strings.HasPrefix(plain, "▸") && !strings.HasPrefix(plain, "▾") {
		return 0, false
	}
	return i, true
}

// toggleSpots finds the summary lines of the toggles of a folded tree in
// its rendering: the n-th marked line of each piece is the n-th toggle of
// the piece's blocks. A piece where the two counts differ (a paragraph
// that starts with ▸) offers none of its toggles.
func toggleSpots(doc render.Document, pieces []render.Piece, tree []*models.Block, f folds) []toggleSpot {
	var out []toggleSpot
	if len(doc.Starts) != len(pieces) {
		return nil
	}
	for k, p := range pieces {
		if p.First+p.Count > len(tree) {
			return out
		}
		toggles := marked(tree[p.First:p.First+p.Count], f, nil)
		if len(toggles) == 0 {
			continue
		}
		end := len(doc.Lines)
		if k+1 < len(doc.Starts) {
			end = doc.Starts[k+1]
		}
		var lines []int
		for n := doc.Starts[k]; n < end; n++ {
			if _, ok := markerLine(doc.Lines[n]); ok {
				lines = append(lines, n)
			}
		}
		if len(lines) != len(toggles) {
			continue
		}
		for j, t := range toggles {
			n := lines[j]
			line := doc.Lines[n]
			start, _ := markerLine(line)
			t.link = render.Link{Line: n, Start: start, End: len(line), Col: ansi.StringWidth(line[:start]),
				Width: ansi.StringWidth(line[start:]), URL: toggleURL + t.id}
			out = append(out, t)
		}
	}
	return out
}

// withToggles is the links of a page with its foldable toggles among them,
// in the order they are drawn.
func withToggles(links []render.Link, spots []toggleSpot) []render.Link {
	out := slices.Clone(links)
	for _, s := range spots {
		if s.foldable {
			out = append(out, s.link)
		}
	}
	slices.SortStableFunc(out, func(a, b render.Link) int {
		if a.Line != b.Line {
			return a.Line - b.Line
		}
		return a.Col - b.Col
	})
	return out
}
