package screens

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// Create is the form that creates a page under a page, or a row in a
// data source: a title, for a row the properties its schema makes simple
// (select, status, checkbox, date, number, text), and a Markdown body,
// typed in place or in $EDITOR (ctrl+e). On success the new page opens;
// on failure the form stays with everything typed, and the error under it.
type Create struct {
	common.Requests

	c     *common.Context
	msg   common.CreatePageMsg
	title textinput.Model
	props []createField
	body  textarea.Model
	// focus is 0 for the title, 1… for the properties, then the body.
	focus int
	save  common.Request
	// since is when the first attempt started, for the check of a create
	// whose answer was lost; unknown says the last failure was one.
	since   time.Time
	unknown bool
	// problem is why the form was not sent (a title missing, a value that
	// does not fit its property).
	problem string
}

// createField is one property of a row in the form.
type createField struct {
	schema models.PropertySchema
	input  textinput.Model
}

// created is what a create came back with: the page, and when only part
// of its content could be written, why.
type created struct {
	page    models.Page
	partial error
}

// editorDoneMsg brings back the body edited in $EDITOR.
type editorDoneMsg struct {
	path string
	err  error
}

// simpleTypes are the property types the form asks for.
var simpleTypes = map[string]bool{"select": true, "status": true, "checkbox": true, "date": true, "number": true, "rich_text": true}

// NewCreate returns the form for msg's parent.
func NewCreate(c *common.Context, msg common.CreatePageMsg) *Create {
	f := &Create{c: c, msg: msg}
	f.title = newCreateInput(c, "Title")
	for _, p := range msg.Schema {
		if !simpleTypes[p.Type] {
			continue
		}
		in := newCreateInput(c, placeholderFor(p))
		in.Blur()
		f.props = append(f.props, createField{schema: p, input: in})
	}
	f.body = textarea.New()
	f.body.ShowLineNumbers = false
	f.body.Prompt = "│ "
	f.body.MaxHeight = 100000
	f.body.CharLimit = 0
	f.body.Placeholder = "Markdown (optional)"
	f.body.Blur()
	f.title.Focus()
	f.save.Label = "Creating the page…"
	f.save.OnError = func(err error) tea.Cmd {
		f.unknown = alloy.OutcomeUnknown(err)
		return nil
	}
	f.Track(c, &f.save)
	f.Resize()
	return f
}

func newCreateInput(c *common.Context, placeholder string) textinput.Model {
	in := textinput.New()
	in.Prompt = ""
	in.CharLimit = 0
	in.Placeholder = placeholder
	in.SetStyles(c.Styles.Input)
	return in
}

// placeholderFor says what a property takes.
func placeholderFor(p models.PropertySchema) string {
	switch p.Type {
	case "select", "status":
		names := make([]string, 0, len(p.Options))
		for _, o := range p.Options {
			names = append(names, models.SanitizeLine(o.Name))
		}
		return strings.Join(names, " · ")
	case "checkbox":
		// In the words of the error for a value that is neither.
		return "true or false (yes, no)"
	case "date":
		// The example of the error for a value that is not a date.
		return "2024-04-24, or start→end"
	case "number":
		return "a number"
	}
	return "text"
}

// Init implements common.Screen.
func (f *Create) Init() tea.Cmd { return textinput.Blink }

// Capturing is always true: the inputs have the keys.
func (f *Create) Capturing() bool { return true }

// Suspend cancels a create in flight; nothing typed is lost.
func (f *Create) Suspend() { f.save.Cancel() }

// Resize implements common.Screen.
func (f *Create) Resize() tea.Cmd {
	w := max(f.c.Width-f.labelWidth()-1, 1)
	f.title.SetWidth(w)
	for i := range f.props {
		f.props[i].input.SetWidth(w)
	}
	f.body.SetWidth(max(f.c.Width, 10))
	// Title line, blank, the fields, blank, body label, body, blank,
	// status.
	f.body.SetHeight(max(f.c.Height-(len(f.props)+1)-7, 3))
	return nil
}

// labelWidth is the width of the labels column.
func (f *Create) labelWidth() int {
	w := len("Title")
	for _, p := range f.props {
		w = max(w, ansi.StringWidth(fieldLabel(p.schema)))
	}
	return min(w, 24) + 2
}

func fieldLabel(p models.PropertySchema) string {
	return ansi.Truncate(models.SanitizeLine(p.Name), 24, "…")
}

// Help implements common.Screen.
func (f *Create) Help() help.KeyMap {
	k := f.c.Keys.Create
	keys := []key.Binding{k.NextField, k.PrevField, k.Save, k.Editor, k.FromFile, k.Cancel}
	if f.save.Running() {
		keys = []key.Binding{k.Cancel}
	}
	return common.HelpKeys{Short: keys, Full: [][]key.Binding{keys}}
}

// Update implements common.Screen.
func (f *Create) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return f.key(msg)
	case editorDoneMsg:
		return f.edited(msg)
	}
	return f.updateFocused(msg)
}

func (f *Create) fields() int { return len(f.props) + 2 }

func (f *Create) key(msg tea.KeyPressMsg) tea.Cmd {
	k := f.c.Keys.Create
	switch {
	case key.Matches(msg, k.Cancel):
		f.save.Cancel()
		f.c.Emit(common.BackMsg{})
		return nil
	case f.save.Running():
		return nil
	case key.Matches(msg, k.Save):
		return f.start()
	case key.Matches(msg, k.Editor):
		return f.openEditor()
	case key.Matches(msg, k.FromFile):
		// The batch screen for the same parent opens over the form, which
		// keeps what was typed for when the picker is left.
		f.c.Emit(common.CreateBatchMsg{CreatePageMsg: f.msg})
		return nil
	case key.Matches(msg, k.NextField):
		return f.setFocus((f.focus + 1) % f.fields())
	case key.Matches(msg, k.PrevField):
		return f.setFocus((f.focus + f.fields() - 1) % f.fields())
	}
	f.problem = ""
	return f.updateFocused(msg)
}

// updateFocused passes a message to the focused input.
func (f *Create) updateFocused(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch {
	case f.focus == 0:
		f.title, cmd = f.title.Update(msg)
	case f.focus <= len(f.props):
		p := &f.props[f.focus-1]
		p.input, cmd = p.input.Update(msg)
	default:
		f.body, cmd = f.body.Update(msg)
	}
	return cmd
}

// setFocus moves the focus to field i.
func (f *Create) setFocus(i int) tea.Cmd {
	f.title.Blur()
	for j := range f.props {
		f.props[j].input.Blur()
	}
	f.body.Blur()
	f.focus = i
	switch {
	case i == 0:
		return f.title.Focus()
	case i <= len(f.props):
		return f.props[i-1].input.Focus()
	default:
		return f.body.Focus()
	}
}

// openEditor writes the body to a temporary file and opens $VISUAL or
// $EDITOR (vi when neither is set) on it; the body comes back when it
// closes.
func (f *Create) openEditor() tea.Cmd {
	file, err := os.CreateTemp("", "alloy-tui-*.md")
	if err != nil {
		f.problem = "Could not make a temporary file for the editor: " + err.Error()
		return nil
	}
	path := file.Name()
	_, werr := file.WriteString(f.body.Value())
	cerr := file.Close()
	if err := errors.Join(werr, cerr); err != nil {
		_ = os.Remove(path)
		f.problem = "Could not write the temporary file: " + err.Error()
		return nil
	}
	editor := os.Getenv("VISUAL")
	if editor == "" {
		editor = os.Getenv("EDITOR")
	}
	if editor == "" {
		editor = "vi"
	}
	args := strings.Fields(editor)
	cmd := exec.Command(args[0], append(args[1:], path)...)
	return tea.ExecProcess(cmd, func(err error) tea.Msg { return editorDoneMsg{path: path, err: err} })
}

// edited takes the body back from the editor's file.
func (f *Create) edited(msg editorDoneMsg) tea.Cmd {
	defer os.Remove(msg.path)
	if msg.err != nil {
		f.problem = "The editor failed: " + msg.err.Error() + " (the body is as it was)."
		return nil
	}
	data, err := os.ReadFile(msg.path)
	if err != nil {
		f.problem = "Could not read the edited body: " + err.Error()
		return nil
	}
	f.body.SetValue(string(data))
	return f.setFocus(f.fields() - 1)
}

// errNoTitle is shown under the title field as it is, a sentence.
//
//lint:ignore ST1005 it is shown to people as a sentence, never wrapped
var errNoTitle = errors.New("A title is needed.")

// page builds the page to create from the form, or says what is wrong.
func (f *Create) page() (alloy.NewPage, error) {
	title := models.CleanTitle(f.title.Value())
	if title == "" {
		return alloy.NewPage{}, errNoTitle
	}
	props := map[string]any{}
	for _, p := range f.props {
		v := strings.TrimSpace(p.input.Value())
		if v == "" {
			continue
		}
		w, err := models.WritePropertyValue(p.schema, v)
		if err != nil {
			return alloy.NewPage{}, err
		}
		props[p.schema.Name] = w
	}
	blocks := models.FromMarkdown(f.body.Value())
	if _, err := alloy.PlanRequests(blocks); err != nil {
		return alloy.NewPage{}, fmt.Errorf("the body: %w", err)
	}
	return alloy.NewPage{Parent: f.msg.Parent, Title: title, Properties: props, Blocks: blocks}, nil
}

// start sends the create. After a failure whose outcome is unknown, it
// first looks for the page the failed attempt may have made.
func (f *Create) start() tea.Cmd {
	notion := f.c.Notion()
	if notion == nil {
		return nil
	}
	np, err := f.page()
	if err != nil {
		f.problem = err.Error()
		return nil
	}
	f.problem = ""
	if f.since.IsZero() {
		f.since = time.Now()
		if f.c.Now != nil {
			f.since = f.c.Now()
		}
	}
	since, check := f.since, f.unknown
	f.unknown = false
	return common.Fetch(f.c, &f.save, func(ctx context.Context) (created, error) {
		if check {
			found, err := notion.FindCreatedPage(ctx, np.Parent, np.Title, since, nil)
			if err != nil {
				return created{}, err
			}
			if found.ID != "" {
				return created{page: found}, nil
			}
		}
		res, err := notion.CreateFullPage(ctx, np, alloy.CreateOptions{Since: since})
		if res.Page.ID != "" {
			// The page exists: sending again would make a second.
			return created{page: res.Page, partial: err}, nil
		}
		return created{}, err
	}, f.created)
}

// created opens the new page in the form's place.
func (f *Create) created(res created) tea.Cmd {
	page := res.page
	f.c.Emit(common.PageCreatedMsg{Page: page})
	f.c.Emit(common.BackMsg{})
	f.c.Emit(common.OpenPageMsg{ID: page.ID, Page: &page})
	if res.partial != nil {
		f.c.Fail(fmt.Errorf("the page was created, but not all of its content: %w", res.partial))
		return nil
	}
	f.c.Note("Created “" + common.Title(page) + "”.")
	return nil
}

// View implements common.Screen.
func (f *Create) View() string {
	st := f.c.Styles
	w := f.c.Width
	k := f.c.Keys.Create
	var sb strings.Builder
	head := "New page"
	if f.msg.Schema != nil {
		head = "New row"
	}
	title := st.Title.Render(head)
	sb.WriteString(title)
	where := "  under " + models.SanitizeLine(f.msg.Where)
	if f.msg.Schema != nil {
		where = "  in " + models.SanitizeLine(f.msg.Where)
	}
	sb.WriteString(st.Subtle.Render(ansi.Truncate(where, max(w-lipgloss.Width(title), 0), "…")))
	sb.WriteString("\n\n")
	lw := f.labelWidth()
	label := func(s string, focused bool) string {
		s = ansi.Truncate(s, lw-2, "…")
		pad := strings.Repeat(" ", max(lw-ansi.StringWidth(s), 0))
		if focused {
			return st.Accent.Render(s) + pad
		}
		return st.Subtle.Render(s) + pad
	}
	sb.WriteString(label("Title", f.focus == 0) + f.title.View() + "\n")
	for i, p := range f.props {
		sb.WriteString(label(fieldLabel(p.schema), f.focus == i+1) + p.input.View() + "\n")
	}
	sb.WriteString("\n")
	sb.WriteString(label("Body", f.focus == f.fields()-1))
	sb.WriteString(st.Subtle.Render(ansi.Truncate("Markdown · "+k.Editor.Help().Key+" opens $EDITOR", max(w-lw, 0), "…")))
	sb.WriteString("\n")
	sb.WriteString(f.body.View())
	sb.WriteString("\n\n")
	switch {
	case f.save.Running():
		sb.WriteString(components.SpinnerLine(st, f.c.SpinnerFrame, "Creating…"))
	case f.problem != "":
		sb.WriteString(st.Error.Render(wrap(models.SanitizeLine(f.problem), w)))
	case f.save.Err() != nil:
		sb.WriteString(st.Error.Render(wrap(common.Explain(f.save.Err()), w)))
		sb.WriteByte('\n')
		sb.WriteString(hint(st, k.Save, "try again") + st.Subtle.Render(" · ") + hints(st, k.Cancel))
	default:
		sb.WriteString(hints(st, k.Save, k.FromFile, k.Cancel))
	}
	return sb.String()
}

// newRow asks for the form that adds a row to the table's data source (or,
// before data sources, to its database).
func (t *Table) newRow() common.CreatePageMsg {
	parent := models.Parent{Type: "data_source_id", ID: t.source.ID}
	if t.legacy {
		parent = models.Parent{Type: "database_id", ID: t.db.ID}
	}
	schema := t.source.Properties
	if schema == nil {
		schema = []models.PropertySchema{}
	}
	where := models.SanitizeLine(t.db.Title)
	if strings.TrimSpace(where) == "" {
		where = models.SanitizeLine(t.source.Title)
	}
	return common.CreatePageMsg{Parent: parent, Where: where, Schema: schema}
}

// created loads the rows again when a new row is the table's.
func (t *Table) created(page models.Page) tea.Cmd {
	if !t.haveSource {
		return nil
	}
	mine := page.Parent.Type == "data_source_id" && sameID(page.Parent.ID, t.source.ID) ||
		page.Parent.Type == "database_id" && sameID(page.Parent.ID, t.db.ID)
	if !mine {
		return nil
	}
	return t.reload()
}

// childCreated loads the page again when a new page is its child, so that
// coming back to it shows the child (a page created with the form or the
// batch screen opened over it).
func (p *Page) childCreated(page models.Page) tea.Cmd {
	if p.page == nil || page.Parent.Type != "page_id" || !sameID(page.Parent.ID, p.id) {
		return nil
	}
	return p.page.start()
}
