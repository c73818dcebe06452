package models

import (
	"strconv"
	"strings"
)

// maxNesting bounds how deep containers (list items, quotes, toggles) are
// followed. Notion itself nests far less; the bound keeps malformed or
// hostile input from growing the output quadratically.
const maxNesting = 32

// Markdown renders a block tree as CommonMark with GitHub's tables,
// strikethrough and task lists, the dialect Glamour reads. Every string
// from Notion is sanitised and escaped, so the result holds no control
// characters but newline and tab, and remote text cannot turn into
// Markdown syntax. Blocks in the trash are left out.
//
// Links to other pages (child pages and databases, link_to_page blocks,
// page mentions) point at PageLinkURL addresses, which PageIDFromLink
// recognises.
func Markdown(blocks []*Block) string {
	var sb strings.Builder
	MarkdownTo(&sb, blocks)
	return sb.String()
}

// MarkdownTo is Markdown writing into sb, so that a caller rendering often
// can reuse one buffer.
func MarkdownTo(sb *strings.Builder, blocks []*Block) {
	r := mdRenderer{sb: sb, root: blocks}
	r.blockList(blocks, 0)
}

// mdRenderer holds the state of one rendering.
type mdRenderer struct {
	sb *strings.Builder
	// prefix starts every continuation line of the current container:
	// "> " inside a quote, spaces inside a list item.
	prefix []byte
	// wrote says the current container already has content, so the next
	// block needs a blank line before it.
	wrote bool
	// lastList is the list whose item was written last in the current
	// container, so that a list restarting right after it can be kept
	// apart from it.
	lastList      listKind
	lastListDelim byte
	// inItem says the container is a list item; paraJoin that its last
	// line was text a following paragraph may continue.
	inItem   bool
	paraJoin bool

	root     []*Block
	toc      []tocEntry
	tocReady bool

	// Inline state, reset for every piece of rich text.
	runs       []textRun
	stack      []openMark
	pending    []byte
	mode       inlineMode
	lineStart  bool
	blockStart bool
	last       charClass
	closeCheck bool
	// lastDelim is the emphasis delimiter character written last, 0 when
	// something else came after it.
	lastDelim byte
	// lastEscaped is the character of a backslash escape written last.
	lastEscaped byte
}

// listKind tells the kinds of list apart: items of one kind in a row make
// one list.
type listKind uint8

const (
	notList listKind = iota
	bulletList
	numberList
	todoList
)

func listKindOf(t string) listKind {
	switch t {
	case "bulleted_list_item":
		return bulletList
	case "numbered_list_item":
		return numberList
	case "to_do":
		return todoList
	}
	return notList
}

// listState is the numbering of the ordered list being written.
type listState struct {
	prev  listKind // kind of the previous sibling
	num   int
	delim byte
}

// blockList renders siblings.
func (r *mdRenderer) blockList(blocks []*Block, depth int) {
	if depth > maxNesting {
		r.separate(false)
		r.startLine()
		r.inline(RichText{{PlainText: "[nested too deeply to show]", Annotations: Annotations{Italic: true}}}, 0, inlineLine)
		r.endLine()
		return
	}
	var ls listState
	for _, b := range blocks {
		if b == nil || b.InTrash {
			continue
		}
		kind := listKindOf(b.Type)
		if kind == numberList {
			if ls.prev == numberList {
				ls.num++
			} else {
				ls.num = 1
				ls.delim = '.'
				if r.lastList == numberList && r.lastListDelim == '.' {
					// A new list right after another (with nothing visible
					// between) would merge into it and go on counting; a
					// different delimiter starts a new list at 1.
					ls.delim = ')'
				}
			}
		}
		r.block(b, kind, &ls, depth)
		ls.prev = kind
	}
}

// separate starts a block in the current container: after earlier
// content, a blank line (unless the block continues a tight list).
func (r *mdRenderer) separate(tight bool) {
	if r.wrote && !tight {
		r.sb.Write(trimRight(r.prefix))
		r.sb.WriteByte('\n')
	}
	r.wrote = true
	r.lastList = notList
	r.paraJoin = false
}

func (r *mdRenderer) startLine() { r.sb.Write(r.prefix) }

func (r *mdRenderer) endLine() { r.sb.WriteByte('\n') }

// push makes add part of the prefix of every line until pop.
func (r *mdRenderer) push(add string) int {
	n := len(r.prefix)
	r.prefix = append(r.prefix, add...)
	return n
}

func (r *mdRenderer) pop(n int) { r.prefix = r.prefix[:n] }

// nested renders children inside a container whose prefix is add. The
// container's first line, if any, has been written (wrote says so);
// item says the container is a list item.
func (r *mdRenderer) nested(children []*Block, add string, wrote, item bool, depth int) {
	n := r.push(add)
	savedList, savedDelim, savedItem := r.lastList, r.lastListDelim, r.inItem
	r.wrote = wrote
	r.lastList = notList
	r.inItem = item
	r.paraJoin = item && wrote
	r.blockList(children, depth+1)
	r.pop(n)
	r.wrote = true
	r.lastList, r.lastListDelim, r.inItem = savedList, savedDelim, savedItem
	r.paraJoin = false
}

func trimRight(p []byte) []byte {
	for len(p) > 0 && p[len(p)-1] == ' ' {
		p = p[:len(p)-1]
	}
	return p
}

// hasText reports whether rich text would print anything.
func hasText(rt RichText) bool {
	for i := range rt {
		s := rt[i].PlainText
		if rt[i].Equation != nil {
			s += rt[i].Equation.Expression
		}
		if strings.TrimSpace(Sanitize(s)) != "" {
			return true
		}
	}
	return false
}

// block renders one block and, where Notion shows them, its children.
func (r *mdRenderer) block(b *Block, kind listKind, ls *listState, depth int) {
	body := &b.Body
	switch b.Type {
	case "paragraph":
		if hasText(body.RichText) {
			// Inside a list item, Glamour glues paragraphs together
			// without a space; written as continuation lines of the
			// item's text, they read as its next lines instead.
			r.separate(r.inItem && r.paraJoin)
			r.startLine()
			r.inline(body.RichText, 0, inlineBlock)
			r.endLine()
			r.paraJoin = r.inItem
		}
		// Markdown cannot indent a paragraph's children: they follow it.
		r.blockList(b.Children, depth+1)

	case "heading_1", "heading_2", "heading_3", "heading_4":
		if hasText(body.RichText) {
			r.separate(false)
			r.startLine()
			level := int(b.Type[len(b.Type)-1] - '0')
			r.sb.WriteString("#### "[4-level:])
			r.inline(body.RichText, 0, inlineLine)
			r.endLine()
		}
		// A toggleable heading's content follows it, unfolded.
		r.blockList(b.Children, depth+1)

	case "bulleted_list_item", "numbered_list_item", "to_do":
		r.listItem(b, kind, ls, depth)

	case "toggle":
		r.toggle(b, depth)

	case "quote", "callout":
		r.quote(b, depth)

	case "code":
		r.code(b)

	case "equation":
		expr := Sanitize(body.Expression)
		if strings.TrimSpace(expr) != "" {
			// Terminals cannot typeset TeX; the source is the most
			// faithful rendering, and Glamour highlights it as LaTeX.
			r.fenced(expr, "latex")
		}

	case "divider":
		r.separate(false)
		r.startLine()
		r.sb.WriteString("---")
		r.endLine()

	case "table":
		r.table(b, b.Children)

	case "table_row":
		// A row without its table: show it as a table of one row.
		r.table(&Block{Type: "table"}, []*Block{b})

	case "column_list":
		for _, col := range b.Children {
			if col == nil || col.InTrash {
				continue
			}
			if col.Type == "column" {
				r.blockList(col.Children, depth+1)
			} else {
				r.blockList([]*Block{col}, depth+1)
			}
		}

	case "column", "synced_block", "template":
		// Their content is their children. A synced copy's children are
		// the original's, which is what Notion returns for it.
		r.blockList(b.Children, depth+1)

	case "image", "video", "pdf", "file", "audio":
		r.media(b)

	case "bookmark", "embed", "link_preview":
		url := safeHref(body.URL)
		label := SanitizeLine(body.Caption.Plain())
		if strings.TrimSpace(label) == "" {
			label = SanitizeLine(body.URL)
		}
		if url == "" {
			r.note(label, strings.ReplaceAll(b.Type, "_", " ")+": no link")
			break
		}
		r.linkLine(label, url)

	case "child_page", "child_database":
		title := SanitizeLine(body.Title)
		if strings.TrimSpace(title) == "" {
			title = "Untitled"
		}
		icon := "📄 "
		if b.Type == "child_database" {
			icon = "📊 "
		}
		r.pageLink(icon+title, b.ID)

	case "link_to_page":
		switch {
		case body.PageID != "":
			r.pageLink("📄 Linked page", body.PageID)
		case body.DatabaseID != "":
			r.pageLink("📊 Linked database", body.DatabaseID)
		default:
			r.note("", "link to a page that cannot be shown")
		}

	case "table_of_contents":
		r.tableOfContents()

	case "breadcrumb":
		// The TUI shows where the page sits; a breadcrumb adds nothing.

	default:
		name := SanitizeLine(b.Type)
		if len(name) > 64 {
			name = strings.ToValidUTF8(name[:64], "") + "…"
		}
		if name == "unsupported" || name == "" {
			r.note("", "unsupported block")
		} else {
			r.note("", "unsupported block: "+name)
		}
		// Content of a type from a newer API may still be readable.
		r.blockList(b.Children, depth+1)
	}
}

// toggle renders a toggle as its summary line, led by ▸, with the content
// in a block quote under it. Glamour draws nested blocks inside list items
// poorly (paragraphs run together), while a quote keeps any content
// together and visibly set apart.
func (r *mdRenderer) toggle(b *Block, depth int) {
	if !hasText(b.Body.RichText) && len(b.Children) == 0 {
		return
	}
	r.separate(false)
	r.startLine()
	r.sb.WriteString("▸")
	if hasText(b.Body.RichText) {
		r.sb.WriteByte(' ')
		r.inline(b.Body.RichText, 0, inlineBlock)
	}
	r.endLine()
	if len(b.Children) > 0 {
		r.sb.Write(trimRight(r.prefix))
		r.endLine()
		r.nested(b.Children, "> ", false, false, depth)
	}
}

// listItem renders a list item or a to-do with its children indented
// under it.
func (r *mdRenderer) listItem(b *Block, kind listKind, ls *listState, depth int) {
	// Items of one list follow each other tightly, and so does a list
	// that opens right under its parent item's text.
	tight := (ls.prev == kind && r.lastList == kind) || (r.inItem && r.paraJoin)
	r.separate(tight)
	r.startLine()
	var marker string
	switch kind {
	case numberList:
		marker = strconv.Itoa(ls.num) + string(ls.delim) + " "
	case todoList:
		marker = "- [ ] "
		if b.Body.Checked {
			marker = "- [x] "
		}
	default:
		marker = "- "
	}
	text := hasText(b.Body.RichText)
	if text {
		r.sb.WriteString(marker)
	} else {
		r.sb.WriteString(strings.TrimRight(marker, " "))
	}
	// Continuation lines and children align with the item's text.
	indent := "  "
	if kind == numberList {
		indent = strings.Repeat(" ", len(marker))
	}
	n := r.push(indent)
	if text {
		r.inline(b.Body.RichText, 0, inlineBlock)
	}
	r.endLine()
	r.pop(n)
	if len(b.Children) > 0 {
		r.nested(b.Children, indent, true, true, depth)
	}
	r.lastList = kind
	r.lastListDelim = ls.delim
}

// quote renders a quote or a callout (a quote led by its icon), with the
// children inside the quote.
func (r *mdRenderer) quote(b *Block, depth int) {
	icon := ""
	if b.Type == "callout" && b.Body.Icon != nil && b.Body.Icon.Type == "emoji" {
		icon = strings.TrimSpace(SanitizeLine(b.Body.Icon.Emoji))
	}
	text := hasText(b.Body.RichText)
	if !text && icon == "" && len(b.Children) == 0 {
		return
	}
	r.separate(false)
	n := r.push("> ")
	if text || icon != "" {
		r.startLine()
		if icon != "" {
			r.sb.WriteString(icon)
			if text {
				r.sb.WriteByte(' ')
			}
		}
		if text {
			r.inline(b.Body.RichText, 0, inlineBlock)
		}
		r.endLine()
	}
	r.pop(n)
	if len(b.Children) > 0 {
		r.nested(b.Children, "> ", text || icon != "", false, depth)
	}
}

// codeLanguages maps Notion's language names to the names Glamour's
// highlighter knows, where they differ.
var codeLanguages = map[string]string{
	"plain text":        "",
	"c++":               "cpp",
	"c#":                "csharp",
	"f#":                "fsharp",
	"objective-c":       "objectivec",
	"shell":             "sh",
	"vb.net":            "vbnet",
	"visual basic":      "vb",
	"java/c/c++/c#":     "java",
	"markup":            "html",
	"webassembly":       "wasm",
	"docker":            "dockerfile",
	"llvm ir":           "llvm",
	"flow":              "javascript",
	"coffeescript":      "coffee",
	"ms dos":            "batch",
	"notion formula":    "",
	"mermaid":           "mermaid",
	"protobuf":          "protobuf",
	"makefile":          "makefile",
	"powershell":        "powershell",
	"reason":            "reason",
	"javascript":        "javascript",
	"typescript":        "typescript",
	"abap":              "abap",
	"arduino":           "arduino",
	"plaintext":         "",
	"text":              "",
	"graphql":           "graphql",
	"scheme":            "scheme",
	"solidity":          "solidity",
	"sass":              "sass",
	"scss":              "scss",
	"less":              "less",
	"verilog":           "verilog",
	"vhdl":              "vhdl",
	"visual basic .net": "vbnet",
}

// codeLanguage turns a Notion language into a fence info string: known
// names are mapped, others lowercased, and anything that could break the
// fence line is dropped.
func codeLanguage(lang string) string {
	lang = strings.ToLower(strings.TrimSpace(lang))
	if mapped, ok := codeLanguages[lang]; ok {
		return mapped
	}
	for i := 0; i < len(lang); i++ {
		c := lang[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '#' || c == '-' || c == '_' || c == '.') {
			return ""
		}
	}
	return lang
}

// code renders a code block, its caption in italics under it.
func (r *mdRenderer) code(b *Block) {
	src := Sanitize(b.Body.RichText.Plain())
	r.fenced(src, codeLanguage(b.Body.Language))
	if hasText(b.Body.Caption) {
		r.separate(false)
		r.startLine()
		r.inline(b.Body.Caption, markItalic, inlineBlock)
		r.endLine()
	}
}

// fenced writes a fenced code block whose fence is longer than any run of
// backticks in src, so nothing inside can close it.
func (r *mdRenderer) fenced(src, lang string) {
	longest, cur := 0, 0
	for i := 0; i < len(src); i++ {
		if src[i] == '`' {
			cur++
			longest = max(longest, cur)
		} else {
			cur = 0
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	r.separate(false)
	r.startLine()
	r.sb.WriteString(fence)
	r.sb.WriteString(lang)
	r.endLine()
	src = strings.TrimSuffix(src, "\n")
	for line := range strings.SplitSeq(src, "\n") {
		if line == "" {
			r.sb.Write(trimRight(r.prefix))
		} else {
			r.startLine()
			r.sb.WriteString(line)
		}
		r.endLine()
	}
	r.startLine()
	r.sb.WriteString(fence)
	r.endLine()
}

// mediaNames label media blocks that have neither caption nor name.
var mediaNames = map[string]string{"image": "Image", "video": "Video", "pdf": "PDF", "file": "File", "audio": "Audio"}

// media renders an image, video, PDF, file or audio block as a link.
func (r *mdRenderer) media(b *Block) {
	body := &b.Body
	kind := mediaNames[b.Type]
	label := strings.TrimSpace(SanitizeLine(body.Caption.Plain()))
	if label == "" {
		label = strings.TrimSpace(SanitizeLine(body.Name))
	}
	if label == "" {
		label = kind
	}
	var url string
	switch {
	case body.External != nil && body.External.URL != "":
		url = body.External.URL
	case body.File != nil && body.File.URL != "":
		url = body.File.URL
	}
	href := safeHref(url)
	switch {
	case href != "":
		r.linkLine(label, href)
	case body.FileUpload != nil:
		r.note(label, "uploaded file, no link yet")
	default:
		r.note(label, "no link")
	}
}

// linkLine writes a paragraph holding one link.
func (r *mdRenderer) linkLine(label, href string) {
	r.separate(false)
	r.startLine()
	r.inline(RichText{{PlainText: label, Href: href}}, 0, inlineLine)
	r.endLine()
}

// pageLink writes a link that opens another Notion page in the TUI.
func (r *mdRenderer) pageLink(label, id string) {
	if _, ok := parseID(strings.TrimSpace(id)); !ok {
		r.note(label, "no valid id")
		return
	}
	r.linkLine(label, PageLinkURL(id))
}

// note writes a one-line italic remark in brackets: "[label: what]".
func (r *mdRenderer) note(label, what string) {
	text := "[" + what + "]"
	if label != "" {
		text = "[" + label + ": " + what + "]"
	}
	r.separate(false)
	r.startLine()
	r.inline(RichText{{PlainText: text, Annotations: Annotations{Italic: true}}}, 0, inlineLine)
	r.endLine()
}

// table renders a Notion table as a GFM table. Markdown needs a header
// row: without a column header in Notion, an empty one is written, which
// Glamour draws as a thin empty band rather than promoting a data row.
func (r *mdRenderer) table(b *Block, children []*Block) {
	rows := make([]*Block, 0, len(children))
	width := b.Body.TableWidth
	for _, row := range children {
		if row == nil || row.InTrash || row.Type != "table_row" {
			continue
		}
		rows = append(rows, row)
		width = max(width, len(row.Body.Cells))
	}
	if len(rows) == 0 || width == 0 {
		return
	}
	width = min(width, 64)
	r.separate(false)
	if b.Body.HasColumnHeader {
		r.tableRow(rows[0], width, false)
		rows = rows[1:]
	} else {
		r.startLine()
		r.sb.WriteByte('|')
		for range width {
			r.sb.WriteString("  |")
		}
		r.endLine()
	}
	r.startLine()
	r.sb.WriteByte('|')
	for range width {
		r.sb.WriteString(" --- |")
	}
	r.endLine()
	for _, row := range rows {
		r.tableRow(row, width, b.Body.HasRowHeader)
	}
}

func (r *mdRenderer) tableRow(row *Block, width int, rowHeader bool) {
	r.startLine()
	r.sb.WriteByte('|')
	for i := range width {
		r.sb.WriteByte(' ')
		if i < len(row.Body.Cells) {
			var force uint8
			if i == 0 && rowHeader {
				force = markBold
			}
			r.inline(row.Body.Cells[i], force, inlineCell)
		}
		r.sb.WriteString(" |")
	}
	r.endLine()
}

// tocEntry is a heading listed by a table of contents.
type tocEntry struct {
	level int
	text  RichText
}

// tableOfContents writes the page's headings as a nested list.
func (r *mdRenderer) tableOfContents() {
	if !r.tocReady {
		r.tocReady = true
		r.collectHeadings(r.root, 0)
	}
	if len(r.toc) == 0 {
		return
	}
	top := 4
	for _, e := range r.toc {
		top = min(top, e.level)
	}
	r.separate(false)
	depth := -1
	for _, e := range r.toc {
		// A heading two levels below the previous one is still nested
		// only one step deeper, or the list would break.
		depth = min(e.level-top, depth+1)
		r.startLine()
		for range depth {
			r.sb.WriteString("  ")
		}
		r.sb.WriteString("- ")
		r.inline(e.text, 0, inlineLine)
		r.endLine()
	}
	r.lastList = bulletList
}

func (r *mdRenderer) collectHeadings(blocks []*Block, depth int) {
	if depth > maxNesting {
		return
	}
	for _, b := range blocks {
		if b == nil || b.InTrash {
			continue
		}
		switch b.Type {
		case "heading_1", "heading_2", "heading_3", "heading_4":
			if hasText(b.Body.RichText) {
				r.toc = append(r.toc, tocEntry{level: int(b.Type[len(b.Type)-1] - '0'), text: b.Body.RichText})
			}
		}
		r.collectHeadings(b.Children, depth+1)
	}
}
