package screens

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// Rename edits a page's title. Before writing it reads the page again, and
// when someone else changed the title since it was loaded it shows both and
// lets the user choose.
type Rename struct {
	common.Requests

	c *common.Context
	// opened is the page as the screen that opened Rename knew it.
	opened models.Page
	// page is the page as last read: its title is what a conflict is judged
	// against, and what the other screens are told on leaving when it is not
	// the title they knew.
	page  models.Page
	input textinput.Model
	save  common.Request
	// conflict is set while the prompt asks whose title to keep: theirs
	// (page.Title) or yours (the input).
	conflict bool
	// refusedBlank is set when enter was pressed on a blank title; the
	// refusal shows while the title stays blank.
	refusedBlank bool
}

// renamed is the answer to a save: the page as written, or, when conflict
// is set, as someone else left it.
type renamed struct {
	page     models.Page
	conflict bool
}

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
	r := &Rename{c: c, opened: page, page: page, input: in}
	r.save.Label = "Saving the title…"
	// A failure shows under the input, where the user is looking.
	r.save.OnError = func(error) tea.Cmd { return nil }
	r.Track(c, &r.save)
	r.Resize()
	return r
}

// Init implements common.Screen.
func (r *Rename) Init() tea.Cmd { return textinput.Blink }

// Capturing is always true: the input or the conflict prompt has the keys.
func (r *Rename) Capturing() bool { return true }

// InputEmpty reports whether no text would be typed over: the input is
// empty, or the conflict prompt (which has no input) has the keys.
func (r *Rename) InputEmpty() bool { return r.conflict || r.input.Value() == "" }

// Suspend cancels a save in flight and forgets it: a write is not repeated
// behind the user's back. The typed text stays.
func (r *Rename) Suspend() { r.save.Cancel() }

// Resize implements common.Screen.
func (r *Rename) Resize() tea.Cmd {
	r.input.SetStyles(r.c.Styles.Input)
	// One cell after the text is the cursor's.
	r.input.SetWidth(max(r.c.Width-lipgloss.Width(r.input.Prompt)-1, 1))
	return nil
}

// Help offers what works now: the conflict's three answers, or save while
// the title is not blank; and cancel, which always works. (Rename has the
// keys, so the root does not add its own back.)
func (r *Rename) Help() help.KeyMap {
	k := r.c.Keys.Rename
	var keys []key.Binding
	switch {
	case r.save.Running():
	case r.conflict:
		keys = []key.Binding{k.Overwrite, k.KeepTheirs, k.EditAgain}
	case models.CleanTitle(r.input.Value()) != "":
		keys = []key.Binding{k.Save}
	}
	keys = append(keys, k.Cancel)
	return common.HelpKeys{Short: keys, Full: [][]key.Binding{keys}}
}

// Update implements common.Screen.
func (r *Rename) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		return r.key(msg)
	}
	var cmd tea.Cmd
	r.input, cmd = r.input.Update(msg)
	return cmd
}

// key handles a key press: Cancel leaves from anywhere; while saving
// nothing else works; at a conflict its three answers do; else Save saves
// and the rest types.
func (r *Rename) key(msg tea.KeyPressMsg) tea.Cmd {
	k := r.c.Keys.Rename
	switch {
	case key.Matches(msg, k.Cancel):
		r.leave()
		return nil
	case r.save.Running():
		return nil
	case r.conflict:
		switch {
		case key.Matches(msg, k.Overwrite):
			// Judged against their title now: a third change asks again.
			return r.start()
		case key.Matches(msg, k.KeepTheirs):
			r.leave()
		case key.Matches(msg, k.EditAgain):
			r.conflict = false
			return r.input.Focus()
		}
		return nil
	case key.Matches(msg, k.Save):
		title := models.CleanTitle(r.input.Value())
		switch {
		case title == "":
			r.refusedBlank = true
			return nil
		case title == models.CleanTitle(r.page.Title):
			r.leave()
			return nil
		}
		return r.start()
	}
	var cmd tea.Cmd
	r.input, cmd = r.input.Update(msg)
	if models.CleanTitle(r.input.Value()) != "" {
		r.refusedBlank = false
	}
	return cmd
}

// leave closes the screen; when a read showed a title the other screens do
// not know yet, they are told it first, so that no header shows a title
// that is gone.
func (r *Rename) leave() {
	r.save.Cancel()
	if r.page.Title != r.opened.Title {
		r.c.Emit(common.PageRenamedMsg{Page: r.page})
	}
	r.c.Emit(common.BackMsg{})
}

// start writes the cleaned title after reading the page again: if its
// title is no longer the one the user edited, the answer is a conflict and
// nothing is written.
func (r *Rename) start() tea.Cmd {
	notion := r.c.Notion()
	if notion == nil {
		return nil
	}
	r.conflict, r.refusedBlank = false, false
	r.input.Blur()
	pageID, base, title := r.page.ID, r.page.Title, models.CleanTitle(r.input.Value())
	return common.Fetch(r.c, &r.save, func(ctx context.Context) (renamed, error) {
		current, err := notion.RetrievePage(ctx, pageID)
		if err != nil {
			return renamed{}, err
		}
		if current.Title != base {
			return renamed{page: current, conflict: true}, nil
		}
		page, err := notion.RenamePage(ctx, pageID, title)
		if err != nil {
			return renamed{}, err
		}
		if page.ID == "" {
			page.ID = pageID
		}
		if page.Title == "" {
			page.Title = title
		}
		return renamed{page: page}, nil
	}, r.saved)
}

// saved takes the answer of a save.
func (r *Rename) saved(res renamed) tea.Cmd {
	r.page = res.page
	if res.conflict {
		r.conflict = true
		return nil
	}
	r.c.Emit(common.PageRenamedMsg{Page: res.page})
	r.c.Emit(common.BackMsg{})
	r.c.Note("Renamed to “" + common.Title(res.page) + "”.")
	return nil
}

// View implements common.Screen.
func (r *Rename) View() string {
	st := r.c.Styles
	w := r.c.Width
	k := r.c.Keys.Rename
	var sb strings.Builder
	title := st.Title.Render("Rename")
	sb.WriteString(title)
	sb.WriteString(st.Subtle.Render(ansi.Truncate("  "+common.Icon(r.page)+" "+common.Title(r.page), max(w-lipgloss.Width(title), 0), "…")))
	sb.WriteString("\n\n")
	if r.conflict {
		sb.WriteString(st.Warning.Render(wrap("The title changed since the page was loaded.", w)))
		sb.WriteString("\n\n")
		theirs, yours := "theirs  ", "yours   "
		sb.WriteString(st.Subtle.Render(theirs) + ansi.Truncate(common.Title(r.page), max(w-lipgloss.Width(theirs), 1), "…"))
		sb.WriteByte('\n')
		sb.WriteString(st.Subtle.Render(yours) + ansi.Truncate(models.CleanTitle(r.input.Value()), max(w-lipgloss.Width(yours), 1), "…"))
		sb.WriteString("\n\n")
		sb.WriteString(hints(st, k.Overwrite, k.KeepTheirs, k.EditAgain))
		return sb.String()
	}
	sb.WriteString(r.input.View())
	sb.WriteString("\n\n")
	blank := models.CleanTitle(r.input.Value()) == ""
	switch {
	case r.save.Running():
		sb.WriteString(components.SpinnerLine(st, r.c.SpinnerFrame, "Saving…"))
	case r.refusedBlank && blank:
		sb.WriteString(st.Error.Render("A title cannot be empty."))
	case r.save.Err() != nil:
		sb.WriteString(st.Error.Render(wrap(common.Explain(r.save.Err()), w)))
		sb.WriteByte('\n')
		sb.WriteString(hint(st, k.Save, "try again") + st.Subtle.Render(" · ") + hints(st, k.Cancel))
	case blank:
		sb.WriteString(hints(st, k.Cancel))
	default:
		sb.WriteString(hints(st, k.Save, k.Cancel))
	}
	return sb.String()
}
