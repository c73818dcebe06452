package alloy

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/models"
)

func TestHeadersAndBaseURL(t *testing.T) {
	tests := []struct {
		name, prefix, suffix string
		userID               string
		wantPath             string
	}{
		{"plain", "", "", "user-1", "/connectors/a%2Fb/credentials"},
		{"trailing slash", "", "/", "user-1", "/connectors/a%2Fb/credentials"},
		{"prefix", "/prefix", "", "user-1", "/prefix/connectors/a%2Fb/credentials"},
		{"prefix and slash", "/prefix/v1", "/", "", "/prefix/v1/connectors/a%2Fb/credentials"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got *http.Request
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got = r.Clone(context.Background())
				writeBody(w, 200, `{"credentials":[]}`)
			}))
			defer srv.Close()
			c := New(Config{BaseURL: srv.URL + tt.prefix + tt.suffix, APIKey: testKey, UserID: tt.userID,
				Version: "1.2.3", Clock: newFakeClock()})
			if _, err := c.ListConnections(t.Context(), "a/b"); err != nil {
				t.Fatal(err)
			}
			if got.URL.EscapedPath() != tt.wantPath {
				t.Errorf("path %q, want %q", got.URL.EscapedPath(), tt.wantPath)
			}
			want := map[string]string{
				"Authorization":  "Bearer " + testKey,
				"X-Api-Version":  DefaultAPIVersion,
				"X-Alloy-Userid": tt.userID,
				"Accept":         "application/json",
				"User-Agent":     "alloy-tui/1.2.3",
				"Content-Type":   "", // no body on a GET
			}
			for k, v := range want {
				if g := got.Header.Get(k); g != v {
					t.Errorf("header %s = %q, want %q", k, g, v)
				}
			}
			if _, ok := got.Header["X-Alloy-Userid"]; ok != (tt.userID != "") {
				t.Errorf("x-alloy-userid present = %v with user %q", ok, tt.userID)
			}
		})
	}
}

func TestContentTypeOnBodies(t *testing.T) {
	var ct, version string
	c, _, _ := newTestClient(t, actionHandler(t, func(x executed) (int, any) {
		ct = x.Header.Get("Content-Type")
		version = x.Header.Get("X-Api-Version")
		return 200, map[string]any{"object": "list", "results": []any{}}
	}), func(cfg *Config) { cfg.APIVersion = "2099-01" })
	if _, err := c.Notion("cred").Search(t.Context(), SearchParams{Query: "x"}); err != nil {
		t.Fatal(err)
	}
	if ct != "application/json" || version != "2099-01" {
		t.Errorf("Content-Type %q, x-api-version %q", ct, version)
	}
}

func TestBadBaseURL(t *testing.T) {
	for _, base := range []string{"ftp://example.com", "not a url", "http://"} {
		c := New(Config{BaseURL: base, APIKey: testKey})
		_, err := c.ListConnectors(t.Context())
		var e *Error
		if !errors.As(err, &e) || e.Status != 0 {
			t.Errorf("%q: got %v, want a Status 0 *Error", base, err)
		}
	}
}

func TestErrorBodies(t *testing.T) {
	html := "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>" +
		strings.Repeat("<p>nginx is sorry</p>", 20) + "</body></html>"
	tests := []struct {
		name        string
		status      int
		body        string
		header      map[string]string
		wantCode    string
		wantMessage string
		wantReqID   string
		wantExplain string
	}{
		{"guide shape", 400, `{"error":{"code":"INVALID_INPUT","message":"Credential not found"}}`, nil,
			"INVALID_INPUT", "Credential not found", "", "The request was refused: Credential not found."},
		{"flat shape", 403, `{"error":"Forbidden","message":"not for you"}`, nil,
			"Forbidden", "not for you", "", "not allowed"},
		{"notion shape", 404, `{"object":"error","status":404,"code":"object_not_found","message":"Could not find page","request_id":"r-1"}`, nil,
			"object_not_found", "Could not find page", "r-1", "not shared with the integration"},
		{"message only", 409, `{"message":"edited elsewhere"}`, nil,
			"", "edited elsewhere", "", "refresh and try again"},
		{"unauthorized", 401, `{"error":"Unauthorized"}`, nil,
			"", "Unauthorized", "", "`alloy-tui login`"},
		{"html page", 418, html, nil,
			"", html[:200], "", "HTTP 418"},
		{"control characters", 400, "{\"message\":\"bad \\u001b[31mred\\u001b[0m\\u0007 \\u009b2Jthing\\nnext\"}", nil,
			"", "bad red thing next", "", "refused: bad red thing next"},
		{"request id header", 400, `{"message":"no"}`, map[string]string{"X-Request-Id": "hdr-9"},
			"", "no", "hdr-9", "refused"},
		{"empty body", 400, ``, nil, "", "", "", "no reason given"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				writeBody(w, tt.status, tt.body)
			}))
			_, err := c.ListConnectors(t.Context())
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want *Error", err)
			}
			if e.Status != tt.status || e.Code != tt.wantCode || e.Message != tt.wantMessage || e.RequestID != tt.wantReqID {
				t.Errorf("got status %d code %q message %q request %q", e.Status, e.Code, e.Message, e.RequestID)
			}
			if !strings.Contains(e.Explain(), tt.wantExplain) {
				t.Errorf("Explain() = %q, want it to contain %q", e.Explain(), tt.wantExplain)
			}
			if e.Op != "list connectors" || !strings.HasPrefix(e.Error(), "list connectors: ") {
				t.Errorf("Op %q, Error() %q", e.Op, e.Error())
			}
		})
	}
}

func TestRetryAfter(t *testing.T) {
	start := newFakeClock().Now()
	tests := []struct {
		name     string
		header   func() string
		wantWait func(time.Duration) bool
		desc     string
	}{
		{"seconds", func() string { return "7" }, func(d time.Duration) bool { return d == 7*time.Second }, "7s"},
		{"http date", func() string { return start.Add(9 * time.Second).Format(http.TimeFormat) },
			func(d time.Duration) bool { return d == 9*time.Second }, "9s"},
		{"an hour, in full", func() string { return "3600" }, func(d time.Duration) bool { return d == time.Hour }, "1h"},
		{"date in the past", func() string { return start.Add(-time.Hour).Format(http.TimeFormat) },
			func(d time.Duration) bool { return d == 0 }, "0"},
		{"absent: back-off from 1s with jitter", func() string { return "" },
			func(d time.Duration) bool { return d >= time.Second && d < 1500*time.Millisecond }, "[1s,1.5s)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n counter
			c, clock, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if n.inc() == 1 {
					if h := tt.header(); h != "" {
						w.Header().Set("Retry-After", h)
					}
					writeBody(w, http.StatusTooManyRequests, `{"message":"slow down"}`)
					return
				}
				writeBody(w, 200, `[]`)
			}), func(cfg *Config) { cfg.Rate = -1 }) // no token waits: only the pause
			if _, err := c.ListConnectors(t.Context()); err != nil {
				t.Fatal(err)
			}
			sleeps := clock.Sleeps()
			if tt.name == "date in the past" {
				// A zero wait needs no sleep at all.
				if len(sleeps) != 0 {
					t.Errorf("slept %v, want no sleep", sleeps)
				}
			} else if len(sleeps) != 1 || !tt.wantWait(sleeps[0]) {
				t.Errorf("slept %v, want one sleep of %s", sleeps, tt.desc)
			}
			if n.get() != 2 {
				t.Errorf("%d attempts, want 2", n.get())
			}
		})
	}
}

// TestRateLimitedThroughout: a refusal for rate is retried, for a write
// too, until the caller gives up: it never uses up the retry budget.
func TestRateLimitedThroughout(t *testing.T) {
	const giveUpAfter = 3 * (MaxRetries + 1)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	var n counter
	c, clock, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if n.inc() == giveUpAfter {
			cancel()
		}
		w.Header().Set("Retry-After", "2")
		writeBody(w, 529, `{"object":"error","status":529,"code":"service_overload","message":"busy"}`)
	}))
	_, err := c.Notion("cred").RenamePage(ctx, "p", "t") // a write: 529 is still retried
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want the caller's cancellation", err)
	}
	if n.get() != giveUpAfter {
		t.Errorf("%d attempts, want %d", n.get(), giveUpAfter)
	}
	if got := clock.Sleeps(); !slices.Contains(got, 2*time.Second) {
		t.Errorf("sleeps %v, want pauses of 2s", got)
	}
	e := &Error{Status: 429, RetryAfter: 2 * time.Second}
	if !strings.Contains(e.Explain(), "try again in 2s") {
		t.Errorf("Explain() = %q", e.Explain())
	}
}

func TestServerErrorRetriesOnlySafeRequests(t *testing.T) {
	tests := []struct {
		name         string
		run          func(ctx context.Context, c *Client) error
		wantAttempts int
	}{
		{"GET connectors", func(ctx context.Context, c *Client) error { _, err := c.ListConnectors(ctx); return err }, 2},
		{"search", func(ctx context.Context, c *Client) error {
			_, err := c.Notion("cred").Search(ctx, SearchParams{})
			return err
		}, 2},
		{"retrieve page", func(ctx context.Context, c *Client) error {
			_, err := c.Notion("cred").RetrievePage(ctx, "p")
			return err
		}, 2},
		{"rename page", func(ctx context.Context, c *Client) error {
			_, err := c.Notion("cred").RenamePage(ctx, "p", "new")
			return err
		}, 1},
		{"create page", func(ctx context.Context, c *Client) error {
			_, err := c.Notion("cred").CreatePage(ctx, models.Parent{Type: "page_id", ID: "p"}, "new", nil)
			return err
		}, 1},
		{"delete connection", func(ctx context.Context, c *Client) error { return c.DeleteConnection(ctx, "cred") }, 1},
		{"start oauth", func(ctx context.Context, c *Client) error {
			_, err := c.StartOAuth(ctx, "notion", "http://127.0.0.1:3000/cb")
			return err
		}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var n counter
			c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if n.inc() == 1 {
					writeBody(w, http.StatusServiceUnavailable, `{"message":"down for a moment"}`)
					return
				}
				writeBody(w, 200, `{"object":"list","results":[],"id":"p"}`)
			}))
			err := tt.run(t.Context(), c)
			if n.get() != tt.wantAttempts {
				t.Errorf("%d attempts, want %d (err %v)", n.get(), tt.wantAttempts, err)
			}
			var e *Error
			if tt.wantAttempts == 1 && (!errors.As(err, &e) || e.Status != 503 || !strings.Contains(e.Explain(), "HTTP 503")) {
				t.Errorf("got %v, want the 503", err)
			}
		})
	}
}

// dropFirst closes the connection of the first request without answering.
func dropFirst(t *testing.T, n *counter) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if n.inc() == 1 {
			conn, _, err := http.NewResponseController(w).Hijack()
			if err != nil {
				t.Error(err)
				return
			}
			_ = conn.Close()
			return
		}
		writeBody(w, 200, `{"object":"page","id":"p","properties":{}}`)
	}
}

func TestDroppedConnection(t *testing.T) {
	t.Run("read is retried", func(t *testing.T) {
		var n counter
		c, clock, _ := newTestClient(t, dropFirst(t, &n))
		if _, err := c.Notion("cred").RetrievePage(t.Context(), "p"); err != nil {
			t.Fatal(err)
		}
		if n.get() != 2 || len(clock.Sleeps()) != 1 {
			t.Errorf("%d attempts, sleeps %v; want 2 attempts after one back-off", n.get(), clock.Sleeps())
		}
	})
	t.Run("write is not", func(t *testing.T) {
		var n counter
		c, _, srv := newTestClient(t, dropFirst(t, &n))
		_, err := c.Notion("cred").RenamePage(t.Context(), "p", "new")
		var e *Error
		if !errors.As(err, &e) || e.Status != 0 {
			t.Fatalf("got %v, want a Status 0 *Error", err)
		}
		if n.get() != 1 {
			t.Errorf("%d attempts, want 1", n.get())
		}
		if !strings.Contains(e.Explain(), srv.URL) || !strings.Contains(e.Explain(), "base URL") {
			t.Errorf("Explain() = %q, want it to name %s", e.Explain(), srv.URL)
		}
	})
}

func TestNoServer(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String() + "/prefix"
	_ = ln.Close() // nothing listens there now
	clock := newFakeClock()
	c := New(Config{BaseURL: base, APIKey: testKey, Clock: clock})
	_, err = c.ListConnectors(t.Context())
	var e *Error
	if !errors.As(err, &e) || e.Status != 0 || e.URL != base+"/connectors" {
		t.Fatalf("got %#v", err)
	}
	if got := len(clock.Sleeps()); got != MaxRetries {
		t.Errorf("%d back-offs, want %d", got, MaxRetries)
	}
	if !strings.Contains(e.Explain(), base) {
		t.Errorf("Explain() = %q", e.Explain())
	}
}

func TestMalformedAnswers(t *testing.T) {
	tests := []struct {
		name, body string
		want       error
	}{
		{"broken json", `{"connectors": [`, ErrMalformedResponse},
		{"html with 200", `<html><body>Sign in to the Wi-Fi</body></html>`, ErrMalformedResponse},
		{"wrong shape", `{"items":[]}`, ErrUnexpectedResponse},
		{"a string", `"hello"`, ErrUnexpectedResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				writeBody(w, 200, tt.body)
			}))
			list, err := c.ListConnectors(t.Context())
			if !errors.Is(err, tt.want) || list != nil {
				t.Fatalf("got %v, %v; want %v", list, err, tt.want)
			}
			var e *Error
			if !errors.As(err, &e) || !strings.Contains(e.Explain(), "could not be understood") {
				t.Errorf("got %v", err)
			}
		})
	}
}

// lazyBody streams n bytes of a JSON string without holding them, with no
// Content-Length, so only the client's limit can stop it.
func lazyBody(n int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		chunk := bytes.Repeat([]byte("a"), 256<<10)
		_, _ = w.Write([]byte(`{"object":"x","pad":"`))
		for sent := 0; sent < n; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return // the client hung up, as it should
			}
		}
		_, _ = w.Write([]byte(`"}`))
	}
}

func TestOversizedBody(t *testing.T) {
	t.Run("streamed", func(t *testing.T) {
		var n counter
		c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.inc()
			lazyBody(MaxResponseBytes+1<<20)(w, r)
		}))
		_, err := c.Notion("cred").Search(t.Context(), SearchParams{})
		if !errors.Is(err, ErrResponseTooLarge) {
			t.Fatalf("got %v, want ErrResponseTooLarge", err)
		}
		if n.get() != 1 {
			t.Errorf("%d attempts: a too large answer must not be asked again", n.get())
		}
	})
	t.Run("declared", func(t *testing.T) {
		c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Length", "40000000")
			w.WriteHeader(200)
			_, _ = w.Write([]byte("{}")) // the rest never comes: the client must not wait for it
		}))
		_, err := c.ListConnectors(t.Context())
		if !errors.Is(err, ErrResponseTooLarge) {
			t.Fatalf("got %v, want ErrResponseTooLarge", err)
		}
	})
	t.Run("just under", func(t *testing.T) {
		c, _, _ := newTestClient(t, lazyBody(1<<20))
		c.maxBody = 2 << 20
		if _, err := c.Execute(t.Context(), "notion", "post-search", ActionRequest{CredentialID: "c"}); err != nil {
			t.Fatal(err)
		}
	})
}

func TestCancelWhileWaitingRetryAfter(t *testing.T) {
	var n counter
	clock := &blockingClock{started: make(chan time.Duration, 1)}
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.inc()
		w.Header().Set("Retry-After", "30")
		writeBody(w, http.StatusTooManyRequests, `{"message":"slow down"}`)
	}), func(cfg *Config) { cfg.Clock = clock })
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		_, err := c.Notion("cred").Search(ctx, SearchParams{Query: "x"})
		done <- err
	}()
	if d := <-clock.started; d != 30*time.Second {
		t.Errorf("waiting %v, want 30s", d)
	}
	cancel()
	err := <-done
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if n.get() != 1 {
		t.Errorf("%d attempts, want 1", n.get())
	}
}

func TestCancelledBeforeStart(t *testing.T) {
	var n counter
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { n.inc() }))
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := c.ListConnectors(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	if n.get() != 0 {
		t.Errorf("%d requests sent after cancellation", n.get())
	}
}

func TestKeyNeverLeaks(t *testing.T) {
	echo := func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		switch r.URL.Path {
		case "/connectors":
			writeBody(w, 401, `{"error":{"code":"`+auth+`","message":"bad key `+auth+`"}}`)
		case "/credentials/users/user-1":
			w.Header().Set("X-Request-Id", auth)
			writeBody(w, 500, "<html>"+auth+"</html>")
		default:
			writeBody(w, 200, `not json `+auth)
		}
	}
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, _, _ := newTestClient(t, http.HandlerFunc(echo), func(cfg *Config) { cfg.Logger = logger })
	var errs []error
	_, err := c.ListConnectors(t.Context())
	errs = append(errs, err)
	_, err = c.ListUserConnections(t.Context())
	errs = append(errs, err)
	_, err = c.ListConnections(t.Context(), "notion")
	errs = append(errs, err)
	_, err = c.Execute(t.Context(), "notion", "post-search", ActionRequest{CredentialID: "c"})
	errs = append(errs, err)
	for i, err := range errs {
		if err == nil {
			t.Fatalf("call %d: no error", i)
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("call %d: %v is not an *Error", i, err)
		}
		for _, s := range []string{err.Error(), e.Explain(), e.Message, e.Code, e.RequestID, e.URL} {
			if strings.Contains(s, testKey) {
				t.Errorf("call %d: the key leaked into %q", i, s)
			}
		}
	}
	if logs.Len() == 0 {
		t.Fatal("no debug lines logged")
	}
	if strings.Contains(logs.String(), testKey) || strings.Contains(logs.String(), "Bearer") {
		t.Errorf("the key leaked into the log:\n%s", logs.String())
	}
}

func TestDebugLog(t *testing.T) {
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c, _, _ := newTestClient(t, actionHandler(t, func(x executed) (int, any) {
		return 200, map[string]any{"object": "page", "id": "p", "properties": map[string]any{}}
	}), func(cfg *Config) { cfg.Logger = logger })
	if _, err := c.Notion("cred").RetrievePage(t.Context(), "p"); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("want a request line and an answer line, got:\n%s", logs.String())
	}
	for _, want := range []string{"method=POST", "path=/connectors/notion/actions/retrieve-a-page/execute", "action=retrieve-a-page", "attempt=1"} {
		if !strings.Contains(lines[0], want) || !strings.Contains(lines[1], want) {
			t.Errorf("log lacks %q:\n%s", want, logs.String())
		}
	}
	for _, want := range []string{"status=200", "duration="} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("answer line lacks %q: %s", want, lines[1])
		}
	}
}

func TestBackoffGrows(t *testing.T) {
	c := New(Config{})
	for _, j := range []float64{0, 0.999} {
		c.jitter = func() float64 { return j }
		for attempt, base := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
			d := c.backoff(attempt + 1)
			if d < base || d >= base+base/2 {
				t.Errorf("jitter %v attempt %d: %v, want in [%v, %v)", j, attempt+1, d, base, base+base/2)
			}
		}
		if d := c.backoff(20); d != MaxRetryWait {
			t.Errorf("attempt 20: %v, want the cap", d)
		}
	}
}

func TestAttemptTimeout(t *testing.T) {
	var n counter
	stop := make(chan struct{})
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.inc()
		_, _ = io.Copy(io.Discard, r.Body) // so that the server notices the client leaving
		select {                           // never answers; the client's timeout ends it
		case <-r.Context().Done():
		case <-stop:
		}
	}), func(cfg *Config) { cfg.RequestTimeout = 20 * time.Millisecond })
	t.Cleanup(func() { close(stop) }) // runs before the server's Close
	_, err := c.Notion("cred").RenamePage(t.Context(), "p", "new")
	var e *Error
	if !errors.As(err, &e) || e.Status != 0 || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v, want a Status 0 *Error from the deadline", err)
	}
	if n.get() != 1 {
		t.Errorf("%d attempts: a write that timed out must not be sent again", n.get())
	}
}

// A server that echoes the key inside an answer must not hand it on: the
// key would reach stdout and the screen through a page title.
func TestEchoedKeyIsRedactedFromAnswers(t *testing.T) {
	const key = "sk-echo-secret-1234567890"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"object":"page","id":"p1","properties":{"title":{"id":"title","type":"title","title":[{"type":"text","plain_text":%q}]}}}`,
			r.Header.Get("Authorization"))
	}))
	defer srv.Close()
	c := New(Config{BaseURL: srv.URL, APIKey: key, UserID: "u"})
	page, err := c.Notion("cred").RetrievePage(context.Background(), "p1")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(page.Title, key) || !strings.Contains(page.Title, "[redacted]") {
		t.Fatalf("title = %q, want the key redacted", page.Title)
	}
}

// The key echoed in an encoded form (each letter a JSON \u escape) and
// placed where an error message is cut must not survive even in part.
func TestEncodedKeyIsRedactedBeforeAnythingIsCut(t *testing.T) {
	const key = "sk-encoded-secret-1234567890"
	var escaped strings.Builder
	for _, r := range key {
		fmt.Fprintf(&escaped, "\\u%04x", r)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		// The key straddles the 500th character of the message.
		fmt.Fprintf(w, `{"object":"error","status":400,"code":"validation_error","message":"%s%s"}`,
			strings.Repeat("x", 490), escaped.String())
	}))
	defer srv.Close()
	c := New(Config{BaseURL: srv.URL, APIKey: key, UserID: "u"})
	_, err := c.Notion("cred").RetrievePage(context.Background(), "p1")
	if err == nil {
		t.Fatal("no error")
	}
	msg := err.Error()
	for i := 0; i+8 <= len(key); i++ {
		if strings.Contains(msg, key[i:i+8]) {
			t.Fatalf("part of the key %q is in the error: %q", key[i:i+8], msg)
		}
	}
}

// The debug log shows each request's headers and both bodies, with the key
// and the Authorization header's value never written.
func TestDebugLogHasBodiesButNoKey(t *testing.T) {
	const key = "sk-log-secret-0987654321"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"object":"list","results":[],"has_more":false,"next_cursor":null}`)
	}))
	defer srv.Close()
	var buf strings.Builder
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	c := New(Config{BaseURL: srv.URL, APIKey: key, UserID: "u", Logger: logger})
	if _, err := c.Notion("cred").Search(context.Background(), SearchParams{Query: "weather"}); err != nil {
		t.Fatal(err)
	}
	log := buf.String()
	for _, want := range []string{"weather", `has_more`, "Authorization: [redacted]", "X-Api-Version"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
	if strings.Contains(log, key) {
		t.Fatalf("the key is in the log:\n%s", log)
	}
}
