package alloy

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/filter"
	"github.com/alloy-tui/alloy-tui/models"
)

// demoNotion is the demo's Notion with the tasks database, unpaced.
func demoNotion(t *testing.T, version string) (*demo.Server, *Notion) {
	t.Helper()
	srv := demo.New(demo.Options{TaskRows: 230, RateLimit: -1})
	c := demoClient(srv.Handler(), func(c *Config) { c.Rate, c.NotionVersion = -1, version })
	return srv, c.Notion(demo.DemoCredentialID)
}

func TestDataSourcesOnTheDemo(t *testing.T) {
	srv, n := demoNotion(t, "")
	if !n.UsesDataSources() {
		t.Fatal("the default version has data sources")
	}
	list, err := n.Search(t.Context(), SearchParams{Object: "data_source", Query: "tasks"})
	if err != nil || len(list.Pages) != 1 || list.Pages[0].Object != "data_source" {
		t.Fatalf("search: %+v, %v", list, err)
	}
	tasks := list.Pages[0]
	db, err := n.RetrieveDatabase(t.Context(), tasks.Parent.DatabaseID)
	if err != nil || db.Title != demo.TasksDatabaseTitle || len(db.DataSources) != 2 || db.DataSources[0].ID != tasks.ID {
		t.Fatalf("database: %+v, %v", db, err)
	}
	ds, err := n.RetrieveDataSource(t.Context(), tasks.ID)
	if err != nil || ds.DatabaseID != db.ID || ds.Title != demo.TasksSourceName {
		t.Fatalf("data source: %+v, %v", ds, err)
	}
	var names []string
	for _, p := range ds.Properties {
		names = append(names, p.Name+":"+p.Type)
	}
	if want := "Status:status,Priority:select,Tags:multi_select,Due:date,Owner:people,Done:checkbox,Estimate:number,Progress:number,Link:url,Task:title"; strings.Join(names, ",") != want {
		t.Errorf("schema %s", strings.Join(names, ","))
	}

	// Every row, by cursor, filtered on the service.
	f, err := filter.Translate(filter.And(
		filter.Condition{Property: "Status", Operator: filter.Equals, Value: "Done"},
		filter.Condition{Property: "Tags", Operator: filter.Contains, Value: "docs"},
	), ds.Properties)
	if err != nil {
		t.Fatal(err)
	}
	sorts, _ := filter.Sorts([]filter.Sort{{Property: "Due", Descending: true}}, ds.Properties)
	var rows []models.Page
	cursor := ""
	for {
		page, err := n.QueryDataSource(t.Context(), ds.ID, DataSourceQuery{Filter: f, Sorts: sorts, Cursor: cursor, PageSize: 7})
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, page.Pages...)
		if !page.HasMore {
			break
		}
		cursor = page.NextCursor
	}
	if len(rows) < 8 {
		t.Fatalf("%d rows", len(rows))
	}
	last := "9999"
	for _, r := range rows {
		vals := ds.Apply(r)
		if vals[0].Text() != "Done" || !strings.Contains(vals[2].Text(), "docs") || r.Parent.ID != ds.ID {
			t.Errorf("row %q: %s / %s", r.Title, vals[0].Text(), vals[2].Text())
		}
		if due, ok := r.Property("Due"); ok && due.Date != nil {
			if due.Date.Start > last {
				t.Errorf("not sorted by Due descending: %s after %s", due.Date.Start, last)
			}
			last = due.Date.Start
		}
	}

	// filter_properties trims the rows' properties.
	page, err := n.QueryDataSource(t.Context(), ds.ID, DataSourceQuery{PageSize: 1, FilterProperties: []string{"title", ds.Properties[0].ID}})
	if err != nil || len(page.Pages) != 1 || len(page.Pages[0].Properties) != 2 || page.Pages[0].Title == "" {
		t.Errorf("filter_properties: %+v, %v", page, err)
	}

	// The old entry point asks which data source; a data source's id
	// opens the database as seen through it.
	_, err = n.QueryDatabase(t.Context(), db.ID, DatabaseQuery{})
	var several *SeveralDataSourcesError
	if !errors.As(err, &several) || len(several.Database.DataSources) != 2 || !strings.Contains(err.Error(), `"Milestones"`) {
		t.Errorf("several data sources: %v", err)
	}
	through, err := n.RetrieveDatabase(t.Context(), db.DataSources[1].ID)
	if err != nil || through.ID != db.ID || len(through.DataSources) != 1 || through.DataSources[0].Name != demo.MilestonesSourceName {
		t.Errorf("through a data source: %+v, %v", through, err)
	}
	before := srv.Stats().Actions["retrieve-a-database"]
	for range 2 {
		rows, err := n.QueryDatabase(t.Context(), db.DataSources[1].ID, DatabaseQuery{})
		if err != nil || len(rows.Pages) != 6 {
			t.Fatalf("milestones through the old entry point: %d rows, %v", len(rows.Pages), err)
		}
	}
	if got := srv.Stats().Actions["retrieve-a-database"] - before; got != 1 {
		t.Errorf("the data source was looked up %d times, want once", got)
	}
	if _, err := n.Search(t.Context(), SearchParams{Object: "comment"}); err == nil {
		t.Error("search for comments")
	}
}

func TestOlderNotionVersion(t *testing.T) {
	srv, n := demoNotion(t, "2022-06-28")
	if n.UsesDataSources() {
		t.Fatal("2022-06-28 has no data sources")
	}
	list, err := n.Search(t.Context(), SearchParams{Object: "data_source", Query: "project tracker"})
	if err != nil || len(list.Pages) != 1 || list.Pages[0].Object != "database" {
		t.Fatalf("search: %+v, %v", list, err)
	}
	db, err := n.RetrieveDatabase(t.Context(), list.Pages[0].ID)
	if err != nil || len(db.Properties) == 0 {
		t.Fatalf("database: %+v, %v", db, err)
	}
	rows, err := n.QueryDatabase(t.Context(), db.ID, DatabaseQuery{
		Filter: map[string]any{"property": "Status", "select": map[string]any{"equals": "Done"}},
	})
	if err != nil || len(rows.Pages) != 2 {
		t.Fatalf("rows: %+v, %v", rows, err)
	}
	st := srv.Stats().Actions
	if st["post-database-query"] != 1 || st["query-data-source"] != 0 {
		t.Errorf("actions %v", st)
	}
}

func TestLegacyVersion(t *testing.T) {
	for v, want := range map[string]bool{"2022-06-28": true, "2025-09-02": true, "2025-09-03": false, "2026-03-11": false, "latest": false, "": false} {
		if got := legacyVersion(v); got != want {
			t.Errorf("legacyVersion(%q) = %v", v, got)
		}
	}
}

func TestSearchObjectFilter(t *testing.T) {
	var bodies []map[string]any
	h := actionHandler(t, func(x executed) (int, any) {
		bodies = append(bodies, x.Req.RequestBody.(map[string]any))
		return 200, `{"object":"list","results":[{"object":"data_source","id":"ds","title":[{"plain_text":"T"}],"parent":{"type":"database_id","database_id":"db"}}],"has_more":false}`
	})
	c, _, _ := newTestClient(t, h)
	n := c.Notion("cred")
	for _, p := range []SearchParams{{Object: "data_source"}, {Object: "page"}, {PagesOnly: true}, {}} {
		list, err := n.Search(t.Context(), p)
		if err != nil || list.Pages[0].Parent.DatabaseID != "db" {
			t.Fatalf("%+v: %+v %v", p, list, err)
		}
	}
	var got []any
	for _, b := range bodies {
		got = append(got, b["filter"])
	}
	want := []any{
		map[string]any{"property": "object", "value": "data_source"},
		map[string]any{"property": "object", "value": "page"},
		map[string]any{"property": "object", "value": "page"},
		nil,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("filters %v", got)
	}
}
