package oauth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestExplain(t *testing.T) {
	tests := []struct {
		err  error
		want string // a word the sentence must hold
	}{
		{fmt.Errorf("%w: access_denied", ErrDenied), "try again"},
		{fmt.Errorf("%w: waited", ErrTimeout), "reachable"},
		{&timeoutError{waited: time.Minute, redirectURI: "http://127.0.0.1:3000/cb", ignored: 2}, "ignored 2 forged callbacks"},
		{fmt.Errorf("%w: 127.0.0.1:3000", ErrPortTaken), "OAUTH_REDIRECT_URI"},
		{fmt.Errorf("x: %w", ErrNotFound), "refresh"},
		{context.Canceled, "cancelled"},
	}
	seen := map[string]bool{}
	for _, tt := range tests {
		got := Explain(tt.err)
		if !strings.Contains(got, tt.want) {
			t.Errorf("Explain(%v) = %q, want it to mention %q", tt.err, got, tt.want)
		}
		if seen[got] {
			t.Errorf("Explain(%v) repeats another error's sentence", tt.err)
		}
		seen[got] = true
		if !strings.HasSuffix(got, ".") || strings.Count(got, ". ") > 0 {
			t.Errorf("Explain(%v) = %q is not one sentence", tt.err, got)
		}
	}
	for _, err := range []error{nil, errors.New("other")} {
		if got := Explain(err); got != "" {
			t.Errorf("Explain(%v) = %q, want empty", err, got)
		}
	}
}

func TestSanitise(t *testing.T) {
	long := strings.Repeat("é", maxRemoteText+10)
	tests := []struct {
		in, want string
	}{
		{"access_denied", "access_denied"},
		{"  spaced\n\tout  ", "spaced  out"},
		{"red\x1b[31m text\x07", "red[31m text"},
		{"bidi\u202etxt.exe", "biditxt.exe"},
		{"zero\u200bwidth\ufeff\u2060", "zerowidth"},
		{"line\u2028para\u2029end", "line para end"},
		{"bad\xffutf8", "bad\uFFFDutf8"},
		{"<b>kept for the escaper</b>", "<b>kept for the escaper</b>"},
		{long, strings.Repeat("é", maxRemoteText) + "…"},
	}
	for _, tt := range tests {
		if got := sanitise(tt.in); got != tt.want {
			t.Errorf("sanitise(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTimeoutError(t *testing.T) {
	err := error(&timeoutError{waited: time.Minute, redirectURI: "http://127.0.0.1:3000/cb"})
	if !errors.Is(err, ErrTimeout) || strings.Contains(err.Error(), "ignored") {
		t.Errorf("plain timeout: %v", err)
	}
	err = fmt.Errorf("connect: %w", &timeoutError{waited: time.Minute, redirectURI: "http://127.0.0.1:3000/cb", ignored: 1})
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "ignored 1 forged callback)") {
		t.Errorf("timeout after one forgery: %v", err)
	}
	if got := Explain(err); !strings.Contains(got, "ignored 1 forged callback ") {
		t.Errorf("Explain = %q", got)
	}
}

func TestUsableID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"6500abc-def_01", true},
		{"", false},
		{"has space", false},
		{"ctl\x1b", false},
		{strings.Repeat("a", maxIDLength), true},
		{strings.Repeat("a", maxIDLength+1), false},
	}
	for _, tt := range tests {
		if got := usableID(tt.id); got != tt.want {
			t.Errorf("usableID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}
