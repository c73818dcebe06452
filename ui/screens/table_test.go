package screens

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/filter"
	"github.com/alloy-tui/alloy-tui/models"
)

// staticTable is a table given a schema and rows directly, as if the
// service had answered.
func staticTable(t *testing.T, w, h int, schema []models.PropertySchema, rows []models.Page) *Table {
	t.Helper()
	c := newContext(t, "http://127.0.0.1:1", w, h)
	tb := NewTable(c, "db", nil, nil)
	tb.opened(opened{db: models.Database{ID: "db", Title: "Tasks"}, source: &models.DataSource{ID: "ds", Title: "Tasks", Properties: schema}})
	tb.query.Cancel()
	tb.rowsArrived(alloy.PageList{Pages: rows})
	return tb
}

func TestTableShowsRemoteTextInert(t *testing.T) {
	hostile := "Sta\x1b]52;c;ZXZpbA==\x07tus\x1b[2J"
	schema := []models.PropertySchema{
		{ID: "title", Name: "Na\x1b[31mme", Type: "title"},
		{ID: "s", Name: hostile, Type: "status", Options: []models.SelectOption{{Name: "Do\x1bne"}}},
	}
	title := "Evil\x1b]8;;https://example.com\x07 row\r\nsecond line"
	rows := []models.Page{{Object: "page", ID: "11111111111111111111111111111111", Title: title,
		Parent: models.Parent{Type: "data_source_id", ID: "ds"},
		Properties: []models.PropertyValue{
			{ID: "title", Name: "Na\x1b[31mme", Type: "title", RichText: models.RichText{{PlainText: title}}},
			{ID: "s", Name: hostile, Type: "status", Select: &models.SelectOption{Name: "Do\x1b[5mne"}},
		}}}
	tb := staticTable(t, 100, 20, schema, rows)
	tb.Update(letter('l'))
	tb.Update(letter('s')) // the service sorts: the rows come again
	tb.query.Cancel()
	tb.rowsArrived(alloy.PageList{Pages: rows})
	for _, view := range []string{tb.View(), tb.columnPicker(), propertyBlock(tb.c.Styles, rows[0].Properties, 60, 5)} {
		plain := ansi.Strip(view)
		for _, bad := range []string{"\x1b", "\x07", "\r"} {
			if strings.Contains(plain, bad) {
				t.Errorf("remote text reached the screen raw (%q):\n%q", bad, plain)
			}
		}
		if strings.Contains(view, "\x1b]") || strings.Contains(view, "\x1b[2J") || strings.Contains(view, "\x1b[5m") {
			t.Errorf("an escape sequence from the service reached the screen:\n%q", view)
		}
	}
	if plain := ansi.Strip(tb.View()); !strings.Contains(plain, "Evil") || !strings.Contains(plain, "Sorted by") {
		t.Errorf("the row or the sort does not show:\n%s", plain)
	}
}

func TestTableKeepsTheCursorColumnInView(t *testing.T) {
	var schema []models.PropertySchema
	schema = append(schema, models.PropertySchema{ID: "title", Name: "Name", Type: "title"})
	for _, name := range []string{"Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel"} {
		schema = append(schema, models.PropertySchema{ID: name, Name: name, Type: "rich_text"})
	}
	row := models.Page{Object: "page", ID: "22222222222222222222222222222222", Title: "A row"}
	for _, p := range schema {
		text := "value of " + strings.ToLower(p.Name) + " that is long"
		if p.Type == "title" {
			text = "A row"
		}
		row.Properties = append(row.Properties, models.PropertyValue{ID: p.ID, Name: p.Name, Type: p.Type, RichText: models.RichText{{PlainText: text}}})
	}
	tb := staticTable(t, 50, 12, schema, []models.Page{row})
	right, left := tea.KeyPressMsg{Code: tea.KeyRight}, tea.KeyPressMsg{Code: tea.KeyLeft}
	check := func(step string) {
		t.Helper()
		if tb.shown[0] != 0 {
			t.Fatalf("%s: the title column is not first: %v", step, tb.shown)
		}
		found := false
		for _, ci := range tb.shown {
			found = found || ci == tb.colCursor
		}
		if !found {
			t.Fatalf("%s: the cursor's column %d is not shown: %v", step, tb.colCursor, tb.shown)
		}
		for i, line := range strings.Split(tb.View(), "\n") {
			if w := ansi.StringWidth(line); w > 50 {
				t.Fatalf("%s: line %d is %d cells wide:\n%s", step, i, w, ansi.Strip(tb.View()))
			}
		}
	}
	for i := range 10 {
		tb.Update(right)
		check("right " + itoa(i))
	}
	if tb.colCursor != len(schema)-1 || !strings.Contains(ansi.Strip(tb.View()), "▸Hotel") {
		t.Errorf("the cursor did not reach the last column:\n%s", ansi.Strip(tb.View()))
	}
	for i := range 10 {
		tb.Update(left)
		check("left " + itoa(i))
	}
	if tb.colCursor != 0 || !strings.Contains(ansi.Strip(tb.View()), "Alpha") {
		t.Errorf("the columns did not scroll back:\n%s", ansi.Strip(tb.View()))
	}
}

// itoa is strconv.Itoa for test step names.
func itoa(i int) string { return thousands(i) }

func TestPropertyBlockFitsItsLines(t *testing.T) {
	st := newContext(t, "http://127.0.0.1:1", 80, 24).Styles
	n := 3.0
	props := []models.PropertyValue{
		{Name: "Status", Type: "status", Select: &models.SelectOption{Name: "Done"}},
		{Name: "A property with a very long name indeed", Type: "number", Number: &n},
		{Name: "Due", Type: "date"},
		{Name: "Done", Type: "checkbox", Checkbox: true},
	}
	got := ansi.Strip(propertyBlock(st, props, 40, 3))
	want := "Status              Done\n" +
		"A property with a…  3\n" +
		"+2 more properties"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
	if got := ansi.Strip(propertyBlock(st, props[2:], 40, 5)); got != "Due   —\nDone  ☑" {
		t.Errorf("an empty value: %q", got)
	}
}

func TestTableResumesWhereLeavingStoppedIt(t *testing.T) {
	c, srv := demoContext(t, demo.Options{TaskRows: 250, RateLimit: -1})
	list, err := c.Notion().Search(context.Background(), alloy.SearchParams{Query: "Tasks", Object: "data_source"})
	if err != nil || len(list.Pages) == 0 {
		t.Fatalf("no Tasks: %v", err)
	}
	d := newDriver(t, c)
	tb := NewTable(c, list.Pages[0].ID, &list.Pages[0], nil)
	d.run(tb.Init())
	d.until("the first rows", func() bool { return len(tb.rows) == 100 && !tb.query.Running() })
	// G nears the end: the next page is asked for; leaving stops it.
	d.press(tb, letter('G'))
	if !tb.query.Running() {
		t.Fatal("the next page was not asked for")
	}
	tb.Suspend()
	if !tb.query.Interrupted() || tb.Busy() != "" {
		t.Fatalf("leaving did not stop the query (busy %q)", tb.Busy())
	}
	before := srv.Stats().Actions["query-data-source"]
	d.run(tb.Resume())
	d.until("the second page", func() bool { return len(tb.rows) == 200 })
	if got := srv.Stats().Actions["query-data-source"] - before; got < 1 {
		t.Errorf("coming back sent %d queries", got)
	}
	if !strings.Contains(plain(tb), "200 rows loaded, more below") || tb.rowIndex() != 99 {
		t.Errorf("the rows after coming back (cursor %d):\n%s", tb.rowIndex(), plain(tb))
	}
}

func TestTableUnderAnOlderNotionVersionQueriesTheDatabase(t *testing.T) {
	c, srv := demoContext(t, demo.Options{RateLimit: -1})
	c.Client = alloy.New(alloy.Config{BaseURL: c.Client.BaseURL(), APIKey: demo.DemoAPIKey, UserID: demo.DemoUserID,
		NotionVersion: "2022-06-28", Rate: -1})
	list, err := c.Notion().Search(context.Background(), alloy.SearchParams{Query: "Project tracker", Object: "database"})
	if err != nil || len(list.Pages) == 0 {
		t.Fatalf("no Project tracker: %v", err)
	}
	d := newDriver(t, c)
	tb := NewTable(c, list.Pages[0].ID, &list.Pages[0], nil)
	d.run(tb.Init())
	d.until("the rows", shows(tb, "5 rows", "▸Name", "Solar charger v2"))
	if srv.Stats().Actions["post-database-query"] == 0 {
		t.Errorf("the database was not queried itself: %v", srv.Stats().Actions)
	}
}

func TestTableWheelScrollsTheRows(t *testing.T) {
	schema := []models.PropertySchema{{ID: "title", Name: "Name", Type: "title"}}
	var rows []models.Page
	for i := range 10 {
		title := "Row " + itoa(i)
		rows = append(rows, models.Page{Object: "page", ID: "3333333333333333333333333333333" + itoa(i), Title: title,
			Properties: []models.PropertyValue{{ID: "title", Name: "Name", Type: "title", RichText: models.RichText{{PlainText: title}}}}})
	}
	tb := staticTable(t, 60, 20, schema, rows)
	tb.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	tb.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if tb.rowIndex() != 6 || !strings.Contains(plain(tb), "row 7 of 10") {
		t.Errorf("two turns down: row %d\n%s", tb.rowIndex(), plain(tb))
	}
	tb.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if tb.rowIndex() != 3 {
		t.Errorf("a turn up: row %d", tb.rowIndex())
	}
}

func TestTableFilterBuilderEditsChecksAndRemoves(t *testing.T) {
	tb := staticTable(t, 100, 30, benchSchema, benchRows(5, 0))
	keys := tb.c.Keys.Table
	press := func(k tea.KeyPressMsg) { tb.Update(k) }
	typeText := func(s string) {
		for _, r := range s {
			press(letter(r))
		}
	}
	down, enter, esc := tea.KeyPressMsg{Code: tea.KeyDown}, tea.KeyPressMsg{Code: tea.KeyEnter}, tea.KeyPressMsg{Code: tea.KeyEscape}
	pick := func(label string) {
		t.Helper()
		for range 20 {
			if strings.Contains(lineWith(tb, "›"), label) {
				press(enter)
				return
			}
			press(down)
		}
		t.Fatalf("no choice %q:\n%s", label, plain(tb))
	}

	// A checkbox asks for no value.
	press(letter('/'))
	pick("Done  checkbox")
	pick("Done is checked")
	if got := tb.filter().Describe(); got != "Done is checked" || tb.builder != nil {
		t.Fatalf("filter %q, builder open %v", got, tb.builder != nil)
	}

	// A person is chosen by name from the rows loaded; the filter holds
	// the name, and Notion gets the id.
	tb.rowsArrived(alloy.PageList{Pages: benchRows(5, 0)})
	press(letter('/'))
	pick("+ add a condition")
	pick("Owner  people")
	pick("Owner contains")
	typeText("mira")
	if !strings.Contains(plain(tb), "› Mira Okafor") {
		t.Fatalf("the people are not offered:\n%s", plain(tb))
	}
	press(enter)
	f, _, err := tb.queryParts()
	if err != nil || !strings.Contains(fmt.Sprint(f), benchUser) {
		t.Fatalf("the person's id is not in the query: %v %v", f, err)
	}

	// Edit the first condition: it becomes "is not checked".
	tb.rowsArrived(alloy.PageList{Pages: benchRows(5, 0)})
	press(letter('/'))
	for range 3 {
		press(tea.KeyPressMsg{Code: tea.KeyUp})
	}
	press(enter)
	pick("Done is not checked")
	if got := tb.filter().Describe(); got != "Done is not checked and Owner contains Mira Okafor" {
		t.Errorf("after the edit: %q", got)
	}

	// A number that is not one is refused where it is typed.
	press(letter('/'))
	pick("+ add a condition")
	pick("Estimate  number")
	pick("Estimate >")
	typeText("lots")
	press(enter)
	if !strings.Contains(plain(tb), `"lots" is not one`) || tb.builder == nil {
		t.Errorf("a bad number was taken:\n%s", plain(tb))
	}
	press(esc)
	press(esc)
	press(esc)
	if tb.builder == nil || tb.builder.step != stepConditions {
		t.Fatalf("esc did not go back a step at a time")
	}

	// Remove the first condition; tab makes the rest "or".
	press(tea.KeyPressMsg{Code: tea.KeyUp})
	press(tea.KeyPressMsg{Code: tea.KeyUp})
	tb.Update(keyFor(keys.Remove))
	if got := tb.filter().Describe(); got != "Owner contains Mira Okafor" {
		t.Errorf("after removing: %q", got)
	}
	press(esc)
	if tb.builder != nil {
		t.Error("esc did not close the builder")
	}
}

func TestTableFilterThatCannotBeWrittenShowsWhereTheRowsWouldBe(t *testing.T) {
	tb := staticTable(t, 80, 24, benchSchema, benchRows(3, 0))
	tb.conds = []filter.Condition{{Property: "Gone", Operator: filter.Equals, Value: "x"}}
	tb.reload()
	if tb.query.Running() || !strings.Contains(plain(tb), `no property "Gone"`) || !strings.Contains(plain(tb), "x clear filter") {
		t.Errorf("a filter Notion cannot take (query running %v):\n%s", tb.query.Running(), plain(tb))
	}
	tb.Update(letter('x'))
	if tb.partsErr != nil || !tb.query.Running() {
		t.Errorf("clearing the filter did not query again")
	}
}

// TestTableRefillsTheWidthWhenAColumnIsHidden: hiding the columns at the
// right end, one after the other, brings back those off to the left as
// long as they fit, rather than leaving the right of the screen blank.
func TestTableRefillsTheWidthWhenAColumnIsHidden(t *testing.T) {
	schema := []models.PropertySchema{{ID: "title", Name: "Name", Type: "title"}}
	row := models.Page{Object: "page", ID: "33333333333333333333333333333333", Title: "A row"}
	row.Properties = append(row.Properties, models.PropertyValue{ID: "title", Name: "Name", Type: "title", RichText: models.RichText{{PlainText: "A row"}}})
	for _, name := range []string{"Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf", "Hotel"} {
		schema = append(schema, models.PropertySchema{ID: name, Name: name, Type: "rich_text"})
		row.Properties = append(row.Properties, models.PropertyValue{ID: name, Name: name, Type: "rich_text", RichText: models.RichText{{PlainText: "value " + name}}})
	}
	const width = 60
	tb := staticTable(t, width, 12, schema, []models.Page{row})
	for range len(schema) {
		tb.Update(tea.KeyPressMsg{Code: tea.KeyRight})
	}
	for step := range 5 {
		tb.Update(letter('-'))
		header := ansi.Strip(strings.SplitN(tb.tbl.View(), "\n", 2)[0])
		blank := width - ansi.StringWidth(strings.TrimRight(header, " "))
		vis := tb.visibleColumns()
		if tb.colOffset > 0 && blank > tb.cols[vis[tb.colOffset-1]].width+gap {
			t.Errorf("hide %d: %d cells blank, yet %s (%d cells) is off to the left:\n%s",
				step, blank, tb.cols[vis[tb.colOffset-1]].name, tb.cols[vis[tb.colOffset-1]].width, ansi.Strip(tb.View()))
		}
	}
	if got := ansi.Strip(tb.View()); !strings.Contains(got, "Alpha") || !strings.Contains(got, "5 hidden") {
		t.Errorf("five of eight columns hidden, the rest should all show:\n%s", got)
	}
}
