package screens

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/render"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

func TestDatabaseMarkdownLinksEveryRow(t *testing.T) {
	rows := []models.Page{
		{ID: "11111111-1111-1111-1111-111111111111", Title: "*not bold* [x]", LastEdited: testNow.Add(-2 * time.Hour),
			Icon: &models.Icon{Type: "emoji", Emoji: "🌞"}},
		{ID: "22222222222222222222222222222222", Title: ""},
	}
	md := databaseMarkdown(rows, testNow)
	want := "- [🌞 \\*not bold\\* \\[x\\]](" + models.PageLinkURL(rows[0].ID) + ") · edited 2h ago\n" +
		"- [Untitled](" + models.PageLinkURL(rows[1].ID) + ")\n"
	if md != want {
		t.Errorf("got:\n%s\nwant:\n%s", md, want)
	}
	out, err := render.Markdown(md, render.Options{Width: 60})
	if err != nil {
		t.Fatal(err)
	}
	links := out.PageLinks()
	if len(links) != 2 || models.CompactID(links[1].PageID) != "22222222222222222222222222222222" {
		t.Errorf("links = %+v", links)
	}
	if !strings.Contains(ansi.Strip(strings.Join(out.Lines, "\n")), "*not bold* [x]") {
		t.Errorf("the title is not shown as written:\n%s", strings.Join(out.Lines, "\n"))
	}
	if got := databaseMarkdown(nil, testNow); !strings.Contains(got, "no rows") {
		t.Errorf("empty database: %q", got)
	}
}

func TestDatabaseListsItsRowsAndRefusesRename(t *testing.T) {
	h := newPageHarness(t, demo.Options{}, 80, 24)
	id := databaseID(t, h, "Project tracker")
	p := h.openID(id, &models.Page{ID: id, Object: "database", Title: "Project tracker"})
	h.settle()
	screen := h.screen()
	for _, want := range []string{"Project tracker", "database · 5 rows", "5 links (tab)", "Solar charger v2"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the database does not show %q:\n%s", want, screen)
		}
	}
	if help := strings.Join(shortHelp(p), " · "); strings.Contains(help, "rename") {
		t.Errorf("the footer offers rename on a database: %s", help)
	}
	h.press(h.c.Keys.Page.Rename)
	if notes := h.notes(); len(notes) != 1 || !strings.Contains(notes[0], "Renaming databases is not supported") {
		t.Errorf("e said %q", notes)
	}
}

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

func TestDatabaseRowsFailingBeforeTheFirstSaySoAndRTriesAgain(t *testing.T) {
	h := newPageHarness(t, demo.Options{}, 80, 24)
	id := databaseID(t, h, "Project tracker")
	h.gate.path = "query-data-source"
	h.gate.refuseAfter(0, http.StatusBadRequest, "", false)
	p := h.openID(id, &models.Page{ID: id, Object: "database", Title: "Project tracker"})
	h.settle()
	screen := h.screen()
	if !strings.Contains(screen, "refused by the test") || !strings.Contains(screen, "r reload") || p.Busy() != "" {
		t.Errorf("rows that failed at once: busy %q\n%s", p.Busy(), screen)
	}
	if notes := h.notes(); len(notes) != 0 {
		t.Errorf("the status bar repeats what the page says: %q", notes)
	}
	h.gate.open()
	h.press(h.c.Keys.Page.Reload)
	h.settle()
	if screen := h.screen(); !strings.Contains(screen, "database · 5 rows") {
		t.Errorf("r did not load the rows:\n%s", screen)
	}
}
