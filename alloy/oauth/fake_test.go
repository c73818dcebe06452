package oauth

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
)

// fakeAPI plays Alloy. Successive ListConnections calls get successive
// entries of lists; the last one repeats.
type fakeAPI struct {
	mu sync.Mutex

	lists   [][]models.Connection
	listErr []error // per call, when set
	onList  func(call int)

	oauthURL     func(redirectURI string) string
	credentialID string
	startErr     error

	exchangeID  string
	exchangeErr error

	listCalls   int
	redirectURI string
	exchanged   []string // "code/credentialID"
}

func (f *fakeAPI) ListConnections(ctx context.Context, connectorID string) ([]models.Connection, error) {
	f.mu.Lock()
	call := f.listCalls
	f.listCalls++
	hook := f.onList
	f.mu.Unlock()
	if hook != nil {
		hook(call) // outside the lock: hooks may make requests that wait on the flow
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if call < len(f.listErr) && f.listErr[call] != nil {
		return nil, f.listErr[call]
	}
	if len(f.lists) == 0 {
		return nil, nil
	}
	return f.lists[min(call, len(f.lists)-1)], nil
}

func (f *fakeAPI) StartOAuth(ctx context.Context, connectorID, redirectURI string) (alloy.OAuthStart, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.redirectURI = redirectURI
	if f.startErr != nil {
		return alloy.OAuthStart{}, f.startErr
	}
	return alloy.OAuthStart{OAuthURL: f.oauthURL(redirectURI), CredentialID: f.credentialID}, nil
}

func (f *fakeAPI) ExchangeCode(ctx context.Context, connectorID, code, credentialID string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.exchanged = append(f.exchanged, code+"/"+credentialID)
	return f.exchangeID, f.exchangeErr
}

func (f *fakeAPI) calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.listCalls
}

// provider plays the hosted sign-in: /authorize sends the browser back to
// redirect_uri with the query the test chose (given the state it was sent).
func provider(t *testing.T, callback func(state string) url.Values) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/authorize" {
			http.NotFound(w, r)
			return
		}
		back, err := url.Parse(r.URL.Query().Get("redirect_uri"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		back.RawQuery = callback(r.URL.Query().Get("state")).Encode()
		http.Redirect(w, r, back.String(), http.StatusFound)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// authorizeURL builds the OAuth URL the fake Alloy answers with.
func authorizeURL(base, state string) func(string) string {
	return func(redirectURI string) string {
		q := url.Values{"redirect_uri": {redirectURI}}
		if state != "" {
			q.Set("state", state)
		}
		return base + "/authorize?" + q.Encode()
	}
}

// shown is what the browser ended up showing.
type shown struct {
	status int
	body   string
	err    error
}

// browser is a fake browser: it follows redirects like a real one, without
// keep-alives, so nothing outlives the test.
type browser struct {
	client *http.Client
	pages  chan shown
}

func newBrowser() *browser {
	return &browser{
		// The timeout only keeps a broken flow from hanging the run.
		client: &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 10 * time.Second},
		pages:  make(chan shown, 4),
	}
}

// get fetches u and returns what was shown.
func (b *browser) get(u string) shown {
	resp, err := b.client.Get(u)
	if err != nil {
		return shown{err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return shown{status: resp.StatusCode, body: string(body), err: err}
}

// open is Options.OpenBrowser: it must not block, as the flow answers the
// browser only after it returns.
func (b *browser) open(u string) error {
	go func() { b.pages <- b.get(u) }()
	return nil
}

// page waits for the page the browser was shown. The bound only keeps a
// broken flow from hanging the test run.
func (b *browser) page(t *testing.T) shown {
	t.Helper()
	select {
	case p := <-b.pages:
		return p
	case <-time.After(10 * time.Second):
		t.Fatal("the browser was never shown a page")
		return shown{}
	}
}

// recorder collects events and fails the test if Progress is ever called
// concurrently.
type recorder struct {
	t      *testing.T
	busy   atomic.Bool
	events []Event
	on     func(Event)
}

func (r *recorder) progress(e Event) {
	if !r.busy.CompareAndSwap(false, true) {
		r.t.Error("Progress called concurrently")
	}
	defer r.busy.Store(false)
	r.events = append(r.events, e)
	if r.on != nil {
		r.on(e)
	}
}

func (r *recorder) steps() []Step {
	out := make([]Step, len(r.events))
	for i, e := range r.events {
		out[i] = e.Step
	}
	return out
}

func (r *recorder) addr() string {
	for _, e := range r.events {
		if e.Step == StepListening {
			return e.Addr
		}
	}
	return ""
}

// testHooks never touch port 3000 and use the real clock unless a test
// brings its own.
func testHooks() hooks {
	return hooks{defaultRedirect: "http://127.0.0.1:0/oauth/callback", after: time.After}
}

// assertClosed checks that nothing listens at addr any more.
func assertClosed(t *testing.T, addr string) {
	t.Helper()
	if addr == "" {
		t.Fatal("no StepListening event with an address")
	}
	conn, err := net.DialTimeout("tcp", addr, time.Second)
	if err == nil {
		conn.Close()
		t.Fatalf("%s still accepts connections after Run returned", addr)
	}
}

var errBoom = errors.New("boom")

func conn(id string, created time.Time) models.Connection {
	return models.Connection{ID: id, Connector: "notion", Name: "name of " + id, Type: "oauth2", CreatedAt: created}
}

func contains(s []Step, want Step) bool {
	for _, x := range s {
		if x == want {
			return true
		}
	}
	return false
}

func mustNotContain(t *testing.T, body string, bad ...string) {
	t.Helper()
	for _, b := range bad {
		if strings.Contains(body, b) {
			t.Errorf("page contains %q:\n%s", b, body)
		}
	}
}
