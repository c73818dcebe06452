package alloy

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync"

	"github.com/alloy-tui/alloy-tui/models"
)

// Bounds of a block tree, so that a service that keeps inventing children
// or cursors ends the load with an error instead of running it for ever.
// Each children list is also bounded by MaxListPages list pages.
const (
	// MaxTreeDepth is how deep children lists are followed: the page's own
	// list is level 0, its blocks' children level 1, and so on. A block at
	// level MaxTreeDepth that has children fails the load (the renderer
	// draws no deeper either).
	MaxTreeDepth = 64
	// MaxTreeListPages bounds the list pages of one whole tree (about two
	// million blocks at most).
	MaxTreeListPages = 20000
)

// treeTask is one list page to fetch: the children of parent (read from
// source, which differs for a synced copy) from cursor on.
type treeTask struct {
	parent, source, cursor string
	// root marks the page's own cursor chain, the critical path.
	root bool
	// optional is set for a synced copy, whose original may not be shared
	// with the integration: then the copy shows empty instead of failing
	// the whole page.
	optional bool
	// depth is the list's level (the page's own list is 0); pages is how
	// many of its list pages have arrived.
	depth, pages int
}

type treeResult struct {
	task treeTask
	list BlockList
	err  error
}

// TreeLoad is a resumable load of one page's block tree.
//
// What has arrived stays in the TreeLoad: a Run cut short by an error or by
// its context ending leaves the lists it got, and the next Run continues
// from the cursors where that one stopped, never fetching again a list page
// it already has. Tree and Progress may be called at any time, from any
// goroutine; Run is not safe to call concurrently with itself.
type TreeLoad struct {
	n      *Notion
	pageID string

	mu sync.Mutex
	// lists holds the blocks arrived so far, by parent id, in order.
	lists map[string][]*models.Block
	// scheduled holds the ids whose children are known to be needed (a
	// block listed twice, or a cycle, is fetched once).
	scheduled map[string]bool
	// rootNext is the next list page of the page's own chain, nil while
	// it is being fetched and once the chain is complete (rootDone); queue
	// holds the other lists still to fetch, continuations of started lists
	// first.
	rootNext *treeTask
	rootDone bool
	queue    []treeTask
	// active holds the tasks being fetched by Run.
	active []treeTask
	// fetched counts list pages arrived; blocks, the blocks in them.
	fetched, blocks int
	// doneLists and doneBlocks count the complete children lists other
	// than the page's own, and their blocks, for the estimate.
	doneLists, doneBlocks int
	complete              bool
}

// NewTreeLoad returns a load of a page's block tree that has fetched
// nothing yet.
func (n *Notion) NewTreeLoad(pageID string) *TreeLoad {
	return &TreeLoad{
		n:         n,
		pageID:    pageID,
		lists:     map[string][]*models.Block{},
		scheduled: map[string]bool{pageID: true},
		rootNext:  &treeTask{parent: pageID, source: pageID, root: true},
	}
}

// BlockTree fetches a page's whole block tree with bounded concurrency,
// calling onSubtree (if not nil, never concurrently) as each list page
// arrives; the page's own first list page comes first. It does not descend
// into child_page or child_database. The returned tree is freshly
// assembled. It is a TreeLoad run once: see TreeLoad.Run for the
// scheduling and the bounds.
func (n *Notion) BlockTree(ctx context.Context, pageID string, onSubtree func(Subtree)) ([]*models.Block, error) {
	if pageID == "" {
		return nil, errors.New("block tree: no page id given")
	}
	t := n.NewTreeLoad(pageID)
	if err := t.Run(ctx, onSubtree); err != nil {
		return nil, err
	}
	return t.Tree(), nil
}

// Run fetches what is still missing, calling onSubtree (never
// concurrently) as list pages arrive, and returns nil once the tree is
// complete. After an error or ctx ending, what arrived stays and a later
// Run continues from the cursors where it stopped, never refetching a list
// page it already has. Not safe to call concurrently with itself.
//
// Scheduling: the page's own cursor chain is sequential by nature and is
// the critical path, so one of the MaxInFlight slots is kept for it while
// it lasts, and its requests go first in the connection's pacer. The other
// slots fetch children lists as soon as the list page naming them has
// arrived, continuations of a started list before new lists, so that
// nested chains finish early. A synced copy (synced_from.block_id) shows
// the children of its original; if the original is not shared, the copy
// is left empty rather than failing the page.
//
// Bounds: a list of more than MaxListPages list pages, a list deeper than
// MaxTreeDepth, more than MaxTreeListPages list pages in all, or a cursor
// that comes back unchanged end the load with an error naming the limit.
// The first failure stops new requests; the ones already sent are
// cancelled, and any list page that still arrives is kept.
func (t *TreeLoad) Run(ctx context.Context, onSubtree func(Subtree)) error {
	if t.pageID == "" {
		return errors.New("block tree: no page id given")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	slots := t.n.client.cfg.MaxInFlight
	results := make(chan treeResult, slots) // never more than slots senders
	var (
		inFlight    int
		rootRunning bool
		failed      error
	)
	launch := func(task treeTask) {
		inFlight++
		t.active = append(t.active, task)
		go func() {
			list, err := t.n.blockChildren(ctx, task.source, task.cursor, task.root)
			results <- treeResult{task: task, list: list, err: err}
		}()
	}
	fill := func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		if failed != nil || ctx.Err() != nil {
			return
		}
		if t.rootNext != nil && inFlight < slots {
			launch(*t.rootNext)
			t.rootNext, rootRunning = nil, true
		}
		childSlots := slots
		if !t.rootDone && slots > 1 {
			childSlots-- // kept for the page's own chain
		}
		for len(t.queue) > 0 && inFlight < slots && inFlight-boolInt(rootRunning) < childSlots {
			launch(t.queue[0])
			t.queue = t.queue[1:]
		}
	}
	fail := func(err error) {
		if failed == nil {
			failed = fmt.Errorf("block tree of %s: %w", t.pageID, err)
			cancel()
		}
	}

	for fill(); inFlight > 0; fill() {
		r := <-results
		inFlight--
		if r.task.root {
			rootRunning = false
		}
		if r.err != nil && r.task.optional && objectNotFound(r.err) {
			r.list, r.err = BlockList{}, nil // an unshared synced original: show the copy empty
		}
		if r.err != nil {
			t.putBack(r.task)
			if ctx.Err() == nil {
				fail(r.err)
			} // else: cancelled, by the caller or after a failure
			continue
		}
		ev, err := t.apply(r.task, r.list)
		if err != nil {
			fail(err)
			continue
		}
		if onSubtree != nil {
			// Start the next requests before the receiver works.
			fill()
			onSubtree(ev)
		}
	}
	if failed != nil {
		return failed
	}
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("block tree of %s: %w", t.pageID, err)
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.rootDone && t.rootNext == nil && len(t.queue) == 0 && len(t.active) == 0 {
		t.complete = true
	}
	return nil
}

// putBack returns a task whose fetch failed to the frontier, so that a
// later Run asks for the same list page again.
func (t *TreeLoad) putBack(task treeTask) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.doneWithLocked(task)
	t.putBackLocked(task)
}

func (t *TreeLoad) putBackLocked(task treeTask) {
	if task.root {
		t.rootNext = &task
		return
	}
	t.queue = append([]treeTask{task}, t.queue...)
}

// doneWithLocked takes a task out of the active ones.
func (t *TreeLoad) doneWithLocked(task treeTask) {
	for i, a := range t.active {
		if a == task {
			t.active = append(t.active[:i], t.active[i+1:]...)
			return
		}
	}
}

// apply records an arrived list page, or refuses it (leaving the task to
// fetch again) when it breaks a bound.
func (t *TreeLoad) apply(task treeTask, list BlockList) (Subtree, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.doneWithLocked(task)
	op := "block children of " + task.source
	complete := !list.HasMore || list.NextCursor == ""
	switch {
	case t.fetched+1 > MaxTreeListPages:
		t.putBackLocked(task)
		return Subtree{}, fmt.Errorf("more than %d list pages in one page; giving up", MaxTreeListPages)
	case !complete && task.pages+1 >= MaxListPages:
		t.putBackLocked(task)
		return Subtree{}, tooManyPages(op)
	case !complete && list.NextCursor == task.cursor:
		t.putBackLocked(task)
		return Subtree{}, unexpected(op, "the same cursor came back twice")
	}
	for _, b := range list.Blocks {
		if _, ok := childrenSource(b); ok && !t.scheduled[b.ID] && task.depth+1 > MaxTreeDepth {
			t.putBackLocked(task)
			return Subtree{}, fmt.Errorf("blocks nested more than %d levels deep; giving up", MaxTreeDepth)
		}
	}

	t.fetched++
	blocks := list.Blocks
	for _, b := range blocks {
		// Nothing else holds these yet; handed out, they are frozen.
		b.Children = nil
	}
	t.blocks += len(blocks)
	t.lists[task.parent] = append(t.lists[task.parent], blocks...)
	for _, b := range blocks {
		source, ok := childrenSource(b)
		if !ok || t.scheduled[b.ID] {
			continue // no children, not to be descended, or already known (a cycle)
		}
		t.scheduled[b.ID] = true
		t.queue = append(t.queue, treeTask{parent: b.ID, source: source, optional: source != b.ID, depth: task.depth + 1})
	}
	next := task
	next.pages++
	next.cursor = list.NextCursor
	switch {
	case complete && task.root:
		t.rootDone = true
	case complete:
		t.doneLists++
		t.doneBlocks += len(t.lists[task.parent])
	case task.root:
		t.rootNext = &next
	default:
		t.queue = append([]treeTask{next}, t.queue...)
	}
	p := t.progressLocked()
	return Subtree{
		ParentID: task.parent, Blocks: blocks, Complete: complete,
		Fetched: p.Lists, Pending: p.PendingLists, Loaded: p.Blocks, EstimatedTotal: p.EstimatedTotal,
	}, nil
}

// Tree returns the tree assembled from what has arrived so far: complete
// once Run has returned nil, else with lists cut short (see Progress).
func (t *TreeLoad) Tree() []*models.Block {
	t.mu.Lock()
	defer t.mu.Unlock()
	return models.AssembleTree(t.pageID, t.lists)
}

// Progress reports how far the load has got.
func (t *TreeLoad) Progress() TreeProgress {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.progressLocked()
}

// Guesses of the estimate.
const (
	// defaultListSize is the guessed size of a children list before any
	// has completed.
	defaultListSize = 10
)

func (t *TreeLoad) progressLocked() TreeProgress {
	p := TreeProgress{Blocks: t.blocks, Lists: t.fetched, Complete: t.complete}
	avg := defaultListSize
	if t.doneLists > 0 {
		avg = max(1, (t.doneBlocks+t.doneLists/2)/t.doneLists)
	}
	guess := func(task treeTask) int {
		if task.pages > 0 {
			return MaxPageSize // a cursor still to follow: a page of 100
		}
		if task.root {
			return MaxPageSize // the page's own list: nothing known yet
		}
		return avg
	}
	p.EstimatedTotal = t.blocks
	count := func(task treeTask) {
		p.PendingLists++
		p.EstimatedTotal += guess(task)
	}
	if t.rootNext != nil {
		count(*t.rootNext)
	}
	for _, task := range t.queue {
		count(task)
	}
	for _, task := range t.active {
		count(task)
	}
	return p
}

// childrenSource says whether a block's children are to be fetched, and
// from which block id: a synced copy's content is its original's children;
// child pages and databases are opened on their own, never inlined.
func childrenSource(b *models.Block) (string, bool) {
	switch b.Type {
	case "child_page", "child_database":
		return "", false
	case "synced_block":
		if sf := b.Body.SyncedFrom; sf != nil && sf.BlockID != "" {
			return sf.BlockID, true
		}
	}
	return b.ID, b.HasChildren && b.ID != ""
}

func objectNotFound(err error) bool {
	var e *Error
	return errors.As(err, &e) && e.Status == http.StatusNotFound && e.Code == "object_not_found"
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
