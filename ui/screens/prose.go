// The words screens draw around their content (prose wrapped to the width,
// hints that name keys from the key map), and the mouse wheel's step.

package screens

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/alloy-tui/alloy-tui/ui/common"
)

// wrap wraps prose at width cells, at spaces where it can.
func wrap(s string, width int) string {
	if width < 1 {
		return s
	}
	return lipgloss.Wrap(s, width, " ")
}

// hints is a line of key hints drawn inside a screen ("enter save ·
// esc cancel"), built from the bindings themselves so that a key changed in
// the key map is never named wrongly in prose. Disabled bindings are left
// out.
func hints(st *common.Styles, bindings ...key.Binding) string {
	parts := make([]string, 0, len(bindings))
	for _, b := range bindings {
		if b.Enabled() {
			parts = append(parts, hint(st, b, b.Help().Desc))
		}
	}
	return strings.Join(parts, st.Subtle.Render(" · "))
}

// hint is one binding's key followed by what it does here, when that needs
// other words than its help ("r try again").
func hint(st *common.Styles, b key.Binding, does string) string {
	return st.Key.Render(b.Help().Key) + st.Subtle.Render(" "+does)
}

// wheelStep is how many rows one notch of the mouse wheel moves a list.
const wheelStep = 3

// wheelDelta is the rows a mouse wheel event moves a list by: up is
// negative; 0 for a sideways or unknown wheel.
func wheelDelta(msg tea.MouseWheelMsg) int {
	switch msg.Button {
	case tea.MouseWheelUp:
		return -wheelStep
	case tea.MouseWheelDown:
		return wheelStep
	}
	return 0
}
