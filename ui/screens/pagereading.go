package screens

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

// The page's reading aids: find in page, the position, toggles that fold,
// the parent, and the copy as Markdown.

// promptKey handles a key while the find prompt is open: enter finds, esc
// leaves, the rest is typed. Nothing here waits on the network.
func (p *Page) promptKey(msg tea.KeyPressMsg) tea.Cmd {
	k := p.c.Keys.Page
	switch {
	case key.Matches(msg, k.FindApply):
		p.find.prompting = false
		p.find.input.Blur()
		return p.findText(strings.TrimSpace(p.find.input.Value()))
	case key.Matches(msg, k.FindCancel):
		p.find.prompting = false
		p.find.input.Blur()
		return nil
	}
	var cmd tea.Cmd
	p.find.input, cmd = p.find.input.Update(msg)
	return cmd
}

// readingKey handles the keys of the reading aids, and reports whether msg
// was one of them.
func (p *Page) readingKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	k := p.c.Keys.Page
	switch {
	case key.Matches(msg, k.Find):
		p.find.prompting = true
		p.find.input.SetValue(p.find.query)
		p.find.input.CursorEnd()
		return p.find.input.Focus(), true
	case key.Matches(msg, k.NextMatch) && p.find.active():
		p.stepMatch(1)
	case key.Matches(msg, k.PrevMatch) && p.find.active():
		p.stepMatch(-1)
	case key.Matches(msg, k.ClearFind) && p.find.active():
		return p.findText(""), true
	case key.Matches(msg, k.FoldAll):
		return p.foldAll(), true
	case key.Matches(msg, k.Parent):
		p.openParent()
	case key.Matches(msg, k.CopyMarkdown):
		return p.copyMarkdown(), true
	default:
		return nil, false
	}
	return nil, true
}

// findText shows the matches of query and jumps to the nearest; "" takes
// them away. Closed toggles that hold it open: the page renders again, and
// when the matches were all in them the jump comes then.
func (p *Page) findText(query string) tea.Cmd {
	p.find.query, p.find.current = query, -1
	p.find.matches = nil
	if query == "" {
		p.find.jump = false
		p.view.SetMatches(nil, -1, p.c.Styles.Match, p.c.Styles.MatchNow)
		return nil
	}
	p.find.jump = true
	p.refind()
	if p.closedToggles() {
		return p.contentChanged()
	}
	if !p.loading() {
		p.find.jump = false // no match, and none to come
	}
	return nil
}

// loading reports whether more of the page is to arrive: a find's jump
// waits for it.
func (p *Page) loading() bool {
	return p.page != nil && !p.page.complete && p.page.tree.Running()
}

// refind finds the query again in the lines shown (new content, another
// width) and highlights the matches, keeping the current one, or jumping
// to the nearest when a jump is due.
func (p *Page) refind() {
	f := &p.find
	if !f.active() {
		return
	}
	f.matches = findMatches(p.lines, f.query)
	jumped := false
	switch {
	case len(f.matches) == 0:
		f.current = -1
	case f.jump:
		f.current = nearest(f.matches, p.view.Offset())
		f.jump, jumped = false, true
	default:
		f.current = min(max(f.current, 0), len(f.matches)-1)
	}
	p.view.SetMatches(f.matches, f.current, p.c.Styles.Match, p.c.Styles.MatchNow)
	if jumped {
		p.revealMatch()
	}
}

// stepMatch goes to the next (1) or previous (-1) match, wrapping.
func (p *Page) stepMatch(delta int) {
	f := &p.find
	n := len(f.matches)
	if n == 0 {
		p.c.Note("No match for “" + models.SanitizeLine(f.query) + "”.")
		return
	}
	f.current = ((f.current+delta)%n + n) % n
	p.view.SetCurrent(f.current)
	p.revealMatch()
}

// revealMatch scrolls the current match into view.
func (p *Page) revealMatch() {
	if f := &p.find; f.current >= 0 && f.current < len(f.matches) {
		p.view.Reveal(f.matches[f.current].Line)
	}
}

// closedToggles reports whether a drawn toggle is closed.
func (p *Page) closedToggles() bool {
	for _, t := range p.toggles {
		if t.foldable && !t.open {
			return true
		}
	}
	return false
}

// selectedToggle is the toggle tab selected, if it is one.
func (p *Page) selectedToggle() (toggleSpot, bool) {
	l, ok := p.view.Selected()
	if !ok || !strings.HasPrefix(l.URL, toggleURL) {
		return toggleSpot{}, false
	}
	id := strings.TrimPrefix(l.URL, toggleURL)
	for _, t := range p.toggles {
		if t.id == id {
			return t, true
		}
	}
	return toggleSpot{}, false
}

// flip opens a closed toggle or closes an open one.
func (p *Page) flip(t toggleSpot) tea.Cmd {
	p.folds.set(t.id, !t.open)
	return p.contentChanged()
}

// foldAll opens every toggle when one drawn is closed, else closes them all.
func (p *Page) foldAll() tea.Cmd {
	if len(p.toggles) == 0 {
		p.c.Note("This page has no toggles.")
		return nil
	}
	p.folds.setAll(p.closedToggles())
	return p.contentChanged()
}

// openParent opens the page or database the page sits in.
func (p *Page) openParent() {
	page, ok := p.known()
	if !ok {
		p.c.Note("The page is still loading.")
		return
	}
	switch parent := page.Parent; parent.Type {
	case "page_id":
		p.c.Emit(common.OpenPageMsg{ID: parent.ID})
	case "database_id", "data_source_id":
		// The table of the row's own data source.
		p.c.Emit(common.OpenDatabaseMsg{ID: parent.ID})
	case "workspace":
		p.c.Note("This page is at the top of the workspace.")
	default:
		p.c.Note("This page sits in a block, not in a page that can be opened.")
	}
}

// copyMarkdown copies the page as Markdown (every toggle open), made off the
// Update loop.
func (p *Page) copyMarkdown() tea.Cmd {
	page, _ := p.known()
	title := page.Title
	var body func() string
	switch {
	case p.page != nil && p.page.load != nil:
		load := p.page.load
		body = func() string { return models.Markdown(load.Tree()) }
	default:
		p.c.Note("The page is still loading.")
		return nil
	}
	if p.partial() {
		p.c.Note("Copied what has loaded of the page, as Markdown.")
	} else {
		p.c.Note("Copied the page as Markdown.")
	}
	return func() tea.Msg {
		md := body()
		if t := models.SanitizeLine(title); strings.TrimSpace(t) != "" {
			md = "# " + t + "\n\n" + md
		}
		return tea.SetClipboard(md)()
	}
}

// bar is the line under the page: the find prompt, or what was found, and
// where the reader is in the page.
func (p *Page) bar() string {
	st := p.c.Styles
	w := p.c.Width
	pos := st.Subtle.Render(p.position())
	var left string
	switch f := &p.find; {
	case f.prompting:
		left = f.input.View()
	case f.active():
		left = st.Accent.Render("/"+models.SanitizeLine(f.query)) + " " + st.Subtle.Render(f.count())
	default:
		// The selected link's address: the page shows only its text.
		if l, ok := p.view.Selected(); ok && l.URL != "" && !strings.HasPrefix(l.URL, toggleURL) {
			left = st.Subtle.Render("→ " + models.SanitizeLine(l.URL))
		}
	}
	room := w - ansi.StringWidth(pos) - 1
	if room < 8 {
		return ansi.Truncate(left, w, "…")
	}
	left = ansi.Truncate(left, room, "…")
	return left + strings.Repeat(" ", max(w-ansi.StringWidth(left)-ansi.StringWidth(pos), 1)) + pos
}

// position says where the reader is: "line 120 of 3,400 · 4%", or how many
// lines there are when all show.
func (p *Page) position() string {
	total := p.view.Lines()
	if total <= p.view.Height() {
		if total == 1 {
			return "1 line"
		}
		return "all " + thousands(total) + " lines"
	}
	top := p.view.Offset()
	pct := 100 * p.view.Bottom() / total
	return "line " + thousands(top+1) + " of " + thousands(total) + " · " + strconv.Itoa(pct) + "%"
}

// readingHelp adds the reading aids that work now to the page's help.
func (p *Page) readingHelp(short []key.Binding) ([]key.Binding, []key.Binding) {
	k := p.c.Keys.Page
	var full []key.Binding
	if p.find.prompting {
		return []key.Binding{k.FindApply, k.FindCancel}, []key.Binding{k.FindApply, k.FindCancel}
	}
	if p.view.Lines() > 0 {
		full = append(full, k.Find)
		switch {
		case p.find.active() && len(p.find.matches) > 0:
			next := k.NextMatch
			next.SetHelp(next.Help().Key, "next match "+p.find.count())
			short = append([]key.Binding{next, k.PrevMatch, k.ClearFind}, short...)
			full = append(full, next, k.PrevMatch, k.ClearFind)
		case p.find.active():
			// The bar says "no match": n and N would find nothing.
			short = append([]key.Binding{k.ClearFind}, short...)
			full = append(full, k.ClearFind)
		default:
			short = append(short, k.Find)
		}
	}
	if _, ok := p.selectedToggle(); ok {
		short = append([]key.Binding{k.Fold}, short...)
		full = append(full, k.Fold)
	}
	if len(p.toggles) > 0 {
		full = append(full, k.FoldAll)
	}
	return short, full
}

// Known is what is known of the page so far (its title for the list of
// recent pages), and whether anything is.
func (p *Page) Known() (models.Page, bool) {
	page, ok := p.known()
	if page.ID == "" {
		page.ID = p.id
	}
	return page, ok
}
