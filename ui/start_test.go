package ui

import (
	"testing"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
)

func TestChooseStart(t *testing.T) {
	one := []models.Connection{{ID: "a", Connector: "notion"}}
	two := []models.Connection{{ID: "a", Connector: "notion"}, {ID: "b", Connector: "notion"}}
	refused := &alloy.Error{Status: 401}
	tests := []struct {
		name string
		in   startState
		want startChoice
	}{
		{"no key", startState{}, openWelcome},
		{"no key, even with a connection", startState{active: "a"}, openWelcome},
		{"an active connection", startState{haveClient: true, active: "a"}, openSearch},
		{"nothing active: list first", startState{haveClient: true}, listConnections},
		{"the key was refused", startState{haveClient: true, listed: true, listErr: refused}, openWelcome},
		{"exactly one Notion connection", startState{haveClient: true, listed: true, notion: one}, activateOnlyNotion},
		{"several", startState{haveClient: true, listed: true, notion: two}, openConnections},
		{"none", startState{haveClient: true, listed: true}, openConnections},
		{"listing failed", startState{haveClient: true, listed: true, listErr: &alloy.Error{Status: 503}, notion: one}, openConnections},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := chooseStart(tt.in); got != tt.want {
				t.Errorf("chooseStart(%+v) = %d, want %d", tt.in, got, tt.want)
			}
		})
	}
}
