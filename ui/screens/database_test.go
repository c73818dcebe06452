package screens

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

func TestDatabaseIDOpenedAsAPageHandsOverToTheTable(t *testing.T) {
	h := newPageHarness(t, demo.Options{}, 80, 24)
	id := databaseID(t, h, "Project tracker")
	h.openID(id, nil)
	h.settle()
	var got []common.OpenDatabaseMsg
	for _, m := range h.seen {
		if m, ok := m.(common.OpenDatabaseMsg); ok {
			got = append(got, m)
		}
	}
	if len(got) != 1 || got[0].ID != id || !got[0].Replace || got[0].PageErr == nil {
		t.Errorf("the page handed over %+v; want the id, in its place, with why it is no page", got)
	}
	if notes := h.notes(); len(notes) != 0 {
		t.Errorf("trying the id as a page reported %q", notes)
	}
}

// databaseID finds a database of the demo workspace by its title.
func databaseID(t *testing.T, h *pageHarness, title string) string {
	t.Helper()
	for p, err := range h.c.Notion().SearchAll(context.Background(), title, false) {
		if err != nil {
			t.Fatal(err)
		}
		if (p.Object == "database" || p.Object == "data_source") && p.Title == title {
			return p.ID
		}
	}
	t.Fatalf("the demo workspace has no database %q", title)
	return ""
}

// TestRowPropertiesAllShowAndNumbersAsTheTable: a row opened shows its
// properties folded, with the key that shows the rest; the key opens the
// block, or pages through it where the screen is too short, so that every
// property can be read. Numbers read as the data source formats them.
func TestRowPropertiesAllShowAndNumbersAsTheTable(t *testing.T) {
	for _, size := range []struct{ w, h int }{{100, 20}, {60, 12}} {
		h := newPageHarness(t, demo.Options{TaskRows: 300}, size.w, size.h)
		id, ok := h.srv.PageID("Calibrate the anemometer (#300)")
		if !ok {
			t.Fatal("the demo workspace has no task #300")
		}
		p := h.openID(id, nil)
		h.settle()
		props := p.shownProperties()
		if len(props) < 8 {
			t.Fatalf("%dx%d: %d properties; the demo's tasks have more", size.w, size.h, len(props))
		}
		if !strings.Contains(h.screen(), "more properties (p)") || !slices.Contains(shortHelp(p), "p more properties") {
			t.Errorf("%dx%d: nothing says how to see the rest:\n%s\n%q", size.w, size.h, h.screen(), shortHelp(p))
		}
		seen := map[string]bool{}
		for range len(props) + 1 {
			for _, line := range strings.Split(h.screen(), "\n") {
				seen[strings.Fields(line + " x")[0]] = true
				if strings.HasPrefix(line, "Progress ") && !strings.HasSuffix(line, "%") {
					t.Errorf("%dx%d: %q; the table and the CLI show a percentage", size.w, size.h, line)
				}
			}
			h.press(h.c.Keys.Page.Properties)
		}
		for _, v := range props {
			if !seen[v.Name] {
				t.Errorf("%dx%d: the property %q never showed", size.w, size.h, v.Name)
			}
		}
		if !seen["Progress"] {
			t.Errorf("%dx%d: no Progress property", size.w, size.h)
		}
	}
}
