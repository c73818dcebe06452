package render

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/models"
)

// update rewrites the golden files with what the tests get: go test
// ./render -update, then read the diff before committing it.
var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name.golden.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s:\n%s", name, path, got)
	}
}

// visible shows a document's escape sequences as text, one line a line,
// so that a golden file shows colours and links and stays readable: SGR
// sequences as ⟦…⟧, hyperlinks as ⟪url⟫ and ⟪⟫.
func visible(lines []string) string {
	var sb strings.Builder
	for _, l := range lines {
		l = strings.NewReplacer("\x1b]8;;\x07", "⟪⟫", "\x1b]8;;\x1b\\", "⟪⟫").Replace(l)
		for {
			i := strings.Index(l, "\x1b]8;")
			if i < 0 {
				break
			}
			end := strings.IndexAny(l[i:], "\x07")
			if end < 0 {
				break
			}
			seq := l[i+4 : i+end]
			if j := strings.IndexByte(seq, ';'); j >= 0 {
				seq = seq[j+1:]
			}
			l = l[:i] + "⟪" + seq + "⟫" + l[i+end+1:]
		}
		for {
			i := strings.Index(l, "\x1b[")
			if i < 0 {
				break
			}
			end := strings.IndexByte(l[i:], 'm')
			if end < 0 {
				break
			}
			l = l[:i] + "⟦" + l[i+2:i+end] + "⟧" + l[i+end+1:]
		}
		// Chroma picks either of two equally near greys for comments.
		sb.WriteString(strings.ReplaceAll(l, "⟦38;5;242⟧", "⟦38;5;241⟧"))
		sb.WriteByte('\n')
	}
	return sb.String()
}

func TestGoldenDemoPages(t *testing.T) {
	pages := demoPages(t)
	for _, title := range []string{"Every block type", "Nested lists and toggles"} {
		blocks := findPage(t, pages, title)
		for _, tt := range []struct {
			name  string
			width int
			style string
		}{{"dark80", 80, DarkStyle}, {"plain80", 80, PlainStyle}, {"plain36", 36, PlainStyle}} {
			doc, err := NewRenderer().Page(blocks, Options{Width: tt.width, Style: tt.style})
			if err != nil {
				t.Fatal(err)
			}
			name := strings.ReplaceAll(strings.ToLower(title), " ", "-") + "-" + tt.name
			if tt.style == PlainStyle {
				golden(t, name, plainLines(doc.Lines))
			} else {
				golden(t, name, visible(doc.Lines))
			}
		}
	}
}

// plainLines is the document without escape sequences or trailing spaces,
// every line kept.
func plainLines(lines []string) string {
	var sb strings.Builder
	for _, l := range lines {
		sb.WriteString(strings.TrimRight(ansi.Strip(l), " "))
		sb.WriteByte('\n')
	}
	return sb.String()
}

// findPage is the demo page whose title ends with title (titles carry an
// emoji icon before them).
func findPage(t *testing.T, pages map[string][]*models.Block, title string) []*models.Block {
	t.Helper()
	for k, v := range pages {
		if strings.HasSuffix(k, title) {
			return v
		}
	}
	t.Fatalf("no demo page %q", title)
	return nil
}

// TestGoldenRenderingPoints renders one small page for each point of the
// issue "a truer rendering" in the dark, light and plain (NO_COLOR)
// styles, into testdata/point-NAME.golden.
func TestGoldenRenderingPoints(t *testing.T) {
	seg := func(text string, a models.Annotations, href string) models.Segment {
		return models.Segment{Type: "text", PlainText: text, Annotations: a, Href: href}
	}
	plainText := func(s string) models.RichText { return models.RichText{seg(s, models.Annotations{}, "")} }
	block := func(typ string, rt models.RichText, children ...*models.Block) *models.Block {
		b := &models.Block{Type: typ, Body: models.BlockBody{RichText: rt}, Children: children}
		b.HasChildren = len(children) > 0
		return b
	}
	pageURL := models.PageLinkURL("0123456789abcdef0123456789abcdef")
	code := block("code", plainText("func main() {\n\tif ready {\n\t\tfmt.Println(\"a long line of code that has to wrap somewhere\")\n\t}\n}"))
	code.Body.Language = "go"
	yellow := block("paragraph", plainText("A paragraph with a yellow background."))
	yellow.Body.Color = "yellow_background"
	callout := block("callout", plainText("A callout."))
	callout.Body.Icon = &models.Icon{Type: "emoji", Emoji: "💡"}
	points := []struct {
		name   string
		width  int
		blocks []*models.Block
	}{
		{"headings", 60, []*models.Block{
			block("heading_1", plainText("Heading one")), block("heading_2", plainText("Heading two")),
			block("heading_3", plainText("Heading three")), block("paragraph", plainText("Text.")),
		}},
		{"links", 60, []*models.Block{block("paragraph", models.RichText{
			seg("See ", models.Annotations{}, ""), seg("the web", models.Annotations{}, "https://example.com/a"),
			seg(", then ", models.Annotations{}, ""), seg("the plan", models.Annotations{}, pageURL),
			seg(" and the end.", models.Annotations{}, ""),
		})}},
		{"line-breaks", 60, []*models.Block{block("paragraph", plainText("First line\nsecond line\nthird line"))}},
		{"nested-lists", 60, []*models.Block{
			block("bulleted_list_item", plainText("One"), block("bulleted_list_item", plainText("Two"),
				block("bulleted_list_item", plainText("Three")))),
			block("paragraph", plainText("After the list.")),
		}},
		{"code-narrow", 36, []*models.Block{code}},
		{"colours", 60, []*models.Block{
			block("paragraph", models.RichText{
				seg("Plain, ", models.Annotations{}, ""), seg("red", models.Annotations{Color: "red"}, ""),
				seg(", ", models.Annotations{}, ""), seg("underlined", models.Annotations{Underline: true}, ""),
				seg(" and ", models.Annotations{}, ""), seg("on blue", models.Annotations{Color: "blue_background"}, ""),
				seg(".", models.Annotations{}, ""),
			}),
			yellow,
		}},
		{"containers", 60, []*models.Block{
			block("quote", plainText("A quote."), block("paragraph", plainText("Its second paragraph."))),
			callout,
			block("toggle", plainText("A toggle"), block("paragraph", plainText("Its content."))),
		}},
	}
	for _, pt := range points {
		var sb strings.Builder
		for _, style := range []string{DarkStyle, LightStyle, PlainStyle} {
			doc, err := NewRenderer().Page(pt.blocks, Options{Width: pt.width, Style: style})
			if err != nil {
				t.Fatal(err)
			}
			sb.WriteString("== " + style + "\n")
			sb.WriteString(visible(doc.Lines)) // plain: hyperlinks only, no SGR
			if pt.name == "links" && style == DarkStyle {
				if got := len(doc.PageLinks()); got != 1 {
					t.Errorf("%d page links, want the one to the plan", got)
				}
			}
		}
		golden(t, "point-"+pt.name, sb.String())
	}
}
