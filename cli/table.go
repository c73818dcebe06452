package cli

import (
	"io"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// table lines up columns by display width. text/tabwriter counts runes, so
// an emoji icon (one rune, two columns) would push the rest of its row out
// of line; cells here are measured the way the terminal draws them.
type table struct {
	rows [][]string
}

// row adds one row; cells must already be sanitised.
func (t *table) row(cells ...string) { t.rows = append(t.rows, cells) }

// write prints the rows with two spaces between columns and no trailing
// spaces.
func (t *table) write(w io.Writer) error {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	var sb strings.Builder
	for _, r := range t.rows {
		line := strings.Builder{}
		for i, c := range r {
			line.WriteString(c)
			if i < len(r)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(c)+2))
			}
		}
		sb.WriteString(strings.TrimRight(line.String(), " "))
		sb.WriteByte('\n')
	}
	_, err := io.WriteString(w, sb.String())
	return err
}
