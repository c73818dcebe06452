// Package common holds what every screen of the terminal UI may read: the
// sizes, styles and key map, the client and keystore, the messages screens
// send to the root model, and a few helpers for turning data into words.
package common

import (
	"context"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/keystore"
)

// DefaultDebounce is the pause after the last key press before a search is
// sent: long enough not to send one request per letter, short enough to feel
// immediate.
const DefaultDebounce = 200 * time.Millisecond

// Context is the program context shared by pointer with every screen. Only the
// root model writes it, from its Update, so screens read it without locks.
type Context struct {
	// Ctx is the program's context: every request's context derives from it.
	Ctx context.Context

	// Width and Height are the size of the area a screen draws in (the
	// window minus the status bar and the help).
	Width, Height int

	Styles *Styles
	Keys   *KeyMap

	// Client is nil until an API key is known.
	Client *alloy.Client
	// NewClient builds a client from the key and user id typed on Welcome.
	NewClient func(apiKey, userID string) *alloy.Client
	Store     keystore.Store
	// KeychainErr is why the keychain could not be read, if it could not.
	KeychainErr error

	// ActiveConnection is the id of the active Notion connection and
	// ActiveConnectionName its name, when known.
	ActiveConnection     string
	ActiveConnectionName string

	RedirectURI string
	// OpenBrowser opens a URL without writing on the terminal; nil when no
	// browser may be opened.
	OpenBrowser func(url string) error
	Demo        bool
	Version     string

	// Now is the clock used for "edited 3h ago", injectable for goldens.
	Now func() time.Time
	// Debounce is the search debounce.
	Debounce time.Duration

	// SpinnerFrame is the current frame of the root's spinner, so that every
	// screen shows the same one without ticking its own.
	SpinnerFrame string

	// ObserveWaits, when set, makes a request's context report the pauses
	// the client takes (rate limits, back-off) to fn: Request.Busy shows
	// them.
	ObserveWaits func(ctx context.Context, fn func(reason string, until time.Time)) context.Context

	emitted []tea.Msg
	// session is what the screens remember until the program ends (see
	// Session).
	session *Session
}

// Emit hands a message to the root model, which acts on it as soon as the
// current Update returns and before any other message. It is the one road
// from a screen to the root (navigation, notes and errors for the status
// bar): a key typed right after enter reaches the screen that enter opened,
// since nothing waits on a command's goroutine.
func (c *Context) Emit(msg tea.Msg) {
	c.emitted = append(c.emitted, msg)
}

// Fail reports an error on the status bar; a refused API key opens Welcome.
func (c *Context) Fail(err error) {
	if IsUnauthorized(err) {
		c.Emit(ReauthMsg{Reason: Explain(err)})
		return
	}
	c.Emit(ErrorMsg{Err: err})
}

// Note puts a short note on the status bar until the next key.
func (c *Context) Note(text string) {
	c.Emit(InfoMsg{Text: text})
}

// TakeEmitted returns the messages emitted since the last call; only the
// root model calls it.
func (c *Context) TakeEmitted() []tea.Msg {
	msgs := c.emitted
	c.emitted = nil
	return msgs
}

// Notion returns the Notion API over the active connection, or nil when there
// is no client or no active connection yet.
func (c *Context) Notion() *alloy.Notion {
	if c.Client == nil || c.ActiveConnection == "" {
		return nil
	}
	return c.Client.Notion(c.ActiveConnection)
}

// Screen is one full screen of the UI. Screens are pointers updated in place;
// a screen never imports another screen, it returns messages the root acts on.
type Screen interface {
	// Init starts the screen's first requests.
	Init() tea.Cmd
	// Update handles a message meant for this screen.
	Update(msg tea.Msg) tea.Cmd
	// View draws the screen in Context.Width x Context.Height cells.
	View() string
	// Resize is called after Context.Width or Height changed.
	Resize() tea.Cmd
	// Help is the screen's key map for bubbles/help.
	Help() help.KeyMap
	// Capturing reports whether a text input or prompt has the keyboard, in
	// which case the root passes every key but ctrl+c (and tab on the tab
	// screens) to the screen.
	Capturing() bool
	// Busy names what the screen is waiting for, "" when idle.
	Busy() string
	// Suspend cancels the screen's requests in flight: it is no longer shown.
	Suspend()
	// Resume is called when the screen is shown again; it restarts whatever
	// Suspend interrupted. Embedding Requests provides Busy, Suspend and
	// Resume.
	Resume() tea.Cmd
}
