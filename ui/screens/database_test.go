package screens

import (
	"context"
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
