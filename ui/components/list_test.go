package components

import (
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/ui/common"
)

func TestListKeepsTheHighlightInView(t *testing.T) {
	tests := []struct {
		name              string
		length, height    int
		moves             []int
		cursor, wantStart int
	}{
		{"down past the bottom scrolls", 10, 3, []int{1, 1, 1, 1}, 4, 2},
		{"up past the top scrolls back", 10, 3, []int{9, -8}, 1, 1},
		{"clamped at both ends", 5, 3, []int{-3, 20}, 4, 2},
		{"empty list", 0, 3, []int{1}, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var l List
			l.SetHeight(tt.height)
			l.SetLength(tt.length)
			for _, m := range tt.moves {
				l.Move(m)
			}
			start, _ := l.Visible()
			if l.Cursor() != tt.cursor || start != tt.wantStart {
				t.Errorf("cursor %d start %d, want %d %d", l.Cursor(), start, tt.cursor, tt.wantStart)
			}
		})
	}
}

func TestStatusBarFitsAnyWidth(t *testing.T) {
	st := common.NewStyles(true, false)
	bar := StatusBar{Connection: "Demo workspace", Err: "The service failed (HTTP 503); try again in a moment."}
	for _, w := range []int{1, 5, 20, 60, 200} {
		if got := ansi.StringWidth(bar.View(st, w, "⠋")); got != w {
			t.Errorf("width %d: the bar is %d cells wide", w, got)
		}
	}
}
