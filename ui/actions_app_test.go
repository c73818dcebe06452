package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
)

// TestActionConsole drives the Actions tab through the root: 3 opens it,
// typing filters, the form keeps tab for its fields, ctrl+s runs, and the
// tab is found as it was left.
func TestActionConsole(t *testing.T) {
	h := start(t, setup{fake: demo.Options{HubSpotConnection: true}})
	h.waitText("44 results")
	h.press("esc", "3")
	h.waitText("3 Actions", "Choose a connector", "● HubSpot")
	h.typeText("hubspot")
	h.press("enter")
	h.waitText("HubSpot · choose an action (3)", "create-contact")
	h.typeText("get-contact")
	h.press("enter")
	h.waitText("hubspot/get-contact · Get a contact", "contactId *", "Larkspur Labs CRM")
	// tab moves between the form's fields, not to another tab.
	h.press("tab")
	h.waitText("› Connection")
	h.press("tab")
	h.typeText("101")
	h.tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl})
	frame := h.waitText("✓ 200", `"firstname": "Ada"`)
	if !strings.Contains(frame, "3 Actions") {
		t.Errorf("not on the Actions tab:\n%s", frame)
	}
	// Away and back: the answer is still there.
	h.press("1")
	h.waitText("44 results")
	h.press("esc", "3")
	h.waitText("✓ 200", `"firstname": "Ada"`)
	// The call log holds the run.
	h.tm.Send(tea.KeyPressMsg{Code: 'l', Mod: tea.ModCtrl})
	h.waitText("Call log ·", "execute hubspot/get-contact")
}

// ctrl+l shows the call log from any screen, even while typing: every
// request the app made, the searches of the Search tab among them.
func TestCallLogFromAnywhere(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.typeText("roadmap")
	h.waitText("1 result")
	h.tm.Send(tea.KeyPressMsg{Code: 'l', Mod: tea.ModCtrl})
	frame := h.waitText("3 Actions", "Call log", "post-search")
	if strings.Contains(frame, demo.DemoAPIKey) {
		t.Errorf("the key is in the call log:\n%s", frame)
	}
}

// esc from a call log that ctrl+l opened on another screen goes back to
// that screen as it was: a table opened from Search, on its tenth row, with
// Search and its query under it.
func TestCallLogEscReturnsToTheScreenItWasOpenedFrom(t *testing.T) {
	t.Parallel()
	h := openTasks(t, setup{})
	h.press("j", "j", "j", "j", "j", "j", "j", "j", "j")
	h.waitText("row 10 of 100+")
	h.tm.Send(tea.KeyPressMsg{Code: 'l', Mod: tea.ModCtrl})
	h.waitText("3 Actions", "Call log ·", "execute notion/query-data-source")
	h.press("esc")
	frame := h.waitText("✅ Tasks", "row 10 of 100+")
	if strings.Contains(frame, "Call log") || strings.Contains(frame, "Choose a connector") {
		t.Errorf("esc did not leave the Actions tab:\n%s", frame)
	}
	// The table is where it was in the stack: esc goes on to Search.
	h.press("esc")
	h.waitText("1 Search", "1 result", "Tasks")
}

// Once the log has been left for the console (enter on a call), esc steps
// back through the console and stays on the Actions tab.
func TestCallLogOpenedOnActionsStaysThere(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.press("esc", "3")
	h.waitText("Choose a connector")
	h.tm.Send(tea.KeyPressMsg{Code: 'l', Mod: tea.ModCtrl})
	h.waitText("Call log ·")
	h.press("esc")
	h.waitText("3 Actions", "Choose a connector")
}
