package ui

import (
	"context"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/models"
)

// taskRows is how many rows the tests' "Tasks" data source has: three
// query pages.
const taskRows = 300

// openTasks opens the demo's "Tasks" data source from search, and waits
// for its first rows.
func openTasks(t *testing.T, s setup) *harness {
	t.Helper()
	s.fake.TaskRows = taskRows
	h := start(t, s)
	h.waitText("results")
	h.typeText("tasks")
	h.waitText("1 result", "Tasks")
	h.press("enter")
	h.waitText("✅ Tasks", "100 rows loaded, more below", "▸Task", "Status", "row 1 of 100+")
	return h
}

// notion is a client of the harness's demo server, for what a test
// compares the screen with.
func (h *harness) notion() *alloy.Notion {
	c := alloy.New(alloy.Config{BaseURL: h.srv.URL(), APIKey: demo.DemoAPIKey, UserID: demo.DemoUserID})
	return c.Notion(demo.DemoCredentialID)
}

// tasksSource is the id of the "Tasks" data source and of its database.
func (h *harness) tasksSource() (source, database string) {
	h.t.Helper()
	list, err := h.notion().Search(context.Background(), alloy.SearchParams{Query: demo.TasksSourceName, Object: "data_source"})
	if err != nil || len(list.Pages) == 0 {
		h.t.Fatalf("no data source %q: %v", demo.TasksSourceName, err)
	}
	ds, err := h.notion().RetrieveDataSource(context.Background(), list.Pages[0].ID)
	if err != nil {
		h.t.Fatal(err)
	}
	return ds.ID, ds.DatabaseID
}

// firstRow is the first row of the table on screen: the line under the
// column headers.
func firstRow(screen string) string { return rowAt(screen, 0) }

// rowAt is the row n (from 0) of the table on screen.
func rowAt(screen string, n int) string {
	lines := strings.Split(screen, "\n")
	for i, l := range lines {
		if strings.Contains(l, "▸") && i+1+n < len(lines) {
			return lines[i+1+n]
		}
	}
	return ""
}

func TestTablePagesAsTheCursorNearsTheEnd(t *testing.T) {
	t.Parallel()
	h := openTasks(t, setup{})
	frame := h.screen()
	checkSize(t, frame, 80, 24)
	goldenPlain(t, "table_80x24", frame)
	// The first page only, until the cursor nears its end.
	if got := h.srv.Stats().Actions["query-data-source"]; got != 1 {
		t.Errorf("%d queries before scrolling, want 1", got)
	}
	h.press("G")
	h.waitText("200 rows loaded, more below")
	h.press("G")
	h.waitText("300 rows", "row 200 of 300")
	h.press("G")
	h.waitText("300 rows", "row 300 of 300", "Fix the release notes (#2", "Calibrate the anemometer")
	if s := h.screen(); strings.Contains(s, "more below") {
		t.Errorf("the last page still says more below:\n%s", s)
	}
	h.press("g")
	h.waitText("row 1 of 300")
}

func TestTableSortsByTheColumnUnderTheCursor(t *testing.T) {
	t.Parallel()
	h := openTasks(t, setup{})
	want := func(desc bool) string {
		list, err := h.notion().QueryDataSource(context.Background(), mustSource(h), alloy.DataSourceQuery{
			Sorts: []map[string]any{{"property": "Estimate", "direction": map[bool]string{false: "ascending", true: "descending"}[desc]}},
		})
		if err != nil || len(list.Pages) == 0 {
			t.Fatalf("the reference query: %v", err)
		}
		return list.Pages[0].Title
	}
	// Estimate is the eighth column: the cursor moves there, the table
	// scrolling sideways.
	h.press("l", "l", "l", "l", "l", "l", "l")
	h.waitText("▸Estimate")
	h.press("s")
	frame := h.waitText("Sorted by Estimate ↑", "▸Estimate ↑", "100 rows loaded")
	if row := firstRow(frame); !strings.Contains(row, ansiCut(want(false))) {
		t.Errorf("ascending: the first row is %q, want %q:\n%s", row, want(false), frame)
	}
	h.press("s")
	frame = h.waitText("Sorted by Estimate ↓", "▸Estimate ↓")
	if row := firstRow(frame); !strings.Contains(row, ansiCut(want(true))) {
		t.Errorf("descending: the first row is %q, want %q:\n%s", row, want(true), frame)
	}
	h.press("s")
	h.waitIdle("the sort off", func(s string) bool {
		return !strings.Contains(s, "Sorted by") && strings.Contains(s, "▸Estimate") && strings.Contains(s, "100 rows loaded")
	})
}

// mustSource is the "Tasks" data source's id.
func mustSource(h *harness) string {
	id, _ := h.tasksSource()
	return id
}

// ansiCut is the start of a title as a cell of the title column shows it.
func ansiCut(title string) string {
	if len(title) > 20 {
		return title[:20]
	}
	return title
}

func TestTableFilterBuilder(t *testing.T) {
	t.Parallel()
	h := openTasks(t, setup{})
	h.press("/")
	h.waitText("Filter by which property?", "Status  status")
	h.press("down", "enter") // Status
	h.waitText("Status is not")
	h.press("enter") // is
	h.waitText("Status is …", "Not started", "Blocked")
	// Typing narrows the options, and never waits on the network.
	before := h.srv.Stats().Requests
	h.typeText("don")
	h.waitText("› Done")
	if got := h.srv.Stats().Requests; got != before {
		t.Errorf("typing a value sent %d requests", got-before)
	}
	h.press("enter")
	frame := h.waitText("Filter: Status is Done", "75 rows")
	if strings.Contains(frame, "In progress") || strings.Contains(frame, "Not started") {
		t.Errorf("rows that are not done show:\n%s", frame)
	}

	// A second condition, and-ed: no task is both done and high.
	h.press("/")
	h.waitText("Rows that match all of:", "Status is Done", "+ add a condition")
	h.press("enter")
	h.waitText("Filter by which property?")
	h.press("down", "down", "enter", "enter") // Priority, is
	h.waitText("Priority is …")
	h.typeText("high")
	h.press("enter")
	h.waitText("Filter: Status is Done and Priority is High", "No row matches the filter.")

	// Or-ed instead: either holds.
	h.press("/")
	h.waitText("Rows that match all of:")
	h.press("tab")
	h.waitText("Rows that match any of:", "Filter: Status is Done or Priority is High")
	h.press("esc")
	h.waitText("Filter: Status is Done or Priority is High", "rows")

	// A value that does not fit is refused where it is typed.
	h.press("/", "enter")
	h.waitText("Filter by which property?")
	for range 4 {
		h.press("down") // Due
	}
	h.press("enter")
	h.waitText("Due is before")
	h.press("down", "enter") // is before
	h.typeText("soon")
	h.press("enter")
	h.waitText("is a date", "\"soon\" is not one")
	h.press("esc", "esc", "esc", "esc")
	h.waitText("Filter: Status is Done or Priority is High")

	// x clears the filter.
	h.press("x")
	h.waitIdle("the filter cleared", func(s string) bool {
		return !strings.Contains(s, "Filter:") && strings.Contains(s, "100 rows loaded, more below")
	})
}

func TestTableColumnsScrollSidewaysAndHide(t *testing.T) {
	t.Parallel()
	h := openTasks(t, setup{})
	if s := h.screen(); strings.Contains(s, "Link") || !strings.Contains(s, "columns →") {
		t.Errorf("every column fits in 80 cells?\n%s", s)
	}
	for range 9 {
		h.press("l")
	}
	frame := h.waitText("▸Link", "← ")
	if strings.Contains(frame, "columns →") || strings.Contains(frame, "column →") {
		t.Errorf("columns are left to the right of the last:\n%s", frame)
	}
	if !strings.Contains(frame, "Task") {
		t.Errorf("the title column scrolled away:\n%s", frame)
	}
	// The last column hidden, the cursor goes to the one before.
	h.press("-")
	h.waitText("▸Progress", "1 hidden", "Hid Link; c shows it again.")
	// Closed and opened again, the table keeps the column hidden.
	h.press("esc")
	h.waitText("1 result", "Tasks")
	h.press("enter")
	h.waitText("▸Task", "1 hidden", "100 rows loaded")
	for range 8 {
		h.press("l")
	}
	h.waitText("▸Progress")
	// The column picker shows it again.
	h.press("c")
	h.waitText("Columns (the title always shows):", "[ ] Link")
	for range 8 {
		h.press("down")
	}
	h.press("enter")
	h.waitText("[x] Link")
	h.press("esc")
	h.waitIdle("all columns", func(s string) bool { return !strings.Contains(s, "hidden") && strings.Contains(s, "▸Progress") })
}

func TestTableOpensARowWithItsProperties(t *testing.T) {
	t.Parallel()
	h := openTasks(t, setup{})
	row := firstRow(h.screen())
	// The title's words, before its number (the cell may cut the rest).
	title, _, _ := strings.Cut(strings.TrimSpace(row), " (")
	h.press("enter")
	frame := h.waitPage(title, "Status", "Priority", "Owner")
	if !regexp.MustCompile(`Status\s+\S`).MatchString(frame) {
		t.Errorf("the row's properties do not show:\n%s", frame)
	}
	h.press("esc")
	h.waitText("▸Task", "row 1 of 100+")
}

func TestTableRenamesARow(t *testing.T) {
	t.Parallel()
	// Wide enough for the whole title.
	h := openTasks(t, setup{width: 140, height: 30})
	h.press("j", "e")
	h.waitText("Rename", "Review the anemometer (#2)")
	h.typeText(" (renamed)")
	h.press("enter")
	frame := h.waitText("Renamed to", "▸Task", "row 2 of 100+")
	if row := rowAt(frame, 1); !strings.Contains(row, "Review the anemometer (#2) (renamed)") {
		t.Errorf("the second row does not show the new title:\n%s", frame)
	}
}

func TestTableAsksWhichDataSourceAndRemembers(t *testing.T) {
	t.Parallel()
	h := start(t, setup{fake: demo.Options{TaskRows: 20}})
	h.waitText("results")
	_, db := h.tasksSource()
	link := "https://app.notion.com/p/Team-tasks-" + models.CompactID(db)
	h.tm.Send(tea.PasteMsg{Content: link})
	h.waitText("Team tasks", "This database has 2 data sources. Which one?", "Tasks", "Milestones")
	h.press("down", "enter")
	h.waitText("Team tasks", "Milestones", "6 rows", "▸Milestone", "Target")
	h.press("esc")
	h.waitText("results")
	// Opened again, it remembers the choice.
	h.tm.Send(tea.PasteMsg{Content: link})
	h.waitText("Team tasks", "6 rows", "▸Milestone")
	// d chooses another.
	h.press("d")
	h.waitText("Which one?")
	h.press("up", "enter")
	h.waitText("20 rows", "▸Task", "Status")
}

func TestTableQueryFailureShowsWhereTheRowsWouldBe(t *testing.T) {
	t.Parallel()
	h := start(t, setup{fake: demo.Options{TaskRows: 20}})
	h.waitText("results")
	h.typeText("tasks")
	h.waitText("1 result")
	h.srv.Inject(demo.Fault{Action: "query-data-source", Status: 400, Count: 1,
		Body: `{"object":"error","status":400,"code":"validation_error","message":"the test refuses this query"}`})
	h.press("enter")
	h.waitText("the test refuses this query", "r try again")
	h.press("r")
	h.waitText("20 rows", "▸Task")
}
