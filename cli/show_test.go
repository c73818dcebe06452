package cli

import (
	"bytes"
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/alloy/demo"
)

// TestShowTimeoutSaysHowFar: a read cut by --timeout exits 1, prints
// nothing on stdout, and says how far it got.
func TestShowTimeoutSaysHowFar(t *testing.T) {
	h := newHarness(t, demo.Options{BigPageBlocks: 400, Latency: 150 * time.Millisecond})
	id, _ := h.srv.PageID(demo.BigPageTitle)
	r := h.run("show", id, "--format", "markdown", "--timeout", "900ms")
	wantCode(t, r, ExitFailure)
	if r.stdout != "" {
		t.Errorf("a partial page was printed:\n%.300s", r.stdout)
	}
	for _, want := range []string{"--timeout", "900ms", "of ~", "blocks loaded", "nothing printed"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr %q lacks %q", r.stderr, want)
		}
	}
}

func TestShowTimeoutMustBePositive(t *testing.T) {
	h := newHarness(t, demo.Options{})
	r := h.run("show", "0123456789abcdef0123456789abcdef", "--timeout", "0s")
	wantCode(t, r, ExitUsage)
}

// TestShowProgressOnTerminal: with stderr a terminal, show keeps a progress
// line there while loading and clears it before the page is printed.
func TestShowProgressOnTerminal(t *testing.T) {
	h := newHarness(t, demo.Options{BigPageBlocks: 300, Latency: 80 * time.Millisecond})
	id, _ := h.srv.PageID(demo.BigPageTitle)
	var stdout, stderr bytes.Buffer
	env := h.envFor("", &stdout, &stderr, []string{"show", id, "--format", "markdown"})
	env.IsTerminal = func(s any) bool { return s == any(&stderr) }
	if code := Run(context.Background(), env); code != ExitOK {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	errText := stderr.String()
	if !strings.Contains(errText, "\r\x1b[Kloading: ") || !strings.Contains(errText, " blocks") {
		t.Errorf("no progress line on stderr: %q", errText)
	}
	if !strings.HasSuffix(errText, "\r\x1b[K") {
		t.Errorf("the progress line was not cleared: %q", errText)
	}
	if !strings.Contains(stdout.String(), "Section 9") {
		t.Errorf("page not printed:\n%.300s", stdout.String())
	}
}

func TestProgressLineText(t *testing.T) {
	load := alloy.New(alloy.Config{}).Notion("c").NewTreeLoad("p")
	p := &progressLine{load: load}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	if got := p.text(now); got != "loading: 0 of ~100 blocks" {
		t.Errorf("got %q", got)
	}
	p.setWait(alloy.Wait{Until: now.Add(2 * time.Second), Length: 2 * time.Second, Reason: alloy.ReasonRateLimited})
	if got := p.text(now); got != "rate limited: waiting 2s (0 of ~100 blocks)" {
		t.Errorf("got %q", got)
	}
	p.setWait(alloy.Wait{})
	if got := p.text(now); !strings.HasPrefix(got, "loading: ") {
		t.Errorf("got %q after the pause", got)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1240: "1,240", 3000000: "3,000,000", -1234: "-1,234"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestShowMarkdownCreatesTheSamePage: what `show --format markdown` prints
// of a demo page, given to create, makes a page that shows the same; an
// image stays an image.
func TestShowMarkdownCreatesTheSamePage(t *testing.T) {
	h := newHarness(t, demo.Options{})
	parent, _ := h.srv.PageID("Larkspur Labs wiki")
	for _, title := range []string{"Every block type", "Larkspur Labs wiki"} {
		id, ok := h.srv.PageID(title)
		if !ok {
			t.Fatalf("the demo has no page %q", title)
		}
		shown := h.run("show", id, "--format", "markdown")
		wantCode(t, shown, ExitOK)
		_, body, _ := strings.Cut(shown.stdout, "\n\n") // the title is --title
		created := h.runIn(body, "create", "--parent", parent, "--title", title, "--body-file", "-")
		wantCode(t, created, ExitOK)
		again := h.run("show", strings.Fields(created.stdout)[0], "--format", "markdown")
		wantCode(t, again, ExitOK)
		_, bodyAgain, _ := strings.Cut(again.stdout, "\n\n")
		if !strings.Contains(body, "![") && title == "Every block type" {
			t.Errorf("%s: no image written as one:\n%s", title, body)
		}
		// Notion has three levels of heading: deeper ones come back as the third.
		want := regexp.MustCompile(`(?m)^####+ `).ReplaceAllString(body, "### ")
		if bodyAgain != want {
			t.Errorf("%s: created again, it shows otherwise; shown first:\n%s\nthen:\n%s", title, want, bodyAgain)
		}
	}
}
