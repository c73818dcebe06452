package screens

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

// maxPropertyName is the widest a property's name is drawn in the block.
const maxPropertyName = 18

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
			lines = append(lines, st.Faint.Render("+"+strconv.Itoa(len(props)-i)+" more properties"))
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
// header, with a rule below; "" for a page that is not a row. It takes at
// most a third of the screen.
func (p *Page) propertiesView() string {
	if p.page == nil {
		return ""
	}
	page, have := p.known()
	if !have {
		return ""
	}
	st := p.c.Styles
	block := propertyBlock(st, rowProperties(page), p.c.Width, max(p.c.Height/3, 3))
	if block == "" {
		return ""
	}
	return "\n" + block + "\n" + st.Faint.Render(strings.Repeat("─", max(p.c.Width, 0)))
}
