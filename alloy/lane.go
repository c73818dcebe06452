package alloy

import (
	"context"
	"math"
	"slices"
	"sync"
	"time"
)

// lane is the pacer of one connection (one credentialId; the connectivity
// calls, which have none, share the "" lane). Every request of the
// connection goes through it, whichever screen or command sends it:
//
//   - a token bucket: rate tokens a second, at most burst saved up; a
//     request takes one token. The rate starts at Config.Rate (Notion's
//     average of 3 a second) and moves between MinRate and Config.MaxRate.
//     A request leaves only once the bucket holds a little more than one
//     token (pacingMargin), so that the service's own bucket, which sees
//     the request a moment later and with some jitter, still holds one;
//   - at most maxInFlight requests in flight;
//   - a 429 (or 529) sets one shared pause until its Retry-After deadline:
//     every request of the lane, not only the refused one, waits it out,
//     and a later refusal can only extend it. The first refusal of an
//     episode (a refusal of a request sent before the last cut belongs to
//     the same episode) halves the rate, never below MinRate, and empties
//     the bucket;
//   - runs of successes raise the rate again: quickly (×1.5 a run of about
//     a second's worth of requests) while it is under 90% of the rate that
//     was last refused, slowly (×1.1 after probeRun successes in a row)
//     above that, up to the ceiling. Only requests that had to wait for a
//     token count: a connection that is barely used learns nothing about
//     how fast it may go;
//   - waiting requests are served in order, priority ones (the critical
//     path of a block tree) first.
//
// A waiter sleeps on the Clock for what it waits for (a pause, the next
// token) and then goes, trusting the sleep rather than re-reading the
// clock, so that a clock whose Sleep returns early (tests) cannot make it
// spin.
type lane struct {
	clock       Clock
	maxInFlight int
	burst       float64
	minRate     float64
	maxRate     float64
	unpaced     bool // Config.Rate < 0: no token bucket

	mu         sync.Mutex
	rate       float64   // tokens a second
	tokens     float64   // may go below zero after a sleep that came early
	refilled   time.Time // when tokens was last brought up to date
	inFlight   int
	successes  int     // paced successes in a row since the rate last moved
	streak     int     // refusal episodes without a success in between
	refusedAt  float64 // the rate of the last refusal episode; 0 before any
	sent       uint64  // grants handed out so far
	cutSeq     uint64  // sent when the rate was last cut
	pauseUntil time.Time
	pauseLen   time.Duration
	pauseWhy   string
	high, low  []*laneWaiter
	// changed is closed (and replaced) whenever something a queued waiter
	// may be waiting for changes: a slot freed, the head of the queue, a
	// new pause.
	changed chan struct{}
}

// Pacing parameters that are not configurable.
const (
	// MinRate is the floor of a connection's rate, in requests a second.
	MinRate = 1.0
	// pacingMargin is the part of a token a request leaves in the bucket.
	pacingMargin = 0.1
	// probeRun is how many paced successes in a row raise the rate above
	// the rate that was last refused.
	probeRun = 100
	// recoverTo is the share of the last refused rate that is won back
	// quickly.
	recoverTo = 0.9
)

type laneWaiter struct{ priority bool }

// grant is a slot handed out by acquire, given back to release.
type grant struct {
	seq   uint64 // the how-manieth request of the lane it is, from 1
	paced bool   // it waited for a token
}

// outcome is how an attempt ended, as far as pacing cares.
type outcome int

const (
	outcomeOther     outcome = iota // an error that says nothing about rate
	outcomeSuccess                  // an answer that was not a refusal for rate
	outcomeThrottled                // 429 or 529
)

func newLane(clock Clock, cfg Config) *lane {
	l := &lane{
		clock:       clock,
		maxInFlight: cfg.MaxInFlight,
		burst:       float64(cfg.Burst),
		minRate:     min(MinRate, cfg.Rate),
		maxRate:     max(cfg.MaxRate, cfg.Rate),
		unpaced:     cfg.Rate < 0,
		rate:        cfg.Rate,
		changed:     make(chan struct{}),
	}
	l.tokens = l.burst
	l.refilled = clock.Now()
	return l
}

// lane returns the pacer of a connection.
func (c *Client) lane(credentialID string) *lane {
	c.lanesMu.Lock()
	defer c.lanesMu.Unlock()
	l, ok := c.lanes[credentialID]
	if !ok {
		l = newLane(c.clock, c.cfg)
		c.lanes[credentialID] = l
	}
	return l
}

// acquire waits until the request may leave: out any pause, for its turn,
// for a slot and for a token. It reports the pauses it waits out to the
// wait observers of ctx and returns ctx.Err() as soon as ctx is done.
func (l *lane) acquire(ctx context.Context, priority bool) (grant, error) {
	w := &laneWaiter{priority: priority}
	var (
		sleptUntil time.Time // the pause this waiter has slept out
		tokenSlept bool      // it has slept for its token
		endWait    func()    // ends the reported pause, if one is
	)
	defer func() {
		if endWait != nil {
			endWait()
		}
	}()
	l.mu.Lock()
	if priority {
		l.high = append(l.high, w)
	} else {
		l.low = append(l.low, w)
	}
	for {
		if err := ctx.Err(); err != nil {
			l.removeLocked(w)
			l.mu.Unlock()
			return grant{}, err
		}
		now := l.clock.Now()
		if now.Before(l.pauseUntil) && l.pauseUntil.After(sleptUntil) {
			until, length, why := l.pauseUntil, l.pauseLen, l.pauseWhy
			l.mu.Unlock()
			if endWait != nil {
				endWait()
			}
			endWait = beginWait(ctx, Wait{Until: until, Length: length, Reason: why})
			err := sleepUntil(ctx, l.clock, now, until)
			l.mu.Lock()
			sleptUntil = until
			tokenSlept = false // the bucket was emptied by the refusal
			if err != nil {
				l.removeLocked(w)
				l.mu.Unlock()
				return grant{}, err
			}
			continue
		}
		if endWait != nil {
			l.mu.Unlock()
			endWait()
			endWait = nil
			l.mu.Lock()
			continue
		}
		if l.headLocked() != w || l.inFlight >= l.maxInFlight {
			changed := l.changed
			tokenSlept = false // others may take the tokens meanwhile
			l.mu.Unlock()
			select {
			case <-changed:
			case <-ctx.Done():
			}
			l.mu.Lock()
			continue
		}
		l.refillLocked(now)
		need := 1 + pacingMargin
		if !l.unpaced && !tokenSlept && l.tokens < need {
			wait := time.Duration(math.Ceil((need - l.tokens) / l.rate * float64(time.Second)))
			l.mu.Unlock()
			err := l.clock.Sleep(ctx, wait)
			l.mu.Lock()
			if err != nil {
				l.removeLocked(w)
				l.mu.Unlock()
				return grant{}, err
			}
			tokenSlept = true
			continue // the pause or the queue may have changed meanwhile
		}
		if !l.unpaced {
			l.tokens--
		}
		l.inFlight++
		l.sent++
		l.removeLocked(w)
		g := grant{seq: l.sent, paced: tokenSlept}
		l.mu.Unlock()
		return g, nil
	}
}

// refillLocked brings the bucket up to date.
func (l *lane) refillLocked(now time.Time) {
	if dt := now.Sub(l.refilled); dt > 0 {
		l.tokens = min(l.burst, l.tokens+dt.Seconds()*l.rate)
		l.refilled = now
	}
}

func (l *lane) headLocked() *laneWaiter {
	if len(l.high) > 0 {
		return l.high[0]
	}
	if len(l.low) > 0 {
		return l.low[0]
	}
	return nil
}

// removeLocked takes w out of the queue and wakes the others: the head
// may have changed.
func (l *lane) removeLocked(w *laneWaiter) {
	l.high = slices.DeleteFunc(l.high, func(x *laneWaiter) bool { return x == w })
	l.low = slices.DeleteFunc(l.low, func(x *laneWaiter) bool { return x == w })
	l.broadcastLocked()
}

func (l *lane) broadcastLocked() {
	close(l.changed)
	l.changed = make(chan struct{})
}

// release gives a slot back and learns from how the attempt ended. For a
// refusal, pause is the wait it asked for and why the reason to show.
func (l *lane) release(g grant, o outcome, pause time.Duration, why string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight--
	switch o {
	case outcomeThrottled:
		now := l.clock.Now()
		if g.seq > l.cutSeq {
			// The first refusal of a request sent at the current rate:
			// it was too generous. Later refusals of requests that left
			// before this cut are the same episode.
			l.refusedAt = l.rate
			if !l.unpaced {
				l.rate = max(l.minRate, l.rate/2)
				l.refillLocked(now)
				l.tokens = min(l.tokens, 0)
			}
			l.cutSeq = l.sent
			l.streak++
		}
		l.successes = 0
		if until := now.Add(pause); until.After(l.pauseUntil) {
			l.pauseUntil, l.pauseLen, l.pauseWhy = until, pause, why
		}
	case outcomeSuccess:
		l.streak = 0
		if g.paced && !l.unpaced {
			l.successes++
			l.raiseLocked()
		}
	}
	l.broadcastLocked()
}

// raiseLocked raises the rate after a run of paced successes.
func (l *lane) raiseLocked() {
	if l.rate >= l.maxRate {
		l.successes = 0
		return
	}
	l.refillLocked(l.clock.Now()) // tokens so far were earned at the old rate
	if l.refusedAt > 0 && l.rate < recoverTo*l.refusedAt {
		if l.successes >= max(3, int(math.Ceil(l.rate))) {
			l.rate = min(l.rate*1.5, recoverTo*l.refusedAt, l.maxRate)
			l.successes = 0
		}
		return
	}
	if l.successes >= probeRun {
		l.rate = min(l.rate*1.1, l.maxRate)
		l.successes = 0
	}
}

// throttleBackoff is the shared pause after a refusal that named no wait:
// 1 s, 2 s, 4 s, … for each episode in a row, plus up to half again of
// jitter, capped at MaxRetryWait.
func (l *lane) throttleBackoff(jitter float64) time.Duration {
	l.mu.Lock()
	streak := l.streak + 1 // this refusal may start a new episode
	l.mu.Unlock()
	base := time.Second << min(streak-1, 6)
	return min(base+time.Duration(jitter*float64(base/2)), MaxRetryWait)
}

// laneState is a snapshot of a lane, for tests.
type laneState struct {
	rate               float64
	inFlight, waiting  int
	pauseUntil         time.Time
	tokens, refusedAt  float64
	successes, episode int
}

func (l *lane) state() laneState {
	l.mu.Lock()
	defer l.mu.Unlock()
	return laneState{
		rate: l.rate, inFlight: l.inFlight, waiting: len(l.high) + len(l.low), pauseUntil: l.pauseUntil,
		tokens: l.tokens, refusedAt: l.refusedAt, successes: l.successes, episode: l.streak,
	}
}

// Wait is a pause the client takes before sending again.
type Wait struct {
	Until  time.Time     // when the pause ends
	Length time.Duration // its whole length
	Reason string        // "rate limited" for 429/529; otherwise e.g. "service failed (503), retrying"
}

// ReasonRateLimited is Wait.Reason for a pause the service asked for.
const ReasonRateLimited = "rate limited"

type waitKey struct{}

// waitObserver collects the pauses of the requests of one context and
// reports the one that ends last, then a zero Wait once none is left.
type waitObserver struct {
	fn     func(Wait)
	parent *waitObserver

	mu     sync.Mutex
	active map[*Wait]struct{}
	shown  Wait
}

// WithWaitObserver returns a context whose requests report every pause
// they wait out (the shared rate-limit pause of their connection, a
// back-off before a retry) to fn; fn may be called from any goroutine and
// must not block. A zero Wait (Until.IsZero()) means the pause is over.
//
// The pauses of all the requests of the context are merged: fn hears of a
// pause when it starts or is extended, and of the zero Wait once no request
// of the context is waiting any more. Observers nest: a request also
// reports to the observers of the contexts ctx was made from.
func WithWaitObserver(ctx context.Context, fn func(Wait)) context.Context {
	parent, _ := ctx.Value(waitKey{}).(*waitObserver)
	if fn == nil {
		return ctx
	}
	return context.WithValue(ctx, waitKey{}, &waitObserver{fn: fn, parent: parent, active: map[*Wait]struct{}{}})
}

// beginWait reports a pause to the observers of ctx and returns the
// function that ends it (call it once).
func beginWait(ctx context.Context, w Wait) func() {
	o, _ := ctx.Value(waitKey{}).(*waitObserver)
	if o == nil {
		return func() {}
	}
	key := &w
	for x := o; x != nil; x = x.parent {
		x.begin(key)
	}
	var once sync.Once
	return func() {
		once.Do(func() {
			for x := o; x != nil; x = x.parent {
				x.end(key)
			}
		})
	}
}

func (o *waitObserver) begin(w *Wait) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.active[w] = struct{}{}
	if w.Until.After(o.shown.Until) {
		o.shown = *w
		o.fn(o.shown)
	}
}

func (o *waitObserver) end(w *Wait) {
	o.mu.Lock()
	defer o.mu.Unlock()
	delete(o.active, w)
	if len(o.active) == 0 {
		if !o.shown.Until.IsZero() {
			o.shown = Wait{}
			o.fn(Wait{})
		}
		return
	}
	if *w == o.shown {
		// The pause shown is over for this request; show the longest
		// that is left, if it differs.
		var next Wait
		for x := range o.active {
			if x.Until.After(next.Until) {
				next = *x
			}
		}
		if next != o.shown {
			o.shown = next
			o.fn(next)
		}
	}
}
