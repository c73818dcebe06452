package alloy

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/alloy-tui/alloy-tui/models"
)

// BatchItem is one page of a batch. Err, when set, says why the item
// cannot be created (it failed validation) and it is not sent; Page.Title
// still names it when it has a title.
type BatchItem struct {
	// Line is where the item is in its file (1-based), for the report.
	Line int
	Page NewPage
	Err  error
}

// BatchOutcome is what became of one item.
type BatchOutcome struct {
	Item BatchItem
	// Created says the page exists (Page is it). With Err also set, the
	// page was created but not all of its content.
	Created bool
	Page    models.Page
	// Recovered says an answer was lost and the check found the write
	// had happened.
	Recovered bool
	Err       error
}

// BatchProgress counts a running batch.
type BatchProgress struct {
	Done, Failed, Left int
}

// BatchOptions tune RunBatch.
type BatchOptions struct {
	// Workers is how many items are in flight at once (4 when zero): the
	// connection's pacer sets the pace, the workers only keep it busy.
	Workers int
	// Start is when the batch began, for the duplicate check (now when
	// zero).
	Start time.Time
	// Stop, when closed, stops the batch gently: items under way finish
	// (a create is never cut off mid-flight, where it may or may not have
	// happened), the others are not started and fail with ErrBatchStopped.
	Stop <-chan struct{}
}

// ErrBatchStopped is the error of the items a stopped batch did not start.
var ErrBatchStopped = errors.New("not started: the batch was stopped")

// RunBatch creates the items' pages, several at a time within the
// connection's pacer, started in the items' order, and returns an outcome
// for every item in that order. Nothing is created twice: a create whose
// answer was lost is looked for (a page with its title under its parent
// created since the batch started, not already claimed by another item)
// before it is tried again, and items with the same title never run at the
// same time, so that each claims its own page. progress, when not nil, is
// called after each item (from the workers, one call at a time).
func (n *Notion) RunBatch(ctx context.Context, items []BatchItem, opts BatchOptions, progress func(BatchProgress)) []BatchOutcome {
	workers := opts.Workers
	if workers <= 0 {
		workers = 4
	}
	start := opts.Start
	if start.IsZero() {
		start = time.Now()
	}
	out := make([]BatchOutcome, len(items))
	var (
		mu      sync.Mutex
		claimed = map[string]bool{}
		titles  = map[string]*sync.Mutex{}
		prog    = BatchProgress{Left: len(items)}
	)
	claim := func(id string) bool {
		mu.Lock()
		defer mu.Unlock()
		id = compactID(id)
		if claimed[id] {
			return false
		}
		claimed[id] = true
		return true
	}
	titleLock := func(t string) *sync.Mutex {
		mu.Lock()
		defer mu.Unlock()
		l, ok := titles[t]
		if !ok {
			l = &sync.Mutex{}
			titles[t] = l
		}
		return l
	}
	report := func(o BatchOutcome) {
		mu.Lock()
		defer mu.Unlock()
		prog.Left--
		if o.Created && o.Err == nil {
			prog.Done++
		} else {
			prog.Failed++
		}
		if progress != nil {
			progress(prog)
		}
	}
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, max(len(items), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				it := items[i]
				o := BatchOutcome{Item: it}
				switch {
				case it.Err != nil:
					o.Err = it.Err
				case ctx.Err() != nil:
					o.Err = ctx.Err()
				default:
					l := titleLock(it.Page.Title)
					l.Lock()
					res, err := n.CreateFullPage(ctx, it.Page, CreateOptions{Since: start, Taken: func(id string) bool { return !claim(id) }})
					if res.Page.ID != "" {
						if !res.Recovered {
							claim(res.Page.ID)
						}
						o.Created, o.Page = true, res.Page
					}
					l.Unlock()
					o.Recovered, o.Err = res.Recovered, err
				}
				out[i] = o
				report(o)
			}
		}()
	}
	stopFrom := func(i int) {
		for j := i; j < len(items); j++ {
			o := BatchOutcome{Item: items[j], Err: ErrBatchStopped}
			out[j] = o
			report(o)
		}
	}
feed:
	for i := range items {
		// A stop seen before an item is handed out always wins.
		select {
		case <-opts.Stop:
			stopFrom(i)
			break feed
		default:
		}
		select {
		case next <- i:
		case <-opts.Stop:
			stopFrom(i)
			break feed
		}
	}
	close(next)
	wg.Wait()
	return out
}
