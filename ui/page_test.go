package ui

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/alloy/demo"
)

// openBySearch types a query on Search and opens its only result.
func (h *harness) openBySearch(query string) {
	h.t.Helper()
	h.waitText("44 results")
	h.typeText(query)
	h.waitText("1 result")
	h.press("enter")
}

// footer is the help line above the status bar.
func footer(screen string) string {
	lines := strings.Split(screen, "\n")
	if len(lines) < 2 {
		return ""
	}
	return lines[len(lines)-2]
}

func TestPageCutByAnErrorSaysSoAndRResumes(t *testing.T) {
	t.Parallel()
	// Each answer takes 150 ms and the page's own list pages come one after
	// the other: the fault is armed long before the last of them.
	h := start(t, setup{fake: demo.Options{Latency: 150 * time.Millisecond, RateLimit: -1}})
	h.openBySearch("firmware release")
	h.waitFor("the first blocks", func(s string) bool { return strings.Contains(s, "Loading: ") && strings.Contains(s, " blocks") })
	h.srv.Inject(demo.Fault{Action: "get-block-children", Status: http.StatusBadRequest})
	h.waitIdle("the load to stop", func(s string) bool { return strings.Contains(footer(s), "r resume") })
	h.press("G")
	h.waitFor("the marker", func(s string) bool {
		return strings.Contains(s, "Not loaded: about ") && strings.Contains(s, "more blocks. r resumes.")
	})
	before := h.srv.Stats().Actions["get-block-children"]

	h.press("r")
	h.waitIdle("the rest of the page", func(s string) bool { return !strings.Contains(footer(s), "resume") })
	h.press("G")
	frame := h.waitFor("the end of the page", func(s string) bool { return strings.Contains(s, "Before 1.1") })
	if strings.Contains(frame, "Not loaded") {
		t.Errorf("the completed page still says it is cut:\n%s", frame)
	}
	// The four list pages of the page's own chain: the failed one is asked
	// for again, the ones that arrived are not.
	if asked := h.srv.Stats().Actions["get-block-children"] - before; asked > 3 {
		t.Errorf("r asked for %d list pages: it must go on from where the load stopped", asked)
	}
}

func TestPageNotFoundSaysSoInTheHeaderOnly(t *testing.T) {
	t.Parallel()
	h := start(t, setup{fake: demo.Options{RateLimit: -1}})
	h.waitText("44 results")
	h.typeText("0123456789abcdef0123456789abcdef") // an id opens at once
	frame := h.waitIdle("the page's failure", func(s string) bool { return strings.Contains(s, "Not found") })
	lines := strings.Split(frame, "\n")
	if !strings.Contains(lines[0], "Not found") || strings.Contains(lines[0], "Loading") {
		t.Errorf("header %q", lines[0])
	}
	if status := lines[len(lines)-1]; strings.Contains(status, "✗") || strings.Contains(status, "Not found") {
		t.Errorf("the status bar repeats the error: %q", status)
	}
}

func TestPageFooterOffersOnlyWhatWorks(t *testing.T) {
	t.Parallel()
	h := start(t, setup{fake: demo.Options{RateLimit: -1}})
	h.openBySearch("scratchpad")
	frame := h.waitPage("📝 Scratchpad", "edited")
	if f := footer(frame); strings.Contains(f, "next link") || strings.Contains(f, "open link") || !strings.Contains(f, "rename") {
		t.Errorf("footer of a page without links: %q", f)
	}
	h.press("esc")
	h.waitText("1 result")
	for range len("scratchpad") {
		h.press("backspace")
	}
	h.openBySearch("larkspur labs wiki")
	frame = h.waitPage("🏡 Larkspur Labs wiki", "links (tab)")
	if f := footer(frame); !strings.Contains(f, "next link") {
		t.Errorf("footer of a page with links: %q", f)
	}
}

func TestPageOpenWithoutABrowserShowsTheURL(t *testing.T) {
	t.Parallel()
	h := start(t, setup{fake: demo.Options{RateLimit: -1}, configure: func(o *Options) {
		o.OpenBrowser = func(string) error { return errors.New(`exec: "xdg-open": executable file not found in $PATH`) }
	}})
	h.openBySearch("scratchpad")
	h.waitPage("📝 Scratchpad", "edited")
	h.press("o")
	frame := h.waitText("No browser could be opened", "https://www.notion.so/", "y copies it")
	if strings.Contains(frame, "exec") {
		t.Errorf("the system's error shows:\n%s", frame)
	}
	checkSize(t, frame, 80, 24)
	h.press("y")
	h.waitText("Copied the page's URL.")
}
