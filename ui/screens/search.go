// Package screens holds the screens of the UI. A screen never imports another
// screen: it returns a message from package common and the root model acts.
package screens

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// loadMoreWithin is how close to the end of the results the highlight gets
// before the next page of results is asked for.
const loadMoreWithin = 5

// searchPageSize is the page size of each search request: Notion's largest.
const searchPageSize = alloy.MaxPageSize

// Search is the search screen: a text input over the results. It has two
// modes: typing (the input has focus; arrows, enter and ctrl+e still work on
// the results) and browsing (letters are commands; any other printable key
// goes back to the input).
type Search struct {
	c *common.Context
	common.Requests
	input textinput.Model
	list  components.List

	// search is the first page of results for a query; more is the next
	// page of the results shown; debounce waits out the typing.
	search, more, debounce common.Request

	results []models.Page
	// titles maps page ids to titles among the results, to name parents.
	titles map[string]string

	// shownQuery is the query the results answer; answered is set once an
	// answer (or a failure) arrived for it.
	shownQuery string
	answered   bool
	nextCursor string
	hasMore    bool
	// openPending is set when enter came before the answer to the typed
	// query: the first result of that answer opens as soon as it arrives,
	// rather than a stale result of an older query opening at once.
	openPending bool
	// movedSinceEdit is set when the highlight moved after the last edit:
	// then enter means the highlighted row, stale or not.
	movedSinceEdit bool
}

// NewSearch returns the search screen with its input focused.
func NewSearch(c *common.Context) *Search {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = "search page titles, or paste a page link"
	in.CharLimit = models.MaxQueryRunes
	in.SetStyles(c.Styles.Input)
	in.Focus()
	s := &Search{c: c, input: in, titles: map[string]string{}}
	s.search.Label = "Searching…"
	s.search.OnError = s.failed
	s.more.Label = "Loading more results…"
	s.Track(c, &s.search, &s.more)
	s.Resize()
	return s
}

// Init sends the empty search, which lists the pages edited last.
func (s *Search) Init() tea.Cmd {
	return tea.Batch(textinput.Blink, s.start())
}

// Capturing is true while the input has focus.
func (s *Search) Capturing() bool { return s.input.Focused() }

// InputEmpty reports whether the input is empty, when ? opens the help.
func (s *Search) InputEmpty() bool { return s.input.Value() == "" }

// Resume shows the screen again as it was left, with the input focused (so
// that typing types, whatever mode the screen was left in), and finishes
// what leaving interrupted: the same page of results, not a new search.
func (s *Search) Resume() tea.Cmd {
	return tea.Batch(s.input.Focus(), s.Requests.Resume())
}

// Resize implements common.Screen.
func (s *Search) Resize() tea.Cmd {
	s.input.SetStyles(s.c.Styles.Input)
	s.input.SetWidth(max(s.c.Width-lipgloss.Width(s.input.Prompt)-lipgloss.Width(browseTag)-1, 1))
	s.list.SetHeight(s.listHeight())
	return nil
}

// browseTag marks the input line in browse mode.
const browseTag = " browsing "

// listHeight is what is left for rows under the tabs, the input and the
// count line.
func (s *Search) listHeight() int {
	above := lipgloss.Height(components.Tabs(s.c.Styles, s.c.Width, common.TabSearch)) + 2
	return max(s.c.Height-above, 1)
}

// Help implements common.Screen: only what works now.
func (s *Search) Help() help.KeyMap {
	k := s.c.Keys.Search
	p, havePage := s.selected()
	canRename := havePage && !common.IsDatabase(p)
	var short, moving []key.Binding
	if s.input.Focused() {
		moving = []key.Binding{k.Up, k.Down}
		short = []key.Binding{k.Down}
		if havePage || s.stale() {
			short = append(short, k.Open)
		}
		if canRename {
			short = append(short, k.Rename)
		}
		short = append(short, k.Blur)
	} else {
		moving = []key.Binding{k.BrowseUp, k.BrowseDown, k.PageUp, k.PageDown}
		short = []key.Binding{k.BrowseDown}
		if havePage {
			short = append(short, k.Open)
		}
		if canRename {
			short = append(short, k.BrowseRename)
		}
		short = append(short, k.Focus)
	}
	full := [][]key.Binding{moving, slices.Clone(short[1:])}
	if havePage {
		copyURL := k.CopyURL
		if !s.input.Focused() {
			copyURL = k.BrowseCopy
		}
		full[1] = append(full[1], copyURL)
	}
	return common.HelpKeys{Short: short, Full: full}
}

// Update implements common.Screen.
func (s *Search) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return s.key(msg)
	case tea.PasteMsg:
		return tea.Batch(s.input.Focus(), s.edit(msg))
	case common.PageRenamedMsg:
		for i := range s.results {
			if s.results[i].ID == msg.Page.ID {
				s.results[i].Title = msg.Page.Title
				if !msg.Page.LastEdited.IsZero() {
					s.results[i].LastEdited = msg.Page.LastEdited
				}
				s.titles[msg.Page.ID] = msg.Page.Title
			}
		}
	default:
		if s.input.Focused() {
			var cmd tea.Cmd
			s.input, cmd = s.input.Update(msg)
			return cmd
		}
	}
	return nil
}

func (s *Search) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys.Search
	if s.input.Focused() {
		switch {
		case key.Matches(msg, k.Up):
			s.moveBy(-1)
			return nil
		case key.Matches(msg, k.Down):
			return s.moveBy(1)
		case key.Matches(msg, k.Open):
			return s.open()
		case key.Matches(msg, k.Rename):
			s.rename()
			return nil
		case key.Matches(msg, k.CopyURL):
			return s.copyURL()
		case key.Matches(msg, k.Blur):
			s.input.Blur()
			return nil
		}
		return s.edit(msg)
	}
	switch {
	case key.Matches(msg, k.BrowseUp):
		s.moveBy(-1)
	case key.Matches(msg, k.BrowseDown):
		return s.moveBy(1)
	case key.Matches(msg, k.PageUp):
		s.moveBy(-s.listHeight())
	case key.Matches(msg, k.PageDown):
		return s.moveBy(s.listHeight())
	case key.Matches(msg, k.Open):
		return s.open()
	case key.Matches(msg, k.BrowseRename):
		s.rename()
	case key.Matches(msg, k.BrowseCopy):
		return s.copyURL()
	case key.Matches(msg, k.Focus):
		return s.input.Focus()
	case msg.Text != "":
		// A letter that is no command here is the start of a query.
		return tea.Batch(s.input.Focus(), s.edit(msg))
	}
	return nil
}

// moveBy moves the highlight and loads more results near the end.
func (s *Search) moveBy(delta int) tea.Cmd {
	s.list.Move(delta)
	s.movedSinceEdit = true
	return s.maybeLoadMore()
}

// edit passes a key or a paste to the input; when the text changed, the
// stale request is cancelled and a new search waits out the debounce. No
// request leaves from here: typing never waits on the network.
func (s *Search) edit(msg tea.Msg) tea.Cmd {
	before := s.input.Value()
	var cmd tea.Cmd
	s.input, cmd = s.input.Update(msg)
	value := s.input.Value()
	if value == before {
		return cmd
	}
	if id, ok := pageReference(value); ok {
		// A pasted link or id opens the page at once.
		s.input.SetValue(before)
		s.c.Emit(common.OpenPageMsg{ID: id})
		return cmd
	}
	s.openPending, s.movedSinceEdit = false, false
	s.search.Cancel()
	s.more.Cancel()
	return tea.Batch(cmd, common.After(&s.debounce, s.c.Debounce, s.start))
}

// pageReference reports whether the input holds a page link or id rather
// than words to search for.
func pageReference(v string) (string, bool) {
	v = strings.TrimSpace(v)
	if v == "" || strings.ContainsAny(v, " \t\n") {
		return "", false
	}
	hex := 0
	for _, r := range v {
		if (r >= '0' && r <= '9') || (r >= 'a' && r <= 'f') || (r >= 'A' && r <= 'F') {
			hex++
		}
	}
	if hex < 32 {
		return "", false
	}
	id, err := models.ParsePageID(v)
	return id, err == nil
}

// start sends the search for the input's text: its first page of results.
func (s *Search) start() tea.Cmd {
	notion := s.c.Notion()
	if notion == nil {
		return nil
	}
	s.debounce.Cancel()
	s.more.Cancel()
	query, _ := models.CleanQuery(s.input.Value())
	params := alloy.SearchParams{Query: query, PageSize: searchPageSize}
	return common.Fetch(s.c, &s.search, func(ctx context.Context) (alloy.PageList, error) {
		return notion.Search(ctx, params)
	}, func(list alloy.PageList) tea.Cmd {
		s.results = s.results[:0]
		s.titles = map[string]string{}
		s.list.SetCursor(0)
		s.show(query, list)
		if s.openPending {
			s.openPending = false
			return tea.Batch(s.open(), s.maybeLoadMore())
		}
		return s.maybeLoadMore()
	})
}

// failed shows a failed search in place of the results: nothing of an
// older query stays openable under the new one.
func (s *Search) failed(error) tea.Cmd {
	s.openPending = false
	s.results = s.results[:0]
	s.titles = map[string]string{}
	s.shownQuery, _ = models.CleanQuery(s.input.Value())
	s.answered = true
	s.hasMore, s.nextCursor = false, ""
	s.list.SetLength(0)
	return nil
}

// loadMore asks for the page of results after those shown.
func (s *Search) loadMore() tea.Cmd {
	notion := s.c.Notion()
	if notion == nil {
		return nil
	}
	query := s.shownQuery
	params := alloy.SearchParams{Query: query, Cursor: s.nextCursor, PageSize: searchPageSize}
	return common.Fetch(s.c, &s.more, func(ctx context.Context) (alloy.PageList, error) {
		return notion.Search(ctx, params)
	}, func(list alloy.PageList) tea.Cmd {
		s.show(query, list)
		return s.maybeLoadMore()
	})
}

// show adds a page of results for query to those shown.
func (s *Search) show(query string, list alloy.PageList) {
	s.answered, s.shownQuery = true, query
	for _, p := range list.Pages {
		if p.Object != "page" && !common.IsDatabase(p) {
			continue
		}
		s.results = append(s.results, p)
		s.titles[p.ID] = p.Title
	}
	s.nextCursor, s.hasMore = list.NextCursor, list.HasMore && list.NextCursor != ""
	s.list.SetLength(len(s.results))
}

// maybeLoadMore asks for the next page of results when the highlight is near
// the end of those loaded.
func (s *Search) maybeLoadMore() tea.Cmd {
	if !s.hasMore || s.search.Running() || s.more.Running() || s.list.Cursor() < len(s.results)-loadMoreWithin {
		return nil
	}
	return s.loadMore()
}

func (s *Search) selected() (models.Page, bool) {
	if len(s.results) == 0 {
		return models.Page{}, false
	}
	return s.results[s.list.Cursor()], true
}

func (s *Search) open() tea.Cmd {
	if s.stale() && !s.movedSinceEdit {
		// Enter right after typing means the first result for what was
		// typed: skip the rest of the debounce and open it on arrival.
		s.openPending = true
		if s.search.Running() {
			return nil
		}
		return s.start()
	}
	p, ok := s.selected()
	if !ok {
		return nil
	}
	// A database opens too: the page screen lists its rows.
	s.c.Emit(common.OpenPageMsg{ID: p.ID, Page: &p})
	return nil
}

// stale reports whether the results shown answer another query than the
// one typed.
func (s *Search) stale() bool {
	query, _ := models.CleanQuery(s.input.Value())
	return !s.answered || query != s.shownQuery
}

// copyURL copies the highlighted result's URL to the clipboard (OSC 52):
// the server's when it is a plain https link, else the one made from its id.
func (s *Search) copyURL() tea.Cmd {
	p, ok := s.selected()
	if !ok {
		return nil
	}
	url := models.SanitizeLine(p.URL)
	if !strings.HasPrefix(url, "https://") || strings.ContainsAny(url, " \"'<>") {
		url = models.PageLinkURL(p.ID)
	}
	s.c.Note("Copied the URL of " + common.Title(p) + ".")
	return tea.SetClipboard(url)
}

func (s *Search) rename() {
	p, ok := s.selected()
	switch {
	case !ok:
	case common.IsDatabase(p):
		s.c.Note("That is a database: only pages can be renamed here.")
	default:
		s.c.Emit(common.RenamePageMsg{Page: p})
	}
}

// View implements common.Screen.
func (s *Search) View() string {
	st := s.c.Styles
	w := s.c.Width
	var sb strings.Builder
	sb.WriteString(components.Tabs(st, w, common.TabSearch))
	sb.WriteByte('\n')
	sb.WriteString(s.inputLine())
	sb.WriteByte('\n')
	sb.WriteString(s.countLine())
	sb.WriteByte('\n')
	switch {
	case s.search.Err() != nil:
		sb.WriteString(st.Error.Render(wrap(common.Explain(s.search.Err()), w)))
	case s.answered && len(s.results) == 0 && !s.search.Running():
		sb.WriteString(s.emptyView())
	default:
		sb.WriteString(s.list.View(s.row))
	}
	return sb.String()
}

// inputLine is the input, marked when the screen is in browse mode so that
// the mode is plain to see.
func (s *Search) inputLine() string {
	line := s.input.View()
	if s.input.Focused() {
		return ansi.Truncate(line, s.c.Width, "")
	}
	tag := s.c.Styles.Selected.Render(browseTag)
	room := s.c.Width - lipgloss.Width(tag) - 1
	line = ansi.Truncate(line, max(room, 0), "")
	return line + strings.Repeat(" ", max(room-lipgloss.Width(line), 0)+1) + tag
}

func (s *Search) countLine() string {
	st := s.c.Styles
	switch {
	case s.search.Running() && !s.answered:
		return components.SpinnerLine(st, s.c.SpinnerFrame, s.search.Busy(s.c.Now()))
	case s.search.Err() != nil:
		what := "Search failed"
		if s.shownQuery != "" {
			what = "The search for “" + models.SanitizeLine(s.shownQuery) + "” failed"
		}
		return st.Error.Render(ansi.Truncate(what+":", s.c.Width, "…"))
	case !s.answered:
		return ""
	}
	n := len(s.results)
	text := "1 result"
	if n != 1 {
		text = strconv.Itoa(n) + " results"
	}
	if s.hasMore {
		text += ", more below"
	}
	if s.search.Running() {
		text += " · " + strings.ToLower(s.search.Busy(s.c.Now()))
	}
	return st.Subtle.Render(ansi.Truncate(text, s.c.Width, "…"))
}

func (s *Search) emptyView() string {
	st := s.c.Styles
	what := "No pages found"
	if s.shownQuery != "" {
		what = "No page title matches “" + models.SanitizeLine(s.shownQuery) + "”"
	}
	text := what + ".\n\nSearch only finds pages shared with the integration. In Notion, open a page's ••• menu, choose Connections, and add this integration; its sub-pages follow."
	return st.Subtle.Render(wrap(text, s.c.Width))
}

// row draws one result: icon, title, then where it sits and when it was
// edited, right-aligned.
func (s *Search) row(i int, selected bool) string {
	st := s.c.Styles
	p := s.results[i]
	w := s.c.Width
	edited := ""
	if ago := common.Ago(s.c.Now(), p.LastEdited); ago != "" {
		edited = "edited " + ago
	}
	details := s.where(p)
	switch {
	case details == "":
		details = edited
	case edited != "":
		details += " · " + edited
	}
	if ansi.StringWidth(details) > w*2/5 {
		// On a narrow terminal the title matters more than where it sits.
		details = edited
	}
	lead := "  "
	if selected {
		lead = "▌ "
	}
	title := lead + common.Icon(p) + " " + common.Title(p)
	titleRoom := w
	if dw := ansi.StringWidth(details); dw > 0 && dw+12 < w {
		titleRoom = w - dw - 2
	} else {
		details = ""
	}
	title = ansi.Truncate(title, titleRoom, "…")
	pad := w - ansi.StringWidth(title) - ansi.StringWidth(details)
	line := title + strings.Repeat(" ", max(pad, 0))
	if selected {
		return st.Selected.Render(line + details)
	}
	return st.Normal.Render(line) + st.Subtle.Render(details)
}

func (s *Search) where(p models.Page) string {
	if p.Parent.Type == "page_id" {
		if t, ok := s.titles[p.Parent.ID]; ok {
			return "in " + common.Title(models.Page{Title: t})
		}
	}
	return common.Where(p)
}
