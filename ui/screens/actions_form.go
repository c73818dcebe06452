package screens

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// actionForm is the form of one action: the connection, the parameters
// grouped by where they go, and the body.
type actionForm struct {
	desc      *alloy.ActionDescription
	connector string
	conns     []models.Connection
	connIndex int
	params    []paramField
	body      textarea.Model
	hasBody   bool
	// focus is 0 for the connection, 1…len(params) for a parameter, and
	// len(params)+1 for the body.
	focus int
	// err is why the form cannot be sent, "" when it can.
	err string
	// pending is the request waiting for the confirmation.
	pending alloy.ActionRequest
	width   int
	// fromLog is set when the service did not describe the action and
	// the form was made from a logged request: its method is unknown.
	fromLog bool
}

// mayChange reports whether sending the form may change things, so that
// the user is asked first. An action the service did not describe may,
// unless it is one of the Notion actions the app knows only read.
func (f *actionForm) mayChange() bool {
	if f.fromLog {
		return !(f.connector == alloy.NotionConnector && alloy.IsReadAction(f.desc.ID))
	}
	return f.desc.Changes()
}

// paramField is one parameter's input.
type paramField struct {
	param alloy.ActionParam
	input textinput.Model
}

// paramGroups are the places a parameter goes, in the form's order, with
// their headings.
var paramGroups = []struct{ in, title string }{
	{alloy.InPath, "Path parameters"},
	{alloy.InQuery, "Query parameters"},
	{alloy.InHeader, "Headers"},
}

// Widths of the form's columns.
const (
	paramNameColumn = 24
	paramTypeColumn = 12
)

// newActionForm builds the form of an action: defaults filled, the body
// prefilled with a skeleton of its required fields.
func newActionForm(c *common.Context, d *alloy.ActionDescription, connector consoleConnector) actionForm {
	f := actionForm{desc: d, connector: connector.ID}
	f.setConnections(connector)
	for _, g := range paramGroups {
		for _, p := range d.Parameters {
			if p.In != g.in {
				continue
			}
			in := textinput.New()
			in.Prompt = ""
			in.Placeholder = models.SanitizeLine(p.Type())
			in.SetStyles(c.Styles.Input)
			in.SetValue(models.SanitizeLine(p.Default()))
			f.params = append(f.params, paramField{param: p, input: in})
		}
	}
	f.hasBody = d.Body != nil || d.Method != http.MethodGet
	f.body = textarea.New()
	f.body.ShowLineNumbers = false
	f.body.Prompt = "│ "
	f.body.MaxHeight = 5000
	f.body.Placeholder = "JSON body"
	f.body.SetValue(components.InertJSON(alloy.Skeleton(d.Body)))
	f.body.MoveToBegin()
	switch {
	case len(f.params) > 0:
		f.focus = 1
	case f.hasBody:
		f.focus = len(f.params) + 1
	}
	return f
}

// setConnections takes the connector's connections, choosing the active
// one (else the first).
func (f *actionForm) setConnections(cc consoleConnector) {
	current := ""
	if f.connIndex < len(f.conns) {
		current = f.conns[f.connIndex].ID
	}
	f.conns = cc.Connections
	f.connIndex = 0
	for i, conn := range f.conns {
		if conn.ID == current || current == "" && conn.ID == cc.Active {
			f.connIndex = i
		}
	}
}

// connectionName names the chosen connection.
func (f *actionForm) connectionName() string {
	if f.connIndex >= len(f.conns) {
		return "no connection"
	}
	return connName(f.conns[f.connIndex])
}

// fields is how many fields the form has.
func (f *actionForm) fields() int {
	n := len(f.params) + 1
	if f.hasBody {
		n++
	}
	return n
}

// resize fits the inputs and the body to the screen.
func (f *actionForm) resize(c *common.Context) {
	if f.desc == nil {
		return
	}
	f.width = c.Width
	for i := range f.params {
		f.params[i].input.SetStyles(c.Styles.Input)
		f.params[i].input.SetWidth(max(c.Width-paramNameColumn-paramTypeColumn-4, 4))
	}
	f.body.SetWidth(max(c.Width-1, 10))
	f.body.SetHeight(max(c.Height-f.linesAboveBody()-3, 3))
}

// linesAboveBody counts the lines drawn above the body: the tabs, the
// title, the method line, the connection, the groups and parameters, the
// body's heading.
func (f *actionForm) linesAboveBody() int {
	n := 4
	for _, g := range paramGroups {
		if f.count(g.in) > 0 {
			n += 1 + f.count(g.in)
		}
	}
	if f.hasBody {
		n++
	}
	return n
}

func (f *actionForm) count(in string) int {
	n := 0
	for _, p := range f.params {
		if p.param.In == in {
			n++
		}
	}
	return n
}

// blurAll takes the focus from every input.
func (f *actionForm) blurAll() {
	for i := range f.params {
		f.params[i].input.Blur()
	}
	f.body.Blur()
}

// focusField gives the focus to the current field.
func (f *actionForm) focusField() tea.Cmd {
	f.blurAll()
	switch {
	case f.focus >= 1 && f.focus <= len(f.params):
		return f.params[f.focus-1].input.Focus()
	case f.focus == len(f.params)+1 && f.hasBody:
		return f.body.Focus()
	}
	return nil
}

// key handles a key press in the form.
func (f *actionForm) key(msg tea.KeyPressMsg, k common.ActionsKeys) tea.Cmd {
	switch {
	case key.Matches(msg, k.NextField):
		f.focus = (f.focus + 1) % f.fields()
		return f.focusField()
	case key.Matches(msg, k.PrevField):
		f.focus = (f.focus + f.fields() - 1) % f.fields()
		return f.focusField()
	case f.focus == 0 && key.Matches(msg, k.PrevConnection) && len(f.conns) > 0:
		f.connIndex = (f.connIndex + len(f.conns) - 1) % len(f.conns)
		return nil
	case f.focus == 0 && key.Matches(msg, k.NextConnection) && len(f.conns) > 0:
		f.connIndex = (f.connIndex + 1) % len(f.conns)
		return nil
	case f.focus >= 1 && f.focus <= len(f.params) && key.Matches(msg, k.Choose):
		f.focus = (f.focus + 1) % f.fields()
		return f.focusField()
	}
	return f.update(msg)
}

// update hands a message to the focused input.
func (f *actionForm) update(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch {
	case f.focus >= 1 && f.focus <= len(f.params):
		p := &f.params[f.focus-1]
		p.input, cmd = p.input.Update(msg)
	case f.focus == len(f.params)+1 && f.hasBody:
		f.body, cmd = f.body.Update(msg)
	}
	return cmd
}

// request checks the form and builds the request: the body against its
// schema, the parameters against the description, a connection chosen.
func (f *actionForm) request() (alloy.ActionRequest, error) {
	values := map[string]string{}
	for _, p := range f.params {
		if v := strings.TrimSpace(p.input.Value()); v != "" {
			values[p.param.Name] = v
		}
	}
	var body []byte
	if f.hasBody {
		body = []byte(strings.TrimSpace(f.body.Value()))
		if err := alloy.ValidateBody(f.desc.Body, body); err != nil {
			return alloy.ActionRequest{}, err
		}
	}
	req, err := f.desc.BuildRequest("", values, body)
	var pe *alloy.ParamError
	if errors.As(err, &pe) {
		return alloy.ActionRequest{}, errors.New("fill in " + strings.Join(pe.Missing, ", ") + " (required)")
	}
	if err != nil {
		return alloy.ActionRequest{}, err
	}
	if f.connIndex >= len(f.conns) {
		return alloy.ActionRequest{}, errors.New(errNoConnection.Error() + ": connect " + common.ConnectorName(f.connector) + " on the Connections tab first")
	}
	req.CredentialID = f.conns[f.connIndex].ID
	return req, nil
}

// view draws the form.
func (f *actionForm) view(st *common.Styles, width int) string {
	var sb strings.Builder
	line := func(s string) {
		sb.WriteString(ansi.Truncate(s, width, "…"))
		sb.WriteByte('\n')
	}
	label := func(s string, focused bool) string {
		if focused {
			return st.Accent.Render("› " + padRight(s, paramNameColumn-2))
		}
		return "  " + st.Normal.Render(padRight(s, paramNameColumn-2))
	}
	// The connection.
	conn := st.Warning.Render("no connection: connect one on the Connections tab")
	if len(f.conns) > 0 {
		conn = st.Normal.Render(f.connectionName())
		if len(f.conns) > 1 {
			conn = st.Subtle.Render("‹ ") + conn + st.Subtle.Render(" ›  ") + st.Faint.Render("←/→ to change")
		}
	}
	line(label("Connection", f.focus == 0) + conn)
	for _, g := range paramGroups {
		if f.count(g.in) == 0 {
			continue
		}
		line(st.Subtle.Render(g.title))
		for i, p := range f.params {
			if p.param.In != g.in {
				continue
			}
			name := models.SanitizeLine(p.param.Name)
			if p.param.Required {
				name += " *"
			}
			typ := st.Faint.Render(padRight(models.SanitizeLine(p.param.Type()), paramTypeColumn))
			line(label(name, f.focus == i+1) + typ + p.input.View())
		}
	}
	if f.hasBody {
		head := "Body (JSON)"
		if f.desc.Body != nil && len(f.desc.Body.Required) > 0 {
			head += " · required: " + models.SanitizeLine(strings.Join(f.desc.Body.Required, ", "))
		}
		if f.desc.Body == nil {
			head += " · no schema"
		}
		if f.focus == len(f.params)+1 {
			line(st.Accent.Render("› " + head))
		} else {
			line("  " + st.Normal.Render(head))
		}
		sb.WriteString(f.body.View())
		sb.WriteByte('\n')
	}
	return strings.TrimSuffix(sb.String(), "\n")
}

// missingRequired lists the required parameters still empty, for the hint
// under the form.
func (f *actionForm) missingRequired() []string {
	var out []string
	for _, p := range f.params {
		if p.param.Required && strings.TrimSpace(p.input.Value()) == "" {
			out = append(out, models.SanitizeLine(p.param.Name))
		}
	}
	return slices.Clip(out)
}
