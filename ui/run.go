// Package ui is alloy-tui's full-screen terminal interface.
package ui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/keystore"
)

// Options is everything the TUI needs from the command line.
type Options struct {
	// Client is nil when no API key is known yet: the TUI opens on Welcome.
	Client *alloy.Client
	// NewClient builds a client from a key and user id entered on Welcome.
	NewClient func(apiKey, userID string) *alloy.Client
	// Store keeps the key, the user id and the active connections.
	Store keystore.Store
	// KeychainErr is set when the keychain could not be read (unavailable).
	KeychainErr error
	// ActiveConnection is the active Notion connection id, if known.
	ActiveConnection string
	// RedirectURI is OAUTH_REDIRECT_URI, if set.
	RedirectURI string
	// OpenBrowser opens a URL without letting the launched program write on
	// the terminal; nil disables opening.
	OpenBrowser func(url string) error
	// Demo is true on the built-in demo workspace.
	Demo bool
	// Version is shown in the help.
	Version string

	// Now is the clock for "edited 3h ago" (time.Now when nil); tests fix
	// it so that golden files stay stable.
	Now func() time.Time
	// SearchDebounce is the pause after typing before a search is sent
	// (200 ms when zero).
	SearchDebounce time.Duration

	// ReadKeychain, when set, reads what the keychain holds for settings
	// the command line did not find elsewhere. The TUI calls it in a
	// command after its first frame, so that a slow or hanging keychain
	// shows "Reading the keychain…" and ctrl+c still quits at once; Client
	// and ActiveConnection, when set, win over what it returns.
	ReadKeychain func() Credentials

	// Secrets returns the secrets of the run (the API key, a password in
	// the base URL): every frame is scrubbed of them, in whatever form a
	// server echoed them, before it reaches the terminal.
	Secrets func() []string
}

// Credentials is what the keychain held: any of them may be empty, and Err
// says why the keychain could not be read.
type Credentials struct {
	APIKey, UserID, Connection string
	Err                        error
}

// Run starts the TUI and returns when the user quits. Every request the TUI
// makes is cancelled when Run returns, which closes any OAuth listener.
func Run(ctx context.Context, opts Options) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := tea.NewProgram(New(ctx, opts), tea.WithContext(ctx))
	_, err := p.Run()
	if errors.Is(err, tea.ErrProgramKilled) && ctx.Err() != nil {
		// The caller cancelled: that is a normal way to end.
		return nil
	}
	return err
}
