package components

import (
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/ui/common"
)

// TabNames are the titles of the tab screens, in the order of common.Tab.
var TabNames = []string{"1 Search", "2 Connections", "3 Actions"}

// Tabs draws the tab line with the active tab marked.
func Tabs(st *common.Styles, width int, active common.Tab) string {
	var out string
	for i, name := range TabNames {
		if common.Tab(i) == active {
			out += st.ActiveTab.Render(name)
		} else {
			out += st.Tab.Render(name)
		}
	}
	return ansi.Truncate(out, width, "")
}
