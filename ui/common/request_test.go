package common

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
)

func testContext() *Context {
	return &Context{Ctx: context.Background(), Now: time.Now}
}

// run executes cmd and applies the answer it returns, as the root does.
func run(t *testing.T, cmd tea.Cmd) tea.Cmd {
	t.Helper()
	if cmd == nil {
		t.Fatal("no command")
	}
	msg, ok := cmd().(AnswerMsg)
	if !ok {
		t.Fatal("the command did not answer with an AnswerMsg")
	}
	return msg.Apply()
}

func TestFetchDropsAnAnswerToAnOlderCall(t *testing.T) {
	c := testContext()
	var r Request
	var got []string
	first := Fetch(c, &r, func(context.Context) (string, error) { return "old", nil },
		func(v string) tea.Cmd { got = append(got, v); return nil })
	second := Fetch(c, &r, func(context.Context) (string, error) { return "new", nil },
		func(v string) tea.Cmd { got = append(got, v); return nil })
	run(t, first)
	run(t, second)
	if len(got) != 1 || got[0] != "new" {
		t.Errorf("answers applied: %v, want only the newest", got)
	}
	if r.Running() {
		t.Error("still running after its answer")
	}
}

func TestFetchCancelsTheCallItReplaces(t *testing.T) {
	c := testContext()
	var r Request
	var seen context.Context
	first := Fetch(c, &r, func(ctx context.Context) (int, error) { seen = ctx; return 0, nil }, func(int) tea.Cmd { return nil })
	Fetch(c, &r, func(context.Context) (int, error) { return 0, nil }, nil)
	first()
	if seen == nil || seen.Err() == nil {
		t.Error("starting a request again did not cancel the call in flight")
	}
}

func TestFailuresGoToTheStatusBarUnlessTheScreenTakesThem(t *testing.T) {
	boom := errors.New("boom")
	c := testContext()
	var r Request
	run(t, Fetch(c, &r, func(context.Context) (int, error) { return 0, boom }, func(int) tea.Cmd {
		t.Error("done called on failure")
		return nil
	}))
	if !errors.Is(r.Err(), boom) {
		t.Errorf("Err() = %v", r.Err())
	}
	if msgs := c.TakeEmitted(); len(msgs) != 1 {
		t.Errorf("emitted %v, want one ErrorMsg", msgs)
	}

	var taken error
	r2 := Request{OnError: func(err error) tea.Cmd { taken = err; return nil }}
	run(t, Fetch(c, &r2, func(context.Context) (int, error) { return 0, boom }, nil))
	if !errors.Is(taken, boom) || len(c.TakeEmitted()) != 0 {
		t.Errorf("OnError got %v and the status bar %v", taken, c.TakeEmitted())
	}

	// A cancellation is nobody's business.
	var r3 Request
	run(t, Fetch(c, &r3, func(context.Context) (int, error) { return 0, context.Canceled }, nil))
	if r3.Err() != nil || len(c.TakeEmitted()) != 0 {
		t.Error("a cancellation was reported")
	}
}

func TestSuspendAndResumeRepeatTheSameCall(t *testing.T) {
	c := testContext()
	var r Request
	var calls atomic.Int32
	var cursor = "c1"
	Fetch(c, &r, func(ctx context.Context) (string, error) {
		calls.Add(1)
		return cursor, nil
	}, func(string) tea.Cmd { return nil })
	r.Suspend()
	if r.Running() || !r.Interrupted() {
		t.Fatal("Suspend did not stop and remember the call")
	}
	cmd := r.Resume()
	if cmd == nil {
		t.Fatal("Resume started nothing")
	}
	run(t, cmd)
	if calls.Load() != 1 {
		t.Errorf("fetch ran %d times, want once (the suspended call never ran)", calls.Load())
	}
	if r.Resume() != nil {
		t.Error("Resume restarted a call that had finished")
	}
}

func TestAfterIsADebounce(t *testing.T) {
	var r Request
	fired := 0
	first := After(&r, time.Millisecond, func() tea.Cmd { fired++; return nil })
	second := After(&r, time.Millisecond, func() tea.Cmd { fired += 10; return nil })
	first().(AnswerMsg).Apply()
	second().(AnswerMsg).Apply()
	if fired != 10 {
		t.Errorf("fired = %d, want only the last one (10)", fired)
	}
}

func TestStreamDeliversItemsInOrderThenDone(t *testing.T) {
	c := testContext()
	var r Request
	var got []int
	done := false
	cmd := Stream(c, &r, func(ctx context.Context, emit func(int)) error {
		for i := range 3 {
			emit(i)
		}
		return nil
	}, func(v int) tea.Cmd { got = append(got, v); return nil }, func() tea.Cmd { done = true; return nil })
	for cmd != nil {
		msg := cmd()
		switch m := msg.(type) {
		case AnswerMsg:
			cmd = m.Apply()
		case tea.BatchMsg:
			cmd = nil
			for _, c := range m {
				if c != nil {
					cmd = c
				}
			}
		default:
			cmd = nil
		}
	}
	if len(got) != 3 || got[2] != 2 || !done || r.Running() {
		t.Errorf("got %v, done %v, running %v", got, done, r.Running())
	}
}

func TestBusyShowsTheRateLimitWait(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := testContext()
	var report func(string, time.Time)
	c.ObserveWaits = func(ctx context.Context, fn func(string, time.Time)) context.Context {
		report = fn
		return ctx
	}
	r := Request{Label: "Searching…"}
	Fetch(c, &r, func(context.Context) (int, error) { return 0, nil }, nil)
	if got := r.Busy(now); got != "Searching…" {
		t.Errorf("Busy = %q", got)
	}
	report("rate limited", now.Add(2*time.Second))
	if got := r.Busy(now); got != "rate limited: waiting 2s" {
		t.Errorf("Busy = %q", got)
	}
}
