package render

import (
	"cmp"
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/alloy-tui/alloy-tui/models"
)

// keptLayouts is how many widths and styles a Renderer keeps the pieces of:
// enough to resize back and forth without rendering again.
const keptLayouts = 3

// Renderer renders pages by pieces and keeps each piece's rendering for the
// widths and styles used last, so that a page that grows renders only its
// new pieces, and a resize back to an earlier width renders nothing. It is
// safe for concurrent use; the zero value is ready.
type Renderer struct {
	mu sync.Mutex
	// layouts are the cached pieces per width and style, the most
	// recently used first.
	layouts []*layout
	stats   Stats
	// workers is how many pieces render at once (SetWorkers).
	workers int
	// focus is the piece on screen, when focused (see FocusOn).
	focus   int
	focused bool
}

// layout is the cache of one width and style: rendered pieces by Markdown.
type layout struct {
	opts   Options
	pieces map[string]Document
}

// NewRenderer returns an empty Renderer that renders on as many goroutines
// as there are CPUs (see SetWorkers).
func NewRenderer() *Renderer { return &Renderer{workers: runtime.GOMAXPROCS(0)} }

// Page renders a page's top-level blocks by pieces and joins them.
func (r *Renderer) Page(blocks []*models.Block, o Options) (Document, error) {
	return r.Pieces(Split(blocks), o)
}

// Pieces renders pieces (from Split), taking each from the cache when it was
// rendered with these options before, and joins them. The pieces of this
// width and style that are not among them are forgotten: they are of an
// older state of the page.
func (r *Renderer) Pieces(pieces []Piece, o Options) (Document, error) {
	return r.Render(context.Background(), pieces, o)
}

// Render is Pieces, stopping between two pieces once ctx ends (a newer
// rendering is wanted): the pieces rendered so far are kept for the next.
func (r *Renderer) Render(ctx context.Context, pieces []Piece, o Options) (Document, error) {
	return r.render(ctx, pieces, o, true)
}

// render is Render; forget says to forget the cached pieces of o that are
// not among pieces (Stream renders a page a part at a time and keeps them).
func (r *Renderer) render(ctx context.Context, pieces []Piece, o Options, forget bool) (Document, error) {
	o = o.normal()
	docs := make([]Document, len(pieces))
	var missing []int
	r.mu.Lock()
	cached := r.layoutFor(o).pieces
	for i, p := range pieces {
		if d, ok := cached[p.key()]; ok {
			docs[i] = d
		} else {
			missing = append(missing, i)
		}
	}
	focus, focused := r.focus, r.focused
	r.focused = false
	var stale map[string]Document
	if focused && forget && len(missing) > 2*focusWindow {
		// A resize: the pieces on screen first, the others as they
		// were laid out at the width before.
		for _, l := range r.layouts[1:] {
			if l.opts.Style == o.Style && l.opts.Fallback == o.Fallback {
				stale = l.pieces
				break
			}
		}
	}
	var later int
	if stale != nil {
		now := missing[:0:0]
		for _, i := range missing {
			if d, ok := stale[pieces[i].key()]; ok && (i < focus-focusWindow/4 || i >= focus+focusWindow) {
				docs[i] = d
				later++
				continue
			}
			now = append(now, i)
		}
		missing = now
	}
	r.mu.Unlock()
	if later > 0 {
		if _, err := r.renderMissing(ctx, o, pieces, docs, missing); err != nil {
			return Document{}, err
		}
		r.keep(o, pieces, docs, missing)
		doc := join(docs, tightOf(pieces))
		doc.Stale = true
		return doc, nil
	}

	if done, err := r.renderMissing(ctx, o, pieces, docs, missing); err != nil {
		if ctx.Err() != nil {
			r.keep(o, pieces, docs, done)
		}
		return Document{}, err
	}

	r.mu.Lock()
	if forget {
		kept := make(map[string]Document, len(pieces))
		for i, p := range pieces {
			kept[p.key()] = docs[i]
		}
		r.layoutFor(o).pieces = kept
	} else {
		cache := r.layoutFor(o).pieces
		for _, i := range missing {
			cache[pieces[i].key()] = docs[i]
		}
	}
	r.stats.Rendered += len(missing)
	r.stats.Reused += len(pieces) - len(missing)
	r.mu.Unlock()
	return join(docs, tightOf(pieces)), nil
}

// tightOf lists the pieces' Tight.
func tightOf(pieces []Piece) []bool {
	tight := make([]bool, len(pieces))
	for i, p := range pieces {
		tight[i] = p.Tight
	}
	return tight
}

// focusWindow is how many pieces from the focus on (and a quarter of it
// before) a rendering after a resize lays out first.
const focusWindow = 40

// FocusOn says that the piece at index piece (see Document.PieceAt) is on
// screen: the next rendering, when it must lay out many pieces anew (after
// a resize) and has them laid out at another width, renders only those
// around it and takes the others as they were, marking the document Stale
// so that the caller renders again for the rest. It applies to the next
// rendering only.
func (r *Renderer) FocusOn(piece int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.focus, r.focused = piece, true
}

// SetWorkers sets how many pieces a rendering renders at once, on as many
// goroutines (each with its own Glamour renderer); 1, the default, renders
// them one after the other. A page's pieces are independent, so n up to
// the number of CPUs divides the time a big page takes.
func (r *Renderer) SetWorkers(n int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.workers = n
}

// minParallel is the fewest pieces worth rendering on several goroutines.
const minParallel = 16

// renderMissing renders the pieces at indexes missing into docs, stopping
// once ctx ends; done are the indexes rendered when it returns an error.
func (r *Renderer) renderMissing(ctx context.Context, o Options, pieces []Piece, docs []Document, missing []int) (done []int, err error) {
	r.mu.Lock()
	workers := r.workers
	r.mu.Unlock()
	if len(missing) < minParallel {
		workers = 1
	}
	if workers <= 1 {
		gs := glamours{o: o}
		defer gs.release()
		for n, i := range missing {
			if err := ctx.Err(); err != nil {
				return missing[:n], err
			}
			d, err := gs.piece(pieces[i])
			if err != nil {
				return nil, err
			}
			docs[i] = d
		}
		return nil, nil
	}
	var (
		next  atomic.Int64
		ok    = make([]bool, len(missing))
		wg    sync.WaitGroup
		errMu sync.Mutex
	)
	for range workers {
		wg.Go(func() {
			gs := glamours{o: o}
			defer gs.release()
			for {
				k := int(next.Add(1) - 1)
				if k >= len(missing) {
					return
				}
				if e := ctx.Err(); e != nil {
					errMu.Lock()
					err = cmp.Or(err, e)
					errMu.Unlock()
					return
				}
				d, e := gs.piece(pieces[missing[k]])
				if e != nil {
					errMu.Lock()
					err = cmp.Or(err, e)
					errMu.Unlock()
					return
				}
				docs[missing[k]], ok[k] = d, true
			}
		})
	}
	wg.Wait()
	if err != nil {
		for k, i := range missing {
			if ok[k] {
				done = append(done, i)
			}
		}
	}
	return done, err
}

// keep adds the pieces at indexes done, just rendered, to the cache of o.
func (r *Renderer) keep(o Options, pieces []Piece, docs []Document, done []int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	cache := r.layoutFor(o).pieces
	for _, i := range done {
		cache[pieces[i].key()] = docs[i]
	}
	r.stats.Rendered += len(done)
}

// Markdown renders one Markdown document whole, cached as one piece.
func (r *Renderer) Markdown(md string, o Options) (Document, error) {
	return r.Pieces([]Piece{{Markdown: md, Count: 1}}, o)
}

// layoutFor returns the cache for o, made the most recent, creating it (and
// forgetting the oldest) when there is none. r.mu must be held.
func (r *Renderer) layoutFor(o Options) *layout {
	for i, l := range r.layouts {
		if l.opts == o {
			copy(r.layouts[1:i+1], r.layouts[:i])
			r.layouts[0] = l
			return l
		}
	}
	l := &layout{opts: o, pieces: map[string]Document{}}
	r.layouts = append([]*layout{l}, r.layouts...)
	if len(r.layouts) > keptLayouts {
		r.layouts = r.layouts[:keptLayouts]
	}
	return l
}

// Stats count a Renderer's work since it was made.
type Stats struct {
	// Rendered counts pieces rendered with Glamour, Reused those taken
	// from the cache.
	Rendered, Reused int
}

// Stats returns the counts of work done so far.
func (r *Renderer) Stats() Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.stats
}
