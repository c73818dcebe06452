package demo

import (
	"encoding/json"
	"sort"
	"strings"
	"testing"
)

// v2025 is the header of a client of Notion-Version 2025-09-03.
var v2025 = map[string]any{"Notion-Version": "2025-09-03"}

// tasksDatabase finds the database of Options.TaskRows and its two data
// sources through search, as a 2025-09-03 client does.
func tasksDatabase(t *testing.T, s *testServer) (dbID, tasksID, milestonesID string) {
	t.Helper()
	m := mustOK(t, s.exec(t, "post-search", map[string]any{"additionalHeaders": v2025,
		"requestBody": map[string]any{"filter": map[string]any{"property": "object", "value": "data_source"}}}))
	for _, r := range results(t, m) {
		if r["object"] != "data_source" {
			t.Fatalf("a data source search gave %v", r["object"])
		}
		title := str(getPath(r, "title").([]any)[0].(map[string]any)["plain_text"])
		switch title {
		case TasksSourceName:
			tasksID, dbID = str(r["id"]), str(getPath(r, "parent", "database_id"))
		case MilestonesSourceName:
			milestonesID = str(r["id"])
		}
	}
	if dbID == "" || tasksID == "" || milestonesID == "" {
		t.Fatalf("no Team tasks data sources in %v", m)
	}
	return dbID, tasksID, milestonesID
}

func TestDataSources(t *testing.T) {
	s := newTestServer(t, Options{TaskRows: 250})
	dbID, tasksID, milestonesID := tasksDatabase(t, s)

	db := mustOK(t, s.exec(t, "retrieve-a-database", map[string]any{"additionalHeaders": v2025,
		"pathParams": map[string]any{"database_id": dbID}}))
	sources, _ := db["data_sources"].([]any)
	if db["object"] != "database" || len(sources) != 2 || db["properties"] != nil {
		t.Fatalf("database %v", db)
	}
	if getPath(sources[0], "id") != tasksID || getPath(sources[1], "name") != MilestonesSourceName {
		t.Errorf("data sources %v", sources)
	}

	r := s.exec(t, "retrieve-a-data-source", map[string]any{"pathParams": map[string]any{"data_source_id": tasksID}})
	ds := mustOK(t, r)
	if ds["object"] != "data_source" || getPath(ds, "parent", "database_id") != dbID {
		t.Fatalf("data source %v", ds)
	}
	if getPath(ds, "properties", "Status", "type") != "status" || getPath(ds, "properties", "Progress", "number", "format") != "percent" {
		t.Errorf("schema %v", ds["properties"])
	}
	// The schema comes in its order, the title last, as Notion may send it.
	var order struct {
		Properties json.RawMessage `json:"properties"`
	}
	_ = json.Unmarshal([]byte(r.raw), &order)
	if p := string(order.Properties); strings.Index(p, `"Status"`) > strings.Index(p, `"Priority"`) || strings.Index(p, `"Task"`) < strings.Index(p, `"Link"`) {
		t.Errorf("schema order %s", p)
	}
	if r := s.exec(t, "retrieve-a-data-source", map[string]any{"pathParams": map[string]any{"data_source_id": dbID}}); r.status != 404 || r.json["code"] != "object_not_found" {
		t.Errorf("a database id as a data source: %d %s", r.status, r.raw)
	}

	// Every row, by pages of 100, once each.
	seen := map[string]bool{}
	cursor := ""
	for pages := 0; ; pages++ {
		body := map[string]any{}
		if cursor != "" {
			body["start_cursor"] = cursor
		}
		q := mustOK(t, s.exec(t, "query-data-source", map[string]any{"pathParams": map[string]any{"data_source_id": tasksID}, "requestBody": body}))
		rows := results(t, q)
		if len(rows) > 100 {
			t.Fatalf("%d rows in one page", len(rows))
		}
		for _, row := range rows {
			if seen[str(row["id"])] || getPath(row, "parent", "data_source_id") != tasksID || getPath(row, "parent", "database_id") != dbID {
				t.Fatalf("row %v (seen before: %v)", row["id"], seen[str(row["id"])])
			}
			seen[str(row["id"])] = true
		}
		if q["has_more"] != true {
			break
		}
		cursor = str(q["next_cursor"])
	}
	if len(seen) != 250 {
		t.Errorf("%d rows, want 250", len(seen))
	}
	m := mustOK(t, s.exec(t, "query-data-source", map[string]any{"pathParams": map[string]any{"data_source_id": milestonesID}}))
	if n := len(results(t, m)); n != 6 {
		t.Errorf("%d milestones", n)
	}

	// The old query refuses a database of two data sources.
	if r := s.exec(t, "post-database-query", map[string]any{"pathParams": map[string]any{"database_id": dbID}}); r.status != 400 || !strings.Contains(str(r.json["message"]), "multiple data sources") {
		t.Errorf("old query: %d %s", r.status, r.raw)
	}
	// A row goes to a data source, not to a database of two.
	if r := s.exec(t, "post-page", map[string]any{"requestBody": map[string]any{"parent": map[string]any{"database_id": dbID}}}); r.status != 400 {
		t.Errorf("row under a database of two: %d %s", r.status, r.raw)
	}
	row := mustOK(t, s.exec(t, "post-page", map[string]any{"requestBody": map[string]any{
		"parent": map[string]any{"type": "data_source_id", "data_source_id": milestonesID},
		"properties": map[string]any{
			"Milestone": map[string]any{"title": []any{map[string]any{"text": map[string]any{"content": "Launch"}}}},
			"Shipped":   map[string]any{"checkbox": true},
			"Budget":    map[string]any{"number": 10},
		}}}))
	if getPath(row, "properties", "Shipped", "checkbox") != true || getPath(row, "properties", "Budget", "number") != float64(10) || getPath(row, "parent", "data_source_id") != milestonesID {
		t.Errorf("new row %v", row)
	}
}

// query runs query-data-source and returns the rows' titles, or the error.
func (s *testServer) query(t *testing.T, dsID string, body map[string]any) ([]string, reply) {
	t.Helper()
	r := s.exec(t, "query-data-source", map[string]any{"pathParams": map[string]any{"data_source_id": dsID}, "requestBody": body})
	if r.status != 200 {
		return nil, r
	}
	var titles []string
	for _, row := range results(t, r.json) {
		title, _ := titleOf(row)
		titles = append(titles, title)
	}
	return titles, r
}

func TestQueryFiltersAndSorts(t *testing.T) {
	s := newTestServer(t, Options{})
	m := mustOK(t, s.exec(t, "post-search", map[string]any{"additionalHeaders": v2025, "requestBody": map[string]any{"query": "project tracker"}}))
	found := results(t, m)
	if len(found) != 1 || found[0]["object"] != "data_source" {
		t.Fatalf("search: %v", found)
	}
	ds := str(found[0]["id"])
	mira := userID("Mira Okafor")
	tests := []struct {
		name   string
		filter any
		sorts  any
		want   []string
	}{
		{"select", map[string]any{"property": "Status", "select": map[string]any{"equals": "Done"}}, nil,
			[]string{"Sensor calibration rig", "Warehouse move"}},
		{"status", map[string]any{"property": "Phase", "status": map[string]any{"does_not_equal": "Shipped"}}, nil,
			[]string{"Solar charger v2", "Firmware over-the-air updates", "App redesign for teachers"}},
		{"title contains, any case", map[string]any{"property": "Name", "title": map[string]any{"contains": "RIG"}}, nil,
			[]string{"Sensor calibration rig"}},
		{"title starts with", map[string]any{"property": "title", "rich_text": map[string]any{"starts_with": "Warehouse"}}, nil,
			[]string{"Warehouse move"}},
		{"multi-select", map[string]any{"property": "Tags", "multi_select": map[string]any{"contains": "hardware"}}, nil,
			[]string{"Solar charger v2", "Sensor calibration rig"}},
		{"date before", map[string]any{"property": "Due", "date": map[string]any{"before": "2025-04-01"}}, nil,
			[]string{"Solar charger v2", "Sensor calibration rig"}},
		{"date empty", map[string]any{"property": "Due", "date": map[string]any{"is_empty": true}}, nil,
			[]string{"Warehouse move"}},
		{"people", map[string]any{"property": "Owner", "people": map[string]any{"contains": mira}}, nil,
			[]string{"Firmware over-the-air updates"}},
		{"checkbox", map[string]any{"property": "Done", "checkbox": map[string]any{"equals": true}}, nil,
			[]string{"Sensor calibration rig", "Warehouse move"}},
		{"number", map[string]any{"property": "Budget", "number": map[string]any{"greater_than": 1000}}, nil,
			[]string{"Solar charger v2", "Firmware over-the-air updates"}},
		{"url empty", map[string]any{"property": "Link", "url": map[string]any{"is_not_empty": true}}, nil,
			[]string{"Solar charger v2", "Sensor calibration rig"}},
		{"and of or", map[string]any{"and": []any{
			map[string]any{"property": "Priority", "select": map[string]any{"equals": "High"}},
			map[string]any{"or": []any{
				map[string]any{"property": "Tags", "multi_select": map[string]any{"contains": "firmware"}},
				map[string]any{"property": "Budget", "number": map[string]any{"less_than": 2000}},
			}},
		}}, nil, []string{"Firmware over-the-air updates"}},
		{"timestamp", map[string]any{"timestamp": "created_time", "created_time": map[string]any{"after": "2000-01-01"}},
			[]any{map[string]any{"property": "Name", "direction": "ascending"}},
			[]string{"App redesign for teachers", "Firmware over-the-air updates", "Sensor calibration rig", "Solar charger v2", "Warehouse move"}},
		{"sort by number, empty last", nil, []any{map[string]any{"property": "Budget", "direction": "descending"}},
			[]string{"Solar charger v2", "Firmware over-the-air updates", "Sensor calibration rig", "App redesign for teachers", "Warehouse move"}},
		{"sort by select order", nil, []any{map[string]any{"property": "Priority", "direction": "ascending"}, map[string]any{"property": "Name", "direction": "descending"}},
			[]string{"Warehouse move", "Sensor calibration rig", "App redesign for teachers", "Solar charger v2", "Firmware over-the-air updates"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := map[string]any{}
			if tt.filter != nil {
				body["filter"] = tt.filter
			}
			if tt.sorts != nil {
				body["sorts"] = tt.sorts
			}
			got, r := s.query(t, ds, body)
			if r.status != 200 {
				t.Fatalf("status %d: %s", r.status, r.raw)
			}
			if tt.sorts == nil {
				sort.Strings(got)
				sort.Strings(tt.want)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestQueryValidationErrors(t *testing.T) {
	s := newTestServer(t, Options{})
	m := mustOK(t, s.exec(t, "post-search", map[string]any{"additionalHeaders": v2025, "requestBody": map[string]any{"query": "project tracker"}}))
	ds := str(results(t, m)[0]["id"])
	tests := []struct {
		name string
		body map[string]any
		want string
	}{
		{"unknown property", map[string]any{"filter": map[string]any{"property": "Colour", "select": map[string]any{"equals": "red"}}},
			"Could not find property with name or id: Colour"},
		{"type that does not fit", map[string]any{"filter": map[string]any{"property": "Phase", "select": map[string]any{"equals": "Shipped"}}},
			"Phase is expected to be status."},
		{"operator that does not fit", map[string]any{"filter": map[string]any{"property": "Done", "checkbox": map[string]any{"contains": "x"}}},
			"body.filter.checkbox.contains should be not present"},
		{"value of the wrong kind", map[string]any{"filter": map[string]any{"property": "Budget", "number": map[string]any{"equals": "ten"}}},
			"should be a number"},
		{"not a date", map[string]any{"filter": map[string]any{"property": "Due", "date": map[string]any{"after": "soon"}}},
			"should be a valid ISO 8601 date"},
		{"people by name", map[string]any{"filter": map[string]any{"property": "Owner", "people": map[string]any{"contains": "Mira"}}},
			"should be a valid uuid"},
		{"too deep", map[string]any{"filter": map[string]any{"and": []any{map[string]any{"or": []any{map[string]any{"and": []any{}}}}}}},
			"more than two levels deep"},
		{"unknown sort", map[string]any{"sorts": []any{map[string]any{"property": "Colour", "direction": "ascending"}}},
			"Could not find sort property with name or id: Colour"},
		{"bad direction", map[string]any{"sorts": []any{map[string]any{"property": "Name", "direction": "up"}}},
			"direction should be"},
		{"page size", map[string]any{"page_size": 101}, "page_size should be ≤ `100`"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, r := s.query(t, ds, tt.body)
			if r.status != 400 || r.json["code"] != "validation_error" || !strings.Contains(str(r.json["message"]), tt.want) {
				t.Errorf("status %d: %s\nwant %q", r.status, r.raw, tt.want)
			}
		})
	}
}

func TestSearchByVersion(t *testing.T) {
	s := newTestServer(t, Options{})
	// 2025-09-03 refuses "database" and finds data sources.
	r := s.exec(t, "post-search", map[string]any{"additionalHeaders": v2025,
		"requestBody": map[string]any{"filter": map[string]any{"property": "object", "value": "database"}}})
	if r.status != 400 || r.json["code"] != "validation_error" || !strings.Contains(str(r.json["message"]), `"data_source"`) {
		t.Errorf("database filter under 2025-09-03: %d %s", r.status, r.raw)
	}
	m := mustOK(t, s.exec(t, "post-search", map[string]any{"additionalHeaders": v2025, "requestBody": map[string]any{"query": "queue"}}))
	if rs := results(t, m); len(rs) != 1 || rs[0]["object"] != "data_source" || m["type"] != "page_or_data_source" {
		t.Errorf("2025-09-03 search: %v", m)
	}
	// An older version finds databases, with their schema.
	old := map[string]any{"Notion-Version": "2022-06-28"}
	m = mustOK(t, s.exec(t, "post-search", map[string]any{"additionalHeaders": old,
		"requestBody": map[string]any{"query": "queue", "filter": map[string]any{"property": "object", "value": "database"}}}))
	if rs := results(t, m); len(rs) != 1 || rs[0]["object"] != "database" || getPath(rs[0], "properties", "State", "type") != "select" {
		t.Errorf("2022-06-28 search: %v", m)
	}
}
