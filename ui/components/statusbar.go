package components

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/ui/common"
)

// StatusBar is the bottom line: the active connection on the left, then what
// is loading or the last error or note, then "? help" on the right.
type StatusBar struct {
	// Connection is the active connection's name.
	Connection string
	// Busy is what is loading, shown with the spinner.
	Busy string
	// Err is the last error, cleared by the next key press.
	Err string
	// Info is a short note, cleared by the next key press.
	Info string
	// Help is the hint on the right, "? help" when empty.
	Help string
}

// View draws the bar in width cells.
func (s StatusBar) View(st *common.Styles, width int, spinnerFrame string) string {
	if width <= 0 {
		return ""
	}
	left := ""
	if s.Connection != "" {
		left = st.StatusName.Render(" " + s.Connection + " ")
	}
	help := s.Help
	if help == "" {
		help = "? help"
	}
	right := st.StatusBar.Render(" " + help + " ")
	var mid string
	midStyle := st.StatusBar
	switch {
	case s.Err != "":
		mid, midStyle = " ✗ "+s.Err, st.StatusErr
	case s.Busy != "":
		mid = " " + spinnerFrame + " " + s.Busy
	case s.Info != "":
		mid = " " + s.Info
	}
	room := width - lipgloss.Width(left) - lipgloss.Width(right)
	if room < 0 {
		// Too narrow for everything: the message matters more than the name.
		left = ""
		room = width - lipgloss.Width(right)
	}
	if room < 0 {
		return ansi.Truncate(right, width, "")
	}
	mid = ansi.Truncate(mid, room, "…")
	if pad := room - ansi.StringWidth(mid); pad > 0 {
		mid += strings.Repeat(" ", pad)
	}
	return left + midStyle.Render(mid) + right
}
