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
