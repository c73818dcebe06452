package components

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/alloy-tui/alloy-tui/ui/common"
)

// Confirm is a yes-or-no question that holds the keyboard while it is open.
type Confirm struct {
	Question string
	open     bool
}

// Open asks the question.
func (c *Confirm) Open(question string) {
	c.Question, c.open = question, true
}

// IsOpen reports whether the question waits for an answer.
func (c *Confirm) IsOpen() bool { return c.open }

// Answer reads a key: answered is true when the key was y or n (or esc), and
// yes says which. Other keys are ignored while the prompt is open.
func (c *Confirm) Answer(msg tea.KeyPressMsg, keys common.ConfirmKeys) (answered, yes bool) {
	if !c.open {
		return false, false
	}
	switch {
	case key.Matches(msg, keys.Yes):
		c.open = false
		return true, true
	case key.Matches(msg, keys.No):
		c.open = false
		return true, false
	}
	return false, false
}

// View draws the question and its keys.
func (c *Confirm) View(st *common.Styles) string {
	if !c.open {
		return ""
	}
	return st.Prompt.Render(c.Question) + "  " + st.Key.Render("y") + st.Subtle.Render(" yes  ") +
		st.Key.Render("n") + st.Subtle.Render(" no")
}
