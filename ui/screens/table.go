package screens

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/table"
	tea "charm.land/bubbletea/v2"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/filter"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// tablePageSize is how many rows one query asks for: Notion's most.
const tablePageSize = alloy.MaxPageSize

// Table shows a database as a table: the title column first, then the
// schema's columns in order, as many as fit, scrolled sideways with the
// column cursor. Rows arrive a query page at a time as the user scrolls
// towards the end. The service sorts and filters (the query's sorts and
// filter); the filter is built in a small builder (table_filter.go) that
// never waits on the network. Bubbles' table draws the rows: it is fed
// only the columns that fit, since it has no horizontal scrolling.
type Table struct {
	c *common.Context
	common.Requests
	// id is the database's (or a data source's) id as it was opened.
	id string
	// pageErr is why the id did not open as a page, when that led here.
	pageErr error

	// open reads the database and, when it is known which, its data
	// source's schema; schema reads a data source chosen later; query
	// reads one page of rows.
	open, schema, query common.Request

	db     models.Database
	haveDB bool
	// known is what was known of the database before it was read.
	known models.Page
	// legacy is set under a Notion version before data sources: the
	// database is queried itself.
	legacy bool
	source models.DataSource
	// haveSource is set once a data source's schema arrived.
	haveSource bool

	// picking is the list shown instead of the table, if any.
	picking pickKind
	pick    components.List

	// rows are the rows loaded for the current sorts and filter; cells
	// their text by column (t.cols), worked out once when they arrive,
	// each led by the gap before its column.
	rows  []models.Page
	cells [][]string
	// next is where the next query page starts; more says there is one.
	next string
	more bool
	// answered is set once the first page of the current query arrived.
	answered bool

	cols []tableColumn
	// colCursor is the column under the cursor (an index of cols, never a
	// hidden one); colOffset the first of the shown non-title columns,
	// counted among those not hidden.
	colCursor, colOffset int
	// shown are the indices of cols the table draws now, title first.
	shown []int

	sorts []filter.Sort
	// conds are the filter's conditions, all combined by "and", or by
	// "or" when anyOf is set.
	conds []filter.Condition
	anyOf bool
	// seenPeople maps the names of the people the rows named to their
	// ids: Notion filters people by id.
	seenPeople map[string]string
	// partsErr is why the filter or sorts could not be written for
	// Notion, which stops the query before it is sent.
	partsErr error
	// builder is the filter builder while it is open.
	builder *filterBuilder

	tbl table.Model
	// height is the table's height as last set, styledWith the styles it
	// was given: setting either draws the rows again, so only a change
	// does.
	height     int
	styledWith *common.Styles
}

// pickKind names the lists the table can show instead of its rows.
type pickKind int

const (
	pickNone pickKind = iota
	pickSource
	pickColumns
)

// tableColumn is one column: its property and the width its content
// wants, measured as rows arrive.
type tableColumn struct {
	schema models.PropertySchema
	// index is the property's place in the schema (and in
	// DataSource.Apply's answer).
	index int
	// name is the property's name fit for the screen.
	name  string
	width int
}

// Column widths: what a column's content may ask for, and the least.
const (
	maxColumnWidth = 28
	maxTitleWidth  = 40
	minColumnWidth = 4
)

// opened is the answer to opening a database: the database, and its data
// source's schema when it is known which one.
type opened struct {
	db     models.Database
	source *models.DataSource
	legacy bool
}

// NewTable returns the table screen for a database or data source id;
// known, when set, is what is known of it (a search result), and pageErr
// why the id did not open as a page, when that led here.
func NewTable(c *common.Context, id string, known *models.Page, pageErr error) *Table {
	t := &Table{c: c, id: id, pageErr: pageErr}
	if known != nil {
		t.known = *known
	}
	t.open.Label = "Opening the database…"
	t.schema.Label = "Reading the data source…"
	t.query.Label = "Loading rows…"
	// Failures show where the rows would be, not on the status bar.
	quiet := func(error) tea.Cmd { return nil }
	t.open.OnError, t.schema.OnError, t.query.OnError = quiet, quiet, quiet
	t.Track(c, &t.open, &t.schema, &t.query)
	k := c.Keys.Table
	none := key.NewBinding(key.WithDisabled())
	t.tbl = table.New(table.WithKeyMap(table.KeyMap{
		LineUp: k.Up, LineDown: k.Down, PageUp: k.PageUp, PageDown: k.PageDown,
		GotoTop: k.Top, GotoBottom: k.Bottom, HalfPageUp: none, HalfPageDown: none,
	}), table.WithFocused(true))
	t.Resize()
	return t
}

// Init implements common.Screen: it reads the database.
func (t *Table) Init() tea.Cmd { return t.start() }

// start reads the database and, when its data source is known (the only
// one, or the one chosen before in this session), that source's schema,
// then the first rows.
func (t *Table) start() tea.Cmd {
	notion := t.c.Notion()
	if notion == nil {
		return nil
	}
	id, session := t.id, t.c.Session()
	return common.Fetch(t.c, &t.open, func(ctx context.Context) (opened, error) {
		db, err := notion.RetrieveDatabase(ctx, id)
		if err != nil {
			return opened{}, err
		}
		o := opened{db: db}
		var sourceID string
		switch chosen := session.DataSource(db.ID); {
		case len(db.DataSources) == 0:
			// A Notion version before data sources: the database has
			// the schema and is queried itself.
			o.legacy = true
			o.source = &models.DataSource{ID: db.ID, DatabaseID: db.ID, Title: db.Title, Properties: db.Properties}
			return o, nil
		case len(db.DataSources) == 1:
			sourceID = db.DataSources[0].ID
		case chosen != "" && hasSource(db, chosen):
			sourceID = chosen
		default:
			return o, nil // the user chooses
		}
		ds, err := notion.RetrieveDataSource(ctx, sourceID)
		if err != nil {
			return opened{}, err
		}
		o.source = &ds
		return o, nil
	}, t.opened)
}

// hasSource reports whether a database lists a data source.
func hasSource(db models.Database, id string) bool {
	for _, ds := range db.DataSources {
		if models.CompactID(ds.ID) == models.CompactID(id) {
			return true
		}
	}
	return false
}

// opened takes the database: with its data source's schema it loads the
// rows; without, it asks which data source.
func (t *Table) opened(o opened) tea.Cmd {
	t.db, t.haveDB, t.legacy = o.db, true, o.legacy
	if o.source != nil {
		return t.useSource(*o.source)
	}
	t.picking = pickSource
	t.pick.SetLength(len(t.db.DataSources))
	for i, ds := range t.db.DataSources {
		if models.CompactID(ds.ID) == models.CompactID(t.source.ID) {
			t.pick.SetCursor(i)
		}
	}
	t.layout()
	return nil
}

// chooseSource reads the schema of the data source chosen, and remembers
// the choice for the session.
func (t *Table) chooseSource(ref models.DataSourceRef) tea.Cmd {
	notion := t.c.Notion()
	if notion == nil {
		return nil
	}
	t.picking = pickNone
	t.c.Session().ChooseDataSource(t.db.ID, ref.ID)
	if t.haveSource && models.CompactID(ref.ID) == models.CompactID(t.source.ID) {
		t.layout()
		return nil
	}
	t.query.Cancel()
	t.haveSource = false
	t.layout()
	id := ref.ID
	return common.Fetch(t.c, &t.schema, func(ctx context.Context) (models.DataSource, error) {
		return notion.RetrieveDataSource(ctx, id)
	}, t.useSource)
}

// useSource takes a data source's schema: the columns are the title, then
// the schema's others in order, hidden as this session left them; the
// filter and sorts of another source are dropped; the rows load.
func (t *Table) useSource(ds models.DataSource) tea.Cmd {
	same := t.haveSource && models.CompactID(ds.ID) == models.CompactID(t.source.ID)
	t.source, t.haveSource = ds, true
	if !same {
		t.conds, t.sorts, t.anyOf, t.seenPeople = nil, nil, false, nil
		t.colCursor, t.colOffset = 0, 0
	}
	t.cols = t.cols[:0]
	for i, p := range ds.Properties {
		col := tableColumn{schema: p, index: i, name: columnName(p.Name)}
		if p.Type == "title" {
			t.cols = append([]tableColumn{col}, t.cols...)
		} else {
			t.cols = append(t.cols, col)
		}
	}
	if len(t.cols) == 0 || t.cols[0].schema.Type != "title" {
		// Every data source has a title; an answer without one still
		// shows its rows by their titles.
		t.cols = append([]tableColumn{{schema: models.PropertySchema{Name: "Name", Type: "title"}, index: -1, name: "Name"}}, t.cols...)
	}
	t.colCursor = min(t.colCursor, len(t.cols)-1)
	if t.hidden(t.colCursor) {
		t.colCursor = 0
	}
	return t.reload()
}

// columnName is a property's name fit for a header.
func columnName(name string) string {
	if s := strings.TrimSpace(models.SanitizeLine(name)); s != "" {
		return s
	}
	return "(unnamed)"
}

// hidden reports whether column i is hidden (the title never is).
func (t *Table) hidden(i int) bool {
	return i > 0 && i < len(t.cols) && t.c.Session().Hidden(t.source.ID, t.cols[i].schema.Name)
}

// reload forgets the rows and queries the first page again, with the
// current filter and sorts.
func (t *Table) reload() tea.Cmd {
	t.rows, t.cells, t.next, t.more, t.answered = nil, nil, "", false, false
	for i := range t.cols {
		t.cols[i].width = max(minColumnWidth, headerWidth(t.cols[i].name))
	}
	t.layout() // the filter's and sort's line may come or go
	return t.fetch("")
}

// queryParts are the query's filter and sorts as Notion takes them.
func (t *Table) queryParts() (map[string]any, []map[string]any, error) {
	f, err := filter.TranslateWith(t.filter(), t.source.Properties, filter.Options{ResolveUser: t.resolveUser})
	if err != nil {
		return nil, nil, err
	}
	var sorts []map[string]any
	if len(t.sorts) > 0 {
		if sorts, err = filter.Sorts(t.sorts, t.source.Properties); err != nil {
			return nil, nil, err
		}
	}
	return f, sorts, nil
}

// filter is the filter of the conditions, nil for none.
func (t *Table) filter() filter.Filter {
	items := make([]filter.Filter, 0, len(t.conds))
	for _, c := range t.conds {
		items = append(items, c)
	}
	switch {
	case len(items) == 0:
		return nil
	case t.anyOf:
		return filter.Or(items...)
	}
	return filter.And(items...)
}

// resolveUser finds a person's id by name among the people of the rows
// loaded: Notion filters people by id.
func (t *Table) resolveUser(_, value string) (string, error) {
	for _, name := range t.people() {
		if strings.EqualFold(name.name, strings.TrimSpace(value)) {
			return name.id, nil
		}
	}
	return "", errNoSuchPerson(value)
}

// fetch asks for the page of rows that starts at cursor ("" for the
// first).
func (t *Table) fetch(cursor string) tea.Cmd {
	notion := t.c.Notion()
	if notion == nil || !t.haveSource {
		return nil
	}
	f, sorts, err := t.queryParts()
	t.partsErr = err
	if err != nil {
		// The builder checks each condition; this is a last guard, shown
		// where the rows would be.
		t.query.Cancel()
		return nil
	}
	id, legacy := t.source.ID, t.legacy
	var filterArg, sortsArg any
	if f != nil {
		filterArg = f
	}
	if sorts != nil {
		sortsArg = sorts
	}
	return common.Fetch(t.c, &t.query, func(ctx context.Context) (alloy.PageList, error) {
		if legacy {
			return notion.QueryDatabase(ctx, id, alloy.DatabaseQuery{Filter: filterArg, Sorts: sortsArg, Cursor: cursor, PageSize: tablePageSize})
		}
		return notion.QueryDataSource(ctx, id, alloy.DataSourceQuery{Filter: filterArg, Sorts: sortsArg, Cursor: cursor, PageSize: tablePageSize})
	}, t.rowsArrived)
}

// rowsArrived takes a page of rows: their cells are worked out once, here,
// and the columns widen to fit them.
func (t *Table) rowsArrived(list alloy.PageList) tea.Cmd {
	t.answered = true
	for _, row := range list.Pages {
		values := t.source.Apply(row)
		cells := make([]string, len(t.cols))
		for i, col := range t.cols {
			text := t.cellText(row, values, col)
			cells[i] = cellGap + text
			t.cols[i].width = max(t.cols[i].width, min(cellWidth(text), t.widthCap(i)))
		}
		t.rows = append(t.rows, row)
		t.cells = append(t.cells, cells)
		t.notePeople(row)
	}
	t.next, t.more = list.NextCursor, list.HasMore && list.NextCursor != ""
	t.refresh()
	return t.maybeMore()
}

// cellText is a row's value in a column, on one line.
func (t *Table) cellText(row models.Page, values []models.PropertyValue, col tableColumn) string {
	var s string
	if col.index >= 0 && col.index < len(values) {
		s = values[col.index].Text()
	}
	if col.schema.Type == "title" {
		if col.index < 0 {
			s = models.SanitizeLine(row.Title)
		}
		if strings.TrimSpace(s) == "" {
			s = "Untitled"
		}
	}
	return s
}

// widthCap is the most a column's content may widen it.
func (t *Table) widthCap(i int) int {
	if i == 0 {
		return maxTitleWidth
	}
	return maxColumnWidth
}

// maybeMore asks for the next page of rows when the cursor is within a
// screenful of the last row loaded, and one is not on its way already.
func (t *Table) maybeMore() tea.Cmd {
	if !t.more || t.query.Running() || t.query.Err() != nil {
		return nil
	}
	if t.rowIndex() < len(t.rows)-max(t.tbl.Height(), 1)-1 {
		return nil
	}
	return t.fetch(t.next)
}

// rowIndex is the row under the cursor, -1 when there are none.
func (t *Table) rowIndex() int {
	if len(t.rows) == 0 {
		return -1
	}
	return min(max(t.tbl.Cursor(), 0), len(t.rows)-1)
}

// Capturing implements common.Screen: the builder and the pickers have the
// keys while they are open.
func (t *Table) Capturing() bool { return t.builder != nil || t.picking != pickNone }

// InputEmpty reports whether ? would type nothing: only the builder's
// value step has an input.
func (t *Table) InputEmpty() bool { return t.builder == nil || t.builder.inputEmpty() }

// Resume implements common.Screen: what leaving interrupted goes on (the
// same page of rows, from the same cursor).
func (t *Table) Resume() tea.Cmd {
	return t.Requests.Resume()
}

// Resize implements common.Screen.
func (t *Table) Resize() tea.Cmd {
	t.layout()
	return nil
}

// Update implements common.Screen.
func (t *Table) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return t.key(msg)
	case tea.PasteMsg:
		if t.builder != nil {
			return t.builder.paste(msg)
		}
	case tea.MouseWheelMsg:
		return t.wheel(msg)
	case common.PageRenamedMsg:
		t.renamed(msg.Page)
	case common.PageCreatedMsg:
		return t.created(msg.Page)
	default:
		if t.builder != nil {
			return t.builder.update(msg)
		}
	}
	return nil
}

// wheel scrolls the rows (or a picker's list) three at a time.
func (t *Table) wheel(msg tea.MouseWheelMsg) tea.Cmd {
	delta := wheelDelta(msg)
	if delta == 0 {
		return nil
	}
	switch {
	case t.builder != nil:
		t.builder.list.Move(delta)
	case t.picking != pickNone:
		t.pick.Move(delta)
	case delta < 0:
		t.tbl.MoveUp(-delta)
	default:
		t.tbl.MoveDown(delta)
		return t.maybeMore()
	}
	return nil
}

// renamed shows a row's new title.
func (t *Table) renamed(page models.Page) {
	for i := range t.rows {
		if !sameID(t.rows[i].ID, page.ID) {
			continue
		}
		t.rows[i].Title, t.rows[i].TitleRich = page.Title, page.TitleRich
		for j := range t.rows[i].Properties {
			if t.rows[i].Properties[j].Type == "title" {
				t.rows[i].Properties[j].RichText = page.TitleRich
			}
		}
		title := strings.TrimSpace(models.SanitizeLine(page.Title))
		if title == "" {
			title = "Untitled"
		}
		t.cells[i][0] = cellGap + title
		t.cols[0].width = max(t.cols[0].width, min(cellWidth(title), maxTitleWidth))
		t.refresh()
	}
	if sameID(page.ID, t.db.ID) || sameID(page.ID, t.id) {
		t.db.Title = page.Title
	}
}

// key handles a key press: the builder's and the pickers' first.
func (t *Table) key(msg tea.KeyPressMsg) tea.Cmd {
	if t.builder != nil {
		return t.builder.key(msg)
	}
	if t.picking != pickNone {
		return t.pickKey(msg)
	}
	k := t.c.Keys.Table
	switch {
	case key.Matches(msg, k.Reload):
		return t.retry()
	case !t.haveSource:
		if key.Matches(msg, k.Source) && t.haveDB && len(t.db.DataSources) > 1 {
			t.picking = pickSource
			t.layout()
		}
		return nil
	case key.Matches(msg, k.Left):
		t.moveColumn(-1)
	case key.Matches(msg, k.Right):
		t.moveColumn(1)
	case key.Matches(msg, k.Sort):
		return t.toggleSort()
	case key.Matches(msg, k.Filter):
		t.builder = newFilterBuilder(t)
		t.layout()
		return t.builder.focus()
	case key.Matches(msg, k.ClearFilter):
		if len(t.conds) == 0 {
			return nil
		}
		t.conds, t.anyOf = nil, false
		return t.reload()
	case key.Matches(msg, k.Hide):
		t.hide()
	case key.Matches(msg, k.Columns):
		t.picking = pickColumns
		t.pick.SetLength(len(t.cols) - 1)
		t.pick.SetCursor(max(t.colCursor-1, 0))
		t.layout()
	case key.Matches(msg, k.Source):
		if len(t.db.DataSources) > 1 {
			t.picking = pickSource
			t.layout()
		}
	case key.Matches(msg, k.Open):
		if i := t.rowIndex(); i >= 0 {
			row := t.rows[i]
			t.c.Emit(common.OpenPageMsg{ID: row.ID, Page: &row})
		}
	case key.Matches(msg, k.Rename):
		if i := t.rowIndex(); i >= 0 {
			t.c.Emit(common.RenamePageMsg{Page: t.rows[i]})
		}
	case key.Matches(msg, k.New):
		t.c.Emit(t.newRow())
	default:
		t.tbl, _ = t.tbl.Update(msg)
		return t.maybeMore()
	}
	return nil
}

// retry starts again whatever failed, or reloads the rows.
func (t *Table) retry() tea.Cmd {
	switch {
	case !t.haveDB || t.open.Err() != nil:
		return t.start()
	case !t.haveSource && t.schema.Err() != nil:
		if i := t.pick.Cursor(); i < len(t.db.DataSources) {
			return t.chooseSource(t.db.DataSources[i])
		}
		return nil
	case !t.haveSource:
		return nil
	case t.query.Err() != nil && len(t.rows) > 0:
		return t.fetch(t.next) // go on from where the rows stopped
	}
	return t.reload()
}

// moveColumn moves the column cursor by delta columns, over hidden ones;
// the shown columns follow.
func (t *Table) moveColumn(delta int) {
	i := t.colCursor
	for {
		i += delta
		if i < 0 || i >= len(t.cols) {
			return
		}
		if !t.hidden(i) {
			break
		}
	}
	t.colCursor = i
	t.refresh()
}

// toggleSort sorts by the column under the cursor: ascending, then
// descending, then not at all. The service sorts, from the first row.
func (t *Table) toggleSort() tea.Cmd {
	name := t.cols[t.colCursor].schema.Name
	switch dir := t.sortOf(t.colCursor); dir {
	case 0:
		t.sorts = []filter.Sort{{Property: name}}
	case 1:
		t.sorts = []filter.Sort{{Property: name, Descending: true}}
	default:
		t.sorts = nil
	}
	return t.reload()
}

// sortOf says how column i sorts the rows: 0 not, 1 ascending, -1
// descending.
func (t *Table) sortOf(i int) int {
	for _, s := range t.sorts {
		if s.Property == t.cols[i].schema.Name {
			if s.Descending {
				return -1
			}
			return 1
		}
	}
	return 0
}

// hide hides the column under the cursor for the session.
func (t *Table) hide() {
	if t.colCursor == 0 {
		t.c.Note("The title column always shows.")
		return
	}
	t.c.Session().SetHidden(t.source.ID, t.cols[t.colCursor].schema.Name, true)
	c := t.c.Keys.Table.Columns.Help().Key
	t.c.Note("Hid " + t.cols[t.colCursor].name + "; " + c + " shows it again.")
	// The cursor goes to the next column shown, else the previous.
	at := t.colCursor
	t.moveColumn(1)
	if t.colCursor == at {
		t.moveColumn(-1)
	}
	if t.colCursor == at {
		t.colCursor = 0
	}
	t.refresh()
}

// pickKey handles a key in the data source or column picker.
func (t *Table) pickKey(msg tea.KeyPressMsg) tea.Cmd {
	k := t.c.Keys.Table
	switch {
	case key.Matches(msg, k.PickUp), key.Matches(msg, k.Up):
		t.pick.Move(-1)
	case key.Matches(msg, k.PickDown), key.Matches(msg, k.Down):
		t.pick.Move(1)
	case key.Matches(msg, k.Cancel):
		if t.picking == pickSource && !t.haveSource {
			t.c.Emit(common.BackMsg{}) // nothing to show without a source
			return nil
		}
		t.picking = pickNone
		t.refresh()
	case t.picking == pickSource && key.Matches(msg, k.Choose):
		if i := t.pick.Cursor(); i < len(t.db.DataSources) {
			return t.chooseSource(t.db.DataSources[i])
		}
	case t.picking == pickColumns && (key.Matches(msg, k.Toggle) || key.Matches(msg, k.Choose)):
		i := t.pick.Cursor() + 1
		if i < len(t.cols) {
			s := t.c.Session()
			s.SetHidden(t.source.ID, t.cols[i].schema.Name, !s.Hidden(t.source.ID, t.cols[i].schema.Name))
			if t.hidden(t.colCursor) {
				t.colCursor = 0
			}
			t.refresh()
		}
	}
	return nil
}

// Help implements common.Screen: only the keys that work now.
func (t *Table) Help() help.KeyMap {
	k := t.c.Keys.Table
	if t.builder != nil {
		return t.builder.help()
	}
	switch t.picking {
	case pickSource:
		keys := []key.Binding{k.PickDown, k.Choose, k.Cancel}
		return common.HelpKeys{Short: keys, Full: [][]key.Binding{{k.PickUp, k.PickDown, k.Choose, k.Cancel}}}
	case pickColumns:
		keys := []key.Binding{k.PickDown, k.Toggle, k.Cancel}
		return common.HelpKeys{Short: keys, Full: [][]key.Binding{{k.PickUp, k.PickDown, k.Toggle, k.Cancel}}}
	}
	var short, moving, acting []key.Binding
	failed := t.failed() != nil || t.query.Err() != nil
	if !t.haveSource {
		if failed {
			short = append(short, t.retryBinding())
		}
		return common.HelpKeys{Short: short, Full: [][]key.Binding{short}}
	}
	if len(t.rows) > 1 {
		short = append(short, k.Down)
		moving = append(moving, k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom)
	}
	if len(t.cols) > 1 {
		short = append(short, k.Right)
		moving = append(moving, k.Left, k.Right)
	}
	if len(t.rows) > 0 {
		short = append(short, k.Open, k.Rename)
		acting = append(acting, k.Open, k.Rename)
	}
	acting = append(acting, k.New)
	short = append(short, k.Sort, k.Filter)
	acting = append(acting, k.Sort, k.Filter)
	if len(t.conds) > 0 {
		short = append(short, k.ClearFilter)
		acting = append(acting, k.ClearFilter)
	}
	if t.colCursor > 0 {
		acting = append(acting, k.Hide)
	}
	if len(t.cols) > 1 {
		acting = append(acting, k.Columns)
	}
	if len(t.db.DataSources) > 1 {
		acting = append(acting, k.Source)
	}
	if failed {
		short = append(short, t.retryBinding())
	}
	acting = append(acting, t.retryBinding())
	var full [][]key.Binding
	for _, g := range [][]key.Binding{moving, acting} {
		if len(g) > 0 {
			full = append(full, g)
		}
	}
	return common.HelpKeys{Short: short, Full: full}
}

// retryBinding is the reload key, described as what it does now.
func (t *Table) retryBinding() key.Binding {
	b := t.c.Keys.Table.Reload
	if t.failed() != nil || t.query.Err() != nil {
		b.SetHelp(b.Help().Key, "try again")
	}
	return b
}

// failed is why the database or its data source could not be read.
func (t *Table) failed() error {
	if err := t.open.Err(); err != nil {
		if t.pageErr != nil && alloy.MayBeDatabase(err) {
			return t.pageErr
		}
		return err
	}
	if !t.haveSource {
		return t.schema.Err()
	}
	return nil
}
