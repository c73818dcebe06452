package screens

import (
	"bytes"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"charm.land/bubbles/v2/textinput"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// pageFind is find in page: the prompt, the query found and its matches in
// the lines shown. Matching is on the text as shown, without escape
// sequences, ignoring case.
type pageFind struct {
	input textinput.Model
	// prompting is set while the prompt has the keyboard.
	prompting bool
	// query is the text found ("" when none is); matches are where, in
	// order, and current the one jumped to (-1 before any).
	query   string
	matches []components.Match
	current int
	// jump is set when the matches are to be jumped to once they are found
	// (a toggle holding the only ones was opened, and renders).
	jump bool
}

// newPageFind returns find in page with its prompt ready.
func newPageFind(c *common.Context) pageFind {
	in := textinput.New()
	in.Prompt = "/"
	in.Placeholder = "find in page"
	in.CharLimit = 200
	in.SetStyles(c.Styles.Input)
	return pageFind{input: in, current: -1}
}

// active reports whether a query is being shown.
func (f *pageFind) active() bool { return f.query != "" }

// count is "3/14", or "no match".
func (f *pageFind) count() string {
	if len(f.matches) == 0 {
		return "no match"
	}
	return strconv.Itoa(max(f.current, 0)+1) + "/" + strconv.Itoa(len(f.matches))
}

// findMatches finds every occurrence of query in lines, ignoring case and
// escape sequences: where each starts, in cells, and how wide it is.
func findMatches(lines []string, query string) []components.Match {
	if query == "" {
		return nil
	}
	if !isASCII(query) {
		return findMatchesFolded(lines, query)
	}
	q := []byte(strings.ToLower(query))
	var out []components.Match
	var buf []byte
	for n, line := range lines {
		// Lower-casing only ASCII letters keeps every byte where it was,
		// so the offsets found are the plain line's.
		buf = lowerASCII(stripEscapes(buf[:0], line))
		if !bytes.Contains(buf, q) {
			continue
		}
		col, at := 0, 0
		for {
			i := bytes.Index(buf[at:], q)
			if i < 0 {
				break
			}
			i += at
			col += cells(buf[at:i])
			w := cells(buf[i : i+len(q)])
			out = append(out, components.Match{Line: n, Col: col, Width: w})
			col += w
			at = i + len(q)
		}
	}
	return out
}

// cells is how many cells plain text takes: its length when it is ASCII.
func cells(b []byte) int {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return ansi.StringWidth(string(b))
		}
	}
	return len(b)
}

// stripEscapes appends line to buf without its escape sequences (CSI, and
// OSC up to BEL or ST), as shown: far cheaper than a full parse, which the
// lines of a big page would pay on every rendering while a find is shown.
func stripEscapes(buf []byte, line string) []byte {
	for i := 0; i < len(line); i++ {
		c := line[i]
		if c != 0x1b || i+1 >= len(line) {
			buf = append(buf, c)
			continue
		}
		switch line[i+1] {
		case '[':
			i += 2
			for i < len(line) && (line[i] < 0x40 || line[i] > 0x7e) {
				i++
			}
		case ']':
			i += 2
			for i < len(line) && line[i] != 0x07 && !(line[i] == 0x1b && i+1 < len(line) && line[i+1] == '\\') {
				i++
			}
			if i < len(line) && line[i] == 0x1b {
				i++
			}
		default:
			i++
		}
	}
	return buf
}

// lowerASCII lower-cases the ASCII letters of b in place.
func lowerASCII(b []byte) []byte {
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return b
}

// isASCII reports whether s is all ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// findMatchesFolded is findMatches for a query beyond ASCII: rune by rune,
// each lower-cased.
func findMatchesFolded(lines []string, query string) []components.Match {
	q := []rune(strings.ToLower(query))
	var out []components.Match
	for n, line := range lines {
		plain := ansi.Strip(line)
		if !strings.Contains(strings.ToLower(plain), string(q)) {
			continue
		}
		runes := []rune(plain)
		col := 0
		for i := 0; i < len(runes); {
			if i+len(q) <= len(runes) && foldEqual(runes[i:i+len(q)], q) {
				w := ansi.StringWidth(string(runes[i : i+len(q)]))
				out = append(out, components.Match{Line: n, Col: col, Width: w})
				col += w
				i += len(q)
				continue
			}
			col += ansi.StringWidth(string(runes[i]))
			i++
		}
	}
	return out
}

// nearest is the first match at or below line top, wrapping to the first.
func nearest(matches []components.Match, top int) int {
	for i, m := range matches {
		if m.Line >= top {
			return i
		}
	}
	return 0
}

// foldEqual reports whether a equals the lower-case b, ignoring case.
func foldEqual(a, b []rune) bool {
	for i := range b {
		if unicode.ToLower(a[i]) != b[i] {
			return false
		}
	}
	return true
}
