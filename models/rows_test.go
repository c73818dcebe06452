package models

import (
	"strings"
	"testing"
)

func TestRowLinksMarkdown(t *testing.T) {
	rows := []Page{
		{ID: "5c539c6cd2ce44cfbbd4dc50d4b37362", Title: "*not bold*", Icon: &Icon{Type: "emoji", Emoji: "🧪"}},
		{ID: "not-an-id", Title: "  "},
	}
	got := RowLinksMarkdown(rows, func(p Page) string {
		if p.ID == "not-an-id" {
			return ""
		}
		return "edited \x1b[31mtoday"
	})
	want := "- [🧪 \\*not bold\\*](" + PageLinkURL("5c539c6c-d2ce-44cf-bbd4-dc50d4b37362") + ") · edited today\n" +
		"- Untitled\n"
	if got != want {
		t.Errorf("got:\n%q\nwant:\n%q", got, want)
	}
	if strings.Contains(got, "\x1b") {
		t.Error("a control sequence reached the Markdown")
	}
	if RowLinksMarkdown(nil, nil) != "" {
		t.Error("no rows should give no Markdown")
	}
}
