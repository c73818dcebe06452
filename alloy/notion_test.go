package alloy

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf16"

	"github.com/alloy-tui/alloy-tui/models"
)

func TestSearch(t *testing.T) {
	var body map[string]any
	c, _, _ := newTestClient(t, actionHandler(t, func(x executed) (int, any) {
		if x.Action != "post-search" {
			t.Errorf("action %s", x.Action)
		}
		data, _ := json.Marshal(x.Req.RequestBody)
		body = nil
		_ = json.Unmarshal(data, &body)
		return 200, `{"object":"list","results":[
			{"object":"page","id":"p1","properties":{"title":{"id":"title","type":"title","title":[{"plain_text":"One"}]}}},
			{"object":"user","id":"u1"},
			{"object":"database","id":"d1","title":[{"plain_text":"Tasks"}]},
			{"object":"data_source","id":"s1","title":[{"plain_text":"Rows"}]},
			{"object":"block","id":"b1"},
			"not even an object"
		],"has_more":true,"next_cursor":"cur-2"}`
	}))
	got, err := c.Notion("cred").Search(t.Context(), SearchParams{Query: "plan", Cursor: "cur-1", PageSize: 500, PagesOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	wantBody := map[string]any{"query": "plan", "start_cursor": "cur-1", "page_size": float64(100),
		"filter": map[string]any{"property": "object", "value": "page"}}
	if !reflect.DeepEqual(body, wantBody) {
		t.Errorf("request body %v, want %v", body, wantBody)
	}
	var titles []string
	for _, p := range got.Pages {
		titles = append(titles, p.Object+":"+p.Title)
	}
	if want := []string{"page:One", "database:Tasks", "data_source:Rows"}; !reflect.DeepEqual(titles, want) {
		t.Errorf("got %v, want %v", titles, want)
	}
	if !got.HasMore || got.NextCursor != "cur-2" {
		t.Errorf("cursor %q more %v", got.NextCursor, got.HasMore)
	}

	// Without a query or filter, neither is sent.
	if _, err := c.Notion("cred").Search(t.Context(), SearchParams{}); err != nil {
		t.Fatal(err)
	}
	if want := map[string]any{"page_size": float64(100)}; !reflect.DeepEqual(body, want) {
		t.Errorf("request body %v, want %v", body, want)
	}
}

func TestSearchRejectsNonList(t *testing.T) {
	c, _, _ := newTestClient(t, actionHandler(t, func(executed) (int, any) {
		return 200, `{"object":"page","id":"p"}`
	}))
	if _, err := c.Notion("cred").Search(t.Context(), SearchParams{}); err == nil {
		t.Fatal("a page instead of a list must fail, not look like no results")
	}
}

// searchServer serves total results in pages, recording every request.
func searchServer(t *testing.T, total int, calls *counter) http.HandlerFunc {
	return actionHandler(t, func(x executed) (int, any) {
		calls.inc()
		body := x.Req.RequestBody.(map[string]any)
		start := 0
		if cur, ok := body["start_cursor"].(string); ok {
			start, _ = strconv.Atoi(cur)
		}
		size := int(body["page_size"].(float64))
		var results []string
		for i := start; i < min(start+size, total); i++ {
			results = append(results, fmt.Sprintf(`{"object":"page","id":"p%d"}`, i))
		}
		more := start+size < total
		next := "null"
		if more {
			next = strconv.Quote(strconv.Itoa(start + size))
		}
		return 200, fmt.Sprintf(`{"object":"list","results":[%s],"has_more":%v,"next_cursor":%s}`, strings.Join(results, ","), more, next)
	})
}

func TestSearchAll(t *testing.T) {
	// A loop that stops without saying so beforehand (stopAfter) may
	// have asked for one list page more (ahead); one that says (limit)
	// asks for none.
	tests := []struct {
		total, stopAfter, limit, wantCalls, wantPages int
		mayAskOneMore                                 bool
	}{
		{total: 250, wantCalls: 3, wantPages: 250},
		{total: 200, wantCalls: 2, wantPages: 200},
		{total: 0, wantCalls: 1, wantPages: 0},
		{total: 250, stopAfter: 150, wantCalls: 2, wantPages: 150, mayAskOneMore: true},
		{total: 250, limit: 150, wantCalls: 2, wantPages: 150},
		{total: 250, limit: 100, wantCalls: 1, wantPages: 100},
		{total: 250, limit: 201, wantCalls: 3, wantPages: 201},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%d results stop %d limit %d", tt.total, tt.stopAfter, tt.limit), func(t *testing.T) {
			var calls counter
			c, _, _ := newTestClient(t, searchServer(t, tt.total, &calls))
			n := 0
			for p, err := range c.Notion("cred").SearchEach(t.Context(), SearchParams{PagesOnly: true, Limit: tt.limit}) {
				if err != nil {
					t.Fatal(err)
				}
				if p.ID != fmt.Sprintf("p%d", n) {
					t.Fatalf("result %d is %s", n, p.ID)
				}
				n++
				if n == tt.stopAfter {
					break
				}
			}
			if got := calls.get(); n != tt.wantPages || got != tt.wantCalls && !(tt.mayAskOneMore && got == tt.wantCalls+1) {
				t.Errorf("%d pages in %d requests, want %d in %d", n, got, tt.wantPages, tt.wantCalls)
			}
		})
	}
}

// TestSearchEachAheadFollowsTheDecodedCursor: the page asked for ahead
// comes from a scan; when the decoding names another cursor (here a key
// the decoder matches ignoring case, written last), that one is read.
func TestSearchEachAheadFollowsTheDecodedCursor(t *testing.T) {
	var mu sync.Mutex
	var cursors []string
	c, _, _ := newTestClient(t, actionHandler(t, func(x executed) (int, any) {
		cur, _ := x.Req.RequestBody.(map[string]any)["start_cursor"].(string)
		mu.Lock()
		cursors = append(cursors, cur)
		mu.Unlock()
		switch cur {
		case "":
			return 200, `{"object":"list","results":[{"object":"page","id":"first"}],"has_more":true,"next_cursor":"scanned","NEXT_CURSOR":"decoded"}`
		case "decoded":
			return 200, `{"object":"list","results":[{"object":"page","id":"second"}],"has_more":false,"next_cursor":null}`
		}
		return 200, `{"object":"list","results":[{"object":"page","id":"wrong"}],"has_more":false,"next_cursor":null}`
	}))
	var ids []string
	for p, err := range c.Notion("cred").SearchAll(t.Context(), "", false) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	if strings.Join(ids, ",") != "first,second" {
		t.Errorf("results %v (requests for %q)", ids, cursors)
	}
}

func TestSearchAllStopsOnError(t *testing.T) {
	c, _, _ := newTestClient(t, actionHandler(t, func(executed) (int, any) {
		return 401, `{"object":"error","status":401,"code":"unauthorized","message":"API token is invalid."}`
	}))
	var errs int
	for _, err := range c.Notion("cred").SearchAll(t.Context(), "x", false) {
		if err == nil {
			t.Fatal("want an error")
		}
		errs++
	}
	if errs != 1 {
		t.Errorf("%d errors yielded, want 1", errs)
	}
}

func TestBlockChildren(t *testing.T) {
	var queries []map[string]string
	c, _, _ := newTestClient(t, actionHandler(t, func(x executed) (int, any) {
		queries = append(queries, x.Req.QueryParameters)
		if x.Req.PathParams["block_id"] != "b1" {
			t.Errorf("path params %v", x.Req.PathParams)
		}
		if x.Req.QueryParameters["start_cursor"] == "" {
			return 200, `{"object":"list","results":[{"object":"block","id":"c1","type":"paragraph","paragraph":{"rich_text":[]}}],"has_more":true,"next_cursor":"k2"}`
		}
		return 200, `{"object":"list","results":[{"object":"block","id":"c2","type":"to_do","to_do":{"checked":true}}],"has_more":false,"next_cursor":null}`
	}))
	blocks, err := c.Notion("cred").AllBlockChildren(t.Context(), "b1")
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 2 || blocks[0].ID != "c1" || blocks[1].ID != "c2" || !blocks[1].Body.Checked {
		t.Errorf("blocks %+v", blocks)
	}
	want := []map[string]string{{"page_size": "100"}, {"page_size": "100", "start_cursor": "k2"}}
	if !reflect.DeepEqual(queries, want) {
		t.Errorf("queries %v, want %v", queries, want)
	}
}

func TestSplitUTF16(t *testing.T) {
	emoji := "😀" // two UTF-16 units
	tests := []struct {
		name  string
		in    string
		limit int
		want  []int // UTF-16 length of each part
	}{
		{"empty", "", 2000, nil},
		{"short", "hello", 2000, []int{5}},
		{"exactly the limit", strings.Repeat("a", 2000), 2000, []int{2000}},
		{"one over", strings.Repeat("a", 2001), 2000, []int{2000, 1}},
		{"pair at the boundary", strings.Repeat("a", 1999) + emoji + "b", 2000, []int{1999, 3}},
		{"all pairs", strings.Repeat(emoji, 1500), 2000, []int{2000, 1000}},
		{"accents", strings.Repeat("é", 4100), 2000, []int{2000, 2000, 100}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			parts := splitUTF16(tt.in, tt.limit)
			var lens []int
			for _, p := range parts {
				lens = append(lens, len(utf16.Encode([]rune(p))))
			}
			if !reflect.DeepEqual(lens, tt.want) {
				t.Errorf("parts of UTF-16 lengths %v, want %v", lens, tt.want)
			}
			if strings.Join(parts, "") != tt.in {
				t.Error("the parts do not join back into the title")
			}
		})
	}
}

func TestRenamePage(t *testing.T) {
	long := strings.Repeat("word ", 900) // 4,500 characters
	var seen executed
	c, _, _ := newTestClient(t, actionHandler(t, func(x executed) (int, any) {
		seen = x
		return 200, `{"object":"page","id":"p1","properties":{"Titre":{"id":"title","type":"title","title":[{"plain_text":"new"}]}}}`
	}))
	p, err := c.Notion("cred").RenamePage(t.Context(), "p1", long)
	if err != nil {
		t.Fatal(err)
	}
	if p.ID != "p1" || p.TitleProperty != "Titre" {
		t.Errorf("page %+v", p)
	}
	if seen.Action != "patch-page" || seen.Req.PathParams["page_id"] != "p1" {
		t.Errorf("request %+v", seen)
	}
	var body struct {
		Properties map[string]struct {
			Title []struct {
				Type string
				Text struct{ Content string }
			}
		}
	}
	data, _ := json.Marshal(seen.Req.RequestBody)
	if err := json.Unmarshal(data, &body); err != nil {
		t.Fatal(err)
	}
	segs := body.Properties["title"].Title
	if len(body.Properties) != 1 || len(segs) != 3 {
		t.Fatalf("body %s", data)
	}
	var joined strings.Builder
	for _, s := range segs {
		if s.Type != "text" || len(s.Text.Content) > MaxTextSegment {
			t.Errorf("segment %+v", s)
		}
		joined.WriteString(s.Text.Content)
	}
	if joined.String() != long {
		t.Error("the segments do not carry the whole title")
	}
}

func TestCreatePage(t *testing.T) {
	tests := []struct {
		parent     models.Parent
		wantParent map[string]any
		wantErr    bool
	}{
		{models.Parent{Type: "page_id", ID: "p"}, map[string]any{"type": "page_id", "page_id": "p"}, false},
		{models.Parent{Type: "database_id", ID: "d"}, map[string]any{"type": "database_id", "database_id": "d"}, false},
		{models.Parent{Type: "workspace"}, map[string]any{"type": "workspace", "workspace": true}, false},
		{models.Parent{Type: "block_id", ID: "b"}, nil, true},
		{models.Parent{Type: "page_id"}, nil, true},
	}
	for _, tt := range tests {
		t.Run(tt.parent.Type+"/"+tt.parent.ID, func(t *testing.T) {
			var body map[string]any
			c, _, _ := newTestClient(t, actionHandler(t, func(x executed) (int, any) {
				if x.Action != "post-page" {
					t.Errorf("action %s", x.Action)
				}
				body = x.Req.RequestBody.(map[string]any)
				return 200, `{"object":"page","id":"new"}`
			}))
			children := []any{map[string]any{"object": "block", "type": "paragraph", "paragraph": map[string]any{"rich_text": []any{}}}}
			p, err := c.Notion("cred").CreatePage(t.Context(), tt.parent, "Notes", children)
			if tt.wantErr {
				if err == nil || body != nil {
					t.Fatalf("want a local error and no request, got %v", err)
				}
				return
			}
			if err != nil || p.ID != "new" {
				t.Fatalf("got %+v, %v", p, err)
			}
			if !reflect.DeepEqual(body["parent"], tt.wantParent) || len(body["children"].([]any)) != 1 {
				t.Errorf("body %v", body)
			}
			title := body["properties"].(map[string]any)["title"].(map[string]any)["title"].([]any)
			if len(title) != 1 {
				t.Errorf("title %v", title)
			}
		})
	}
}

func TestDatabase(t *testing.T) {
	s := &aliasServer{missing: map[string]bool{"post-database-query": true, "query-database": true}, answer: func(x executed) (int, any) {
		switch x.Action {
		case "retrieve-a-database":
			return 200, `{"object":"database","id":"db","title":[{"plain_text":"Tasks"}],"data_sources":[{"id":"ds1","name":"Tasks"}]}`
		case "query-data-source":
			if x.Req.PathParams["data_source_id"] != "ds1" {
				t.Errorf("path params %v", x.Req.PathParams)
			}
			body := x.Req.RequestBody.(map[string]any)
			if body["page_size"] != float64(10) || body["start_cursor"] != "c1" || body["filter"] == nil || body["sorts"] == nil {
				t.Errorf("body %v", body)
			}
			return 200, `{"object":"list","results":[{"object":"page","id":"r1"}],"has_more":false,"next_cursor":null}`
		}
		return 400, `{"message":"?"}`
	}}
	c, _, _ := newTestClient(t, s.handler(t))
	n := c.Notion("cred")
	db, err := n.RetrieveDatabase(t.Context(), "db")
	if err != nil || db.Title != "Tasks" || db.Page().Object != "database" || len(db.DataSources) != 1 {
		t.Fatalf("got %+v, %v", db, err)
	}
	for range 2 {
		rows, err := n.QueryDatabase(t.Context(), "db", DatabaseQuery{
			Filter: map[string]any{"property": "Done", "checkbox": map[string]any{"equals": true}},
			Sorts:  []any{map[string]any{"property": "Name", "direction": "ascending"}},
			Cursor: "c1", PageSize: 10,
		})
		if err != nil || len(rows.Pages) != 1 || rows.Pages[0].ID != "r1" || rows.HasMore {
			t.Fatalf("got %+v, %v", rows, err)
		}
	}
	// The database was read once (above) and once for its data source,
	// which is then remembered.
	if want := []string{"retrieve-a-database", "retrieve-a-database", "query-data-source", "query-data-source"}; !reflect.DeepEqual(s.asked, want) {
		t.Errorf("asked %v, want %v", s.asked, want)
	}
}

// TestSearchEachYieldsTheErrorOfAPageAskedAhead: a later list page that
// fails yields its own error after the pages before it.
func TestSearchEachYieldsTheErrorOfAPageAskedAhead(t *testing.T) {
	c, _, _ := newTestClient(t, actionHandler(t, func(x executed) (int, any) {
		if cur, _ := x.Req.RequestBody.(map[string]any)["start_cursor"].(string); cur == "" {
			return 200, `{"object":"list","results":[{"object":"page","id":"first"}],"has_more":true,"next_cursor":"c2"}`
		}
		return 403, `{"object":"error","status":403,"code":"restricted_resource","message":"Not allowed here."}`
	}))
	var ids []string
	var errs []error
	for p, err := range c.Notion("cred").SearchAll(t.Context(), "", false) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		ids = append(ids, p.ID)
	}
	var e *Error
	if len(ids) != 1 || len(errs) != 1 || !errors.As(errs[0], &e) || e.Status != 403 {
		t.Errorf("results %v, errors %v", ids, errs)
	}
}

// TestSearchEachAsksForWhatIsLeft: with a limit, each request asks for no
// more results than are still wanted, the one asked ahead too.
func TestSearchEachAsksForWhatIsLeft(t *testing.T) {
	var mu sync.Mutex
	var sizes []int
	var calls counter
	serve := searchServer(t, 1000, &calls)
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var x struct {
			RequestBody struct {
				PageSize int `json:"page_size"`
			} `json:"requestBody"`
		}
		_ = json.Unmarshal(body, &x)
		mu.Lock()
		sizes = append(sizes, x.RequestBody.PageSize)
		mu.Unlock()
		r.Body = io.NopCloser(bytes.NewReader(body))
		serve(w, r)
	}))
	n := 0
	for _, err := range c.Notion("cred").SearchEach(t.Context(), SearchParams{Limit: 201}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 201 || fmt.Sprint(sizes) != "[100 100 1]" {
		t.Errorf("%d results; page sizes asked %v, want [100 100 1]", n, sizes)
	}
}
