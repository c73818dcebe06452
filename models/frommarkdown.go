package models

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	gast "github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// FromMarkdown converts Markdown (CommonMark with GitHub's tables, task
// lists and strikethrough) into Notion blocks ready to be created: the
// blocks carry no ids, their rich text is split into segments of at most
// MaxTextUnits UTF-16 code units (never cut), and no block holds more than
// MaxSegments segments (a longer paragraph goes on in a block of the same
// type after it).
//
// What becomes what:
//   - # to ### are heading_1 to heading_3; deeper headings are heading_3.
//   - Paragraphs keep bold, italic, strikethrough, inline code and links;
//     a hard line break is a newline in the text, a soft one a space.
//   - Bulleted, numbered and task lists (to_do) nest to any depth: an
//     item's further paragraphs and lists are its children.
//   - A block quote is a quote whose text is its first paragraph and whose
//     children are the rest; one that starts with an emoji and a space
//     ("> 💡 text") is a callout with that icon.
//   - A fenced or indented code block is code, its info string mapped to
//     Notion's language names ("plain text" when unknown).
//   - A thematic break is a divider; a GitHub table a table with a column
//     header; a paragraph that is only an image an image block (its alt
//     text the caption); a paragraph that is "$$ … $$" an equation.
//   - <details><summary>S</summary> … </details> is a toggle whose text is
//     S and whose children are the blocks in between.
//
// It also reads back what Markdown writes where Markdown has no form of
// its own: a line led by ▾ followed by a block quote (or led by ▸) is a
// toggle, and a + list whose items hold " │ " is a table without a header
// row. Other HTML is kept as text. The zero-width spaces Markdown writes to
// keep emphasis apart are dropped.
func FromMarkdown(src string) []*Block {
	source := []byte(src)
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList))
	doc := md.Parser().Parse(text.NewReader(source))
	c := &mdConverter{src: source}
	return c.blocks(doc, 0)
}

// MaxTextUnits is the most UTF-16 code units Notion takes in one text
// segment (and in a link's address).
const MaxTextUnits = 2000

// MaxSegments is the most rich-text segments Notion takes in one block's
// text.
const MaxSegments = 100

// mdConverter holds the source the AST points into.
type mdConverter struct {
	src []byte
}

var summaryRE = regexp.MustCompile(`(?is)<summary[^>]*>(.*?)</summary>`)

// blocks converts the block children of n.
func (c *mdConverter) blocks(n gast.Node, depth int) []*Block {
	return c.blocksRange(n.FirstChild(), nil, depth)
}

// blocksRange converts the siblings from first up to (not including) stop.
func (c *mdConverter) blocksRange(first, stop gast.Node, depth int) []*Block {
	var out []*Block
	for child := first; child != nil && child != stop; child = child.NextSibling() {
		// <details>: gather the siblings up to </details> into a toggle.
		if html, ok := child.(*gast.HTMLBlock); ok && depth <= maxNesting {
			raw := c.lines(html)
			if strings.HasPrefix(strings.TrimSpace(strings.ToLower(raw)), "<details") {
				toggle, last := c.details(child, raw, stop, depth)
				out = append(out, toggle)
				child = last
				continue
			}
		}
		// A ▾ line followed by a block quote: Markdown's toggle.
		if p, ok := child.(*gast.Paragraph); ok {
			rt := c.inline(p)
			if rest, open := cutToggleMarker(rt); open {
				t := &Block{Type: "toggle", Body: BlockBody{RichText: rest}}
				if q, ok := p.NextSibling().(*gast.Blockquote); ok && strings.HasPrefix(rt.Plain(), toggleOpen) {
					t.Children = c.blocks(q, depth+1)
					child = q
				}
				out = append(out, t)
				continue
			}
		}
		out = append(out, c.block(child, depth)...)
	}
	return out
}

// cutToggleMarker reports whether rich text starts with a toggle marker
// (▾ or ▸ and a space, or the marker alone) and returns it without.
func cutToggleMarker(rt RichText) (RichText, bool) {
	if len(rt) == 0 || rt[0].Annotations != (Annotations{}) || rt[0].Href != "" {
		return nil, false
	}
	first := rt[0].PlainText
	for _, m := range []string{toggleOpen, toggleClosed} {
		rest, ok := strings.CutPrefix(first, m)
		if !ok {
			continue
		}
		if rest != "" && !strings.HasPrefix(rest, " ") {
			return nil, false
		}
		rest = strings.TrimPrefix(rest, " ")
		out := append(RichText{}, rt[1:]...)
		if rest != "" {
			seg := rt[0]
			seg.PlainText = rest
			out = append(RichText{seg}, out...)
		}
		return out, true
	}
	return nil, false
}

// details turns <details> … </details> into a toggle; it returns the
// toggle and the last node it used.
func (c *mdConverter) details(start gast.Node, raw string, stop gast.Node, depth int) (*Block, gast.Node) {
	t := &Block{Type: "toggle"}
	if m := summaryRE.FindStringSubmatch(raw); m != nil {
		t.Body.RichText = plainRich(stripTags(m[1]))
	}
	if strings.Contains(strings.ToLower(raw), "</details>") {
		return t, start
	}
	// The content is the siblings up to an HTML block that closes it.
	last := start
	n := start.NextSibling()
	for ; n != nil && n != stop; n = n.NextSibling() {
		last = n
		if h, ok := n.(*gast.HTMLBlock); ok && strings.Contains(strings.ToLower(c.lines(h)), "</details>") {
			break
		}
	}
	end := last.NextSibling()
	if h, ok := last.(*gast.HTMLBlock); ok && last != start && strings.Contains(strings.ToLower(c.lines(h)), "</details>") {
		end = last
	}
	t.Children = c.blocksRange(start.NextSibling(), end, depth+1)
	return t, last
}

var tagRE = regexp.MustCompile(`<[^>]*>`)

func stripTags(s string) string {
	return strings.TrimSpace(string(resolveText([]byte(tagRE.ReplaceAllString(s, "")))))
}

// block converts one block node (several blocks for a long paragraph).
func (c *mdConverter) block(n gast.Node, depth int) []*Block {
	if depth > maxNesting {
		return []*Block{{Type: "paragraph", Body: BlockBody{RichText: plainRich(c.nodeText(n))}}}
	}
	switch n := n.(type) {
	case *gast.Heading:
		level := min(max(n.Level, 1), 3)
		return splitBlock(&Block{Type: fmt.Sprintf("heading_%d", level), Body: BlockBody{RichText: c.inline(n)}})
	case *gast.Paragraph, *gast.TextBlock:
		return c.paragraph(n)
	case *gast.ThematicBreak:
		return []*Block{{Type: "divider"}}
	case *gast.FencedCodeBlock:
		lang := ""
		if n.Info != nil {
			lang = strings.Fields(string(n.Info.Segment.Value(c.src)) + " ")[0]
		}
		return []*Block{codeBlock(c.lines(n), lang)}
	case *gast.CodeBlock:
		return []*Block{codeBlock(c.lines(n), "")}
	case *gast.Blockquote:
		return []*Block{c.quote(n, depth)}
	case *gast.List:
		if b := c.grid(n); b != nil {
			return []*Block{b}
		}
		var out []*Block
		for item := n.FirstChild(); item != nil; item = item.NextSibling() {
			out = append(out, c.listItem(n, item, depth))
		}
		return out
	case *east.Table:
		return []*Block{c.table(n)}
	case *gast.HTMLBlock:
		t := strings.TrimRight(c.lines(n), "\n")
		if strings.TrimSpace(t) == "" {
			return nil
		}
		return splitBlock(&Block{Type: "paragraph", Body: BlockBody{RichText: plainRich(t)}})
	}
	if t := strings.TrimSpace(c.nodeText(n)); t != "" {
		return splitBlock(&Block{Type: "paragraph", Body: BlockBody{RichText: plainRich(t)}})
	}
	return nil
}

// paragraph converts a paragraph: an equation, an image, or text.
func (c *mdConverter) paragraph(n gast.Node) []*Block {
	raw := strings.TrimSpace(c.lines(n))
	if len(raw) >= 4 && strings.HasPrefix(raw, "$$") && strings.HasSuffix(raw, "$$") {
		expr := strings.TrimSpace(raw[2 : len(raw)-2])
		if expr != "" {
			return []*Block{{Type: "equation", Body: BlockBody{Expression: expr}}}
		}
	}
	if img, ok := n.FirstChild().(*gast.Image); ok && n.FirstChild() == n.LastChild() {
		url := string(resolveText(img.Destination))
		if safeHref(url) != "" && utf16Units(url) <= MaxTextUnits {
			b := &Block{Type: "image", Body: BlockBody{Kind: "external", External: &FileRef{URL: url}}}
			b.Body.Caption = c.inline(img)
			return []*Block{b}
		}
	}
	rt := c.inline(n)
	if len(rt) == 0 {
		return nil
	}
	return splitBlock(&Block{Type: "paragraph", Body: BlockBody{RichText: rt}})
}

// quote converts a block quote into a quote or, led by an emoji, a callout.
func (c *mdConverter) quote(n *gast.Blockquote, depth int) *Block {
	b := &Block{Type: "quote"}
	first := n.FirstChild()
	rest := first
	if p, ok := first.(*gast.Paragraph); ok {
		b.Body.RichText = c.inline(p)
		rest = first.NextSibling()
		if icon, text, ok := cutEmoji(b.Body.RichText); ok {
			b.Type = "callout"
			b.Body.Icon = &Icon{Type: "emoji", Emoji: icon}
			b.Body.RichText = text
		}
	}
	b.Children = c.blocksRange(rest, nil, depth+1)
	return limitSegments(b)
}

// cutEmoji reports whether rich text starts with an emoji and a space and
// returns the emoji and the rest.
func cutEmoji(rt RichText) (string, RichText, bool) {
	if len(rt) == 0 || rt[0].Href != "" || rt[0].Annotations.Code {
		return "", nil, false
	}
	first := rt[0].PlainText
	sp := strings.IndexByte(first, ' ')
	if sp <= 0 || sp > 64 {
		return "", nil, false
	}
	head := first[:sp]
	r, _ := utf8.DecodeRuneInString(head)
	if !isEmojiRune(r) {
		return "", nil, false
	}
	for _, x := range head {
		if !isEmojiRune(x) && x != 0xFE0F && x != 0x200D && x != 0x20E3 && !(x >= 0x1F3FB && x <= 0x1F3FF) {
			return "", nil, false
		}
	}
	if !isEmoji(head) {
		return "", nil, false
	}
	out := append(RichText{}, rt[1:]...)
	if rest := first[sp+1:]; rest != "" {
		seg := rt[0]
		seg.PlainText = rest
		out = append(RichText{seg}, out...)
	}
	return head, out, true
}

// isEmojiRune reports whether r is in one of the emoji blocks (or is a
// joiner's part of a sequence); whether a run of them reads as an emoji is
// isEmoji's to say.
func isEmojiRune(r rune) bool {
	return r >= 0x1F000 && r <= 0x1FAFF || r >= 0x2600 && r <= 0x27BF || r >= 0x2B00 && r <= 0x2BFF ||
		r >= 0x2190 && r <= 0x21FF || r >= 0x2300 && r <= 0x23FF || r == 0x2139 || r == 0x24C2 ||
		r >= 0x25A0 && r <= 0x25FF && r != 0x25B8 && r != 0x25BE
}

// emojiPresentation are the characters below U+1F000 that show as emoji
// without a variation selector.
const emojiPresentation = "⌚⌛⏩⏪⏫⏬⏰⏳◽◾☔☕♈♉♊♋♌♍♎♏♐♑♒♓♿⚓⚡⚪⚫⚽⚾⛄⛅⛎⛔⛪⛲⛳⛵⛺⛽✅✊✋✨❌❎❓❔❕❗➕➖➗➰➿⬛⬜⭐⭕"

// isEmoji reports whether head (characters from the emoji blocks) reads
// as an emoji, not as a symbol: it starts past U+1F000, asks for emoji
// presentation (U+FE0F), or is one that shows as emoji anyway. An arrow
// or a box drawing character leading a quote keeps it a quote.
func isEmoji(head string) bool {
	r, _ := utf8.DecodeRuneInString(head)
	return r >= 0x1F000 || strings.ContainsRune(head, 0xFE0F) || strings.ContainsRune(emojiPresentation, r)
}

// listItem converts an item of list into a list item or to-do.
func (c *mdConverter) listItem(list *gast.List, item gast.Node, depth int) *Block {
	b := &Block{Type: "bulleted_list_item"}
	if list.IsOrdered() {
		b.Type = "numbered_list_item"
	}
	first := item.FirstChild()
	rest := first
	switch first.(type) {
	case *gast.Paragraph, *gast.TextBlock:
		if cb, ok := first.FirstChild().(*east.TaskCheckBox); ok {
			b.Type = "to_do"
			b.Body.Checked = cb.IsChecked
		}
		b.Body.RichText = c.inline(first)
		rest = first.NextSibling()
		// A toggle written in the item runs on as the item's last line
		// ("▾ summary"), its content in the block quote after it.
		if lines := c.inlineLines(first); len(lines) > 1 {
			last := trimRich(lines[len(lines)-1])
			if t, ok := cutToggleMarker(last); ok {
				var head RichText
				for i, l := range lines[:len(lines)-1] {
					if i > 0 {
						head = append(head, Segment{Type: "text", PlainText: " "})
					}
					head = append(head, l...)
				}
				b.Body.RichText = splitSegments(trimRich(mergeSegments(head)))
				toggle := &Block{Type: "toggle", Body: BlockBody{RichText: splitSegments(mergeSegments(t))}}
				if q, ok := rest.(*gast.Blockquote); ok && strings.HasPrefix(last.Plain(), toggleOpen) {
					toggle.Children = c.blocks(q, depth+2)
					rest = q.NextSibling()
				}
				b.Children = append(b.Children, toggle)
			}
		}
	}
	b.Children = append(b.Children, c.blocksRange(rest, nil, depth+1)...)
	return limitSegments(b)
}

// grid reads a + list whose every item holds " │ " as a table without a
// header row (how Markdown writes one); nil for any other list.
func (c *mdConverter) grid(list *gast.List) *Block {
	if list.IsOrdered() || list.Marker != '+' {
		return nil
	}
	var rows [][]RichText
	width := 0
	for item := list.FirstChild(); item != nil; item = item.NextSibling() {
		first := item.FirstChild()
		if first == nil || first.NextSibling() != nil {
			return nil
		}
		switch first.(type) {
		case *gast.Paragraph, *gast.TextBlock:
		default:
			return nil
		}
		cells := splitCells(c.inline(first), gridSeparator)
		if len(cells) < 2 {
			return nil
		}
		rows = append(rows, cells)
		width = max(width, len(cells))
	}
	if len(rows) == 0 {
		return nil
	}
	t := &Block{Type: "table", Body: BlockBody{TableWidth: width}}
	for _, cells := range rows {
		for len(cells) < width {
			cells = append(cells, RichText{})
		}
		t.Children = append(t.Children, &Block{Type: "table_row", Body: BlockBody{Cells: cells}})
	}
	return t
}

// splitCells cuts rich text at every sep in a plain segment.
func splitCells(rt RichText, sep string) []RichText {
	cells := []RichText{{}}
	for _, seg := range rt {
		if seg.Annotations.Code || !strings.Contains(seg.PlainText, sep) {
			cells[len(cells)-1] = append(cells[len(cells)-1], seg)
			continue
		}
		parts := strings.Split(seg.PlainText, sep)
		for i, p := range parts {
			if i > 0 {
				cells = append(cells, RichText{})
			}
			if p != "" {
				s := seg
				s.PlainText = p
				cells[len(cells)-1] = append(cells[len(cells)-1], s)
			}
		}
	}
	for i := range cells {
		cells[i] = splitSegments(trimRich(cells[i]))
	}
	return cells
}

// table converts a GitHub table: its first row is the column header.
func (c *mdConverter) table(n *east.Table) *Block {
	t := &Block{Type: "table", Body: BlockBody{HasColumnHeader: true, TableWidth: len(n.Alignments)}}
	for row := n.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []RichText
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			cells = append(cells, c.inline(cell))
		}
		t.Body.TableWidth = max(t.Body.TableWidth, len(cells))
		t.Children = append(t.Children, &Block{Type: "table_row", Body: BlockBody{Cells: cells}})
	}
	for _, r := range t.Children {
		for len(r.Body.Cells) < t.Body.TableWidth {
			r.Body.Cells = append(r.Body.Cells, RichText{})
		}
	}
	return t
}

// codeBlock is a code block in the given fence language.
func codeBlock(src, lang string) *Block {
	src = strings.TrimSuffix(src, "\n")
	return &Block{Type: "code", Body: BlockBody{RichText: splitSegments(plainRich(src)), Language: NotionLanguage(lang)}}
}

// lines is the raw text of a block's lines.
func (c *mdConverter) lines(n gast.Node) string {
	var sb strings.Builder
	l := n.Lines()
	for i := 0; i < l.Len(); i++ {
		seg := l.At(i)
		sb.Write(seg.Value(c.src))
	}
	return sb.String()
}

// nodeText is the text of any node, for nodes with no block form.
func (c *mdConverter) nodeText(n gast.Node) string {
	if n.Type() == gast.TypeBlock && n.Lines().Len() > 0 {
		return c.lines(n)
	}
	var sb strings.Builder
	_ = gast.Walk(n, func(k gast.Node, entering bool) (gast.WalkStatus, error) {
		if t, ok := k.(*gast.Text); ok && entering {
			sb.Write(t.Segment.Value(c.src))
		}
		return gast.WalkContinue, nil
	})
	return sb.String()
}

// softBreak stands for a soft line break until the text is done: a space
// in the end, but a line of its own to the check for a toggle's ▾ line.
const softBreak = "\ue000"

// inline converts the inline children of n into rich text.
func (c *mdConverter) inline(n gast.Node) RichText {
	lines := c.inlineLines(n)
	var rt RichText
	for i, l := range lines {
		if i > 0 {
			rt = append(rt, Segment{Type: "text", PlainText: " "})
		}
		rt = append(rt, l...)
	}
	return splitSegments(trimRich(mergeSegments(rt)))
}

// inlineLines converts the inline children of n into rich text, a piece
// for each line of the source (split at soft line breaks).
func (c *mdConverter) inlineLines(n gast.Node) []RichText {
	var rt RichText
	c.inlineInto(&rt, n, Annotations{}, "")
	lines := []RichText{{}}
	for _, seg := range mergeSegments(rt) {
		parts := strings.Split(seg.PlainText, softBreak)
		for i, p := range parts {
			if i > 0 {
				lines = append(lines, RichText{})
			}
			if p != "" {
				s := seg
				s.PlainText = p
				lines[len(lines)-1] = append(lines[len(lines)-1], s)
			}
		}
	}
	return lines
}

func (c *mdConverter) inlineInto(rt *RichText, n gast.Node, ann Annotations, href string) {
	add := func(s string) {
		s = strings.ReplaceAll(s, "\u200b", "")
		if s == "" {
			return
		}
		*rt = append(*rt, Segment{Type: "text", PlainText: s, Href: href, Annotations: ann})
	}
	for k := n.FirstChild(); k != nil; k = k.NextSibling() {
		switch k := k.(type) {
		case *gast.Text:
			add(string(resolveText(k.Segment.Value(c.src))))
			switch {
			case k.HardLineBreak():
				add("\n")
			case k.SoftLineBreak():
				add(softBreak)
			}
		case *gast.String:
			if k.IsCode() || k.IsRaw() {
				add(string(k.Value))
			} else {
				add(string(resolveText(k.Value)))
			}
		case *gast.CodeSpan:
			a := ann
			a.Code = true
			var sb strings.Builder
			for t := k.FirstChild(); t != nil; t = t.NextSibling() {
				if s, ok := t.(*gast.Text); ok {
					sb.Write(s.Segment.Value(c.src))
				} else if s, ok := t.(*gast.String); ok {
					sb.Write(s.Value)
				}
			}
			s := strings.ReplaceAll(sb.String(), "\n", " ")
			if s != "" {
				*rt = append(*rt, Segment{Type: "text", PlainText: s, Href: href, Annotations: a})
			}
		case *gast.Emphasis:
			a := ann
			if k.Level >= 2 {
				a.Bold = true
			} else {
				a.Italic = true
			}
			c.inlineInto(rt, k, a, href)
		case *east.Strikethrough:
			a := ann
			a.Strikethrough = true
			c.inlineInto(rt, k, a, href)
		case *gast.Link:
			c.inlineInto(rt, k, ann, linkHref(string(resolveText(k.Destination))))
		case *gast.AutoLink:
			url := string(k.URL(c.src))
			dest := url
			if k.AutoLinkType == gast.AutoLinkEmail && !strings.HasPrefix(strings.ToLower(url), "mailto:") {
				dest = "mailto:" + url
			}
			save := href
			href = linkHref(dest)
			add(string(k.Label(c.src)))
			href = save
		case *gast.Image:
			// An image inside text is its alt text, linked to it.
			c.inlineInto(rt, k, ann, linkHref(string(resolveText(k.Destination))))
		case *gast.RawHTML:
			var sb strings.Builder
			for i := 0; i < k.Segments.Len(); i++ {
				s := k.Segments.At(i)
				sb.Write(s.Value(c.src))
			}
			if strings.EqualFold(sb.String(), "<br>") || strings.EqualFold(sb.String(), "<br/>") || strings.EqualFold(sb.String(), "<br />") {
				add("\n")
			} else {
				add(sb.String())
			}
		case *east.TaskCheckBox:
			// The to-do's state, not text.
		default:
			c.inlineInto(rt, k, ann, href)
		}
	}
}

// linkHref keeps an address Notion can take as a link: not empty and not
// longer than a text segment may be; others leave the text unlinked.
func linkHref(url string) string {
	url = strings.TrimSpace(url)
	if url == "" || utf16Units(url) > MaxTextUnits {
		return ""
	}
	return url
}

// resolveText undoes Markdown's backslash escapes and character
// references, as a renderer would show the text.
func resolveText(b []byte) []byte {
	if bytes.IndexByte(b, '\\') >= 0 {
		b = util.UnescapePunctuations(b)
	}
	if bytes.IndexByte(b, '&') >= 0 {
		b = util.ResolveEntityNames(util.ResolveNumericReferences(b))
	}
	return b
}

// plainRich is s as unstyled rich text, split to Notion's segment length.
func plainRich(s string) RichText {
	if s == "" {
		return RichText{}
	}
	return splitSegments(RichText{{Type: "text", PlainText: s}})
}

// mergeSegments joins neighbours with the same style and link.
func mergeSegments(rt RichText) RichText {
	var out RichText
	for _, s := range rt {
		if n := len(out); n > 0 && out[n-1].Type == "text" && s.Type == "text" &&
			out[n-1].Annotations == s.Annotations && out[n-1].Href == s.Href {
			out[n-1].PlainText += s.PlainText
			continue
		}
		out = append(out, s)
	}
	return out
}

// trimRich drops whitespace at both ends of rich text, as Markdown ignores it.
func trimRich(rt RichText) RichText {
	for len(rt) > 0 {
		s := strings.TrimLeftFunc(rt[0].PlainText, unicode.IsSpace)
		if s != "" || rt[0].Annotations.Code {
			rt[0].PlainText = s
			break
		}
		rt = rt[1:]
	}
	for len(rt) > 0 {
		last := &rt[len(rt)-1]
		s := strings.TrimRightFunc(last.PlainText, unicode.IsSpace)
		if s != "" || last.Annotations.Code {
			last.PlainText = s
			break
		}
		rt = rt[:len(rt)-1]
	}
	if rt == nil {
		return RichText{}
	}
	return rt
}

// splitSegments cuts every segment longer than MaxTextUnits UTF-16 code
// units into several with the same style, at character boundaries: the
// text stays whole and in order.
func splitSegments(rt RichText) RichText {
	long := false
	for _, s := range rt {
		if utf16Units(s.PlainText) > MaxTextUnits {
			long = true
			break
		}
	}
	if !long {
		return rt
	}
	out := make(RichText, 0, len(rt)+1)
	for _, s := range rt {
		for _, part := range SplitUTF16(s.PlainText, MaxTextUnits) {
			p := s
			p.PlainText = part
			out = append(out, p)
		}
	}
	return out
}

// SplitUTF16 cuts s into parts of at most limit UTF-16 code units (Notion's
// measure of text), at character boundaries. An empty s gives no parts.
func SplitUTF16(s string, limit int) []string {
	var parts []string
	start, units := 0, 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units+w > limit && i > start {
			parts = append(parts, s[start:i])
			start, units = i, 0
		}
		units += w
	}
	if start < len(s) {
		parts = append(parts, s[start:])
	}
	return parts
}

// utf16Units is the length of s in UTF-16 code units.
func utf16Units(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

// splitBlock keeps a text block within MaxSegments segments: the rest of
// its text goes on in blocks of the same type after it.
func splitBlock(b *Block) []*Block {
	if len(b.Body.RichText) <= MaxSegments {
		return []*Block{b}
	}
	var out []*Block
	rt := b.Body.RichText
	for len(rt) > 0 {
		n := min(len(rt), MaxSegments)
		nb := &Block{Type: b.Type, Body: b.Body}
		nb.Body.RichText = rt[:n]
		rt = rt[n:]
		out = append(out, nb)
	}
	out[len(out)-1].Children = b.Children
	return out
}

// limitSegments keeps a block that cannot be split (it has children or a
// state) within MaxSegments segments by joining its overflow into the
// last segment's neighbours: text is never lost, only styles past the
// 100th segment are dropped.
func limitSegments(b *Block) *Block {
	rt := b.Body.RichText
	if len(rt) <= MaxSegments {
		return b
	}
	var tail strings.Builder
	for _, s := range rt[MaxSegments-1:] {
		tail.WriteString(s.PlainText)
	}
	keep := append(RichText{}, rt[:MaxSegments-1]...)
	for _, part := range SplitUTF16(tail.String(), MaxTextUnits) {
		keep = append(keep, Segment{Type: "text", PlainText: part})
	}
	b.Body.RichText = keep
	return b
}
