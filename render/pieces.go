package render

import (
	"strings"

	"github.com/alloy-tui/alloy-tui/models"
)

// Piece is a part of a page rendered on its own: one top-level block, or a
// run of list items of one kind (rendered together so that the numbering
// goes on and the items stay tight).
type Piece struct {
	// Markdown is the piece's Markdown, the key of its cached rendering:
	// a piece whose blocks changed is a new piece.
	Markdown string
	// First is the index in the page's top-level blocks of the piece's
	// first block, and Count how many blocks it holds.
	First, Count int
	// Tight joins the piece to the one before without a blank line: the
	// next part of one long list cut into pieces.
	Tight bool
	// Tints and Styles are the runs of text shown in Notion's colours
	// or underlined, whole blocks' first (see Split); Bars the kind of
	// each block quote the Markdown opens, in order; Code says the piece
	// is a code block, wrapped with a hanging indent.
	Tints, Styles []models.StyledText
	Bars          []string
	Code          bool
	// List says the piece is a list (or a table of contents): its items
	// are laid out again with a hanging indent (see hangItems).
	List bool
	// cacheKey is key() as Split computed it; "" when the piece was
	// made otherwise (or changed since: Stream clears it).
	cacheKey string
}

// Split cuts a page's top-level blocks into pieces, in order, leaving out
// the blocks that show nothing. A piece from Split carries its cache key:
// change one and the cache will not know (make a new Piece instead). Rendered and joined (Join), the pieces look
// as the whole page rendered at once.
func Split(blocks []*models.Block) []Piece {
	var pieces []Piece
	var sb strings.Builder
	for i := 0; i < len(blocks); {
		b := blocks[i]
		if b == nil || b.InTrash {
			i++
			continue
		}
		n := 1
		if kind := listKind(b.Type); kind != "" {
			for i+n < len(blocks) && (blocks[i+n] == nil || blocks[i+n].InTrash || listKind(blocks[i+n].Type) == kind) {
				n++
			}
		}
		sb.Reset()
		if b.Type == "table_of_contents" {
			tableOfContents(&sb, b, blocks)
		} else {
			models.MarkdownTo(&sb, blocks[i:i+n])
		}
		if md := sb.String(); strings.TrimSpace(md) != "" {
			p := Piece{Markdown: md, First: i, Count: n, List: listKind(b.Type) != "" || b.Type == "table_of_contents"}
			if b.Type != "table_of_contents" {
				p.extras(blocks[i : i+n])
			}
			pieces = append(pieces, p)
		}
		i += n
	}
	return pieces
}

// listKind names the list a block is an item of, "" when it is none.
func listKind(blockType string) string {
	switch blockType {
	case "bulleted_list_item", "numbered_list_item", "to_do":
		return blockType
	}
	return ""
}

// tableOfContents writes the Markdown of a table of contents, which lists
// the headings of the whole page: it is rendered beside a block that shows
// nothing (a breadcrumb, which the page header replaces) holding the page,
// so that models finds the headings without drawing them.
func tableOfContents(sb *strings.Builder, toc *models.Block, page []*models.Block) {
	models.MarkdownTo(sb, []*models.Block{toc, {Type: "breadcrumb", Children: page}})
}

// Join makes one document of rendered pieces, in order, with one blank line
// between two pieces, as Glamour separates top-level blocks. A piece that
// shows nothing adds no line but has its start all the same.
func Join(docs []Document) Document { return join(docs, nil) }

// join is Join, with no blank line before the documents whose tight is set.
func join(docs []Document, tight []bool) Document {
	n := 0
	for _, d := range docs {
		n += len(d.Lines) + 1
	}
	out := Document{Lines: make([]string, 0, n)}
	for i, d := range docs {
		if len(d.Lines) == 0 {
			// Still a piece: Starts keeps one line per piece, so that
			// the k-th start is the k-th piece's (toggles and the
			// reading place are found by it).
			out.Starts = append(out.Starts, len(out.Lines))
			continue
		}
		if len(out.Lines) > 0 && (i >= len(tight) || !tight[i]) {
			out.Lines = append(out.Lines, "")
		}
		at := len(out.Lines)
		out.Starts = append(out.Starts, at)
		out.Lines = append(out.Lines, d.Lines...)
		for _, l := range d.Links {
			l.Line += at
			out.Links = append(out.Links, l)
		}
	}
	return out
}
