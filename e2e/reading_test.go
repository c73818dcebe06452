package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestFindAndFold finds a word on a long page, then opens a toggle, in the
// built binary.
func TestFindAndFold(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end run skipped in -short mode")
	}
	bin := buildBinary(t)
	tm := startTmux(t, bin, 120, 40)
	tm.waitText("Search", 15*time.Second)

	// A long page: find a word near its end; the bar says which match.
	tm.send("text:firmware release")
	tm.waitText("1 result", 10*time.Second)
	tm.send("Enter")
	tm.waitFor("the page's position", regexp.MustCompile(`line 1 of [\d,]+`), 15*time.Second)
	tm.send("/", "text:before 1.1", "Enter")
	tm.waitFor("the match", regexp.MustCompile(`/before 1\.1 1/\d+`), 10*time.Second)
	tm.waitText("Before 1.1", 5*time.Second)

	// esc clears the find, esc again goes back to Search.
	tm.send("Escape")
	for deadline := time.Now().Add(5 * time.Second); strings.Contains(tm.screen(), "/before 1.1"); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("esc did not clear the find:\n%s", tm.screen())
		}
	}
	tm.send("Escape")
	tm.waitText("1 result", 10*time.Second)

	// A toggle: closed, selected with tab, opened with enter.
	for range len("firmware release") {
		tm.send("BSpace")
	}
	tm.send("text:nested lists")
	tm.waitText("Nested lists and toggles", 10*time.Second)
	tm.send("Enter")
	tm.waitText("▸ Level one toggle", 15*time.Second)
	// A toggle can be selected once its content arrived: wait for the load.
	for deadline := time.Now().Add(15 * time.Second); strings.Contains(tm.screen(), "Loading"); time.Sleep(100 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the page did not finish loading:\n%s", tm.screen())
		}
	}
	tm.send("Tab")
	tm.waitFor("the toggle selected", regexp.MustCompile(`▶[^\n]*▸ Level one toggle`), 5*time.Second)
	tm.send("Enter")
	tm.waitText("▾ Level one toggle", 5*time.Second)
	tm.waitText("▸ Level two toggle", 5*time.Second)
	tm.send("q")
	tm.waitText("EXITED:0", 10*time.Second)
}
