package screens

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

type renameState int

const (
	renameEditing renameState = iota
	renameSaving
	renameConflict
)

// Rename edits a page's title. Before writing it reads the page again, and
// when someone else changed the title since it was loaded it shows both and
// lets the user choose.
type Rename struct {
	c  *common.Context
	id int
	// page is the page as loaded: its title is what a conflict is judged
	// against.
	page   models.Page
	input  textinput.Model
	state  renameState
	err    error
	theirs models.Page
	gen    int
	cancel context.CancelFunc
}

type renameConflictMsg struct {
	target, gen int
	theirs      models.Page
}

func (m renameConflictMsg) TargetID() int { return m.target }

type renameDoneMsg struct {
	target, gen int
	page        models.Page
	err         error
}

func (m renameDoneMsg) TargetID() int { return m.target }

// NewRename returns the rename screen for a page, with its title in the input
// and the cursor at the end.
func NewRename(c *common.Context, page models.Page) *Rename {
	in := textinput.New()
	in.Prompt = "› "
	in.CharLimit = 0
	in.SetStyles(c.Styles.Input)
	in.SetValue(models.SanitizeLine(page.Title))
	in.CursorEnd()
	in.Focus()
	r := &Rename{c: c, id: c.NewID(), page: page, input: in}
	r.Resize()
	return r
}

// ID implements common.Screen.
func (r *Rename) ID() int { return r.id }

// Init implements common.Screen.
func (r *Rename) Init() tea.Cmd { return textinput.Blink }

// Capturing is always true: the input or the conflict prompt has the keys.
func (r *Rename) Capturing() bool { return true }

// Busy implements common.Screen.
func (r *Rename) Busy() string {
	if r.state == renameSaving {
		return "Saving the title…"
	}
	return ""
}

// Suspend cancels a save in flight; the typed text stays.
func (r *Rename) Suspend() {
	if r.cancel != nil {
		r.cancel()
	}
	if r.state == renameSaving {
		r.state = renameEditing
	}
}

// Resume implements common.Screen.
func (r *Rename) Resume() tea.Cmd { return nil }

// Resize implements common.Screen.
func (r *Rename) Resize() tea.Cmd {
	r.input.SetStyles(r.c.Styles.Input)
	r.input.SetWidth(max(r.c.Width-4, 1))
	return nil
}

// Help implements common.Screen.
func (r *Rename) Help() help.KeyMap {
	k := r.c.Keys.Rename
	if r.state == renameConflict {
		return common.HelpKeys{
			Short: []key.Binding{k.Overwrite, k.KeepTheirs, k.EditAgain, k.Cancel},
			Full:  [][]key.Binding{{k.Overwrite, k.KeepTheirs, k.EditAgain, k.Cancel}},
		}
	}
	return common.HelpKeys{
		Short: []key.Binding{k.Save, k.Cancel},
		Full:  [][]key.Binding{{k.Save, k.Cancel, r.c.Keys.Global.ForceQuit}},
	}
}

// Update implements common.Screen.
func (r *Rename) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return r.key(msg)
	case renameConflictMsg:
		if msg.gen != r.gen {
			return nil
		}
		r.state, r.theirs = renameConflict, msg.theirs
	case renameDoneMsg:
		if msg.gen != r.gen {
			return nil
		}
		if msg.err != nil {
			r.state = renameEditing
			if common.IsCanceled(msg.err) {
				return nil
			}
			r.err = msg.err
			if common.IsUnauthorized(msg.err) {
				return errorCmd(msg.err)
			}
			return nil
		}
		r.c.Emit(common.PageRenamedMsg{Page: msg.page})
		r.c.Emit(common.BackMsg{})
		return infoCmd("Renamed to “" + common.Title(msg.page) + "”.")
	default:
		var cmd tea.Cmd
		r.input, cmd = r.input.Update(msg)
		return cmd
	}
	return nil
}

func (r *Rename) key(msg tea.KeyPressMsg) tea.Cmd {
	k := r.c.Keys.Rename
	if key.Matches(msg, k.Cancel) {
		r.c.Emit(common.BackMsg{})
		return nil
	}
	switch r.state {
	case renameSaving:
		return nil
	case renameConflict:
		switch {
		case key.Matches(msg, k.Overwrite):
			return r.save(false)
		case key.Matches(msg, k.KeepTheirs):
			r.c.Emit(common.PageRenamedMsg{Page: r.theirs})
			r.c.Emit(common.BackMsg{})
			return nil
		case key.Matches(msg, k.EditAgain):
			// Their title becomes the one a new conflict is judged against.
			r.page = r.theirs
			r.state = renameEditing
		}
		return nil
	}
	if key.Matches(msg, k.Save) {
		if strings.TrimSpace(r.input.Value()) == "" {
			r.err = errEmptyTitle
			return nil
		}
		if r.input.Value() == r.page.Title {
			r.c.Emit(common.BackMsg{})
			return nil
		}
		return r.save(true)
	}
	var cmd tea.Cmd
	r.input, cmd = r.input.Update(msg)
	return cmd
}

// errEmptyTitle refuses a blank title, which Notion would show as
// "Untitled": more likely a slip than a wish.
var errEmptyTitle = emptyTitleError{}

type emptyTitleError struct{}

func (emptyTitleError) Error() string { return "A title cannot be empty." }

// save writes the title; with check set it first reads the page again and
// stops at a conflict if its title changed since it was loaded.
func (r *Rename) save(check bool) tea.Cmd {
	notion := r.c.Notion()
	if notion == nil {
		return nil
	}
	if r.cancel != nil {
		r.cancel()
	}
	ctx, cancel := context.WithCancel(r.c.Ctx)
	r.cancel = cancel
	r.gen++
	r.state, r.err = renameSaving, nil
	gen, target := r.gen, r.id
	pageID, loaded, title := r.page.ID, r.page.Title, r.input.Value()
	return func() tea.Msg {
		if check {
			current, err := notion.RetrievePage(ctx, pageID)
			if err != nil {
				return renameDoneMsg{target: target, gen: gen, err: err}
			}
			if current.Title != loaded {
				return renameConflictMsg{target: target, gen: gen, theirs: current}
			}
		}
		page, err := notion.RenamePage(ctx, pageID, title)
		if err == nil && page.Title == "" {
			page.Title = title
		}
		if page.ID == "" {
			page.ID = pageID
		}
		return renameDoneMsg{target: target, gen: gen, page: page, err: err}
	}
}

// View implements common.Screen.
func (r *Rename) View() string {
	st := r.c.Styles
	w := r.c.Width
	var sb strings.Builder
	sb.WriteString(st.Title.Render("Rename"))
	sb.WriteString(st.Subtle.Render(ansi.Truncate("  "+common.Icon(r.page)+" "+common.Title(r.page), max(w-6, 0), "…")))
	sb.WriteString("\n\n")
	switch r.state {
	case renameConflict:
		sb.WriteString(st.Warning.Render(wrap("The title changed since the page was loaded.", w)))
		sb.WriteString("\n\n")
		sb.WriteString(st.Subtle.Render("theirs  ") + ansi.Truncate(common.Title(r.theirs), max(w-8, 1), "…"))
		sb.WriteString("\n")
		sb.WriteString(st.Subtle.Render("yours   ") + ansi.Truncate(models.SanitizeLine(r.input.Value()), max(w-8, 1), "…"))
		sb.WriteString("\n\n")
		sb.WriteString(st.Key.Render("o") + st.Subtle.Render(" overwrite with yours   ") +
			st.Key.Render("k") + st.Subtle.Render(" keep theirs   ") +
			st.Key.Render("e") + st.Subtle.Render(" edit again"))
		return sb.String()
	}
	sb.WriteString(r.input.View())
	sb.WriteString("\n\n")
	switch {
	case r.state == renameSaving:
		sb.WriteString(st.Accent.Render(r.c.SpinnerFrame) + st.Subtle.Render(" Saving…"))
	case r.err != nil:
		sb.WriteString(st.Error.Render(wrap(common.Explain(r.err), w)))
		sb.WriteString("\n")
		sb.WriteString(st.Subtle.Render("Press enter to try again, esc to cancel."))
	default:
		sb.WriteString(st.Subtle.Render("enter saves · esc cancels"))
	}
	return sb.String()
}
