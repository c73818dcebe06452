package screens

import (
	"context"
	"testing"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

// scratchpad is the demo's Scratchpad page as the page screen knows it.
func scratchpad(t *testing.T, srv *demo.Server) models.Page {
	t.Helper()
	id, ok := srv.PageID("Scratchpad")
	if !ok {
		t.Fatal("the demo has no Scratchpad")
	}
	return models.Page{Object: "page", ID: id, Title: "Scratchpad"}
}

func TestRenameConflictThenLeavingTellsTheCurrentTitle(t *testing.T) {
	tests := []struct {
		name string
		keys []tea.KeyPressMsg
	}{
		{"esc at the prompt", []tea.KeyPressMsg{keyEsc}},
		{"edit again, then esc", []tea.KeyPressMsg{letter('e'), keyEsc}},
		{"keep theirs", []tea.KeyPressMsg{letter('k')}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, srv := demoContext(t, demo.Options{})
			page := scratchpad(t, srv)
			s := NewRename(c, page)
			d := newDriver(t, c)
			d.run(s.Init())
			// Someone else renames the page meanwhile.
			if _, err := c.Notion().RenamePage(context.Background(), page.ID, "Scratchpad theirs"); err != nil {
				t.Fatal(err)
			}
			d.typeText(s, " mine")
			d.press(s, keyEnter)
			d.until("the conflict", shows(s, "The title changed", "Scratchpad theirs", "Scratchpad mine"))
			k := c.Keys.Rename
			for _, b := range []key.Binding{k.Overwrite, k.KeepTheirs, k.EditAgain, k.Cancel} {
				if !offers(s.Help(), b) {
					t.Errorf("the conflict's help does not offer %q", b.Help().Desc)
				}
			}
			if offers(s.Help(), k.Save) {
				t.Error("the conflict's help offers save, which does nothing there")
			}
			for _, k := range tt.keys {
				d.press(s, k)
			}
			d.collect()
			if len(d.emitted) != 2 {
				t.Fatalf("emitted %#v, want the current title, then back", d.emitted)
			}
			renamed, ok := d.emitted[0].(common.PageRenamedMsg)
			if !ok || renamed.Page.Title != "Scratchpad theirs" || renamed.Page.ID != page.ID {
				t.Errorf("first emitted %#v, want the page with its title as it is now", d.emitted[0])
			}
			if _, ok := d.emitted[1].(common.BackMsg); !ok {
				t.Errorf("then emitted %#v, want back", d.emitted[1])
			}
			if _, ok := srv.PageID("Scratchpad theirs"); !ok {
				t.Error("their title was overwritten")
			}
		})
	}
}

func TestRenameRefusesABlankTitleUntilThereIsOne(t *testing.T) {
	c, srv := demoContext(t, demo.Options{})
	s := NewRename(c, scratchpad(t, srv))
	d := newDriver(t, c)
	save := c.Keys.Rename.Save

	d.press(s, keyCtrlU)
	d.typeText(s, "   ")
	if offers(s.Help(), save) || !offers(s.Help(), c.Keys.Rename.Cancel) {
		t.Error("on a blank title the help must offer cancel and not save")
	}
	before := srv.Stats().Requests
	d.press(s, keyEnter)
	if !shows(s, "A title cannot be empty.")() {
		t.Errorf("enter on a blank title does not say why nothing happens:\n%s", plain(s))
	}
	if n := srv.Stats().Requests - before; n != 0 || s.Busy() != "" {
		t.Errorf("a blank title was sent (%d requests, busy %q)", n, s.Busy())
	}
	if d.collect(); len(d.emitted) != 0 {
		t.Errorf("a blank title emitted %#v", d.emitted)
	}

	d.typeText(s, "N")
	if shows(s, "cannot be empty")() {
		t.Errorf("the refusal stays once the title is not blank:\n%s", plain(s))
	}
	if !offers(s.Help(), save) {
		t.Error("the help does not offer to save a title that is not blank")
	}
}

func TestRenameSendsTheTitleWithoutControlCharacters(t *testing.T) {
	c, srv := demoContext(t, demo.Options{})
	page := scratchpad(t, srv)
	s := NewRename(c, page)
	d := newDriver(t, c)
	d.press(s, keyCtrlU)
	d.run(s.Update(tea.PasteMsg{Content: "  Field\u202e notes\u200b\x07 "}))
	d.press(s, keyEnter)
	d.until("the rename", func() bool { return len(emittedOf[common.BackMsg](d)) > 0 })

	current, err := c.Notion().RetrievePage(context.Background(), page.ID)
	if err != nil {
		t.Fatal(err)
	}
	if current.Title != "Field notes" {
		t.Errorf("the title sent was %q, want %q", current.Title, "Field notes")
	}
	renamed := emittedOf[common.PageRenamedMsg](d)
	if len(renamed) != 1 || renamed[0].Page.Title != "Field notes" {
		t.Errorf("emitted %#v, want the new title", renamed)
	}
}
