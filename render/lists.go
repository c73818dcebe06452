package render

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// itemMarker finds the marker that leads a list item's line (shown, the
// line without escape sequences): "• ", "3. ", "[ ] " or "[✓] " after
// spaces only. It returns the cell where the marker starts and where the
// item's text does.
func itemMarker(shown string) (marker, text int, ok bool) {
	rest := strings.TrimLeft(shown, " ")
	marker = len(shown) - len(rest)
	for _, m := range []string{"• ", "[ ] ", "[✓] ", "[x] "} {
		if strings.HasPrefix(rest, m) {
			return marker, marker + ansi.StringWidth(m), true
		}
	}
	i := 0
	for i < len(rest) && rest[i] >= '0' && rest[i] <= '9' {
		i++
	}
	if i > 0 && strings.HasPrefix(rest[i:], ". ") {
		return marker, marker + i + 2, true
	}
	return 0, 0, false
}

// hangItems lays out the lines of a list as Notion does, where Glamour
// does not: the lines an item's text wrapped onto align under its text,
// not under its marker (a hanging indent); what an item holds besides its
// text (a toggle, a quote) is indented under its text too; and the blank
// line Glamour leaves where a list nested two levels ends goes. width is
// the width Glamour wrapped at: text ends two cells before it.
func hangItems(lines []string, width int) []string {
	limit := width - 2
	out := make([]string, 0, len(lines))
	for n := 0; n < len(lines); n++ {
		line := lines[n]
		vis := shown(line)
		if vis == "" && n+1 < len(lines) && len(out) > 0 {
			// A blank between an item's text and the next item.
			_, _, nextItem := itemMarker(shown(lines[n+1]))
			prev := shown(out[len(out)-1])
			if nextItem && strings.TrimLeft(prev, " ") != "" && !startsWithBar(prev) {
				continue
			}
		}
		marker, text, ok := itemMarker(vis)
		if !ok || limit-text < 8 {
			out = append(out, line)
			continue
		}
		// The item's paragraphs: its own line and the lines after it
		// that start at its marker, each either wrapped from the line
		// before (its first word did not fit there) or a line of its own.
		paragraphs := [][]string{{ansi.TruncateLeft(line, text, "")}}
		leads := []string{headCells(line, text)}
		for n+1 < len(lines) {
			next := shown(lines[n+1])
			if next == "" && n+2 < len(lines) && holds(shown(lines[n+2]), marker) {
				// A blank line inside the item, before a block it holds.
				n++
				paragraphs = append(paragraphs, nil)
				leads = append(leads, "")
				continue
			}
			if !holds(next, marker) {
				break
			}
			n++
			body := ansi.TruncateLeft(lines[n], marker, "")
			prev := shown(lines[n-1])
			word, _, _ := strings.Cut(strings.TrimLeft(next[marker:], " │|"), " ")
			if len(paragraphs[len(paragraphs)-1]) > 0 && ansi.StringWidth(prev)+1+ansi.StringWidth(word) > limit && sameLead(prev, next) {
				last := len(paragraphs) - 1
				if startsWithBar(next) {
					// The bars lead the paragraph's first line only.
					after := next[marker:]
					bars := after[:len(after)-len(strings.TrimLeft(after, " │|"))]
					body = ansi.TruncateLeft(lines[n], marker+ansi.StringWidth(bars), "")
				}
				paragraphs[last] = append(paragraphs[last], body)
				continue
			}
			paragraphs = append(paragraphs, []string{body})
			leads = append(leads, strings.Repeat(" ", text))
		}
		for k, para := range paragraphs {
			if para == nil {
				out = append(out, "")
				continue
			}
			joined := strings.Join(trimAll(para), " ")
			lead, hang := leads[k], strings.Repeat(" ", text)
			if _, end := barPrefix(joined); end > 0 && startsWithBar(shown(joined)) {
				// A line of a quote inside the item: its bars lead
				// every line it wraps onto.
				bars := joined[:end]
				lead, hang = lead+bars, hang+bars
				joined = joined[end:]
			}
			room := limit - ansi.StringWidth(hang)
			if room < 8 || len(para) == 1 && ansi.StringWidth(joined) <= room {
				out = append(out, lead+joined)
				continue
			}
			for j, part := range strings.Split(lipgloss.Wrap(joined, room, ""), "\n") {
				if j > 0 {
					lead = hang
				}
				out = append(out, lead+part)
			}
		}
	}
	return out
}

// holds reports whether a line (shown) is one of an item's whose marker
// starts at marker, after its first: it starts at the marker with no
// marker of its own.
func holds(shown string, marker int) bool {
	if len(shown) <= marker || strings.TrimLeft(shown[:marker], " ") != "" || shown[marker] == ' ' {
		return false
	}
	_, _, item := itemMarker(shown)
	return !item
}

// headCells is the start of line that shows its first n cells, with the
// escape sequences up to the next cell shown, and not those after it
// (ansi.Truncate keeps every one).
func headCells(line string, n int) string {
	var state byte
	cells := 0
	for i := 0; i < len(line); {
		_, width, size, newState := ansi.DecodeSequence(line[i:], state, nil)
		if size <= 0 {
			break
		}
		if width > 0 && cells+width > n {
			return line[:i]
		}
		cells += width
		state = newState
		i += size
	}
	return line
}

// trimAll is lines without the spaces that pad them at either end.
func trimAll(lines []string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = strings.TrimRight(strings.TrimLeft(l, " "), " ")
	}
	return out
}

// sameLead reports whether two lines (shown) of an item have the same
// quote bars and spaces before their text: the second may be the first
// wrapped.
func sameLead(a, b string) bool {
	lead := func(s string) string { return s[:len(s)-len(strings.TrimLeft(s, " │|"))] }
	return lead(a) == lead(b) || !startsWithBar(a) && !startsWithBar(b)
}

// startsWithBar reports whether s (shown text) starts, after spaces, with
// a quote's bar.
func startsWithBar(s string) bool {
	s = strings.TrimLeft(s, " ")
	return strings.HasPrefix(s, "│") || strings.HasPrefix(s, "|")
}
