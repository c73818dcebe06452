package cli

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/ui"
)

// testKey is the API key every test uses: long and distinctive, so that a
// leak into any output is found by a plain substring search.
const (
	testKey  = "sk_test_Q7xL2mVn9Rk4Tz8Wp3Yb6Hc1-secret"
	testUser = "user-4242"
)

// instantClock lets the client's retry waits pass at once, recording them.
type instantClock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

func newInstantClock() *instantClock {
	return &instantClock{now: time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)}
}

func (c *instantClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *instantClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.now = c.now.Add(d)
		c.slept = append(c.slept, d)
	}
	return nil
}

func (c *instantClock) sleeps() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.slept...)
}

// harness runs commands in-process against a fake Alloy on 127.0.0.1.
type harness struct {
	t     *testing.T
	srv   *demo.Server
	base  string
	store *keystore.Memory
	env   map[string]string
	dir   string
	clock *instantClock
	// tui receives the options of a run without subcommand.
	tuiOpts *ui.Options
	// storeOpened counts calls of Env.OpenStore.
	storeOpened int
}

func newHarness(t *testing.T, opts demo.Options) *harness {
	t.Helper()
	opts.APIKey, opts.UserID = testKey, testUser
	if opts.RateLimit == 0 {
		opts.RateLimit = -1 // the instant clock would meet the limit at full speed; tests that want it set it
	}
	srv := demo.New(opts)
	base, err := srv.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	return &harness{
		t:     t,
		srv:   srv,
		base:  base,
		store: keystore.NewMemory(),
		env: map[string]string{
			"ALLOY_API_KEY":  testKey,
			"ALLOY_USER_ID":  testUser,
			"ALLOY_BASE_URL": base,
		},
		dir:   t.TempDir(),
		clock: newInstantClock(),
	}
}

// result is what one run printed and returned.
type result struct {
	stdout, stderr string
	code           int
}

func (h *harness) envFor(stdin string, stdout, stderr interface{ Write([]byte) (int, error) }, args []string) Env {
	return Env{
		Args:   args,
		Stdin:  strings.NewReader(stdin),
		Stdout: stdout,
		Stderr: stderr,
		LookupEnv: func(k string) (string, bool) {
			v, ok := h.env[k]
			return v, ok
		},
		Dir: h.dir,
		OpenStore: func(time.Duration) keystore.Store {
			h.storeOpened++
			return h.store
		},
		OpenBrowser: func(string) error {
			h.t.Error("a browser was opened in a test")
			return nil
		},
		RunTUI: func(_ context.Context, o ui.Options) error {
			h.tuiOpts = &o
			return nil
		},
		Clock: h.clock,
	}
}

// run runs one command line with stdin, and checks that the key never
// appears in what it printed.
func (h *harness) runIn(stdin string, args ...string) result {
	h.t.Helper()
	var stdout, stderr bytes.Buffer
	code := Run(context.Background(), h.envFor(stdin, &stdout, &stderr, args))
	r := result{stdout: stdout.String(), stderr: stderr.String(), code: code}
	h.checkNoKey(r)
	return r
}

func (h *harness) run(args ...string) result {
	h.t.Helper()
	return h.runIn("", args...)
}

func (h *harness) checkNoKey(r result) {
	h.t.Helper()
	for name, s := range map[string]string{"stdout": r.stdout, "stderr": r.stderr} {
		if strings.Contains(s, testKey) || strings.Contains(s, testKey[8:]) {
			h.t.Errorf("the API key appears on %s:\n%s", name, s)
		}
	}
}

// wantCode fails the test when a run ended with another exit code.
func wantCode(t *testing.T, r result, code int) {
	t.Helper()
	if r.code != code {
		t.Fatalf("exit code %d, want %d\nstdout:\n%s\nstderr:\n%s", r.code, code, r.stdout, r.stderr)
	}
}

// oneLine checks that an error was reported as one line on stderr (besides
// the note naming the connection found by listing).
func oneLine(t *testing.T, r result) {
	t.Helper()
	var lines []string
	for _, l := range strings.Split(strings.TrimRight(r.stderr, "\n"), "\n") {
		if !strings.HasPrefix(l, "Using Notion connection ") {
			lines = append(lines, l)
		}
	}
	if len(lines) != 1 || lines[0] == "" {
		t.Errorf("stderr should be one line, got %d:\n%s", len(lines), r.stderr)
	}
	if strings.Contains(r.stderr, "goroutine ") || strings.Contains(r.stderr, "panic") {
		t.Errorf("stack trace on stderr:\n%s", r.stderr)
	}
}

// lockedBuffer is a buffer written by a running command and read by the
// test at the same time; each write wakes a waiting reader.
type lockedBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	changed chan struct{}
}

func newLockedBuffer() *lockedBuffer { return &lockedBuffer{changed: make(chan struct{}, 1)} }

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	select {
	case b.changed <- struct{}{}:
	default:
	}
	return n, err
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// waitLineAfter returns the line that follows the line holding marker,
// once both are complete, or fails after the deadline.
func (b *lockedBuffer) waitLineAfter(t *testing.T, marker string, deadline time.Duration) string {
	t.Helper()
	timeout := time.After(deadline)
	for {
		lines := strings.Split(b.String(), "\n")
		complete := lines[:len(lines)-1] // the last element is a partial line
		for i := 0; i+1 < len(complete); i++ {
			if strings.Contains(complete[i], marker) {
				return strings.TrimSpace(complete[i+1])
			}
		}
		select {
		case <-b.changed:
		case <-timeout:
			t.Fatalf("%q not followed by a line within %v; got:\n%s", marker, deadline, b.String())
		}
	}
}
