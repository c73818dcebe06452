package screens

import (
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// Recent lists the pages opened in this session, the last opened first;
// enter opens one again.
type Recent struct {
	c *common.Context
	common.Requests
	pages []models.Page
	list  components.List
}

// NewRecent returns the list of recently opened pages.
func NewRecent(c *common.Context, pages []models.Page) *Recent {
	r := &Recent{c: c, pages: pages}
	r.list.SetLength(len(pages))
	r.Resize()
	return r
}

// Init implements common.Screen: there is nothing to load.
func (r *Recent) Init() tea.Cmd { return nil }

// Capturing implements common.Screen: there is no input.
func (r *Recent) Capturing() bool { return false }

// Resize implements common.Screen.
func (r *Recent) Resize() tea.Cmd {
	// Above the rows: the title and a blank line.
	r.list.SetHeight(max(r.c.Height-lipgloss.Height(r.title())-1, 1))
	return nil
}

// title is the line over the list.
func (r *Recent) title() string {
	return r.c.Styles.Title.Render("Recently opened") + r.c.Styles.Subtle.Render(" · this session")
}

// Help implements common.Screen.
func (r *Recent) Help() help.KeyMap {
	k := r.c.Keys.Recent
	if len(r.pages) == 0 {
		return common.HelpKeys{}
	}
	return common.HelpKeys{Short: []key.Binding{k.Down, k.Open}, Full: [][]key.Binding{{k.Up, k.Down, k.Open}}}
}

// Update implements common.Screen.
func (r *Recent) Update(msg tea.Msg) tea.Cmd {
	m, ok := msg.(tea.KeyPressMsg)
	if !ok {
		return nil
	}
	k := r.c.Keys.Recent
	switch {
	case key.Matches(m, k.Up):
		r.list.Move(-1)
	case key.Matches(m, k.Down):
		r.list.Move(1)
	case key.Matches(m, k.Open) && len(r.pages) > 0:
		p := r.pages[r.list.Cursor()]
		r.c.Emit(common.OpenPageMsg{ID: p.ID, Page: &p})
	}
	return nil
}

// View implements common.Screen.
func (r *Recent) View() string {
	st := r.c.Styles
	title := r.title()
	if len(r.pages) == 0 {
		return title + "\n\n" + st.Subtle.Render(wrap("No page opened yet in this session.", r.c.Width))
	}
	return title + "\n\n" + r.list.View(func(i int, selected bool) string {
		p := r.pages[i]
		lead := "  "
		if selected {
			lead = "▌ "
		}
		line := ansi.Truncate(lead+common.Icon(p)+" "+common.Title(p), r.c.Width, "…")
		if selected {
			return st.Selected.Render(line + strings.Repeat(" ", max(r.c.Width-ansi.StringWidth(line), 0)))
		}
		return st.Normal.Render(line)
	})
}
