package screens

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
)

func TestMayBeDatabase(t *testing.T) {
	tests := []struct {
		err  error
		want bool
	}{
		{&alloy.Error{Status: http.StatusNotFound, Code: "object_not_found"}, true},
		{fmt.Errorf("retrieve: %w", &alloy.Error{Status: http.StatusBadRequest, Code: "validation_error"}), true},
		{&alloy.Error{Status: http.StatusNotFound}, false}, // an unknown action, not a missing page
		{&alloy.Error{Status: http.StatusUnauthorized, Code: "unauthorized"}, false},
		{fmt.Errorf("offline"), false},
	}
	for _, tt := range tests {
		if got := alloy.MayBeDatabase(tt.err); got != tt.want {
			t.Errorf("alloy.MayBeDatabase(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}

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
	out, err := renderMarkdown(md, 60, "dark")
	if err != nil {
		t.Fatal(err)
	}
	if len(out.links) != 2 || models.CompactID(out.links[1].id) != "22222222222222222222222222222222" {
		t.Errorf("links = %+v", out.links)
	}
	if !strings.Contains(ansi.Strip(strings.Join(out.lines, "\n")), "*not bold* [x]") {
		t.Errorf("the title is not shown as written:\n%s", strings.Join(out.lines, "\n"))
	}
	if got := databaseMarkdown(nil, testNow); !strings.Contains(got, "no rows") {
		t.Errorf("empty database: %q", got)
	}
}

func TestDatabaseRowsStreamAndRenameIsRefused(t *testing.T) {
	c := newContext(t, "http://127.0.0.1:9", 80, 20)
	id := "0123456789abcdef0123456789abcdef"
	p := NewPage(c, id, &models.Page{ID: id, Object: "database", Title: "Tracker"})
	if !p.isDatabase {
		t.Fatal("a database search result must open as a database")
	}
	first := alloy.PageList{Pages: []models.Page{{ID: "11111111111111111111111111111111", Title: "One"}}, HasMore: true, NextCursor: "c1"}
	if cmd := p.Update(databaseRowsMsg{target: p.id, gen: p.gen, list: first}); cmd == nil {
		t.Fatal("the first rows must be rendered and the next asked for")
	}
	if !p.topLevel || p.treeDone || !strings.Contains(p.Busy(), "Loading rows: 1 so far") {
		t.Errorf("after the first page: topLevel %v, done %v, busy %q", p.topLevel, p.treeDone, p.Busy())
	}
	if v := p.View(); !strings.Contains(v, "database · 1 row so far") {
		t.Errorf("header:\n%s", v)
	}
	last := alloy.PageList{Pages: []models.Page{{ID: "22222222222222222222222222222222", Title: "Two"}}}
	p.Update(databaseRowsMsg{target: p.id, gen: p.gen, list: last})
	if !p.treeDone || len(p.rows) != 2 {
		t.Errorf("after the last page: done %v, %d rows", p.treeDone, len(p.rows))
	}
	if v := p.View(); !strings.Contains(v, "database · 2 rows") || strings.Contains(v, "so far") {
		t.Errorf("header:\n%s", v)
	}
	// A late answer of an old load is dropped.
	p.Update(databaseRowsMsg{target: p.id, gen: p.gen - 1, list: last})
	if len(p.rows) != 2 {
		t.Errorf("a stale answer was kept: %d rows", len(p.rows))
	}
	msg := p.Update(tea.KeyPressMsg{Code: 'e', Text: "e"})()
	if !strings.Contains(fmt.Sprint(msg), "Renaming databases is not supported") {
		t.Errorf("rename answered %#v", msg)
	}
}
