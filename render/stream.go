package render

import (
	"bufio"
	"context"
	"io"
)

// Stream renders pieces one after the other and writes each as soon as it
// is rendered, one line a line, joined as Join joins them: what `show`
// prints, without holding the whole page's rendering. edit, when not nil,
// rewrites each piece's Markdown first (the CLI redacts keys with it).
// Nothing is cached.
func Stream(ctx context.Context, w io.Writer, pieces []Piece, o Options, edit func(string) string) error {
	o = o.normal()
	gs := glamours{o: o}
	defer gs.release()
	bw := bufio.NewWriterSize(w, 64<<10)
	wrote := false
	for _, p := range pieces {
		if err := ctx.Err(); err != nil {
			return err
		}
		if edit != nil {
			p.Markdown = edit(p.Markdown)
		}
		d, err := gs.piece(p)
		if err != nil {
			return err
		}
		if len(d.Lines) == 0 {
			continue
		}
		if wrote && !p.Tight {
			bw.WriteByte('\n')
		}
		for _, l := range d.Lines {
			bw.WriteString(l)
			bw.WriteByte('\n')
		}
		wrote = true
	}
	return bw.Flush()
}
