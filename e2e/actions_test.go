package e2e

import (
	"testing"
	"time"
)

// TestActionConsoleEndToEnd runs one action from the TUI's Actions tab:
// Slack's list of conversations on the demo's Slack connection.
func TestActionConsoleEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end run skipped in -short mode")
	}
	bin := buildBinary(t)
	tm := startTmux(t, bin, 120, 40)
	tm.waitText("Search", 15*time.Second)

	// shift+tab goes back from the first tab to the last: the console.
	tm.waitText("results", 10*time.Second)
	tm.send("BTab")
	tm.waitText("Choose a connector", 10*time.Second)
	tm.send("text:slack", "Enter")
	tm.waitText("Slack · choose an action", 10*time.Second)
	tm.send("text:conversations-list", "Enter")
	tm.waitText("slack/conversations-list · List conversations", 10*time.Second)
	tm.send("C-s")
	tm.waitText("✓ 200", 10*time.Second)
	tm.waitText(`"name": "general"`, 5*time.Second)

	// The answer is not an input: q quits.
	tm.send("q")
	tm.waitText("EXITED:0", 10*time.Second)
}
