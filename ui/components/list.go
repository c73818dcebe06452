package components

import "strings"

// List is the scrolling part of a list: which row is highlighted and which
// rows are shown. The rows themselves belong to the screen, which draws only
// the visible ones, so a list of thousands costs no more to draw than a
// screenful.
type List struct {
	cursor, offset, length, height int
}

// SetLength sets the number of rows, keeping the highlight in range.
func (l *List) SetLength(n int) {
	l.length = max(n, 0)
	l.clamp()
}

// Len is the number of rows.
func (l *List) Len() int { return l.length }

// SetHeight sets how many rows are shown.
func (l *List) SetHeight(h int) {
	l.height = max(h, 1)
	l.clamp()
}

// Cursor is the highlighted row, 0 when the list is empty.
func (l *List) Cursor() int { return l.cursor }

// SetCursor highlights row i.
func (l *List) SetCursor(i int) {
	l.cursor = i
	l.clamp()
}

// Move moves the highlight by delta rows.
func (l *List) Move(delta int) { l.SetCursor(l.cursor + delta) }

// Visible returns the range of rows shown, [start, end).
func (l *List) Visible() (start, end int) {
	return l.offset, min(l.offset+l.height, l.length)
}

// View joins the visible rows drawn by row, padded to the list's height.
func (l *List) View(row func(i int, selected bool) string) string {
	start, end := l.Visible()
	var sb strings.Builder
	for i := start; i < end; i++ {
		if i > start {
			sb.WriteByte('\n')
		}
		sb.WriteString(row(i, i == l.cursor))
	}
	for i := end - start; i < l.height; i++ {
		if i > 0 {
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

func (l *List) clamp() {
	if l.height < 1 {
		l.height = 1
	}
	l.cursor = min(max(l.cursor, 0), max(l.length-1, 0))
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+l.height {
		l.offset = l.cursor - l.height + 1
	}
	l.offset = min(l.offset, max(l.length-l.height, 0))
	l.offset = max(l.offset, 0)
}
