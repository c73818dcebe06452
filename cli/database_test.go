package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/models"
)

// readingQueue finds the demo's "Reading queue" database through the
// child_database block that links to it from "Every block type".
func readingQueue(t *testing.T, h *harness) string {
	t.Helper()
	r := h.run("show", everyBlockPage(t, h), "--format", "json")
	wantCode(t, r, ExitOK)
	var doc struct {
		Blocks []struct {
			ID            string `json:"id"`
			Type          string `json:"type"`
			ChildDatabase struct {
				Title string `json:"title"`
			} `json:"child_database"`
		} `json:"blocks"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	for _, b := range doc.Blocks {
		if b.Type == "child_database" && b.ChildDatabase.Title == "Reading queue" {
			return b.ID
		}
	}
	t.Fatal("no child_database block for Reading queue on Every block type")
	return ""
}

func TestShowDatabase(t *testing.T) {
	h := newHarness(t, demo.Options{})
	id := readingQueue(t, h)
	row, ok := h.srv.PageID("Sensor fusion for beginners")
	if !ok {
		t.Fatal("the demo has no row 'Sensor fusion for beginners'")
	}
	rowLink := "(" + models.PageLinkURL(row) + ")"

	r := h.run("show", "https://www.notion.so/Reading-queue-"+models.CompactID(id), "--format", "markdown")
	wantCode(t, r, ExitOK)
	if !strings.HasPrefix(r.stdout, "# Reading queue\n") || !strings.Contains(r.stdout, "- [Sensor fusion for beginners]"+rowLink) {
		t.Errorf("markdown:\n%s", r.stdout)
	}

	r = h.run("show", id, "--format", "rendered", "--width", "80")
	wantCode(t, r, ExitOK)
	if !strings.Contains(r.stdout, "\x1b[") || !strings.Contains(r.stdout, "Sensor fusion for beginners") {
		t.Errorf("not rendered:\n%.400q", r.stdout)
	}

	r = h.run("show", id, "--format", "json")
	wantCode(t, r, ExitOK)
	var doc struct {
		Database pageJSON   `json:"database"`
		Rows     []pageJSON `json:"rows"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	if doc.Database.Title != "Reading queue" || doc.Database.Object != "database" {
		t.Errorf("database = %+v", doc.Database)
	}
	found := false
	for _, p := range doc.Rows {
		found = found || (p.Title == "Sensor fusion for beginners" && models.CompactID(p.ID) == models.CompactID(row))
	}
	if !found || len(doc.Rows) < 2 {
		t.Errorf("rows = %+v", doc.Rows)
	}

	// An id that is neither a page nor a database still fails as before.
	r = h.run("show", "00000000000000000000000000000000")
	wantCode(t, r, ExitFailure)
	if !strings.Contains(r.stderr, "show 00000000-0000") {
		t.Errorf("stderr: %q", r.stderr)
	}
}
