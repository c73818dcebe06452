package common

import (
	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
)

// Tab names the top-level screens that tab, shift+tab, 1, 2 and 3 switch
// between.
type Tab int

// The tabs, in their order.
const (
	TabSearch Tab = iota
	TabConnections
	TabActions
	// TabCount is how many tabs there are.
	TabCount
)

// OpenPageMsg asks the root to open a page. Page, when set, is what is known
// of it already (from a search result) so the header shows at once.
type OpenPageMsg struct {
	ID   string
	Page *models.Page
}

// OpenDatabaseMsg asks the root to open a database (or a data source) as a
// table. Known, when set, is what is known of it (a search result); PageErr
// is why the id did not open as a page, when that led here, and Replace
// says the table takes the place of the screen that tried.
type OpenDatabaseMsg struct {
	ID      string
	Known   *models.Page
	PageErr error
	Replace bool
}

// RenamePageMsg asks the root to open Rename for a page.
type RenamePageMsg struct {
	Page models.Page
}

// PageRenamedMsg says a page's title changed; the root passes it to every
// screen so the new title shows everywhere it appears.
type PageRenamedMsg struct {
	Page models.Page
}

// BackMsg asks the root to close the top screen.
type BackMsg struct{}

// ShowTabMsg asks the root to show one of the tab screens.
type ShowTabMsg struct {
	Tab Tab
}

// ConnectMsg asks the root to open Connect; Connector, when set, skips the
// choice of connector.
type ConnectMsg struct {
	Connector string
}

// ConnectedMsg says the connect flow made a new connection; the root makes
// it its connector's active one and saves that.
type ConnectedMsg struct {
	Connection models.Connection
}

// ActivateConnectionMsg says a Notion connection became the active one (and
// was saved to the keystore).
type ActivateConnectionMsg struct {
	Connection models.Connection
}

// ConnectionRemovedMsg says a connection was deleted.
type ConnectionRemovedMsg struct {
	Connection models.Connection
}

// CredentialsMsg says Welcome checked an API key and user id: Client uses
// them and Connections is what the check listed.
type CredentialsMsg struct {
	Client      *alloy.Client
	Connections []models.Connection
	// Notice is a warning to show (e.g. the keychain could not save them).
	Notice string
}

// ErrorMsg puts an error on the status bar until the next key press.
type ErrorMsg struct {
	Err error
}

// InfoMsg puts a short note on the status bar until the next key press.
type InfoMsg struct {
	Text string
}

// ReauthMsg asks the root to open Welcome because the API key was refused.
type ReauthMsg struct {
	Reason string
}

// ShowCallLogMsg asks the Actions screen to show the session's call log: the
// one place that shows every request the app made. Return is set when the
// log was opened from another screen: esc then leaves the Actions tab and
// CallLogClosedMsg takes the user back there.
type ShowCallLogMsg struct{ Return bool }

// CallLogClosedMsg says that esc closed a call log opened from another
// screen, for the root to show that screen again.
type CallLogClosedMsg struct{}
