package oauth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"
	"unicode"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
)

// hooks are what tests replace: the default address (so that no test needs
// port 3000) and the clock of the callback timeout and of the listings that
// look for the new connection.
type hooks struct {
	defaultRedirect string
	after           func(time.Duration) <-chan time.Time
}

// maxIDLength bounds a connection id taken from a callback or a listing.
const maxIDLength = 200

// flow is one run's state. Its methods run on Run's goroutine only, which
// is what keeps Progress calls serial.
type flow struct {
	api   API
	opts  Options
	after func(time.Duration) <-chan time.Time
	// name is the connector as people read it ("Notion").
	name         string
	known        map[string]bool // connection ids that existed before
	credentialID string          // compat: from StartOAuth's answer
	wantState    string          // the oauthUrl's state, if any
	ignored      int             // callbacks ignored so far
}

func run(ctx context.Context, api API, opts Options, h hooks) (models.Connection, error) {
	if api == nil {
		return models.Connection{}, errors.New("connect: no Alloy client")
	}
	if opts.Connector == "" {
		return models.Connection{}, errors.New("connect: no connector given")
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.PollInterval <= 0 {
		opts.PollInterval = DefaultPollInterval
	}
	if err := ctx.Err(); err != nil {
		return models.Connection{}, err
	}
	f := &flow{api: api, opts: opts, after: h.after, name: sanitise(opts.ConnectorName)}
	if f.name == "" {
		f.name = sanitise(opts.Connector)
	}

	ep, err := listen(opts.RedirectURI, h.defaultRedirect)
	if err != nil {
		return models.Connection{}, err
	}
	callbacks := make(chan callback)
	accepted := make(chan struct{})
	finished := make(chan struct{})
	srv := newHTTPServer(&callbackServer{
		path:      ep.path,
		origins:   ownOrigins(ep.redirectURI, ep.ln.Addr()),
		callbacks: callbacks,
		accepted:  accepted,
		finished:  finished,
	})
	served := make(chan struct{})
	go func() {
		defer close(served)
		_ = srv.Serve(ep.ln)
	}()
	defer func() {
		close(finished)
		stopServer(srv, served)
		_ = ep.ln.Close() // Serve has closed it; this makes it certain.
	}()

	f.report(Event{Step: StepListening, Addr: ep.ln.Addr().String(),
		Message: "Listening for the browser's return at " + ep.redirectURI + "."})

	before, err := api.ListConnections(ctx, opts.Connector)
	if err != nil {
		return models.Connection{}, f.failure(ctx, fmt.Errorf("list the existing connections of %s: %w", f.name, err))
	}
	f.known = make(map[string]bool, len(before))
	for _, c := range before {
		f.known[c.ID] = true
	}

	start, err := api.StartOAuth(ctx, opts.Connector, ep.redirectURI)
	if err != nil {
		return models.Connection{}, f.failure(ctx, fmt.Errorf("start connecting %s: %w", f.name, err))
	}
	authURL, err := url.Parse(start.OAuthURL)
	if err != nil || (authURL.Scheme != "https" && authURL.Scheme != "http") || authURL.Host == "" {
		// Only a web address may reach the browser opener: anything else
		// (file:, a command) would be run by the OS.
		return models.Connection{}, fmt.Errorf("start connecting %s: Alloy's sign-in address is not a web address", f.name)
	}
	f.credentialID = start.CredentialID
	f.wantState = authURL.Query().Get("state")
	f.report(Event{Step: StepURLReady, URL: start.OAuthURL,
		Message: "Open this address to connect " + f.name + "."})

	switch {
	case opts.OpenBrowser == nil:
		f.report(Event{Step: StepBrowserFailed, URL: start.OAuthURL,
			Message: "Open the address in a browser to continue."})
	case opts.OpenBrowser(start.OAuthURL) != nil:
		f.report(Event{Step: StepBrowserFailed, URL: start.OAuthURL,
			Message: "No browser could be opened: open the address yourself to continue."})
	default:
		f.report(Event{Step: StepBrowserOpened, URL: start.OAuthURL,
			Message: "Your browser was asked to open the address."})
	}
	f.report(Event{Step: StepWaiting, Addr: ep.ln.Addr().String(),
		Message: "Waiting for you to finish in the browser."})

	cb, err := f.wait(ctx, callbacks, h.after(opts.Timeout), ep.redirectURI)
	if err != nil {
		return models.Connection{}, err
	}
	close(accepted)
	f.report(Event{Step: StepCallbackReceived, Message: "The browser came back."})

	conn, p, err := f.handle(ctx, cb.query)
	cb.reply <- p // buffered: never blocks
	if err != nil {
		return models.Connection{}, err
	}
	f.report(Event{Step: StepDone, Message: "Connected " + f.name + "."})
	return conn, nil
}

// wait returns the first callback that is this sign-in's return. Others are
// answered at once, counted and reported; they do not end the wait, nor
// extend it.
func (f *flow) wait(ctx context.Context, callbacks <-chan callback, timeout <-chan time.Time, redirectURI string) (callback, error) {
	for {
		var cb callback
		select {
		case <-ctx.Done():
			return callback{}, ctx.Err()
		case <-timeout:
			return callback{}, &timeoutError{waited: f.opts.Timeout, redirectURI: redirectURI, ignored: f.ignored}
		case cb = <-callbacks:
		}
		status, why, short := f.refuse(cb)
		if why == "" {
			return cb, nil
		}
		cb.reply <- ignoredPage(status, why) // buffered: never blocks
		f.ignored++
		f.report(Event{Step: StepCallbackIgnored,
			Message: capitalise(ignoredText(f.ignored)) + " (last: " + short + "); still waiting for the real one."})
	}
}

// timeoutError is ErrTimeout with what the wait saw.
type timeoutError struct {
	waited      time.Duration
	redirectURI string
	ignored     int // forged callbacks ignored meanwhile
}

func (e *timeoutError) Error() string {
	msg := fmt.Sprintf("%s: waited %s for the browser to come back to %s", ErrTimeout, e.waited, e.redirectURI)
	if e.ignored > 0 {
		msg += " (" + ignoredText(e.ignored) + ")"
	}
	return msg
}

// Is makes errors.Is(err, ErrTimeout) hold.
func (e *timeoutError) Is(target error) bool { return target == ErrTimeout }

// refuse says why a callback is not this sign-in's return: the status and
// sentence of the page that says so, and a few words for the terminal.
// why is "" when it is the return.
func (f *flow) refuse(cb callback) (status int, why, short string) {
	if cb.crossSite != "" {
		return http.StatusForbidden, cb.crossSite, "sent by a web page"
	}
	if f.wantState != "" && subtle.ConstantTimeCompare([]byte(cb.query.Get("state")), []byte(f.wantState)) != 1 {
		if !cb.query.Has("state") {
			return http.StatusBadRequest, "it carries no state, and the sign-in alloy-tui started has one", "no state"
		}
		return http.StatusBadRequest, "its state does not match the sign-in alloy-tui started", "wrong state"
	}
	return 0, "", ""
}

// ignoredText counts the ignored callbacks for people.
func ignoredText(n int) string {
	if n == 1 {
		return "ignored 1 forged callback"
	}
	return "ignored " + strconv.Itoa(n) + " forged callbacks"
}

// capitalise upper-cases the first letter of an ASCII sentence.
func capitalise(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// report sends e, carrying the count of ignored callbacks, to Progress.
func (f *flow) report(e Event) {
	e.Ignored = f.ignored
	if f.opts.Progress != nil {
		f.opts.Progress(e)
	}
}

// failure prefers the context's own error, so that a cancelled run ends
// with ctx.Err() whatever call noticed the cancellation.
func (f *flow) failure(ctx context.Context, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return ctxErr
	}
	return err
}

// handle turns the real callback's query into the new connection and the
// page to show the browser.
func (f *flow) handle(ctx context.Context, q url.Values) (models.Connection, page, error) {
	if q.Has("error") {
		reason := sanitise(q.Get("error"))
		if desc := sanitise(q.Get("error_description")); desc != "" {
			reason += ": " + desc
		}
		if reason == "" {
			reason = "no reason given"
		}
		return models.Connection{}, deniedPage(reason), fmt.Errorf("%w: %s", ErrDenied, reason)
	}

	// claimed is the id the callback says is the new connection: a claim
	// only, checked against the listing.
	claimed := q.Get("credentialId")
	if claimed == "" {
		claimed = q.Get("connectionId")
	}
	if claimed == "" && q.Get("code") != "" {
		f.report(Event{Step: StepExchanging, Message: "Exchanging the authorisation code."})
		var err error
		claimed, err = f.api.ExchangeCode(ctx, f.opts.Connector, q.Get("code"), f.credentialID)
		var apiErr *alloy.Error
		if errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound {
			// This Alloy has no exchange endpoint: it made the connection
			// itself, so the listing finds it.
			claimed, err = "", nil
		}
		if err != nil {
			return f.failed(ctx, fmt.Errorf("exchange the code of %s: %w", f.name, err))
		}
	}

	conn, err := f.find(ctx, claimed)
	if err != nil {
		return f.failed(ctx, err)
	}
	return conn, connectedPage(f.name), nil
}

// failed is the page and error of a callback that could not be turned into
// a connection. The page stays generic: details belong in the terminal.
func (f *flow) failed(ctx context.Context, err error) (models.Connection, page, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return models.Connection{}, pageCancelled, ctxErr
	}
	return models.Connection{}, pageFailed, err
}

// usableID refuses ids that are empty, huge or carry spaces or control
// characters: the id is remote text that ends up in the keychain and on
// screen.
func usableID(id string) bool {
	if len(id) > maxIDLength {
		return false
	}
	for _, r := range id {
		if !unicode.IsPrint(r) || unicode.IsSpace(r) {
			return false
		}
	}
	return id != ""
}

// find lists the connector's connections until one appears that was not
// there before the flow started, FindAttempts times PollInterval apart.
//
// A claimed id (from the callback or the code exchange) is taken only when a
// listing shows it and it is new. Otherwise the flow falls back to comparing
// the listings with the ids noted before it started.
func (f *flow) find(ctx context.Context, claimed string) (models.Connection, error) {
	if claimed == "" {
		f.report(Event{Step: StepFinding, Message: "Looking for the new connection."})
	}
	var lastErr error
	for attempt := range FindAttempts {
		if attempt > 0 {
			select {
			case <-ctx.Done():
				return models.Connection{}, ctx.Err()
			case <-f.after(f.opts.PollInterval):
			}
		}
		list, err := f.api.ListConnections(ctx, f.opts.Connector)
		if err != nil && ctx.Err() != nil {
			return models.Connection{}, ctx.Err()
		}
		lastErr = err
		if c, ok := f.confirm(list, claimed); ok {
			return c, nil
		}
		if attempt == 0 && claimed != "" {
			f.report(Event{Step: StepFinding,
				Message: "The connection the browser named is not a new one in your list; looking for the new connection."})
		}
		if c, ok := f.newest(list); ok {
			return c, nil
		}
	}
	detail := ""
	if claimed != "" {
		detail = " (the one the browser named was never listed as new)"
	}
	if lastErr != nil {
		return models.Connection{}, fmt.Errorf("%w among the connections of %s%s (the last listing failed: %w)", ErrNotFound, f.name, detail, lastErr)
	}
	return models.Connection{}, fmt.Errorf("%w among the connections of %s%s", ErrNotFound, f.name, detail)
}

// fresh reports whether a listed connection is a candidate: a usable id
// that was not there before the flow started.
func (f *flow) fresh(c models.Connection) bool {
	return !f.known[c.ID] && usableID(c.ID)
}

// confirm returns the claimed connection if the listing shows it as new.
func (f *flow) confirm(list []models.Connection, claimed string) (models.Connection, bool) {
	if claimed == "" {
		return models.Connection{}, false
	}
	for _, c := range list {
		if c.ID == claimed && f.fresh(c) {
			c.Connector = f.opts.Connector
			return c, true
		}
	}
	return models.Connection{}, false
}

// newest picks the new connection of a listing: the one StartOAuth named if
// it is among them, else the newest by creation time.
func (f *flow) newest(list []models.Connection) (models.Connection, bool) {
	if c, ok := f.confirm(list, f.credentialID); ok {
		return c, true
	}
	var best models.Connection
	found := false
	for _, c := range list {
		if f.fresh(c) && (!found || c.CreatedAt.After(best.CreatedAt)) {
			best, found = c, true
		}
	}
	best.Connector = f.opts.Connector
	return best, found
}
