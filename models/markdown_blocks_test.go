package models

import (
	"strings"
	"testing"

	"charm.land/glamour/v2"
	"github.com/charmbracelet/x/ansi"
)

// para is a paragraph of plain text, with children.
func para(text string, children ...*Block) *Block {
	return &Block{Type: "paragraph", Body: BlockBody{RichText: RichText{seg(text, plain, "")}}, Children: children}
}

// textBlock is a block of a type that holds rich text, with children.
func textBlock(typ, text string, children ...*Block) *Block {
	return &Block{Type: typ, Body: BlockBody{RichText: RichText{seg(text, plain, "")}}, Children: children}
}

func row(cells ...string) *Block {
	b := &Block{Type: "table_row"}
	for _, c := range cells {
		b.Body.Cells = append(b.Body.Cells, RichText{seg(c, plain, "")})
	}
	return b
}

func dateMention(start, end string) Segment {
	plainText := start
	if end != "" {
		plainText += " → " + end
	}
	return Segment{Type: "mention", PlainText: plainText, Mention: &Mention{Type: "date", Date: &DateRange{Start: start, End: end}}}
}

// TestMarkdownBlocks pins the Markdown of the blocks whose rendering is
// a choice rather than plain CommonMark.
func TestMarkdownBlocks(t *testing.T) {
	tests := []struct {
		name   string
		blocks []*Block
		want   string
	}{
		{"table of contents nests by level, siblings stay siblings", []*Block{
			{Type: "table_of_contents"},
			textBlock("heading_2", "A"),
			textBlock("heading_3", "B1"),
			textBlock("heading_3", "B2"),
			textBlock("heading_1", "C"),
			textBlock("heading_3", "D"),
			textBlock("heading_3", "E"),
			textBlock("heading_2", "F"),
		}, "- A\n  - B1\n  - B2\n- C\n  - D\n  - E\n  - F\n\n## A\n\n### B1\n\n### B2\n\n# C\n\n### D\n\n### E\n\n## F\n"},
		{"table of contents of one level under a paragraph", []*Block{
			{Type: "table_of_contents"},
			textBlock("heading_3", "Release 1.1"),
			textBlock("heading_3", "Release 1.2"),
			textBlock("heading_2", "Before"),
		}, "- Release 1.1\n- Release 1.2\n- Before\n\n### Release 1.1\n\n### Release 1.2\n\n## Before\n"},
		{"toggle in a bullet is a line of the item", []*Block{
			textBlock("bulleted_list_item", "item", textBlock("toggle", "t", para("body"))),
		}, "- item\n  ▾ t\n\n  > body\n"},
		{"toggle without content", []*Block{textBlock("toggle", "closed")}, "▸ closed\n"},
		{"toggle content in a quote under it", []*Block{
			textBlock("toggle", "t", para("one"), textBlock("bulleted_list_item", "two")),
		}, "▾ t\n\n> one\n>\n> - two\n"},
		{"paragraph children indented under it", []*Block{
			para("parent", para("child")), para("sibling"),
		}, "parent\n\n> child\n\nsibling\n"},
		{"paragraph children in a list item go on as its lines", []*Block{
			textBlock("bulleted_list_item", "item", para("para", para("child"))),
		}, "- item\n  para\n  child\n"},
		{"quote", []*Block{textBlock("quote", "q", para("in"))}, "> q\n>\n> in\n"},
		{"callout with emoji", []*Block{{Type: "callout", Body: BlockBody{RichText: RichText{seg("c", plain, "")}, Icon: &Icon{Type: "emoji", Emoji: "⚠️"}}}}, "> ⚠️ c\n"},
		{"callout with a keycap emoji is escaped", []*Block{{Type: "callout", Body: BlockBody{RichText: RichText{seg("c", plain, "")}, Icon: &Icon{Type: "emoji", Emoji: "#️⃣"}}}}, "> \\#️⃣ c\n"},
		{"callout with custom emoji", []*Block{{Type: "callout", Body: BlockBody{RichText: RichText{seg("c", plain, "")}, Icon: &Icon{Type: "custom_emoji", CustomEmoji: &struct {
			Name string `json:"name"`
			URL  string `json:"url"`
		}{Name: "party"}}}}}, "> :party: c\n"},
		{"callout with a picture icon", []*Block{{Type: "callout", Body: BlockBody{RichText: RichText{seg("c", plain, "")}, Icon: &Icon{Type: "external", External: &FileRef{URL: "https://e.com/i.png"}}}}}, "> 💡 c\n"},
		{"table with header", []*Block{{Type: "table", Body: BlockBody{TableWidth: 2, HasColumnHeader: true}, Children: []*Block{row("h1", "h2"), row("a", "b")}}},
			"| h1 | h2 |\n| --- | --- |\n| a | b |\n"},
		{"table without header is a grid of lines", []*Block{{Type: "table", Body: BlockBody{TableWidth: 2}, Children: []*Block{row("a", "b"), row("", ""), row("- c", "d\ne")}}},
			"+ a │ b\n+ \\- c │ d e\n"},
		{"table without header, row header bold", []*Block{{Type: "table", Body: BlockBody{TableWidth: 2, HasRowHeader: true}, Children: []*Block{row("k", "v")}}},
			"+ **k** │ v\n"},
		{"table without header apart from a bulleted list", []*Block{textBlock("bulleted_list_item", "item"), {Type: "table", Body: BlockBody{TableWidth: 1}, Children: []*Block{row("r")}}, textBlock("bulleted_list_item", "next")},
			"- item\n\n+ r\n\n- next\n"},
		{"table of empty rows shows nothing", []*Block{{Type: "table", Body: BlockBody{TableWidth: 1}, Children: []*Block{row("")}}}, ""},
		{"code keeps indentation, tabs expanded", []*Block{{Type: "code", Body: BlockBody{Language: "go", RichText: RichText{seg("func f() {\n\tif x {\n\t\ty()\n\t}\n  a\tb\n}", plain, "")}}}},
			"```go\nfunc f() {\n    if x {\n        y()\n    }\n  a b\n}\n```\n"},
		{"date mention range in one year", []*Block{{Type: "paragraph", Body: BlockBody{RichText: RichText{seg("on ", plain, ""), dateMention("2024-04-24", "2024-04-26")}}}},
			"on Apr\u00a024\u00a0→\u00a0Apr\u00a026,\u00a02024\n"},
		{"date mention with time", []*Block{{Type: "paragraph", Body: BlockBody{RichText: RichText{dateMention("2025-02-19T23:00:00.000+09:00", "")}}}},
			"Feb\u00a019,\u00a02025\u00a023:00\n"},
		{"synced copy of an unshared original", []*Block{{Type: "synced_block", Body: BlockBody{SyncedFrom: &struct {
			BlockID string `json:"block_id"`
		}{BlockID: "b10c0001-0000-4000-8000-000000000001"}}}},
			"*Synced block: the original is not shared with the integration*\n"},
		{"synced copy with content", []*Block{{Type: "synced_block", Body: BlockBody{SyncedFrom: &struct {
			BlockID string `json:"block_id"`
		}{BlockID: "b10c0001-0000-4000-8000-000000000001"}}, Children: []*Block{para("shared")}}},
			"shared\n"},
		{"meeting notes", []*Block{{Type: "meeting_notes"}}, "*Meeting notes (not shown here)*\n"},
		{"unsupported", []*Block{{Type: "unsupported"}}, "*A kind of block the Notion API does not share (not shown here)*\n"},
		{"unknown type", []*Block{{Type: "fancy_chart"}}, "*Fancy chart block (not shown here)*\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Markdown(tt.blocks)
			if got != tt.want {
				t.Errorf("got\n%s\nwant\n%s\n(%q)", got, tt.want, got)
			}
			checkSafe(t, got)
			if strings.Contains(got, "&#8203;") || strings.Contains(got, "\u200b") {
				t.Errorf("zero-width character in %q", got)
			}
		})
	}
}

// glamourPlain renders Markdown with Glamour's style for no terminal and
// returns the lines with their edges trimmed and blank lines dropped.
func glamourPlain(t *testing.T, md string, width int) []string {
	t.Helper()
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle("notty"), glamour.WithWordWrap(width))
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Render(md)
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for l := range strings.SplitSeq(ansi.Strip(out), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}

// TestMarkdownThroughGlamour checks what a reader sees once Glamour has
// drawn the Markdown.
func TestMarkdownThroughGlamour(t *testing.T) {
	has := func(lines []string, want string) bool {
		for _, l := range lines {
			if l == want {
				return true
			}
		}
		return false
	}
	t.Run("toggle in a bullet on its own line", func(t *testing.T) {
		lines := glamourPlain(t, Markdown([]*Block{textBlock("bulleted_list_item", "A bullet holding a toggle", textBlock("toggle", "A toggle in a bullet", para("body")))}), 80)
		if !has(lines, "• A bullet holding a toggle") || !has(lines, "▾ A toggle in a bullet") {
			t.Errorf("lines %q", lines)
		}
	})
	t.Run("table without header has no empty header row", func(t *testing.T) {
		lines := glamourPlain(t, Markdown([]*Block{{Type: "table", Body: BlockBody{TableWidth: 2}, Children: []*Block{row("no header", "just cells"), row("second", "row")}}}), 80)
		if strings.Join(lines, "\n") != "• no header │ just cells\n• second │ row" {
			t.Errorf("lines %q", lines)
		}
	})
	t.Run("a date is not cut across lines", func(t *testing.T) {
		md := Markdown([]*Block{{Type: "paragraph", Body: BlockBody{RichText: RichText{seg("Due xxxxxx yyyyy ", plain, ""), dateMention("2024-04-24", "2024-04-26")}}}})
		for _, width := range []int{28, 30, 34, 40} {
			lines := glamourPlain(t, md, width)
			if !has(lines, "Apr\u00a024\u00a0→\u00a0Apr\u00a026,\u00a02024") && !strings.HasSuffix(lines[len(lines)-1], "Apr\u00a024\u00a0→\u00a0Apr\u00a026,\u00a02024") {
				t.Errorf("width %d: %q", width, lines)
			}
		}
	})
	t.Run("code keeps its indentation", func(t *testing.T) {
		lines := glamourPlain(t, Markdown([]*Block{{Type: "code", Body: BlockBody{RichText: RichText{seg("a\n\tb", plain, "")}}}}), 80)
		raw := strings.Join(lines, "\n")
		if !strings.Contains(raw, "a") || strings.Contains(raw, "\t") {
			t.Errorf("lines %q", lines)
		}
	})
}

func TestFormatDate(t *testing.T) {
	sp := func(s string) string { return strings.ReplaceAll(s, " ", "\u00a0") }
	tests := []struct{ start, end, want string }{
		{"2024-04-24", "", "Apr 24, 2024"},
		{"2024-04-24", "2024-04-26", "Apr 24 → Apr 26, 2024"},
		{"2024-12-30", "2025-01-02", "Dec 30, 2024 → Jan 2, 2025"},
		{"2024-04-24", "2024-04-24", "Apr 24, 2024"},
		{"2025-02-19T23:00:00.000+09:00", "", "Feb 19, 2025 23:00"},
		{"2025-02-19T09:00:00.000+09:00", "2025-02-19T17:30:00.000+09:00", "Feb 19, 2025 09:00 → 17:30"},
		{"2025-02-19T09:00:00Z", "2025-02-20T10:00:00Z", "Feb 19, 2025 09:00 → Feb 20, 2025 10:00"},
		{"2025-02-19", "2025-02-20T10:00", "Feb 19, 2025 → Feb 20, 2025 10:00"},
	}
	for _, tt := range tests {
		if got := FormatDate(tt.start, tt.end); got != sp(tt.want) {
			t.Errorf("FormatDate(%q, %q) = %q, want %q", tt.start, tt.end, got, sp(tt.want))
		}
	}
	// What is not a date comes back as it is.
	if got := FormatDate("tomorrow", ""); got != "tomorrow" {
		t.Errorf("got %q", got)
	}
	if got := FormatDate("soon", "later"); got != "soon → later" {
		t.Errorf("got %q", got)
	}
	// The sanitiser keeps the no-break spaces.
	if s := FormatDate("2024-04-24", ""); Sanitize(s) != s || SanitizeLine(s) != s {
		t.Errorf("sanitising changes %q", s)
	}
}

func TestColours(t *testing.T) {
	tests := []struct {
		in   string
		want Colour
	}{
		{"blue", Colour{Name: "blue"}},
		{"red_background", Colour{Name: "red", Background: true}},
		{"default", Colour{}},
		{"", Colour{}},
		{"default_background", Colour{}},
		{"\x1b[31m", Colour{}},
	}
	for _, tt := range tests {
		if got := ParseColour(tt.in); got != tt.want {
			t.Errorf("ParseColour(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
	if got := BlockColour(&Block{Type: "paragraph", Body: BlockBody{Color: "yellow_background"}}); got != (Colour{Name: "yellow", Background: true}) {
		t.Errorf("BlockColour = %+v", got)
	}

	red := Annotations{Color: "red"}
	blocks := []*Block{
		{Type: "paragraph", Body: BlockBody{RichText: RichText{
			seg("plain ", plain, ""), seg("red ", red, ""), seg("still red", Annotations{Color: "red", Bold: true}, ""),
			seg(" gap ", plain, ""), seg("under", Annotations{Underline: true}, ""), dateMention("2024-04-24", ""),
		}}, Children: []*Block{
			{Type: "to_do", Body: BlockBody{RichText: RichText{seg("bg", Annotations{Color: "blue_background"}, "")}}},
			{Type: "paragraph", InTrash: true, Body: BlockBody{RichText: RichText{seg("gone", red, "")}}},
		}},
		{Type: "table", Children: []*Block{{Type: "table_row", Body: BlockBody{Cells: []RichText{{seg("cell", Annotations{Color: "green"}, "")}}}}}},
	}
	got := TextStyles(blocks)
	want := []StyledText{
		{Text: "red still red", Colour: Colour{Name: "red"}},
		{Text: "under", Underline: true},
		{Text: "bg", Colour: Colour{Name: "blue", Background: true}},
		{Text: "cell", Colour: Colour{Name: "green"}},
	}
	if len(got) != len(want) {
		t.Fatalf("TextStyles = %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("run %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	// Markdown itself stays free of colour.
	if md := Markdown(blocks); strings.Contains(md, "red_") || strings.Contains(md, "\x1b") {
		t.Errorf("colour in Markdown: %q", md)
	}
}
