package ui

import (
	"context"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
)

func TestDatabaseFromSearchOpensAsATable(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.typeText("project tracker")
	h.waitText("1 result", "Project tracker")
	h.press("enter")
	frame := h.waitText("🗂️ Project tracker", "database · 5 rows", "▸Name", "Status", "Solar charger v2", "Warehouse move", "row 1 of 5")
	checkSize(t, frame, 80, 24)

	// r reloads the same rows.
	before := h.srv.Stats().Actions["query-data-source"]
	h.press("r")
	h.waitIdle("the rows reloaded", func(s string) bool {
		return h.srv.Stats().Actions["query-data-source"] > before && strings.Contains(s, "database · 5 rows")
	})

	// The second row opens as a page, its properties above its content.
	h.press("j", "enter")
	frame = h.waitPage("Firmware over-the-air updates", "automatic rollback", "in a database")
	for _, want := range []string{"Status", "In progress", "Owner", "Mira Okafor, Kenji Watanabe"} {
		if !strings.Contains(frame, want) {
			t.Errorf("the row's properties do not show %q:\n%s", want, frame)
		}
	}
	h.press("esc")
	h.waitText("🗂️ Project tracker", "database · 5 rows", "row 2 of 5")
}

func TestDatabaseLinkOpensTheTable(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	// A database's link (as a child_database block gives it) is tried as a
	// page first; the table takes that screen's place.
	list, err := h.notion().Search(context.Background(), alloy.SearchParams{Query: "Reading queue", Object: "data_source"})
	if err != nil || len(list.Pages) == 0 {
		t.Fatalf("no data source Reading queue: %v", err)
	}
	ds, err := h.notion().RetrieveDataSource(context.Background(), list.Pages[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	h.tm.Send(tea.PasteMsg{Content: "https://app.notion.com/p/Reading-queue-" + models.CompactID(ds.DatabaseID)})
	frame := h.waitText("📖 Reading queue", "database · ", "▸Title", "Sensor fusion for beginne", "2 rows")
	if strings.Contains(frame, "Not found") || strings.Contains(frame, "not found") {
		t.Errorf("the database opened with an error:\n%s", frame)
	}
	h.press("esc")
	h.waitText("44 results")
}

func TestUnknownIDSaysNotFound(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.tm.Send(tea.PasteMsg{Content: "https://app.notion.com/p/Nothing-0123456789abcdef0123456789abcdef"})
	h.waitText("Not found: no such page", "share it with the integration")
}
