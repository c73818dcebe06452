package render

import (
	"bufio"
	"context"
	"io"
	"runtime"
)

// streamChunk is how many pieces Stream renders before writing them.
const streamChunk = 128

// Stream renders pieces and writes them, a part at a time as soon as it is
// rendered, joined as Join joins them: what `show` prints. It renders on as
// many goroutines as there are CPUs and caches nothing. edit, when not nil,
// rewrites each piece's Markdown first (the CLI redacts keys with it).
func Stream(ctx context.Context, w io.Writer, pieces []Piece, o Options, edit func(string) string) error {
	r := NewRenderer()
	r.SetWorkers(runtime.GOMAXPROCS(0))
	return r.Stream(ctx, w, pieces, o, edit)
}

// Stream is the package's Stream with r: pieces in its cache are taken
// from it, and what it renders is kept only until it is written.
func (r *Renderer) Stream(ctx context.Context, w io.Writer, pieces []Piece, o Options, edit func(string) string) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	wrote := false
	chunk := make([]Piece, 0, streamChunk)
	for len(pieces) > 0 {
		n := min(len(pieces), streamChunk)
		chunk = append(chunk[:0], pieces[:n]...)
		if edit != nil {
			for i := range chunk {
				chunk[i].Markdown, chunk[i].cacheKey = edit(chunk[i].Markdown), ""
			}
		}
		doc, err := r.render(ctx, chunk, o, false)
		if err != nil {
			return err
		}
		if len(doc.Lines) > 0 {
			if wrote && !pieces[0].Tight {
				bw.WriteByte('\n')
			}
			for _, l := range doc.Lines {
				bw.WriteString(l)
				bw.WriteByte('\n')
			}
			wrote = true
		}
		r.forget(o, chunk)
		pieces = pieces[n:]
	}
	return bw.Flush()
}

// forget drops pieces from the cache of o.
func (r *Renderer) forget(o Options, pieces []Piece) {
	o = o.normal()
	r.mu.Lock()
	defer r.mu.Unlock()
	cache := r.layoutFor(o).pieces
	for _, p := range pieces {
		delete(cache, p.key())
	}
}
