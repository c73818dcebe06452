package models

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// writeTree is blocks in the shape a request sends, children included.
func writeTree(blocks []*Block) []any {
	out := make([]any, 0, len(blocks))
	for _, b := range blocks {
		m := WriteBlock(b)
		if len(b.Children) > 0 {
			m[b.Type].(map[string]any)["children"] = writeTree(b.Children)
		}
		out = append(out, m)
	}
	return out
}

// TestFromMarkdownGoldens converts one snippet of each construct and
// compares the blocks, as a request would send them, with
// testdata/frommarkdown/NAME.golden (go test -update rewrites them).
func TestFromMarkdownGoldens(t *testing.T) {
	cases := map[string]string{
		"headings": "# One\n## Two\n### Three\n#### Four becomes three\n",
		"inline":   "Plain, **bold**, *italic*, ~~struck~~, `code`, [a link](https://example.com), <https://auto.example>, ***both*** and a\\\nhard break.\n",
		"lists":    "- a\n  - b\n    - c\n      - d\n- e\n\n1. one\n2. two\n   1. nested\n",
		"tasks":    "- [ ] open\n- [x] done\n  - [ ] nested task\n",
		"quote":    "> quoted *text*\n>\n> - with a list\n",
		"callout":  "> 💡 an idea with **bold**\n\n> ⚠️ a warning\n",
		"code":     "```js\nconsole.log(1)\n```\n\n```\nplain\n```\n\n```cobol\nunknown\n```\n\n    indented code\n",
		"divider":  "above\n\n---\n\nbelow\n",
		"table":    "| h1 | h2 |\n| --- | --- |\n| **a** | b |\n| c |  |\n",
		"grid":     "+ a │ b\n+ c │ d\n",
		"image":    "![A caption](https://example.com/cat.png)\n",
		"equation": "$$\nE = mc^2\n$$\n",
		"details":  "<details>\n<summary>Open me</summary>\n\nInside the toggle.\n\n- and a list\n\n</details>\n",
		"toggle":   "▾ A toggle\n\n> its content\n\n▸ An empty toggle\n",
		"escapes":  "\\*not bold\\* &amp; \\# not a heading &#x200B;\n",
		"html":     "<div>raw html</div>\n",
	}
	for name, src := range cases {
		t.Run(name, func(t *testing.T) {
			got, err := json.MarshalIndent(writeTree(FromMarkdown(src)), "", "  ")
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, '\n')
			path := filepath.Join("testdata", "frommarkdown", name+".golden")
			if *update {
				_ = os.MkdirAll(filepath.Dir(path), 0o755)
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if string(got) != string(want) {
				t.Errorf("%s differs:\n%s", name, got)
			}
		})
	}
}

// TestSplitKeepsAllText: however long and whatever the characters, the
// segments are at most MaxTextUnits UTF-16 code units, never split inside
// a character, and together hold the text in order.
func TestSplitKeepsAllText(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	alphabet := []rune("ab c\nééé日本😀🏳️‍🌈*_`")
	for i := range 200 {
		n := r.IntN(9000)
		if i == 0 {
			n = 2000
		}
		var sb strings.Builder
		for range n {
			sb.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		text := sb.String()
		for _, parts := range [][]string{SplitUTF16(text, MaxTextUnits), segTexts(splitSegments(RichText{{Type: "text", PlainText: text}}))} {
			if strings.Join(parts, "") != text {
				t.Fatalf("text not kept (length %d)", n)
			}
			for _, p := range parts {
				if p == "" || !utf8.ValidString(p) || utf16Units(p) > MaxTextUnits {
					t.Fatalf("bad part of %d units (valid %v)", utf16Units(p), utf8.ValidString(p))
				}
			}
		}
	}
}

func segTexts(rt RichText) []string {
	var out []string
	for _, s := range rt {
		out = append(out, s.PlainText)
	}
	return out
}

// TestFromMarkdownLimits: long text is split, never cut; a block of more
// than MaxSegments segments goes on in another block; text survives.
func TestFromMarkdownLimits(t *testing.T) {
	long := strings.Repeat("0123456789", 1000)
	blocks := FromMarkdown(long + "\n")
	if len(blocks) != 1 || len(blocks[0].Body.RichText) != 5 || blocks[0].Body.RichText.Plain() != long {
		t.Fatalf("long paragraph: %d blocks", len(blocks))
	}
	var sb strings.Builder
	for range 150 {
		sb.WriteString("**b** i ")
	}
	blocks = FromMarkdown(sb.String())
	total := ""
	for _, b := range blocks {
		if len(b.Body.RichText) > MaxSegments {
			t.Fatalf("%d segments in a block", len(b.Body.RichText))
		}
		total += b.Body.RichText.Plain()
	}
	if len(blocks) < 2 || strings.Count(total, "b") != 150 {
		t.Fatalf("many segments: %d blocks, %q", len(blocks), total)
	}
	code := strings.Repeat("x", 4500)
	blocks = FromMarkdown("```\n" + code + "\n```\n")
	if blocks[0].Body.RichText.Plain() != code || len(blocks[0].Body.RichText) != 3 {
		t.Fatalf("long code: %d segments", len(blocks[0].Body.RichText))
	}
}

// TestMarkdownRoundTripsThroughBlocks: what Markdown writes converts back
// to blocks that Markdown writes the same way.
func TestMarkdownRoundTripsThroughBlocks(t *testing.T) {
	for _, src := range []string{
		"# Title\n\nSome **bold** and *it* ~~s~~ `c` [l](https://x.y)\n\n- a\n  - b\n- [x] done\n\n1. one\n2. two\n",
		"> 💡 call **me**\n\n> quote\n>\n> more\n\n```go\nfmt.Println()\n```\n\n---\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n",
		"▾ tog\n\n> content\n\n+ x │ y\n+ z │ w\n",
	} {
		once := Markdown(FromMarkdown(src))
		if twice := Markdown(FromMarkdown(once)); twice != once {
			t.Errorf("not stable:\n%s\n---\n%s", once, twice)
		}
	}
}

func TestNotionLanguage(t *testing.T) {
	for in, want := range map[string]string{"js": "javascript", "Python": "python", "sh": "shell", "cpp": "c++", "": "plain text", "cobol": "plain text", "c#": "c#"} {
		if got := NotionLanguage(in); got != want {
			t.Errorf("%q: %q, want %q", in, got, want)
		}
	}
}

// TestCalloutNeedsAnEmoji: a quote led by an emoji is a callout; led by
// an arrow or another symbol it stays a quote.
func TestCalloutNeedsAnEmoji(t *testing.T) {
	for src, want := range map[string]string{
		"> 💡 idea": "callout", "> ⚠️ careful": "callout", "> ✅ done": "callout", "> 👍🏽 ok": "callout",
		"> → next": "quote", "> ■ box": "quote", "> ★ star": "quote", "> plain": "quote",
	} {
		if got := FromMarkdown(src)[0].Type; got != want {
			t.Errorf("%q: %s, want %s", src, got, want)
		}
	}
}

// TestSourceMarkdownKeepsImagesImages: SourceMarkdownTo writes an image as
// one, which FromMarkdown reads back with its caption; Markdown, for
// showing, still writes a link.
func TestSourceMarkdownKeepsImagesImages(t *testing.T) {
	img := func(caption RichText) *Block {
		return &Block{Type: "image", Body: BlockBody{Kind: "external", External: &FileRef{URL: "https://example.com/a b.png"}, Caption: caption}}
	}
	for _, tc := range []struct {
		caption RichText
		want    string
	}{
		{RichText{{PlainText: "A "}, {PlainText: "cat", Annotations: Annotations{Bold: true}}}, "![A **cat**](https://example.com/a%20b.png)\n"},
		{nil, "![](https://example.com/a%20b.png)\n"},
		{RichText{{PlainText: "two\nlines [x]"}}, "![two lines \\[x\\]](https://example.com/a%20b.png)\n"},
	} {
		var sb strings.Builder
		SourceMarkdownTo(&sb, []*Block{img(tc.caption)})
		if sb.String() != tc.want {
			t.Errorf("%q: wrote %q, want %q", tc.caption.Plain(), sb.String(), tc.want)
		}
		back := FromMarkdown(sb.String())
		if len(back) != 1 || back[0].Type != "image" || back[0].Body.External == nil ||
			back[0].Body.Caption.Plain() != SanitizeLine(tc.caption.Plain()) {
			t.Errorf("%q: read back as %+v", tc.caption.Plain(), back)
		}
	}
	if got := Markdown([]*Block{img(RichText{{PlainText: "A cat"}})}); got != "[A cat](https://example.com/a%20b.png)\n" {
		t.Errorf("Markdown wrote %q", got)
	}
}
