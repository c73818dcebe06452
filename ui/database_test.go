package ui

import (
	"strings"
	"testing"
)

// selectLink presses tab until the selected link (the line marked ▶) holds
// text, failing after tries presses.
func (h *harness) selectLink(text string, tries int) {
	h.t.Helper()
	selected := func(s string) string {
		for _, line := range strings.Split(s, "\n") {
			if strings.Contains(line, "▶") {
				return line
			}
		}
		return ""
	}
	last := selected(h.screen())
	for range tries {
		h.press("tab")
		// Each tab moves the marker to another link's line.
		frame := h.waitFor("the next link", func(s string) bool {
			line := selected(s)
			return line != "" && line != last
		})
		last = selected(frame)
		if strings.Contains(last, text) {
			return
		}
	}
	h.t.Fatalf("no link to %q after %d tabs; last frame:\n%s", text, tries, h.screen())
}

func TestDatabaseFromSearchListsRowsThatOpen(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.typeText("project tracker")
	h.waitText("1 result", "Project tracker")
	h.press("enter")
	frame := h.waitPage("🗂️ Project tracker", "database · 5 rows", "Solar charger v2", "Sensor calibration rig", "5 links (tab)")
	checkSize(t, frame, 80, 24)
	if !strings.Contains(frame, "edited") {
		t.Errorf("the rows do not say when they were edited:\n%s", frame)
	}

	// e is refused, r reloads the same database.
	h.press("e")
	h.waitText("Renaming databases is not supported here.")
	before := h.srv.Stats().Requests
	h.press("r")
	h.waitIdle("the database reloaded", func(s string) bool {
		return h.srv.Stats().Requests >= before+2 && strings.Contains(s, "database · 5 rows")
	})

	h.selectLink("Firmware over-the-air updates", 5)
	h.press("enter")
	h.waitPage("Firmware over-the-air updates", "automatic rollback", "in a database")
	h.press("esc")
	h.waitPage("🗂️ Project tracker", "database · 5 rows")
}

func TestChildDatabaseLinkOpensTheDatabase(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.typeText("every block")
	h.waitText("1 result")
	h.press("enter")
	h.waitPage("🧪 Every block type", "Tables and columns", "6 links")
	h.selectLink("Reading queue", 6)
	h.press("enter")
	frame := h.waitPage("📖 Reading queue", "database · ", "Sensor fusion for beginners")
	if strings.Contains(frame, "Not found") || strings.Contains(frame, "not found") {
		t.Errorf("the database opened with an error:\n%s", frame)
	}
	h.selectLink("Sensor fusion for beginners", 6)
	h.press("enter")
	h.waitPage("Sensor fusion for beginners", "Kalman filter")
}
