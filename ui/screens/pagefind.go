package screens

import (
	"strconv"
	"strings"
	"unicode"

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
	q := []rune(strings.ToLower(query))
	if len(q) == 0 {
		return nil
	}
	var out []components.Match
	for n, line := range lines {
		plain := ansi.Strip(line)
		if !containsFold(plain, query) {
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

// containsFold is a quick test of whether s holds query, ignoring case.
func containsFold(s, query string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(query))
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

// nearest is the first match at or below line top, wrapping to the first.
func nearest(matches []components.Match, top int) int {
	for i, m := range matches {
		if m.Line >= top {
			return i
		}
	}
	return 0
}
