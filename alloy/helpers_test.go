package alloy

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"
)

// testKey is the API key of every test; no output may ever contain it.
const testKey = "sk-test-7f3a9c-SECRET-d41d8c"

// fakeClock never really sleeps: Sleep records the wait and moves time to
// the end of it, so that waiters sharing one deadline end up together.
type fakeClock struct {
	mu     sync.Mutex
	now    time.Time
	sleeps []time.Duration
}

func newFakeClock() *fakeClock {
	return &fakeClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.sleeps = append(f.sleeps, d)
	if end := f.now.Add(d); end.After(f.now) {
		f.now = end
	}
	return nil
}

// SleepUntil moves time to t, unless it is there already.
func (f *fakeClock) SleepUntil(ctx context.Context, t time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if t.After(f.now) {
		f.sleeps = append(f.sleeps, t.Sub(f.now))
		f.now = t
	}
	return nil
}

func (f *fakeClock) Sleeps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.sleeps...)
}

// blockingClock's Sleep reports that it started and then waits for ctx:
// time never passes unless the test says so.
type blockingClock struct {
	started chan time.Duration
}

func (b *blockingClock) Now() time.Time { return time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC) }

func (b *blockingClock) Sleep(ctx context.Context, d time.Duration) error {
	b.started <- d
	<-ctx.Done()
	return ctx.Err()
}

// newTestClient starts a server for h and returns a client of it with a
// fake clock.
func newTestClient(t *testing.T, h http.Handler, mutate ...func(*Config)) (*Client, *fakeClock, *httptest.Server) {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	clock := newFakeClock()
	cfg := Config{BaseURL: srv.URL, APIKey: testKey, UserID: "user-1", Clock: clock, Version: "1.2.3",
		HTTPClient: srv.Client()}
	for _, m := range mutate {
		m(&cfg)
	}
	return New(cfg), clock, srv
}

// executed is an action request as the server saw it.
type executed struct {
	Connector, Action string
	Req               ActionRequest
	Header            http.Header
}

// actionHandler serves POST /connectors/{c}/actions/{a}/execute by calling
// answer, which returns a status and a body (written as is if it is a
// string, else as JSON).
func actionHandler(t *testing.T, answer func(x executed) (int, any)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
		if r.Method != http.MethodPost || len(parts) != 5 || parts[0] != "connectors" || parts[2] != "actions" || parts[4] != "execute" {
			t.Errorf("unexpected request %s %s", r.Method, r.URL.Path)
			http.Error(w, "no", http.StatusTeapot)
			return
		}
		data, _ := io.ReadAll(r.Body)
		var x executed
		if err := json.Unmarshal(data, &x.Req); err != nil {
			t.Errorf("request body %q: %v", data, err)
		}
		x.Connector, x.Action, x.Header = parts[1], parts[3], r.Header
		status, body := answer(x)
		writeBody(w, status, body)
	}
}

func writeBody(w http.ResponseWriter, status int, body any) {
	var data []byte
	switch b := body.(type) {
	case string:
		data = []byte(b)
	case []byte:
		data = b
	default:
		data, _ = json.Marshal(b)
	}
	if len(data) > 0 && (data[0] == '{' || data[0] == '[') {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	_, _ = w.Write(data)
}

// counter counts requests safely.
type counter struct {
	mu sync.Mutex
	n  int
}

func (c *counter) inc() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.n++
	return c.n
}

func (c *counter) get() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n
}

func decodeJSON(r *http.Request, v any) error {
	return json.NewDecoder(r.Body).Decode(v)
}

// waitFor polls cond until it holds, failing the test if it has not after
// a generous guard, so that a bug shows as a failure rather than a hang.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	guard := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(guard) {
			t.Fatalf("gave up waiting for %s", what)
		}
		runtime.Gosched()
	}
}
