package screens

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
)

// benchSchema is a data source like the demo's tasks: a title and nine
// columns of the common types.
var benchSchema = []models.PropertySchema{
	{ID: "title", Name: "Task", Type: "title"},
	{ID: "s", Name: "Status", Type: "status", Options: []models.SelectOption{{Name: "Done"}, {Name: "Blocked"}}},
	{ID: "p", Name: "Priority", Type: "select", Options: []models.SelectOption{{Name: "High"}, {Name: "Low"}}},
	{ID: "t", Name: "Tags", Type: "multi_select"},
	{ID: "d", Name: "Due", Type: "date"},
	{ID: "o", Name: "Owner", Type: "people"},
	{ID: "c", Name: "Done", Type: "checkbox"},
	{ID: "e", Name: "Estimate", Type: "number"},
	{ID: "g", Name: "Progress", Type: "number", NumberFormat: "percent"},
	{ID: "u", Name: "Link", Type: "url"},
}

// benchUser is the id of the person the bench rows name.
const benchUser = "6f1c2a3b-0d4e-4f5a-8b6c-7d8e9f0a1b2c"

// benchRows are n rows of benchSchema, from the (offset+1)th.
func benchRows(n, offset int) []models.Page {
	rows := make([]models.Page, n)
	for i := range rows {
		k := i + offset
		est, prog := float64(k%13), float64(k%101)/100
		title := fmt.Sprintf("Calibrate the anemometer at station %d", k)
		rows[i] = models.Page{
			Object: "page", ID: fmt.Sprintf("%032x", k+1), Title: title,
			Parent: models.Parent{Type: "data_source_id", ID: "ds"},
			Properties: []models.PropertyValue{
				{ID: "title", Name: "Task", Type: "title", RichText: models.RichText{{PlainText: title}}},
				{ID: "s", Name: "Status", Type: "status", Select: &models.SelectOption{Name: []string{"Done", "Blocked"}[k%2]}},
				{ID: "p", Name: "Priority", Type: "select", Select: &models.SelectOption{Name: []string{"High", "Low"}[k%2]}},
				{ID: "t", Name: "Tags", Type: "multi_select", MultiSelect: []models.SelectOption{{Name: "firmware"}, {Name: "field"}}},
				{ID: "d", Name: "Due", Type: "date", Date: &models.DateRange{Start: "2026-01-31"}},
				{ID: "o", Name: "Owner", Type: "people", People: []models.User{{ID: benchUser, Name: "Mira Okafor"}}},
				{ID: "c", Name: "Done", Type: "checkbox", Checkbox: k%2 == 0},
				{ID: "e", Name: "Estimate", Type: "number", Number: &est},
				{ID: "g", Name: "Progress", Type: "number", Number: &prog},
				{ID: "u", Name: "Link", Type: "url", String: "https://example.com/tasks/" + fmt.Sprint(k)},
			},
		}
	}
	return rows
}

// reportCPU adds the CPU time per operation since start to b's report
// (cpuTime, of render_bench_test.go): on a busy machine wall time per key
// says more about the neighbours than about the table.
func reportCPU(b *testing.B, start time.Duration) {
	b.ReportMetric(float64((cpuTime()-start).Nanoseconds())/float64(b.N), "cpu-ns/op")
}

// loadedTable is a table of 1,000 rows, all loaded, at 120x40.
func loadedTable(b *testing.B) *Table {
	// The commands the keys return are never run: no server is needed.
	c := newContext(b, "http://127.0.0.1:1", 120, 40)
	t := NewTable(c, "db", &models.Page{Object: "data_source", ID: "db", Title: "Tasks"}, nil)
	t.opened(opened{db: models.Database{ID: "db", Title: "Tasks"},
		source: &models.DataSource{ID: "ds", Title: "Tasks", Properties: benchSchema}})
	t.query.Cancel()
	for page := range 10 {
		list := alloy.PageList{Pages: benchRows(100, page*100), HasMore: page < 9, NextCursor: fmt.Sprint(page + 1)}
		t.rowsArrived(list)
		t.query.Cancel()
	}
	if len(t.rows) != 1000 || t.more {
		b.Fatalf("%d rows loaded, more %v", len(t.rows), t.more)
	}
	return t
}

// BenchmarkTableScroll is one key that moves the cursor a row (down to
// the end, then up again) and the frame drawn after it, on a table of
// 1,000 rows.
func BenchmarkTableScroll(b *testing.B) {
	t := loadedTable(b)
	down, up := tea.KeyPressMsg{Code: tea.KeyDown}, tea.KeyPressMsg{Code: tea.KeyUp}
	dir := down
	b.ReportAllocs()
	defer reportCPU(b, cpuTime())
	for b.Loop() {
		switch t.rowIndex() {
		case len(t.rows) - 1:
			dir = up
		case 0:
			dir = down
		}
		t.Update(dir)
		_ = t.View()
	}
}

// BenchmarkTableScrollColumns is one key that moves the column cursor
// (and scrolls the columns sideways) and the frame after it.
func BenchmarkTableScrollColumns(b *testing.B) {
	t := loadedTable(b)
	right, left := tea.KeyPressMsg{Code: tea.KeyRight}, tea.KeyPressMsg{Code: tea.KeyLeft}
	dir := right
	b.ReportAllocs()
	defer reportCPU(b, cpuTime())
	for b.Loop() {
		switch t.colCursor {
		case len(t.cols) - 1:
			dir = left
		case 0:
			dir = right
		}
		t.Update(dir)
		_ = t.View()
	}
}

// BenchmarkTableSort is the sort key on a table of 1,000 rows: the key
// (the query starts again, the rows go), then the service's answer of
// 1,000 rows taken in ten pages (their cells worked out), then the frame.
func BenchmarkTableSort(b *testing.B) {
	t := loadedTable(b)
	sortKey := letter('s')
	pages := make([]alloy.PageList, 10)
	for page := range pages {
		pages[page] = alloy.PageList{Pages: benchRows(100, 1000-(page+1)*100), HasMore: page < 9, NextCursor: fmt.Sprint(page + 1)}
	}
	b.ReportAllocs()
	defer reportCPU(b, cpuTime())
	for b.Loop() {
		t.Update(sortKey)
		t.query.Cancel()
		_ = t.View()
		for _, list := range pages {
			t.rowsArrived(list)
			t.query.Cancel()
		}
		_ = t.View()
	}
}

// BenchmarkTableSortKey is the sort key alone and the frame after it (the
// rows go until the service answers).
func BenchmarkTableSortKey(b *testing.B) {
	t := loadedTable(b)
	sortKey := letter('s')
	b.ReportAllocs()
	defer reportCPU(b, cpuTime())
	for b.Loop() {
		t.Update(sortKey)
		t.query.Cancel()
		_ = t.View()
	}
}
