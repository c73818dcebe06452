package screens

import (
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/table"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/filter"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// columnMarker marks the header of the column under the cursor.
const columnMarker = "▸"

// gap is the blank before each column. It is written into the cells
// (cellGap) rather than asked of the table as padding: a style's padding
// costs the table a rendering a cell on every key.
const (
	gap     = 1
	cellGap = " "
)

// headerWidth is the width a column's header asks for: its name, the
// cursor's marker and a sort arrow.
func headerWidth(name string) int { return ansi.StringWidth(name) + 3 }

// cellWidth is the width of a cell's text.
func cellWidth(s string) int { return ansi.StringWidth(s) }

// layout sizes the table to what the header, the filter line and the
// footer leave, then draws the rows again.
func (t *Table) layout() {
	// Each of the table's setters draws its rows again: only what changed
	// is set.
	if st := t.c.Styles; st != t.styledWith {
		t.styledWith = st
		t.tbl.SetStyles(table.Styles{
			Header: lipgloss.NewStyle().Bold(true).Foreground(st.Subtle.GetForeground()),
			Cell:   lipgloss.NewStyle(),
			// The gaps are the cells'; the row's highlight spans them.
			Selected: st.Selected.Padding(0),
		})
	}
	t.refresh()
	if w := max(t.c.Width, 1); w != t.tbl.Width() {
		t.tbl.SetWidth(w)
	}
	if h := max(t.bodyHeight(), 2); h != t.height {
		t.height = h
		t.tbl.SetHeight(h)
	}
	t.pick.SetHeight(max(t.bodyHeight()-2, 1))
	if b := t.builder; b != nil {
		b.input.SetWidth(max(t.c.Width-lipgloss.Width(b.input.Prompt)-1, 1)) // the prompt, then the cursor
		b.goTo(b.step, b.list.Cursor())
	}
}

// bodyHeight is the room under the header and the filter line, above the
// footer.
func (t *Table) bodyHeight() int {
	return t.c.Height - components.HeaderHeight - t.infoHeight() - 1
}

// infoHeight is the height of the line that says the filter and the sort.
func (t *Table) infoHeight() int {
	if len(t.conds) > 0 || len(t.sorts) > 0 {
		return 1
	}
	return 0
}

// refresh works out which columns fit, then gives the table their headers
// and the rows' cells in them. Cells are worked out when rows arrive; this
// only picks them.
func (t *Table) refresh() {
	if len(t.cols) == 0 {
		t.tbl.SetColumns(nil)
		t.tbl.SetRows(nil)
		return
	}
	t.shown = t.window()
	cols := make([]table.Column, len(t.shown))
	for i, ci := range t.shown {
		col := t.cols[ci]
		title := col.name
		switch t.sortOf(ci) {
		case 1:
			title += " ↑"
		case -1:
			title += " ↓"
		}
		if ci == t.colCursor {
			title = columnMarker + title
		}
		cols[i] = table.Column{Title: cellGap + title, Width: t.widthOf(ci) + gap}
	}
	rows := make([]table.Row, len(t.cells))
	for r, cells := range t.cells {
		row := make(table.Row, len(t.shown))
		for i, ci := range t.shown {
			row[i] = cells[ci]
		}
		rows[r] = row
	}
	// The table draws a row's cells by its columns, so at every step the
	// rows must have no more cells than there are columns: more columns
	// go in first, fewer last. Emptying the rows instead would lose the
	// table's scroll offset.
	cursor := t.tbl.Cursor()
	switch old := t.tbl.Rows(); {
	case slices.Equal(cols, t.tbl.Columns()):
		t.tbl.SetRows(rows)
	case len(old) == 0 || len(cols) >= len(old[0]):
		t.tbl.SetColumns(cols)
		t.tbl.SetRows(rows)
	default:
		t.tbl.SetRows(rows)
		t.tbl.SetColumns(cols)
	}
	if cursor < 0 && len(rows) > 0 {
		t.tbl.GotoTop()
	}
	if h := max(t.bodyHeight(), 2); h != t.height {
		t.height = h
		t.tbl.SetHeight(h)
	}
}

// titleWidth is the width the title column is drawn at: what its content
// asks, but at most a third of the screen (and at least 12 cells). The
// others are drawn as their content asks, the last one shown cut to what
// is left (widthOf).
func (t *Table) titleWidth() int {
	w := t.c.Width
	return max(min(t.cols[0].width, max(w/3, 12)), 1)
}

// widthOf is the width column i is drawn at now.
func (t *Table) widthOf(i int) int {
	if i == 0 {
		return t.titleWidth()
	}
	if len(t.shown) > 0 && t.shown[len(t.shown)-1] == i {
		used := t.titleWidth() + gap
		for _, ci := range t.shown[1 : len(t.shown)-1] {
			used += t.cols[ci].width + gap
		}
		return max(min(t.cols[i].width, t.c.Width-used-gap), 1)
	}
	return t.cols[i].width
}

// visibleColumns are the columns not hidden, but the title.
func (t *Table) visibleColumns() []int {
	out := make([]int, 0, len(t.cols))
	for i := 1; i < len(t.cols); i++ {
		if !t.hidden(i) {
			out = append(out, i)
		}
	}
	return out
}

// window is the columns shown: the title, then from colOffset as many as
// fit, moved so that the column under the cursor is among them. The last
// may be cut when at least a few cells of it fit.
func (t *Table) window() []int {
	vis := t.visibleColumns()
	pos := -1
	for i, ci := range vis {
		if ci == t.colCursor {
			pos = i
		}
	}
	t.colOffset = min(max(t.colOffset, 0), max(len(vis)-1, 0))
	if pos >= 0 && pos < t.colOffset {
		t.colOffset = pos
	}
	room := t.c.Width - t.titleWidth() - gap
	fit := func(from int) []int {
		var out []int
		left := room
		for _, ci := range vis[from:] {
			need := t.cols[ci].width + gap
			if need > left {
				if left >= minColumnWidth+gap || len(out) == 0 && left > gap {
					out = append(out, ci)
				}
				break
			}
			out = append(out, ci)
			left -= need
		}
		return out
	}
	shown := fit(t.colOffset)
	for pos >= 0 && t.colOffset < pos && !fullyShown(t, shown, t.colCursor, room) {
		t.colOffset++
		shown = fit(t.colOffset)
	}
	// Once the last column shows in full, the room it leaves (a column
	// hidden, the screen widened) goes to the columns before, so that the
	// table never stops short of the right edge with columns off to the
	// left.
	for t.colOffset > 0 && len(shown) > 0 && fullyShown(t, shown, vis[len(vis)-1], room) {
		wider := fit(t.colOffset - 1)
		if !fullyShown(t, wider, vis[len(vis)-1], room) {
			break
		}
		t.colOffset--
		shown = wider
	}
	return append([]int{0}, shown...)
}

// fullyShown reports whether column ci is among shown at its full width.
func fullyShown(t *Table, shown []int, ci, room int) bool {
	used := 0
	for _, c := range shown {
		used += t.cols[c].width + gap
		if c == ci {
			return used <= room
		}
	}
	return false
}

// View implements common.Screen. It only joins what is ready: the rows'
// cells were worked out when they arrived.
func (t *Table) View() string {
	st := t.c.Styles
	var b strings.Builder
	b.WriteString(t.header())
	b.WriteByte('\n')
	if t.infoHeight() > 0 {
		b.WriteString(ansi.Truncate(t.infoLine(), t.c.Width, "…"))
		b.WriteByte('\n')
	}
	k := t.c.Keys
	switch err := t.failed(); {
	case err != nil:
		why := common.Explain(err)
		if alloy.MayBeDatabase(err) {
			why = "If it exists, share it with the integration in Notion (its ••• menu, Connections), then try again."
		}
		b.WriteString(st.Error.Render(wrap(why, t.c.Width)) + "\n\n" + hints(st, t.retryBinding(), k.Global.Back))
	case t.builder != nil:
		b.WriteString(t.builder.view())
	case t.picking == pickSource:
		b.WriteString(t.sourcePicker())
	case t.picking == pickColumns:
		b.WriteString(t.columnPicker())
	case !t.haveSource && t.schema.Running(), !t.haveDB:
		b.WriteString(components.SpinnerLine(st, t.c.SpinnerFrame, "Opening the database…"))
	case !t.haveSource:
		b.WriteString(components.SpinnerLine(st, t.c.SpinnerFrame, "Reading the data source…"))
	case t.partsErr != nil:
		b.WriteString(st.Error.Render(wrap(models.SanitizeLine(t.partsErr.Error()), t.c.Width)) + "\n\n" +
			hints(st, k.Table.Filter, k.Table.ClearFilter, k.Global.Back))
	case t.query.Err() != nil && len(t.rows) == 0:
		b.WriteString(st.Error.Render(wrap(common.Explain(t.query.Err()), t.c.Width)) + "\n\n" +
			hints(st, t.retryBinding(), k.Table.Filter, k.Global.Back))
	case !t.answered:
		b.WriteString(components.SpinnerLine(st, t.c.SpinnerFrame, "Loading rows…"))
	case len(t.rows) == 0:
		what := "This data source has no rows."
		if len(t.conds) > 0 {
			what = "No row matches the filter."
		}
		b.WriteString(st.Subtle.Render(what))
		if len(t.conds) > 0 {
			b.WriteString("\n\n" + hints(st, k.Table.Filter, k.Table.ClearFilter))
		}
	default:
		b.WriteString(t.tbl.View())
		b.WriteByte('\n')
		b.WriteString(t.footer())
	}
	return b.String()
}

// header is the database's title, then its data source and row count.
func (t *Table) header() string {
	h := components.Header{Title: "Loading…"}
	page := t.known
	if t.haveDB {
		page = t.db.Page()
		if page.Icon == nil {
			page.Icon = t.known.Icon
		}
	}
	if err := t.failed(); err != nil && !t.haveDB {
		h.Title = failureTitle(err, t.pageErr == nil)
		h.Details = []string{models.PageLinkURL(t.id)}
		return h.View(t.c.Styles, t.c.Width)
	}
	if t.haveDB || page.ID != "" {
		page.Object = "database"
		h.Icon, h.Title = common.Icon(page), common.Title(page)
	}
	details := []string{"database"}
	if t.haveSource && len(t.db.DataSources) > 1 {
		details = append(details, strings.TrimSpace(models.SanitizeLine(t.source.Title)))
	}
	if t.answered {
		count := rowCount(len(t.rows))
		if t.more {
			count += " loaded, more below"
		}
		details = append(details, count)
	}
	if t.haveDB {
		if ago := common.Ago(t.c.Now(), t.db.LastEdited); ago != "" {
			details = append(details, "edited "+ago)
		}
	}
	h.Details = details
	return h.View(t.c.Styles, t.c.Width)
}

// infoLine says the filter and the sort in words.
func (t *Table) infoLine() string {
	st := t.c.Styles
	var parts []string
	if f := t.filter(); f != nil {
		parts = append(parts, st.Subtle.Render("Filter: ")+st.Normal.Render(models.SanitizeLine(f.Describe())))
	}
	if len(t.sorts) > 0 {
		parts = append(parts, st.Subtle.Render("Sorted by ")+st.Normal.Render(models.SanitizeLine(filter.DescribeSorts(t.sorts))))
	}
	return strings.Join(parts, st.Subtle.Render(" · "))
}

// footer says where the cursor is among the rows, whether more are
// coming, and how many columns are off to each side.
func (t *Table) footer() string {
	st := t.c.Styles
	i := t.rowIndex()
	parts := []string{"row " + thousands(i+1) + " of " + thousands(len(t.rows))}
	switch {
	case t.query.Err() != nil:
		return st.Error.Render(ansi.Truncate("Rows after the first "+thousands(len(t.rows))+" failed: "+
			common.Explain(t.query.Err()), max(t.c.Width-12, 1), "…")) + " " + hint(st, t.retryBinding(), "resumes")
	case t.more && t.query.Running():
		parts[0] += "+"
		parts = append(parts, "loading more…")
	case t.more:
		parts[0] += "+"
		parts = append(parts, "more below")
	}
	vis := t.visibleColumns()
	left, right := 0, 0
	if len(t.shown) > 1 {
		first, last := t.shown[1], t.shown[len(t.shown)-1]
		for _, ci := range vis {
			if ci < first {
				left++
			} else if ci > last {
				right++
			}
		}
	} else {
		right = len(vis)
	}
	if left > 0 {
		parts = append(parts, "← "+columnCount(left))
	}
	if right > 0 {
		parts = append(parts, columnCount(right)+" →")
	}
	if hidden := len(t.cols) - 1 - len(vis); hidden > 0 {
		parts = append(parts, strconv.Itoa(hidden)+" hidden")
	}
	line := st.Subtle.Render(strings.Join(parts, " · "))
	if i >= 0 && t.colCursor < len(t.cells[i]) {
		// The cell under the cursor in full, when its column cuts it.
		if text := strings.TrimPrefix(t.cells[i][t.colCursor], cellGap); cellWidth(text) > t.widthOf(t.colCursor) {
			line += st.Subtle.Render(" · "+t.cols[t.colCursor].name+": ") + st.Normal.Render(text)
		}
	}
	return ansi.Truncate(line, t.c.Width, "…")
}

// rowCount is "1 row" or "3 rows".
func rowCount(n int) string {
	if n == 1 {
		return "1 row"
	}
	return thousands(n) + " rows"
}

// columnCount is "1 column" or "3 columns".
func columnCount(n int) string {
	if n == 1 {
		return "1 column"
	}
	return strconv.Itoa(n) + " columns"
}

// sourcePicker lists the database's data sources to choose from.
func (t *Table) sourcePicker() string {
	st := t.c.Styles
	title := st.Normal.Render("This database has " + strconv.Itoa(len(t.db.DataSources)) + " data sources. Which one?")
	list := t.pick.View(func(i int, selected bool) string {
		name := strings.TrimSpace(models.SanitizeLine(t.db.DataSources[i].Name))
		if name == "" {
			name = "Untitled"
		}
		return pickRow(st, name, selected, t.c.Width)
	})
	return title + "\n\n" + list
}

// columnPicker lists the columns with whether each shows.
func (t *Table) columnPicker() string {
	st := t.c.Styles
	title := st.Normal.Render("Columns (the title always shows):")
	list := t.pick.View(func(i int, selected bool) string {
		col := t.cols[i+1]
		mark := "[x] "
		if t.hidden(i + 1) {
			mark = "[ ] "
		}
		return pickRow(st, mark+col.name+st.Faint.Render("  "+typeName(col.schema.Type)), selected, t.c.Width)
	})
	return title + "\n\n" + list
}

// pickRow is one row of a picker's list.
func pickRow(st *common.Styles, text string, selected bool, width int) string {
	text = ansi.Truncate(text, max(width-2, 1), "…")
	if selected {
		return st.Selected.Render("› " + ansi.Strip(text))
	}
	return "  " + st.Normal.Render(text)
}

// typeName is a property type as people read it.
func typeName(typ string) string {
	switch typ {
	case "rich_text":
		return "text"
	case "multi_select":
		return "multi-select"
	case "phone_number":
		return "phone"
	}
	return strings.ReplaceAll(typ, "_", " ")
}

// person is someone named in the rows loaded.
type person struct{ id, name string }

// people are the people the rows loaded so far name (since the data source
// was chosen: a reload keeps them, so a filter on a person outlives the
// rows it was chosen from), by name, for the filter builder's choices and
// for turning a name into an id.
func (t *Table) people() []person {
	out := make([]person, 0, len(t.seenPeople))
	for name, id := range t.seenPeople {
		out = append(out, person{id: id, name: name})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// notePeople remembers the people a row names.
func (t *Table) notePeople(row models.Page) {
	for _, v := range row.Properties {
		for _, u := range v.People {
			name := strings.TrimSpace(models.SanitizeLine(u.Name))
			if u.ID == "" || name == "" {
				continue
			}
			if t.seenPeople == nil {
				t.seenPeople = map[string]string{}
			}
			t.seenPeople[name] = u.ID
		}
	}
}

// errNoSuchPerson says a name is not among the people of the rows loaded.
func errNoSuchPerson(name string) error {
	return errors.New("no one called " + strconvQuote(name) + " among the rows loaded; choose a person from the list")
}

// strconvQuote quotes a name for an error, sanitised.
func strconvQuote(s string) string { return strconv.Quote(models.SanitizeLine(s)) }
