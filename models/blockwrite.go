package models

// WriteRichText is rich text in the shape Notion takes in a request:
// text segments with their content, link and annotations (only those set),
// and equations. Mentions, which a request cannot recreate from what was
// read, are written as their text.
func WriteRichText(rt RichText) []map[string]any {
	out := make([]map[string]any, 0, len(rt))
	for _, s := range rt {
		var seg map[string]any
		if s.Type == "equation" && s.Equation != nil {
			seg = map[string]any{"type": "equation", "equation": map[string]any{"expression": s.Equation.Expression}}
		} else {
			t := map[string]any{"content": s.PlainText}
			if s.Href != "" {
				t["link"] = map[string]any{"url": s.Href}
			}
			seg = map[string]any{"type": "text", "text": t}
		}
		if a := writeAnnotations(s.Annotations); a != nil {
			seg["annotations"] = a
		}
		out = append(out, seg)
	}
	return out
}

func writeAnnotations(a Annotations) map[string]any {
	if a == (Annotations{}) || a == (Annotations{Color: "default"}) {
		return nil
	}
	m := map[string]any{}
	if a.Bold {
		m["bold"] = true
	}
	if a.Italic {
		m["italic"] = true
	}
	if a.Strikethrough {
		m["strikethrough"] = true
	}
	if a.Underline {
		m["underline"] = true
	}
	if a.Code {
		m["code"] = true
	}
	if a.Color != "" && a.Color != "default" {
		m["color"] = a.Color
	}
	return m
}

// WriteBlock is a block in the shape Notion takes in a create or append
// request, without its children (the caller adds them under "children"
// in the body, as many levels as a request may hold). Only the fields a
// block of its type takes are written.
func WriteBlock(b *Block) map[string]any {
	body := map[string]any{}
	rich := func() { body["rich_text"] = WriteRichText(b.Body.RichText) }
	switch b.Type {
	case "paragraph", "heading_1", "heading_2", "heading_3", "heading_4", "bulleted_list_item",
		"numbered_list_item", "quote", "toggle":
		rich()
		if b.Body.IsToggleable {
			body["is_toggleable"] = true
		}
	case "to_do":
		rich()
		body["checked"] = b.Body.Checked
	case "callout":
		rich()
		if b.Body.Icon != nil && b.Body.Icon.Emoji != "" {
			body["icon"] = map[string]any{"type": "emoji", "emoji": b.Body.Icon.Emoji}
		}
	case "code":
		rich()
		lang := b.Body.Language
		if !notionLanguages[lang] {
			lang = NotionLanguage(lang)
		}
		body["language"] = lang
		if len(b.Body.Caption) > 0 {
			body["caption"] = WriteRichText(b.Body.Caption)
		}
	case "equation":
		body["expression"] = b.Body.Expression
	case "divider", "table_of_contents", "breadcrumb":
	case "table":
		body["table_width"] = b.Body.TableWidth
		body["has_column_header"] = b.Body.HasColumnHeader
		body["has_row_header"] = b.Body.HasRowHeader
	case "table_row":
		cells := make([][]map[string]any, 0, len(b.Body.Cells))
		for _, c := range b.Body.Cells {
			cells = append(cells, WriteRichText(c))
		}
		body["cells"] = cells
	case "image", "video", "pdf", "file", "audio":
		url := ""
		if b.Body.External != nil {
			url = b.Body.External.URL
		} else if b.Body.File != nil {
			url = b.Body.File.URL
		}
		body["type"] = "external"
		body["external"] = map[string]any{"url": url}
		if len(b.Body.Caption) > 0 {
			body["caption"] = WriteRichText(b.Body.Caption)
		}
	case "bookmark", "embed":
		body["url"] = b.Body.URL
		if len(b.Body.Caption) > 0 {
			body["caption"] = WriteRichText(b.Body.Caption)
		}
	default:
		rich()
	}
	if c := b.Body.Color; c != "" && c != "default" {
		switch b.Type {
		case "paragraph", "heading_1", "heading_2", "heading_3", "heading_4", "bulleted_list_item",
			"numbered_list_item", "to_do", "quote", "toggle", "callout":
			body["color"] = c
		}
	}
	return map[string]any{"object": "block", "type": b.Type, b.Type: body}
}

// NeedsChildren reports whether a block must be created with its children
// in the same request (a table with its rows).
func NeedsChildren(b *Block) bool { return b.Type == "table" }
