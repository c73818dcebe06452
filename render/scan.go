package render

import (
	"bytes"
	"sync"

	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/models"
)

// Sequences written when a line is cut short: reset the graphic rendition,
// and end a hyperlink.
const (
	resetStyle     = "\x1b[m"
	closeHyperlink = "\x1b]8;;\x1b\\"
)

// parsers keeps x/ansi parsers for reuse: each holds a 64 KB buffer for the
// data of OSC sequences (a link's URL), too much to make for every piece.
var parsers = sync.Pool{New: func() any { return ansi.NewParser() }}

// scanner reads Glamour's lines one after the other with x/ansi's parser. It
// carries across lines what a link needs: the target of the last link run,
// so that a link wrapped onto the next line counts once.
type scanner struct {
	p        *ansi.Parser
	lastURL  string
	lastLine int
}

// line returns line without its trailing padding and appends the links that
// start in it (line number n) to links.
func (s *scanner) line(line string, n int, links *[]Link) string {
	if s.p == nil {
		panic("render: scanner used without a parser")
	}
	var (
		state byte
		st    sgrState
		// keep is the length of the line up to its last cell that shows
		// something; keepStyled and keepLink are the state there.
		keep       int
		keepStyled bool
		keepLink   bool
		col        int
		// run is the index in links of the link whose run is open, -1
		// when none is (or the run continues an earlier link).
		run     = -1
		inLink  bool
		linkCol int
	)
	for i := 0; i < len(line); {
		seq, width, n2, newState := ansi.DecodeSequence(line[i:], state, s.p)
		state = newState
		switch {
		case width > 0:
			if seq != " " || st.spacesShow() {
				keep, keepStyled, keepLink = i+n2, st.styled, inLink
			}
			col += width
		case ansi.HasCsiPrefix(seq) && ansi.Cmd(s.p.Command()).Final() == 'm':
			st.apply(s.p.Params())
		case ansi.HasOscPrefix(seq) && s.p.Command() == 8:
			url := hyperlinkURL(s.p.Data())
			if url == "" {
				// The end of a run.
				if run >= 0 {
					l := &(*links)[run]
					l.End, l.Width = i+n2, col-linkCol
					keep, keepStyled, keepLink = max(keep, i+n2), st.styled, false
				}
				run, inLink = -1, false
				break
			}
			inLink, linkCol = true, col
			if url == s.lastURL && n <= s.lastLine+1 {
				s.lastLine = n // the same link goes on
				break
			}
			s.lastURL, s.lastLine = url, n
			id, _ := models.PageIDFromLink(url)
			*links = append(*links, Link{Line: n, Start: i, End: len(line), Col: col, URL: url, PageID: id})
			run = len(*links) - 1
		}
		i += n2
	}
	if keep == len(line) {
		return line
	}
	// Cut the padding, closing what is open at the cut.
	var b bytes.Buffer
	b.Grow(keep + len(resetStyle) + len(closeHyperlink))
	b.WriteString(line[:keep])
	if keepLink {
		b.WriteString(closeHyperlink)
	}
	if keepStyled {
		b.WriteString(resetStyle)
	}
	out := b.String()
	if run >= 0 {
		l := &(*links)[run]
		l.End, l.Width = len(out), col-linkCol
	}
	for i := range *links {
		if l := &(*links)[i]; l.Line == n && l.End > len(out) {
			l.End = len(out)
		}
	}
	return out
}

// hyperlinkURL is the target of an OSC 8 sequence's data ("8;params;url"),
// "" for the sequence that ends a link.
func hyperlinkURL(data []byte) string {
	// Skip the command number and the parameters.
	for range 2 {
		i := bytes.IndexByte(data, ';')
		if i < 0 {
			return ""
		}
		data = data[i+1:]
	}
	return string(data)
}

// sgrState is what matters of the graphic rendition for trimming a line:
// whether any attribute is set, and whether a space is visible under it
// (a background, reverse video, underline or strike-through).
type sgrState struct {
	styled                                 bool
	background, reverse, underline, strike bool
}

func (st *sgrState) spacesShow() bool {
	return st.background || st.reverse || st.underline || st.strike
}

// apply updates the state from an SGR sequence's parameters.
func (st *sgrState) apply(params ansi.Params) {
	if len(params) == 0 {
		*st = sgrState{}
		return
	}
	for i := 0; i < len(params); i++ {
		p := params[i].Param(0)
		switch {
		case p == 0:
			*st = sgrState{}
			continue
		case p == 38 || p == 48 || p == 58:
			if p == 48 {
				st.background = true
			}
			// Skip the colour: as sub-parameters (38:5:n), or as the
			// next parameters (38;5;n or 38;2;r;g;b).
			if params[i].HasMore() {
				for i+1 < len(params) && params[i].HasMore() {
					i++
				}
			} else if i+1 < len(params) {
				switch params[i+1].Param(0) {
				case 5:
					i += 2
				case 2:
					i += 4
				default:
					i++
				}
			}
		case p >= 40 && p <= 47, p >= 100 && p <= 107:
			st.background = true
		case p == 49:
			st.background = false
		case p == 7:
			st.reverse = true
		case p == 27:
			st.reverse = false
		case p == 4:
			st.underline = true
		case p == 24:
			st.underline = false
		case p == 9:
			st.strike = true
		case p == 29:
			st.strike = false
		}
		st.styled = true
	}
}
