package demo

import (
	"fmt"
	"strings"
	"unicode/utf16"
)

// segment is one piece of Notion rich text, in the shape Notion sends it.
type segment struct {
	Type        string         `json:"type"`
	Text        *textContent   `json:"text,omitempty"`
	Mention     map[string]any `json:"mention,omitempty"`
	Equation    *equation      `json:"equation,omitempty"`
	Annotations annotations    `json:"annotations"`
	PlainText   string         `json:"plain_text"`
	Href        *string        `json:"href"`
}

type textContent struct {
	Content string `json:"content"`
	Link    *link  `json:"link"`
}

type link struct {
	URL string `json:"url"`
}

type equation struct {
	Expression string `json:"expression"`
}

type annotations struct {
	Bold          bool   `json:"bold"`
	Italic        bool   `json:"italic"`
	Strikethrough bool   `json:"strikethrough"`
	Underline     bool   `json:"underline"`
	Code          bool   `json:"code"`
	Color         string `json:"color"`
}

// notionColors are the colours Notion accepts for text and blocks.
var notionColors = map[string]bool{}

func init() {
	for _, c := range []string{"default", "gray", "brown", "orange", "yellow", "green", "blue", "purple", "pink", "red"} {
		notionColors[c] = true
		if c != "default" {
			notionColors[c+"_background"] = true
		}
	}
}

// plainSegment is a text segment without annotations.
func plainSegment(s string) segment {
	return segment{
		Type:        "text",
		Text:        &textContent{Content: s},
		Annotations: annotations{Color: "default"},
		PlainText:   s,
	}
}

// plainText joins the plain text of every segment, which is how Notion
// readers turn rich text (a title, say) into a string.
func plainText(rt []segment) string {
	var sb strings.Builder
	for _, s := range rt {
		sb.WriteString(s.PlainText)
	}
	return sb.String()
}

// utf16Len counts a string the way Notion limits text: in UTF-16 code units,
// so an emoji outside the basic plane counts twice.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// mentionResolver gives the workspace's view of what a mention points at.
type mentionResolver interface {
	// pageRef returns the Notion id and current title of a page or
	// database named by its workspace key.
	pageRef(kind, key string) (id, title string, ok bool)
}

// parseRichText reads the workspace's inline markup into rich text.
//
// Plain characters stand for themselves, so Markdown syntax in the text
// (`*`, `#`, `[`) is just text. Markup is `{mods|text}`: mods is a comma
// list of b, i, s, u, c (bold, italic, strikethrough, underline, code), a
// Notion colour, href=URL, or one of @user, @date, @page, @db (mentions,
// text being a name, "start→end", or a workspace key) and $ (an inline
// equation). A `{` not followed by space-free mods and a `|` is literal; a
// backslash escapes the next character.
func parseRichText(src string, res mentionResolver) ([]segment, error) {
	var out []segment
	var plain strings.Builder
	flush := func() {
		if plain.Len() > 0 {
			out = append(out, plainSegment(plain.String()))
			plain.Reset()
		}
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case c == '\\' && i+1 < len(src):
			plain.WriteByte(src[i+1])
			i += 2
		case c == '{':
			mods, rest, ok := markupHead(src[i+1:])
			if !ok {
				plain.WriteByte(c)
				i++
				continue
			}
			text, n, err := markupBody(rest)
			if err != nil {
				return nil, fmt.Errorf("markup at %q: %w", clip(src[i:]), err)
			}
			flush()
			seg, err := markupSegment(mods, text, res)
			if err != nil {
				return nil, fmt.Errorf("markup at %q: %w", clip(src[i:]), err)
			}
			out = append(out, seg)
			i += 1 + len(mods) + 1 + n
		default:
			plain.WriteByte(c)
			i++
		}
	}
	flush()
	return out, nil
}

func clip(s string) string {
	if len(s) > 40 {
		return s[:40] + "…"
	}
	return s
}

// markupHead splits "mods|rest" when mods holds no space, brace or bar.
func markupHead(s string) (mods, rest string, ok bool) {
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '|':
			if i == 0 {
				return "", "", false
			}
			return s[:i], s[i+1:], true
		case ' ', '{', '}', '\t':
			return "", "", false
		}
	}
	return "", "", false
}

// markupBody reads up to the closing brace, unescaping, and returns the
// text and how many bytes (closing brace included) it used.
func markupBody(s string) (string, int, error) {
	var sb strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 < len(s) {
				i++
				sb.WriteByte(s[i])
			}
		case '}':
			return sb.String(), i + 1, nil
		default:
			sb.WriteByte(c)
		}
	}
	return "", 0, fmt.Errorf("no closing brace")
}

func markupSegment(mods, text string, res mentionResolver) (segment, error) {
	ann := annotations{Color: "default"}
	var href, kind string
	for _, m := range strings.Split(mods, ",") {
		switch {
		case m == "b":
			ann.Bold = true
		case m == "i":
			ann.Italic = true
		case m == "s":
			ann.Strikethrough = true
		case m == "u":
			ann.Underline = true
		case m == "c":
			ann.Code = true
		case notionColors[m]:
			ann.Color = m
		case strings.HasPrefix(m, "href="):
			href = strings.TrimPrefix(m, "href=")
		case m == "@user", m == "@date", m == "@page", m == "@db", m == "$":
			kind = m
		default:
			return segment{}, fmt.Errorf("unknown modifier %q", m)
		}
	}
	seg := segment{Annotations: ann}
	switch kind {
	case "":
		seg.Type = "text"
		seg.Text = &textContent{Content: text}
		seg.PlainText = text
		if href != "" {
			seg.Text.Link = &link{URL: href}
		}
	case "$":
		seg.Type = "equation"
		seg.Equation = &equation{Expression: text}
		seg.PlainText = text
	case "@user":
		seg.Type = "mention"
		seg.Mention = map[string]any{"type": "user", "user": map[string]any{"object": "user", "id": dashed(hashID("user:" + text))}}
		seg.PlainText = "@" + text
	case "@date":
		start, end, _ := strings.Cut(text, "→")
		start, end = strings.TrimSpace(start), strings.TrimSpace(end)
		date := map[string]any{"start": start, "end": nil, "time_zone": nil}
		seg.PlainText = start
		if end != "" {
			date["end"] = end
			seg.PlainText = start + " → " + end
		}
		seg.Type = "mention"
		seg.Mention = map[string]any{"type": "date", "date": date}
	case "@page", "@db":
		target := "page"
		if kind == "@db" {
			target = "database"
		}
		id, title, ok := res.pageRef(target, text)
		if !ok {
			return segment{}, fmt.Errorf("mention of unknown %s %q", target, text)
		}
		seg.Type = "mention"
		seg.Mention = map[string]any{"type": target, target: map[string]any{"id": dashed(id)}}
		seg.PlainText = title
		href = "https://www.notion.so/" + id
	}
	if href != "" {
		seg.Href = &href
	}
	return seg, nil
}
