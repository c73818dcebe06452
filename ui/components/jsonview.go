package components

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

// JSONView shows a JSON document as indented lines with syntax colours:
// a cursor line, scrolling, folding of objects and arrays, find, and the
// value under the cursor for copying. The document is laid out once, when
// it is set; View draws only the visible lines.
type JSONView struct {
	lines []jsonLine
	// folded holds the indexes of the opening lines folded shut.
	folded map[int]bool
	// visible lists the lines shown, folds applied.
	visible        []int
	cursor, offset int // into visible
	height         int
	// query is the text found; matches the lines holding it, in order.
	query   string
	matches []int
	// notJSON is set when the document could not be parsed: its text is
	// shown as it is (sanitised), line by line.
	notJSON bool
}

// jsonLine is one line of the laid-out document.
type jsonLine struct {
	depth int
	// key is the member name, quoted as JSON, "" in arrays and at the root.
	key string
	// text is the scalar's JSON, or "{", "[", "}" or "]".
	text  string
	comma bool
	// end is, for an opening line, the index of its closing line; for
	// every other line its own index.
	end int
	// raw is a string scalar's value unquoted, for copying.
	raw string
	// children counts an opening line's members or items.
	children int
}

// FoldThreshold is the size (in lines) over which objects and arrays below
// the top level start folded, so that a long answer opens readable.
const FoldThreshold = 200

// SetDocument lays out a document. Text that is not JSON is shown as
// plain lines.
func (v *JSONView) SetDocument(doc []byte) {
	*v = JSONView{height: v.height, folded: map[int]bool{}}
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	if err := v.build(dec, "", 0); err != nil || dec.More() {
		v.lines = nil
		v.notJSON = true
		for _, l := range strings.Split(strings.TrimRight(string(doc), "\n"), "\n") {
			v.lines = append(v.lines, jsonLine{text: l, end: len(v.lines), raw: l})
		}
	}
	for i, l := range v.lines {
		if l.end > i && l.depth >= 1 && l.end-i > FoldThreshold {
			v.folded[i] = true
		}
	}
	v.refresh()
}

// maxJSONDepth bounds nesting, against a hostile answer.
const maxJSONDepth = 200

// build lays out the value the decoder is at, under key.
func (v *JSONView) build(dec *json.Decoder, key string, depth int) error {
	if depth > maxJSONDepth {
		return fmt.Errorf("nested too deeply")
	}
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch t := tok.(type) {
	case json.Delim:
		open := len(v.lines)
		closing := "}"
		if t == '[' {
			closing = "]"
		}
		v.lines = append(v.lines, jsonLine{depth: depth, key: key, text: string(t)})
		var last []int // the last line of each child, for its comma
		for dec.More() {
			childKey := ""
			if t == '{' {
				kt, err := dec.Token()
				if err != nil {
					return err
				}
				name, _ := kt.(string)
				childKey = quote(name)
			}
			if err := v.build(dec, childKey, depth+1); err != nil {
				return err
			}
			last = append(last, len(v.lines)-1)
		}
		if _, err := dec.Token(); err != nil {
			return err
		}
		if len(last) == 0 {
			// An empty object or array takes one line.
			v.lines[open].text = string(t) + closing
			v.lines[open].raw = v.lines[open].text
			v.lines[open].end = open
			return nil
		}
		for _, i := range last[:max(len(last)-1, 0)] {
			v.lines[i].comma = true
		}
		v.lines = append(v.lines, jsonLine{depth: depth, text: closing, end: len(v.lines)})
		v.lines[open].end = len(v.lines) - 1
		v.lines[open].children = len(last)
	case string:
		v.lines = append(v.lines, jsonLine{depth: depth, key: key, text: quote(t), raw: t, end: len(v.lines)})
	case json.Number:
		v.lines = append(v.lines, jsonLine{depth: depth, key: key, text: t.String(), raw: t.String(), end: len(v.lines)})
	case bool:
		s := strconv.FormatBool(t)
		v.lines = append(v.lines, jsonLine{depth: depth, key: key, text: s, raw: s, end: len(v.lines)})
	case nil:
		v.lines = append(v.lines, jsonLine{depth: depth, key: key, text: "null", raw: "null", end: len(v.lines)})
	}
	return nil
}

// quote writes s as a JSON string, with no HTML escaping and every
// character a terminal could act on, or that hides text, escaped: what it
// shows is inert, and decodes to the same text.
func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return InertJSON(strings.TrimSuffix(b.String(), "\n"))
}

// InertJSON escapes, inside JSON text, DEL, the C1 controls and the
// characters of models.IsInvisible as \uXXXX, so that the text is safe to
// draw and decodes to the same value. encoding/json escapes the C0
// controls itself.
func InertJSON(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r == 0x7f || (r >= 0x80 && r <= 0x9f) || models.IsInvisible(r) {
			if r > 0xffff {
				r -= 0x10000
				fmt.Fprintf(&b, `\u%04x\u%04x`, 0xd800+(r>>10), 0xdc00+(r&0x3ff))
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
			continue
		}
		if r == utf8.RuneError {
			b.WriteString(`\ufffd`)
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// refresh recomputes the visible lines after a fold changed, keeping the
// cursor on the same line where it can.
func (v *JSONView) refresh() {
	at := v.Line()
	v.visible = v.visible[:0]
	for i := 0; i < len(v.lines); i++ {
		v.visible = append(v.visible, i)
		if v.folded[i] {
			i = v.lines[i].end
		}
	}
	v.cursor = 0
	for j, i := range v.visible {
		if i <= at {
			v.cursor = j
		}
	}
	v.clamp()
}

// SetHeight sets how many lines are shown.
func (v *JSONView) SetHeight(h int) {
	v.height = max(h, 1)
	v.clamp()
}

// Len is the number of lines of the whole document, folds open.
func (v *JSONView) Len() int { return len(v.lines) }

// Line is the document line under the cursor.
func (v *JSONView) Line() int {
	if v.cursor < len(v.visible) {
		return v.visible[v.cursor]
	}
	return 0
}

// Move moves the cursor by delta shown lines.
func (v *JSONView) Move(delta int) {
	v.cursor += delta
	v.clamp()
}

// Top and Bottom move to the first and last line.
func (v *JSONView) Top()    { v.cursor = 0; v.clamp() }
func (v *JSONView) Bottom() { v.cursor = len(v.visible) - 1; v.clamp() }

// Page moves by a page, forward or back.
func (v *JSONView) Page(forward bool) {
	if forward {
		v.Move(max(v.height-1, 1))
	} else {
		v.Move(-max(v.height-1, 1))
	}
}

func (v *JSONView) clamp() {
	if v.height < 1 {
		v.height = 1
	}
	v.cursor = min(max(v.cursor, 0), max(len(v.visible)-1, 0))
	if v.cursor < v.offset {
		v.offset = v.cursor
	}
	if v.cursor >= v.offset+v.height {
		v.offset = v.cursor - v.height + 1
	}
	v.offset = max(min(v.offset, len(v.visible)-v.height), 0)
}

// ToggleFold folds or unfolds the object or array under the cursor (the
// one the cursor's line belongs to, when it is on a member).
func (v *JSONView) ToggleFold() {
	if len(v.lines) == 0 || v.notJSON {
		return
	}
	i := v.Line()
	if v.lines[i].end == i {
		// A scalar or a closing line: fold the container around it.
		i = v.container(i)
		if i < 0 {
			return
		}
	}
	if v.folded[i] {
		delete(v.folded, i)
	} else {
		v.folded[i] = true
	}
	v.moveTo(i)
}

// container is the opening line of the innermost container holding line
// i, -1 at the root.
func (v *JSONView) container(i int) int {
	for j := i - 1; j >= 0; j-- {
		if v.lines[j].end >= i && v.lines[j].end != j {
			return j
		}
	}
	return -1
}

// moveTo puts the cursor on document line i, opening the folds that hide
// it.
func (v *JSONView) moveTo(i int) {
	for j := range v.folded {
		if j < i && v.lines[j].end >= i {
			delete(v.folded, j)
		}
	}
	v.refresh()
	for j, x := range v.visible {
		if x == i {
			v.cursor = j
		}
	}
	v.clamp()
	// Keep the line away from the bottom edge after a jump.
	if v.cursor-v.offset > v.height/2 && v.offset+v.height < len(v.visible) {
		v.offset = min(v.cursor-v.height/2, max(len(v.visible)-v.height, 0))
	}
}

// Find looks for text (case-insensitive) in keys and values and moves to
// the first match at or after the cursor; it reports how many lines match.
func (v *JSONView) Find(text string) int {
	v.query = strings.ToLower(strings.TrimSpace(text))
	v.matches = v.matches[:0]
	if v.query == "" {
		return 0
	}
	for i, l := range v.lines {
		if strings.Contains(strings.ToLower(l.key+" "+l.text), v.query) {
			v.matches = append(v.matches, i)
		}
	}
	if len(v.matches) > 0 {
		at := v.Line()
		next := v.matches[0]
		for _, m := range v.matches {
			if m >= at {
				next = m
				break
			}
		}
		v.moveTo(next)
	}
	return len(v.matches)
}

// NextMatch moves to the next match (or the previous one), wrapping
// around; it reports the match's number (1-based) and how many there are.
func (v *JSONView) NextMatch(forward bool) (int, int) {
	if len(v.matches) == 0 {
		return 0, 0
	}
	at := v.Line()
	pick := -1
	if forward {
		for k, m := range v.matches {
			if m > at {
				pick = k
				break
			}
		}
		if pick < 0 {
			pick = 0
		}
	} else {
		for k := len(v.matches) - 1; k >= 0; k-- {
			if v.matches[k] < at {
				pick = k
				break
			}
		}
		if pick < 0 {
			pick = len(v.matches) - 1
		}
	}
	v.moveTo(v.matches[pick])
	return pick + 1, len(v.matches)
}

// Query is the text last found.
func (v *JSONView) Query() string { return v.query }

// Value is the value under the cursor, for copying: a string's text, a
// scalar's JSON, or a whole object or array indented; the path names it
// ("channels[0].name").
func (v *JSONView) Value() (value, path string) {
	if len(v.lines) == 0 {
		return "", ""
	}
	i := v.Line()
	if v.notJSON {
		return v.lines[i].raw, ""
	}
	l := v.lines[i]
	if l.end == i && (l.text == "}" || l.text == "]") {
		i = v.container(i)
		if i < 0 {
			i = 0
		}
		l = v.lines[i]
	}
	path = v.path(i)
	if l.end == i {
		return l.raw, path
	}
	var b strings.Builder
	base := l.depth
	for j := i; j <= l.end; j++ {
		x := v.lines[j]
		b.WriteString(strings.Repeat("  ", x.depth-base))
		if x.key != "" && j != i {
			b.WriteString(x.key + ": ")
		}
		b.WriteString(x.text)
		if x.comma && j != l.end {
			b.WriteByte(',')
		}
		if j != l.end {
			b.WriteByte('\n')
		}
	}
	return b.String(), path
}

// path names line i from the root: keys joined by dots, indexes in [].
func (v *JSONView) path(i int) string {
	var parts []string
	for at := i; at > 0; {
		parent := v.container(at)
		if parent < 0 {
			break
		}
		if k := v.lines[at].key; k != "" {
			var name string
			if json.Unmarshal([]byte(k), &name) != nil {
				name = k
			}
			parts = append(parts, "."+models.SanitizeLine(name))
		} else {
			// Count the items before this one.
			n := 0
			for j := parent + 1; j < at; j = v.lines[j].end + 1 {
				n++
			}
			parts = append(parts, "["+strconv.Itoa(n)+"]")
		}
		at = parent
	}
	var b strings.Builder
	for k := len(parts) - 1; k >= 0; k-- {
		b.WriteString(parts[k])
	}
	return strings.TrimPrefix(b.String(), ".")
}

// Position says where the cursor is: "line 12 of 340".
func (v *JSONView) Position() string {
	if len(v.lines) == 0 {
		return ""
	}
	return fmt.Sprintf("line %d of %d", v.Line()+1, len(v.lines))
}

// View draws the visible lines in width cells, the cursor line marked.
func (v *JSONView) View(st *common.Styles, width int) string {
	var sb strings.Builder
	end := min(v.offset+v.height, len(v.visible))
	for j := v.offset; j < end; j++ {
		if j > v.offset {
			sb.WriteByte('\n')
		}
		i := v.visible[j]
		sb.WriteString(v.drawLine(st, i, j == v.cursor, width))
	}
	for n := max(end-v.offset, 0); n < v.height; n++ {
		if n > 0 {
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

func (v *JSONView) drawLine(st *common.Styles, i int, selected bool, width int) string {
	l := v.lines[i]
	if v.notJSON {
		text := ansi.Truncate(models.SanitizeLine(l.text), width, "…")
		if selected {
			return st.Selected.Render(fitLine(text, width))
		}
		return st.Normal.Render(text)
	}
	indent := strings.Repeat("  ", l.depth)
	var plain, styled strings.Builder
	add := func(s string, style func(...string) string) {
		plain.WriteString(s)
		styled.WriteString(style(s))
	}
	add(indent, st.Normal.Render)
	if l.key != "" {
		add(l.key, st.Key.Render)
		add(": ", st.Subtle.Render)
	}
	text := l.text
	switch {
	case v.folded[i]:
		closing := v.lines[l.end].text
		unit := "items"
		if text == "{" {
			unit = "keys"
		}
		add(text, st.Subtle.Render)
		add(fmt.Sprintf(" … %d %s ", l.children, unit), st.Faint.Render)
		add(closing, st.Subtle.Render)
	case text == "{" || text == "[" || text == "}" || text == "]" || text == "{}" || text == "[]":
		add(text, st.Subtle.Render)
	case strings.HasPrefix(text, `"`):
		add(text, st.Success.Render)
	default:
		add(text, st.Warning.Render)
	}
	comma := l.comma
	if v.folded[i] {
		comma = v.lines[l.end].comma
	}
	if comma {
		add(",", st.Subtle.Render)
	}
	match := v.query != "" && strings.Contains(strings.ToLower(l.key+" "+l.text), v.query)
	line := plain.String()
	if selected {
		return st.Selected.Render(fitLine(ansi.Truncate(line, width, "…"), width))
	}
	if match {
		return st.Accent.Render(ansi.Truncate(line, width, "…"))
	}
	if ansi.StringWidth(line) > width {
		return st.Normal.Render(ansi.Truncate(line, width, "…"))
	}
	return styled.String()
}

// fitLine pads a line to exactly width cells.
func fitLine(s string, width int) string {
	return s + strings.Repeat(" ", max(width-ansi.StringWidth(s), 0))
}
