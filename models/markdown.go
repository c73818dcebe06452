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
//
// Where Markdown has no form for a Notion block, the choices are: a toggle
// is a line led by ▾ (▸ when it has no content) with its content in a
// block quote under it, and a toggleable heading is led by the same
// markers (a caller shows a toggle closed by giving it no children); a callout is a block quote led by its icon (💡
// when it has none); a paragraph's children are in a block quote under it
// (in a list item, they go on as the item's lines); a table without a
// header row is a list of + items, one a row, cells separated by " │ ";
// dates read as words ("Apr 24 → Apr 26, 2024", see FormatDate); blocks
// that are not rendered say what they are in one italic line. Colours and
// underline are left out: see TextStyles and BlockColour.
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

// SourceMarkdownTo is Markdown for a file to keep or to create the page from
// again: the same, but an image is written as one, ![caption](url), which
// FromMarkdown reads back as an image block. Markdown writes it as a link
// to the image, a line of its caption, which is how a reader shows it.
func SourceMarkdownTo(sb *strings.Builder, blocks []*Block) {
	r := mdRenderer{sb: sb, root: blocks, images: true}
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
	// images says an image block is written as an image, not a link.
	images bool

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
	// lastOpened says that delimiter opened emphasis.
	lastOpened bool
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
		r.childrenOf(b, depth)

	case "heading_1", "heading_2", "heading_3", "heading_4":
		if hasText(body.RichText) {
			r.separate(false)
			r.startLine()
			level := int(b.Type[len(b.Type)-1] - '0')
			r.sb.WriteString("#### "[4-level:])
			if body.IsToggleable {
				// Marked as a toggle is: ▾ when its content follows,
				// ▸ when it has none (or it is shown closed).
				if hasVisible(b.Children) {
					r.sb.WriteString(toggleOpen + " ")
				} else {
					r.sb.WriteString(toggleClosed + " ")
				}
			}
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

	case "synced_block":
		// A synced copy's children are the original's, which the client
		// fetches for it; when the original is not shared with the
		// integration it arrives empty.
		if sf := body.SyncedFrom; sf != nil && sf.BlockID != "" && !hasVisible(b.Children) {
			r.note("Synced block: the original is not shared with the integration")
			break
		}
		r.blockList(b.Children, depth+1)

	case "column", "template":
		// Their content is their children.
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
			r.note(labelled(label, strings.ReplaceAll(b.Type, "_", " ")+": no link"))
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
			r.note("Link to a page that cannot be shown")
		}

	case "table_of_contents":
		r.tableOfContents()

	case "breadcrumb":
		// The TUI shows where the page sits; a breadcrumb adds nothing.

	default:
		r.note(unshownName(b.Type) + " (not shown here)")
		// Content of a type from a newer API may still be readable.
		r.blockList(b.Children, depth+1)
	}
}

// toggle renders a toggle as its summary line, led by ▾ when its content
// follows (it is shown open) and by ▸ when it has none, with the content in
// a block quote under it: Glamour indents nothing else but lists, and a
// list would put a bullet before every block of the content. Inside a list
// item the summary is a line of the item's text, as Glamour would run a
// paragraph into the text before it.
func (r *mdRenderer) toggle(b *Block, depth int) {
	text := hasText(b.Body.RichText)
	body := hasVisible(b.Children)
	if !text && !body {
		return
	}
	r.separate(r.inItem && r.paraJoin)
	r.startLine()
	if body {
		r.sb.WriteString(toggleOpen)
	} else {
		r.sb.WriteString(toggleClosed)
	}
	if text {
		r.sb.WriteByte(' ')
		r.inline(b.Body.RichText, 0, inlineBlock)
	}
	r.endLine()
	if body {
		r.indented(b.Children, depth)
	}
}

// The markers that lead a toggle's summary line, as Notion draws them.
const (
	toggleOpen   = "▾"
	toggleClosed = "▸"
)

// indented writes children in a block quote under the line just written:
// the content of a toggle, or the children of a paragraph, which Notion
// shows indented. A blank line keeps the quote from being read as a lazy
// continuation of the line above.
func (r *mdRenderer) indented(children []*Block, depth int) {
	r.sb.Write(trimRight(r.prefix))
	r.endLine()
	r.nested(children, "> ", false, false, depth)
}

// childrenOf writes the children of a text block (a paragraph, a
// template's content). Inside a list item they go on as the item's
// lines, which Glamour already shows indented under the item's marker;
// elsewhere they go in a block quote under the block, as Notion indents
// them.
func (r *mdRenderer) childrenOf(b *Block, depth int) {
	if !hasVisible(b.Children) {
		return
	}
	if r.inItem || !hasText(b.Body.RichText) {
		r.blockList(b.Children, depth+1)
		return
	}
	r.indented(b.Children, depth)
}

// hasVisible reports whether any of blocks is not in the trash. A block
// may still render as nothing (an empty paragraph); this is the cheap
// check that keeps a toggle with no content from promising some.
func hasVisible(blocks []*Block) bool {
	for _, b := range blocks {
		if b != nil && !b.InTrash {
			return true
		}
	}
	return false
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

// quote renders a quote, and a callout as a quote led by its icon (💡,
// Notion's default, when it has none that text can show), with the
// children inside the quote. The icon is what tells a callout from a
// quote, and the ▾ line what tells a toggle's content from both.
func (r *mdRenderer) quote(b *Block, depth int) {
	icon := ""
	if b.Type == "callout" {
		icon = calloutIcon(b.Body.Icon)
	}
	text := hasText(b.Body.RichText)
	if !text && icon == "" && len(b.Children) == 0 {
		return
	}
	r.separate(false)
	n := r.push("> ")
	if text || icon != "" {
		r.startLine()
		rt := b.Body.RichText
		if icon != "" {
			// The icon goes through the escaping like any text: an emoji
			// such as #️⃣ starts with a character Markdown would read.
			rt = append(RichText{{Type: "text", PlainText: icon + " "}}, rt...)
		}
		r.inline(rt, 0, inlineBlock)
		r.endLine()
	}
	r.pop(n)
	if len(b.Children) > 0 {
		r.nested(b.Children, "> ", text || icon != "", false, depth)
	}
}

// calloutIcon is the text that leads a callout: its emoji, a custom
// emoji's :name:, or 💡 for an icon that is a picture or missing.
func calloutIcon(icon *Icon) string {
	if icon != nil {
		switch {
		case icon.Emoji != "":
			if e := strings.TrimSpace(SanitizeLine(icon.Emoji)); e != "" && len(e) <= 64 {
				return e
			}
		case icon.CustomEmoji != nil && icon.CustomEmoji.Name != "":
			if name := strings.TrimSpace(SanitizeLine(icon.CustomEmoji.Name)); name != "" && len(name) <= 64 {
				return ":" + name + ":"
			}
		}
	}
	return "💡"
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
		line = expandTabs(line)
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

// tabWidth is the distance between tab stops in code.
const tabWidth = 4

// expandTabs replaces the tabs of a line of code with spaces up to the next
// tab stop. A terminal draws a tab as a jump to a column of its own, which
// Glamour's wrapping does not count, so indentation made of tabs would come
// out at a width nobody chose, or be lost on a wrapped line.
func expandTabs(line string) string {
	if !strings.Contains(line, "\t") {
		return line
	}
	var b strings.Builder
	col := 0
	for _, c := range line {
		if c == '\t' {
			n := tabWidth - col%tabWidth
			b.WriteString("    "[:n])
			col += n
			continue
		}
		b.WriteRune(c)
		col++
	}
	return b.String()
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
	case href != "" && r.images && b.Type == "image":
		r.image(body.Caption, href)
	case href != "":
		r.linkLine(label, href)
	case body.FileUpload != nil:
		r.note(labelled(label, "uploaded file, no link yet"))
	default:
		r.note(labelled(label, "no link"))
	}
}

// linkLine writes a paragraph holding one link.
func (r *mdRenderer) linkLine(label, href string) {
	r.separate(false)
	r.startLine()
	r.inline(RichText{{PlainText: label, Href: href}}, 0, inlineLine)
	r.endLine()
}

// image writes a paragraph holding one image. The caption, its styles and
// links kept, is the image's alt text, on one line: a paragraph that is
// only an image is what FromMarkdown reads as an image block.
func (r *mdRenderer) image(caption RichText, href string) {
	alt := make(RichText, len(caption))
	for i, seg := range caption {
		seg.PlainText = SanitizeLine(seg.PlainText)
		alt[i] = seg
	}
	r.separate(false)
	r.startLine()
	r.sb.WriteString("![" + RichTextMarkdown(alt) + "](" + href + ")")
	r.endLine()
}

// pageLink writes a link that opens another Notion page in the TUI.
func (r *mdRenderer) pageLink(label, id string) {
	if _, ok := parseID(strings.TrimSpace(id)); !ok {
		r.note(labelled(label, "no valid id"))
		return
	}
	r.linkLine(label, PageLinkURL(id))
}

// note writes a one-line remark in italics, such as "Image: no link".
func (r *mdRenderer) note(text string) {
	r.separate(false)
	r.startLine()
	r.inline(RichText{{PlainText: text, Annotations: Annotations{Italic: true}}}, 0, inlineLine)
	r.endLine()
}

// labelled is "label: what", or what alone, capitalised, when there is
// no label.
func labelled(label, what string) string {
	if label != "" {
		return label + ": " + what
	}
	return capitalise(what)
}

func capitalise(s string) string {
	if s != "" && s[0] >= 'a' && s[0] <= 'z' {
		return string(s[0]-'a'+'A') + s[1:]
	}
	return s
}

// unshownNames name the block types that are not rendered, where a
// reader would not recognise the API's name.
var unshownNames = map[string]string{
	"unsupported":   "A kind of block the Notion API does not share",
	"meeting_notes": "Meeting notes",
	"transcription": "Meeting notes",
	"ai_block":      "AI block",
	"button":        "Button",
	"form":          "Form",
}

// unshownName says in words what a block that is not rendered is: its
// Notion name, or its type made readable ("some_type" reads "Some type
// block").
func unshownName(t string) string {
	if name, ok := unshownNames[t]; ok {
		return name
	}
	name := strings.TrimSpace(strings.ReplaceAll(SanitizeLine(t), "_", " "))
	if name == "" {
		return "A block of unknown type"
	}
	if len(name) > 64 {
		name = strings.ToValidUTF8(name[:64], "") + "…"
	}
	return capitalise(name) + " block"
}

// table renders a Notion table. With a column header it is a GFM table,
// whose first row is the header. Markdown has no table without a header
// row, and an empty one shows as a blank band over the table, so a table
// without one is written as a list-like grid instead: one item a row, its
// cells separated by " │ ". A row header is bold in both.
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
	if !b.Body.HasColumnHeader {
		r.grid(rows, width, b.Body.HasRowHeader)
		return
	}
	r.tableRow(rows[0], width, false)
	r.startLine()
	r.sb.WriteByte('|')
	for range width {
		r.sb.WriteString(" --- |")
	}
	r.endLine()
	for _, row := range rows[1:] {
		r.tableRow(row, width, b.Body.HasRowHeader)
	}
}

// gridSeparator separates the cells of a row of a table without a header.
const gridSeparator = " │ "

// grid writes the rows of a table without a column header as a tight
// bullet list, one item a row: every renderer keeps list items on lines of
// their own (Glamour joins a paragraph's lines unless told to keep its
// line breaks). A cell's line breaks become spaces, so that a row stays
// one item; rows with no text are left out.
func (r *mdRenderer) grid(rows []*Block, width int, rowHeader bool) {
	var line RichText
	for _, row := range rows {
		line = line[:0]
		text := false
		for c := range min(width, len(row.Body.Cells)) {
			text = text || hasText(row.Body.Cells[c])
		}
		if !text {
			continue
		}
		for c := range width {
			if c > 0 {
				line = append(line, Segment{Type: "text", PlainText: gridSeparator})
			}
			if c >= len(row.Body.Cells) {
				continue
			}
			for _, s := range row.Body.Cells[c] {
				if c == 0 && rowHeader {
					s.Annotations.Bold = true
				}
				s.PlainText = strings.ReplaceAll(s.PlainText, "\n", " ")
				line = append(line, s)
			}
		}
		r.startLine()
		// + keeps the rows a list of their own beside a bulleted list
		// (written with -) right before or after.
		r.sb.WriteString("+ ")
		n := r.push("  ")
		r.inline(line, 0, inlineBlock)
		r.pop(n)
		r.endLine()
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
	r.separate(false)
	// open holds the levels of the headings the current one sits under:
	// a heading nests under the nearest earlier heading of a higher level
	// (a smaller number), however many levels apart they are, so that
	// headings of one level are always siblings.
	var open [4]int
	depth := 0
	for _, e := range r.toc {
		for depth > 0 && open[depth-1] >= e.level {
			depth--
		}
		r.startLine()
		for range depth {
			r.sb.WriteString("  ")
		}
		r.sb.WriteString("- ")
		r.inline(e.text, 0, inlineLine)
		r.endLine()
		open[depth] = e.level
		depth++
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

// Colour is one of Notion's colours, for text or, with Background, behind
// it. Name is gray, brown, orange, yellow, green, blue, purple, pink or
// red; the zero Colour is Notion's "default", no colour.
//
// Markdown has no colour and no underline, so Markdown leaves both out and
// stays clean for `show --format markdown`. A renderer that can show them
// reads them beside the Markdown: BlockColour for a block as a whole and
// TextStyles for runs of text, both from the same blocks.
type Colour struct {
	Name       string
	Background bool
}

// notionColours are the colour names Notion uses.
var notionColours = map[string]bool{
	"gray": true, "brown": true, "orange": true, "yellow": true, "green": true,
	"blue": true, "purple": true, "pink": true, "red": true,
}

// ParseColour reads a Notion colour ("blue", "blue_background"); "default"
// and names Notion does not use read as the zero Colour.
func ParseColour(s string) Colour {
	name, bg := strings.CutSuffix(s, "_background")
	if !notionColours[name] {
		return Colour{}
	}
	return Colour{Name: name, Background: bg}
}

// IsZero reports whether c is no colour.
func (c Colour) IsZero() bool { return c.Name == "" }

// BlockColour is the colour Notion gives a block as a whole (a paragraph,
// heading, list item, to-do, toggle, quote or callout, and a table's cells
// through its rows), or the zero Colour. A renderer by pieces can tint the
// lines of a piece whose first block has one; the colour of a nested block
// applies to that block's own text only.
func BlockColour(b *Block) Colour {
	if b == nil {
		return Colour{}
	}
	return ParseColour(b.Body.Color)
}

// StyledText is a run of text with the styles Markdown cannot carry.
type StyledText struct {
	// Text is the run as it shows: sanitised and with dates as words,
	// before Markdown's escaping. Whitespace inside it may wrap.
	Text string
	// Colour is the run's own colour (Notion's inline colour).
	Colour Colour
	// Underline says the run is underlined.
	Underline bool
}

// TextStyles lists the runs of the blocks' text (and their children's,
// and table cells', and captions') that have a colour or an underline, in
// the order Markdown writes them, neighbours with the same style merged.
// A renderer finds each in the rendered text by searching for it after the
// previous one (comparing text without whitespace, which wrapping
// changes), and styles it; text between the runs keeps the renderer's own
// styles. Blocks in the trash are left out, as in Markdown.
func TextStyles(blocks []*Block) []StyledText {
	var out []StyledText
	textStyles(blocks, &out, 0)
	return out
}

func textStyles(blocks []*Block, out *[]StyledText, depth int) {
	if depth > maxNesting {
		return
	}
	for _, b := range blocks {
		if b == nil || b.InTrash {
			continue
		}
		richStyles(b.Body.RichText, out)
		for _, cell := range b.Body.Cells {
			richStyles(cell, out)
		}
		richStyles(b.Body.Caption, out)
		textStyles(b.Children, out, depth+1)
	}
}

func richStyles(rt RichText, out *[]StyledText) {
	prev := -1 // index in out of the run the previous segment added to
	for i := range rt {
		seg := &rt[i]
		st := StyledText{Colour: ParseColour(seg.Annotations.Color), Underline: seg.Annotations.Underline}
		if st.Colour.IsZero() && !st.Underline {
			prev = -1
			continue
		}
		text := segmentText(seg)
		if text == "" {
			continue
		}
		if prev >= 0 && (*out)[prev].Colour == st.Colour && (*out)[prev].Underline == st.Underline {
			(*out)[prev].Text += text
			continue
		}
		st.Text = text
		*out = append(*out, st)
		prev = len(*out) - 1
	}
}
