package alloy

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/alloy-tui/alloy-tui/models"
)

// maxTreeRequests stops a block tree that never ends (a service that keeps
// inventing children) long before it exhausts memory.
const maxTreeRequests = 20000

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
}

type treeResult struct {
	task treeTask
	list BlockList
	err  error
}

// BlockTree fetches a page's whole block tree with bounded concurrency,
// calling onSubtree (if not nil, never concurrently) as each list page
// arrives; the page's own first list page comes first. It does not descend into child_page or
// child_database. The returned tree is freshly assembled.
//
// Scheduling: the page's own cursor chain is sequential by nature and is
// the critical path, so one of the MaxInFlight slots is kept for it while
// it lasts, and its requests go first in the connection's lane. The other
// slots fetch children lists as soon as the list page naming them has
// arrived, continuations of a started list before new lists, so that
// nested chains finish early. A synced copy (synced_from.block_id) shows
// the children of its original; if the original is not shared, the copy
// is left empty rather than failing the page.
func (n *Notion) BlockTree(ctx context.Context, pageID string, onSubtree func(Subtree)) ([]*models.Block, error) {
	if pageID == "" {
		return nil, errors.New("block tree: no page id given")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	slots := n.client.cfg.MaxInFlight
	results := make(chan treeResult, slots) // never more than slots senders
	var (
		rootNext    = &treeTask{parent: pageID, source: pageID, root: true}
		queue       []treeTask
		inFlight    int
		rootRunning bool
		rootDone    bool
		fetched     int
		pending     = 1 // the page's own list
		lists       = map[string][]*models.Block{}
		scheduled   = map[string]bool{pageID: true}
	)
	launch := func(t treeTask) {
		inFlight++
		go func() {
			list, err := n.blockChildren(ctx, t.source, t.cursor, t.root)
			results <- treeResult{task: t, list: list, err: err}
		}()
	}
	fill := func() {
		if rootNext != nil && inFlight < slots {
			launch(*rootNext)
			rootNext, rootRunning = nil, true
		}
		childSlots := slots
		if !rootDone && slots > 1 {
			childSlots-- // kept for the page's own chain
		}
		for len(queue) > 0 && inFlight < slots && inFlight-boolInt(rootRunning) < childSlots {
			launch(queue[0])
			queue = queue[1:]
		}
	}
	fail := func(err error) ([]*models.Block, error) {
		cancel()
		for ; inFlight > 0; inFlight-- {
			<-results
		}
		return nil, err
	}

	for fill(); inFlight > 0; fill() {
		r := <-results
		inFlight--
		t := r.task
		if t.root {
			rootRunning = false
		}
		if r.err != nil {
			if !t.optional || !objectNotFound(r.err) {
				return fail(fmt.Errorf("block tree of %s: %w", pageID, r.err))
			}
			r.list = BlockList{} // an unshared synced original: show the copy empty
		}
		fetched++
		if fetched > maxTreeRequests {
			return fail(fmt.Errorf("block tree of %s: more than %d list pages, giving up", pageID, maxTreeRequests))
		}

		blocks := r.list.Blocks
		for _, b := range blocks {
			// Nothing else holds these yet; handed out, they are frozen.
			b.Children = nil
		}
		lists[t.parent] = append(lists[t.parent], blocks...)
		for _, b := range blocks {
			source, ok := childrenSource(b)
			if !ok || scheduled[b.ID] {
				continue // no children, not to be descended, or already known (a cycle)
			}
			scheduled[b.ID] = true
			pending++
			queue = append(queue, treeTask{parent: b.ID, source: source, optional: source != b.ID})
		}

		complete := !r.list.HasMore || r.list.NextCursor == ""
		if !complete && r.list.NextCursor == t.cursor {
			return fail(fmt.Errorf("block tree of %s: %w", pageID,
				unexpected("block children of "+t.source, "the same cursor came back twice")))
		}
		switch {
		case complete:
			pending--
			if t.root {
				rootDone = true
			}
		case t.root:
			next := t
			next.cursor = r.list.NextCursor
			rootNext = &next
		default:
			next := t
			next.cursor = r.list.NextCursor
			queue = append([]treeTask{next}, queue...)
		}

		if onSubtree != nil {
			// Start the next requests before the receiver works.
			fill()
			onSubtree(Subtree{ParentID: t.parent, Blocks: blocks, Complete: complete, Fetched: fetched, Pending: pending})
		}
	}
	return models.AssembleTree(pageID, lists), nil
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
