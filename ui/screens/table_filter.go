package screens

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/filter"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// filterStep is where the filter builder is.
type filterStep int

const (
	// stepConditions lists the filter's conditions, to edit, remove or
	// add one, and to combine them with and or or.
	stepConditions filterStep = iota
	// stepProperty chooses the property of a condition.
	stepProperty
	// stepOperator chooses an operator that fits the property's type.
	stepOperator
	// stepValue takes the value: typed, or chosen among the options.
	stepValue
)

// opChoice is one operator the builder offers, as people read it.
type opChoice struct {
	op filter.Operator
	// value is the value the choice implies ("true" for "is checked"),
	// "" when one is asked for or none is needed.
	value string
	words string
	// needsValue says the value step follows.
	needsValue bool
}

// filterBuilder builds the table's filter a condition at a time: a
// property, an operator that fits its type (filter.OperatorsFor), then a
// value (select and status options come from the schema, people from the
// rows loaded). Each condition is checked against the schema here, so the
// query runs only when the filter is complete, and typing never waits on
// the network.
type filterBuilder struct {
	t    *Table
	step filterStep
	list components.List
	// editing is the condition being changed, -1 for a new one.
	editing int
	// props are the properties that can be filtered.
	props []models.PropertySchema
	prop  models.PropertySchema
	ops   []opChoice
	op    opChoice
	input textinput.Model
	// options are the values offered for the property; matches those
	// that hold what is typed.
	options, matches []string
	// err says why the value does not fit.
	err string
}

// newFilterBuilder opens the builder: on the list of conditions when there
// are some, else on the choice of a property.
func newFilterBuilder(t *Table) *filterBuilder {
	b := &filterBuilder{t: t, editing: -1}
	for _, c := range t.cols {
		if filter.OperatorsFor(c.schema.Type) != nil {
			b.props = append(b.props, c.schema)
		}
	}
	b.input = textinput.New()
	b.input.Prompt = "› "
	b.input.SetStyles(t.c.Styles.Input)
	b.input.SetWidth(max(t.c.Width-lipgloss.Width(b.input.Prompt)-1, 1)) // the prompt, then the cursor
	if len(t.conds) > 0 {
		b.goTo(stepConditions, len(t.conds))
	} else {
		b.goTo(stepProperty, 0)
	}
	return b
}

// goTo shows a step with the list's cursor at i.
func (b *filterBuilder) goTo(step filterStep, i int) {
	b.step, b.err = step, ""
	b.list.SetHeight(max(b.t.bodyHeight()-3, 1))
	switch step {
	case stepConditions:
		b.list.SetLength(len(b.t.conds) + 1)
	case stepProperty:
		b.list.SetLength(len(b.props))
	case stepOperator:
		b.list.SetLength(len(b.ops))
	case stepValue:
		b.list.SetHeight(max(b.t.bodyHeight()-5, 1))
		b.filterOptions()
	}
	b.list.SetCursor(i)
}

// focus focuses the input on the value step.
func (b *filterBuilder) focus() tea.Cmd {
	if b.step == stepValue {
		return b.input.Focus()
	}
	b.input.Blur()
	return nil
}

// inputEmpty reports whether ? would type nothing.
func (b *filterBuilder) inputEmpty() bool { return b.step != stepValue || b.input.Value() == "" }

// update passes other messages (the cursor's blink) to the input.
func (b *filterBuilder) update(msg tea.Msg) tea.Cmd {
	if b.step != stepValue {
		return nil
	}
	var cmd tea.Cmd
	b.input, cmd = b.input.Update(msg)
	return cmd
}

// paste types pasted text into the value.
func (b *filterBuilder) paste(msg tea.PasteMsg) tea.Cmd {
	cmd := b.update(msg)
	b.filterOptions()
	return cmd
}

// close closes the builder.
func (b *filterBuilder) close() {
	b.t.builder = nil
	b.t.layout()
}

// key handles a key press in the builder.
func (b *filterBuilder) key(msg tea.KeyPressMsg) tea.Cmd {
	k := b.t.c.Keys.Table
	typing := b.step == stepValue
	switch {
	case key.Matches(msg, k.Cancel):
		return b.back()
	case key.Matches(msg, k.PickUp), !typing && key.Matches(msg, k.Up):
		b.list.Move(-1)
		return nil
	case key.Matches(msg, k.PickDown), !typing && key.Matches(msg, k.Down):
		b.list.Move(1)
		return nil
	case key.Matches(msg, k.Choose):
		return b.choose()
	case b.step == stepConditions && key.Matches(msg, k.Remove):
		return b.remove()
	case b.step == stepConditions && key.Matches(msg, k.AndOr):
		b.t.anyOf = !b.t.anyOf
		if len(b.t.conds) > 1 {
			b.t.layout()
			return b.t.reload()
		}
		return nil
	case typing:
		var cmd tea.Cmd
		b.input, cmd = b.input.Update(msg)
		b.err = ""
		b.filterOptions()
		return cmd
	}
	return nil
}

// back goes one step back; from the first, it closes the builder.
func (b *filterBuilder) back() tea.Cmd {
	switch b.step {
	case stepValue:
		b.goTo(stepOperator, slices.Index(b.ops, b.op))
	case stepOperator:
		b.goTo(stepProperty, b.propIndex(b.prop.Name))
	case stepProperty:
		if len(b.t.conds) == 0 {
			b.close()
			return nil
		}
		b.goTo(stepConditions, max(b.editing, len(b.t.conds)))
	default:
		b.close()
	}
	return b.focus()
}

// propIndex is the place of the property named name among those offered.
func (b *filterBuilder) propIndex(name string) int {
	for i, p := range b.props {
		if p.Name == name {
			return i
		}
	}
	return 0
}

// choose takes the choice of the step.
func (b *filterBuilder) choose() tea.Cmd {
	i := b.list.Cursor()
	switch b.step {
	case stepConditions:
		if i >= len(b.t.conds) {
			b.editing = -1
			b.goTo(stepProperty, 0)
			return b.focus()
		}
		b.editing = i
		c := b.t.conds[i]
		prop, ok := models.FindProperty(b.props, c.Property)
		if !ok {
			b.goTo(stepProperty, 0)
			return b.focus()
		}
		b.useProperty(prop)
		b.goTo(stepOperator, b.opIndex(c))
		b.input.SetValue(c.Value)
	case stepProperty:
		if i >= len(b.props) {
			return nil
		}
		b.useProperty(b.props[i])
		b.goTo(stepOperator, 0)
	case stepOperator:
		if i >= len(b.ops) {
			return nil
		}
		b.op = b.ops[i]
		if !b.op.needsValue {
			return b.commit(b.op.value)
		}
		b.goTo(stepValue, 0)
	case stepValue:
		if len(b.matches) > 0 {
			return b.commit(b.matches[min(i, len(b.matches)-1)])
		}
		return b.commit(strings.TrimSpace(b.input.Value()))
	}
	return b.focus()
}

// useProperty makes prop the condition's property: its operators and the
// values to offer.
func (b *filterBuilder) useProperty(prop models.PropertySchema) {
	if b.prop.Name != prop.Name {
		b.input.SetValue("")
	}
	b.prop = prop
	b.ops = operatorChoices(prop.Type)
	b.options = nil
	switch prop.Type {
	case "select", "status", "multi_select":
		for _, o := range prop.Options {
			b.options = append(b.options, strings.TrimSpace(models.SanitizeLine(o.Name)))
		}
	case "people", "created_by", "last_edited_by":
		for _, p := range b.t.people() {
			b.options = append(b.options, p.name)
		}
	}
	b.input.Placeholder = valuePlaceholder(prop.Type)
}

// opIndex is the place among the operators offered of a condition's.
func (b *filterBuilder) opIndex(c filter.Condition) int {
	for i, o := range b.ops {
		if o.op == c.Operator && (o.needsValue || o.value == c.Value) {
			return i
		}
	}
	return 0
}

// operatorChoices are the operators offered for a property type: a
// checkbox is checked or not; the others take what filter.OperatorsFor
// says.
func operatorChoices(typ string) []opChoice {
	if typ == "checkbox" {
		return []opChoice{
			{op: filter.Equals, value: "true", words: "is checked"},
			{op: filter.NotEquals, value: "true", words: "is not checked"},
		}
	}
	var out []opChoice
	for _, op := range filter.OperatorsFor(typ) {
		out = append(out, opChoice{op: op, words: filter.OperatorWords(op, typ),
			needsValue: op != filter.IsEmpty && op != filter.IsNotEmpty})
	}
	return out
}

// valuePlaceholder hints at the form of a value.
func valuePlaceholder(typ string) string {
	switch typ {
	case "date", "created_time", "last_edited_time":
		return "a date: 2026-01-31"
	case "number", "unique_id":
		return "a number"
	case "select", "status", "multi_select", "people", "created_by", "last_edited_by":
		return "type to narrow the choices"
	case "relation":
		return "a page id"
	}
	return "text"
}

// filterOptions narrows the options to those that hold what is typed.
func (b *filterBuilder) filterOptions() {
	typed := strings.ToLower(strings.TrimSpace(b.input.Value()))
	b.matches = b.matches[:0]
	for _, o := range b.options {
		if typed == "" || strings.Contains(strings.ToLower(o), typed) {
			b.matches = append(b.matches, o)
		}
	}
	b.list.SetLength(len(b.matches))
}

// commit checks the condition against the schema and, when it fits, puts
// it in the filter, closes the builder and queries again.
func (b *filterBuilder) commit(value string) tea.Cmd {
	if b.op.needsValue && value == "" {
		b.err = "Type a value, or esc to choose another operator."
		return nil
	}
	c := filter.Condition{Property: b.prop.Name, Operator: b.op.op, Value: value, Type: b.prop.Type}
	if _, err := filter.Notion(c, b.t.source.Properties, filter.Options{ResolveUser: b.t.resolveUser}); err != nil {
		b.err = models.SanitizeLine(err.Error())
		return nil
	}
	if b.editing >= 0 && b.editing < len(b.t.conds) {
		b.t.conds[b.editing] = c
	} else {
		b.t.conds = append(b.t.conds, c)
	}
	b.close()
	return b.t.reload()
}

// remove drops the condition under the cursor and queries again.
func (b *filterBuilder) remove() tea.Cmd {
	i := b.list.Cursor()
	if i >= len(b.t.conds) {
		return nil
	}
	b.t.conds = slices.Delete(b.t.conds, i, i+1)
	if len(b.t.conds) == 0 {
		b.t.anyOf = false
		b.close()
	} else {
		b.goTo(stepConditions, i)
		b.t.layout()
	}
	return b.t.reload()
}

// help is the builder's keys that work now.
func (b *filterBuilder) help() help.KeyMap {
	k := b.t.c.Keys.Table
	var keys []key.Binding
	switch b.step {
	case stepConditions:
		keys = []key.Binding{k.PickDown, k.Choose}
		if b.list.Cursor() < len(b.t.conds) {
			keys = append(keys, k.Remove)
		}
		if len(b.t.conds) > 1 {
			keys = append(keys, k.AndOr)
		}
	case stepValue:
		if len(b.matches) > 0 {
			keys = append(keys, k.PickDown)
		}
		keys = append(keys, k.Choose)
	default:
		keys = []key.Binding{k.PickDown, k.Choose}
	}
	keys = append(keys, k.Cancel)
	return common.HelpKeys{Short: keys, Full: [][]key.Binding{keys}}
}

// view draws the step: what is asked, then the list or the input.
func (b *filterBuilder) view() string {
	st := b.t.c.Styles
	w := b.t.c.Width
	name := columnName(b.prop.Name)
	var ask string
	var body string
	switch b.step {
	case stepConditions:
		word := "all"
		if b.t.anyOf {
			word = "any"
		}
		ask = "Rows that match " + word + " of:"
		body = b.list.View(func(i int, selected bool) string {
			if i == len(b.t.conds) {
				return pickRow(st, "+ add a condition", selected, w)
			}
			c := b.t.conds[i]
			return pickRow(st, models.SanitizeLine(c.Describe()), selected, w)
		})
	case stepProperty:
		ask = "Filter by which property?"
		body = b.list.View(func(i int, selected bool) string {
			p := b.props[i]
			return pickRow(st, columnName(p.Name)+st.Faint.Render("  "+typeName(p.Type)), selected, w)
		})
	case stepOperator:
		ask = name + " …"
		body = b.list.View(func(i int, selected bool) string {
			return pickRow(st, name+" "+b.ops[i].words, selected, w)
		})
	case stepValue:
		ask = name + " " + b.op.words + " …"
		lines := []string{b.input.View()}
		if len(b.options) > 0 {
			if len(b.matches) == 0 {
				lines = append(lines, st.Subtle.Render("  no choice holds that"))
			} else {
				lines = append(lines, b.list.View(func(i int, selected bool) string {
					return pickRow(st, b.matches[i], selected, w)
				}))
			}
		}
		body = strings.Join(lines, "\n")
	}
	out := st.Title.Render("Filter") + st.Subtle.Render("  "+ansi.Truncate(ask, max(w-8, 1), "…")) + "\n\n" + body
	if b.err != "" {
		out += "\n" + st.Error.Render(lipgloss.Wrap(b.err, max(w, 1), " "))
	}
	return out
}
