package common

import (
	"context"
	"sync"
	"time"

	tea "charm.land/bubbletea/v2"
)

// Request is one line of work a screen keeps going: a search, the next page
// of results, a page's block tree. A screen holds it as a field, starts it
// with Fetch, Stream or After, and reads its state (Running, Err, Busy) when
// it draws. Everything else about a request's life is done here, once:
//
//   - starting it again cancels the call in flight, and an answer to an
//     older call (or to a cancelled one) is dropped, never shown;
//   - Suspend cancels a call in flight and remembers it; Resume starts that
//     same call again (same cursor), so a screen that was left finds its
//     state as it was;
//   - a failure is recorded (Err) and, unless OnError takes it, explained on
//     the status bar; a refused API key opens Welcome;
//   - while the client waits out a rate limit, Busy says so with the time
//     left.
//
// The zero value is ready to use. A Request must only be used from the
// Update loop, like the screen that holds it.
type Request struct {
	// Label says what the request is doing, for the status bar while it
	// runs ("Searching…").
	Label string
	// OnError, when set, takes the request's failures instead of the
	// status bar: for screens that show the error where the content would
	// be. It is not called for cancellations.
	OnError func(error) tea.Cmd

	gen         int
	running     bool
	interrupted bool
	cancel      context.CancelFunc
	restart     func() tea.Cmd
	err         error
	waits       *waitState
}

// AnswerMsg carries the outcome of a request back to the Update loop. The
// root model calls Apply on it; nothing else needs to look inside.
type AnswerMsg struct {
	apply func() tea.Cmd
}

// Apply hands the answer to the screen that asked, unless it is stale.
func (m AnswerMsg) Apply() tea.Cmd {
	if m.apply == nil {
		return nil
	}
	return m.apply()
}

// Running reports whether a call is in flight.
func (r *Request) Running() bool { return r.running }

// Err is why the last call failed, nil when it did not (or has not ended).
func (r *Request) Err() error { return r.err }

// Interrupted reports whether Suspend cancelled a call that Resume will
// start again.
func (r *Request) Interrupted() bool { return r.interrupted }

// Busy says what the request is doing while it runs, "" when it is not:
// its Label, or the rate-limit wait with the time left.
func (r *Request) Busy(now time.Time) string {
	if !r.running {
		return ""
	}
	if w := r.waits.current(); w != "" && !r.waits.until().IsZero() {
		if left := r.waits.until().Sub(now); left > 0 {
			return w + ": waiting " + Seconds(left)
		}
	}
	return r.Label
}

// Cancel stops the call in flight, if any, and forgets it: its answer will
// be dropped and Resume will not start it again.
func (r *Request) Cancel() {
	if r.cancel != nil {
		r.cancel()
		r.cancel = nil
	}
	r.gen++
	r.running, r.interrupted = false, false
	r.waits = nil
}

// ClearErr forgets the last failure, once the user has moved on from it.
func (r *Request) ClearErr() { r.err = nil }

// Suspend stops the call in flight, if any, and remembers it for Resume.
func (r *Request) Suspend() {
	if !r.running {
		return
	}
	restart := r.restart
	r.Cancel()
	r.interrupted, r.restart = true, restart
}

// Resume starts again the call Suspend stopped; nil when there is none.
func (r *Request) Resume() tea.Cmd {
	if !r.interrupted || r.restart == nil {
		r.interrupted = false
		return nil
	}
	r.interrupted = false
	return r.restart()
}

// begin cancels what is in flight and opens a new call: its context, its
// generation and the function that starts it again.
func (r *Request) begin(c *Context, restart func() tea.Cmd) (context.Context, int, *waitState) {
	r.Cancel()
	ctx, cancel := context.WithCancel(c.Ctx)
	waits := &waitState{}
	if c.ObserveWaits != nil {
		ctx = c.ObserveWaits(ctx, waits.set)
	}
	r.cancel, r.running, r.err, r.restart, r.waits = cancel, true, nil, restart, waits
	return ctx, r.gen, waits
}

// current reports whether gen is still the call being waited for.
func (r *Request) current(gen int) bool { return gen == r.gen && r.running }

// finish ends call gen: on error it is recorded and reported (or passed to
// OnError); a cancellation is dropped quietly.
func (r *Request) finish(c *Context, err error) tea.Cmd {
	r.running = false
	if r.cancel != nil {
		r.cancel()
		r.cancel = nil
	}
	if err == nil {
		r.restart = nil
		return nil
	}
	if IsCanceled(err) {
		return nil
	}
	r.err = err
	if r.OnError != nil && !IsUnauthorized(err) {
		return r.OnError(err)
	}
	c.Fail(err)
	return nil
}

// Fetch starts a call on r: fetch runs off the Update loop with a context
// that ends when the call is cancelled; done receives its value on the
// Update loop, unless the call went stale first. Whatever r had in flight
// is cancelled.
func Fetch[T any](c *Context, r *Request, fetch func(ctx context.Context) (T, error), done func(T) tea.Cmd) tea.Cmd {
	var start func() tea.Cmd
	start = func() tea.Cmd {
		ctx, gen, _ := r.begin(c, start)
		return func() tea.Msg {
			value, err := fetch(ctx)
			return AnswerMsg{apply: func() tea.Cmd {
				if !r.current(gen) {
					return nil
				}
				if cmd := r.finish(c, err); err != nil {
					return cmd
				}
				return done(value)
			}}
		}
	}
	return start()
}

// Stream starts a call on r whose run emits values as they come (list
// pages of a block tree): each reaches item on the Update loop, in order,
// and done is called once run returned without error. Whatever r had in
// flight is cancelled; a stale call's values are dropped.
func Stream[T any](c *Context, r *Request, run func(ctx context.Context, emit func(T)) error, item func(T) tea.Cmd, done func() tea.Cmd) tea.Cmd {
	var start func() tea.Cmd
	start = func() tea.Cmd {
		ctx, gen, _ := r.begin(c, start)
		ch := make(chan AnswerMsg, 16)
		go func() {
			defer close(ch)
			send := func(m AnswerMsg) {
				select {
				case ch <- m:
				case <-ctx.Done():
				}
			}
			err := run(ctx, func(v T) {
				send(AnswerMsg{apply: func() tea.Cmd {
					if !r.current(gen) {
						return nil
					}
					return tea.Batch(item(v), next(ch))
				}})
			})
			// After a cancellation nobody reads on: the call is over for
			// the screen already, so this answer may be dropped.
			send(AnswerMsg{apply: func() tea.Cmd {
				if !r.current(gen) {
					return nil
				}
				if cmd := r.finish(c, err); err != nil {
					return cmd
				}
				if done == nil {
					return nil
				}
				return done()
			}})
		}()
		return next(ch)
	}
	return start()
}

// next delivers the next answer of a stream.
func next(ch <-chan AnswerMsg) tea.Cmd {
	return func() tea.Msg {
		m, ok := <-ch
		if !ok {
			return nil
		}
		return m
	}
}

// After runs then after d on the Update loop, unless r was started,
// cancelled or delayed again in the meantime: a debounce. It cancels what
// r had in flight.
func After(r *Request, d time.Duration, then func() tea.Cmd) tea.Cmd {
	r.Cancel()
	gen := r.gen
	return tea.Tick(d, func(time.Time) tea.Msg {
		return AnswerMsg{apply: func() tea.Cmd {
			if gen != r.gen || r.running {
				return nil
			}
			return then()
		}}
	})
}

// waitState is what the client last said about a pause, shared between the
// request's goroutine and the Update loop.
type waitState struct {
	mu     sync.Mutex
	reason string
	end    time.Time
}

func (w *waitState) set(reason string, until time.Time) {
	w.mu.Lock()
	w.reason, w.end = reason, until
	w.mu.Unlock()
}

func (w *waitState) current() string {
	if w == nil {
		return ""
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.reason
}

func (w *waitState) until() time.Time {
	if w == nil {
		return time.Time{}
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.end
}

// Requests is a screen's set of requests, for the parts of common.Screen
// that are the same for every screen: Busy, Suspend and Resume. A screen
// embeds it and lists its requests once with Track.
type Requests struct {
	list []*Request
	c    *Context
}

// Track adds requests to the set, in the order Busy looks at them.
func (s *Requests) Track(c *Context, rs ...*Request) {
	s.c = c
	s.list = append(s.list, rs...)
}

// Busy is what the first running request is doing, "" when none runs.
func (s *Requests) Busy() string {
	now := time.Now()
	if s.c != nil && s.c.Now != nil {
		now = s.c.Now()
	}
	for _, r := range s.list {
		if b := r.Busy(now); b != "" {
			return b
		}
	}
	return ""
}

// Suspend stops every request in flight, remembering each for Resume.
func (s *Requests) Suspend() {
	for _, r := range s.list {
		r.Suspend()
	}
}

// Resume starts again what Suspend stopped.
func (s *Requests) Resume() tea.Cmd {
	var cmds []tea.Cmd
	for _, r := range s.list {
		cmds = append(cmds, r.Resume())
	}
	return tea.Batch(cmds...)
}
