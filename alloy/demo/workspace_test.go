package demo

import (
	"strings"
	"testing"
	"testing/fstest"
)

// blockTypesOfNotionMD is the block table of docs/notion.md, plus table_row.
var blockTypesOfNotionMD = []string{
	"paragraph", "heading_1", "heading_2", "heading_3", "heading_4",
	"bulleted_list_item", "numbered_list_item", "to_do", "toggle", "quote", "callout", "code",
	"equation", "divider", "table", "table_row", "column_list", "column",
	"image", "video", "pdf", "file", "audio", "bookmark", "embed", "link_preview",
	"child_page", "child_database", "link_to_page", "synced_block",
	"table_of_contents", "breadcrumb", "template", "unsupported",
}

func TestEmbeddedWorkspaceBuilds(t *testing.T) {
	specs, err := workspaceSpecs()
	if err != nil {
		t.Fatal(err)
	}
	ws, err := buildWorkspace(specs, 0)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(ws.pages); n < 30 {
		t.Errorf("workspace has %d pages, want at least 30", n)
	}
	var rows, nameTitled int
	titles := map[string]bool{}
	for _, p := range ws.pages {
		titles[plainText(p.title)] = true
		if p.parent.typ == "database_id" {
			rows++
		}
		if p.titleProp == "Name" {
			nameTitled++
		}
	}
	if rows < 3 || nameTitled == 0 {
		t.Errorf("rows %d, pages titled by Name %d: want database rows with a Name title", rows, nameTitled)
	}
	for _, want := range []string{"*not bold*", "# hash", "1. numbered", "Every block type"} {
		if !titles[want] {
			t.Errorf("no page titled %q", want)
		}
	}
	for _, fragment := range []string{"日本語", "☕", "é", "[brackets]"} {
		found := false
		for title := range titles {
			found = found || strings.Contains(title, fragment)
		}
		if !found {
			t.Errorf("no title contains %q", fragment)
		}
	}
}

func TestWorkspaceFormatErrors(t *testing.T) {
	tests := []struct {
		name, file, wantErr string
	}{
		{"unknown block", "key: a\n---\nwiggle text\n", "unknown block"},
		{"leaf with children", "key: a\n---\n---\n  p child\n", "cannot have children"},
		{"bad indentation", "key: a\n---\np x\n   p y\n", "odd indentation"},
		{"too deep", "key: a\n---\np x\n    p y\n", "deeper"},
		{"unknown parent", "key: a\nparent: nowhere\n---\n", "not in the workspace"},
		{"unlinked child", "key: a\n---\n===\nkey: b\nparent: a\n---\n", "must link to it"},
		{"unknown mention", "key: a\n---\np {@page|ghost}\n", "unknown page"},
		{"unclosed markup", "key: a\n---\np {b|bold\n", "no closing brace"},
		{"ragged table", "key: a\n---\ntable\n  row a | b\n  row c\n", "cells"},
		{"duplicate key", "key: a\n---\n===\nkey: a\n---\n", "used twice"},
		{"unknown header", "key: a\ncolour: red\n---\n", "unknown header"},
		{"synced copy without original", "key: a\n---\nsynced_copy x\n", "unknown label"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			specs, err := parseWorkspace(fstest.MapFS{"workspace/x.wiki": {Data: []byte(tt.file)}})
			if err == nil {
				_, err = buildWorkspace(specs, 0)
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

func TestRichTextMarkup(t *testing.T) {
	ws := &workspace{keys: map[string]string{}, pages: map[string]*page{}, databases: map[string]*database{}}
	tests := []struct {
		src   string
		plain string
		check func(t *testing.T, rt []segment)
	}{
		{src: "*not bold* # [x](y)", plain: "*not bold* # [x](y)", check: func(t *testing.T, rt []segment) {
			if len(rt) != 1 || rt[0].Annotations != (annotations{Color: "default"}) {
				t.Errorf("plain text became %+v", rt)
			}
		}},
		{src: "a {b,i,red|x} b", plain: "a x b", check: func(t *testing.T, rt []segment) {
			if a := rt[1].Annotations; !a.Bold || !a.Italic || a.Color != "red" {
				t.Errorf("annotations %+v", a)
			}
		}},
		{src: "{href=https://e.example/a?b=c|link}", plain: "link", check: func(t *testing.T, rt []segment) {
			if rt[0].Href == nil || *rt[0].Href != "https://e.example/a?b=c" || rt[0].Text.Link == nil {
				t.Errorf("link %+v", rt[0])
			}
		}},
		{src: "{@date|2024-04-24→2024-04-26}", plain: "2024-04-24 → 2024-04-26"},
		{src: "{@user|Ada}", plain: "@Ada"},
		{src: "{$|x^\\{2\\}}", plain: "x^{2}"},
		{src: "literal {braces} and {no bar}", plain: "literal {braces} and {no bar}"},
		{src: `back\\slash \{`, plain: `back\slash {`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			rt, err := parseRichText(tt.src, ws)
			if err != nil {
				t.Fatal(err)
			}
			if got := plainText(rt); got != tt.plain {
				t.Errorf("plain text %q, want %q", got, tt.plain)
			}
			if tt.check != nil {
				tt.check(t, rt)
			}
		})
	}
}

// TestEveryBlockTypePage reads the page over the API, recursively, and
// checks that it holds every block type of notion.md and the details the
// renderer must handle.
func TestEveryBlockTypePage(t *testing.T) {
	s := newTestServer(t, Options{})
	id, ok := s.PageID("Every block type")
	if !ok {
		t.Fatal("no page titled Every block type")
	}
	seen := map[string]int{}
	var all []map[string]any
	var walk func(id string, depth int)
	walk = func(id string, depth int) {
		kids, _ := s.allChildren(t, id, 0)
		for _, b := range kids {
			typ := str(b["type"])
			seen[typ]++
			if b["object"] != "block" || b[typ] == nil {
				t.Errorf("block %v lacks object or body", b["id"])
			}
			all = append(all, b)
			if b["has_children"] == true && typ != "child_page" && typ != "child_database" {
				walk(str(b["id"]), depth+1)
			}
		}
	}
	walk(id, 0)
	for _, typ := range blockTypesOfNotionMD {
		if seen[typ] == 0 {
			t.Errorf("no %s block", typ)
		}
	}
	var (
		annots        = map[string]bool{}
		mentions      = map[string]bool{}
		toggleHeading bool
		syncedOrig    bool
		syncedCopy    bool
		codeOK        bool
		calloutEmoji  bool
		tableHeader   bool
		unknownType   bool
	)
	known := map[string]bool{}
	for _, typ := range blockTypesOfNotionMD {
		known[typ] = true
	}
	for _, b := range all {
		typ := str(b["type"])
		body, _ := b[typ].(map[string]any)
		if !known[typ] {
			unknownType = true
		}
		segs, _ := body["rich_text"].([]any)
		for _, seg := range segs {
			a, _ := getPath(seg, "annotations").(map[string]any)
			for _, k := range []string{"bold", "italic", "strikethrough", "underline", "code"} {
				if a[k] == true {
					annots[k] = true
				}
			}
			if c := str(a["color"]); c != "" && c != "default" {
				annots["color"] = true
			}
			if getPath(seg, "href") != nil {
				annots["href"] = true
			}
			if str(getPath(seg, "type")) == "mention" {
				mentions[str(getPath(seg, "mention", "type"))] = true
			}
			if str(getPath(seg, "type")) == "equation" {
				mentions["equation"] = true
			}
		}
		switch typ {
		case "heading_1", "heading_2", "heading_3", "heading_4":
			toggleHeading = toggleHeading || body["is_toggleable"] == true && b["has_children"] == true
		case "synced_block":
			if body["synced_from"] == nil {
				syncedOrig = true
			} else if getPath(body, "synced_from", "block_id") != nil && b["has_children"] == true {
				syncedCopy = true
			}
		case "code":
			caption, _ := body["caption"].([]any)
			codeOK = codeOK || str(body["language"]) != "" && len(caption) > 0
		case "callout":
			calloutEmoji = calloutEmoji || str(getPath(body, "icon", "emoji")) != ""
		case "table":
			tableHeader = tableHeader || body["has_column_header"] == true
		}
	}
	for _, k := range []string{"bold", "italic", "strikethrough", "underline", "code", "color", "href"} {
		if !annots[k] {
			t.Errorf("no rich text with %s", k)
		}
	}
	for _, k := range []string{"user", "date", "page", "equation"} {
		if !mentions[k] {
			t.Errorf("no %s mention or inline equation", k)
		}
	}
	checks := map[string]bool{
		"toggleable heading with children": toggleHeading, "synced original": syncedOrig,
		"synced copy": syncedCopy, "code with language and caption": codeOK,
		"callout with emoji": calloutEmoji, "table with header": tableHeader,
		"a block type from the future": unknownType,
	}
	for name, ok := range checks {
		if !ok {
			t.Errorf("missing: %s", name)
		}
	}
}

// TestChildPagesCanBeFollowed opens every child_page block of the wiki from
// its home page down.
func TestChildPagesCanBeFollowed(t *testing.T) {
	s := newTestServer(t, Options{})
	home, _ := s.PageID("Larkspur Labs wiki")
	seen := map[string]bool{}
	queue := []string{home}
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		if seen[id] {
			t.Fatalf("page %s reached twice", id)
		}
		seen[id] = true
		page := mustOK(t, s.exec(t, "retrieve-a-page", map[string]any{"pathParams": map[string]any{"page_id": id}}))
		if page["object"] != "page" || page["id"] != id {
			t.Fatalf("retrieved %v for %s", page["id"], id)
		}
		kids, _ := s.allChildren(t, id, 0)
		for _, b := range kids {
			if b["type"] == "child_page" {
				queue = append(queue, str(b["id"]))
			}
		}
	}
	if len(seen) < 25 {
		t.Errorf("only %d pages reachable from home by child_page blocks", len(seen))
	}
}

func TestNestingThreeLevelsDeep(t *testing.T) {
	s := newTestServer(t, Options{})
	id, _ := s.PageID("Nested lists and toggles")
	depthOf := map[string]int{}
	var walk func(id string, depth int)
	walk = func(id string, depth int) {
		kids, _ := s.allChildren(t, id, 0)
		for _, b := range kids {
			typ := str(b["type"])
			depthOf[typ] = max(depthOf[typ], depth)
			if b["has_children"] == true {
				walk(str(b["id"]), depth+1)
			}
		}
	}
	walk(id, 1)
	for _, typ := range []string{"bulleted_list_item", "numbered_list_item", "toggle", "to_do"} {
		if depthOf[typ] < 3 {
			t.Errorf("%s nests %d levels, want 3", typ, depthOf[typ])
		}
	}
}
