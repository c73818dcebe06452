package demo

import (
	"testing"
	"time"
)

// TestRateLimitByDefault: the zero Options limit each connection as Notion
// does: a burst of 3, then 429 with Notion's body and Retry-After in
// seconds, and room again a third of a second later.
func TestRateLimitByDefault(t *testing.T) {
	s := newTestServer(t, Options{RateLimit: DefaultRateLimit})
	search := map[string]any{"requestBody": map[string]any{"query": "x"}}
	for i := range DefaultRateBurst {
		if r := s.exec(t, "post-search", search); r.status != 200 {
			t.Fatalf("request %d of the burst: status %d", i+1, r.status)
		}
	}
	r := s.exec(t, "post-search", search)
	if r.status != 429 {
		t.Fatalf("request after the burst: status %d, want 429", r.status)
	}
	if got := r.header.Get("Retry-After"); got != "1" {
		t.Errorf("Retry-After %q, want 1", got)
	}
	if str(r.json["object"]) != "error" || str(r.json["code"]) != "rate_limited" || r.json["status"] != float64(429) ||
		str(r.json["message"]) != rateLimitMessage {
		t.Errorf("body %s, want Notion's rate_limited error", r.raw)
	}
	if got := s.Stats().RateLimited; got != 1 {
		t.Errorf("Stats.RateLimited %d, want 1", got)
	}
	time.Sleep(400 * time.Millisecond) // one token's worth, and some
	if r := s.exec(t, "post-search", search); r.status != 200 {
		t.Errorf("after a third of a second: status %d, want 200", r.status)
	}
}

func TestNewLimitsUnlessLifted(t *testing.T) {
	if New(Options{}).limit == nil {
		t.Error("the zero Options have no rate limit")
	}
	if New(Options{RateLimit: -1}).limit != nil {
		t.Error("RateLimit -1 did not lift the limit")
	}
}

// TestBigPage: the generated page holds exactly the blocks asked for,
// nested in toggles and lists, and is found by its title.
func TestBigPage(t *testing.T) {
	const n = 3000
	s := newTestServer(t, Options{BigPageBlocks: n})
	id, ok := s.PageID(BigPageTitle)
	if !ok {
		t.Fatal("no big page")
	}
	total, lists, deepest := 0, 0, 0
	var walk func(id string, depth int)
	walk = func(id string, depth int) {
		blocks, requests := s.allChildren(t, id, 0)
		lists += requests
		deepest = max(deepest, depth)
		total += len(blocks)
		for _, b := range blocks {
			if b["has_children"] == true {
				walk(str(b["id"]), depth+1)
			}
		}
	}
	walk(id, 0)
	if total != n {
		t.Errorf("%d blocks, want %d", total, n)
	}
	if deepest != 2 || lists < 250 {
		t.Errorf("nesting %d levels, %d list pages: want 2 levels and hundreds of lists", deepest, lists)
	}
}
