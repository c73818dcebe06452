package alloy

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/models"
)

// treeServer serves get-block-children from lists of block JSON keyed by
// parent id, 100 a page, with the cursor being the next index.
type treeServer struct {
	lists map[string][]string
	// failWith answers a block id with this status and body instead.
	failWith map[string][2]string
	delay    time.Duration

	mu    sync.Mutex
	asked []string
}

func (s *treeServer) serve(tb testing.TB) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.delay > 0 {
			time.Sleep(s.delay) // the benchmark's simulated round trip: the only real sleep
		}
		var req ActionRequest
		if err := decodeJSON(r, &req); err != nil {
			tb.Error(err)
			return
		}
		id := req.PathParams["block_id"]
		s.mu.Lock()
		s.asked = append(s.asked, id)
		s.mu.Unlock()
		if f, ok := s.failWith[id]; ok {
			status, _ := strconv.Atoi(f[0])
			writeBody(w, status, f[1])
			return
		}
		list, ok := s.lists[id]
		if !ok {
			tb.Errorf("children of %q asked, which has none", id)
			writeBody(w, 404, `{"object":"error","status":404,"code":"object_not_found","message":"no"}`)
			return
		}
		start, _ := strconv.Atoi(req.QueryParameters["start_cursor"])
		size, _ := strconv.Atoi(req.QueryParameters["page_size"])
		end := min(start+size, len(list))
		next, more := "null", end < len(list)
		if more {
			next = strconv.Quote(strconv.Itoa(end))
		}
		writeBody(w, 200, fmt.Sprintf(`{"object":"list","results":[%s],"has_more":%v,"next_cursor":%s,"type":"block","block":{}}`,
			strings.Join(list[start:end], ","), more, next))
	})
}

func (s *treeServer) askedIDs() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.asked)
}

func blockJSON(id, typ string, hasChildren bool, body string) string {
	if body == "" {
		body = `{"rich_text":[{"type":"text","plain_text":"` + id + `"}]}`
	}
	return fmt.Sprintf(`{"object":"block","id":%q,"type":%q,"has_children":%v,%q:%s}`, id, typ, hasChildren, typ, body)
}

func paragraphs(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = blockJSON(fmt.Sprintf("%s-%d", prefix, i), "paragraph", false, "")
	}
	return out
}

// sampleTree is a page of 230 blocks (three list pages) holding nested
// toggles, a long list of children, columns, a child page and a child
// database (not to be opened), a synced copy and a copy whose original is
// not shared.
func sampleTree() *treeServer {
	top := paragraphs("top", 230)
	top[5] = blockJSON("T1", "toggle", true, "")
	top[120] = blockJSON("CP", "child_page", true, `{"title":"Sub page"}`)
	top[121] = blockJSON("CD", "child_database", true, `{"title":"A database"}`)
	top[150] = blockJSON("S1", "synced_block", true, `{"synced_from":{"type":"block_id","block_id":"ORIG"}}`)
	top[160] = blockJSON("S2", "synced_block", true, `{"synced_from":{"type":"block_id","block_id":"HIDDEN"}}`)
	top[200] = blockJSON("T2", "toggle", true, "")
	top[210] = blockJSON("CL", "column_list", true, `{}`)
	t1 := paragraphs("t1", 3)
	t1[2] = blockJSON("T1c", "toggle", true, "")
	return &treeServer{
		lists: map[string][]string{
			"P":    top,
			"T1":   t1,
			"T1c":  paragraphs("t1c", 1),
			"ORIG": paragraphs("orig", 2),
			"T2":   paragraphs("t2", 150),
			"CL":   {blockJSON("C1", "column", true, `{}`), blockJSON("C2", "column", true, `{}`)},
			"C1":   paragraphs("c1", 2),
			"C2":   paragraphs("c2", 1),
		},
		failWith: map[string][2]string{
			"HIDDEN": {"404", `{"object":"error","status":404,"code":"object_not_found","message":"Could not find block with ID: HIDDEN."}`},
		},
	}
}

func ids(blocks []*models.Block) []string {
	out := make([]string, len(blocks))
	for i, b := range blocks {
		out[i] = b.ID
	}
	return out
}

func TestBlockTree(t *testing.T) {
	srv := sampleTree()
	c, _, _ := newTestClient(t, srv.serve(t))
	var events []Subtree
	tree, err := c.Notion("cred").BlockTree(t.Context(), "P", func(s Subtree) { events = append(events, s) })
	if err != nil {
		t.Fatal(err)
	}

	if len(events) == 0 || events[0].ParentID != "P" || len(events[0].Blocks) != 100 || events[0].Complete {
		t.Fatalf("the first event must be the page's first list page, got %+v", events[0])
	}
	// Per parent: the events append up to the whole list, in order, and
	// only the last is complete.
	got := map[string][]string{}
	completes := map[string]int{}
	for i, e := range events {
		if completes[e.ParentID] > 0 {
			t.Errorf("event %d for %s after its complete one", i, e.ParentID)
		}
		if e.Complete {
			completes[e.ParentID]++
		}
		if e.Fetched != i+1 {
			t.Errorf("event %d: Fetched %d", i, e.Fetched)
		}
		for _, b := range e.Blocks {
			if b.Children != nil {
				t.Errorf("block %s handed out with children", b.ID)
			}
		}
		got[e.ParentID] = append(got[e.ParentID], ids(e.Blocks)...)
	}
	if last := events[len(events)-1]; last.Pending != 0 {
		t.Errorf("last event pending %d, want 0", last.Pending)
	}
	want := map[string][]string{"S2": nil}
	for parent, list := range srv.lists {
		key := parent
		if parent == "ORIG" {
			key = "S1" // a synced copy shows its original's children, under itself
		}
		for _, raw := range list {
			want[key] = append(want[key], raw[strings.Index(raw, `"id":"`)+6:strings.Index(raw, `","type"`)])
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("lists by parent:\n got %v\nwant %v", got, want)
	}
	for parent := range want {
		if completes[parent] != 1 {
			t.Errorf("%s completed %d times", parent, completes[parent])
		}
	}
	asked := srv.askedIDs()
	for _, id := range []string{"CP", "CD", "S1", "S2"} {
		if slices.Contains(asked, id) {
			t.Errorf("children of %s were fetched", id)
		}
	}
	if len(asked) != len(events) {
		t.Errorf("%d requests for %d events", len(asked), len(events))
	}

	// The result is assembled fresh: same shape, different blocks.
	if len(tree) != 230 {
		t.Fatalf("%d top-level blocks", len(tree))
	}
	check := func(b *models.Block, wantKids ...string) {
		t.Helper()
		if !reflect.DeepEqual(ids(b.Children), append([]string{}, wantKids...)) {
			t.Errorf("%s has children %v, want %v", b.ID, ids(b.Children), wantKids)
		}
	}
	check(tree[5], "t1-0", "t1-1", "T1c")
	check(tree[5].Children[2], "t1c-0")
	check(tree[120])
	check(tree[150], "orig-0", "orig-1")
	check(tree[160])
	check(tree[210], "C1", "C2")
	check(tree[210].Children[0], "c1-0", "c1-1")
	if len(tree[200].Children) != 150 {
		t.Errorf("T2 has %d children", len(tree[200].Children))
	}
	if tree[0] == events[0].Blocks[0] {
		t.Error("the result shares blocks with the events")
	}
}

func TestBlockTreeWithoutCallback(t *testing.T) {
	c, _, _ := newTestClient(t, sampleTree().serve(t))
	tree, err := c.Notion("cred").BlockTree(t.Context(), "P", nil)
	if err != nil || len(tree) != 230 || len(tree[5].Children) != 3 {
		t.Fatalf("got %d blocks, %v", len(tree), err)
	}
}

func TestBlockTreeFails(t *testing.T) {
	srv := sampleTree()
	srv.failWith["T2"] = [2]string{"400", `{"object":"error","status":400,"code":"validation_error","message":"bad cursor"}`}
	c, _, _ := newTestClient(t, srv.serve(t))
	_, err := c.Notion("cred").BlockTree(t.Context(), "P", nil)
	var e *Error
	if !errors.As(err, &e) || e.Code != "validation_error" || !strings.Contains(err.Error(), "block tree of P") {
		t.Fatalf("got %v", err)
	}
}

func TestBlockTreeCycle(t *testing.T) {
	// A malformed answer naming a block as its own descendant must end.
	srv := &treeServer{lists: map[string][]string{
		"P": {blockJSON("A", "toggle", true, "")},
		"A": {blockJSON("P", "toggle", true, ""), blockJSON("A", "toggle", true, "")},
	}}
	c, _, _ := newTestClient(t, srv.serve(t))
	if _, err := c.Notion("cred").BlockTree(t.Context(), "P", nil); err != nil {
		t.Fatal(err)
	}
	if got := srv.askedIDs(); len(got) != 2 {
		t.Errorf("asked %v, want P and A once each", got)
	}
}

// benchTree is the page of the latency requirement: 3,060 top-level blocks
// (31 list pages), 60 toggles with children, every fifth toggle holding a
// nested toggle, one toggle with 120 children (two list pages).
func benchTree() (srv *treeServer, requests, extraLevels int) {
	top := paragraphs("top", 3060)
	lists := map[string][]string{"P": top}
	for k := range 60 {
		id := fmt.Sprintf("T%d", k)
		top[k*51] = blockJSON(id, "toggle", true, "")
		kids := paragraphs(id, 3)
		if k == 30 {
			kids = paragraphs(id, 120)
		}
		if k%5 == 4 {
			kids[0] = blockJSON(id+"n", "toggle", true, "")
			lists[id+"n"] = paragraphs(id+"n", 2)
		}
		lists[id] = kids
	}
	for _, l := range lists {
		requests += max(1, (len(l)+99)/100)
	}
	return &treeServer{lists: lists}, requests, 2
}

// BenchmarkBlockTreeLatency loads benchTree with 20 ms added to every
// request and reports the time over the unavoidable time: the longer of
// the critical chain (31 sequential list pages, then one round trip per
// extra nesting level) and all requests spread over 4 slots.
func BenchmarkBlockTreeLatency(b *testing.B) {
	const rtt = 20 * time.Millisecond
	srv, requests, extraLevels := benchTree()
	srv.delay = rtt
	hs := httptest.NewServer(srv.serve(b))
	defer hs.Close()
	// Unpaced: this measures the scheduling against latency, not the pacer.
	c := New(Config{BaseURL: hs.URL, APIKey: testKey, Rate: -1}) // the default transport keeps 4 connections alive
	rootPages := (len(srv.lists["P"]) + 99) / 100
	chain := time.Duration(rootPages+extraLevels) * rtt
	spread := time.Duration(math.Ceil(float64(requests)/float64(DefaultMaxInFlight))) * rtt
	unavoidable := max(chain, spread)

	var total time.Duration
	for b.Loop() {
		start := time.Now()
		tree, err := c.Notion("cred").BlockTree(b.Context(), "P", func(Subtree) {})
		total += time.Since(start)
		if err != nil || len(tree) != 3060 {
			b.Fatalf("%d blocks, %v", len(tree), err)
		}
	}
	b.ReportMetric(float64(total)/float64(b.N)/float64(unavoidable), "x-unavoidable")
	b.ReportMetric(float64(requests), "requests")
}
