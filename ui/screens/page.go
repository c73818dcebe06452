package screens

import (
	"context"
	"maps"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/glamour/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// RenderInterval is the shortest time between two renderings of a page while
// its nested blocks stream in: Glamour is too slow to run on every list page
// that arrives, and the eye does not need it.
const RenderInterval = 100 * time.Millisecond

// gutterWidth is the width of the column left of the page text that marks the
// selected link.
const gutterWidth = 2

// Page shows one Notion page: a header over a viewport holding the page as
// Glamour rendered it. A database is shown the same way, its rows as a list
// of links (see database.go).
type Page struct {
	c      *common.Context
	id     int
	pageID string

	page        models.Page
	havePage    bool
	parentTitle string

	// gen is the generation of the load; reload and resume start a new one.
	gen     int
	cancel  context.CancelFunc
	loadCtx context.Context
	// rootKey is the parent id the page's own blocks arrive under.
	rootKey  string
	lists    map[string][]*models.Block
	topLevel bool // the page's first list page arrived
	treeDone bool
	fetched  int
	pending  int
	loadErr  error
	// interrupted is set when Suspend cancelled a load, so Resume restarts it.
	interrupted bool
	// pageAnswered is set when RetrievePage answered, either way; until
	// then treeErr holds a tree failure that may only mean the id is a
	// database's, not a page's.
	pageAnswered bool
	treeErr      error

	// isDatabase is set when the id is known to be a database's: from the
	// search result, or because the page was not found and the database
	// was tried. rows are its rows, in the order the query gave them; the
	// load's topLevel, treeDone and fetched then count row pages.
	isDatabase bool
	// pageErr is why RetrievePage failed when that led to trying the
	// database: what the user is told if the database is not there either.
	pageErr    error
	dbAnswered bool
	rows       []models.Page
	// version counts changes to lists; a rendering is of one version.
	version int

	rendering      bool
	dirty          bool // lists or width changed since the rendering in flight began
	throttled      bool // a render tick is pending
	shownVersion   int
	shownWidth     int
	shownStyle     string
	cacheVersion   int
	cache          map[renderKey]renderedPage
	lines          []string // the rendering shown, without the link highlight
	links          []pageLink
	selectedLink   int // -1 when none
	selectedLinkID string

	vp viewport.Model
}

// renderKey is what a rendering depends on besides the tree.
type renderKey struct {
	width int
	style string
}

// renderedPage is a page rendered at one width: its lines and the links to
// other pages found in them.
type renderedPage struct {
	lines []string
	links []pageLink
}

// pageLink is a link to another page: the line it starts on and the page id.
type pageLink struct {
	line       int
	id         string
	start, end int
}

type pageInfoMsg struct {
	target, gen int
	page        models.Page
	err         error
}

func (m pageInfoMsg) TargetID() int { return m.target }

type parentTitleMsg struct {
	target   int
	parentID string
	title    string
}

func (m parentTitleMsg) TargetID() int { return m.target }

type subtreeMsg struct {
	target, gen int
	ev          alloy.Subtree
	ch          <-chan tea.Msg
}

func (m subtreeMsg) TargetID() int { return m.target }

type treeDoneMsg struct {
	target, gen int
	err         error
}

func (m treeDoneMsg) TargetID() int { return m.target }

type pageRenderedMsg struct {
	target, version, width int
	style                  string
	out                    renderedPage
	err                    error
}

func (m pageRenderedMsg) TargetID() int { return m.target }

type renderTickMsg struct{ target int }

func (m renderTickMsg) TargetID() int { return m.target }

// NewPage returns the page screen for a page id; known, when not nil, is
// what is already known of the page (a search result), shown at once.
func NewPage(c *common.Context, pageID string, known *models.Page) *Page {
	p := &Page{
		c:            c,
		id:           c.NewID(),
		pageID:       pageID,
		lists:        map[string][]*models.Block{},
		cache:        map[renderKey]renderedPage{},
		selectedLink: -1,
	}
	if known != nil {
		p.page, p.havePage = *known, true
		p.isDatabase = common.IsDatabase(*known)
	}
	p.vp = viewport.New()
	p.vp.MouseWheelEnabled = true
	p.vp.KeyMap = viewport.KeyMap{} // keys are matched here, against common.Keys
	p.vp.LeftGutterFunc = p.gutter
	p.Resize()
	return p
}

// ID implements common.Screen.
func (p *Page) ID() int { return p.id }

// PageID is the id of the page shown.
func (p *Page) PageID() string { return p.pageID }

// Init starts loading the page.
func (p *Page) Init() tea.Cmd { return p.load() }

// Capturing implements common.Screen: the page has no text input.
func (p *Page) Capturing() bool { return false }

// Busy implements common.Screen.
func (p *Page) Busy() string {
	switch {
	case p.isDatabase && !p.topLevel && p.loadErr == nil:
		return "Loading the database…"
	case p.isDatabase && !p.treeDone && p.loadErr == nil:
		return "Loading rows: " + itoa(len(p.rows)) + " so far…"
	case !p.topLevel && p.loadErr == nil:
		return "Loading the page…"
	case !p.treeDone && p.loadErr == nil:
		s := "Loading nested blocks: " + itoa(p.fetched) + " lists"
		if p.pending > 0 {
			s += ", " + itoa(p.pending) + " to go"
		}
		return s + "…"
	case p.rendering || p.shownVersion != p.version:
		return "Rendering…"
	}
	return ""
}

// Suspend cancels a load in flight.
func (p *Page) Suspend() {
	if p.cancel != nil && !p.treeDone && p.loadErr == nil {
		p.cancel()
		p.interrupted = true
	}
}

// Resume reloads a page whose load Suspend interrupted.
func (p *Page) Resume() tea.Cmd {
	if !p.interrupted {
		return nil
	}
	p.interrupted = false
	return p.load()
}

// Resize implements common.Screen: the page is drawn again from what is
// loaded, from the cache when it was drawn at this width before.
func (p *Page) Resize() tea.Cmd {
	p.vp.SetWidth(max(p.c.Width, gutterWidth+1))
	p.vp.SetHeight(max(p.c.Height-components.HeaderHeight, 1))
	if !p.topLevel || (p.shownWidth == p.renderWidth() && p.shownStyle == p.c.Styles.Glamour) {
		return nil
	}
	if r, ok := p.cache[p.renderKey()]; ok && p.cacheVersion == p.version {
		p.apply(r, p.version, p.renderKey())
		return nil
	}
	return p.requestRender()
}

// Help implements common.Screen.
func (p *Page) Help() help.KeyMap {
	k := p.c.Keys.Page
	g := p.c.Keys.Global
	return common.HelpKeys{
		Short: []key.Binding{k.Down, k.NextLink, k.OpenLink, k.Rename, k.Browser, k.Copy, g.Back},
		Full: [][]key.Binding{
			{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom},
			{k.NextLink, k.PrevLink, k.OpenLink, g.Back},
			{k.Rename, k.Browser, k.Copy, k.Reload},
			{g.Help, g.Quit},
		},
	}
}

// renderWidth is the width Glamour wraps at: the screen minus the gutter.
func (p *Page) renderWidth() int { return max(p.c.Width-gutterWidth, 10) }

// renderKey is what the page should be rendered with now.
func (p *Page) renderKey() renderKey {
	return renderKey{width: p.renderWidth(), style: p.c.Styles.Glamour}
}

// load starts (or restarts) fetching the page and its block tree.
func (p *Page) load() tea.Cmd {
	notion := p.c.Notion()
	if notion == nil {
		return nil
	}
	p.restart()
	if p.isDatabase {
		return p.loadDatabase(notion)
	}
	ctx, gen, target, pageID := p.loadCtx, p.gen, p.id, p.pageID

	info := func() tea.Msg {
		page, err := notion.RetrievePage(ctx, pageID)
		return pageInfoMsg{target: target, gen: gen, page: page, err: err}
	}
	// BlockTree reports list pages through a callback; a goroutine turns
	// them into messages, one at a time, until the tree is done or the
	// screen is left.
	ch := make(chan tea.Msg, 64)
	go func() {
		defer close(ch)
		_, err := notion.BlockTree(ctx, pageID, func(ev alloy.Subtree) {
			select {
			case ch <- subtreeMsg{target: target, gen: gen, ev: ev, ch: ch}:
			case <-ctx.Done():
			}
		})
		select {
		case ch <- treeDoneMsg{target: target, gen: gen, err: err}:
		case <-ctx.Done():
		}
	}()
	return tea.Batch(info, waitForTree(ch))
}

// restart cancels the load in flight and forgets what it brought, ready
// for a new one under a new generation.
func (p *Page) restart() {
	if p.cancel != nil {
		p.cancel()
	}
	ctx, cancel := context.WithCancel(p.c.Ctx)
	p.cancel, p.loadCtx = cancel, ctx
	p.gen++
	p.lists = map[string][]*models.Block{}
	p.rows = nil
	p.rootKey = ""
	p.topLevel, p.treeDone, p.loadErr = false, false, nil
	p.pageAnswered, p.dbAnswered, p.treeErr = false, false, nil
	p.fetched, p.pending = 0, 0
}

// waitForTree delivers the next message of a tree load.
func waitForTree(ch <-chan tea.Msg) tea.Cmd {
	return func() tea.Msg {
		msg, ok := <-ch
		if !ok {
			return nil
		}
		return msg
	}
}

// Update implements common.Screen.
func (p *Page) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return p.key(msg)
	case tea.MouseWheelMsg:
		p.vp, _ = p.vp.Update(msg)
	case pageInfoMsg:
		if msg.gen != p.gen {
			return nil
		}
		p.pageAnswered = true
		if msg.err != nil {
			if common.IsCanceled(msg.err) {
				return nil
			}
			if notion := p.c.Notion(); notion != nil && alloy.MayBeDatabase(msg.err) {
				// Notion answers a database's id with "not found" (or, for
				// some versions, "validation failed") when asked for a page.
				p.pageErr, p.isDatabase = msg.err, true
				p.restart()
				return p.loadDatabase(notion)
			}
			if p.treeErr != nil {
				p.loadErr = p.treeErr
			}
			return errorCmd(msg.err)
		}
		p.page, p.havePage = msg.page, true
		if p.treeErr != nil {
			p.loadErr = p.treeErr
			return tea.Batch(errorCmd(p.treeErr), p.fetchParent())
		}
		return p.fetchParent()
	case databaseInfoMsg:
		return p.databaseInfo(msg)
	case databaseRowsMsg:
		return p.databaseRows(msg)
	case parentTitleMsg:
		if msg.parentID == p.page.Parent.ID {
			p.parentTitle = msg.title
		}
	case subtreeMsg:
		if msg.gen != p.gen {
			return nil
		}
		return tea.Batch(p.addSubtree(msg.ev), waitForTree(msg.ch))
	case treeDoneMsg:
		if msg.gen != p.gen {
			return nil
		}
		if msg.err != nil && !common.IsCanceled(msg.err) {
			if !p.pageAnswered && alloy.MayBeDatabase(msg.err) {
				// Wait for the page's answer: the id may be a database's.
				p.treeErr = msg.err
				return nil
			}
			p.loadErr = msg.err
			return errorCmd(msg.err)
		}
		if msg.err == nil {
			p.treeDone = true
			p.pending = 0
			if !p.topLevel {
				// An empty page sends no list page at all.
				p.topLevel = true
				p.version++
				return p.requestRender()
			}
		}
	case pageRenderedMsg:
		return p.rendered(msg)
	case renderTickMsg:
		p.throttled = false
		if p.dirty && !p.rendering {
			return p.startRender()
		}
	case common.PageRenamedMsg:
		if sameID(msg.Page.ID, p.pageID) {
			p.page.Title = msg.Page.Title
			p.page.TitleRich = msg.Page.TitleRich
			if !msg.Page.LastEdited.IsZero() {
				p.page.LastEdited = msg.Page.LastEdited
			}
		}
		if p.page.Parent.Type == "page_id" && sameID(msg.Page.ID, p.page.Parent.ID) {
			p.parentTitle = msg.Page.Title
		}
	}
	return nil
}

// sameID compares page ids whatever their dashes and case.
func sameID(a, b string) bool {
	return models.CompactID(a) == models.CompactID(b)
}

func (p *Page) fetchParent() tea.Cmd {
	notion := p.c.Notion()
	parent := p.page.Parent
	if notion == nil || parent.Type != "page_id" || parent.ID == "" || p.loadCtx == nil {
		return nil
	}
	// The parent's title is only worth having while the page is shown, so
	// the request shares the load's context.
	ctx, target := p.loadCtx, p.id
	return func() tea.Msg {
		page, err := notion.RetrievePage(ctx, parent.ID)
		if err != nil {
			return nil
		}
		return parentTitleMsg{target: target, parentID: parent.ID, title: page.Title}
	}
}

// addSubtree records one arrived list page and asks for a rendering.
func (p *Page) addSubtree(ev alloy.Subtree) tea.Cmd {
	if p.rootKey == "" {
		// The page's own first list page comes first.
		p.rootKey = ev.ParentID
	}
	p.lists[ev.ParentID] = append(p.lists[ev.ParentID], ev.Blocks...)
	p.fetched, p.pending = ev.Fetched, ev.Pending
	p.version++
	if ev.ParentID == p.rootKey {
		p.topLevel = true
	}
	if !p.topLevel {
		return nil
	}
	return p.requestRender()
}

// requestRender starts a rendering now, or marks one as wanted when one is
// in flight or the last one was too recent.
func (p *Page) requestRender() tea.Cmd {
	if p.rendering || p.throttled {
		p.dirty = true
		return nil
	}
	return p.startRender()
}

// startRender renders the current tree at the current width off the Update
// loop. The lists are copied (their slices only ever grow, so the copy is a
// consistent snapshot); the blocks themselves are never modified.
func (p *Page) startRender() tea.Cmd {
	p.rendering, p.dirty = true, false
	version, width, target := p.version, p.renderWidth(), p.id
	style := p.c.Styles.Glamour
	if p.isDatabase {
		// rows only ever grows by append: a slice capped at its length is
		// a consistent snapshot.
		rows := p.rows[:len(p.rows):len(p.rows)]
		now := p.c.Now()
		return func() tea.Msg {
			out, err := renderMarkdown(databaseMarkdown(rows, now), width, style)
			return pageRenderedMsg{target: target, version: version, width: width, style: style, out: out, err: err}
		}
	}
	snapshot := maps.Clone(p.lists)
	rootKey := p.rootKey
	if rootKey == "" {
		rootKey = p.pageID
	}
	return func() tea.Msg {
		out, err := renderPage(snapshot, rootKey, width, style)
		return pageRenderedMsg{target: target, version: version, width: width, style: style, out: out, err: err}
	}
}

// rendered takes a finished rendering and decides whether another is due.
func (p *Page) rendered(msg pageRenderedMsg) tea.Cmd {
	p.rendering = false
	if msg.err != nil {
		return errorCmd(msg.err)
	}
	key := renderKey{width: msg.width, style: msg.style}
	if msg.version == p.version {
		if p.cacheVersion != p.version {
			p.cache = map[renderKey]renderedPage{}
			p.cacheVersion = p.version
		}
		p.cache[key] = msg.out
	}
	if key == p.renderKey() && msg.version >= p.shownVersion {
		p.apply(msg.out, msg.version, key)
	}
	if p.shownWidth == p.renderWidth() && p.shownStyle == p.c.Styles.Glamour && p.shownVersion == p.version {
		// What is shown is up to date, whatever was asked meanwhile.
		p.dirty = false
		return nil
	}
	p.dirty = true
	if p.treeDone {
		return p.startRender()
	}
	p.throttled = true
	target := p.id
	return tea.Tick(RenderInterval, func(time.Time) tea.Msg { return renderTickMsg{target: target} })
}

// apply shows a rendering, keeping the reading position and the selected
// link.
func (p *Page) apply(r renderedPage, version int, key renderKey) {
	width := key.width
	oldTotal := p.vp.TotalLineCount()
	oldOffset := p.vp.YOffset()
	p.lines, p.links = r.lines, r.links
	p.selectedLink = -1
	if p.selectedLinkID != "" {
		for i, l := range p.links {
			if l.id == p.selectedLinkID {
				p.selectedLink = i
				break
			}
		}
	}
	p.vp.SetContentLines(p.highlight(p.lines))
	if p.shownWidth != width && oldTotal > 0 {
		// After a resize the same text sits at a proportional line.
		p.vp.SetYOffset(oldOffset * len(r.lines) / oldTotal)
	} else {
		p.vp.SetYOffset(oldOffset)
	}
	p.shownVersion, p.shownWidth, p.shownStyle = version, width, key.style
}

// renderPage assembles a block tree from its lists, converts it to Markdown
// and renders that with Glamour at width, finding the links to other pages.
// It is pure and slow; the page screen runs it in a command.
func renderPage(lists map[string][]*models.Block, rootKey string, width int, style string) (renderedPage, error) {
	tree := models.AssembleTree(rootKey, lists)
	md := models.Markdown(tree)
	if strings.TrimSpace(md) == "" {
		md = "*This page is empty.*\n"
	}
	return renderMarkdown(md, width, style)
}

// renderMarkdown renders a document with Glamour at width and finds the
// links to other pages in it. It is pure and slow.
func renderMarkdown(md string, width int, style string) (renderedPage, error) {
	r, err := glamour.NewTermRenderer(glamour.WithStylePath(style), glamour.WithWordWrap(width))
	if err != nil {
		// A broken GLAMOUR_STYLE must not hide the page.
		r, err = glamour.NewTermRenderer(glamour.WithStandardStyle("dark"), glamour.WithWordWrap(width))
		if err != nil {
			return renderedPage{}, err
		}
	}
	out, err := r.Render(md)
	if err != nil {
		return renderedPage{}, err
	}
	out = strings.TrimRight(out, "\n ")
	out = strings.TrimLeft(out, "\n")
	lines := strings.Split(out, "\n")
	return renderedPage{lines: lines, links: findPageLinks(lines)}, nil
}

// findPageLinks finds the hyperlinks (OSC 8, which Glamour writes around
// every link) that point at Notion pages. A link's text and its URL, and a
// link wrapped over lines, show as consecutive runs of the same target: they
// count once, at the first run, whose bytes [start, end) in its line hold the
// whole run, hyperlink sequences included.
func findPageLinks(lines []string) []pageLink {
	var links []pageLink
	lastURL, lastLine := "", -2
	for i, line := range lines {
		pos := 0
		for {
			at := strings.Index(line[pos:], "\x1b]8;")
			if at < 0 {
				break
			}
			open := pos + at
			params, paramsEnd := oscBody(line, open+4)
			if paramsEnd < 0 {
				break
			}
			pos = paramsEnd
			semi := strings.IndexByte(params, ';')
			if semi < 0 {
				continue
			}
			url := params[semi+1:]
			if url == "" {
				continue // the end of a link
			}
			// The run ends where the next hyperlink sequence (its reset)
			// begins.
			closeAt := strings.Index(line[pos:], "\x1b]8;")
			runEnd := len(line)
			if closeAt >= 0 {
				if _, e := oscBody(line, pos+closeAt+4); e >= 0 {
					runEnd = e
				}
			}
			if url == lastURL && i <= lastLine+1 {
				lastLine = i
				continue
			}
			lastURL, lastLine = url, i
			if id, ok := models.PageIDFromLink(url); ok {
				links = append(links, pageLink{line: i, id: id, start: open, end: runEnd})
			}
		}
	}
	return links
}

// oscBody returns the body of an OSC sequence whose body starts at from, and
// the index just past its terminator (BEL or ST), or -1 when it is not
// terminated on this line.
func oscBody(line string, from int) (string, int) {
	if from > len(line) {
		return "", -1
	}
	end := strings.IndexAny(line[from:], "\a\x1b")
	if end < 0 {
		return "", -1
	}
	body := line[from : from+end]
	if line[from+end] == '\a' {
		return body, from + end + 1
	}
	if from+end+1 < len(line) && line[from+end+1] == '\\' {
		return body, from + end + 2
	}
	return "", -1
}

// highlight returns the page's lines with the selected link's text drawn in
// the link style. Only the one line is rebuilt; the others are shared.
func (p *Page) highlight(lines []string) []string {
	if p.selectedLink < 0 || p.selectedLink >= len(p.links) {
		return lines
	}
	l := p.links[p.selectedLink]
	if l.line >= len(lines) || l.end > len(lines[l.line]) || l.start >= l.end {
		return lines
	}
	out := slices.Clone(lines)
	line := lines[l.line]
	text := ansi.Strip(line[l.start:l.end])
	out[l.line] = line[:l.start] + p.c.Styles.Link.Render(text) + line[l.end:]
	return out
}

func (p *Page) gutter(gc viewport.GutterContext) string {
	if p.selectedLink >= 0 && p.selectedLink < len(p.links) && gc.Index == p.links[p.selectedLink].line && gc.TotalLines > 0 {
		return p.c.Styles.Link.Render("▶") + " "
	}
	return "  "
}

func (p *Page) key(msg tea.KeyPressMsg) tea.Cmd {
	k := p.c.Keys.Page
	switch {
	case key.Matches(msg, k.Down):
		p.vp.ScrollDown(1)
	case key.Matches(msg, k.Up):
		p.vp.ScrollUp(1)
	case key.Matches(msg, k.PageDown):
		p.vp.PageDown()
	case key.Matches(msg, k.PageUp):
		p.vp.PageUp()
	case key.Matches(msg, k.Top):
		p.vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		p.vp.GotoBottom()
	case key.Matches(msg, k.NextLink):
		p.moveLink(1)
	case key.Matches(msg, k.PrevLink):
		p.moveLink(-1)
	case key.Matches(msg, k.OpenLink):
		if p.selectedLink < 0 || p.selectedLink >= len(p.links) {
			if len(p.links) == 0 {
				return nil
			}
			return infoCmd("Press tab to choose a link, then enter to open it.")
		}
		p.c.Emit(common.OpenPageMsg{ID: p.links[p.selectedLink].id})
		return nil
	case key.Matches(msg, k.Browser):
		return p.openBrowser()
	case key.Matches(msg, k.Copy):
		return tea.Batch(tea.SetClipboard(p.url()), infoCmd("Copied the page's URL."))
	case key.Matches(msg, k.Reload):
		p.interrupted = false
		return p.load()
	case key.Matches(msg, k.Rename):
		if p.isDatabase {
			return infoCmd("Renaming databases is not supported here.")
		}
		if !p.havePage {
			return infoCmd("The page is still loading.")
		}
		p.c.Emit(common.RenamePageMsg{Page: p.page})
		return nil
	}
	return nil
}

// moveLink selects the next or previous page link and scrolls it into view.
func (p *Page) moveLink(delta int) {
	n := len(p.links)
	if n == 0 {
		return
	}
	switch {
	case p.selectedLink < 0 && delta > 0:
		// Start from the first link at or below the top of the view.
		p.selectedLink = 0
		for i, l := range p.links {
			if l.line >= p.vp.YOffset() {
				p.selectedLink = i
				break
			}
		}
	case p.selectedLink < 0:
		p.selectedLink = n - 1
	default:
		p.selectedLink = (p.selectedLink + delta + n) % n
	}
	l := p.links[p.selectedLink]
	p.selectedLinkID = l.id
	offset := p.vp.YOffset()
	p.vp.SetContentLines(p.highlight(p.lines))
	p.vp.SetYOffset(offset)
	top, h := p.vp.YOffset(), p.vp.Height()
	if l.line < top || l.line >= top+h {
		p.vp.SetYOffset(l.line - h/3)
	}
}

// url is the page's address for the browser and the clipboard. The server's
// URL is used only when it is a plain https link: remote text must not choose
// what program the browser hands it to.
func (p *Page) url() string {
	if u := models.SanitizeLine(p.page.URL); strings.HasPrefix(u, "https://") && !strings.ContainsAny(u, " \"'<>") {
		return u
	}
	return models.PageLinkURL(p.pageID)
}

func (p *Page) openBrowser() tea.Cmd {
	open := p.c.OpenBrowser
	if open == nil {
		return infoCmd("No browser can be opened here: press y to copy the URL.")
	}
	url := p.url()
	return func() tea.Msg {
		if err := open(url); err != nil {
			return common.ErrorMsg{Err: err}
		}
		return common.InfoMsg{Text: "Opened the page in the browser."}
	}
}

// View implements common.Screen. It only lays out what is ready: rendering
// happens in commands.
func (p *Page) View() string {
	st := p.c.Styles
	h := components.Header{Icon: "", Title: "Loading…"}
	if p.havePage {
		h.Icon = common.Icon(p.page)
		h.Title = common.Title(p.page)
		where := common.Where(p.page)
		if p.parentTitle != "" {
			where = "in " + common.Title(models.Page{Title: p.parentTitle})
		}
		edited := ""
		if ago := common.Ago(p.c.Now(), p.page.LastEdited); ago != "" {
			edited = "edited " + ago
		}
		h.Details = []string{where, edited}
		if p.isDatabase {
			h.Details = []string{where, p.rowCount(), edited}
		}
	}
	if len(p.links) > 0 {
		noun := " links (tab)"
		if len(p.links) == 1 {
			noun = " link (tab)"
		}
		h.Details = append(h.Details, itoa(len(p.links))+noun)
	}
	head := h.View(st, p.c.Width)
	var body string
	switch {
	case p.shownVersion > 0:
		body = p.vp.View()
	case p.loadErr != nil:
		body = st.Error.Render(wrap(common.Explain(p.loadErr), p.c.Width)) + "\n\n" + st.Subtle.Render("Press r to try again, esc to go back.")
	case p.isDatabase:
		body = components.SpinnerLine(st, p.c.SpinnerFrame, "Loading the database…")
	default:
		body = components.SpinnerLine(st, p.c.SpinnerFrame, "Loading the page…")
	}
	return head + "\n" + body
}
