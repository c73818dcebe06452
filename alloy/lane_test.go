package alloy

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"
)

func TestSharedPauseAfter429(t *testing.T) {
	var (
		mu       sync.Mutex
		arrivals []time.Time
		refused  time.Time
	)
	var c *Client
	var clock *fakeClock
	c, clock, _ = newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		now := clock.Now()
		arrivals = append(arrivals, now)
		first := len(arrivals) == 1
		if first {
			refused = now
		}
		mu.Unlock()
		if first {
			w.Header().Set("Retry-After", "5")
			writeBody(w, http.StatusTooManyRequests, `{"message":"slow down"}`)
			return
		}
		writeBody(w, 200, `[]`)
	}), func(cfg *Config) { cfg.MaxInFlight = 1 })

	// With one slot, the others queue behind the first request, which is
	// refused: all of them must wait the same pause, not only the refused one.
	const callers = 5
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			if _, err := c.ListConnectors(t.Context()); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()

	if len(arrivals) != callers+1 {
		t.Fatalf("%d requests, want %d (one refused, then each once)", len(arrivals), callers+1)
	}
	deadline := refused.Add(5 * time.Second)
	for i, at := range arrivals[1:] {
		if at.Before(deadline) {
			t.Errorf("request %d arrived %v after the 429, before the pause ended", i+2, at.Sub(refused))
		}
	}
	// One shared pause: the clock ends at its deadline, not at 5 s per caller.
	if end := clock.Now(); !end.Equal(deadline) {
		t.Errorf("clock at +%v, want +5s", end.Sub(refused))
	}
	for _, d := range clock.Sleeps() {
		if d > 5*time.Second {
			t.Errorf("a wait of %v, longer than the pause", d)
		}
	}
}

func TestLaneBoundsInFlight(t *testing.T) {
	release := make(chan struct{})
	var inHandler counter
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inHandler.inc()
		<-release
		writeBody(w, 200, `[]`)
	}))
	const callers = 10
	var once sync.Once
	open := func() { once.Do(func() { close(release) }) }
	t.Cleanup(open) // before the server's Close, even if the test fails
	var wg sync.WaitGroup
	for range callers {
		wg.Go(func() {
			if _, err := c.ListConnectors(t.Context()); err != nil {
				t.Error(err)
			}
		})
	}
	ln := c.lane(connectivityLane)
	// Wait until every caller is either at the server or queued in the lane.
	waitFor(t, "the lane to fill", func() bool {
		_, inFlight, waiting, _ := ln.state()
		return inFlight == DefaultMaxInFlight && waiting == callers-DefaultMaxInFlight
	})
	waitFor(t, "the server to see the first requests", func() bool { return inHandler.get() >= DefaultMaxInFlight })
	if got := inHandler.get(); got != DefaultMaxInFlight {
		t.Errorf("%d requests reached the server at once, want %d", got, DefaultMaxInFlight)
	}
	open()
	wg.Wait()
	if got := inHandler.get(); got != callers {
		t.Errorf("%d requests served, want %d", got, callers)
	}
}

func TestLaneAdaptsLimit(t *testing.T) {
	clock := newFakeClock()
	l := newLane(clock, 4)
	ctx := t.Context()
	step := func(o outcome, pause time.Duration) {
		t.Helper()
		if err := l.acquire(ctx, false); err != nil {
			t.Fatal(err)
		}
		l.release(o, pause)
	}
	limit := func() int { n, _, _, _ := l.state(); return n }

	step(outcomeThrottled, 3*time.Second)
	if limit() != 2 {
		t.Fatalf("limit %d after a 429, want 2", limit())
	}
	_, _, _, until := l.state()
	if want := clock.Now().Add(3 * time.Second); !until.Equal(want) {
		t.Errorf("pause until %v, want %v", until, want)
	}
	// A second refusal within the same pause is the same episode.
	if err := l.acquire(ctx, false); err != nil { // sleeps out the pause
		t.Fatal(err)
	}
	if got := clock.Sleeps(); len(got) != 1 || got[0] != 3*time.Second {
		t.Errorf("sleeps %v, want one of 3s", got)
	}
	l.release(outcomeOther, 0)
	if limit() != 2 {
		t.Errorf("limit %d after a 5xx, want it unchanged", limit())
	}
	for range 2 {
		step(outcomeSuccess, 0)
	}
	if limit() != 3 {
		t.Errorf("limit %d after 2 successes at 2, want 3", limit())
	}
	for range 3 {
		step(outcomeSuccess, 0)
	}
	for range 10 {
		step(outcomeSuccess, 0)
	}
	if limit() != 4 {
		t.Errorf("limit %d, want back at the maximum of 4", limit())
	}
	for range 5 {
		step(outcomeThrottled, 0)
	}
	if limit() != 1 {
		t.Errorf("limit %d after repeated 429s, want the floor of 1", limit())
	}
}

func TestLanePriorityFirst(t *testing.T) {
	l := newLane(newFakeClock(), 1)
	ctx := t.Context()
	if err := l.acquire(ctx, false); err != nil {
		t.Fatal(err)
	}
	order := make(chan string, 2)
	var wg sync.WaitGroup
	wait := func(name string, prio bool, queued int) {
		wg.Go(func() {
			if err := l.acquire(ctx, prio); err != nil {
				t.Error(err)
				return
			}
			order <- name
			l.release(outcomeSuccess, 0)
		})
		waitFor(t, name+" to queue", func() bool { _, _, w, _ := l.state(); return w == queued })
	}
	wait("low", false, 1)
	wait("high", true, 2)
	l.release(outcomeSuccess, 0)
	wg.Wait()
	if first := <-order; first != "high" {
		t.Errorf("%s served first, want the priority request", first)
	}
}

func TestLaneWaiterCancelled(t *testing.T) {
	l := newLane(newFakeClock(), 1)
	if err := l.acquire(t.Context(), false); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { done <- l.acquire(ctx, false) }()
	waitFor(t, "the waiter to queue", func() bool { _, _, w, _ := l.state(); return w == 1 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	if _, inFlight, waiting, _ := l.state(); inFlight != 1 || waiting != 0 {
		t.Errorf("in flight %d, waiting %d; want 1 and 0", inFlight, waiting)
	}
}
