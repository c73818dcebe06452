package alloy

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// TestExplainGolden keeps the sentences people read in one reviewed file:
// a change of wording shows up as a diff of testdata/explain.golden.
func TestExplainGolden(t *testing.T) {
	cases := []*Error{
		{Status: 0, Op: "list connectors", URL: "http://127.0.0.1:9/prefix/connectors", Message: "connection refused"},
		{Status: 200, Op: "execute notion/post-search", Message: "unexpected response shape: no results list", Err: ErrUnexpectedResponse},
		{Status: 400, Op: "rename page p1", Code: "validation_error", Message: "body failed validation", RequestID: "r-1"},
		{Status: 401, Op: "list connectors", Message: "Unauthorized"},
		{Status: 403, Op: "list connectors", Code: "restricted_resource", Message: "no"},
		{Status: 404, Op: "execute notion/retrieve-a-page", Code: "object_not_found", Message: "Could not find page"},
		{Status: 409, Op: "rename page p1", Code: "conflict_error", Message: "conflict"},
		{Status: 429, Op: "execute notion/post-search", Code: "rate_limited", RetryAfter: 12 * time.Second},
		{Status: 429, Op: "execute notion/post-search"},
		{Status: 500, Op: "list connectors", Message: "internal"},
		{Status: 503, Op: "list connectors"},
		{Status: 418, Op: "list connectors", Message: "I'm a teapot"},
	}
	var b strings.Builder
	for _, e := range cases {
		fmt.Fprintf(&b, "%d\n  error:   %s\n  explain: %s\n", e.Status, e.Error(), e.Explain())
	}
	path := filepath.Join("testdata", "explain.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if b.String() != string(want) {
		t.Errorf("Explain sentences changed; run with -update if intended.\n got:\n%s\nwant:\n%s", b.String(), want)
	}
}

func TestErrorWorksWithErrorsAs(t *testing.T) {
	inner := &Error{Status: 404, Op: "retrieve page p", Code: "object_not_found"}
	wrapped := fmt.Errorf("open page: %w", inner)
	var e *Error
	if !errors.As(wrapped, &e) || e != inner {
		t.Fatal("errors.As does not find the *Error")
	}
	cause := errors.New("boom")
	if !errors.Is(&Error{Err: cause}, cause) {
		t.Error("errors.Is does not reach the cause")
	}
}

func TestClean(t *testing.T) {
	tests := map[string]string{
		"plain":                           "plain",
		"a\x1b[1;31mred\x1b[0m":           "ared",
		"title\x1b]0;pwned\x07 ok":        "title ok",
		"osc st\x1b]8;;http://x\x1b\\end": "osc stend",
		"bell\x07 and \x00nul":            "bell and nul",
		"c1 \u0085next \u009b31mx":        "c1 next x",
		"  lots \n\n of\tspace  ":         "lots of space",
		"bad \xff utf8":                   "bad \ufffd utf8",
	}
	for in, want := range tests {
		if got := clean(in, 200); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := clean(strings.Repeat("é", 200), 11); got != "ééééé" {
		t.Errorf("cut mid-rune: %q", got)
	}
}
