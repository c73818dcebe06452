package screens

import (
	"context"
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/render"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

// emptyPage is shown for a page without content.
const emptyPage = "*This page is empty.*\n"

// pageLoader loads one page: its properties, its block tree and the title of
// its parent. The tree load is resumable: when it stops (an error, the
// network gone) the blocks that arrived stay, and resume goes on from the
// cursors where it stopped.
type pageLoader struct {
	c  *common.Context
	id string

	// info reads the page's properties, tree its blocks, parent the
	// title of the page it sits in.
	info, tree, parent common.Request

	page        models.Page
	havePage    bool
	parentTitle string

	// load is the tree load that resume goes on with, and holds the
	// blocks that arrived; nil before the first start.
	load *alloy.TreeLoad
	// runs lets one Run of load go at a time: a Run cancelled (the screen
	// left, r pressed) ends only once its requests in flight have, and
	// the next must not start before.
	runs chan struct{}
	// arrived is set once a list page arrived; loaded and estimated count
	// blocks as the load last said.
	arrived           bool
	loaded, estimated int
	complete          bool

	// changed is called when there is more to show; notPage when the id
	// turned out not to be a page's (it may be a database's).
	changed func() tea.Cmd
	notPage func(err error) tea.Cmd
	// infoChanged is called when the page's own answer arrived: the
	// header (a row's properties) may have grown.
	infoChanged func() tea.Cmd
}

// newPageLoader returns a loader for the page id; known, when set, is what
// is already known of the page and shows until the page's own answer.
func newPageLoader(c *common.Context, id string, known *models.Page) *pageLoader {
	l := &pageLoader{c: c, id: id}
	if known != nil {
		// A search result carries only its title: its row properties
		// show from the start too.
		l.page, l.havePage = *known, true
		l.page.DecodeProperties()
	}
	l.info.Label = "Loading the page…"
	l.info.OnError = l.infoFailed
	l.tree.Label = "Loading the page…"
	l.tree.OnError = l.treeFailed
	// The parent's title only adds to the header: no error for it.
	l.parent.OnError = func(error) tea.Cmd { return nil }
	return l
}

// requests are the loader's requests, for the screen to track.
func (l *pageLoader) requests() []*common.Request {
	return []*common.Request{&l.tree, &l.info, &l.parent}
}

// start loads the page from scratch, forgetting what arrived before.
func (l *pageLoader) start() tea.Cmd {
	notion := l.c.Notion()
	if notion == nil {
		return nil
	}
	l.load, l.runs = notion.NewTreeLoad(l.id), make(chan struct{}, 1)
	l.arrived, l.loaded, l.estimated, l.complete = false, 0, 0, false
	id := l.id
	info := common.Fetch(l.c, &l.info, func(ctx context.Context) (models.Page, error) {
		return notion.RetrievePage(ctx, id)
	}, l.infoArrived)
	return tea.Batch(info, l.runTree())
}

// resume goes on with a tree load that stopped, from where it stopped.
func (l *pageLoader) resume() tea.Cmd {
	if l.load == nil || l.info.Err() != nil {
		return l.start()
	}
	return l.runTree()
}

// runTree runs the tree load on the tree request. Running it again (r, or
// coming back to a page left while loading) resumes it.
func (l *pageLoader) runTree() tea.Cmd {
	load, runs := l.load, l.runs
	l.tree.Label = l.progressLine()
	return common.Stream(l.c, &l.tree, func(ctx context.Context, emit func(alloy.Subtree)) error {
		select {
		case runs <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		defer func() { <-runs }()
		return load.Run(ctx, emit)
	}, l.subtreeArrived, l.treeDone)
}

// cancel stops whatever the loader has in flight, for good.
func (l *pageLoader) cancel() {
	for _, r := range l.requests() {
		r.Cancel()
	}
}

// infoArrived takes the page's properties and asks for its parent's title.
func (l *pageLoader) infoArrived(page models.Page) tea.Cmd {
	l.page, l.havePage = page, true
	var more tea.Cmd
	if l.infoChanged != nil {
		more = l.infoChanged()
	}
	parent := page.Parent
	if parent.Type != "page_id" || parent.ID == "" {
		return more
	}
	notion := l.c.Notion()
	if notion == nil {
		return more
	}
	return tea.Batch(more, common.Fetch(l.c, &l.parent, func(ctx context.Context) (models.Page, error) {
		return notion.RetrievePage(ctx, parent.ID)
	}, func(p models.Page) tea.Cmd {
		l.parentTitle = p.Title
		return nil
	}))
}

// infoFailed takes a failure to read the page. The header says what went
// wrong, so the status bar does not repeat it; an id Notion does not know
// as a page's may be a database's.
func (l *pageLoader) infoFailed(err error) tea.Cmd {
	l.tree.Cancel()
	if alloy.MayBeDatabase(err) && l.notPage != nil {
		return l.notPage(err)
	}
	return l.changed()
}

// treeFailed takes a failure of the tree load: the blocks that arrived stay
// and the page says that the rest is missing, the status bar why. Before
// any block arrived the page itself says why (see failed); while the page's
// own answer is awaited, or when it failed, that answer tells best what
// went wrong.
func (l *pageLoader) treeFailed(err error) tea.Cmd {
	l.progressed(l.load.Progress())
	if l.started() && l.info.Err() == nil && !(l.info.Running() && alloy.MayBeDatabase(err)) {
		l.c.Fail(err)
	}
	return l.changed()
}

// subtreeArrived takes one list page of the tree (the load keeps its
// blocks) and asks for the page to be drawn again.
func (l *pageLoader) subtreeArrived(ev alloy.Subtree) tea.Cmd {
	l.progressed(alloy.TreeProgress{Blocks: ev.Loaded, EstimatedTotal: ev.EstimatedTotal, Lists: ev.Fetched})
	return l.changed()
}

// treeDone takes the end of a run of the tree load.
func (l *pageLoader) treeDone() tea.Cmd {
	p := l.load.Progress()
	l.progressed(p)
	// A run that ended without error is complete; the load's own word
	// is taken all the same, so that a page is never called whole when
	// it is not.
	l.complete = p.Complete
	return l.changed()
}

// progressed takes the load's progress. The load keeps every list page
// that arrived, even one whose event was dropped because the screen was
// left: its own counts are the truth.
func (l *pageLoader) progressed(p alloy.TreeProgress) {
	l.arrived = l.arrived || p.Lists > 0
	l.loaded, l.estimated = p.Blocks, p.EstimatedTotal
	l.tree.Label = l.progressLine()
}

// started reports whether any of the page's blocks arrived (or the whole,
// empty, tree): there is something to render.
func (l *pageLoader) started() bool { return l.arrived || l.complete }

// partial reports whether the tree load stopped before the end, after some
// of the page arrived: the page shows only part of itself.
func (l *pageLoader) partial() bool {
	return l.arrived && !l.complete && !l.tree.Running() && !l.tree.Interrupted()
}

// failed is why the page could not be shown at all: its own request
// failed, or the tree failed before any block arrived. nil otherwise.
func (l *pageLoader) failed() error {
	if err := l.info.Err(); err != nil {
		return err
	}
	if !l.started() {
		return l.tree.Err()
	}
	return nil
}

// missing is the marker that ends a partial page.
func (l *pageLoader) missing() string {
	if n := l.estimated - l.loaded; n > 0 {
		return "Not loaded: about " + thousands(n) + " more blocks."
	}
	return "Not loaded: the rest of the page."
}

// progressLine says how far the load has got: "Loading: 1,240 of ~3,000
// blocks".
func (l *pageLoader) progressLine() string {
	if l.loaded == 0 {
		return "Loading the page…"
	}
	return "Loading: " + l.counts()
}

// counts is "1,240 of ~3,000 blocks".
func (l *pageLoader) counts() string {
	return thousands(l.loaded) + " of ~" + thousands(max(l.estimated, l.loaded)) + " blocks"
}

// busy is what the loader is doing, for the status bar: the tree's
// progress, with the rate-limit wait when the client is waiting one out
// ("rate limited: waiting 2s (1,240 of ~3,000 blocks)").
func (l *pageLoader) busy() string {
	now := l.c.Now()
	if b := l.tree.Busy(now); b != "" {
		if b != l.tree.Label && l.loaded > 0 {
			b += " (" + l.counts() + ")"
		}
		return b
	}
	return l.info.Busy(now)
}

// content returns the rendering of what has arrived, to run off the Update
// loop: the load assembles a fresh copy of its tree, safe to read while it
// goes on. Toggles are folded as f says (f is the caller's copy), but
// those holding query (a find) open; the rendering says where its
// toggles are and which opened.
func (l *pageLoader) content(f folds, query string) func(ctx context.Context, r *render.Renderer, o render.Options) (drawn, error) {
	load := l.load
	return func(ctx context.Context, r *render.Renderer, o render.Options) (drawn, error) {
		tree := load.Tree()
		folded, opened := foldTree(tree, f, query)
		pieces := render.Split(folded)
		if len(pieces) == 0 {
			doc, err := r.Markdown(emptyPage, o)
			return drawn{doc: doc}, err
		}
		doc, err := r.Render(ctx, pieces, o)
		if err != nil {
			return drawn{}, err
		}
		for _, id := range opened {
			f.set(id, true)
		}
		return drawn{doc: doc, toggles: toggleSpots(doc, pieces, tree, f), opened: opened}, nil
	}
}

// thousands writes n with a comma between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	var b strings.Builder
	for i, d := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(d)
	}
	return b.String()
}
