package demo

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"path"
	"strconv"
	"strings"
	"time"
)

// workspace is the Notion side of the demo: pages, databases and blocks,
// keyed by their compact (undashed, lower-case) ids. The Server's mutex
// guards it.
type workspace struct {
	pages     map[string]*page
	databases map[string]*database
	blocks    map[string]*block
	// keys maps a workspace file's key to the id of its page or database.
	keys map[string]string
}

// page is one Notion page: a wiki page, a database row or a generated page.
type page struct {
	id        string
	title     []segment
	titleProp string
	icon      string
	parent    parentRef
	created   time.Time
	edited    time.Time
	props     []rowProp
	children  []*block
	inTrash   bool
	// source is, for a database row, the data source it belongs to.
	source *dataSource
}

// rowProp is the value of one non-title property of a database row.
type rowProp struct {
	schema *propSchema
	value  string
}

// database is one Notion database; its rows are the pages whose parent it is.
type database struct {
	id        string
	title     []segment
	titleProp string
	icon      string
	parent    parentRef
	created   time.Time
	edited    time.Time
	schema    []propSchema
	inTrash   bool
	// sources are the database's data sources (2025-09-03), in order; a
	// database of the workspace files has one, named as the database,
	// whose schema is the database's.
	sources []*dataSource
}

// dataSource is one data source of a database: a schema and the rows
// (pages) whose source it is.
type dataSource struct {
	id        string
	db        *database
	name      string
	titleProp string
	schema    []propSchema
}

// parentRef says where a page, database or block sits.
type parentRef struct {
	typ string // workspace, page_id, database_id or block_id
	id  string
}

// block is one Notion block. body is what Notion puts under the key named
// after the type.
type block struct {
	id       string
	typ      string
	body     map[string]any
	children []*block
	parent   parentRef
	created  time.Time
	edited   time.Time
	// syncedFrom is, for a synced copy, the id of the original block,
	// whose children are the copy's content.
	syncedFrom string
}

// botUserID stands for the integration in created_by and last_edited_by.
var botUserID = dashed(hashID("user:alloy-tui demo integration"))

// hashID derives a stable Notion-style id (a version 4 UUID in compact
// form) from a name, so the workspace's ids do not change between runs.
func hashID(name string) string {
	sum := sha256.Sum256([]byte(name))
	return uuidHex(sum[:16])
}

// randomID makes a fresh Notion-style id for a created page or block.
func randomID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return uuidHex(b[:])
}

func uuidHex(b []byte) string {
	u := make([]byte, 16)
	copy(u, b)
	u[6] = u[6]&0x0f | 0x40
	u[8] = u[8]&0x3f | 0x80
	return hex.EncodeToString(u)
}

// dashed writes a compact id in Notion's 8-4-4-4-12 form.
func dashed(id string) string {
	if len(id) != 32 {
		return id
	}
	return id[:8] + "-" + id[8:12] + "-" + id[12:16] + "-" + id[16:20] + "-" + id[20:]
}

// compactID normalises an id as a client may send it (dashed or not, any
// case) and reports whether it is one.
func compactID(s string) (string, bool) {
	s = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(s), "-", ""))
	if len(s) != 32 {
		return "", false
	}
	if _, err := hex.DecodeString(s); err != nil {
		return "", false
	}
	return s, true
}

// notionTime writes a time as Notion does.
func notionTime(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000Z")
}

// pageURL is https://www.notion.so/<Title-words>-<32 hex>, the form Notion
// gives pages; a title without ASCII words leaves the id alone.
func pageURL(title, id string) string {
	words := strings.FieldsFunc(title, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	})
	if len(words) == 0 {
		return "https://www.notion.so/" + id
	}
	return "https://www.notion.so/" + strings.Join(words, "-") + "-" + id
}

// workspaceBase dates the workspace: entries without explicit times are
// spread over the months before it.
var workspaceBase = time.Date(2025, 3, 3, 9, 0, 0, 0, time.UTC)

// buildWorkspace makes a fresh workspace from the parsed files plus extra
// generated pages.
func buildWorkspace(specs []*entrySpec, extraPages int) (*workspace, error) {
	ws := &workspace{
		pages:     map[string]*page{},
		databases: map[string]*database{},
		blocks:    map[string]*block{},
		keys:      map[string]string{},
	}
	// The parsed specs are shared by every server: work on copies, since
	// the dates are filled in below and servers may be built concurrently.
	own := make([]*entrySpec, len(specs))
	for i, e := range specs {
		c := *e
		own[i] = &c
	}
	specs = own
	byKey := map[string]*entrySpec{}
	for i, e := range specs {
		if _, dup := byKey[e.key]; dup || e.key == "workspace" {
			return nil, fmt.Errorf("%s:%d: key %q used twice", e.file, e.line, e.key)
		}
		byKey[e.key] = e
		ws.keys[e.key] = hashID(e.kind + ":" + e.key)
		if e.created.IsZero() {
			e.created = workspaceBase.Add(-time.Duration(len(specs)-i) * 61 * time.Hour)
		}
		if e.edited.IsZero() {
			e.edited = e.created.Add(time.Duration(i%7+1) * 53 * time.Hour)
		}
	}
	// Databases first, so rows can check their properties.
	for _, e := range specs {
		if e.kind != "database" {
			continue
		}
		d := &database{
			id: ws.keys[e.key], title: []segment{plainSegment(e.title)}, titleProp: e.titleProp,
			icon: e.icon, created: e.created, edited: e.edited, schema: e.schema,
		}
		if d.titleProp == "" {
			d.titleProp = "Name"
		}
		p, err := ws.parentOf(e, byKey)
		if err != nil {
			return nil, err
		}
		d.parent = p
		d.sources = []*dataSource{{id: hashID("data-source:" + d.id), db: d, name: e.title, titleProp: d.titleProp, schema: d.schema}}
		ws.databases[d.id] = d
	}
	for _, e := range specs {
		if e.kind != "page" {
			continue
		}
		p := &page{
			id: ws.keys[e.key], title: []segment{plainSegment(e.title)}, titleProp: e.titleProp,
			icon: e.icon, created: e.created, edited: e.edited,
		}
		var err error
		if p.parent, err = ws.parentOf(e, byKey); err != nil {
			return nil, err
		}
		if err := ws.setRowProps(p, e); err != nil {
			return nil, err
		}
		ws.pages[p.id] = p
	}
	// Bodies last: they mention and link to any entry.
	for _, e := range specs {
		if e.kind != "page" {
			if len(e.body) > 0 {
				return nil, fmt.Errorf("%s:%d: database %q cannot have a body", e.file, e.line, e.key)
			}
			continue
		}
		p := ws.pages[ws.keys[e.key]]
		bb := &bodyBuilder{ws: ws, key: e.key, page: p, synced: map[string]string{}}
		kids, err := bb.blocks(e.body, parentRef{"page_id", p.id}, "")
		if err != nil {
			return nil, fmt.Errorf("%s: page %q: %w", e.file, e.key, err)
		}
		if err := bb.resolveCopies(); err != nil {
			return nil, fmt.Errorf("%s: page %q: %w", e.file, e.key, err)
		}
		p.children = kids
	}
	if err := ws.checkLinks(); err != nil {
		return nil, err
	}
	for n := 1; n <= extraPages; n++ {
		ws.addGenerated(n)
	}
	return ws, nil
}

func (ws *workspace) parentOf(e *entrySpec, byKey map[string]*entrySpec) (parentRef, error) {
	if e.parent == "workspace" {
		return parentRef{typ: "workspace"}, nil
	}
	pe, ok := byKey[e.parent]
	if !ok {
		return parentRef{}, fmt.Errorf("%s:%d: parent %q is not in the workspace", e.file, e.line, e.parent)
	}
	if pe.kind == "database" {
		if e.kind != "page" {
			return parentRef{}, fmt.Errorf("%s:%d: a database cannot sit in a database", e.file, e.line)
		}
		return parentRef{"database_id", ws.keys[pe.key]}, nil
	}
	return parentRef{"page_id", ws.keys[pe.key]}, nil
}

// setRowProps gives a database row its title property name and values.
func (ws *workspace) setRowProps(p *page, e *entrySpec) error {
	if p.parent.typ != "database_id" {
		if len(e.props) > 0 {
			return fmt.Errorf("%s:%d: only database rows have properties", e.file, e.line)
		}
		if p.titleProp == "" {
			p.titleProp = "title"
		}
		return nil
	}
	d := ws.databases[p.parent.id]
	p.source = d.sources[0]
	if p.titleProp == "" {
		p.titleProp = d.titleProp
	}
	if p.titleProp != d.titleProp {
		return fmt.Errorf("%s:%d: a row's title property must be its database's %q", e.file, e.line, d.titleProp)
	}
	for i := range d.schema {
		ps := &d.schema[i]
		rp := rowProp{schema: ps}
		for _, v := range e.props {
			if v.name == ps.name {
				rp.value = v.value
			}
		}
		if err := checkPropValue(ps, rp.value); err != nil {
			return fmt.Errorf("%s:%d: %w", e.file, e.line, err)
		}
		p.props = append(p.props, rp)
	}
	for _, v := range e.props {
		found := false
		for _, ps := range d.schema {
			found = found || ps.name == v.name
		}
		if !found {
			return fmt.Errorf("%s:%d: the database has no property %q", e.file, e.line, v.name)
		}
	}
	return nil
}

func optionIndex(ps *propSchema, name string) int {
	for i, o := range ps.options {
		if o == name {
			return i
		}
	}
	return -1
}

// checkLinks makes sure every page or database inside a page is reachable:
// its parent links to it with exactly one child_page or child_database block.
func (ws *workspace) checkLinks() error {
	links := map[string]int{}
	var walk func([]*block)
	walk = func(bs []*block) {
		for _, b := range bs {
			if b.typ == "child_page" || b.typ == "child_database" {
				if b.parent.typ == "page_id" {
					links[b.id+"<"+b.parent.id]++
				} else {
					links[b.id+"<nested"]++
				}
			}
			walk(b.children)
		}
	}
	for _, p := range ws.pages {
		walk(p.children)
	}
	for key, id := range ws.keys {
		var parent parentRef
		if p, ok := ws.pages[id]; ok {
			parent = p.parent
		} else {
			parent = ws.databases[id].parent
		}
		if parent.typ != "page_id" {
			continue
		}
		if n := links[id+"<"+parent.id]; n != 1 {
			return fmt.Errorf("%q: its parent page must link to it with one child block at the top level, found %d", key, n)
		}
	}
	return nil
}

// addGenerated adds "Generated page n", older than the whole wiki so that
// the wiki comes first in search.
func (ws *workspace) addGenerated(n int) {
	id := hashID("generated:" + strconv.Itoa(n))
	t := workspaceBase.AddDate(-1, 0, 0).Add(-time.Duration(n) * time.Minute)
	p := &page{
		id:        id,
		title:     []segment{plainSegment("Generated page " + strconv.Itoa(n))},
		titleProp: "title",
		parent:    parentRef{typ: "workspace"},
		created:   t,
		edited:    t,
	}
	b := &block{
		id:  hashID("generated-block:" + strconv.Itoa(n)),
		typ: "paragraph",
		body: map[string]any{"color": "default", "rich_text": []segment{
			plainSegment("This page was generated so that long lists can be tested (number " + strconv.Itoa(n) + ")."),
		}},
		parent:  parentRef{"page_id", id},
		created: t,
		edited:  t,
	}
	p.children = []*block{b}
	ws.pages[id] = p
	ws.blocks[b.id] = b
}

// pageRef resolves a mention for parseRichText.
func (ws *workspace) pageRef(kind, key string) (string, string, bool) {
	id, ok := ws.keys[key]
	if !ok {
		return "", "", false
	}
	if kind == "page" {
		if p, ok := ws.pages[id]; ok {
			return id, plainText(p.title), true
		}
		return "", "", false
	}
	if d, ok := ws.databases[id]; ok {
		return id, plainText(d.title), true
	}
	return "", "", false
}

// bodyBuilder turns one page's block specs into blocks.
type bodyBuilder struct {
	ws     *workspace
	key    string
	page   *page
	synced map[string]string // label of a synced original → its block id
	copies []*block
	labels []string // label wanted by each of copies
}

// leafTokens are the tokens whose blocks cannot have children.
var leafTokens = map[string]bool{
	"code": true, "eq": true, "---": true, "image": true, "video": true, "pdf": true,
	"file": true, "audio": true, "bookmark": true, "embed": true, "link_preview": true,
	"child_page": true, "child_database": true, "link_to_page": true, "synced_copy": true,
	"toc": true, "breadcrumb": true, "unsupported": true, "unknown": true, "row": true,
	"h1": true, "h2": true, "h3": true, "h4": true,
}

func (bb *bodyBuilder) blocks(specs []*blockSpec, parent parentRef, pathPrefix string) ([]*block, error) {
	out := make([]*block, 0, len(specs))
	for i, s := range specs {
		b, err := bb.block(s, parent, pathPrefix+"/"+strconv.Itoa(i))
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

func (bb *bodyBuilder) rich(s *blockSpec, src string) ([]segment, error) {
	rt, err := parseRichText(src, bb.ws)
	if err != nil {
		return nil, fmt.Errorf("line %d: %w", s.line, err)
	}
	if rt == nil {
		rt = []segment{}
	}
	return rt, nil
}

func (bb *bodyBuilder) block(s *blockSpec, parent parentRef, blockPath string) (*block, error) {
	b := &block{
		id:      hashID("block:" + bb.key + blockPath),
		parent:  parent,
		created: bb.page.created,
		edited:  bb.page.edited,
		body:    map[string]any{},
	}
	if leafTokens[s.token] && len(s.children) > 0 {
		return nil, fmt.Errorf("line %d: a %q block cannot have children", s.line, s.token)
	}
	color := s.color
	if color == "" {
		color = "default"
	}
	var err error
	textBlock := func(typ string) {
		b.typ = typ
		b.body["color"] = color
		b.body["rich_text"], err = bb.rich(s, s.arg)
	}
	switch tok := s.token; tok {
	case "p":
		textBlock("paragraph")
	case "h1", "h2", "h3", "h4", "h1+", "h2+", "h3+", "h4+":
		textBlock("heading_" + tok[1:2])
		b.body["is_toggleable"] = strings.HasSuffix(tok, "+")
	case "-":
		textBlock("bulleted_list_item")
	case "1.":
		textBlock("numbered_list_item")
	case "todo", "done":
		textBlock("to_do")
		b.body["checked"] = tok == "done"
	case "toggle", "quote", "template":
		textBlock(tok)
		if tok == "template" {
			delete(b.body, "color")
		}
	case "callout":
		emoji, rest, _ := strings.Cut(s.arg, " ")
		b.typ = "callout"
		if s.color == "" {
			color = "gray_background"
		}
		b.body["color"] = color
		b.body["icon"] = map[string]any{"type": "emoji", "emoji": emoji}
		b.body["rich_text"], err = bb.rich(s, rest)
	case "code":
		lang, caption, _ := strings.Cut(s.arg, " | ")
		b.typ = "code"
		b.body["language"] = strings.TrimSpace(lang)
		b.body["rich_text"] = []segment{plainSegment(strings.Join(s.raw, "\n"))}
		b.body["caption"], err = bb.rich(s, caption)
	case "eq":
		b.typ = "equation"
		b.body["expression"] = s.arg
	case "---":
		b.typ = "divider"
	case "image", "video", "pdf", "file", "audio":
		url, caption, _ := strings.Cut(s.arg, " | ")
		b.typ = tok
		b.body["type"] = "external"
		b.body["external"] = map[string]any{"url": strings.TrimSpace(url)}
		if tok != "image" {
			b.body["name"] = path.Base(strings.TrimSpace(url))
		}
		b.body["caption"], err = bb.rich(s, caption)
	case "bookmark", "embed":
		url, caption, _ := strings.Cut(s.arg, " | ")
		b.typ = tok
		b.body["url"] = strings.TrimSpace(url)
		b.body["caption"], err = bb.rich(s, caption)
	case "link_preview":
		b.typ = tok
		b.body["url"] = s.arg
	case "child_page", "child_database", "link_to_page":
		err = bb.reference(b, s, tok)
	case "synced":
		b.typ = "synced_block"
		b.body["synced_from"] = nil
		if _, dup := bb.synced[s.arg]; dup || s.arg == "" {
			return nil, fmt.Errorf("line %d: synced block label %q missing or used twice", s.line, s.arg)
		}
		bb.synced[s.arg] = b.id
	case "synced_copy":
		b.typ = "synced_block"
		bb.copies = append(bb.copies, b)
		bb.labels = append(bb.labels, s.arg)
	case "toc":
		b.typ = "table_of_contents"
		b.body["color"] = color
	case "breadcrumb":
		b.typ = "breadcrumb"
	case "table":
		err = bb.table(b, s)
		if err == nil {
			bb.ws.blocks[b.id] = b
		}
		return b, err
	case "columns":
		b.typ = "column_list"
		for _, c := range s.children {
			if c.token != "column" {
				return nil, fmt.Errorf("line %d: a column list holds only columns", c.line)
			}
		}
	case "column":
		b.typ = "column"
	case "unsupported":
		b.typ = "unsupported"
		b.body["block_type"] = s.arg
	case "unknown":
		// A type this server pretends Notion added after the client was
		// written: the body is opaque.
		b.typ = s.arg
		b.body["payload"] = "opaque"
	default:
		return nil, fmt.Errorf("line %d: unknown block %q", s.line, s.token)
	}
	if err != nil {
		return nil, err
	}
	if b.children, err = bb.blocks(s.children, parentRef{"block_id", b.id}, blockPath); err != nil {
		return nil, err
	}
	if b.typ == "child_page" || b.typ == "child_database" {
		// The block is the page (or database) itself: same id. It is not
		// in the blocks index, so the id resolves to the page.
		return b, nil
	}
	bb.ws.blocks[b.id] = b
	return b, nil
}

// reference fills a child_page, child_database or link_to_page block.
func (bb *bodyBuilder) reference(b *block, s *blockSpec, tok string) error {
	id, ok := bb.ws.keys[s.arg]
	if !ok {
		return fmt.Errorf("line %d: %s of unknown key %q", s.line, tok, s.arg)
	}
	_, isPage := bb.ws.pages[id]
	_, isDB := bb.ws.databases[id]
	b.typ = tok
	switch {
	case tok == "child_page" && isPage, tok == "child_database" && isDB:
		// Notion gives a child page block the id of the page it is.
		b.id = id
	case tok == "link_to_page" && isPage:
		b.body["type"] = "page_id"
		b.body["page_id"] = dashed(id)
	case tok == "link_to_page" && isDB:
		b.body["type"] = "database_id"
		b.body["database_id"] = dashed(id)
	default:
		return fmt.Errorf("line %d: %s cannot point at %q", s.line, tok, s.arg)
	}
	return nil
}

// table builds a table and its rows; every row has the table's width.
func (bb *bodyBuilder) table(b *block, s *blockSpec) error {
	b.typ = "table"
	flags := strings.Fields(s.arg)
	b.body["has_column_header"] = contains(flags, "header")
	b.body["has_row_header"] = contains(flags, "rowheader")
	width := 0
	for i, r := range s.children {
		if r.token != "row" {
			return fmt.Errorf("line %d: a table holds only rows", r.line)
		}
		cells := strings.Split(r.arg, " | ")
		if i == 0 {
			width = len(cells)
		} else if len(cells) != width {
			return fmt.Errorf("line %d: row has %d cells, the table %d", r.line, len(cells), width)
		}
		row := &block{
			id:      hashID(b.id + "/row/" + strconv.Itoa(i)),
			typ:     "table_row",
			parent:  parentRef{"block_id", b.id},
			created: b.created,
			edited:  b.edited,
		}
		var rich [][]segment
		for _, c := range cells {
			rt, err := bb.rich(r, strings.TrimSpace(c))
			if err != nil {
				return err
			}
			rich = append(rich, rt)
		}
		row.body = map[string]any{"cells": rich}
		b.children = append(b.children, row)
		bb.ws.blocks[row.id] = row
	}
	b.body["table_width"] = width
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// resolveCopies points synced copies at their originals, wherever on the
// page the original is.
func (bb *bodyBuilder) resolveCopies() error {
	for i, c := range bb.copies {
		orig, ok := bb.synced[bb.labels[i]]
		if !ok {
			return fmt.Errorf("synced copy of unknown label %q", bb.labels[i])
		}
		c.syncedFrom = orig
		c.body["synced_from"] = map[string]any{"type": "block_id", "block_id": dashed(orig)}
	}
	return nil
}

// titleOf is a page's or database's title as plain text.
func (ws *workspace) titleOf(id string) string {
	if p, ok := ws.pages[id]; ok {
		return plainText(p.title)
	}
	if d, ok := ws.databases[id]; ok {
		return plainText(d.title)
	}
	return ""
}

// contentOf returns the children of whatever id names: a page's top-level
// blocks, a block's children, a synced copy's original's children.
func (ws *workspace) contentOf(id string) ([]*block, bool) {
	if p, ok := ws.pages[id]; ok {
		return p.children, true
	}
	if _, ok := ws.databases[id]; ok {
		return nil, true
	}
	b, ok := ws.blocks[id]
	if !ok {
		return nil, false
	}
	if b.syncedFrom != "" {
		if orig, ok := ws.blocks[b.syncedFrom]; ok {
			return orig.children, true
		}
	}
	return b.children, true
}

func userRef() map[string]any { return map[string]any{"object": "user", "id": botUserID} }

func (pr parentRef) json() map[string]any {
	if pr.typ == "workspace" {
		return map[string]any{"type": "workspace", "workspace": true}
	}
	return map[string]any{"type": pr.typ, pr.typ: dashed(pr.id)}
}

func iconJSON(emoji string) any {
	if emoji == "" {
		return nil
	}
	return map[string]any{"type": "emoji", "emoji": emoji}
}

// pageJSON renders a page as Notion's page object. A database row's
// parent is its data source (with the database's id), as from 2025-09-03,
// and its properties come in the schema's order, the title last.
func (ws *workspace) pageJSON(p *page) map[string]any {
	parent := p.parent.json()
	if p.source != nil {
		parent = map[string]any{"type": "data_source_id", "data_source_id": dashed(p.source.id), "database_id": dashed(p.source.db.id)}
	}
	return map[string]any{
		"object":           "page",
		"id":               dashed(p.id),
		"created_time":     notionTime(p.created),
		"last_edited_time": notionTime(p.edited),
		"created_by":       userRef(),
		"last_edited_by":   userRef(),
		"cover":            nil,
		"icon":             iconJSON(p.icon),
		"parent":           parent,
		"archived":         p.inTrash,
		"in_trash":         p.inTrash,
		"is_locked":        false,
		"properties":       rowProperties(p),
		"url":              pageURL(plainText(p.title), p.id),
		"public_url":       nil,
	}
}

// propID is a short stable property id, like Notion's.
func propID(name string) string { return hashID("prop:" + name)[:4] }

var optionColors = []string{"gray", "blue", "green", "yellow", "orange", "red", "purple", "pink", "brown"}

func optionJSON(ps *propSchema, i int) map[string]any {
	return map[string]any{
		"id":    hashID("option:" + ps.name + ":" + ps.options[i])[:8],
		"name":  ps.options[i],
		"color": optionColors[i%len(optionColors)],
	}
}

// blockJSON renders a block as Notion's block object. Child page and
// database blocks show the current title of what they link to.
func (ws *workspace) blockJSON(b *block) map[string]any {
	body := b.body
	hasChildren := len(b.children) > 0
	switch b.typ {
	case "child_page", "child_database":
		body = map[string]any{"title": ws.titleOf(b.id)}
		if p, ok := ws.pages[b.id]; ok {
			hasChildren = len(p.children) > 0
		}
	case "synced_block":
		if b.syncedFrom != "" {
			if orig, ok := ws.blocks[b.syncedFrom]; ok {
				hasChildren = len(orig.children) > 0
			}
		}
	}
	if body == nil {
		body = map[string]any{}
	}
	return map[string]any{
		"object":           "block",
		"id":               dashed(b.id),
		"parent":           b.parent.json(),
		"created_time":     notionTime(b.created),
		"last_edited_time": notionTime(b.edited),
		"created_by":       userRef(),
		"last_edited_by":   userRef(),
		"has_children":     hasChildren,
		"archived":         false,
		"in_trash":         false,
		"type":             b.typ,
		b.typ:              body,
	}
}

// addBigPage adds the page of Options.BigPageBlocks: n blocks in all, in
// sections of 32 (a heading, paragraphs, a toggle of six, a bulleted list
// nested two levels, a numbered list, a to-do), so that loading it takes
// both long cursor chains and many small children lists, as a long page
// in a real workspace does.
func (ws *workspace) addBigPage(n int) {
	id := hashID("big-page")
	t := workspaceBase.AddDate(0, 0, -1)
	p := &page{
		id:        id,
		title:     []segment{plainSegment(BigPageTitle)},
		titleProp: "title",
		icon:      "📚",
		parent:    parentRef{typ: "workspace"},
		created:   t,
		edited:    t,
	}
	count := 0
	add := func(parent parentRef, typ, text string) *block {
		count++
		b := &block{
			id:      hashID("big-block:" + strconv.Itoa(count)),
			typ:     typ,
			body:    map[string]any{"color": "default", "rich_text": []segment{plainSegment(text)}},
			parent:  parent,
			created: t,
			edited:  t,
		}
		switch typ {
		case "to_do":
			b.body["checked"] = count%2 == 0
		case "heading_2":
			b.body["is_toggleable"] = false
		}
		ws.blocks[b.id] = b
		return b
	}
	top := parentRef{"page_id", id}
	under := func(b *block, typ, text string) *block {
		c := add(parentRef{"block_id", b.id}, typ, text)
		b.children = append(b.children, c)
		return c
	}
	const sectionSize = 32
	for section := 1; count+sectionSize <= n; section++ {
		s := strconv.Itoa(section)
		p.children = append(p.children, add(top, "heading_2", "Section "+s))
		for i := 1; i <= 14; i++ {
			p.children = append(p.children, add(top, "paragraph",
				"Paragraph "+strconv.Itoa(i)+" of section "+s+": generated text, long enough to wrap on a narrow terminal and to be read."))
		}
		toggle := add(top, "toggle", "Details of section "+s)
		for i := 1; i <= 6; i++ {
			under(toggle, "paragraph", "Detail "+strconv.Itoa(i)+" of section "+s+".")
		}
		p.children = append(p.children, toggle)
		item := add(top, "bulleted_list_item", "A point of section "+s)
		under(item, "bulleted_list_item", "A sub-point")
		nested := under(item, "bulleted_list_item", "A sub-point with more")
		under(nested, "bulleted_list_item", "A sub-sub-point")
		under(nested, "bulleted_list_item", "Another sub-sub-point")
		under(item, "bulleted_list_item", "A last sub-point")
		p.children = append(p.children, item)
		for i := 1; i <= 3; i++ {
			p.children = append(p.children, add(top, "numbered_list_item", "Step "+strconv.Itoa(i)+" of section "+s))
		}
		p.children = append(p.children, add(top, "to_do", "Check section "+s))
	}
	for count < n {
		p.children = append(p.children, add(top, "paragraph", "A closing paragraph."))
	}
	ws.pages[id] = p
}
