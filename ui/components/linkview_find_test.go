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

func TestOnlyTheMatchesInViewAreDrawn(t *testing.T) {
	v := NewLinkView(testKeys(), "▶", lipgloss.NewStyle().Reverse(true))
	v.SetSize(40, 5)
	lines := make([]string, 2000)
	var matches []Match
	for i := range lines {
		lines[i] = "\x1b[1mword\x1b[m word"
		matches = append(matches, Match{i, 0, 4}, Match{i, 5, 4})
	}
	v.SetContent(lines, nil)
	style := lipgloss.NewStyle().Underline(true)
	v.SetMatches(matches, 0, style, style.Bold(true))
	drawn := func() int {
		n := 0
		for i := range lines {
			if v.shown[i] != lines[i] {
				n++
			}
		}
		return n
	}
	if n := drawn(); n != 5 {
		t.Errorf("%d lines drawn with their matches, want the 5 in view", n)
	}
	press(v, "f")
	if n := drawn(); n != 10 {
		t.Errorf("after a page down %d lines are drawn, want 10", n)
	}
	if !strings.Contains(v.View(), style.Render("word")) {
		t.Errorf("the matches scrolled into view are not drawn:\n%s", v.View())
	}
}
