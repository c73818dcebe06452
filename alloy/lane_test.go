package alloy

import (
	"context"
	"errors"
	"math"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"
)

// testLane is a lane with the client's defaults (3 a second, burst 3,
// ceiling 10) on a fake clock, unless mutate changes them.
func testLane(clock Clock, mutate ...func(*Config)) *lane {
	cfg := Config{MaxInFlight: DefaultMaxInFlight, Rate: DefaultRate, MaxRate: DefaultMaxRate, Burst: DefaultBurst}
	for _, m := range mutate {
		m(&cfg)
	}
	return newLane(clock, cfg)
}

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
	}), func(cfg *Config) { cfg.MaxInFlight, cfg.Rate = 1, -1 }) // no token waits: only the pause

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
		s := ln.state()
		return s.inFlight == DefaultMaxInFlight && s.waiting == callers-DefaultMaxInFlight
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

// TestPacerSpacesRequests: after the burst, requests leave at the rate,
// each leaving a tenth of a token in the bucket.
func TestPacerSpacesRequests(t *testing.T) {
	clock := newFakeClock()
	start := clock.Now()
	l := testLane(clock)
	const n = 10
	for range n {
		g, err := l.acquire(t.Context(), false)
		if err != nil {
			t.Fatal(err)
		}
		l.release(g, outcomeOther, 0, "")
	}
	// Burst 3 less the margin, then one every third of a second.
	want := time.Duration(math.Round((n - DefaultBurst + pacingMargin) / DefaultRate * float64(time.Second)))
	if got := clock.Now().Sub(start); got < want-time.Millisecond || got > want+time.Millisecond {
		t.Errorf("%d requests took %v, want %v", n, got, want)
	}
}

// TestPacerCutsOncePerEpisode: the refusals of requests sent before a cut
// are one episode, one halving; later ones halve again down to the floor.
func TestPacerCutsOncePerEpisode(t *testing.T) {
	clock := newFakeClock()
	l := testLane(clock)
	ctx := t.Context()
	var grants []grant
	for range 3 {
		g, err := l.acquire(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		grants = append(grants, g)
	}
	for _, g := range grants {
		l.release(g, outcomeThrottled, 2*time.Second, ReasonRateLimited)
	}
	s := l.state()
	if s.rate != 1.5 || s.refusedAt != 3 {
		t.Errorf("rate %v (refused at %v) after one episode of three 429s, want 1.5 (3)", s.rate, s.refusedAt)
	}
	if want := clock.Now().Add(2 * time.Second); !s.pauseUntil.Equal(want) {
		t.Errorf("pause until %v, want %v", s.pauseUntil, want)
	}
	for range 3 {
		g, err := l.acquire(ctx, false) // sleeps out the pause
		if err != nil {
			t.Fatal(err)
		}
		l.release(g, outcomeThrottled, time.Second, ReasonRateLimited)
	}
	if s := l.state(); s.rate != MinRate {
		t.Errorf("rate %v after repeated 429s, want the floor of %v", s.rate, MinRate)
	}
	if got := clock.Sleeps(); !slices.Contains(got, 2*time.Second) {
		t.Errorf("sleeps %v, want the whole pause of 2s among them", got)
	}
}

// TestPacerRaisesSlowly: after a cut, paced successes win back 90% of the
// refused rate quickly, then probe higher only after long runs, never
// past the ceiling; successes that did not wait for a token teach nothing.
func TestPacerRaisesSlowly(t *testing.T) {
	clock := newFakeClock()
	l := testLane(clock)
	ctx := t.Context()
	step := func(o outcome) grant {
		t.Helper()
		g, err := l.acquire(ctx, false)
		if err != nil {
			t.Fatal(err)
		}
		l.release(g, o, 0, ReasonRateLimited)
		return g
	}
	if g := step(outcomeSuccess); g.paced {
		t.Fatal("the first request waited for a token")
	}
	if s := l.state(); s.successes != 0 {
		t.Errorf("an unpaced success counted: %d", s.successes)
	}
	step(outcomeThrottled)
	if r := l.state().rate; r != 1.5 {
		t.Fatalf("rate %v, want 1.5", r)
	}
	n := 0
	for l.state().rate < 2.7-1e-9 {
		step(outcomeSuccess)
		if n++; n > 20 {
			t.Fatalf("rate %v after %d successes, want 2.7 by now", l.state().rate, n)
		}
	}
	if n < 4 {
		t.Errorf("recovered in %d successes: too fast", n)
	}
	for range probeRun - 1 {
		step(outcomeSuccess)
	}
	if r := l.state().rate; math.Abs(r-2.7) > 1e-9 {
		t.Errorf("rate %v before a full probe run, want 2.7", r)
	}
	step(outcomeSuccess)
	if r := l.state().rate; math.Abs(r-2.97) > 1e-9 {
		t.Errorf("rate %v after a probe run, want 2.97", r)
	}
	for range 30 * probeRun {
		step(outcomeSuccess)
	}
	if r := l.state().rate; r != DefaultMaxRate {
		t.Errorf("rate %v after a long run, want the ceiling %v", r, DefaultMaxRate)
	}
}

func TestLanePriorityFirst(t *testing.T) {
	l := testLane(newFakeClock(), func(c *Config) { c.MaxInFlight = 1 })
	ctx := t.Context()
	g0, err := l.acquire(ctx, false)
	if err != nil {
		t.Fatal(err)
	}
	order := make(chan string, 2)
	var wg sync.WaitGroup
	wait := func(name string, prio bool, queued int) {
		wg.Go(func() {
			g, err := l.acquire(ctx, prio)
			if err != nil {
				t.Error(err)
				return
			}
			order <- name
			l.release(g, outcomeSuccess, 0, "")
		})
		waitFor(t, name+" to queue", func() bool { return l.state().waiting == queued })
	}
	wait("low", false, 1)
	wait("high", true, 2)
	l.release(g0, outcomeSuccess, 0, "")
	wg.Wait()
	if first := <-order; first != "high" {
		t.Errorf("%s served first, want the priority request", first)
	}
}

func TestLaneWaiterCancelled(t *testing.T) {
	l := testLane(newFakeClock(), func(c *Config) { c.MaxInFlight = 1 })
	if _, err := l.acquire(t.Context(), false); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error)
	go func() { _, err := l.acquire(ctx, false); done <- err }()
	waitFor(t, "the waiter to queue", func() bool { return l.state().waiting == 1 })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	if s := l.state(); s.inFlight != 1 || s.waiting != 0 {
		t.Errorf("in flight %d, waiting %d; want 1 and 0", s.inFlight, s.waiting)
	}
}

// TestLaneEarlyClock: a clock whose Sleep returns at once without moving
// Now (the UI tests' clock) must not make a waiter spin.
func TestLaneEarlyClock(t *testing.T) {
	var sleeps counter
	clock := earlyClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), sleeps: &sleeps}
	l := testLane(clock)
	g, err := l.acquire(t.Context(), false)
	if err != nil {
		t.Fatal(err)
	}
	l.release(g, outcomeThrottled, time.Minute, ReasonRateLimited)
	for range 20 {
		g, err := l.acquire(t.Context(), false)
		if err != nil {
			t.Fatal(err)
		}
		l.release(g, outcomeSuccess, 0, "")
	}
	// Each waiter sleeps once for the pause and once for its token.
	if n := sleeps.get(); n > 2*21 {
		t.Errorf("%d sleeps for 21 requests: the waiters spin", n)
	}
}

type earlyClock struct {
	now    time.Time
	sleeps *counter
}

func (c earlyClock) Now() time.Time { return c.now }

func (c earlyClock) Sleep(ctx context.Context, _ time.Duration) error {
	c.sleeps.inc()
	return ctx.Err()
}

// TestWaitObserver: the pauses of a context's requests are reported, merged,
// and end with a zero Wait; a Retry-After of two minutes is waited in full.
func TestWaitObserver(t *testing.T) {
	var n counter
	c, clock, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch n.inc() {
		case 1:
			w.Header().Set("Retry-After", "120")
			writeBody(w, http.StatusTooManyRequests, `{"object":"error","status":429,"code":"rate_limited","message":"slow"}`)
		case 2:
			writeBody(w, http.StatusServiceUnavailable, `{"message":"down"}`)
		default:
			writeBody(w, 200, `[]`)
		}
	}), func(c *Config) { c.Rate = -1 })
	c.jitter = func() float64 { return 0 }
	var (
		mu    sync.Mutex
		waits []Wait
	)
	ctx := WithWaitObserver(t.Context(), func(w Wait) {
		mu.Lock()
		defer mu.Unlock()
		waits = append(waits, w)
	})
	start := clock.Now()
	if _, err := c.ListConnectors(ctx); err != nil {
		t.Fatal(err)
	}
	if len(waits) != 4 {
		t.Fatalf("waits %+v, want a pause, its end, a back-off, its end", waits)
	}
	if w := waits[0]; w.Reason != ReasonRateLimited || w.Length != 120*time.Second || !w.Until.Equal(start.Add(120*time.Second)) {
		t.Errorf("first wait %+v, want 2 minutes rate limited", w)
	}
	if w := waits[2]; w.Reason != "service failed (503), retrying" || w.Length != time.Second {
		t.Errorf("third wait %+v, want a back-off of 1s after the 503", w)
	}
	if !waits[1].Until.IsZero() || !waits[3].Until.IsZero() {
		t.Errorf("waits %+v: each pause should end with a zero Wait", waits)
	}
	if got := clock.Sleeps(); len(got) != 2 || got[0] != 120*time.Second {
		t.Errorf("sleeps %v, want 2m0s (never cut short) then 1s", got)
	}
}

// TestThrottledDoesNotUseRetries: a request goes through any number of
// 429s; only the 5xx count against MaxRetries.
func TestThrottledDoesNotUseRetries(t *testing.T) {
	var n counter
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k := n.inc()
		switch {
		case k == 3 || k == 6 || k == 9:
			writeBody(w, http.StatusBadGateway, `{"message":"bad gateway"}`)
		case k < 12:
			w.Header().Set("Retry-After", "1")
			writeBody(w, http.StatusTooManyRequests, `{"message":"slow"}`)
		default:
			writeBody(w, 200, `[]`)
		}
	}))
	if _, err := c.ListConnectors(t.Context()); err != nil {
		t.Fatalf("after 8 429s and %d 502s: %v", MaxRetries, err)
	}
	if n.get() != 12 {
		t.Errorf("%d attempts, want 12", n.get())
	}
}
