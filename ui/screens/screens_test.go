package screens

import (
	"context"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

var testNow = time.Date(2025, time.March, 15, 12, 0, 0, 0, time.UTC)

// newContext is a program context of w x h cells whose client talks to
// baseURL (which may be a server that counts what it receives).
func newContext(tb testing.TB, baseURL string, w, h int) *common.Context {
	tb.Helper()
	return &common.Context{
		Ctx:              context.Background(),
		Width:            w,
		Height:           h,
		Styles:           common.NewStyles(true, false),
		Keys:             common.NewKeyMap(),
		Client:           alloy.New(alloy.Config{BaseURL: baseURL, APIKey: "k", UserID: "u"}),
		ActiveConnection: "65f1d3a0c0ffee00000a110e",
		Now:              func() time.Time { return testNow },
		Debounce:         common.DefaultDebounce,
		SpinnerFrame:     "⠋",
	}
}

func TestPageReferences(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{"https://www.notion.so/Roadmap-0123456789abcdef0123456789abcdef", "01234567-89ab-cdef-0123-456789abcdef"},
		{"0123456789abcdef0123456789abcdef", "01234567-89ab-cdef-0123-456789abcdef"},
		{"weather", ""},
		{"deadbeef", ""},
		{"two words 0123456789abcdef0123456789abcdef", ""},
	}
	for _, tt := range tests {
		got, ok := pageReference(tt.in)
		if (tt.want != "") != ok || got != tt.want {
			t.Errorf("pageReference(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
}
