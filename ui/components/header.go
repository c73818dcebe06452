package components

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/ui/common"
)

// Header is the two lines above a page: icon and title, then where the page
// sits and when it was last edited, with a rule below.
type Header struct {
	Icon, Title string
	// Details are shown on the second line, separated by dots; empty ones
	// are left out.
	Details []string
}

// HeaderHeight is the number of lines Header.View returns.
const HeaderHeight = 3

// View draws the header in width cells; text that does not fit is cut with
// an ellipsis, never wrapped, so the header's height never changes.
func (h Header) View(st *common.Styles, width int) string {
	if width <= 0 {
		return strings.Repeat("\n", HeaderHeight-1)
	}
	title := h.Title
	if h.Icon != "" {
		title = h.Icon + " " + title
	}
	var parts []string
	for _, d := range h.Details {
		if d != "" {
			parts = append(parts, d)
		}
	}
	line1 := st.Title.Render(ansi.Truncate(title, width, "…"))
	line2 := st.Subtle.Render(ansi.Truncate(strings.Join(parts, " · "), width, "…"))
	rule := st.Faint.Render(strings.Repeat("─", width))
	return line1 + "\n" + line2 + "\n" + rule
}
