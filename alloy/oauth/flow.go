// Package oauth runs the connect flow of the contract: a loopback callback
// listener, the start of Alloy's hosted OAuth, and the discovery of the new
// connection from whatever the callback carries.
package oauth

import (
	"context"
	"errors"
	"time"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
)

// API is what the flow needs of the Alloy client (*alloy.Client has it).
type API interface {
	ListConnections(ctx context.Context, connectorID string) ([]models.Connection, error)
	StartOAuth(ctx context.Context, connectorID, redirectURI string) (alloy.OAuthStart, error)
	ExchangeCode(ctx context.Context, connectorID, code, credentialID string) (string, error)
}

// DefaultRedirectURI is where the listener waits unless told otherwise.
const DefaultRedirectURI = "http://127.0.0.1:3000/oauth/callback"

// Step names a stage of the flow, reported as it happens.
type Step int

// The stages, in the order they usually happen.
const (
	StepListening        Step = iota // Addr is set
	StepURLReady                     // URL is set: show it, offer to copy it
	StepBrowserOpened                // the browser was asked to open URL
	StepBrowserFailed                // no browser: the user must open URL
	StepWaiting                      // waiting for the callback
	StepCallbackReceived             // the browser came back
	StepExchanging                   // compat code exchange
	StepFinding                      // listing connections to find the new one
	StepDone                         // Connection is set
	// StepCallbackIgnored: a request reached the callback address that was
	// not the real return of this sign-in (its state did not match, or a
	// browser marked it as sent by another web page). It was answered with
	// a short page and the flow keeps waiting; Event.Ignored counts them.
	// It comes last so that the values above keep their meaning.
	StepCallbackIgnored
)

// Event is one progress report.
type Event struct {
	Step    Step
	Message string // a short sentence for people
	Addr    string // the listener's address
	URL     string // the OAuth URL
	// Ignored is how many callbacks have been ignored so far, on this event
	// and every later one: a screen can show "ignored 2 forged callbacks"
	// next to whatever step it shows.
	Ignored int
}

// Options configure one run of the flow.
type Options struct {
	// Connector is the connector's id, as sent to Alloy ("notion").
	Connector string
	// ConnectorName is the service's name for people ("Notion"), used in
	// messages, errors and the browser's page; Connector when empty.
	ConnectorName string
	// RedirectURI, when set (OAUTH_REDIRECT_URI), is listened on exactly.
	// Otherwise DefaultRedirectURI, or a free port if 3000 is taken.
	RedirectURI string
	Timeout     time.Duration // 5 minutes when zero
	// OpenBrowser opens a URL; nil means do not open one.
	OpenBrowser func(url string) error
	// Progress receives events, never concurrently; may be nil.
	Progress func(Event)
	// PollInterval is the wait between listings when the new connection
	// has to be found by listing (DefaultPollInterval when zero).
	PollInterval time.Duration
}

// Errors the flow ends with; match them with errors.Is.
var (
	ErrDenied    = errors.New("the authorisation was denied")
	ErrTimeout   = errors.New("no callback arrived in time")
	ErrPortTaken = errors.New("the callback address is already in use")
	ErrNotFound  = errors.New("the new connection could not be found")
)

// Defaults of Options and of the search for the new connection.
const (
	// DefaultTimeout is how long the flow waits for the callback.
	DefaultTimeout = 5 * time.Minute
	// DefaultPollInterval spaces the listings that look for the new
	// connection: FindAttempts of them cover about ten seconds, time for
	// Alloy to record a connection it has just made. The same listings
	// check a connection id the callback brought.
	DefaultPollInterval = 2 * time.Second
	// FindAttempts is how many listings are tried before ErrNotFound.
	FindAttempts = 6
)

// Run performs the flow and returns the new connection as the connector's
// listing shows it (id, name, type, creation time), with Connector set.
//
// The listener is on loopback only: at Options.RedirectURI exactly (a port of
// 0 there means any free port, and the URI given to Alloy carries the port
// chosen), else at DefaultRedirectURI, or at a free port on 127.0.0.1 if 3000
// is taken. It is closed before Run returns, however Run ends.
//
// Callbacks that are not this sign-in's return are answered with a short
// page and ignored (StepCallbackIgnored), and the flow keeps waiting: one
// whose state differs from the oauthUrl's, and one a browser marks as sent
// by a web page (an Origin other than the listener's own; Sec-Fetch-Site:
// cross-site, or any Sec-Fetch-Mode/Dest, on anything but a top-level
// navigation, which is what the real return from Alloy's site is). The
// first other callback is the one: it ends the wait, and any later one is
// told it came too late.
//
// A connection id the callback brings (credentialId, connectionId, or the
// code exchange's answer) is trusted only if the connector's listing shows
// it and it was not there before the flow started; otherwise the flow looks
// for the new connection by listing, FindAttempts times PollInterval apart.
//
// Options.Timeout bounds the wait for the callback (ErrTimeout); when ctx is
// cancelled Run returns ctx.Err(). Explain turns the errors into advice for
// people.
func Run(ctx context.Context, api API, opts Options) (models.Connection, error) {
	return run(ctx, api, opts, hooks{defaultRedirect: DefaultRedirectURI, after: time.After})
}
