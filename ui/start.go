package ui

import (
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

// startState is what the choice of the first screen depends on.
type startState struct {
	haveClient bool
	// active is the active Notion connection's id, "" when none.
	active string
	// listed is set once the connections were listed, with listErr if
	// that failed and notion the Notion connections found.
	listed  bool
	listErr error
	notion  []models.Connection
}

// startChoice is where the app opens.
type startChoice int

const (
	openWelcome        startChoice = iota // no API key, or the key was refused
	openSearch                            // a Notion connection is active
	listConnections                       // list the connections, then choose again
	activateOnlyNotion                    // exactly one Notion connection: make it active
	openConnections                       // none or several: let the user choose or connect
)

// chooseStart picks the first screen: Welcome without a key, Search with an
// active connection; otherwise the connections are listed first, and the
// only Notion connection is made active, or Connections lets the user
// choose.
func chooseStart(s startState) startChoice {
	switch {
	case !s.haveClient:
		return openWelcome
	case s.listed && common.IsUnauthorized(s.listErr):
		return openWelcome
	case s.active != "":
		return openSearch
	case !s.listed:
		return listConnections
	case s.listErr == nil && len(s.notion) == 1:
		return activateOnlyNotion
	default:
		return openConnections
	}
}
