package demo

import (
	"sort"
	"strings"
	"sync"
	"testing"
)

func TestActionIDFamilies(t *testing.T) {
	tests := []struct {
		mode       string
		ok, absent []string
	}{
		{ActionIDsPrimary, []string{"post-search", "retrieve-a-page"}, []string{"get-page"}},
		{"", []string{"retrieve-a-page"}, []string{"get-page"}},
		{ActionIDsAliases, []string{"post-search", "get-page"}, []string{"retrieve-a-page"}},
		{ActionIDsAll, []string{"post-search", "retrieve-a-page", "get-page"}, []string{"fetch-page"}},
	}
	for _, tt := range tests {
		t.Run(tt.mode, func(t *testing.T) {
			s := newTestServer(t, Options{ActionIDs: tt.mode})
			id, _ := s.PageID("Glossary")
			req := func() map[string]any {
				return map[string]any{"pathParams": map[string]any{"page_id": id}, "requestBody": map[string]any{"query": "glossary"}}
			}
			for _, a := range tt.ok {
				mustOK(t, s.exec(t, a, req()))
			}
			for _, a := range tt.absent {
				r := s.exec(t, a, req())
				if r.status != 404 || alloyErrorCode(r) != "ACTION_NOT_FOUND" || r.json["object"] != nil {
					t.Errorf("%s: %d %s, want 404 in Alloy's shape", a, r.status, r.raw)
				}
			}
			if got := s.Stats().Actions; got[tt.absent[0]] != 1 {
				t.Errorf("Stats().Actions = %v: the missing action was not counted", got)
			}
		})
	}
}

func TestExecuteErrors(t *testing.T) {
	s := newTestServer(t, Options{})
	tests := []struct {
		name       string
		action     string
		req        map[string]any
		status     int
		alloyCode  string
		notionCode string
	}{
		{"unknown credential", "post-search", map[string]any{"credentialId": "000000000000000000000000"}, 400, "INVALID_INPUT", ""},
		{"credential of another connector", "post-search", map[string]any{"credentialId": DemoSlackCredentialID}, 400, "INVALID_INPUT", ""},
		{"no credential", "post-search", map[string]any{"credentialId": ""}, 400, "INVALID_INPUT", ""},
		{"unknown page", "retrieve-a-page", map[string]any{"pathParams": map[string]any{"page_id": "0123456789abcdef0123456789abcdef"}}, 404, "", "object_not_found"},
		{"page id not an id", "retrieve-a-page", map[string]any{"pathParams": map[string]any{"page_id": "nope"}}, 400, "", "validation_error"},
		{"unknown block", "get-block-children", map[string]any{"pathParams": map[string]any{"block_id": "0123456789abcdef0123456789abcdef"}}, 404, "", "object_not_found"},
		{"unknown database", "retrieve-a-database", map[string]any{"pathParams": map[string]any{"database_id": "0123456789abcdef0123456789abcdef"}}, 404, "", "object_not_found"},
		{"page size too big", "post-search", map[string]any{"requestBody": map[string]any{"page_size": 101}}, 400, "", "validation_error"},
		{"bad cursor", "post-search", map[string]any{"requestBody": map[string]any{"start_cursor": "garbage"}}, 400, "", "validation_error"},
		{"bad filter", "post-search", map[string]any{"requestBody": map[string]any{"filter": map[string]any{"property": "object", "value": "cat"}}}, 400, "", "validation_error"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.exec(t, tt.action, tt.req)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.raw)
			}
			if tt.alloyCode != "" && (alloyErrorCode(r) != tt.alloyCode || r.json["object"] != nil) {
				t.Fatalf("want Alloy's %s: %s", tt.alloyCode, r.raw)
			}
			if tt.notionCode != "" && (r.json["object"] != "error" || r.json["code"] != tt.notionCode ||
				r.json["status"] != float64(tt.status) || str(r.json["request_id"]) == "") {
				t.Fatalf("want Notion's %s: %s", tt.notionCode, r.raw)
			}
		})
	}
	if r := s.exec(t, "post-search", map[string]any{"credentialId": "000000000000000000000000"}); !strings.Contains(string(r.raw), "Credential not found") {
		t.Errorf("message %s, want the guide's \"Credential not found\"", r.raw)
	}
}

func TestWrap(t *testing.T) {
	for _, mode := range []string{WrapRaw, WrapResult, WrapResponseData, WrapData} {
		t.Run(mode, func(t *testing.T) {
			s := newTestServer(t, Options{Wrap: mode})
			m := mustOK(t, s.exec(t, "post-search", map[string]any{"requestBody": map[string]any{"query": "glossary"}}))
			inner := m
			if mode != WrapRaw {
				if m["object"] != nil {
					t.Fatalf("wrapped answer has an object key: %v", m)
				}
				inner, _ = m[mode].(map[string]any)
			}
			if len(results(t, inner)) != 1 {
				t.Fatalf("answer %v", m)
			}
			// Errors are never wrapped: they keep Notion's shape.
			r := s.exec(t, "retrieve-a-page", map[string]any{"pathParams": map[string]any{"page_id": "0123456789abcdef0123456789abcdef"}})
			if r.json["object"] != "error" {
				t.Fatalf("error answer %s", r.raw)
			}
		})
	}
}

func TestSearch(t *testing.T) {
	s := newTestServer(t, Options{})
	tests := []struct {
		name   string
		body   map[string]any
		want   []string // titles that must be found
		absent []string
		object string // every result's object, if set
	}{
		{"case-insensitive", map[string]any{"query": "GLOSSARY"}, []string{"Glossary"}, nil, ""},
		{"unicode", map[string]any{"query": "日本語"}, []string{"日本語のメモ：気象観測"}, nil, ""},
		{"accents fold case", map[string]any{"query": "über"}, []string{"Über-Zürich offsite 🏔️ (Señor Café edition)"}, nil, ""},
		{"markdown characters", map[string]any{"query": "*not"}, []string{"*not bold*"}, nil, ""},
		{"pages only", map[string]any{"query": "tracker", "filter": map[string]any{"property": "object", "value": "page"}}, nil, []string{"Project tracker"}, "page"},
		{"databases too", map[string]any{"query": "tracker"}, []string{"Project tracker"}, nil, "database"},
		{"database rows are pages", map[string]any{"query": "solar charger", "filter": map[string]any{"property": "object", "value": "page"}}, []string{"Solar charger v2"}, nil, "page"},
		{"titles only, not content", map[string]any{"query": "anemometer"}, nil, []string{"Scratchpad"}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := mustOK(t, s.exec(t, "post-search", map[string]any{"requestBody": tt.body}))
			got := map[string]bool{}
			for _, r := range results(t, m) {
				title, _ := titleOf(r)
				if r["object"] == "database" {
					segs, _ := r["title"].([]any)
					for _, seg := range segs {
						title += str(getPath(seg, "plain_text"))
					}
				}
				got[title] = true
				if tt.object != "" && r["object"] != tt.object {
					t.Errorf("result %q is a %v", title, r["object"])
				}
				if !strings.HasPrefix(str(r["url"]), "https://www.notion.so/") {
					t.Errorf("url %v", r["url"])
				}
			}
			for _, w := range tt.want {
				if !got[w] {
					t.Errorf("%q not found in %v", w, got)
				}
			}
			for _, w := range tt.absent {
				if got[w] {
					t.Errorf("%q found", w)
				}
			}
		})
	}
}

func TestSearchPaginationOverExtraPages(t *testing.T) {
	s := newTestServer(t, Options{ExtraPages: 2500})
	var ids []string
	var edited []string
	cursor := ""
	requests := 0
	for {
		body := map[string]any{"query": "generated page", "filter": map[string]any{"property": "object", "value": "page"}}
		if cursor != "" {
			body["start_cursor"] = cursor
		}
		m := mustOK(t, s.exec(t, "post-search", map[string]any{"requestBody": body}))
		requests++
		rs := results(t, m)
		if m["has_more"] == true && len(rs) != 100 {
			t.Fatalf("request %d: %d results, want the default 100", requests, len(rs))
		}
		for _, r := range rs {
			ids = append(ids, str(r["id"]))
			edited = append(edited, str(r["last_edited_time"]))
		}
		if m["has_more"] != true {
			break
		}
		cursor = str(m["next_cursor"])
		if requests > 30 {
			t.Fatal("pagination does not end")
		}
	}
	if requests != 25 || len(ids) != 2500 {
		t.Fatalf("%d requests, %d results; want 25 and 2500", requests, len(ids))
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if seen[id] {
			t.Fatalf("page %s returned twice", id)
		}
		seen[id] = true
	}
	if !sort.SliceIsSorted(edited, func(i, j int) bool { return edited[i] > edited[j] }) {
		t.Error("results are not newest first")
	}
	if got := s.Stats().Actions["post-search"]; got != 25 {
		t.Errorf("Stats counted %d searches, want 25", got)
	}
	title, ok := s.Page(ids[len(ids)-1])
	if !ok || title != "Generated page 2500" {
		t.Errorf("oldest page is %q", title)
	}
}

func TestBlockChildrenPagination(t *testing.T) {
	s := newTestServer(t, Options{})
	id, _ := s.PageID("Firmware release log")
	tests := []struct {
		pageSize, wantRequests int
	}{
		{0, 4}, {100, 4}, {50, 8}, {7, 56},
	}
	var first []map[string]any
	for _, tt := range tests {
		blocks, n := s.allChildren(t, id, tt.pageSize)
		if len(blocks) < 300 {
			t.Fatalf("the long page has %d blocks, want a few hundred", len(blocks))
		}
		if n != tt.wantRequests {
			t.Errorf("page_size %d: %d requests, want %d", tt.pageSize, n, tt.wantRequests)
		}
		if first == nil {
			first = blocks
			continue
		}
		for i := range first {
			if first[i]["id"] != blocks[i]["id"] {
				t.Fatalf("page_size %d: block %d differs", tt.pageSize, i)
			}
		}
	}
	r := s.exec(t, "get-block-children", map[string]any{
		"pathParams": map[string]any{"block_id": id}, "queryParameters": map[string]any{"start_cursor": "0123456789abcdef0123456789abcdef"},
	})
	if r.status != 400 || r.json["code"] != "validation_error" {
		t.Fatalf("unknown cursor: %d %s", r.status, r.raw)
	}
}

func TestRename(t *testing.T) {
	long := strings.Repeat("Wetter ", 643) // 4501 characters
	seg := func(parts ...string) []any {
		var out []any
		for _, p := range parts {
			out = append(out, map[string]any{"type": "text", "text": map[string]any{"content": p}})
		}
		return out
	}
	tests := []struct {
		name      string
		page      string
		property  string
		value     map[string]any
		wantTitle string // "" means the rename must fail with validation_error
	}{
		{"under title", "Glossary", "title", map[string]any{"title": seg("Word list")}, "Word list"},
		{"full property object", "Glossary", "title", map[string]any{"id": "title", "type": "title", "title": seg("Words")}, "Words"},
		{"row under Name", "Solar charger v2", "Name", map[string]any{"title": seg("Solar charger v3")}, "Solar charger v3"},
		{"row under title", "Solar charger v2", "title", map[string]any{"title": seg("Charger")}, "Charger"},
		{"segments joined", "Scratchpad", "title", map[string]any{"title": seg("Scratch", "pad ", "✏️")}, "Scratchpad ✏️"},
		{"long title in segments", "Scratchpad", "title", map[string]any{"title": seg(long[:2000], long[2000:4000], long[4000:])}, long},
		{"markdown characters", "Scratchpad", "title", map[string]any{"title": seg("*still* # [not] 1. markdown")}, "*still* # [not] 1. markdown"},
		{"empty title", "Scratchpad", "title", map[string]any{"title": []any{}}, "\x00empty"},
		{"segment over 2000", "Scratchpad", "title", map[string]any{"title": seg(long[:2001])}, ""},
		{"emoji count twice", "Scratchpad", "title", map[string]any{"title": seg(strings.Repeat("🌧", 1001))}, ""},
		{"emoji at the limit", "Scratchpad", "title", map[string]any{"title": seg(strings.Repeat("🌧", 1000))}, strings.Repeat("🌧", 1000)},
		{"no title key", "Scratchpad", "title", map[string]any{"name": "x"}, ""},
		{"a row's name on a plain page", "Scratchpad", "Name", map[string]any{"title": seg("x")}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, Options{})
			id, ok := s.PageID(tt.page)
			if !ok {
				t.Fatalf("no page %q", tt.page)
			}
			before, _ := s.Page(id)
			r := s.exec(t, "patch-page", map[string]any{
				"pathParams":  map[string]any{"page_id": strings.ReplaceAll(id, "-", "")},
				"requestBody": map[string]any{"properties": map[string]any{tt.property: tt.value}},
			})
			after, _ := s.Page(id)
			if tt.wantTitle == "" {
				if r.status != 400 || r.json["code"] != "validation_error" {
					t.Fatalf("status %d %s, want a validation_error", r.status, r.raw)
				}
				if after != before {
					t.Fatalf("a refused rename changed the title to %q", after)
				}
				return
			}
			m := mustOK(t, r)
			want := tt.wantTitle
			if want == "\x00empty" {
				want = ""
			}
			got, _ := titleOf(m)
			if got != want || after != want {
				t.Fatalf("answer title %q, stored %q; want %q", clip(got), clip(after), clip(want))
			}
			if m["last_edited_time"] != notionTime(fixedNow) {
				t.Errorf("last_edited_time %v, want the clock's %v", m["last_edited_time"], notionTime(fixedNow))
			}
			if m["id"] != id {
				t.Errorf("answer id %v", m["id"])
			}
		})
	}
}

func TestRenameShowsInParentAndSearch(t *testing.T) {
	s := newTestServer(t, Options{})
	id, _ := s.PageID("Glossary")
	mustOK(t, s.exec(t, "patch-page", map[string]any{
		"pathParams":  map[string]any{"page_id": id},
		"requestBody": map[string]any{"properties": map[string]any{"title": map[string]any{"title": []any{map[string]any{"text": map[string]any{"content": "Lexicon"}}}}}},
	}))
	parent, _ := s.PageID("Engineering handbook")
	kids, _ := s.allChildren(t, parent, 0)
	found := false
	for _, b := range kids {
		if b["id"] == id {
			found = getPath(b, "child_page", "title") == "Lexicon"
		}
	}
	if !found {
		t.Error("the parent's child_page block does not show the new title")
	}
	m := mustOK(t, s.exec(t, "post-search", map[string]any{"requestBody": map[string]any{}}))
	if first, _ := titleOf(results(t, m)[0]); first != "Lexicon" {
		t.Errorf("the renamed page is not first in search (newest edit): %q", first)
	}
}

func TestCreatePage(t *testing.T) {
	s := newTestServer(t, Options{})
	parent, _ := s.PageID("Scratchpad")
	m := mustOK(t, s.exec(t, "post-page", map[string]any{"requestBody": map[string]any{
		"parent":     map[string]any{"page_id": parent},
		"properties": map[string]any{"title": map[string]any{"title": []any{map[string]any{"text": map[string]any{"content": "New idea"}}}}},
		"children": []any{
			map[string]any{"object": "block", "type": "paragraph", "paragraph": map[string]any{
				"rich_text": []any{map[string]any{"text": map[string]any{"content": "Hello"}}},
				"children":  []any{map[string]any{"type": "to_do", "to_do": map[string]any{"rich_text": []any{}, "checked": true}}},
			}},
		},
	}}))
	id := str(m["id"])
	if title, _ := titleOf(m); title != "New idea" || getPath(m, "parent", "page_id") != parent {
		t.Fatalf("created %v", m)
	}
	kids, _ := s.allChildren(t, id, 0)
	if len(kids) != 1 || kids[0]["has_children"] != true {
		t.Fatalf("children %v", kids)
	}
	if segs, _ := getPath(kids[0], "paragraph", "rich_text").([]any); len(segs) != 1 || getPath(segs[0], "plain_text") != "Hello" {
		t.Fatalf("rich text not completed: %v", segs)
	}
	siblings, _ := s.allChildren(t, parent, 0)
	if last := siblings[len(siblings)-1]; last["id"] != id || last["type"] != "child_page" {
		t.Fatalf("the parent does not end with a link to the new page: %v", last)
	}

	db := mustOK(t, s.exec(t, "post-search", map[string]any{"requestBody": map[string]any{"query": "project tracker"}}))
	dbID := str(results(t, db)[0]["id"])
	s2 := newTestServer(t, Options{ActionIDs: ActionIDsAll})
	m = mustOK(t, s2.exec(t, "create-page", map[string]any{"requestBody": map[string]any{
		"parent": map[string]any{"database_id": dbID},
		"properties": map[string]any{
			"Name":   map[string]any{"title": []any{map[string]any{"text": map[string]any{"content": "Lightning counter"}}}},
			"Status": map[string]any{"select": map[string]any{"name": "Not started"}},
		},
	}}))
	if title, prop := titleOf(m); title != "Lightning counter" || prop != "Name" || getPath(m, "properties", "Status", "select", "name") != "Not started" {
		t.Fatalf("row %v", m)
	}
	for _, bad := range []map[string]any{
		{"parent": map[string]any{"page_id": "0123456789abcdef0123456789abcdef"}},
		{"parent": map[string]any{}},
		{"parent": map[string]any{"page_id": parent}, "children": []any{map[string]any{"type": "child_page", "child_page": map[string]any{"title": "x"}}}},
		{"parent": map[string]any{"database_id": dbID}, "properties": map[string]any{"Colour": map[string]any{}}},
	} {
		if r := s.exec(t, "post-page", map[string]any{"requestBody": bad}); r.status < 400 || r.json["object"] != "error" {
			t.Errorf("%v: status %d %s", bad, r.status, r.raw)
		}
	}
}

func TestDatabase(t *testing.T) {
	s := newTestServer(t, Options{})
	m := mustOK(t, s.exec(t, "post-search", map[string]any{"requestBody": map[string]any{"query": "project tracker"}}))
	dbID := str(results(t, m)[0]["id"])
	db := mustOK(t, s.exec(t, "retrieve-a-database", map[string]any{"pathParams": map[string]any{"database_id": dbID}}))
	if db["object"] != "database" || getPath(db, "properties", "Name", "type") != "title" {
		t.Fatalf("database %v", db)
	}
	var names []string
	cursor := ""
	for i := 0; i < 10; i++ {
		body := map[string]any{"page_size": 2, "sorts": []any{map[string]any{"property": "Name", "direction": "ascending"}}}
		if cursor != "" {
			body["start_cursor"] = cursor
		}
		q := mustOK(t, s.exec(t, "post-database-query", map[string]any{"pathParams": map[string]any{"database_id": dbID}, "requestBody": body}))
		for _, r := range results(t, q) {
			title, prop := titleOf(r)
			if prop != "Name" || getPath(r, "parent", "database_id") != dbID {
				t.Fatalf("row %v", r)
			}
			names = append(names, title)
		}
		if q["has_more"] != true {
			break
		}
		cursor = str(q["next_cursor"])
	}
	if len(names) != 5 || !sort.StringsAreSorted(names) {
		t.Fatalf("rows %v, want 5 sorted by name", names)
	}
}

// TestConcurrentUse runs reads and writes at once; -race checks the locking.
func TestConcurrentUse(t *testing.T) {
	s := newTestServer(t, Options{})
	id, _ := s.PageID("Scratchpad")
	var wg sync.WaitGroup
	for i := 0; i < 8; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := 0; j < 5; j++ {
				s.exec(t, "post-search", nil)
				s.exec(t, "patch-page", map[string]any{"pathParams": map[string]any{"page_id": id},
					"requestBody": map[string]any{"properties": map[string]any{"title": map[string]any{"title": []any{map[string]any{"text": map[string]any{"content": "x"}}}}}}})
				s.Stats()
				s.Page(id)
			}
		}()
	}
	wg.Wait()
	if st := s.Stats(); st.Requests != 80 || st.Actions["patch-page"] != 40 {
		t.Fatalf("stats %+v", st)
	}
}
