// Package fake is alloy-tui's built-in demo server: a local imitation of
// Alloy's Connectivity API with Notion behind it, following the project's
// wire contract. It serves `alloy-tui --demo`, which runs the whole app
// offline, and the project's own tests, which is why so much of its
// behaviour is configurable (action ids, answer wrapping, OAuth callback
// shapes, injected faults).
//
// It is written independently of the client in package alloy on purpose:
// a fake built from the same code as the client would share its mistakes.
// All state lives in memory and is safe for concurrent use.
//
// Like Notion, it limits each connection (credentialId) to 3 action
// requests a second on average with bursts of 3, answering 429 with
// Notion's rate_limited error and a Retry-After in seconds, so that --demo
// and the tests that use it meet the real service's pace; Options.RateLimit
// -1 lifts the limit for tests that need speed.
package demo

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"
)

// The identities the demo accepts by default.
const (
	// DemoAPIKey is the API key the demo server accepts unless
	// Options.APIKey says otherwise.
	DemoAPIKey = "demo-api-key"
	// DemoUserID is the Alloy user the demo serves unless Options.UserID
	// says otherwise.
	DemoUserID = "demo-user"
	// DemoCredentialID is the seeded Notion connection ("Demo workspace").
	DemoCredentialID = "65f1d3a0c0ffee00000a110e"
	// DemoSlackCredentialID is the seeded Slack connection, so that the
	// connections list spans connectors.
	DemoSlackCredentialID = "65f1d3a0c0ffee00000a5ac0"
	// DemoHubSpotCredentialID is the HubSpot connection seeded with
	// Options.HubSpotConnection.
	DemoHubSpotCredentialID = "65f1d3a0c0ffee00000b0b50"
)

// Values of Options.CallbackMode: what the OAuth redirect carries on success.
const (
	CallbackCredentialID = "credentialId" // ?credentialId=… (the default)
	CallbackCode         = "code"         // ?code=…, exchanged at …/credentials/callback
	CallbackNone         = "none"         // nothing: the client finds the new connection by listing
)

// Values of Options.ActionIDs: which Notion action ids exist.
const (
	ActionIDsPrimary = "primary" // the contract's first choices (the default)
	ActionIDsAliases = "aliases" // only the second names; first choices answer 404
	ActionIDsAll     = "all"     // both
)

// Values of Options.Wrap: how an action's answer is wrapped.
const (
	WrapRaw          = "raw" // the Notion object as it is (the default)
	WrapResult       = "result"
	WrapResponseData = "responseData"
	WrapData         = "data"
)

// Options configure a Server. The zero value is the demo.
type Options struct {
	// APIKey and UserID are what requests must carry; DemoAPIKey and
	// DemoUserID when empty.
	APIKey, UserID string
	// Latency is added to every request; a request cancelled or a server
	// closed during it ends the wait at once.
	Latency time.Duration
	// ExtraPages adds N simple pages "Generated page N" to the workspace,
	// older than the wiki, for tests of long lists.
	ExtraPages int
	// NoNotionConnection starts without the seeded Notion connection.
	NoNotionConnection bool
	// HubSpotConnection seeds a HubSpot connection too
	// (DemoHubSpotCredentialID), for trying other connectors' actions.
	HubSpotConnection bool
	// CallbackMode is what the OAuth redirect carries: CallbackCredentialID
	// (default), CallbackCode or CallbackNone. Unknown values mean the default.
	CallbackMode string
	// OAuthState puts a state parameter in the oauthUrl, which the redirect
	// then carries back.
	OAuthState bool
	// UserCredentialsNotFound makes GET /credentials/users/{id} answer 404,
	// so that the client's fallback to per-connector listing is exercised.
	UserCredentialsNotFound bool
	// ActionIDs is ActionIDsPrimary (default), ActionIDsAliases or
	// ActionIDsAll.
	ActionIDs string
	// Wrap is how execute answers are wrapped: WrapRaw (default),
	// WrapResult, WrapResponseData or WrapData.
	Wrap string
	// Clock gives the time for created and edited timestamps; time.Now
	// when nil.
	Clock func() time.Time
	// RateLimit is how many Notion requests a second each connection
	// (credentialId) may make on average, as Notion limits integrations:
	// DefaultRateLimit (3) when zero, no limit when negative. A request
	// over it is answered 429 with Notion's rate_limited error and a
	// Retry-After in seconds. Tests that need speed lift it with -1.
	RateLimit float64
	// RateBurst is how many requests a connection may send at once after a
	// quiet spell (DefaultRateBurst, 3, when zero).
	RateBurst int
	// BigPageBlocks adds a page titled BigPageTitle with about this many
	// blocks (toggles, nested lists, headings), for tests and benchmarks
	// of long loads.
	BigPageBlocks int
	// TaskRows adds the database TasksDatabaseTitle, at the workspace's
	// top, with two data sources (so that a client must choose): "Tasks",
	// of this many rows with properties of every common type (title,
	// status, select, multi-select, date, people, checkbox, number, url),
	// to page through, filter and sort; and "Milestones", of a few rows.
	// Left out when zero, so that the default workspace stays as the
	// tests know it.
	TaskRows int
	// DropWritesEvery, when positive, drops the connection after every
	// Nth successful write (page creates and block appends) has been
	// carried out, without an answer, so that a client's check for a
	// write that may have happened can be seen working.
	DropWritesEvery int
}

// The database Options.TaskRows adds, and its data sources.
const (
	TasksDatabaseTitle   = "Team tasks"
	TasksSourceName      = "Tasks"
	MilestonesSourceName = "Milestones"
)

// BigPageTitle is the title of the page Options.BigPageBlocks adds.
const BigPageTitle = "Big generated page"

// Server is the demo server. Create it with New, then either Start it or
// mount Handler in a test server.
type Server struct {
	opts    Options
	handler http.Handler
	done    chan struct{}
	once    sync.Once

	// mu guards the state below it.
	mu     sync.Mutex
	ws     *workspace
	creds  []*credential
	flows  map[string]*oauthFlow
	codes  map[string]string // authorisation code → credential id
	faults []*Fault
	// writes counts successful writes, for Options.DropWritesEvery.
	writes int

	limit *limiter // nil: no rate limit

	// other is the state of the other connectors' actions (actions.go).
	other otherState

	statsMu  sync.Mutex
	stats    Stats
	inFlight int

	srvMu sync.Mutex
	srv   *http.Server
	url   string
}

// Stats describe what the server has served so far.
type Stats struct {
	// Requests counts every request received.
	Requests int
	// Routes counts requests by route, as "METHOD /pattern", e.g.
	// "GET /connectors/{connectorId}/credentials".
	Routes map[string]int
	// Actions counts execute requests by the action id asked for, found
	// or not, so tests can see the client probing aliases.
	Actions map[string]int
	// Faults counts answers that came from an injected Fault.
	Faults int
	// MaxInFlight is the most requests ever handled at the same time.
	MaxInFlight int
	// RateLimited counts the requests answered 429 by the rate limit
	// (Options.RateLimit), not by injected faults.
	RateLimited int
	// LostWrites counts writes carried out whose answer was lost on
	// purpose (Fault.AfterWrite, Options.DropWritesEvery).
	LostWrites int
}

// New returns a server with a fresh copy of the demo workspace. It panics
// only if the embedded workspace is broken, which the package's tests rule
// out.
func New(opts Options) *Server {
	if opts.APIKey == "" {
		opts.APIKey = DemoAPIKey
	}
	if opts.UserID == "" {
		opts.UserID = DemoUserID
	}
	if opts.Clock == nil {
		opts.Clock = time.Now
	}
	switch opts.CallbackMode {
	case CallbackCredentialID, CallbackCode, CallbackNone:
	default:
		opts.CallbackMode = CallbackCredentialID
	}
	switch opts.ActionIDs {
	case ActionIDsPrimary, ActionIDsAliases, ActionIDsAll:
	default:
		opts.ActionIDs = ActionIDsPrimary
	}
	switch opts.Wrap {
	case WrapRaw, WrapResult, WrapResponseData, WrapData:
	default:
		opts.Wrap = WrapRaw
	}
	specs, err := workspaceSpecs()
	if err != nil {
		panic("fake: the embedded workspace is broken: " + err.Error())
	}
	ws, err := buildWorkspace(specs, opts.ExtraPages)
	if err != nil {
		panic("fake: the embedded workspace is broken: " + err.Error())
	}
	if opts.TaskRows > 0 {
		ws.addTasks(opts.TaskRows)
	}
	if opts.BigPageBlocks > 0 {
		ws.addBigPage(opts.BigPageBlocks)
	}
	if opts.RateLimit == 0 {
		opts.RateLimit = DefaultRateLimit
	}
	s := &Server{
		opts:  opts,
		done:  make(chan struct{}),
		ws:    ws,
		flows: map[string]*oauthFlow{},
		codes: map[string]string{},
		stats: Stats{Routes: map[string]int{}, Actions: map[string]int{}},
	}
	s.limit = newLimiter(opts.RateLimit, opts.RateBurst)
	s.seedCredentials()
	s.handler = s.routes()
	return s
}

// Handler returns the server's HTTP handler, for mounting in a test server
// (under a path prefix with http.StripPrefix if need be: the links the
// server makes keep the prefix).
func (s *Server) Handler() http.Handler { return s.handler }

// Start listens on a free port of 127.0.0.1 (never on other interfaces)
// and serves until Close. It returns the base URL.
func (s *Server) Start() (string, error) {
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	if s.srv != nil {
		return "", errors.New("fake: server already started")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", fmt.Errorf("fake: listen on loopback: %w", err)
	}
	s.srv = &http.Server{Handler: s.handler, ReadHeaderTimeout: 10 * time.Second}
	s.url = "http://" + ln.Addr().String()
	go func() { _ = s.srv.Serve(ln) }()
	return s.url, nil
}

// URL returns the base URL after Start, or "" before.
func (s *Server) URL() string {
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	return s.url
}

// Close stops the server: requests waiting out Latency end at once.
func (s *Server) Close() error {
	s.once.Do(func() { close(s.done) })
	s.srvMu.Lock()
	defer s.srvMu.Unlock()
	if s.srv == nil {
		return nil
	}
	return s.srv.Close()
}

// Stats returns a snapshot of the server's counters.
func (s *Server) Stats() Stats {
	s.statsMu.Lock()
	defer s.statsMu.Unlock()
	out := s.stats
	out.Routes = make(map[string]int, len(s.stats.Routes))
	for k, v := range s.stats.Routes {
		out.Routes[k] = v
	}
	out.Actions = make(map[string]int, len(s.stats.Actions))
	for k, v := range s.stats.Actions {
		out.Actions[k] = v
	}
	return out
}

// Page returns the current title of a page, by id in any form Notion
// accepts (dashed or not), so tests can check a rename.
func (s *Server) Page(id string) (title string, ok bool) {
	cid, ok := compactID(id)
	if !ok {
		return "", false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.ws.pages[cid]
	if !ok {
		return "", false
	}
	return plainText(p.title), true
}

// PageID returns the dashed id of the first page with exactly this title,
// so tests can find the workspace's pages without hard-coding ids.
func (s *Server) PageID(title string) (id string, ok bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	best := ""
	for pid, p := range s.ws.pages {
		if plainText(p.title) == title && (best == "" || pid < best) {
			best = pid
		}
	}
	return dashed(best), best != ""
}

// Fault makes the next Count requests that match it fail. Empty fields
// match anything; Action matches the action id of an execute request.
type Fault struct {
	Method       string
	PathContains string
	Action       string
	// Status is the answer's status (500 when zero).
	Status int
	// RetryAfter, when set, is sent as the Retry-After header.
	RetryAfter string
	// Count is how many requests fail (1 when zero or less).
	Count int
	// Body replaces the default error body: Notion's error object for an
	// execute request, Alloy's {"error":{"code","message"}} otherwise.
	Body string
	// AfterWrite makes the fault strike after the request was carried
	// out, and only when it succeeded: the write happened but its answer
	// is lost, replaced by Status or, with Drop, by a dropped connection.
	// This is what a client must never repeat blindly.
	AfterWrite bool
	// Drop drops the connection without an answer (with AfterWrite).
	Drop bool
}

// Inject arms a fault. Faults are checked after authentication, in the
// order they were injected.
func (s *Server) Inject(f Fault) {
	if f.Count <= 0 {
		f.Count = 1
	}
	if f.Status == 0 {
		f.Status = http.StatusInternalServerError
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &f)
}

// takeFault consumes one use of the first fault that matches.
func (s *Server) takeFault(r *http.Request, action string) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, f := range s.faults {
		if f.AfterWrite {
			continue
		}
		if f.Method != "" && !strings.EqualFold(f.Method, r.Method) ||
			f.PathContains != "" && !strings.Contains(r.URL.Path, f.PathContains) ||
			f.Action != "" && f.Action != action {
			continue
		}
		f.Count--
		out := *f
		if f.Count <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return out, true
	}
	return Fault{}, false
}

// now is the server's clock.
func (s *Server) now() time.Time { return s.opts.Clock() }

// ServeHTTP makes the Server itself a handler; it is Handler's behaviour.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// outer counts the request and applies latency before routing.
func (s *Server) outer(mux http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.statsMu.Lock()
		s.stats.Requests++
		s.inFlight++
		if s.inFlight > s.stats.MaxInFlight {
			s.stats.MaxInFlight = s.inFlight
		}
		s.statsMu.Unlock()
		defer func() {
			s.statsMu.Lock()
			s.inFlight--
			s.statsMu.Unlock()
		}()
		if s.opts.Latency > 0 && !s.wait(r.Context(), s.opts.Latency) {
			writeAlloyError(w, http.StatusServiceUnavailable, "UNAVAILABLE", "The server is shutting down.")
			return
		}
		mux.ServeHTTP(w, r)
	})
}

// wait sleeps d unless the request or the server ends first.
func (s *Server) wait(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	case <-s.done:
		return false
	}
}

// routeKind says which checks a route needs.
type routeKind int

const (
	// browserRoute: pages a browser visits; no API key.
	browserRoute routeKind = iota
	// apiRoute: the API key and version.
	apiRoute
	// userRoute: as apiRoute, and x-alloy-userid is required.
	userRoute
)

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	handle := func(pattern string, kind routeKind, h http.HandlerFunc) {
		mux.Handle(pattern, s.guard(pattern, kind, h))
	}
	handle("GET /connectors", apiRoute, s.handleConnectors)
	handle("GET /connectors/{connectorId}/credentials", userRoute, s.handleConnectorCredentials)
	handle("POST /connectors/{connectorId}/credentials", apiRoute, s.handleStartOAuth)
	handle("POST /connectors/{connectorId}/credentials/callback", apiRoute, s.handleExchangeCode)
	handle("GET /credentials/users/{userId}", apiRoute, s.handleUserCredentials)
	handle("DELETE /users/{userId}/credentials/{credentialId}", apiRoute, s.handleDeleteCredential)
	handle("GET /connectors/{connectorId}/resources", apiRoute, s.handleActionResources)
	handle("GET /connectors/{connectorId}/actions/{actionId}", apiRoute, s.handleDescribeAction)
	handle("POST /connectors/{connectorId}/actions/{actionId}/execute", userRoute, s.handleRunAction)
	handle("GET /oauth/authorize", browserRoute, s.handleAuthorize)
	handle("GET /oauth/decide", browserRoute, s.handleDecide)
	handle("/", apiRoute, func(w http.ResponseWriter, r *http.Request) {
		writeAlloyError(w, http.StatusNotFound, "NOT_FOUND", "No such endpoint: "+r.Method+" "+r.URL.Path)
	})
	return s.outer(mux)
}

// guard counts the route and applies the checks every API request gets:
// the key, the API version, the user, then injected faults.
func (s *Server) guard(pattern string, kind routeKind, h http.HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		action := r.PathValue("actionId")
		s.statsMu.Lock()
		s.stats.Routes[pattern]++
		if strings.HasSuffix(pattern, "/execute") {
			s.stats.Actions[action]++
		}
		s.statsMu.Unlock()
		if kind != browserRoute {
			if !s.authorised(r) {
				// Never say what was sent: it may be a real key.
				writeAlloyError(w, http.StatusUnauthorized, "UNAUTHORIZED", "Invalid or missing API key.")
				return
			}
			if r.Header.Get("x-api-version") == "" {
				writeAlloyError(w, http.StatusBadRequest, "INVALID_INPUT", "The x-api-version header is required.")
				return
			}
			user := r.Header.Get("x-alloy-userid")
			if user == "" && kind == userRoute {
				writeAlloyError(w, http.StatusBadRequest, "INVALID_INPUT", "The x-alloy-userid header is required.")
				return
			}
			if user != "" && user != s.opts.UserID {
				writeAlloyError(w, http.StatusForbidden, "FORBIDDEN", "This API key cannot act for that user.")
				return
			}
		}
		if f, ok := s.takeFault(r, action); ok {
			s.statsMu.Lock()
			s.stats.Faults++
			s.statsMu.Unlock()
			writeFault(w, f, strings.HasSuffix(pattern, "/execute"))
			return
		}
		if s.hasAfterWrite(r, action) {
			s.afterWrite(w, r, action, h)
			return
		}
		h(w, r)
	})
}

// authorised checks "Bearer <key>" in constant time.
func (s *Server) authorised(r *http.Request) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(s.opts.APIKey)) == 1
}

// baseURL is how the client reached this server: scheme, host and any path
// prefix a test mounted the handler under.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	prefix := ""
	if orig, _, _ := strings.Cut(r.RequestURI, "?"); strings.HasSuffix(orig, r.URL.Path) {
		prefix = strings.TrimSuffix(orig, r.URL.Path)
	}
	return scheme + "://" + r.Host + prefix
}
