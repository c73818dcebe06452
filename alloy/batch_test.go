package alloy

import (
	"errors"
	"fmt"
	"testing"
	"testing/synctest"
	"time"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/models"
)

// pagesTitled counts the pages in the demo titled exactly title.
func pagesTitled(t *testing.T, n *Notion, title string) int {
	t.Helper()
	count := 0
	for p, err := range n.SearchAll(t.Context(), title, true) {
		if err != nil {
			t.Fatal(err)
		}
		if p.Title == title {
			count++
		}
	}
	return count
}

// TestRunBatchDroppedWrites: the demo drops the connection after every
// fourth write has been made, items share titles, some are invalid:
// every item is accounted for and no page is made twice.
func TestRunBatchDroppedWrites(t *testing.T) {
	srv, n := createDemo(t, demo.Options{DropWritesEvery: 4})
	home, _ := srv.PageID("Larkspur Labs wiki")
	parent := models.Parent{Type: "page_id", ID: home}
	var items []BatchItem
	want := map[string]int{}
	for i := range 40 {
		title := fmt.Sprintf("Item %d", i)
		if i%5 == 0 {
			title = "Shared title"
		}
		it := BatchItem{Line: i + 1, Page: NewPage{Parent: parent, Title: title,
			Blocks: models.FromMarkdown(fmt.Sprintf("Body %d\n\n- with\n  - nesting", i))}}
		if i == 7 {
			it.Err = fmt.Errorf("invalid on purpose")
		} else {
			want[title]++
		}
		items = append(items, it)
	}
	var last BatchProgress
	calls := 0
	out := n.RunBatch(t.Context(), items, BatchOptions{}, func(p BatchProgress) { last = p; calls++ })
	if len(out) != len(items) || calls != len(items) {
		t.Fatalf("%d outcomes, %d progress calls for %d items", len(out), calls, len(items))
	}
	ids := map[string]bool{}
	for i, o := range out {
		if o.Item.Line != i+1 {
			t.Errorf("outcome %d is line %d", i, o.Item.Line)
		}
		if i == 7 {
			if o.Created || o.Err == nil {
				t.Errorf("the invalid item: %+v", o)
			}
			continue
		}
		if !o.Created || o.Err != nil {
			t.Errorf("line %d: %v", o.Item.Line, o.Err)
		}
		if ids[o.Page.ID] {
			t.Errorf("line %d claims page %s twice", o.Item.Line, o.Page.ID)
		}
		ids[o.Page.ID] = true
	}
	if last.Done != 39 || last.Failed != 1 || last.Left != 0 {
		t.Errorf("progress %+v", last)
	}
	if srv.Stats().LostWrites < 8 {
		t.Errorf("only %d writes lost", srv.Stats().LostWrites)
	}
	for title, count := range want {
		if got := pagesTitled(t, n, title); got != count {
			t.Errorf("%q: %d pages, want %d", title, got, count)
		}
	}
}

// TestBatchPace creates 300 one-line pages from the demo limited as Notion
// is (3 a second), on synctest's fake time, and reports how long it took
// against 300 ÷ 3 seconds. It asserts only that every page was created
// once; the time is reported, never asserted.
func TestBatchPace(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		srv := demo.New(demo.Options{RateLimit: demo.DefaultRateLimit, RateBurst: demo.DefaultRateBurst})
		home, _ := srv.PageID("Larkspur Labs wiki")
		n := demoClient(srv.Handler()).Notion(demo.DemoCredentialID)
		items := make([]BatchItem, 300)
		for i := range items {
			items[i] = BatchItem{Line: i + 1, Page: NewPage{Parent: models.Parent{Type: "page_id", ID: home},
				Title: fmt.Sprintf("Paced %03d", i), Blocks: models.FromMarkdown(fmt.Sprintf("Line %d", i))}}
		}
		start := time.Now()
		out := n.RunBatch(t.Context(), items, BatchOptions{}, nil)
		elapsed := time.Since(start)
		created := map[string]bool{}
		for _, o := range out {
			if !o.Created || o.Err != nil || created[o.Page.ID] {
				t.Fatalf("line %d: created %v, %v", o.Item.Line, o.Created, o.Err)
			}
			created[o.Page.ID] = true
		}
		st := srv.Stats()
		ideal := 100 * time.Second
		t.Logf("300 pages in %v (fake time), %.3fx of %v; %d creates sent, %d refused with 429",
			elapsed, float64(elapsed)/float64(ideal), ideal, st.Actions["post-page"], st.RateLimited)
	})
}

// TestRunBatchStop: a stopped batch starts nothing more; every item is
// either created or not started, and the server holds exactly the pages
// reported created.
func TestRunBatchStop(t *testing.T) {
	srv, n := createDemo(t, demo.Options{})
	home, _ := srv.PageID("Larkspur Labs wiki")
	items := make([]BatchItem, 30)
	for i := range items {
		items[i] = BatchItem{Line: i + 1, Page: NewPage{Parent: models.Parent{Type: "page_id", ID: home}, Title: fmt.Sprintf("Stopped %d", i)}}
	}
	stop := make(chan struct{})
	close(stop)
	out := n.RunBatch(t.Context(), items, BatchOptions{Stop: stop}, nil)
	stopped := 0
	for _, o := range out {
		switch {
		case o.Created:
			if pagesTitled(t, n, o.Item.Page.Title) != 1 {
				t.Errorf("%s reported created, not on the server once", o.Item.Page.Title)
			}
		case errors.Is(o.Err, ErrBatchStopped):
			stopped++
			if pagesTitled(t, n, o.Item.Page.Title) != 0 {
				t.Errorf("%s reported not started, but exists", o.Item.Page.Title)
			}
		default:
			t.Errorf("line %d: %v", o.Item.Line, o.Err)
		}
	}
	if stopped != 30 {
		t.Errorf("%d of 30 stopped, want all: the stop came first", stopped)
	}
}
