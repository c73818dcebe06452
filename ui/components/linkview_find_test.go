package components

import (
	"strings"
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestMatchesAreHighlightedOnStyledLinesAndMove(t *testing.T) {
	v := NewLinkView(testKeys(), "▶", lipgloss.NewStyle().Reverse(true))
	v.SetSize(40, 3)
	lines := []string{
		"\x1b[1mfox\x1b[m and \x1b[3ma fox\x1b[m",
		"no match here",
		"plain fox",
		"four",
		"five",
		"the last fox",
	}
	v.SetContent(lines, nil)
	other, now := lipgloss.NewStyle().Underline(true), lipgloss.NewStyle().Reverse(true)
	matches := []Match{{0, 0, 3}, {0, 10, 3}, {2, 6, 3}, {5, 9, 3}}
	v.SetMatches(matches, 1, other, now)
	first := v.shown[0]
	if ansi.Strip(first) != ansi.Strip(lines[0]) {
		t.Errorf("the text changed: %q", ansi.Strip(first))
	}
	if !strings.Contains(first, now.Render("fox")) || !strings.Contains(first, other.Render("fox")) {
		t.Errorf("line 0 does not show both matches in their styles: %q", first)
	}
	if v.shown[1] != lines[1] {
		t.Errorf("a line without a match changed: %q", v.shown[1])
	}
	v.SetCurrent(3)
	v.Reveal(5)
	if !strings.Contains(v.View(), now.Render("fox")) || v.Offset() == 0 {
		t.Errorf("the current match is not in view:\n%s", v.View())
	}
	if strings.Contains(v.shown[0], now.Render("fox")) {
		t.Errorf("the old current match is still drawn current: %q", v.shown[0])
	}
	v.SetMatches(nil, -1, other, now)
	for i := range lines {
		if v.shown[i] != lines[i] {
			t.Errorf("line %d keeps a highlight: %q", i, v.shown[i])
		}
	}
}
