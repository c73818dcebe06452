package screens

import (
	"strconv"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/alloy-tui/alloy-tui/ui/common"
)

// errorCmd reports an error on the status bar; a refused API key asks the
// root to open Welcome instead.
func errorCmd(err error) tea.Cmd {
	if common.IsUnauthorized(err) {
		return func() tea.Msg { return common.ReauthMsg{Reason: common.Explain(err)} }
	}
	return func() tea.Msg { return common.ErrorMsg{Err: err} }
}

// infoCmd puts a note on the status bar.
func infoCmd(text string) tea.Cmd {
	return func() tea.Msg { return common.InfoMsg{Text: text} }
}

func itoa(n int) string { return strconv.Itoa(n) }

// wrap wraps prose at width cells, at spaces where it can.
func wrap(s string, width int) string {
	if width < 1 {
		return s
	}
	return lipgloss.Wrap(s, width, " ")
}
