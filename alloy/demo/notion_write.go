package demo

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// inSegment is a rich-text segment as a client sends it: often only
// text.content, sometimes a whole segment echoed back.
type inSegment struct {
	Type string `json:"type"`
	Text *struct {
		Content string `json:"content"`
		Link    *link  `json:"link"`
	} `json:"text"`
	Mention     map[string]any `json:"mention"`
	Equation    *equation      `json:"equation"`
	Annotations *annotations   `json:"annotations"`
	PlainText   string         `json:"plain_text"`
}

// toSegments validates rich text from a request and completes it as Notion
// stores it (plain_text, annotations, href). where names it in errors.
func toSegments(raw json.RawMessage, where string) ([]segment, *notionError) {
	var in []inSegment
	if err := json.Unmarshal(raw, &in); err != nil {
		return nil, validationError("body failed validation: %s should be an array of rich text objects.", where)
	}
	if len(in) > maxArrayLength {
		return nil, validationError("body failed validation: %s.length should be ≤ `%d`, instead was `%d`.", where, maxArrayLength, len(in))
	}
	out := make([]segment, 0, len(in))
	for i, seg := range in {
		ann := annotations{Color: "default"}
		if seg.Annotations != nil {
			ann = *seg.Annotations
			if !notionColors[ann.Color] {
				ann.Color = "default"
			}
		}
		typ := seg.Type
		if typ == "" {
			switch {
			case seg.Text != nil:
				typ = "text"
			case seg.Mention != nil:
				typ = "mention"
			case seg.Equation != nil:
				typ = "equation"
			}
		}
		switch typ {
		case "text":
			if seg.Text == nil {
				return nil, validationError("body failed validation: %s[%d].text should be defined, instead was `undefined`.", where, i)
			}
			if n := utf16Len(seg.Text.Content); n > maxTextLength {
				return nil, validationError("body failed validation: %s[%d].text.content.length should be ≤ `%d`, instead was `%d`.", where, i, maxTextLength, n)
			}
			s := segment{Type: "text", Text: &textContent{Content: seg.Text.Content, Link: seg.Text.Link}, Annotations: ann, PlainText: seg.Text.Content}
			if seg.Text.Link != nil && seg.Text.Link.URL != "" {
				href := seg.Text.Link.URL
				s.Href = &href
			}
			out = append(out, s)
		case "equation":
			if seg.Equation == nil {
				return nil, validationError("body failed validation: %s[%d].equation should be defined, instead was `undefined`.", where, i)
			}
			out = append(out, segment{Type: "equation", Equation: seg.Equation, Annotations: ann, PlainText: seg.Equation.Expression})
		case "mention":
			if seg.Mention == nil {
				return nil, validationError("body failed validation: %s[%d].mention should be defined, instead was `undefined`.", where, i)
			}
			out = append(out, segment{Type: "mention", Mention: seg.Mention, Annotations: ann, PlainText: seg.PlainText})
		default:
			return nil, validationError("body failed validation: %s[%d] should be a text, mention or equation object.", where, i)
		}
	}
	return out, nil
}

// titleValue reads a title property value: {"title":[…]}, with or
// without "type" and "id".
func titleValue(raw json.RawMessage, where string) ([]segment, *notionError) {
	var v struct {
		Title json.RawMessage `json:"title"`
	}
	if err := json.Unmarshal(raw, &v); err != nil || len(v.Title) == 0 {
		return nil, validationError("body failed validation: %s.title should be defined, instead was `undefined`.", where)
	}
	return toSegments(v.Title, where+".title")
}

type patchBody struct {
	Properties map[string]json.RawMessage `json:"properties"`
	InTrash    *bool                      `json:"in_trash"`
	Archived   *bool                      `json:"archived"`
	Icon       json.RawMessage            `json:"icon"`
}

// patchPage updates a page: its title (under "title" or the page's own
// title property name), a row's select and text properties, its icon and
// whether it is in the trash. It answers the updated page.
func (s *Server) patchPage(req *executeRequest) (any, *notionError) {
	id, raw, err := idParam(req, "page_id")
	if err != nil {
		return nil, err
	}
	var body patchBody
	if err := decodeRequestBody(req.RequestBody, &body); err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.ws.pages[id]
	if !ok {
		return nil, notFound("page", clip(raw))
	}
	// Validate everything before changing anything: Notion applies a
	// request whole or not at all.
	var newTitle []segment
	setTitle := false
	values := map[*rowProp]string{}
	for name, value := range body.Properties {
		where := "body.properties." + clip(name)
		if name == "title" || name == p.titleProp {
			if setTitle {
				return nil, validationError("body failed validation: the title is given twice.")
			}
			if newTitle, err = titleValue(value, where); err != nil {
				return nil, err
			}
			setTitle = true
			continue
		}
		rp := p.rowProp(name)
		if rp == nil {
			return nil, validationError("%s is not a property that exists.", clip(name))
		}
		v, err := rowPropValue(rp, value, where)
		if err != nil {
			return nil, err
		}
		values[rp] = v
	}
	var icon string
	setIcon := len(body.Icon) > 0
	if setIcon {
		if icon, err = emojiIcon(body.Icon); err != nil {
			return nil, err
		}
	}
	if setTitle {
		p.title = newTitle
	}
	for rp, v := range values {
		rp.value = v
	}
	if setIcon {
		p.icon = icon
	}
	if body.InTrash != nil {
		p.inTrash = *body.InTrash
	} else if body.Archived != nil {
		p.inTrash = *body.Archived
	}
	p.edited = s.now()
	return s.ws.pageJSON(p), nil
}

func (p *page) rowProp(name string) *rowProp {
	for i := range p.props {
		if p.props[i].schema.name == name || propID(p.props[i].schema.name) == name {
			return &p.props[i]
		}
	}
	return nil
}

// rowPropValue reads a select ({"select":{"name"}} or null) or rich text
// value for a row property.
func rowPropValue(rp *rowProp, raw json.RawMessage, where string) (string, *notionError) {
	switch typ := rp.schema.typ; typ {
	case "select", "status":
		var v map[string]*struct {
			Name string `json:"name"`
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			return "", validationError("body failed validation: %s.%s should be an object or `null`.", where, typ)
		}
		if v[typ] == nil {
			return "", nil
		}
		if optionIndex(rp.schema, v[typ].Name) < 0 {
			return "", validationError("Invalid %s option %q for property %s.", typ, clip(v[typ].Name), rp.schema.name)
		}
		return v[typ].Name, nil
	case "checkbox":
		var v struct {
			Checkbox *bool `json:"checkbox"`
		}
		if err := json.Unmarshal(raw, &v); err != nil || v.Checkbox == nil {
			return "", validationError("body failed validation: %s.checkbox should be a boolean.", where)
		}
		return strconv.FormatBool(*v.Checkbox), nil
	case "number":
		var v struct {
			Number *float64 `json:"number"`
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			return "", validationError("body failed validation: %s.number should be a number or `null`.", where)
		}
		if v.Number == nil {
			return "", nil
		}
		return strconv.FormatFloat(*v.Number, 'f', -1, 64), nil
	case "rich_text", "title":
	case "multi_select", "date", "url", "email", "phone_number":
		// notion_append.go.
		return morePropValue(rp, raw, where)
	default:
		return "", validationError("body failed validation: %s: the demo does not write %s properties.", where, typ)
	}
	{
		var v struct {
			RichText json.RawMessage `json:"rich_text"`
		}
		if err := json.Unmarshal(raw, &v); err != nil || len(v.RichText) == 0 {
			return "", validationError("body failed validation: %s.rich_text should be defined, instead was `undefined`.", where)
		}
		segs, err := toSegments(v.RichText, where+".rich_text")
		if err != nil {
			return "", err
		}
		return plainText(segs), nil
	}
}

// emojiIcon reads an icon: an emoji, or null to remove it.
func emojiIcon(raw json.RawMessage) (string, *notionError) {
	if strings.TrimSpace(string(raw)) == "null" {
		return "", nil
	}
	var v struct {
		Type  string `json:"type"`
		Emoji string `json:"emoji"`
	}
	if err := json.Unmarshal(raw, &v); err != nil || v.Emoji == "" || (v.Type != "" && v.Type != "emoji") {
		return "", validationError("body failed validation: body.icon should be an emoji icon or `null` (the demo stores only emoji).")
	}
	return v.Emoji, nil
}

type createBody struct {
	Parent struct {
		Type         string `json:"type"`
		PageID       string `json:"page_id"`
		DatabaseID   string `json:"database_id"`
		DataSourceID string `json:"data_source_id"`
	} `json:"parent"`
	Properties map[string]json.RawMessage `json:"properties"`
	Children   []json.RawMessage          `json:"children"`
	Icon       json.RawMessage            `json:"icon"`
}

// createPage makes a page under a page (which gains a child_page block at
// its end, as in Notion) or a row in a database.
func (s *Server) createPage(req *executeRequest) (any, *notionError) {
	var body createBody
	if err := decodeRequestBody(req.RequestBody, &body); err != nil {
		return nil, err
	}
	if len(body.Children) > maxArrayLength {
		return nil, validationError("body failed validation: body.children.length should be ≤ `%d`, instead was `%d`.", maxArrayLength, len(body.Children))
	}
	parentRaw, parentType := body.Parent.PageID, "page_id"
	if body.Parent.DatabaseID != "" {
		parentRaw, parentType = body.Parent.DatabaseID, "database_id"
	}
	if body.Parent.DataSourceID != "" {
		parentRaw, parentType = body.Parent.DataSourceID, "data_source_id"
	}
	if parentRaw == "" {
		return nil, validationError("body failed validation: body.parent.page_id, body.parent.data_source_id or body.parent.database_id should be defined.")
	}
	parentID, ok := compactID(parentRaw)
	if !ok {
		return nil, validationError("body failed validation: body.parent.%s should be a valid uuid.", parentType)
	}
	var icon string
	if len(body.Icon) > 0 {
		var err *notionError
		if icon, err = emojiIcon(body.Icon); err != nil {
			return nil, err
		}
	}

	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	p := &page{id: randomID(), titleProp: "title", icon: icon, parent: parentRef{parentType, parentID}, created: now, edited: now, title: []segment{}}
	var parentPage *page
	if parentType == "page_id" {
		if parentPage, ok = s.ws.pages[parentID]; !ok {
			return nil, notFound("page", clip(parentRaw))
		}
	} else {
		var ds *dataSource
		if parentType == "data_source_id" {
			if ds, ok = s.ws.dataSource(parentID); !ok {
				return nil, notFound("data_source", clip(parentRaw))
			}
		} else {
			d, ok := s.ws.databases[parentID]
			if !ok {
				return nil, notFound("database", clip(parentRaw))
			}
			if len(d.sources) > 1 {
				return nil, validationError("body failed validation: body.parent.database_id names a database with several data sources; give body.parent.data_source_id.")
			}
			ds = d.sources[0]
		}
		p.parent, p.source, p.titleProp = parentRef{"database_id", ds.db.id}, ds, ds.titleProp
		for i := range ds.schema {
			p.props = append(p.props, rowProp{schema: &ds.schema[i]})
		}
	}
	for name, value := range body.Properties {
		where := "body.properties." + clip(name)
		if name == "title" || name == p.titleProp {
			t, err := titleValue(value, where)
			if err != nil {
				return nil, err
			}
			p.title = t
			continue
		}
		rp := p.rowProp(name)
		if rp == nil {
			return nil, validationError("%s is not a property that exists.", clip(name))
		}
		v, err := rowPropValue(rp, value, where)
		if err != nil {
			return nil, err
		}
		rp.value = v
	}
	bld := &newBlocks{ws: s.ws, now: now}
	kids, err := bld.list(body.Children, parentRef{"page_id", p.id}, "body.children", 0)
	if err != nil {
		return nil, err
	}
	p.children = kids
	bld.commit()
	s.ws.pages[p.id] = p
	if parentPage != nil {
		link := &block{id: p.id, typ: "child_page", parent: parentRef{"page_id", parentPage.id}, created: now, edited: now}
		parentPage.children = append(parentPage.children, link)
		parentPage.edited = now
	}
	return s.ws.pageJSON(p), nil
}

// maxCreateDepth is how deeply a create request may nest blocks; Notion
// allows two levels below the page.
const maxCreateDepth = 2

// creatableTypes are the block types a client may send.
var creatableTypes = map[string]bool{
	"paragraph": true, "heading_1": true, "heading_2": true, "heading_3": true, "heading_4": true,
	"bulleted_list_item": true, "numbered_list_item": true, "to_do": true, "toggle": true, "quote": true,
	"callout": true, "code": true, "equation": true, "divider": true, "table": true, "table_row": true,
	"column_list": true, "column": true, "image": true, "video": true, "pdf": true, "file": true, "audio": true,
	"bookmark": true, "embed": true, "link_to_page": true, "table_of_contents": true, "breadcrumb": true,
	"synced_block": true, "template": true,
}

// newBlocks collects blocks of a create request, indexed only once the
// whole request is valid.
type newBlocks struct {
	ws      *workspace
	now     time.Time
	created []*block
}

func (nb *newBlocks) commit() {
	for _, b := range nb.created {
		nb.ws.blocks[b.id] = b
	}
}

func (nb *newBlocks) list(raws []json.RawMessage, parent parentRef, where string, depth int) ([]*block, *notionError) {
	if len(raws) > 0 && depth > maxCreateDepth {
		return nil, validationError("body failed validation: %s nests blocks deeper than %d levels.", where, maxCreateDepth)
	}
	out := make([]*block, 0, len(raws))
	for i, raw := range raws {
		b, err := nb.one(raw, parent, fmt.Sprintf("%s[%d]", where, i), depth)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

func (nb *newBlocks) one(raw json.RawMessage, parent parentRef, where string, depth int) (*block, *notionError) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return nil, validationError("body failed validation: %s should be an object.", where)
	}
	var typ string
	_ = json.Unmarshal(fields["type"], &typ)
	if typ == "" {
		for k := range fields {
			if creatableTypes[k] {
				typ = k
			}
		}
	}
	if !creatableTypes[typ] {
		return nil, validationError("body failed validation: %s.type should be a block type that can be created.", where)
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(fields[typ], &body); err != nil || body == nil {
		return nil, validationError("body failed validation: %s.%s should be an object.", where, typ)
	}
	b := &block{id: randomID(), typ: typ, parent: parent, created: nb.now, edited: nb.now, body: map[string]any{}}
	var kidsRaw []json.RawMessage
	for _, src := range []json.RawMessage{body["children"], fields["children"]} {
		if len(src) > 0 {
			var more []json.RawMessage
			if err := json.Unmarshal(src, &more); err != nil {
				return nil, validationError("body failed validation: %s.children should be an array.", where)
			}
			kidsRaw = append(kidsRaw, more...)
		}
	}
	for k, v := range body {
		if k == "children" {
			continue
		}
		if k == "rich_text" || k == "caption" {
			segs, err := toSegments(v, where+"."+typ+"."+k)
			if err != nil {
				return nil, err
			}
			b.body[k] = segs
			continue
		}
		var val any
		if err := json.Unmarshal(v, &val); err != nil {
			return nil, validationError("body failed validation: %s.%s.%s is not valid.", where, typ, k)
		}
		b.body[k] = val
	}
	if typ == "table_row" {
		var cells []json.RawMessage
		if err := json.Unmarshal(body["cells"], &cells); err != nil {
			return nil, validationError("body failed validation: %s.table_row.cells should be an array.", where)
		}
		var rich [][]segment
		for j, c := range cells {
			segs, err := toSegments(c, fmt.Sprintf("%s.table_row.cells[%d]", where, j))
			if err != nil {
				return nil, err
			}
			rich = append(rich, segs)
		}
		b.body["cells"] = rich
	}
	kids, err := nb.list(kidsRaw, parentRef{"block_id", b.id}, where+".children", depth+1)
	if err != nil {
		return nil, err
	}
	b.children = kids
	nb.created = append(nb.created, b)
	return b, nil
}
