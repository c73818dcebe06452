package alloy

import (
	"context"
	"slices"
	"sync"
	"time"
)

// lane paces the requests of one connection (one credentialId; the
// connectivity calls, which have none, share the "" lane). It is paced by
// feedback rather than by a fixed rate:
//
//   - at most limit requests are in flight; limit starts at MaxInFlight;
//   - a 429 (or 529) sets one shared pause until its Retry-After deadline:
//     every request of the lane, not only the one refused, waits it out,
//     and a later 429 can only extend it;
//   - the first 429 of a pause halves limit (never below 1), and each run
//     of limit successes in a row raises it by one again, back up to
//     MaxInFlight (additive increase, multiplicative decrease);
//   - waiting requests are served in order, priority ones (the critical
//     path of a block tree) first.
type lane struct {
	clock Clock
	max   int

	mu         sync.Mutex
	limit      int
	inFlight   int
	successes  int
	pauseUntil time.Time
	high, low  []*laneWaiter
}

type laneWaiter struct {
	ready   chan struct{}
	granted bool // set under lane.mu before ready is closed
}

// outcome is how an attempt ended, as far as pacing cares.
type outcome int

const (
	outcomeOther     outcome = iota // an error that says nothing about rate
	outcomeSuccess                  // an answer that was not a refusal for rate
	outcomeThrottled                // 429 or 529
)

func newLane(clock Clock, max int) *lane {
	return &lane{clock: clock, max: max, limit: max}
}

// lane returns the pacing lane of a connection.
func (c *Client) lane(credentialID string) *lane {
	c.lanesMu.Lock()
	defer c.lanesMu.Unlock()
	l, ok := c.lanes[credentialID]
	if !ok {
		l = newLane(c.clock, c.cfg.MaxInFlight)
		c.lanes[credentialID] = l
	}
	return l
}

// acquire waits for a slot: first out any pause, then for room under the
// limit. It returns ctx.Err() as soon as ctx is done.
func (l *lane) acquire(ctx context.Context, priority bool) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		l.mu.Lock()
		now := l.clock.Now()
		if now.Before(l.pauseUntil) {
			wait := l.pauseUntil.Sub(now)
			l.mu.Unlock()
			if err := l.clock.Sleep(ctx, wait); err != nil {
				return err
			}
			continue
		}
		if l.inFlight < l.limit && (priority || len(l.high)+len(l.low) == 0) {
			l.inFlight++
			l.mu.Unlock()
			return nil
		}
		w := &laneWaiter{ready: make(chan struct{})}
		if priority {
			l.high = append(l.high, w)
		} else {
			l.low = append(l.low, w)
		}
		l.mu.Unlock()

		select {
		case <-w.ready:
			l.mu.Lock()
			granted := w.granted
			l.mu.Unlock()
			if granted {
				return nil
			}
			// Woken by a new pause: go round to sleep it out.
		case <-ctx.Done():
			l.mu.Lock()
			if w.granted {
				// The slot was handed over just as ctx ended: pass it on.
				l.inFlight--
				l.dispatchLocked()
			} else {
				l.high = slices.DeleteFunc(l.high, func(x *laneWaiter) bool { return x == w })
				l.low = slices.DeleteFunc(l.low, func(x *laneWaiter) bool { return x == w })
			}
			l.mu.Unlock()
			return ctx.Err()
		}
	}
}

// release gives a slot back and learns from how the attempt ended;
// pauseFor is the wait a throttled answer asked for.
func (l *lane) release(o outcome, pauseFor time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.inFlight--
	switch o {
	case outcomeThrottled:
		now := l.clock.Now()
		if !now.Before(l.pauseUntil) {
			// The first refusal of a new pause: slow down. Refusals of
			// requests already in flight belong to the same episode.
			l.limit = max(1, l.limit/2)
		}
		if until := now.Add(pauseFor); until.After(l.pauseUntil) {
			l.pauseUntil = until
		}
		l.successes = 0
	case outcomeSuccess:
		l.successes++
		if l.successes >= l.limit && l.limit < l.max {
			l.limit++
			l.successes = 0
		}
	}
	l.dispatchLocked()
}

// dispatchLocked hands free slots to waiters, or, during a pause, wakes
// them all so that each sleeps out the pause on the clock.
func (l *lane) dispatchLocked() {
	if l.clock.Now().Before(l.pauseUntil) {
		for _, w := range append(l.high, l.low...) {
			close(w.ready)
		}
		l.high, l.low = nil, nil
		return
	}
	for l.inFlight < l.limit {
		var w *laneWaiter
		switch {
		case len(l.high) > 0:
			w, l.high = l.high[0], l.high[1:]
		case len(l.low) > 0:
			w, l.low = l.low[0], l.low[1:]
		default:
			return
		}
		w.granted = true
		l.inFlight++
		close(w.ready)
	}
}

// state reports the lane's numbers, for tests.
func (l *lane) state() (limit, inFlight, waiting int, pauseUntil time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.limit, l.inFlight, len(l.high) + len(l.low), l.pauseUntil
}
