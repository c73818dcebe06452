package screens

import (
	"context"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// maxPropertyName is the widest a property's name is drawn in the block.
const maxPropertyName = 18

// minContentLines is how many lines of the content the block leaves when it
// shows more than the first few properties.
const minContentLines = 3

// rowBlock is what the page screen keeps for a row's property block: the
// row's data source, read once for its schema (the order and the number
// formats the table shows too), and how much of the block is open.
type rowBlock struct {
	schema     common.Request
	source     models.DataSource
	haveSource bool
	// open is set once the properties key asked for more than the first
	// few; first is the first property shown then (when they do not all
	// fit at once, the key pages through them).
	open  bool
	first int
}

// rowProperties are a database row's properties but its title, for the
// block above its content; nil for a page that is not a row.
func rowProperties(page models.Page) []models.PropertyValue {
	if page.Parent.Type != "database_id" && page.Parent.Type != "data_source_id" {
		return nil
	}
	out := make([]models.PropertyValue, 0, len(page.Properties))
	for _, v := range page.Properties {
		if v.Type != "title" {
			out = append(out, v)
		}
	}
	return out
}

// propertyBlock draws a row's properties as a compact block of two
// columns, name and value, one property a line, in at most maxLines lines
// (the last then says how many more there are). Names and values are
// remote text: PropertyValue.Text is sanitised, names are here.
func propertyBlock(st *common.Styles, props []models.PropertyValue, width, maxLines int) string {
	return propertyLines(st, props, width, maxLines, "")
}

// propertyLines is propertyBlock whose "more" line ends with more, the key
// that shows them.
func propertyLines(st *common.Styles, props []models.PropertyValue, width, maxLines int, more string) string {
	if len(props) == 0 || maxLines < 1 || width < 8 {
		return ""
	}
	names := make([]string, len(props))
	nameWidth := 0
	for i, v := range props {
		names[i] = strings.TrimSpace(models.SanitizeLine(v.Name))
		nameWidth = max(nameWidth, min(ansi.StringWidth(names[i]), maxPropertyName))
	}
	valueWidth := max(width-nameWidth-2, 1)
	lines := make([]string, 0, min(len(props), maxLines))
	for i, v := range props {
		if len(lines) == maxLines-1 && len(props)-i > 1 {
			lines = append(lines, st.Faint.Render("+"+strconv.Itoa(len(props)-i)+" more properties"+more))
			break
		}
		name := ansi.Truncate(names[i], nameWidth, "…")
		name += strings.Repeat(" ", nameWidth-ansi.StringWidth(name))
		value := v.Text()
		style := st.Normal
		if value == "" {
			value, style = "—", st.Faint
		}
		lines = append(lines, st.Subtle.Render(name)+"  "+style.Render(ansi.Truncate(value, valueWidth, "…")))
	}
	return strings.Join(lines, "\n")
}

// propertiesView is the block of a row's properties under the page's
// header, with a rule below; "" for a page that is not a row. Folded, it
// takes at most a third of the screen; open, all but a few lines of it.
func (p *Page) propertiesView() string {
	props := p.shownProperties()
	st := p.c.Styles
	more := ""
	if k := p.c.Keys.Page.Properties.Help().Key; k != "" {
		more = " (" + k + ")"
	}
	block := propertyLines(st, props[min(p.props.first, len(props)):], p.c.Width, p.propertyRoom(), more)
	if block == "" {
		return ""
	}
	return "\n" + block + "\n" + st.Faint.Render(strings.Repeat("─", max(p.c.Width, 0)))
}

// propertyRoom is how many lines the property block may take now.
func (p *Page) propertyRoom() int {
	folded := max(p.c.Height/3, 3)
	if !p.props.open {
		return folded
	}
	room := p.c.Height - components.HeaderHeight - 1 - 1 - minContentLines // the rule under the block, the bar
	if n := p.notice(); n != "" {
		room -= lipgloss.Height(n)
	}
	return max(room, folded)
}

// shownProperties are the row's properties the block shows, in its data
// source's order and number formats once the schema has arrived; none for
// a page that is not a row.
func (p *Page) shownProperties() []models.PropertyValue {
	if p.page == nil {
		return nil
	}
	page, have := p.known()
	if !have {
		return nil
	}
	if p.props.haveSource && page.Parent.Type == "data_source_id" && sameID(page.Parent.ID, p.props.source.ID) {
		page.Properties = p.props.source.Apply(page)
	}
	return rowProperties(page)
}

// moreProperties answers the properties key: the block opens to show as
// many as the screen holds; pressed again, it shows the next ones while
// some are left, and folds after the last.
func (p *Page) moreProperties() {
	props := p.shownProperties()
	switch {
	case len(props) == 0:
		return
	case !p.props.open:
		p.props.open, p.props.first = true, 0
	case len(props)-p.props.first > p.propertyRoom():
		p.props.first += p.propertyRoom() - 1 // the last line said "+N more"
	default:
		p.props.open, p.props.first = false, 0
	}
	p.layout()
}

// propertiesBinding is the properties key, described as what it does now;
// ok is false when every property shows and the block is folded.
func (p *Page) propertiesBinding() (key.Binding, bool) {
	b := p.c.Keys.Page.Properties
	props := p.shownProperties()
	switch {
	case len(props)-p.props.first > p.propertyRoom():
		b.SetHelp(b.Help().Key, "more properties")
	case p.props.open:
		b.SetHelp(b.Help().Key, "fewer properties")
	default:
		return b, false
	}
	return b, true
}

// infoArrived lays the screen out for the page's own answer (a row's
// properties may have grown) and reads the row's schema.
func (p *Page) infoArrived() tea.Cmd {
	p.layout()
	return p.readSchema()
}

// readSchema reads the schema of the row's data source, once: the block
// shows the properties in its order, numbers as its formats say. Without it
// (an older Notion version, or the read failed) they show as Notion sent
// them, which is all the block needs.
func (p *Page) readSchema() tea.Cmd {
	notion := p.c.Notion()
	page, have := p.known()
	if notion == nil || !have || page.Parent.Type != "data_source_id" || page.Parent.ID == "" {
		return nil
	}
	id := page.Parent.ID
	if p.props.schema.Running() || p.props.haveSource && sameID(id, p.props.source.ID) {
		return nil
	}
	p.props.schema.OnError = func(error) tea.Cmd { return nil }
	return common.Fetch(p.c, &p.props.schema, func(ctx context.Context) (models.DataSource, error) {
		return notion.RetrieveDataSource(ctx, id)
	}, func(ds models.DataSource) tea.Cmd {
		p.props.source, p.props.haveSource = ds, true
		p.layout()
		return nil
	})
}
