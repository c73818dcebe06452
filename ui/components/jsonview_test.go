package components

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/ui/common"
)

const sampleAnswer = `{"ok":true,"channels":[{"id":"C1","name":"general","tags":["a","b"]},{"id":"C2","name":"random\u001b[31m\u202e","tags":[]}],"n":1.5,"none":null}`

func sampleView(t *testing.T, height int) *JSONView {
	t.Helper()
	var v JSONView
	v.SetHeight(height)
	v.SetDocument([]byte(sampleAnswer))
	return &v
}

func TestJSONViewLayout(t *testing.T) {
	v := sampleView(t, 40)
	st := common.NewStyles(true, true)
	got := ansi.Strip(v.View(st, 60))
	want := `{
  "ok": true,
  "channels": [
    {
      "id": "C1",
      "name": "general",
      "tags": [
        "a",
        "b"
      ]
    },
    {
      "id": "C2",
      "name": "random\u001b[31m\u202e",
      "tags": []
    }
  ],
  "n": 1.5,
  "none": null
}`
	// The cursor line is padded to the width; compare without the padding.
	var lines []string
	for l := range strings.SplitSeq(got, "\n") {
		lines = append(lines, strings.TrimRight(l, " "))
	}
	if strings.TrimRight(strings.Join(lines, "\n"), "\n") != want {
		t.Errorf("layout:\n%s\nwant:\n%s", strings.Join(lines, "\n"), want)
	}
	if strings.ContainsAny(got, "\x1b\u202e") {
		t.Error("a control or invisible character reached the screen")
	}
}

func TestJSONViewFoldFindCopy(t *testing.T) {
	v := sampleView(t, 40)
	st := common.NewStyles(true, true)
	v.Move(2) // "channels": [
	v.ToggleFold()
	if got := ansi.Strip(v.View(st, 60)); !strings.Contains(got, `"channels": [ … 2 items ],`) || strings.Contains(got, "general") {
		t.Errorf("folded:\n%s", got)
	}
	// Find opens the fold that hides the match.
	if n := v.Find("GENERAL"); n != 1 {
		t.Fatalf("%d matches", n)
	}
	if value, path := v.Value(); value != "general" || path != "channels[0].name" {
		t.Errorf("value %q at %q", value, path)
	}
	if _, total := v.NextMatch(true); total != 1 {
		t.Errorf("%d matches", total)
	}
	v.Move(1) // "tags": [
	value, path := v.Value()
	if path != "channels[0].tags" || value != "[\n  \"a\",\n  \"b\"\n]" {
		t.Errorf("container value %q at %q", value, path)
	}
	// On a member, enter folds the container around it.
	v.Move(1)
	v.ToggleFold()
	if got := ansi.Strip(v.View(st, 60)); !strings.Contains(got, `"tags": [ … 2 items ]`) {
		t.Errorf("member fold:\n%s", got)
	}
	v.Bottom()
	if v.Line() != v.Len()-1 {
		t.Errorf("bottom at %d of %d", v.Line(), v.Len())
	}
	if v.Position() != "line 20 of 20" {
		t.Errorf("position %q", v.Position())
	}
}

func TestJSONViewNotJSON(t *testing.T) {
	var v JSONView
	v.SetHeight(5)
	v.SetDocument([]byte("<html>\x1b]0;x\x07Bad Gateway</html>"))
	got := ansi.Strip(v.View(common.NewStyles(true, true), 40))
	if !strings.Contains(got, "Bad Gateway") || strings.Contains(got, "\x1b") || strings.Contains(got, "\x07") {
		t.Errorf("not JSON: %q", got)
	}
}

func TestJSONViewFoldsLongContainers(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"items":[`)
	for i := range FoldThreshold + 10 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(`1`)
	}
	b.WriteString(`]}`)
	var v JSONView
	v.SetHeight(10)
	v.SetDocument([]byte(b.String()))
	if got := ansi.Strip(v.View(common.NewStyles(true, true), 60)); !strings.Contains(got, `"items": [ … 210 items ]`) {
		t.Errorf("long array not folded:\n%s", got)
	}
}
