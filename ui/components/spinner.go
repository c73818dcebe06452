package components

import "github.com/alloy-tui/alloy-tui/ui/common"

// SpinnerLine is a line saying what is being waited for, led by the spinner
// frame the root keeps turning.
func SpinnerLine(st *common.Styles, frame, text string) string {
	return st.Accent.Render(frame) + " " + st.Subtle.Render(text)
}
