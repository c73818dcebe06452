package models

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"charm.land/glamour/v2"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	extast "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// roundTrips is how many random rich texts TestRichTextRoundTrip tries.
var roundTrips = 3000

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// checkSafe fails when s holds a control byte other than newline and tab,
// or a C1 control, or invalid UTF-8.
func checkSafe(t testing.TB, s string) {
	t.Helper()
	if i := firstUnsafe(s); i >= 0 {
		t.Fatalf("unsafe byte %#x at %d in output: %q", s[i], i, s[max(0, i-20):min(len(s), i+20)])
	}
}

func loadBlocks(t testing.TB, path string) []*Block {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var blocks []*Block
	if err := json.Unmarshal(data, &blocks); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return blocks
}

// TestMarkdownGolden renders every block tree in testdata and compares the
// result with its .golden file (go test -run Golden -update rewrites them).
func TestMarkdownGolden(t *testing.T) {
	inputs, err := filepath.Glob(filepath.Join("testdata", "*.json"))
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no inputs in testdata: %v", err)
	}
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in), ".json")
		t.Run(name, func(t *testing.T) {
			got := Markdown(loadBlocks(t, in))
			checkSafe(t, got)
			golden := filepath.Join("testdata", name+".golden")
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("Markdown differs from %s (run with -update after checking):\n--- got ---\n%s\n--- want ---\n%s", golden, got, want)
			}
		})
	}
}

// TestMarkdownFacts checks, beside the golden files, the promises that
// matter most, so that a careless -update cannot hide their loss.
func TestMarkdownFacts(t *testing.T) {
	blocks := Markdown(loadBlocks(t, "testdata/blocks.json"))
	hostile := Markdown(loadBlocks(t, "testdata/hostile.json"))
	lists := Markdown(loadBlocks(t, "testdata/lists.json"))
	tests := []struct {
		name, out, want string
		present         bool
	}{
		{"trashed blocks are skipped", blocks, "in the trash", false},
		{"archived blocks are skipped", blocks, "so is this one", false},
		{"breadcrumb is left out", blocks, "breadcrumb", false},
		{"unknown type is named", blocks, "*Meeting notes (not shown here)*", true},
		{"unknown type keeps its children", blocks, "child of an unknown type", true},
		{"child page links by compact id", blocks, "[📄 Sub page](https://www.notion.so/b10c0030000040008000000000000030)", true},
		{"heading 4", blocks, "#### Heading four\n", true},
		{"callout led by emoji", blocks, "> ⚠️ Careful\n", true},
		{"callout without emoji led by the default", blocks, "> 💡 No emoji icon\n", true},
		{"no zero-width characters", blocks + hostile + lists, "&#8203;", false},
		{"no brackets around notes", blocks, `\[`, false},
		{"to-do checked", blocks, "- [x] done task\n  - [ ] nested task\n", true},
		{"table of contents nests headings", blocks, "- Heading one\n  - Heading two\n    - Heading three\n      - Heading four\n", true},
		{"javascript link dropped", hostile, "javascript:", false},
		{"data link dropped", hostile, "data:", false},
		{"OSC 52 payload dropped", hostile, "Y2xpcA", false},
		{"numbering restarts after a paragraph", lists, "numbering.\n\n1. one again\n2. two again\n", true},
		{"new list after an invisible block uses another delimiter", lists, "1) after an empty paragraph\n", true},
		{"list after a heading's list is kept apart", lists, "2. second under the heading\n\n1) after the heading's list\n", true},
		{"nested numbering starts at one", lists, "1. one\n   1. nested one\n      1. deep one\n", true},
		{"ten items indent their children by four", lists, "   10. n10\n", true},
	}
	for _, tt := range tests {
		if got := strings.Contains(tt.out, tt.want); got != tt.present {
			t.Errorf("%s: contains(%q) = %v, want %v", tt.name, tt.want, got, tt.present)
		}
	}
}

func seg(text string, a Annotations, href string) Segment {
	return Segment{Type: "text", PlainText: text, Annotations: a, Href: href}
}

var (
	plain  = Annotations{}
	bold   = Annotations{Bold: true}
	italic = Annotations{Italic: true}
	strike = Annotations{Strikethrough: true}
	code   = Annotations{Code: true}
)

func TestRichTextMarkdown(t *testing.T) {
	tests := []struct {
		name string
		in   RichText
		want string
	}{
		{"plain", RichText{seg("hello", plain, "")}, "hello"},
		{"neighbours merge", RichText{seg("a", bold, ""), seg("b", bold, "")}, "**ab**"},
		{"no empty emphasis", RichText{seg("a", bold, ""), seg("b", Annotations{Bold: true, Italic: true}, ""), seg("c", bold, "")}, "**a*b*c**"},
		{"longer mark outermost", RichText{seg("a", Annotations{Bold: true, Italic: true}, ""), seg("b", italic, "")}, "*&#8203;**a**b*"},
		{"edge spaces move out", RichText{seg("x", plain, ""), seg(" b ", bold, ""), seg("y", plain, "")}, "x **b** y"},
		{"whitespace-only run", RichText{seg("a", bold, ""), seg(" ", bold, ""), seg("b", bold, "")}, "**a b**"},
		{"strikethrough", RichText{seg("gone", strike, "")}, "~~gone~~"},
		{"underline has no marker", RichText{seg("u", Annotations{Underline: true}, "")}, "u"},
		{"colour ignored", RichText{seg("c", Annotations{Color: "red"}, "")}, "c"},
		{"code not escaped", RichText{seg("a*b_c", code, "")}, "`a*b_c`"},
		{"code with backticks", RichText{seg("a`b", code, "")}, "``a`b``"},
		{"code starting with backtick", RichText{seg("`x", code, "")}, "`` `x ``"},
		{"code with newline", RichText{seg("a\nb", code, "")}, "`a b`"},
		{"bold code", RichText{seg("x", Annotations{Bold: true, Code: true}, "")}, "**`x`**"},
		{"link", RichText{seg("site", plain, "https://example.com/")}, "[site](https://example.com/)"},
		{"link encoded", RichText{seg("s", plain, "https://e.com/a b(c)")}, "[s](https://e.com/a%20b%28c%29)"},
		{"link text is address", RichText{seg("https://e.com/", plain, "https://e.com/")}, "<https://e.com/>"},
		{"link with bold part", RichText{seg("a ", plain, "https://e.com/"), seg("b", bold, "https://e.com/")}, "[a **b**](https://e.com/)"},
		{"unsafe scheme dropped", RichText{seg("x", plain, "javascript:alert(1)")}, "x"},
		{"relative page href", RichText{seg("p", plain, "/abc")}, "[p](https://www.notion.so/abc)"},
		{"escapes", RichText{seg("*a* _b_ [c](d) <e> `f` ~g~ h|i \\ & #", plain, "")}, `\*a\* \_b\_ \[c\](d) \<e> \` + "`" + `f\` + "`" + ` \~g\~ h\|i \ & #`},
		{"only what needs escaping", RichText{seg("C# & snake_case, 3 > 2, a < b, Hi! 1.5 -5 C:\\dir", plain, "")}, `C# & snake_case, 3 > 2, a < b, Hi! 1.5 -5 C:\dir`},
		{"entity escaped", RichText{seg("&amp; &#38; &#x26; &x", plain, "")}, `\&amp; \&#38; \&#x26; &x`},
		{"html and autolinks escaped", RichText{seg("<b> </i> <!-- <?x <https://e.com>", plain, "")}, `\<b> \</i> \<!-- \<?x \<https://e.com>`},
		{"backslash before punctuation", RichText{seg("a\\*b \\ c\\", plain, "")}, `a\\\*b \ c\\`},
		{"bang before a link", RichText{seg("Hi!", plain, ""), seg("link", plain, "https://e.com/")}, `Hi\![link](https://e.com/)`},
		{"underscore at a word edge", RichText{seg("_x a_ a_b é_é", plain, "")}, `\_x a\_ a_b é_é`},
		{"line-start syntax after a break", RichText{seg("a\n# h\n> q\n: d\n+ p\n1) n\n-5", plain, "")}, "a\\\n\\# h\\\n\\> q\\\n\\: d\\\n\\+ p\\\n1\\) n\\\n-5"},
		{"ordered marker", RichText{seg("1. x", plain, "")}, `1\. x`},
		{"ordered paren marker", RichText{seg("12) x", plain, "")}, `12\) x`},
		{"number mid-line", RichText{seg("see 1. x", plain, "")}, "see 1. x"},
		{"bullet marker", RichText{seg("- x", plain, "")}, `\- x`},
		{"plus marker", RichText{seg("+ x", plain, "")}, `\+ x`},
		{"setext underline", RichText{seg("===", plain, "")}, `\===`},
		{"hard break", RichText{seg("a\nb", plain, "")}, "a\\\nb"},
		{"marker after break", RichText{seg("a\n- b", plain, "")}, "a\\\n\\- b"},
		{"indent after break kept", RichText{seg("a\n  b", plain, "")}, "a\\\n\u00a0\u00a0b"},
		{"edge whitespace trimmed", RichText{seg("\n  a  \n", plain, "")}, "a"},
		{"punctuation before closer moves out", RichText{seg("Note:", bold, ""), seg("x", plain, "")}, "**Note**:x"},
		{"punctuation after opener moves out", RichText{seg("x", plain, ""), seg("(y)", bold, "")}, "x(**y)**"},
		{"closer then opener", RichText{seg("a", italic, ""), seg("b", Annotations{Italic: true, Bold: true}, ""), seg("c", bold, "")}, "*a**b***&#8203;**c**"},
		{"stacked marks open and close as one run", RichText{seg("x ", plain, ""), seg("all", Annotations{Bold: true, Italic: true, Strikethrough: true}, ""), seg(", y", plain, "")}, "x ***~~all~~***, y"},
		{"closers in a row", RichText{seg("a ", bold, ""), seg("b", Annotations{Bold: true, Italic: true}, ""), seg(" c", plain, "")}, "**a *b*** c"},
		{"equation", RichText{{Type: "equation", PlainText: "E", Equation: &struct {
			Expression string `json:"expression"`
		}{"E=mc^2"}}}, "`E=mc^2`"},
		{"mention", RichText{{Type: "mention", PlainText: "@Ada", Href: ""}}, "@Ada"},
		{"control sequences", RichText{seg("a\x1b[31mb\x07c\u009b31md", plain, "")}, "abcd"},
		{"empty", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := RichTextMarkdown(tt.in)
			if got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
			if strings.Contains(got, "****") {
				t.Errorf("empty emphasis in %q", got)
			}
		})
	}
}

// styled is one character of text with the styles a Markdown parser gave
// it, or that the rich text asked for.
type styled struct {
	r                            rune
	bold, italic, strike, isCode bool
	link                         string
}

// parseStyled parses Markdown with goldmark (CommonMark + GFM, as Glamour
// does) and lists the characters of its text with their styles.
func parseStyled(t *testing.T, md string) []styled {
	t.Helper()
	src := []byte(md)
	doc := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList)).Parser().Parse(text.NewReader(src))
	var out []styled
	var walk func(n ast.Node, st styled)
	walk = func(n ast.Node, st styled) {
		switch n := n.(type) {
		case *ast.Emphasis:
			if n.Level >= 2 {
				st.bold = true
			} else {
				st.italic = true
			}
		case *extast.Strikethrough:
			st.strike = true
		case *ast.Link:
			st.link = string(n.Destination)
		case *ast.AutoLink:
			st.link = string(n.URL(src))
			for _, r := range string(n.Label(src)) {
				c := st
				c.r = r
				out = append(out, c)
			}
			return
		case *ast.CodeSpan:
			st.isCode = true
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				for _, r := range string(c.(*ast.Text).Segment.Value(src)) {
					s := st
					s.r = r
					out = append(out, s)
				}
			}
			return
		case *ast.Text:
			for _, r := range unescapeMarkdown(string(n.Segment.Value(src))) {
				s := st
				s.r = r
				out = append(out, s)
			}
			if n.SoftLineBreak() || n.HardLineBreak() {
				out = append(out, styled{r: '\n'})
			}
			return
		case *ast.String:
			for _, r := range unescapeMarkdown(string(n.Value)) {
				s := st
				s.r = r
				out = append(out, s)
			}
			return
		}
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			walk(c, st)
		}
	}
	walk(doc, styled{})
	return out
}

// unescapeMarkdown undoes backslash escapes and numeric character
// references, the only two kinds the renderer writes.
func unescapeMarkdown(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '\\' && i+1 < len(s) && classOf(rune(s[i+1])) == classPunct && s[i+1] < 0x80 {
			b.WriteByte(s[i+1])
			i++
			continue
		}
		if c == '&' && strings.HasPrefix(s[i:], "&#") {
			if end := strings.IndexByte(s[i:], ';'); end > 0 {
				var r rune
				if _, err := fmt.Sscanf(s[i+2:i+end], "%d", &r); err == nil {
					b.WriteRune(r)
					i += end
					continue
				}
			}
		}
		b.WriteByte(c)
	}
	return b.String()
}

// TestRichTextRoundTrip renders random rich text, parses the Markdown back
// with goldmark, and checks that every character came out as written with
// exactly the styles asked for. It is what proves the escaping and the
// placement of emphasis markers, beyond the hand-written cases.
func TestRichTextRoundTrip(t *testing.T) {
	pieces := []string{"a", "bc", " ", "  ", "*", "_", "**", "(x)", ":", "1.", "-", "#", "`", "``", "\\", "|", "~",
		"[y]", "<z>", "&amp;", "!", "é", "日本", "😀", "x_y", "a*b", ".", ",", "'", "\""}
	hrefs := []string{"", "", "", "https://e.com/1", "https://e.com/2"}
	rng := rand.New(rand.NewPCG(1, 2))
	for iter := range roundTrips {
		var rt RichText
		for range 1 + rng.IntN(5) {
			var sb strings.Builder
			for range 1 + rng.IntN(3) {
				sb.WriteString(pieces[rng.IntN(len(pieces))])
			}
			rt = append(rt, Segment{
				Type:      "text",
				PlainText: sb.String(),
				Href:      hrefs[rng.IntN(len(hrefs))],
				Annotations: Annotations{
					Bold: rng.IntN(3) == 0, Italic: rng.IntN(3) == 0,
					Strikethrough: rng.IntN(5) == 0, Code: rng.IntN(6) == 0,
				},
			})
		}
		md := RichTextMarkdown(rt)
		want := expectedStyled(rt)
		got := parseStyled(t, md)
		if !sameStyled(got, want) {
			t.Fatalf("case %d: rich text %s\nrendered %q\ngot  %s\nwant %s", iter, describe(rt), md, showStyled(got), showStyled(want))
		}
	}
}

// expectedStyled is what the reader should see: the text with its edge
// whitespace trimmed, zero-width spaces and whitespace unstyled, and bold
// or italic punctuation at the edge of a run that CommonMark would not let
// close or open moved out of it, as unflank does (checked on its own by
// TestUnflank).
func expectedStyled(rt RichText) []styled {
	var out []styled
	var r mdRenderer
	for _, run := range r.buildRuns(rt, 0) {
		for _, c := range run.text {
			out = append(out, styled{r: c, bold: run.marks&markBold != 0, italic: run.marks&markItalic != 0,
				strike: run.marks&markStrike != 0, isCode: run.marks&markCode != 0, link: run.href})
		}
	}
	return out
}

// TestUnflank pins where punctuation moves out of emphasis, and checks
// that it moves only there.
func TestUnflank(t *testing.T) {
	bi := Annotations{Bold: true, Italic: true}
	tests := []struct {
		name string
		in   RichText
		want string
	}{
		{"colon before text", RichText{seg("Note:", bold, ""), seg("text", plain, "")}, "**Note**:text"},
		{"full-width colon before CJK", RichText{seg("注意：", bold, ""), seg("本文", plain, "")}, "**注意**：本文"},
		{"bracket after text", RichText{seg("x", plain, ""), seg("(y)", bold, "")}, "x(**y)**"},
		{"only the mark that closes loses it", RichText{seg("a:", bi, ""), seg("b", italic, "")}, "*&#8203;**a**:b*"},
		{"space after: nothing moves", RichText{seg("Note:", bold, ""), seg(" text", plain, "")}, "**Note:** text"},
		{"punctuation after: nothing moves", RichText{seg("Note:", bold, ""), seg(",", plain, "")}, "**Note:**,"},
		{"strikethrough keeps its punctuation", RichText{seg("gone.", strike, ""), seg("x", plain, "")}, "~~gone.~~&#8203;x"},
		{"a run of punctuation alone keeps its marks", RichText{seg("!", bold, ""), seg("x", plain, "")}, "**\\!**&#8203;x"},
		{"code is left alone", RichText{seg("c", Annotations{Bold: true, Code: true}, ""), seg("x", plain, "")}, "**`c`**&#8203;x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RichTextMarkdown(tt.in); got != tt.want {
				t.Errorf("got  %q\nwant %q", got, tt.want)
			}
		})
	}
}

func sameStyled(got, want []styled) bool {
	norm := func(in []styled) []styled {
		var out []styled
		for _, s := range in {
			if s.r == '\u200b' {
				continue
			}
			if s.r == ' ' && !s.isCode {
				// Whitespace moves across markers: its style is moot.
				s = styled{r: ' '}
			}
			out = append(out, s)
		}
		for len(out) > 0 && out[0].r == ' ' {
			out = out[1:]
		}
		for len(out) > 0 && out[len(out)-1].r == ' ' {
			out = out[:len(out)-1]
		}
		return out
	}
	g, w := norm(got), norm(want)
	if len(g) != len(w) {
		return false
	}
	for i := range g {
		if g[i] != w[i] {
			// A space inside a code span moved out is still a space.
			if g[i].r == ' ' && w[i].r == ' ' {
				continue
			}
			return false
		}
	}
	return true
}

func describe(rt RichText) string {
	var b strings.Builder
	for _, s := range rt {
		fmt.Fprintf(&b, "{%q b=%v i=%v s=%v c=%v %s} ", s.PlainText, s.Annotations.Bold, s.Annotations.Italic, s.Annotations.Strikethrough, s.Annotations.Code, s.Href)
	}
	return b.String()
}

func showStyled(in []styled) string {
	var b strings.Builder
	for _, s := range in {
		b.WriteRune(s.r)
		if s.bold || s.italic || s.strike || s.isCode || s.link != "" {
			b.WriteByte('[')
			for _, f := range []struct {
				on bool
				c  byte
			}{{s.bold, 'B'}, {s.italic, 'I'}, {s.strike, 'S'}, {s.isCode, 'C'}, {s.link != "", 'L'}} {
				if f.on {
					b.WriteByte(f.c)
				}
			}
			b.WriteByte(']')
		}
	}
	return b.String()
}

// TestMarkdownParses checks the block structure of the golden inputs as a
// parser sees it, for the cases where a slip would merge or split blocks.
func TestMarkdownParses(t *testing.T) {
	tests := []struct {
		name   string
		blocks []*Block
		// kinds are the top-level node kinds goldmark should find.
		kinds []string
	}{
		{"numbered lists restart", []*Block{
			{Type: "numbered_list_item", Body: BlockBody{RichText: RichText{seg("a", plain, "")}}},
			{Type: "paragraph"},
			{Type: "numbered_list_item", Body: BlockBody{RichText: RichText{seg("b", plain, "")}}},
		}, []string{"List", "List"}},
		{"divider after paragraph", []*Block{
			{Type: "paragraph", Body: BlockBody{RichText: RichText{seg("a", plain, "")}}},
			{Type: "divider"},
		}, []string{"Paragraph", "ThematicBreak"}},
		{"escaped list marker stays a paragraph", []*Block{
			{Type: "paragraph", Body: BlockBody{RichText: RichText{seg("1. a\n- b\n# c", plain, "")}}},
		}, []string{"Paragraph"}},
		{"table with header", []*Block{
			{Type: "table", Body: BlockBody{TableWidth: 2, HasColumnHeader: true}, Children: []*Block{
				{Type: "table_row", Body: BlockBody{Cells: []RichText{{seg("a|b", code, "")}, {seg("c", plain, "")}}}},
			}},
		}, []string{"Table"}},
		{"table without header is a list of its own", []*Block{
			{Type: "bulleted_list_item", Body: BlockBody{RichText: RichText{seg("before", plain, "")}}},
			{Type: "table", Body: BlockBody{TableWidth: 2}, Children: []*Block{
				{Type: "table_row", Body: BlockBody{Cells: []RichText{{seg("- a|b", code, "")}, {seg("c", plain, "")}}}},
				{Type: "table_row", Body: BlockBody{Cells: []RichText{{seg("- d", plain, "")}, {seg("1. e\nf", plain, "")}}}},
			}},
			{Type: "bulleted_list_item", Body: BlockBody{RichText: RichText{seg("after", plain, "")}}},
		}, []string{"List", "List", "List"}},
		{"toggle in a bullet", []*Block{
			{Type: "bulleted_list_item", Body: BlockBody{RichText: RichText{seg("item", plain, "")}}, Children: []*Block{
				{Type: "toggle", Body: BlockBody{RichText: RichText{seg("t", plain, "")}}, Children: []*Block{
					{Type: "paragraph", Body: BlockBody{RichText: RichText{seg("body", plain, "")}}},
				}},
			}},
			{Type: "paragraph", Body: BlockBody{RichText: RichText{seg("after", plain, "")}}},
		}, []string{"List", "Paragraph"}},
		{"paragraph children", []*Block{
			{Type: "paragraph", Body: BlockBody{RichText: RichText{seg("p", plain, "")}}, Children: []*Block{
				{Type: "paragraph", Body: BlockBody{RichText: RichText{seg("child", plain, "")}}},
			}},
			{Type: "paragraph", Body: BlockBody{RichText: RichText{seg("after", plain, "")}}},
		}, []string{"Paragraph", "Blockquote", "Paragraph"}},
		{"quote with children", []*Block{
			{Type: "quote", Body: BlockBody{RichText: RichText{seg("q", plain, "")}}, Children: []*Block{
				{Type: "paragraph", Body: BlockBody{RichText: RichText{seg("p", plain, "")}}},
			}},
			{Type: "paragraph", Body: BlockBody{RichText: RichText{seg("after", plain, "")}}},
		}, []string{"Blockquote", "Paragraph"}},
		{"code with fences inside", []*Block{
			{Type: "code", Body: BlockBody{RichText: RichText{seg("```\nx\n````", plain, "")}}},
			{Type: "paragraph", Body: BlockBody{RichText: RichText{seg("after", plain, "")}}},
		}, []string{"FencedCodeBlock", "Paragraph"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			md := Markdown(tt.blocks)
			src := []byte(md)
			doc := goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList)).Parser().Parse(text.NewReader(src))
			var kinds []string
			for c := doc.FirstChild(); c != nil; c = c.NextSibling() {
				kinds = append(kinds, c.Kind().String())
			}
			if strings.Join(kinds, ",") != strings.Join(tt.kinds, ",") {
				t.Errorf("kinds %v, want %v, in:\n%s", kinds, tt.kinds, md)
			}
		})
	}
}

func TestMarkdownToAppends(t *testing.T) {
	var sb strings.Builder
	sb.WriteString("# Title\n\n")
	MarkdownTo(&sb, []*Block{{Type: "paragraph", Body: BlockBody{RichText: RichText{seg("body", plain, "")}}}})
	if got := sb.String(); got != "# Title\n\nbody\n" {
		t.Errorf("got %q", got)
	}
}

func TestMarkdownDeepNesting(t *testing.T) {
	root := &Block{Type: "bulleted_list_item", Body: BlockBody{RichText: RichText{seg("x", plain, "")}}}
	cur := root
	for range 500 {
		next := &Block{Type: "bulleted_list_item", Body: BlockBody{RichText: RichText{seg("x", plain, "")}}}
		cur.Children = []*Block{next}
		cur = next
	}
	out := Markdown([]*Block{root})
	if !strings.Contains(out, "nested too deeply") {
		t.Error("deep nesting not cut off")
	}
	if len(out) > 10000 {
		t.Errorf("output of %d bytes for a 500-deep list", len(out))
	}
}

func FuzzMarkdown(f *testing.F) {
	// Each top-level block of the golden inputs is a seed of its own:
	// small seeds keep the fuzzer mutating rather than minimising.
	for _, name := range []string{"blocks", "lists", "richtext", "tables", "code", "hostile"} {
		data, err := os.ReadFile(filepath.Join("testdata", name+".json"))
		if err != nil {
			f.Fatal(err)
		}
		var blocks []json.RawMessage
		if err := json.Unmarshal(data, &blocks); err != nil {
			f.Fatal(err)
		}
		for _, b := range blocks {
			var compact bytes.Buffer
			if err := json.Compact(&compact, b); err != nil {
				f.Fatal(err)
			}
			f.Add(append(append([]byte("["), compact.Bytes()...), ']'))
		}
	}
	f.Add([]byte(`[{"type":"paragraph","paragraph":{"rich_text":[{"type":"text","plain_text":"\u001b[31mx","annotations":{"bold":true}}]}}]`))
	f.Add([]byte(`[{"type":"table","table":{"table_width":1},"children":[{"type":"table_row","table_row":{"cells":[[{"plain_text":"|"}]]}}]}]`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var blocks []*Block
		if json.Unmarshal(data, &blocks) != nil {
			return
		}
		out := Markdown(blocks)
		checkSafe(t, out)
	})
}

// benchmarkPage builds a page of n blocks of mixed types and rich text,
// shaped like a long real document.
func benchmarkPage(n int) []*Block {
	rt := func(i int) RichText {
		return RichText{
			seg(fmt.Sprintf("Paragraph %d has some ordinary words, ", i), plain, ""),
			seg("a bold phrase", bold, ""),
			seg(", an ", plain, ""),
			seg("italic one", italic, ""),
			seg(", inline ", plain, ""),
			seg("code()", code, ""),
			seg(" and ", plain, ""),
			seg("a link", plain, "https://example.com/docs/page"),
			seg(" with *stars* and 1. numbers to escape.", plain, ""),
		}
	}
	blocks := make([]*Block, 0, n)
	for i := 0; len(blocks) < n; i++ {
		switch i % 10 {
		case 0:
			blocks = append(blocks, &Block{Type: "heading_2", Body: BlockBody{RichText: RichText{seg(fmt.Sprintf("Section %d", i), plain, "")}}})
		case 1, 2, 3:
			blocks = append(blocks, &Block{Type: "paragraph", Body: BlockBody{RichText: rt(i)}})
		case 4, 5:
			blocks = append(blocks, &Block{Type: "bulleted_list_item", Body: BlockBody{RichText: rt(i)},
				Children: []*Block{{Type: "numbered_list_item", Body: BlockBody{RichText: rt(i)}}}})
		case 6:
			blocks = append(blocks, &Block{Type: "to_do", Body: BlockBody{RichText: rt(i), Checked: i%4 == 0}})
		case 7:
			blocks = append(blocks, &Block{Type: "code", Body: BlockBody{Language: "go",
				RichText: RichText{seg("func main() {\n\tfmt.Println(\"hello\")\n}\n", plain, "")}}})
		case 8:
			blocks = append(blocks, &Block{Type: "quote", Body: BlockBody{RichText: rt(i)}})
		case 9:
			blocks = append(blocks, &Block{Type: "table", Body: BlockBody{TableWidth: 3, HasColumnHeader: true}, Children: []*Block{
				{Type: "table_row", Body: BlockBody{Cells: []RichText{{seg("Key", plain, "")}, {seg("Value", plain, "")}, {seg("Note", plain, "")}}}},
				{Type: "table_row", Body: BlockBody{Cells: []RichText{{seg("a", plain, "")}, {seg("1", code, "")}, {seg("first", italic, "")}}}},
			}})
		}
	}
	return blocks
}

func BenchmarkMarkdown5000(b *testing.B) {
	page := benchmarkPage(5000)
	var sb strings.Builder
	b.ReportAllocs()
	for b.Loop() {
		sb.Reset()
		MarkdownTo(&sb, page)
	}
	b.SetBytes(int64(sb.Len()))
}

func BenchmarkGlamour5000(b *testing.B) {
	md := Markdown(benchmarkPage(5000))
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle("dark"), glamour.WithWordWrap(100))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := r.Render(md); err != nil {
			b.Fatal(err)
		}
	}
}

// TestGlamourRendersSafely runs a hostile page through Glamour, as the TUI
// will, and checks that none of the page's own escape sequences survive:
// every ESC in the result must start one of Glamour's own SGR colour
// sequences or OSC 8 hyperlinks.
func TestGlamourRendersSafely(t *testing.T) {
	md := Markdown(loadBlocks(t, "testdata/hostile.json"))
	r, err := glamour.NewTermRenderer(glamour.WithStandardStyle("dark"), glamour.WithWordWrap(100))
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Render(md)
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"\x1b[2J", "evil.example", "pwned", "Y2xpcA"} {
		if strings.Contains(out, bad) {
			t.Errorf("rendered output contains %q", bad)
		}
	}
	// Glamour writes OSC 8 hyperlinks of its own; no other OSC may appear.
	for rest := out; ; {
		i := strings.Index(rest, "\x1b]")
		if i < 0 {
			break
		}
		if !strings.HasPrefix(rest[i+2:], "8;") {
			t.Errorf("foreign OSC sequence %q", rest[i:min(len(rest), i+12)])
		}
		rest = rest[i+2:]
	}
}
