package render

import (
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/models"
)

// Notion's colours in 256-colour codes, for text and behind it, on dark and
// light backgrounds.
var (
	darkText = map[string]int{"gray": 247, "brown": 137, "orange": 173, "yellow": 179, "green": 72,
		"blue": 68, "purple": 134, "pink": 169, "red": 167}
	darkBack = map[string]int{"gray": 237, "brown": 52, "orange": 94, "yellow": 58, "green": 22,
		"blue": 24, "purple": 54, "pink": 89, "red": 88}
	lightText = map[string]int{"gray": 244, "brown": 95, "orange": 166, "yellow": 136, "green": 29,
		"blue": 31, "purple": 97, "pink": 162, "red": 160}
	lightBack = map[string]int{"gray": 255, "brown": 224, "orange": 223, "yellow": 230, "green": 194,
		"blue": 195, "purple": 225, "pink": 218, "red": 217}
)

// sgrFor is the SGR sequence that shows st in style, "" when the style
// shows nothing of it: the plain style (NO_COLOR) shows neither, as it
// writes no escape sequence but hyperlinks;
// the light style has its own shades, every other style the dark ones.
func sgrFor(st models.StyledText, style string) string {
	var params []string
	if !st.Colour.IsZero() && style != PlainStyle {
		text, back := darkText, darkBack
		if style == LightStyle {
			text, back = lightText, lightBack
		}
		if st.Colour.Background {
			params = append(params, "48;5;"+strconv.Itoa(back[st.Colour.Name]))
		} else {
			params = append(params, "38;5;"+strconv.Itoa(text[st.Colour.Name]))
		}
	}
	if st.Underline && style != PlainStyle {
		params = append(params, "4")
	}
	if len(params) == 0 {
		return ""
	}
	return "\x1b[" + strings.Join(params, ";") + "m"
}

// span is a run of cells of one line to paint: the printable clusters from
// first to last, counted from 0 at the line's start.
type span struct {
	first, last int
	sgr         string
}

// paint styles the runs of text of lines, in order: each is looked for
// after the one before, comparing text without whitespace (wrapping moved
// it), and a run that is not found is skipped. The text keeps its own
// styles between and around the runs.
func paint(lines []string, runs []models.StyledText, style string) {
	if len(runs) == 0 {
		return
	}
	// flat is the text shown without whitespace, at[k] where its k-th
	// printable cluster is: line, cluster index and byte offset in flat.
	type place struct{ line, idx, off int }
	var flat strings.Builder
	var at []place
	for n, line := range lines {
		idx := 0
		forClusters(line, func(cluster string) {
			if strings.TrimSpace(cluster) != "" {
				at = append(at, place{n, idx, flat.Len()})
				flat.WriteString(cluster)
			}
			idx++
		})
	}
	text := flat.String()
	spans := map[int][]span{}
	from := 0
	for _, run := range runs {
		sgr := sgrFor(run, style)
		needle := strings.Map(func(r rune) rune {
			if unicode.IsSpace(r) {
				return -1
			}
			return r
		}, run.Text)
		if sgr == "" || needle == "" {
			continue
		}
		o := strings.Index(text[from:], needle)
		if o < 0 {
			continue
		}
		o += from
		from = o + len(needle)
		k := sort.Search(len(at), func(i int) bool { return at[i].off >= o })
		line := -1
		for ; k < len(at) && at[k].off < from; k++ {
			p := at[k]
			if p.line != line {
				line = p.line
				spans[line] = append(spans[line], span{first: p.idx, sgr: sgr})
			}
			spans[line][len(spans[line])-1].last = p.idx
		}
	}
	for n, s := range spans {
		lines[n] = paintLine(lines[n], s)
	}
}

// forClusters calls f with every printable cluster of line, in order.
func forClusters(line string, f func(string)) {
	var state byte
	for len(line) > 0 {
		seq, width, n, newState := ansi.DecodeSequence(line, state, nil)
		if n <= 0 {
			return
		}
		state = newState
		if width > 0 {
			f(seq)
		}
		line = line[n:]
	}
}

// paintLine writes the spans' styles into line: each span's SGR before its
// first cluster and again after every SGR sequence inside it, and at its
// end a reset followed by the sequences in force before.
func paintLine(line string, spans []span) string {
	var b strings.Builder
	b.Grow(len(line) + 16*len(spans))
	var state byte
	active := ""
	idx, k := 0, 0
	inside := false
	for len(line) > 0 {
		seq, width, n, newState := ansi.DecodeSequence(line, state, nil)
		state = newState
		if n <= 0 {
			b.WriteString(line)
			break
		}
		line = line[n:]
		switch {
		case width > 0:
			if k < len(spans) && idx == spans[k].first {
				b.WriteString(spans[k].sgr)
				inside = true
			}
			b.WriteString(seq)
			if inside && idx == spans[k].last {
				b.WriteString("\x1b[m" + active)
				inside = false
				k++
			}
			idx++
			continue
		case strings.HasPrefix(seq, "\x1b[") && strings.HasSuffix(seq, "m"):
			if p := seq[2 : len(seq)-1]; p == "" || p == "0" {
				active = ""
			} else {
				active += seq
			}
			b.WriteString(seq)
			if inside {
				b.WriteString(spans[k].sgr)
			}
			continue
		}
		b.WriteString(seq)
	}
	return b.String()
}
