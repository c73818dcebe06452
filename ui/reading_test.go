package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// pageBar is the line under the page: find and position.
func pageBar(screen string) string {
	lines := strings.Split(screen, "\n")
	if len(lines) < 3 {
		return ""
	}
	return lines[len(lines)-3]
}

func TestFindInPageAndHistory(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.openBySearch("nested lists")
	frame := h.waitPage("🪆 Nested lists and toggles", "▸ Level one toggle")
	if bar := pageBar(frame); !strings.Contains(bar, "line 1 of") {
		t.Errorf("no position under the page: %q", bar)
	}
	if strings.Contains(frame, "innermost") {
		t.Fatalf("a closed toggle shows its content:\n%s", frame)
	}

	// Find opens the toggles that hold the match; esc clears, then goes back.
	h.press("/")
	h.waitFor("the prompt", func(s string) bool { return strings.Contains(pageBar(s), "/") })
	h.typeText("INNERMOST")
	h.press("enter")
	frame = h.waitText("The innermost paragraph.", "/INNERMOST 1/1")
	if f := footer(frame); !strings.Contains(f, "next match 1/1") {
		t.Errorf("footer %q", f)
	}
	h.press("esc")
	h.waitFor("the find cleared", func(s string) bool {
		return !strings.Contains(s, "/INNERMOST") && strings.Contains(s, "Nested lists and toggles")
	})
	h.press("esc")
	h.waitText("1 result")

	// ] steps forward to the page as it was, [ back again (outside the
	// input: esc leaves it for the results).
	h.press("esc", "]")
	h.waitPage("🪆 Nested lists and toggles", "The innermost paragraph.")
	h.press("[")
	h.waitText("1 result")

	// ctrl+r lists the pages opened.
	h.tm.Send(tea.KeyPressMsg{Code: 'r', Mod: tea.ModCtrl})
	h.waitText("Recently opened", "Nested lists and toggles")
	h.press("enter")
	h.waitPage("🪆 Nested lists and toggles")
}

func TestTogglesFoldInTheApp(t *testing.T) {
	t.Parallel()
	h := start(t, setup{width: 80, height: 40})
	h.openBySearch("nested lists")
	h.waitPage("🪆 Nested lists and toggles", "▸ Level one toggle")
	h.press("tab")
	h.waitFor("the toggle selected", func(s string) bool {
		for _, l := range strings.Split(s, "\n") {
			if strings.HasPrefix(l, "▶") && strings.Contains(l, "▸ Level one toggle") {
				return true
			}
		}
		return false
	})
	h.press("enter")
	h.waitText("▾ Level one toggle", "▸ Level two toggle")
	h.press("z")
	h.waitText("▾ Level three toggle", "The innermost paragraph.")
}

func TestSearchCopiesAResultsURL(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.tm.Send(tea.KeyPressMsg{Code: 'y', Mod: tea.ModCtrl})
	h.waitText("Copied the URL of")
	h.press("esc", "y")
	h.waitText("Copied the URL of", "browsing")
}
