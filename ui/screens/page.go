package screens

import (
	"context"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/render"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// linkMarker marks the selected link's line in the gutter.
const linkMarker = "▶"

// Page shows one Notion page: a header (with a database row's properties)
// over a LinkView holding the content as Glamour rendered it. It is glue: a
// pageLoader fetches, package render lays out, the LinkView scrolls and
// selects links. An id that turns out to be a database's is handed to the
// table screen.
type Page struct {
	c *common.Context
	common.Requests
	id string

	page *pageLoader

	// renderer keeps the rendered pieces of this screen's content;
	// drawing is the rendering in flight. redraw is set when the content
	// changed after it began, so another is due when it ends.
	renderer *render.Renderer
	drawing  common.Request
	redraw   bool
	// browse opens the page in the browser, browseWait times how long it
	// takes; urlNote says why the page's URL shows under the header
	// (the launcher failed, or is slow to answer), until the next key.
	browse, browseWait common.Request
	urlNote            browserNote
	// doc is the rendering shown, drawnWith what it was rendered with
	// (zero before the first), drawingWith what the one in flight is.
	doc                    render.Document
	drawnWith, drawingWith render.Options
	view                   *components.LinkView
	// lines are what the view shows, pageLinks how many links to pages
	// they hold.
	lines     []string
	pageLinks int

	// find is find in page; folds says which toggles are open and
	// toggles where the drawn ones are (see pagefold.go).
	find    pageFind
	folds   folds
	toggles []toggleSpot
	// props is a row's property block (see rowprops.go).
	props rowBlock
}

// NewPage returns the page screen for a page id; known, when not nil, is
// what is already known of the page (a search result), shown at once.
func NewPage(c *common.Context, pageID string, known *models.Page) *Page {
	p := &Page{c: c, id: pageID, renderer: render.NewRenderer(), find: newPageFind(c)}
	p.drawing.Label = "Rendering…"
	p.browse.Label = "Opening the browser…"
	p.browse.OnError = func(error) tea.Cmd {
		p.browseWait.Cancel()
		p.showURL(noBrowser)
		return nil
	}
	k := c.Keys.Page
	p.view = components.NewLinkView(components.LinkViewKeys{
		Up: k.Up, Down: k.Down, PageUp: k.PageUp, PageDown: k.PageDown,
		Top: k.Top, Bottom: k.Bottom, NextLink: k.NextLink, PrevLink: k.PrevLink,
	}, linkMarker, c.Styles.Link)
	p.page = newPageLoader(c, pageID, known)
	p.page.changed = p.contentChanged
	p.page.notPage = p.tryDatabase
	p.page.infoChanged = p.infoArrived
	p.Track(c, p.page.requests()...)
	p.Track(c, &p.drawing, &p.props.schema)
	p.Resize()
	return p
}

// tryDatabase is called when Notion does not know the id as a page's: it
// answers a database's id that way.
func (p *Page) tryDatabase(pageErr error) tea.Cmd {
	p.page.cancel()
	// A database opens as a table, in this screen's place.
	p.c.Emit(common.OpenDatabaseMsg{ID: p.id, PageErr: pageErr, Replace: true})
	return nil
}

// Init starts loading.
func (p *Page) Init() tea.Cmd { return tea.Batch(p.load(), p.readSchema()) }

// load starts loading from scratch.
func (p *Page) load() tea.Cmd {
	return p.page.start()
}

// resume goes on with a load that stopped, from where it stopped; a
// complete page loads again.
func (p *Page) resume() tea.Cmd {
	if p.page.complete {
		return p.page.start()
	}
	return p.page.resume()
}

// Capturing implements common.Screen: the find prompt has the keys while
// it is open.
func (p *Page) Capturing() bool { return p.find.prompting }

// HoldsBack reports whether esc has something to clear on the page (the
// matches of a find) before it goes back.
func (p *Page) HoldsBack() bool { return p.find.active() }

// Busy implements common.Screen: the load's progress, else the rendering,
// else the browser being opened.
func (p *Page) Busy() string {
	b := p.page.busy()
	if b == "" {
		b = p.drawing.Busy(p.c.Now())
	}
	if b == "" {
		b = p.browse.Busy(p.c.Now())
	}
	return b
}

// Resize implements common.Screen: the content is laid out again at the new
// width, from the cache when it was drawn at this width before.
func (p *Page) Resize() tea.Cmd {
	p.view.SetHighlight(p.c.Styles.Link)
	p.layout()
	want := p.renderOptions()
	if p.drawnWith == (render.Options{}) || p.drawnWith == want || p.drawing.Running() && p.drawingWith == want {
		return nil
	}
	// The pieces on screen are laid out first, the rest after (Stale).
	p.renderer.FocusOn(p.doc.PieceAt(p.view.Offset()))
	return p.startRender()
}

// layout gives the view what the header and the notice leave.
func (p *Page) layout() {
	above := lipgloss.Height(p.header())
	if n := p.notice(); n != "" {
		above += lipgloss.Height(n)
	}
	p.find.input.SetStyles(p.c.Styles.Input)
	p.find.input.SetWidth(max(p.c.Width/2, 10))
	p.view.SetSize(p.c.Width, p.c.Height-above-1) // the bar under it
}

// renderOptions is what the content is to be rendered with now.
func (p *Page) renderOptions() render.Options {
	return render.Options{Width: p.view.TextWidth(), Style: p.c.Styles.Glamour, Fallback: render.DarkStyle}
}

// started reports whether there is content to render.
func (p *Page) started() bool {
	return p.page.started()
}

// contentChanged renders again, now or, when a rendering is in flight,
// once it is done.
func (p *Page) contentChanged() tea.Cmd {
	if !p.started() {
		return nil
	}
	if p.drawing.Running() {
		p.redraw = true
		return nil
	}
	return p.startRender()
}

// startRender renders what has arrived off the Update loop, cancelling a
// rendering in flight.
func (p *Page) startRender() tea.Cmd {
	if !p.started() {
		return nil
	}
	p.redraw = false
	content := p.page.content(p.folds.clone(), p.find.query)
	query := p.find.query
	r, o := p.renderer, p.renderOptions()
	p.drawingWith = o
	return common.Fetch(p.c, &p.drawing, func(ctx context.Context) (drawn, error) {
		d, err := content(ctx, r, o)
		d.opts, d.query = o, query
		return d, err
	}, p.rendered)
}

// drawn is a finished rendering and what it was rendered with: with the
// toggles drawn in it, and those a find opened because they hold a match.
type drawn struct {
	doc     render.Document
	opts    render.Options
	toggles []toggleSpot
	opened  []string
	query   string
}

// rendered shows a finished rendering and starts the next when one is due.
func (p *Page) rendered(d drawn) tea.Cmd {
	before, top, relaid := p.doc, p.view.Offset(), p.drawnWith.Width != d.opts.Width || p.doc.Stale
	p.doc, p.drawnWith, p.toggles = d.doc, d.opts, d.toggles
	for _, id := range d.opened {
		p.folds.set(id, true)
	}
	p.show()
	if d.query == p.find.query && !p.loading() {
		p.find.jump = false // no match even in the toggles
	}
	if relaid {
		if line, ok := sameReadingLine(before, d.doc, top); ok {
			p.view.SetOffset(line)
		}
	}
	if p.redraw || d.doc.Stale || d.opts != p.renderOptions() {
		return p.startRender()
	}
	return nil
}

// sameReadingLine is the line of after, the same content laid out at
// another width, where the reader of before at line top goes on reading: in
// the same piece, at the same share of it.
func sameReadingLine(before, after render.Document, top int) (int, bool) {
	k := -1
	for i, start := range before.Starts {
		if start > top {
			break
		}
		k = i
	}
	if k < 0 || k >= len(after.Starts) {
		return 0, false
	}
	pieceLen := func(d render.Document, i int) int {
		if i+1 < len(d.Starts) {
			return d.Starts[i+1] - d.Starts[i]
		}
		return len(d.Lines) - d.Starts[i]
	}
	within := top - before.Starts[k]
	return after.Starts[k] + within*pieceLen(after, k)/max(pieceLen(before, k), 1), true
}

// show gives the view the rendering and, when the load stopped short, the
// marker that says so.
func (p *Page) show() {
	lines := p.doc.Lines
	if marker := p.missingMarker(); marker != "" {
		lines = append(lines[:len(lines):len(lines)], "", marker)
	}
	links := p.doc.PageLinks()
	p.lines, p.pageLinks = lines, len(links)
	p.view.SetContent(lines, withToggles(links, p.toggles))
	p.refind()
}

// missingMarker is the line that ends a partial page ("Not loaded: about
// 1,760 more blocks. r resumes."), "" when nothing is missing.
func (p *Page) missingMarker() string {
	st := p.c.Styles
	if !p.page.partial() {
		return ""
	}
	what := p.page.missing()
	r := p.c.Keys.Page.Reload.Help().Key
	return st.Warning.Render(what) + " " + st.Key.Render(r) + st.Warning.Render(" resumes.")
}

// resumeBinding is the reload key, described as what it does now.
func (p *Page) resumeBinding() key.Binding {
	b := p.c.Keys.Page.Reload
	if p.partial() {
		b.SetHelp(b.Help().Key, "resume")
	}
	return b
}

// partial reports whether the load stopped short.
func (p *Page) partial() bool {
	return p.page.partial()
}

// Help implements common.Screen: only the keys that do something now (the
// root adds the global ones).
func (p *Page) Help() help.KeyMap {
	k := p.c.Keys.Page
	scrolls := p.view.Lines() > p.view.Height()
	links := p.view.Links() > 0
	canRename := p.page != nil && p.page.havePage
	var short, moving, linking, acting []key.Binding
	if scrolls {
		short = append(short, k.Down)
		moving = []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom}
	}
	if links {
		// tab selects page links and toggles: the help names which.
		next, prev := k.NextLink, k.PrevLink
		if what := p.tabSelects(); what != "link" {
			next.SetHelp(next.Help().Key, "next "+what)
			prev.SetHelp(prev.Help().Key, "previous "+what)
		}
		short = append(short, next)
		if l, selected := p.view.Selected(); selected && !strings.HasPrefix(l.URL, toggleURL) {
			short = append(short, k.OpenLink) // enter opens nothing before tab
		}
		linking = []key.Binding{next, prev}
		if p.pageLinks > 0 {
			linking = append(linking, k.OpenLink)
		}
	}
	if canRename {
		short = append(short, k.Rename)
		acting = append(acting, k.Rename, k.New)
	}
	if p.partial() || p.failed() != nil {
		short = append(short, p.resumeBinding())
	}
	if b, ok := p.propertiesBinding(); ok {
		short, acting = append(short, b), append(acting, b)
	}
	short = append(short, k.Browser, k.Copy)
	acting = append(acting, k.Browser, k.Copy, k.CopyMarkdown, p.resumeBinding())
	if page, ok := p.known(); ok && page.Parent.Type != "workspace" && page.Parent.Type != "" {
		acting = append(acting, k.Parent)
	}
	short, reading := p.readingHelp(short)
	if p.find.prompting {
		return common.HelpKeys{Short: short, Full: [][]key.Binding{reading}}
	}
	var full [][]key.Binding
	for _, group := range [][]key.Binding{moving, linking, reading, acting} {
		if len(group) > 0 {
			full = append(full, group)
		}
	}
	return common.HelpKeys{Short: short, Full: full}
}

// Update implements common.Screen.
func (p *Page) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return p.key(msg)
	case tea.MouseWheelMsg:
		p.view.Update(msg)
	case common.PageRenamedMsg:
		p.renamed(msg.Page)
	case common.PageCreatedMsg:
		return p.childCreated(msg.Page)
	}
	return nil
}

// renamed shows a new title of the page or of its parent.
func (p *Page) renamed(page models.Page) {
	l := p.page
	if l == nil {
		return
	}
	if sameID(page.ID, p.id) {
		l.page.Title, l.page.TitleRich = page.Title, page.TitleRich
		if !page.LastEdited.IsZero() {
			l.page.LastEdited = page.LastEdited
		}
	}
	if l.page.Parent.Type == "page_id" && sameID(page.ID, l.page.Parent.ID) {
		l.parentTitle = page.Title
	}
}

// sameID compares page ids whatever their dashes and case.
func sameID(a, b string) bool {
	return models.CompactID(a) == models.CompactID(b)
}

func (p *Page) key(msg tea.KeyPressMsg) tea.Cmd {
	k := p.c.Keys.Page
	if p.find.prompting {
		return p.promptKey(msg)
	}
	if !key.Matches(msg, k.Copy) {
		p.showURL(noURLNote)
	}
	if key.Matches(msg, k.Fold) {
		if t, ok := p.selectedToggle(); ok {
			return p.flip(t)
		}
	}
	if p.view.Update(msg) {
		return nil
	}
	if cmd, ok := p.readingKey(msg); ok {
		return cmd
	}
	switch {
	case key.Matches(msg, k.OpenLink):
		if l, ok := p.view.Selected(); ok {
			p.c.Emit(common.OpenPageMsg{ID: l.PageID})
		} else if p.view.Links() > 0 {
			p.c.Note("Press " + k.NextLink.Help().Key + " to choose a link, then " + k.OpenLink.Help().Key + " to open it.")
		}
	case key.Matches(msg, k.Browser):
		return p.openBrowser()
	case key.Matches(msg, k.Copy):
		p.c.Note("Copied the page's URL.")
		return tea.SetClipboard(p.url())
	case key.Matches(msg, k.Reload):
		return p.resume()
	case key.Matches(msg, k.Properties):
		p.moreProperties()
	case key.Matches(msg, k.Rename):
		switch {
		case !p.page.havePage:
			p.c.Note("The page is still loading.")
		default:
			p.c.Emit(common.RenamePageMsg{Page: p.page.page})
		}
	case key.Matches(msg, k.New):
		switch {
		case !p.page.havePage:
			p.c.Note("The page is still loading.")
		default:
			p.c.Emit(common.CreatePageMsg{Parent: models.Parent{Type: "page_id", ID: p.page.page.ID}, Where: common.Title(p.page.page)})
		}
	}
	return nil
}

// known is what is known of the page so far.
func (p *Page) known() (models.Page, bool) {
	return p.page.page, p.page.havePage
}

// url is the page's address for the browser and the clipboard. The server's
// URL is used only when it is a plain https link: remote text must not choose
// what program the browser hands it to.
func (p *Page) url() string {
	page, _ := p.known()
	if u := models.SanitizeLine(page.URL); strings.HasPrefix(u, "https://") && !strings.ContainsAny(u, " \"'<>") {
		return u
	}
	return models.PageLinkURL(p.id)
}

// openBrowser opens the page in the browser; when none can be opened, it
// says so and shows the URL to copy instead of the system's error.
// The URL is shown on the page, under the header, until the next key: the
// status bar is too narrow for it.
func (p *Page) openBrowser() tea.Cmd {
	open, url := p.c.OpenBrowser, p.url()
	if open == nil {
		p.showURL(noBrowser)
		return nil
	}
	launch := common.Fetch(p.c, &p.browse, func(context.Context) (struct{}, error) {
		return struct{}{}, open(url)
	}, func(struct{}) tea.Cmd {
		p.browseWait.Cancel()
		if p.urlNote == slowBrowser {
			p.showURL(noURLNote)
		}
		p.c.Note("Opened the page in the browser.")
		return nil
	})
	// A launcher can wait without a word (for a browser that never
	// comes, or until the browser quits): the URL shows all the same.
	wait := common.After(&p.browseWait, browserPatience, func() tea.Cmd {
		if p.browse.Running() {
			p.showURL(slowBrowser)
		}
		return nil
	})
	return tea.Batch(launch, wait)
}

// browserNote says why the page's URL shows under the header.
type browserNote int

const (
	noURLNote browserNote = iota
	// noBrowser: no browser could be opened.
	noBrowser
	// slowBrowser: the launcher has not answered after browserPatience.
	slowBrowser
)

// browserPatience is how long the browser's launcher may take before the
// page shows its URL to copy.
var browserPatience = 3 * time.Second

// showURL shows the note under the header that says why the URL shows, or
// hides it (noURLNote).
func (p *Page) showURL(note browserNote) {
	if p.urlNote != note {
		p.urlNote = note
		p.layout()
	}
}

// notice is the note under the header, "" when there is none.
func (p *Page) notice() string {
	why := ""
	switch p.urlNote {
	case noBrowser:
		why = "No browser could be opened."
	case slowBrowser:
		why = "The browser has not opened yet."
	default:
		return ""
	}
	st := p.c.Styles
	copyKey := p.c.Keys.Page.Copy.Help().Key
	// The URL has a line of its own, so that it is never broken.
	say := st.Warning.Render(why+" The page's URL (") + st.Key.Render(copyKey) +
		st.Warning.Render(" copies it):")
	return lipgloss.NewStyle().Width(p.c.Width).Render(say) + "\n" +
		st.Normal.Render(ansi.Truncate(p.url(), p.c.Width, "…"))
}

// failed is why nothing of the page can be shown, nil when something can.
func (p *Page) failed() error {
	return p.page.failed()
}

// header is the page's header: its title, where it sits, when it was
// edited and how many links it has; or, when it could not be read, why.
func (p *Page) header() string {
	st := p.c.Styles
	h := components.Header{Title: "Loading…"}
	page, have := p.known()
	if err := p.failed(); err != nil && (!have || p.page.info.Err() != nil) {
		h.Title = failureTitle(err, false)
		h.Details = []string{models.PageLinkURL(p.id)}
		return h.View(st, p.c.Width)
	}
	if have {
		h.Icon, h.Title = common.Icon(page), common.Title(page)
		where := common.Where(page)
		if p.page != nil && p.page.parentTitle != "" {
			where = "in " + common.Title(models.Page{Title: p.page.parentTitle})
		}
		edited := ""
		if ago := common.Ago(p.c.Now(), page.LastEdited); ago != "" {
			edited = "edited " + ago
		}
		h.Details = []string{where, edited}
	}
	if what := p.tabTargets(p.c.Width - detailsWidth(h.Details)); what != "" {
		h.Details = append(h.Details, what)
	}
	if p.page != nil && p.page.partial() {
		// The marker is at the end; the top must not look complete either.
		h.Details = append(h.Details, "partly loaded")
	}
	return h.View(st, p.c.Width) + p.propertiesView()
}

// foldableToggles counts the toggles drawn that tab selects.
func (p *Page) foldableToggles() int {
	n := 0
	for _, t := range p.toggles {
		if t.foldable {
			n++
		}
	}
	return n
}

// tabSelects names what tab selects on the page: "link", "toggle" or
// "link or toggle".
func (p *Page) tabSelects() string {
	switch links, toggles := p.pageLinks > 0, p.foldableToggles() > 0; {
	case links && toggles:
		return "link or toggle"
	case toggles:
		return "toggle"
	}
	return "link"
}

// tabTargets counts for the header what tab selects: the links to pages
// (a link to the web is not selected) and the toggles ("6 page links, 2
// toggles (tab)"), or in room cells their sum ("8 tab stops"); "" when
// there is nothing.
func (p *Page) tabTargets(room int) string {
	count := func(n int, noun string) string {
		if n == 1 {
			return "1 " + noun
		}
		return thousands(n) + " " + noun + "s"
	}
	links, toggles := p.pageLinks, p.foldableToggles()
	var parts []string
	if links > 0 {
		parts = append(parts, count(links, "page link"))
	}
	if toggles > 0 {
		parts = append(parts, count(toggles, "toggle"))
	}
	if len(parts) == 0 {
		return ""
	}
	say := strings.Join(parts, ", ") + " (" + p.c.Keys.Page.NextLink.Help().Key + ")"
	if ansi.StringWidth(say) > room && len(parts) > 1 {
		say = count(links+toggles, "tab stop")
	}
	return say
}

// detailsWidth is how wide the header's details line is with details, and
// the dot that leads one more.
func detailsWidth(details []string) int {
	w := 0
	for _, d := range details {
		if d != "" {
			w += ansi.StringWidth(d) + ansi.StringWidth(" · ")
		}
	}
	return w
}

// failureTitle says in the header why a page could not be read.
func failureTitle(err error, database bool) string {
	what := "page"
	if database {
		what = "database"
	}
	if alloy.MayBeDatabase(err) {
		return "Not found: no such " + what + ", or it is not shared with the integration"
	}
	return "The " + what + " could not be loaded"
}

// View implements common.Screen. It only lays out what is ready: loading
// and rendering happen in commands.
func (p *Page) View() string {
	st := p.c.Styles
	head := p.header()
	if n := p.notice(); n != "" {
		head += "\n" + n
	}
	var body string
	bar := true
	switch err := p.failed(); {
	case err != nil:
		why := common.Explain(err)
		if alloy.MayBeDatabase(err) {
			// The header says it was not found; say what to do.
			why = "If it exists, share it with the integration in Notion (the page's ••• menu, Connections), then try again."
		}
		body = st.Error.Render(wrap(why, p.c.Width)) + "\n\n" +
			hints(st, p.c.Keys.Page.Reload, p.c.Keys.Global.Back)
		bar = false
	case p.drawnWith != (render.Options{}):
		body = p.view.View()
	default:
		body = components.SpinnerLine(st, p.c.SpinnerFrame, "Loading the page…")
		bar = false
	}
	if !bar {
		return head + "\n" + body
	}
	return head + "\n" + body + "\n" + p.bar()
}
