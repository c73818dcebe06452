package alloy

import (
	"context"
	"math/rand/v2"
	"time"
)

// Clock is the time source of retries and pauses; tests inject a fake one.
type Clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done, returning ctx.Err() then.
	Sleep(ctx context.Context, d time.Duration) error
}

// RealClock returns the wall clock, the default of Config.Clock.
func RealClock() Clock { return realClock{} }

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d <= 0 {
		return nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func randomJitter() float64 { return rand.Float64() }

// untilSleeper is a Clock that can sleep until an instant; the fake clocks
// of tests implement it, so that several waiters of one deadline end
// together instead of each moving fake time by its own wait.
type untilSleeper interface {
	SleepUntil(ctx context.Context, t time.Time) error
}

// sleepUntil sleeps on clock until t (from now, as seen just now).
func sleepUntil(ctx context.Context, clock Clock, now, t time.Time) error {
	if s, ok := clock.(untilSleeper); ok {
		return s.SleepUntil(ctx, t)
	}
	return clock.Sleep(ctx, t.Sub(now))
}
