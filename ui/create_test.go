package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
)

func (h *harness) ctrlS() { h.tm.Send(tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}) }

// openScratchpad opens the Scratchpad page.
func openScratchpad(t *testing.T, s setup) *harness {
	t.Helper()
	h := start(t, s)
	h.waitText("results")
	h.typeText("scratchpad")
	h.waitText("1 result")
	h.press("enter")
	h.waitPage("📝 Scratchpad", "edited")
	return h
}

func TestCreateChildPageFromPage(t *testing.T) {
	t.Parallel()
	h := openScratchpad(t, setup{})
	h.press("n")
	h.waitText("New page", "under Scratchpad", "Title", "Body")
	h.typeText("Child from the form")
	h.press("tab")
	h.typeText("Hello **world**")
	h.ctrlS()
	h.waitPage("Child from the form", "Hello world", "Created “Child from the form”")
	id, ok := h.srv.PageID("Child from the form")
	if !ok {
		t.Fatal("no page on the server")
	}
	if title, _ := h.srv.Page(id); title != "Child from the form" {
		t.Errorf("server title %q", title)
	}
	// The parent lists its new child when it is back.
	h.press("esc")
	h.waitPage("📝 Scratchpad", "Child from the form")
}

// TestCreateFailureKeepsEverythingTyped: a refused create leaves the form
// as it was, with the error under it; ctrl+s again creates the page once.
func TestCreateFailureKeepsEverythingTyped(t *testing.T) {
	t.Parallel()
	h := openScratchpad(t, setup{})
	h.srv.Inject(demo.Fault{Action: "post-page", Status: 400, Body: `{"object":"error","status":400,"code":"validation_error","message":"Refused on purpose."}`})
	h.press("n")
	h.waitText("New page")
	h.typeText("Kept title")
	h.press("tab")
	h.typeText("Kept body")
	h.ctrlS()
	screen := h.waitIdle("the error", func(s string) bool { return strings.Contains(s, "Refused on purpose") })
	if !strings.Contains(screen, "Kept title") || !strings.Contains(screen, "Kept body") {
		t.Fatalf("the form lost what was typed:\n%s", screen)
	}
	h.ctrlS()
	h.waitPage("Kept title", "Kept body")
	if n := h.srv.Stats().Actions["post-page"]; n != 2 {
		t.Errorf("%d creates sent, want 2", n)
	}
}

// TestCreateAnswerLostIsNotRepeated: the create is made but its
// connection dropped; the form finds the page rather than making another.
func TestCreateAnswerLostIsNotRepeated(t *testing.T) {
	t.Parallel()
	h := openScratchpad(t, setup{})
	h.srv.Inject(demo.Fault{Action: "post-page", AfterWrite: true, Drop: true})
	h.press("n")
	h.waitText("New page")
	h.typeText("Made once")
	h.ctrlS()
	h.waitPage("Made once", "Created “Made once”")
	if n := h.srv.Stats().Actions["post-page"]; n != 1 {
		t.Errorf("%d creates sent, want 1", n)
	}
	if h.srv.Stats().LostWrites != 1 {
		t.Errorf("lost writes %d", h.srv.Stats().LostWrites)
	}
}

func TestCreateRowFromTable(t *testing.T) {
	t.Parallel()
	h := openTasks(t, setup{})
	h.press("n")
	h.waitText("New row", "Title", "Status", "Not started · In progress")
	h.typeText("Row from the form")
	h.press("tab")
	h.typeText("Nope")
	h.ctrlS()
	h.waitText("not one of its options")
	for range 4 {
		h.press("backspace")
	}
	queries := h.srv.Stats().Actions["query-data-source"]
	h.typeText("Blocked")
	h.ctrlS()
	h.waitPage("Row from the form", "Blocked")
	if _, ok := h.srv.PageID("Row from the form"); !ok {
		t.Error("no row on the server")
	}
	// The table under the new row loads its rows again.
	h.press("esc")
	h.waitIdle("the table again", func(s string) bool { return strings.Contains(s, "▸Task") })
	if got := h.srv.Stats().Actions["query-data-source"]; got <= queries {
		t.Errorf("the table did not load its rows again (%d queries, %d before)", got, queries)
	}
}

// TestCreateBatchFromFile: from the form, ctrl+o picks a file whose items
// are checked, created with a progress bar and reported; the one refused
// goes to the failed file, which --batch takes again.
func TestCreateBatchFromFile(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "items.txt"), []byte("Batch one\nBatch two\nBatch three\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	h := openScratchpad(t, setup{})
	h.srv.Inject(demo.Fault{Action: "post-page", Status: 400, Count: 1})
	h.press("n")
	h.waitText("New page")
	h.tm.Send(tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl})
	h.waitText("New pages from a file", "under Scratchpad", "items.txt")
	h.press("enter")
	h.waitText("3 items: 3 to create, 0 invalid", "line 2  Batch two")
	h.press("enter")
	h.waitText("Created 2 of 3.", "items.txt.failed.jsonl", "failed  Batch")
	created := 0
	for _, title := range []string{"Batch one", "Batch two", "Batch three"} {
		if _, ok := h.srv.PageID(title); ok {
			created++
		}
	}
	if created != 2 {
		t.Errorf("%d pages on the server, want 2", created)
	}
	data, err := os.ReadFile(filepath.Join(dir, "items.txt.failed.jsonl"))
	if err != nil || strings.Count(string(data), "\n") != 1 || !strings.Contains(string(data), `"title":"Batch`) {
		t.Errorf("failed file: %v %s", err, data)
	}
	// The pages are made: esc leaves the form under the report too, and
	// the parent lists them.
	h.press("esc")
	h.waitIdle("Scratchpad with the new pages", func(s string) bool {
		listed := 0
		for _, title := range []string{"Batch one", "Batch two", "Batch three"} {
			if strings.Contains(s, title) {
				listed++
			}
		}
		return strings.Contains(s, "📝 Scratchpad") && listed == created
	})
}

// TestCreateBatchPickerEscKeepsTheForm: esc in the file picker goes back
// to the form with what was typed, and the picker opens again in the folder
// it was left in.
func TestCreateBatchPickerEscKeepsTheForm(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "lists")
	if err := os.Mkdir(sub, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(sub, "later.txt"), []byte("Later one\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	h := openScratchpad(t, setup{})
	h.press("n")
	h.waitText("New page")
	h.typeText("Typed before the picker")
	ctrlO := tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl}
	h.tm.Send(ctrlO)
	h.waitText("New pages from a file", "lists")
	h.press("enter")
	h.waitText("later.txt")
	h.press("esc")
	h.waitText("New page", "under Scratchpad", "Typed before the picker")
	h.tm.Send(ctrlO)
	screen := h.waitText("New pages from a file", "later.txt")
	if !strings.Contains(screen, sub) {
		t.Errorf("the picker did not open in %s:\n%s", sub, screen)
	}
}
