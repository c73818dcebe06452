package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/models"
)

// searchJSON runs search --json with args and decodes the results.
func searchJSON(t *testing.T, h *harness, args ...string) []pageJSON {
	t.Helper()
	r := h.run(append([]string{"search", "--json"}, args...)...)
	wantCode(t, r, ExitOK)
	var out []pageJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	return out
}

// tasksIDs finds the demo's Team tasks database and its Tasks data source.
func tasksIDs(t *testing.T, h *harness) (dbID, tasksID string) {
	t.Helper()
	for _, p := range searchJSON(t, h, "--type", "database") {
		if p.Object != "data_source" {
			t.Errorf("--type database listed a %s", p.Object)
		}
		if p.Title == demo.TasksSourceName {
			return p.Parent.DatabaseID, p.ID
		}
	}
	t.Fatal("no Tasks data source")
	return "", ""
}

func TestSearchFindsDataSources(t *testing.T) {
	h := newHarness(t, demo.Options{})
	all := searchJSON(t, h, "tracker")
	if len(all) != 1 || all[0].Object != "data_source" || all[0].Title != "Project tracker" || all[0].Parent.DatabaseID == "" {
		t.Fatalf("search tracker: %+v", all)
	}
	if pages := searchJSON(t, h, "tracker", "--type", "page"); len(pages) != 0 {
		t.Errorf("--type page: %+v", pages)
	}
	for _, p := range searchJSON(t, h, "--type", "page") {
		if p.Object != "page" {
			t.Errorf("--type page listed a %s", p.Object)
		}
	}
	r := h.run("search", "tracker")
	wantCode(t, r, ExitOK)
	if lines := strings.Split(r.stdout, "\n"); !strings.HasPrefix(lines[0], "TITLE  ") || !strings.Contains(lines[0], "TYPE") ||
		!strings.Contains(lines[1], "Project tracker") || !strings.Contains(lines[1], " database ") {
		t.Errorf("table:\n%s", r.stdout)
	}
	r = h.run("search", "--type", "comment")
	wantCode(t, r, ExitUsage)
	r = h.run("search", "--type", "database", "no such thing")
	if wantCode(t, r, ExitOK); !strings.Contains(r.stderr, "No databases found") {
		t.Errorf("stderr %q", r.stderr)
	}
}

func TestQuery(t *testing.T) {
	h := newHarness(t, demo.Options{TaskRows: 320})
	dbID, tasksID := tasksIDs(t, h)
	link := "https://www.notion.so/Team-tasks-" + models.CompactID(dbID)

	// Two data sources and no choice: listed, and exit 2 saying how to choose.
	r := h.run("query", link)
	wantCode(t, r, ExitUsage)
	if !strings.Contains(r.stdout, "Tasks") || !strings.Contains(r.stdout, "Milestones") || !strings.Contains(r.stderr, "--data-source") {
		t.Errorf("no choice: stdout %q stderr %q", r.stdout, r.stderr)
	}
	r = h.run("query", dbID, "--data-source", "Nope")
	wantCode(t, r, ExitUsage)
	// show of such a database says how to read one of them; of one of
	// them, lists its rows.
	r = h.run("show", dbID, "--format", "markdown")
	wantCode(t, r, ExitFailure)
	if !strings.Contains(r.stderr, `has 2 data sources: "Tasks"`) || !strings.Contains(r.stderr, "--data-source NAME") {
		t.Errorf("show of two data sources: %q", r.stderr)
	}
	r = h.run("show", tasksID, "--format", "markdown")
	if wantCode(t, r, ExitOK); !strings.HasPrefix(r.stdout, "# Tasks\n") || !strings.Contains(r.stdout, "320 rows") {
		t.Errorf("show of a data source:\n%.300s", r.stdout)
	}

	// Every row, by cursor (320 rows: four pages).
	before := h.srv.Stats().Actions["query-data-source"]
	r = h.run("query", dbID, "--data-source", "tasks", "--json")
	wantCode(t, r, ExitOK)
	var rows []struct {
		ID         string         `json:"id"`
		URL        string         `json:"url"`
		Title      string         `json:"title"`
		Properties map[string]any `json:"properties"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if len(rows) != 320 {
		t.Fatalf("%d rows, want 320", len(rows))
	}
	if n := h.srv.Stats().Actions["query-data-source"] - before; n != 4 {
		t.Errorf("%d queries for 320 rows, want 4", n)
	}
	first := rows[0]
	if first.ID == "" || first.URL == "" || first.Properties["Task"] != first.Title {
		t.Errorf("row %+v", first)
	}
	for _, key := range []string{"Status", "Priority", "Tags", "Due", "Owner", "Done", "Estimate", "Progress", "Link"} {
		if _, ok := first.Properties[key]; !ok {
			t.Errorf("row lacks %q: %v", key, first.Properties)
		}
	}
	// The properties come title first, then in the schema's order.
	if i, j := strings.Index(r.stdout, `"Task":`), strings.Index(r.stdout, `"Status":`); i < 0 || i > j {
		t.Errorf("property order:\n%.600s", r.stdout)
	}

	// Filters, sorts and --limit; a data source's own id works too.
	r = h.run("query", tasksID, "--filter", "Status=Done", "--filter", "Owner~mira", "--filter", "Due<2026-04-01",
		"--sort", "Due:desc", "--json")
	wantCode(t, r, ExitOK)
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil || len(rows) == 0 {
		t.Fatalf("filtered: %v %d rows", err, len(rows))
	}
	last := "9999"
	for _, row := range rows {
		due, _ := row.Properties["Due"].(map[string]any)
		start, _ := due["start"].(string)
		owners, _ := row.Properties["Owner"].([]any)
		if row.Properties["Status"] != "Done" || start >= "2026-04-01" || start > last || !strings.Contains(strings.ToLower(strings.Join(anyStrings(owners), ",")), "mira") {
			t.Errorf("row %q: %v", row.Title, row.Properties)
		}
		last = start
	}
	r = h.run("query", dbID, "--data-source", tasksID, "--filter-json", `{"property":"Done","checkbox":{"equals":true}}`,
		"--filter", "Priority=Urgent", "--limit", "3", "--columns", "Priority,Done")
	wantCode(t, r, ExitOK)
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "Task") || !strings.Contains(lines[0], "Priority") || strings.Contains(lines[0], "Status") {
		t.Fatalf("table:\n%s", r.stdout)
	}
	for _, l := range lines[1:] {
		if !strings.Contains(l, "Urgent") || !strings.Contains(l, "☑") {
			t.Errorf("row %q", l)
		}
	}
	if !strings.Contains(r.stderr, "3 rows shown; there are more") {
		t.Errorf("stderr %q", r.stderr)
	}
}

func anyStrings(list []any) []string {
	var out []string
	for _, v := range list {
		s, _ := v.(string)
		out = append(out, s)
	}
	return out
}

func TestQueryErrors(t *testing.T) {
	h := newHarness(t, demo.Options{})
	tracker := searchJSON(t, h, "tracker")[0].Parent.DatabaseID
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no database", []string{"query"}, ExitUsage, "needs DATABASE"},
		{"not an id", []string{"query", "nope"}, ExitUsage, "query"},
		{"unknown property", []string{"query", tracker, "--filter", "Colour=red"}, ExitUsage, `no property "Colour"; the properties are "Status"`},
		{"operator that does not fit", []string{"query", tracker, "--filter", "Done~x"}, ExitUsage, `operator "~" does not fit property "Done", a checkbox`},
		{"not an option", []string{"query", tracker, "--filter", "Status=Finished"}, ExitUsage, `"Finished" is not an option of property "Status"`},
		{"nobody", []string{"query", tracker, "--filter", "Owner~Zed"}, ExitUsage, `nobody called "Zed"`},
		{"no operator", []string{"query", tracker, "--filter", "Status"}, ExitUsage, "has no operator"},
		{"bad JSON", []string{"query", tracker, "--filter-json", "{"}, ExitUsage, "--filter-json must be one JSON object"},
		{"unknown sort", []string{"query", tracker, "--sort", "Colour"}, ExitUsage, `cannot sort: no property "Colour"`},
		{"unknown column", []string{"query", tracker, "--columns", "Colour"}, ExitUsage, `--columns: no property "Colour"`},
		{"negative limit", []string{"query", tracker, "--limit", "-1"}, ExitUsage, "--limit"},
		{"limit not a number", []string{"query", tracker, "--limit", "abc"}, ExitUsage, `query: --limit must be a whole number, not "abc" (run`},
		{"sort direction", []string{"query", tracker, "--sort", "Status:sideways"}, ExitUsage, `--sort Status: the direction must be asc or desc, not "sideways"`},
		{"Notion's own refusal", []string{"query", tracker, "--filter-json", `{"property":"Colour","select":{"equals":"x"}}`}, ExitFailure,
			"Could not find property with name or id: Colour"},
		{"not a database", []string{"query", "00000000000000000000000000000000"}, ExitFailure, "query 00000000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := h.run(tt.args...)
			wantCode(t, r, tt.code)
			if !strings.Contains(r.stderr, tt.want) || r.stdout != "" {
				t.Errorf("stdout %q\nstderr %q\nwant %q", r.stdout, r.stderr, tt.want)
			}
		})
	}
	// A name that is one person's is found among the rows.
	r := h.run("query", tracker, "--filter", "Owner~Tomás", "--json")
	wantCode(t, r, ExitOK)
	if !strings.Contains(r.stdout, "Sensor calibration rig") || strings.Contains(r.stdout, "Solar charger") {
		t.Errorf("Owner~Tomás:\n%s", r.stdout)
	}
	r = h.run("query", tracker, "--filter", "Phase is not empty", "--filter", "Budget>=1000", "--sort", "Budget")
	wantCode(t, r, ExitOK)
	if lines := strings.Split(strings.TrimSpace(r.stdout), "\n"); len(lines) != 3 || !strings.Contains(lines[1], "Firmware") || !strings.Contains(lines[2], "Solar") {
		t.Errorf("sorted by budget:\n%s", r.stdout)
	}
}

func TestShowRowProperties(t *testing.T) {
	h := newHarness(t, demo.Options{})
	row, ok := h.srv.PageID("Solar charger v2")
	if !ok {
		t.Fatal("no row Solar charger v2")
	}
	r := h.run("show", row, "--format", "markdown")
	wantCode(t, r, ExitOK)
	want := "# Solar charger v2\n\n| Property | Value |\n| --- | --- |\n| Status | In progress |\n| Phase | Building |\n| Owner | Kenji Watanabe |\n"
	if !strings.HasPrefix(r.stdout, want) || !strings.Contains(r.stdout, "| Due | Mar 10 → Mar 28, 2025 |") ||
		!strings.Contains(r.stdout, "| Budget | $4,200.00 |") || !strings.Contains(r.stdout, "| Progress | 60% |") || !strings.Contains(r.stdout, "| Done | ☐ |") {
		t.Errorf("markdown:\n%s", r.stdout)
	}
	if i, j := strings.Index(r.stdout, "| Link |"), strings.Index(r.stdout, "Goal: no station"); i < 0 || j < i {
		t.Errorf("the properties do not come before the content:\n%s", r.stdout)
	}
	r = h.run("show", row, "--format", "rendered", "--width", "80")
	wantCode(t, r, ExitOK)
	if !strings.Contains(r.stdout, "Kenji") || !strings.Contains(r.stdout, "Property") {
		t.Errorf("rendered:\n%s", r.stdout)
	}
	r = h.run("show", row, "--format", "json")
	wantCode(t, r, ExitOK)
	var doc struct {
		Page struct {
			Properties map[string]struct {
				Type   string `json:"type"`
				Status any    `json:"status"`
				People []struct {
					Name string `json:"name"`
				} `json:"people"`
			} `json:"properties"`
		} `json:"page"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if p := doc.Page.Properties; p["Owner"].Type != "people" || p["Owner"].People[0].Name != "Kenji Watanabe" || p["Name"].Type != "title" {
		t.Errorf("json properties: %+v", p)
	}
	// A page outside a database has no property table.
	r = h.run("show", everyBlockPage(t, h), "--format", "markdown")
	if wantCode(t, r, ExitOK); strings.Contains(r.stdout, "| Property | Value |") {
		t.Errorf("a plain page shows properties:\n%.300s", r.stdout)
	}
}

// rowsBody is a query answer of one row of the Project tracker whose
// title, Status and Owner carry raw (JSON-escaped) text.
func rowsBody(rowID, dsID, raw string) string {
	return `{"object":"list","results":[{"object":"page","id":"` + rowID + `","url":"https://www.notion.so/` + models.CompactID(rowID) + `",` +
		`"parent":{"type":"data_source_id","data_source_id":"` + dsID + `","database_id":"` + dsID + `"},"properties":{` +
		`"Status":{"id":"s","type":"select","select":{"name":"S ` + raw + `","color":"red"}},` +
		`"Owner":{"id":"o","type":"people","people":[{"object":"user","id":"u","name":"O ` + raw + `"}]},` +
		`"Name":{"id":"title","type":"title","title":[{"type":"text","plain_text":"T ` + raw + `"}]}}}],"has_more":false,"next_cursor":null}`
}

// TestQueryNeverPrintsTheKey has the server echo the key, in every encoded
// form, in a row's title and properties: neither query's table nor its
// JSON, nor show of the row in any format, lets it through.
func TestQueryNeverPrintsTheKey(t *testing.T) {
	for name, form := range keyForms() {
		t.Run(name, func(t *testing.T) {
			h := newHarness(t, demo.Options{})
			tracker := searchJSON(t, h, "tracker")[0]
			row, _ := h.srv.PageID("Solar charger v2")
			body := rowsBody(row, tracker.ID, form)
			var page map[string]any
			var list struct {
				Results []map[string]any `json:"results"`
			}
			if err := json.Unmarshal([]byte(body), &list); err != nil {
				t.Fatalf("%v\n%s", err, body)
			}
			page = list.Results[0]
			pageRaw, _ := json.Marshal(page)
			runs := [][]string{
				{"query", tracker.Parent.DatabaseID, "--columns", "Status,Owner"},
				{"query", tracker.Parent.DatabaseID, "--json"},
			}
			for _, args := range runs {
				h.srv.Inject(demo.Fault{Action: "query-data-source", Status: 200, Body: body})
				r := h.run(args...)
				wantCode(t, r, ExitOK)
				if leaksKey(r.stdout) || leaksKey(r.stderr) {
					t.Errorf("%v: the key shows:\nstdout: %q\nstderr: %q", args, r.stdout, r.stderr)
				}
				if !strings.Contains(models.Sanitize(r.stdout), "redacted") {
					t.Errorf("%v: nothing was redacted:\n%s", args, r.stdout)
				}
			}
			for _, format := range []string{"markdown", "rendered", "json"} {
				h.srv.Inject(demo.Fault{Action: "retrieve-a-page", Status: 200, Body: string(pageRaw)})
				r := h.run("show", row, "--format", format, "--width", "60")
				wantCode(t, r, ExitOK)
				if leaksKey(r.stdout) || leaksKey(r.stderr) {
					t.Errorf("show --format %s: the key shows:\nstdout: %q\nstderr: %q", format, r.stdout, r.stderr)
				}
			}
		})
	}
}
