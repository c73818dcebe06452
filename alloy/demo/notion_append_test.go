package demo

import (
	"net/http"
	"strings"
	"testing"
)

func para(text string, kids ...any) map[string]any {
	body := map[string]any{"rich_text": []any{map[string]any{"text": map[string]any{"content": text}}}}
	if len(kids) > 0 {
		body["children"] = kids
	}
	return map[string]any{"type": "paragraph", "paragraph": body}
}

// TestAppendChildrenAndLimits: appends land at the end and answer the
// blocks appended; Notion's limits are refused as Notion refuses them.
func TestAppendChildrenAndLimits(t *testing.T) {
	s := newTestServer(t, Options{})
	page, _ := s.PageID("Scratchpad")
	before, _ := s.allChildren(t, page, 0)
	m := mustOK(t, s.exec(t, "patch-block-children", map[string]any{
		"pathParams":  map[string]any{"block_id": page},
		"requestBody": map[string]any{"children": []any{para("one"), para("two", para("nested"))}},
	}))
	res := results(t, m)
	if len(res) != 2 || getPath(res[1], "has_children") != true {
		t.Fatalf("answer: %v", res)
	}
	after, _ := s.allChildren(t, page, 0)
	if len(after) != len(before)+2 || after[len(after)-1]["id"] != res[1]["id"] {
		t.Fatalf("not appended at the end: %d then %d", len(before), len(after))
	}
	// Appending to a block works too.
	mustOK(t, s.exec(t, "patch-block-children", map[string]any{
		"pathParams":  map[string]any{"block_id": str(res[0]["id"])},
		"requestBody": map[string]any{"children": []any{para("under one")}},
	}))

	deep := para("1", para("2", para("3", para("4"))))
	many := make([]any, 101)
	for i := range many {
		many[i] = para("x")
	}
	for name, tc := range map[string]struct {
		children []any
		status   int
		message  string
	}{
		"too deep":      {[]any{deep}, http.StatusBadRequest, "nests blocks deeper"},
		"too many":      {many, http.StatusBadRequest, "length should be ≤ `100`"},
		"too long text": {[]any{para(strings.Repeat("x", 2001))}, http.StatusBadRequest, "text.content.length should be ≤ `2000`"},
		"too heavy":     {heavy(), http.StatusRequestEntityTooLarge, "too large"},
	} {
		r := s.exec(t, "patch-block-children", map[string]any{
			"pathParams":  map[string]any{"block_id": page},
			"requestBody": map[string]any{"children": tc.children},
		})
		if r.status != tc.status || !strings.Contains(string(r.raw), tc.message) {
			t.Errorf("%s: %d %s", name, r.status, r.raw)
		}
	}
	if final, _ := s.allChildren(t, page, 0); len(final) != len(after) {
		t.Errorf("a refused append changed the page: %d blocks, want %d", len(final), len(after))
	}
}

// heavy is six blocks of 100 segments of 1,000 characters: over 500 KB.
func heavy() []any {
	segs := make([]any, 100)
	for i := range segs {
		segs[i] = map[string]any{"text": map[string]any{"content": strings.Repeat("y", 1000)}}
	}
	out := make([]any, 6)
	for i := range out {
		out[i] = map[string]any{"type": "paragraph", "paragraph": map[string]any{"rich_text": segs}}
	}
	return out
}
