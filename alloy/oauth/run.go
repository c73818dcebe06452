package oauth

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"
	"unicode"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
)

// hooks are what tests replace: the default address (so that no test needs
// port 3000) and the clock of the callback timeout.
type hooks struct {
	defaultRedirect string
	after           func(time.Duration) <-chan time.Time
}

// describeTimeout bounds the one listing that fills in a connection's
// details; they are a nicety, not worth a long wait.
const describeTimeout = 10 * time.Second

// maxIDLength bounds a connection id taken from a callback.
const maxIDLength = 200

// flow is one run's state. Its methods run on Run's goroutine only, which
// is what keeps Progress calls serial.
type flow struct {
	api          API
	opts         Options
	known        map[string]bool // connection ids that existed before
	credentialID string          // compat: from StartOAuth's answer
	wantState    string          // the oauthUrl's state, if any
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

	ep, err := listen(opts.RedirectURI, h.defaultRedirect)
	if err != nil {
		return models.Connection{}, err
	}
	callbacks := make(chan callback)
	finished := make(chan struct{})
	srv := newHTTPServer(&callbackServer{path: ep.path, callbacks: callbacks, finished: finished})
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

	f := &flow{api: api, opts: opts}
	f.report(Event{Step: StepListening, Addr: ep.ln.Addr().String(),
		Message: "Listening for the browser's return at " + ep.redirectURI + "."})

	before, err := api.ListConnections(ctx, opts.Connector)
	if err != nil {
		return models.Connection{}, f.failure(ctx, fmt.Errorf("list the existing connections of %s: %w", opts.Connector, err))
	}
	f.known = make(map[string]bool, len(before))
	for _, c := range before {
		f.known[c.ID] = true
	}

	start, err := api.StartOAuth(ctx, opts.Connector, ep.redirectURI)
	if err != nil {
		return models.Connection{}, f.failure(ctx, fmt.Errorf("start connecting %s: %w", opts.Connector, err))
	}
	authURL, err := url.Parse(start.OAuthURL)
	if err != nil || (authURL.Scheme != "https" && authURL.Scheme != "http") || authURL.Host == "" {
		// Only a web address may reach the browser opener: anything else
		// (file:, a command) would be run by the OS.
		return models.Connection{}, fmt.Errorf("start connecting %s: Alloy's sign-in address is not a web address", opts.Connector)
	}
	f.credentialID = start.CredentialID
	f.wantState = authURL.Query().Get("state")
	f.report(Event{Step: StepURLReady, URL: start.OAuthURL,
		Message: "Open this address to connect " + opts.Connector + "."})

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

	var cb callback
	select {
	case <-ctx.Done():
		return models.Connection{}, ctx.Err()
	case <-h.after(opts.Timeout):
		return models.Connection{}, fmt.Errorf("%w: waited %s for the browser to come back to %s", ErrTimeout, opts.Timeout, ep.redirectURI)
	case cb = <-callbacks:
	}
	f.report(Event{Step: StepCallbackReceived, Message: "The browser came back."})

	conn, p, err := f.handle(ctx, cb.query)
	cb.reply <- p // buffered: never blocks
	if err != nil {
		return models.Connection{}, err
	}
	f.report(Event{Step: StepDone, Message: "Connected " + opts.Connector + "."})
	return conn, nil
}

func (f *flow) report(e Event) {
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

// handle turns the callback's query into the new connection and the page
// to show the browser.
func (f *flow) handle(ctx context.Context, q url.Values) (models.Connection, page, error) {
	if f.wantState != "" && subtle.ConstantTimeCompare([]byte(q.Get("state")), []byte(f.wantState)) != 1 {
		return models.Connection{}, pageStateMismatch, ErrStateMismatch
	}
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

	id := q.Get("credentialId")
	if id == "" {
		id = q.Get("connectionId")
	}
	if id == "" && q.Get("code") != "" {
		f.report(Event{Step: StepExchanging, Message: "Exchanging the authorisation code."})
		var err error
		id, err = f.api.ExchangeCode(ctx, f.opts.Connector, q.Get("code"), f.credentialID)
		var apiErr *alloy.Error
		if errors.As(err, &apiErr) && apiErr.Status == http.StatusNotFound {
			// This Alloy has no exchange endpoint: it made the connection
			// itself, so the listing finds it.
			id, err = "", nil
		}
		if err != nil {
			return f.failed(ctx, fmt.Errorf("exchange the code of %s: %w", f.opts.Connector, err))
		}
	}

	var conn models.Connection
	if id != "" {
		if !usableID(id) {
			return f.failed(ctx, fmt.Errorf("connect %s: the callback carried an unusable connection id", f.opts.Connector))
		}
		conn = f.describe(ctx, id)
	} else {
		f.report(Event{Step: StepFinding, Message: "Looking for the new connection."})
		var err error
		if conn, err = f.find(ctx); err != nil {
			return f.failed(ctx, err)
		}
	}
	return conn, connectedPage(f.opts.Connector), nil
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

// describe fills in a connection's details from one listing, best effort:
// the id is what matters, and it is already known.
func (f *flow) describe(ctx context.Context, id string) models.Connection {
	conn := models.Connection{ID: id, Connector: f.opts.Connector}
	ctx, cancel := context.WithTimeout(ctx, describeTimeout)
	defer cancel()
	list, err := f.api.ListConnections(ctx, f.opts.Connector)
	if err != nil {
		return conn
	}
	for _, c := range list {
		if c.ID == id {
			c.Connector = f.opts.Connector
			return c
		}
	}
	return conn
}

// find lists the connector's connections a few times until one appears
// that was not there before the flow started.
func (f *flow) find(ctx context.Context) (models.Connection, error) {
	var lastErr error
	for attempt := range FindAttempts {
		if attempt > 0 {
			t := time.NewTimer(f.opts.PollInterval)
			select {
			case <-ctx.Done():
				t.Stop()
				return models.Connection{}, ctx.Err()
			case <-t.C:
			}
		}
		list, err := f.api.ListConnections(ctx, f.opts.Connector)
		if err != nil {
			if ctx.Err() != nil {
				return models.Connection{}, ctx.Err()
			}
			lastErr = err
			continue
		}
		lastErr = nil
		if c, ok := f.newest(list); ok {
			c.Connector = f.opts.Connector
			return c, nil
		}
	}
	if lastErr != nil {
		return models.Connection{}, fmt.Errorf("%w among the connections of %s (the last listing failed: %w)", ErrNotFound, f.opts.Connector, lastErr)
	}
	return models.Connection{}, fmt.Errorf("%w among the connections of %s", ErrNotFound, f.opts.Connector)
}

// newest picks the connection that was not known before: the one StartOAuth
// named if it is among them, else the newest by creation time.
func (f *flow) newest(list []models.Connection) (models.Connection, bool) {
	var best models.Connection
	found := false
	for _, c := range list {
		if f.known[c.ID] || !usableID(c.ID) {
			continue
		}
		if f.credentialID != "" && c.ID == f.credentialID {
			return c, true
		}
		if !found || c.CreatedAt.After(best.CreatedAt) {
			best, found = c, true
		}
	}
	return best, found
}
