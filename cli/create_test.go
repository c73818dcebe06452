package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
)

// titledCount counts the pages titled exactly title, through search.
func titledCount(t *testing.T, h *harness, title string) int {
	t.Helper()
	r := h.run("search", title, "--type", "page", "--json")
	wantCode(t, r, ExitOK)
	var pages []pageJSON
	if err := json.Unmarshal([]byte(r.stdout), &pages); err != nil {
		t.Fatalf("search --json: %v\n%s", err, r.stdout)
	}
	n := 0
	for _, p := range pages {
		if p.Title == title {
			n++
		}
	}
	return n
}

func TestCreateOnePage(t *testing.T) {
	h := newHarness(t, demo.Options{})
	parent, _ := h.srv.PageID("Larkspur Labs wiki")
	body := "# Plan\n\nSome **bold** text.\n\n- one\n  - two\n"
	r := h.runIn(body, "create", "--parent", parent, "--title", "New plan", "--body-file", "-")
	wantCode(t, r, ExitOK)
	fields := strings.Fields(r.stdout)
	if len(fields) != 2 || !strings.HasPrefix(fields[1], "http") {
		t.Fatalf("want id and URL, got %q", r.stdout)
	}
	if title, ok := h.srv.Page(fields[0]); !ok || title != "New plan" {
		t.Fatalf("page %s: %q %v", fields[0], title, ok)
	}
	show := h.run("show", fields[0], "--format", "markdown")
	wantCode(t, show, ExitOK)
	if !strings.Contains(show.stdout, "Some **bold** text.") || !strings.Contains(show.stdout, "  - two") {
		t.Errorf("content:\n%s", show.stdout)
	}

	r = h.run("create", "--parent", parent, "--title", "As JSON", "--json")
	wantCode(t, r, ExitOK)
	var pj pageJSON
	if err := json.Unmarshal([]byte(r.stdout), &pj); err != nil || pj.Title != "As JSON" || pj.ID == "" {
		t.Fatalf("--json: %v %+v", err, pj)
	}

	wantCode(t, h.run("create", "--parent", parent), ExitUsage)
	wantCode(t, h.run("create", "--parent", parent, "--title", "x", "--property", "Status=Done"), ExitUsage)
}

// tasksSource is the id of the Tasks data source of the demo.
func tasksSource(t *testing.T, h *harness) string {
	t.Helper()
	r := h.run("search", "Tasks", "--type", "database", "--json")
	wantCode(t, r, ExitOK)
	var pages []pageJSON
	_ = json.Unmarshal([]byte(r.stdout), &pages)
	for _, p := range pages {
		if p.Title == demo.TasksSourceName {
			return p.ID
		}
	}
	t.Fatalf("no Tasks data source in %s", r.stdout)
	return ""
}

func TestCreateRow(t *testing.T) {
	h := newHarness(t, demo.Options{TaskRows: 5})
	ds := tasksSource(t, h)
	r := h.run("create", "--parent", ds, "--title", "Write the docs", "--property", "Status=in progress",
		"--property", "Priority=High", "--property", "Tags=docs, backend", "--property", "Due=2025-04-01",
		"--property", "Done=no", "--property", "Estimate=3", "--property", "Link=https://example.com", "--json")
	wantCode(t, r, ExitOK)
	var pj pageJSON
	if err := json.Unmarshal([]byte(r.stdout), &pj); err != nil || pj.Parent.Type != "data_source_id" {
		t.Fatalf("row: %v %+v", err, pj)
	}
	show := h.run("show", pj.ID, "--format", "markdown")
	for _, want := range []string{"In progress", "High", "docs", "backend"} {
		if !strings.Contains(show.stdout, want) {
			t.Errorf("%q missing from the row:\n%s", want, show.stdout)
		}
	}
	bad := h.run("create", "--parent", ds, "--title", "x", "--property", "Priority=Someday")
	wantCode(t, bad, ExitUsage)
	if !strings.Contains(bad.stderr, "Low, Medium, High, Urgent") {
		t.Errorf("the error should list the options: %s", bad.stderr)
	}
}

// TestBatchDroppedConnections: the demo drops the connection after every
// third write has been made; every item is created exactly once.
func TestBatchDroppedConnections(t *testing.T) {
	h := newHarness(t, demo.Options{DropWritesEvery: 3})
	parent, _ := h.srv.PageID("Larkspur Labs wiki")
	var in strings.Builder
	const n = 24
	for i := range n {
		fmt.Fprintf(&in, `{"title": "Batch item %02d", "markdown": "Body of item %d\n\n- a\n- b"}`+"\n", i, i)
	}
	file := filepath.Join(h.dir, "items.jsonl")
	if err := os.WriteFile(file, []byte(in.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	r := h.run("create", "--batch", file, "--parent", parent)
	wantCode(t, r, ExitOK)
	if lost := h.srv.Stats().LostWrites; lost < n/3 {
		t.Fatalf("only %d writes lost", lost)
	}
	for i := range n {
		title := fmt.Sprintf("Batch item %02d", i)
		if c := titledCount(t, h, title); c != 1 {
			t.Errorf("%s: %d pages", title, c)
		}
		if !strings.Contains(r.stdout, title) {
			t.Errorf("%s missing from the report", title)
		}
	}
	if strings.Count(r.stdout, "created ") != n {
		t.Errorf("report:\n%s", r.stdout)
	}
}

// TestBatchFailedFileRerun: items that fail go to the failed file, which
// --batch takes back as it is.
func TestBatchFailedFileRerun(t *testing.T) {
	h := newHarness(t, demo.Options{TaskRows: 3})
	ds := tasksSource(t, h)
	csvText := "Task,Status,Done,markdown\nFirst,Done,yes,Some *text*\nSecond,Blocked,no,\nThird,Nope,no,\nFourth,Not started,x,\n"
	file := filepath.Join(h.dir, "rows.csv")
	if err := os.WriteFile(file, []byte(csvText), 0o600); err != nil {
		t.Fatal(err)
	}
	dry := h.run("create", "--batch", file, "--parent", ds, "--dry-run")
	wantCode(t, dry, ExitFailure)
	if h.srv.Stats().Actions["post-page"] != 0 || !strings.Contains(dry.stdout, "invalid") {
		t.Fatalf("dry run wrote, or did not say:\n%s", dry.stdout)
	}
	// The service refuses two creates (a permanent failure) in the run.
	h.srv.Inject(demo.Fault{Action: "post-page", Status: 400, Count: 1})
	r := h.run("create", "--batch", file, "--parent", ds)
	wantCode(t, r, ExitFailure)
	if !strings.Contains(r.stderr, "created 2 of 4, 2 failed") {
		t.Errorf("counts: %s", r.stderr)
	}
	failed := file + ".failed.jsonl"
	data, err := os.ReadFile(failed)
	if err != nil || strings.Count(string(data), "\n") != 2 {
		t.Fatalf("failed file: %v\n%s", err, data)
	}
	// Fix the bad option in the failed file, and run it as it is.
	fixed := strings.ReplaceAll(string(data), `"Nope"`, `"Done"`)
	if err := os.WriteFile(failed, []byte(fixed), 0o600); err != nil {
		t.Fatal(err)
	}
	again := h.run("create", "--batch", failed, "--parent", ds, "--failed", filepath.Join(h.dir, "again.jsonl"))
	wantCode(t, again, ExitOK)
	for _, title := range []string{"First", "Second", "Third", "Fourth"} {
		if c := titledCount(t, h, title); c != 1 {
			t.Errorf("%s: %d rows", title, c)
		}
	}
}

func TestBatchPlainTextFromStdin(t *testing.T) {
	h := newHarness(t, demo.Options{})
	parent, _ := h.srv.PageID("Larkspur Labs wiki")
	r := h.runIn("Alpha\n\nBeta\nGamma\n", "create", "--batch", "-", "--parent", parent, "--json")
	wantCode(t, r, ExitOK)
	var out []batchOutcomeJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || len(out) != 3 || out[1].Line != 3 || !out[2].Created {
		t.Fatalf("%v %+v", err, out)
	}
}

// TestDemoDropsWritesOnRequest: --demo with ALLOY_DEMO_DROP_WRITES loses
// answers, and a batch still creates every page once.
func TestDemoDropsWritesOnRequest(t *testing.T) {
	h := newHarness(t, demo.Options{})
	h.env["ALLOY_DEMO_DROP_WRITES"] = "2"
	r := h.runIn("Demo one\nDemo two\nDemo three\n", "--demo", "search", "Larkspur", "--type", "page", "--json")
	wantCode(t, r, ExitOK)
	var pages []pageJSON
	if err := json.Unmarshal([]byte(r.stdout), &pages); err != nil || len(pages) == 0 {
		t.Fatalf("%v %s", err, r.stdout)
	}
	r = h.runIn("Demo one\nDemo two\nDemo three\n", "--demo", "create", "--batch", "-", "--parent", pages[0].ID, "--json")
	wantCode(t, r, ExitOK)
	var out []batchOutcomeJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || len(out) != 3 {
		t.Fatalf("%v %s", err, r.stdout)
	}
	recovered := 0
	for _, o := range out {
		if !o.Created {
			t.Errorf("line %d not created: %s", o.Line, o.Error)
		}
		if o.Recovered {
			recovered++
		}
	}
	if recovered == 0 {
		t.Error("no answer was lost")
	}
}

// TestBatchCSVTitlesAndJSON: --dry-run --json prints JSON; every item of a
// CSV file, invalid or failed, is named by its title column in the table,
// in --json and in the failed file; one failed item is said as one.
func TestBatchCSVTitlesAndJSON(t *testing.T) {
	h := newHarness(t, demo.Options{TaskRows: 3})
	ds := tasksSource(t, h)
	file := filepath.Join(h.dir, "rows.csv")
	if err := os.WriteFile(file, []byte("Task,Status\nFirst,Done\nSecond,Nope\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	dry := h.run("create", "--batch", file, "--parent", ds, "--dry-run", "--json")
	wantCode(t, dry, ExitFailure)
	var checked []dryRunJSON
	if err := json.Unmarshal([]byte(dry.stdout), &checked); err != nil || len(checked) != 2 {
		t.Fatalf("--dry-run --json: %v\n%s", err, dry.stdout)
	}
	if c := checked[1]; c.Title != "Second" || c.Valid || !strings.Contains(c.Error, "Nope") || !checked[0].Valid {
		t.Errorf("dry run: %+v", checked)
	}
	table := h.run("create", "--batch", file, "--parent", ds, "--dry-run")
	if !strings.Contains(table.stdout, "Second") {
		t.Errorf("the invalid item has no title:\n%s", table.stdout)
	}

	r := h.run("create", "--batch", file, "--parent", ds, "--json")
	wantCode(t, r, ExitFailure)
	var out []batchOutcomeJSON
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil || len(out) != 2 {
		t.Fatalf("--json: %v\n%s", err, r.stdout)
	}
	if out[0].Title != "First" || !out[0].Created || out[1].Title != "Second" || out[1].Created {
		t.Errorf("outcomes: %+v", out)
	}
	if !strings.Contains(r.stderr, "The failed item is in "+file+".failed.jsonl") {
		t.Errorf("wording: %s", r.stderr)
	}
	data, err := os.ReadFile(file + ".failed.jsonl")
	if err != nil || !strings.Contains(string(data), `"title":"Second"`) || strings.Contains(string(data), `"Task"`) {
		t.Errorf("failed file: %v %s", err, data)
	}
}
