package render

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/models"
)

// extras fills in what a piece shows beside its Markdown, from its blocks:
// the colours and underline (see models.TextStyles and BlockColour), the
// kind of each quote bar it opens, and whether it is code.
func (p *Piece) extras(blocks []*models.Block) {
	p.Tints = blockTints(blocks, nil, 0)
	p.Styles = models.TextStyles(blocks)
	p.Bars = barKinds(blocks, false, nil, 0)
	p.Code = len(blocks) == 1 && blocks[0] != nil && (blocks[0].Type == "code" || blocks[0].Type == "equation")
	p.cacheKey = p.key()
}

// key is what the piece's rendering is cached by: its Markdown, and what
// it shows beside it.
func (p Piece) key() string {
	if p.cacheKey != "" {
		return p.cacheKey
	}
	if len(p.Tints) == 0 && len(p.Styles) == 0 && len(p.Bars) == 0 && !p.Code && !p.List {
		return p.Markdown
	}
	var sb strings.Builder
	sb.WriteString(p.Markdown)
	sb.WriteByte(0)
	for _, runs := range [][]models.StyledText{p.Tints, p.Styles} {
		for _, r := range runs {
			sb.WriteString(r.Colour.Name)
			if r.Colour.Background {
				sb.WriteByte('b')
			}
			if r.Underline {
				sb.WriteByte('u')
			}
			sb.WriteByte(1)
			sb.WriteString(r.Text)
			sb.WriteByte(2)
		}
		sb.WriteByte(3)
	}
	sb.WriteString(strings.Join(p.Bars, ","))
	if p.Code {
		sb.WriteString("code")
	}
	if p.List {
		sb.WriteString("list")
	}
	return sb.String()
}

// blockTints lists, in the order Markdown writes them, the text of the
// blocks that have a colour as a whole, as runs of that colour.
func blockTints(blocks []*models.Block, out []models.StyledText, depth int) []models.StyledText {
	if depth > 32 {
		return out
	}
	for _, b := range blocks {
		if b == nil || b.InTrash {
			continue
		}
		if c := models.BlockColour(b); !c.IsZero() && b.Type != "table" {
			own := *b
			own.Children = nil
			own.Body.Caption = nil
			own.Body.RichText = append(models.RichText(nil), b.Body.RichText...)
			for i := range own.Body.RichText {
				own.Body.RichText[i].Annotations.Color = b.Body.Color
				own.Body.RichText[i].Annotations.Underline = false
			}
			out = append(out, models.TextStyles([]*models.Block{&own})...)
		}
		out = blockTints(b.Children, out, depth+1)
	}
	return out
}

// The kinds of block quote models writes (see models.Markdown): a quote, a
// callout, and the indented content of a toggle or a paragraph.
const (
	barQuote   = "quote"
	barCallout = "callout"
	barIndent  = "indent"
)

// barKinds lists the kind of every block quote the blocks' Markdown opens,
// in the order it opens them; inItem says the blocks are a list item's.
func barKinds(blocks []*models.Block, inItem bool, out []string, depth int) []string {
	if depth > 32 {
		return out
	}
	for _, b := range blocks {
		if b == nil || b.InTrash {
			continue
		}
		kids := visibleChildren(b)
		switch b.Type {
		case "quote":
			if hasText(b) || kids {
				out = append(out, barQuote)
			}
			out = barKinds(b.Children, false, out, depth+1)
		case "callout":
			out = append(out, barCallout)
			out = barKinds(b.Children, false, out, depth+1)
		case "toggle":
			if kids {
				out = append(out, barIndent)
			}
			out = barKinds(b.Children, false, out, depth+1)
		case "paragraph", "template":
			if kids && !inItem && hasText(b) {
				out = append(out, barIndent)
				out = barKinds(b.Children, false, out, depth+1)
			} else {
				out = barKinds(b.Children, inItem, out, depth+1)
			}
		case "bulleted_list_item", "numbered_list_item", "to_do":
			out = barKinds(b.Children, true, out, depth+1)
		case "column_list", "column", "synced_block":
			out = barKinds(b.Children, inItem, out, depth+1)
		default:
			out = barKinds(b.Children, false, out, depth+1)
		}
	}
	return out
}

func hasText(b *models.Block) bool {
	for _, t := range b.Body.RichText {
		if strings.TrimSpace(t.PlainText) != "" || t.Type == "mention" || t.Type == "equation" {
			return true
		}
	}
	return false
}

func visibleChildren(b *models.Block) bool {
	for _, c := range b.Children {
		if c != nil && !c.InTrash {
			return true
		}
	}
	return false
}

// barGlyphs are the bars that lead the lines of each kind of quote, in
// colour and in plain styles: a heavy bar for a quote, a dashed one for a
// callout (which its icon leads too), and none for indented content.
var barGlyphs = map[bool]map[string]string{
	false: {barQuote: "┃", barCallout: "┆", barIndent: " "},
	true:  {barQuote: "|", barCallout: ":", barIndent: " "},
}

// restyleBars draws the quote bars of lines (Glamour's, one per level at
// the start of a line) as the kind of quote they belong to, kinds listing
// them in the order they open; quotes beyond those keep Glamour's bars.
func restyleBars(lines []string, kinds []string, plain bool) {
	if len(kinds) == 0 {
		return
	}
	glyphs := barGlyphs[plain]
	out := make([]string, len(lines))
	var stack []string
	next := 0
	for n, line := range lines {
		var b strings.Builder
		var state byte
		depth := 0
		rest := line
		for len(rest) > 0 {
			seq, width, size, newState := ansi.DecodeSequence(rest, state, nil)
			if size <= 0 {
				break
			}
			state = newState
			if width > 0 && seq != " " {
				if seq != "│" && seq != "|" {
					break
				}
				depth++
				if depth > len(stack) {
					kind := "" // more quotes than known: Glamour's bar
					if next < len(kinds) {
						kind = kinds[next]
					}
					stack = append(stack[:depth-1], kind)
					next++
				}
				if g, ok := glyphs[stack[depth-1]]; ok {
					seq = g
				}
			}
			b.WriteString(seq)
			rest = rest[size:]
		}
		if depth < len(stack) {
			stack = stack[:depth]
		}
		b.WriteString(rest)
		out[n] = b.String()
	}
	copy(lines, out)
}

// barPrefix returns how many quote bars lead line (Glamour's │, or | in
// the plain style) and the length of the part of line before its content.
func barPrefix(line string) (depth, end int) {
	var state byte
	for i := 0; i < len(line); {
		seq, width, size, newState := ansi.DecodeSequence(line[i:], state, nil)
		if size <= 0 {
			break
		}
		state = newState
		if width > 0 && seq != " " {
			if seq != "│" && seq != "|" {
				return depth, i
			}
			depth++
		}
		i += size
	}
	return depth, len(line)
}

// mendQuotes puts back the bars Glamour leaves off a line of a quote that
// it wrapped twice (a line holding an emoji measured two ways): a line
// with text right after a line of a quote, which a blank line would end,
// is a line of that quote.
func mendQuotes(lines []string) {
	prevDepth, prevEnd := 0, 0
	for n, line := range lines {
		depth, end := barPrefix(line)
		if depth == 0 && end < len(line) && prevDepth > 0 && shown(line) != "" {
			line = lines[n-1][:prevEnd] + strings.TrimLeft(line, " ")
			lines[n] = line
			depth, end = barPrefix(line)
		}
		prevDepth, prevEnd = depth, end
	}
}

// hangingWrap wraps lines rendered without wrapping (code) at width, each
// continuation indented as its line plus two cells, so that code keeps its
// indentation.
func hangingWrap(lines []string, width int) []string {
	var out []string
	for _, line := range lines {
		if ansi.StringWidth(line) <= width {
			out = append(out, line)
			continue
		}
		vis := ansi.Strip(line)
		indent := len(vis) - len(strings.TrimLeft(vis, " "))
		room := width - indent - 2
		if room < 8 {
			out = append(out, line)
			continue
		}
		body := ansi.TruncateLeft(line, indent, "")
		for i, part := range strings.Split(ansi.Wrap(strings.TrimRight(body, " "), room, ""), "\n") {
			pad := indent
			if i > 0 {
				pad += 2
			}
			out = append(out, strings.Repeat(" ", pad)+part)
		}
	}
	return out
}
