// Package screens holds the screens of the UI. A screen never imports another
// screen: it returns a message from package common and the root model acts.
package screens

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
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

// Search is the search screen: a text input over the results.
type Search struct {
	c     *common.Context
	id    int
	input textinput.Model
	list  components.List

	results []models.Page
	// titles maps page ids to titles among the results, to name parents.
	titles map[string]string

	// gen is the generation of the query typed; an answer to an older one
	// is dropped. shownQuery is the query the results answer.
	gen         int
	shownQuery  string
	nextCursor  string
	hasMore     bool
	loading     bool // a first page is on its way
	loadingMore bool
	answered    bool // at least one answer arrived
	err         error
	cancel      context.CancelFunc
	// interrupted is set when Suspend cancelled a request, so Resume sends
	// it again.
	interrupted bool
	// openPending is set when enter came before the answer to the typed
	// query: the first result of that answer opens as soon as it arrives,
	// rather than a stale result of an older query opening at once.
	openPending bool
	// movedSinceEdit is set when the highlight moved after the last edit:
	// then enter means the highlighted row, stale or not.
	movedSinceEdit bool
}

type searchDebounceMsg struct {
	target, gen int
}

func (m searchDebounceMsg) TargetID() int { return m.target }

type searchResultMsg struct {
	target, gen int
	query       string
	more        bool
	list        alloy.PageList
	err         error
}

func (m searchResultMsg) TargetID() int { return m.target }

// NewSearch returns the search screen with its input focused.
func NewSearch(c *common.Context) *Search {
	in := textinput.New()
	in.Prompt = "› "
	in.Placeholder = "search page titles, or paste a page link"
	in.SetStyles(c.Styles.Input)
	in.Focus()
	s := &Search{c: c, id: c.NewID(), input: in, titles: map[string]string{}}
	s.Resize()
	return s
}

// ID implements common.Screen.
func (s *Search) ID() int { return s.id }

// Init sends the empty search, which lists the pages edited last.
func (s *Search) Init() tea.Cmd {
	s.gen++
	return tea.Batch(textinput.Blink, s.start(false))
}

// Capturing is true while the input has focus.
func (s *Search) Capturing() bool { return s.input.Focused() }

// Busy implements common.Screen.
func (s *Search) Busy() string {
	switch {
	case s.loading:
		return "Searching…"
	case s.loadingMore:
		return "Loading more results…"
	}
	return ""
}

// Suspend cancels the request in flight.
func (s *Search) Suspend() {
	if s.cancel != nil && (s.loading || s.loadingMore) {
		s.cancel()
		s.interrupted = true
	}
	s.loading, s.loadingMore = false, false
}

// Resume sends again the request Suspend interrupted.
func (s *Search) Resume() tea.Cmd {
	if !s.interrupted {
		return nil
	}
	s.interrupted = false
	s.gen++
	return s.start(false)
}

// Resize implements common.Screen.
func (s *Search) Resize() tea.Cmd {
	s.input.SetStyles(s.c.Styles.Input)
	s.input.SetWidth(max(s.c.Width-4, 1))
	s.list.SetHeight(s.listHeight())
	return nil
}

// listHeight is what is left for rows under the tabs, the input and the
// count line.
func (s *Search) listHeight() int { return max(s.c.Height-3, 1) }

// Help implements common.Screen.
func (s *Search) Help() help.KeyMap {
	k := s.c.Keys.Search
	g := s.c.Keys.Global
	if s.input.Focused() {
		return common.HelpKeys{
			Short: []key.Binding{k.Down, k.Open, k.Rename, g.NextTab, k.Blur},
			Full: [][]key.Binding{
				{k.Up, k.Down, k.Open, k.Rename},
				{g.NextTab, g.PrevTab, k.Blur, g.Help, g.ForceQuit},
			},
		}
	}
	return common.HelpKeys{
		Short: []key.Binding{k.Down, k.Open, s.c.Keys.Page.Rename, k.Focus, g.Quit},
		Full: [][]key.Binding{
			{k.Up, k.Down, k.Open, s.c.Keys.Page.Rename, k.Focus},
			{g.SearchTab, g.ConnectionsTab, g.NextTab, g.Help, g.Quit},
		},
	}
}

// Update implements common.Screen.
func (s *Search) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return s.key(msg)
	case tea.PasteMsg:
		if !s.input.Focused() {
			s.input.Focus()
		}
		return s.edit(msg)
	case searchDebounceMsg:
		if msg.gen != s.gen {
			return nil
		}
		return s.start(false)
	case searchResultMsg:
		return s.result(msg)
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
	switch {
	case key.Matches(msg, k.Up):
		s.list.Move(-1)
		s.movedSinceEdit = true
		return nil
	case key.Matches(msg, k.Down):
		s.list.Move(1)
		s.movedSinceEdit = true
		return s.maybeLoadMore()
	case key.Matches(msg, k.Open):
		return s.open()
	case key.Matches(msg, k.Rename):
		return s.rename()
	}
	if !s.input.Focused() {
		switch {
		case key.Matches(msg, k.Focus):
			return s.input.Focus()
		case key.Matches(msg, s.c.Keys.Conns.Up):
			s.list.Move(-1)
		case key.Matches(msg, s.c.Keys.Conns.Down):
			s.list.Move(1)
			return s.maybeLoadMore()
		case key.Matches(msg, s.c.Keys.Page.Rename):
			return s.rename()
		case key.Matches(msg, s.c.Keys.Page.PageDown):
			s.list.Move(s.listHeight())
			return s.maybeLoadMore()
		case key.Matches(msg, s.c.Keys.Page.PageUp):
			s.list.Move(-s.listHeight())
		}
		return nil
	}
	if key.Matches(msg, k.Blur) {
		s.input.Blur()
		return nil
	}
	return s.edit(msg)
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
	s.gen++
	s.openPending, s.movedSinceEdit = false, false
	if s.cancel != nil {
		s.cancel()
		s.cancel = nil
	}
	s.loading, s.loadingMore = false, false
	gen, target := s.gen, s.id
	return tea.Batch(cmd, tea.Tick(s.c.Debounce, func(time.Time) tea.Msg {
		return searchDebounceMsg{target: target, gen: gen}
	}))
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

// start sends the search for the input's text, or the next page of the
// current results when more is set.
func (s *Search) start(more bool) tea.Cmd {
	notion := s.c.Notion()
	if notion == nil {
		return nil
	}
	if s.cancel != nil && !more {
		s.cancel()
	}
	ctx, cancel := context.WithCancel(s.c.Ctx)
	s.cancel = cancel
	query := strings.TrimSpace(s.input.Value())
	params := alloy.SearchParams{Query: query, PageSize: searchPageSize}
	if more {
		params.Query = s.shownQuery
		params.Cursor = s.nextCursor
		s.loadingMore = true
	} else {
		s.loading = true
	}
	gen, target := s.gen, s.id
	return func() tea.Msg {
		list, err := notion.Search(ctx, params)
		return searchResultMsg{target: target, gen: gen, query: params.Query, more: more, list: list, err: err}
	}
}

func (s *Search) result(msg searchResultMsg) tea.Cmd {
	if msg.gen != s.gen {
		return nil // an answer to an older query: never shown over a newer one
	}
	if msg.more {
		s.loadingMore = false
	} else {
		s.loading = false
	}
	if msg.err != nil {
		s.openPending = false
		if common.IsCanceled(msg.err) {
			return nil
		}
		s.err = msg.err
		return errorCmd(msg.err)
	}
	s.err = nil
	s.answered = true
	if !msg.more {
		s.results = s.results[:0]
		s.titles = map[string]string{}
		s.shownQuery = msg.query
		s.list.SetCursor(0)
	}
	for _, p := range msg.list.Pages {
		if p.Object != "page" && !common.IsDatabase(p) {
			continue
		}
		s.results = append(s.results, p)
		s.titles[p.ID] = p.Title
	}
	s.nextCursor, s.hasMore = msg.list.NextCursor, msg.list.HasMore && msg.list.NextCursor != ""
	s.list.SetLength(len(s.results))
	if s.openPending && !msg.more {
		s.openPending = false
		return tea.Batch(s.open(), s.maybeLoadMore())
	}
	return s.maybeLoadMore()
}

// maybeLoadMore asks for the next page of results when the highlight is near
// the end of those loaded.
func (s *Search) maybeLoadMore() tea.Cmd {
	if !s.hasMore || s.loading || s.loadingMore || s.list.Cursor() < len(s.results)-loadMoreWithin {
		return nil
	}
	return s.start(true)
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
		if s.loading {
			return nil
		}
		s.gen++ // the pending debounce tick is now stale
		return s.start(false)
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
	return !s.answered || strings.TrimSpace(s.input.Value()) != s.shownQuery
}

func (s *Search) rename() tea.Cmd {
	p, ok := s.selected()
	if !ok {
		return nil
	}
	if common.IsDatabase(p) {
		return infoCmd("That is a database: only pages can be renamed here.")
	}
	s.c.Emit(common.RenamePageMsg{Page: p})
	return nil
}

// View implements common.Screen.
func (s *Search) View() string {
	st := s.c.Styles
	w := s.c.Width
	var sb strings.Builder
	sb.WriteString(components.Tabs(st, w, common.TabSearch))
	sb.WriteByte('\n')
	sb.WriteString(ansi.Truncate(s.input.View(), w, ""))
	sb.WriteByte('\n')
	sb.WriteString(s.countLine())
	sb.WriteByte('\n')
	if s.answered && len(s.results) == 0 && !s.loading && s.err == nil {
		sb.WriteString(s.emptyView())
		return sb.String()
	}
	sb.WriteString(s.list.View(s.row))
	return sb.String()
}

func (s *Search) countLine() string {
	st := s.c.Styles
	switch {
	case s.loading && !s.answered:
		return components.SpinnerLine(st, s.c.SpinnerFrame, "Searching…")
	case s.err != nil && len(s.results) == 0:
		return st.Error.Render(ansi.Truncate(common.Explain(s.err), s.c.Width, "…"))
	case !s.answered:
		return ""
	}
	n := len(s.results)
	text := "1 result"
	if n != 1 {
		text = itoa(n) + " results"
	}
	if s.hasMore {
		text += ", more below"
	}
	if s.loading {
		text += " · searching…"
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
