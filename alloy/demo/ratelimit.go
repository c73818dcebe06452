package demo

import (
	"net/http"
	"strconv"
	"sync"
	"time"
)

// Notion's documented limit, which the demo imitates by default.
const (
	// DefaultRateLimit is Notion's average of requests a second per
	// connection.
	DefaultRateLimit = 3.0
	// DefaultRateBurst is how many requests may come at once after a
	// quiet spell.
	DefaultRateBurst = 3
)

// rateLimitMessage is Notion's own message for a 429.
const rateLimitMessage = "You have been rate limited. Please try again in a few minutes."

// limiter is a per-connection rate limit in the manner of GCRA: each
// connection has a theoretical arrival time tat; a request at now is let
// through when now >= tat - (burst-1)·interval, and moves tat on by one
// interval. It reads the wall clock (time.Now), not Options.Clock, which
// tests may freeze for timestamps.
type limiter struct {
	interval time.Duration
	slack    time.Duration // (burst-1) intervals

	mu  sync.Mutex
	tat map[string]time.Time
}

func newLimiter(rate float64, burst int) *limiter {
	if rate <= 0 {
		return nil
	}
	if burst <= 0 {
		burst = DefaultRateBurst
	}
	interval := time.Duration(float64(time.Second) / rate)
	return &limiter{interval: interval, slack: time.Duration(burst-1) * interval, tat: map[string]time.Time{}}
}

// allow says whether a request of connection key may go now, and if not,
// after how long it would.
func (l *limiter) allow(key string) (bool, time.Duration) {
	now := time.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	tat := l.tat[key]
	if tat.Before(now) {
		tat = now
	}
	if earliest := tat.Add(-l.slack); now.Before(earliest) {
		return false, earliest.Sub(now)
	}
	l.tat[key] = tat.Add(l.interval)
	return true, 0
}

// rateLimited answers a refused request as Notion does through Alloy:
// Notion's error object with status 429, and Retry-After in whole seconds
// (rounded up, at least 1).
func (s *Server) rateLimited(w http.ResponseWriter, after time.Duration) {
	s.statsMu.Lock()
	s.stats.RateLimited++
	s.statsMu.Unlock()
	secs := int((after + time.Second - 1) / time.Second)
	w.Header().Set("Retry-After", strconv.Itoa(max(1, secs)))
	writeNotionError(w, &notionError{http.StatusTooManyRequests, "rate_limited", rateLimitMessage})
}
