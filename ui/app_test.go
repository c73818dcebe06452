package ui

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/alloy/demo"
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

func TestStartupChoosesTheFirstScreen(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		setup setup
		want  []string
		saved string // the Notion connection the store must hold after
	}{
		{
			name:  "no API key opens Welcome",
			setup: setup{noClient: true},
			want:  []string{"Welcome to alloy-tui", "API key ›", "Settings → API Keys"},
		},
		{
			name:  "an active connection opens Search",
			setup: setup{},
			want:  []string{"1 Search", "44 results", "Larkspur Labs wiki"},
		},
		{
			name:  "exactly one Notion connection becomes active",
			setup: setup{noActive: true},
			want:  []string{"1 Search", "44 results", "Demo workspace"},
			saved: demo.DemoCredentialID,
		},
		{
			name:  "no Notion connection opens Connections",
			setup: setup{noActive: true, fake: demo.Options{NoNotionConnection: true}},
			want:  []string{"No Notion connection yet: press c to connect one.", "Larkspur Labs Slack"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := start(t, tt.setup)
			h.waitText(tt.want...)
			if tt.saved != "" {
				got, err := h.store.Get(keystore.ConnectionKey("notion"))
				if err != nil || got != tt.saved {
					t.Errorf("active connection in the store = %q, %v; want %q", got, err, tt.saved)
				}
			}
		})
	}
}

func TestSearchGolden(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	frame := h.waitText("44 results", "Nested lists and toggles", "Demo workspace")
	h.goldenColour(t)
	checkSize(t, frame, 80, 24)
}

func TestSearchTypingNarrowsAndEnterOpensTheFirstResult(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.typeText("every block")
	h.waitText("1 result", "Every block type")
	h.press("enter")
	frame := h.waitPage("Every block type", "Tables and columns")
	if !strings.Contains(frame, "in Larkspur Labs wiki") {
		t.Errorf("the header does not say where the page sits:\n%s", frame)
	}
}

func TestSearchEnterBeforeTheAnswerOpensTheTypedQuerysFirstResult(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	// Enter at once, before the debounced search has answered: the stale
	// first row (another page) must not open.
	h.typeText("every block")
	h.press("enter")
	h.waitPage("Every block type", "Tables and columns")
}

func TestSearchHighlightMoves(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.press("down", "ctrl+n", "ctrl+p")
	// The second result is highlighted: enter opens it.
	h.press("enter")
	h.waitPage("App redesign for teachers")
}

func TestSearchEmptyExplainsSharing(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.typeText("no such page anywhere")
	h.waitText("No page title matches", "shared with the integration")
}

func TestSearchPastedLinkOpensThePage(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	id, ok := h.srv.PageID("Nested lists and toggles")
	if !ok {
		t.Fatal("the demo workspace has no page \"Nested lists and toggles\"")
	}
	link := "https://app.notion.com/p/Nested-lists-" + models.CompactID(id) + "?source=copy_link"
	h.tm.Send(tea.PasteMsg{Content: link})
	h.waitPage("🪆 Nested lists and toggles")
}

func TestSearchLoadsMoreNearTheEnd(t *testing.T) {
	t.Parallel()
	h := start(t, setup{fake: demo.Options{ExtraPages: 150}})
	h.waitText("100 results, more below")
	for range 97 {
		h.press("down")
	}
	h.waitText("194 results")
}

func TestSearchSurvivesLatencyAnd429And503(t *testing.T) {
	t.Parallel()
	h := start(t, setup{fake: demo.Options{Latency: 50 * time.Millisecond}})
	h.waitText("44 results")
	h.srv.Inject(demo.Fault{Action: "post-search", Status: http.StatusTooManyRequests, RetryAfter: "1"})
	h.srv.Inject(demo.Fault{Action: "post-search", Status: http.StatusServiceUnavailable})
	h.typeText("roadmap")
	h.waitText("1 result", "Roadmap notes")
	h.srv.Inject(demo.Fault{Action: "get-block-children", Status: http.StatusServiceUnavailable})
	h.press("enter")
	h.waitPage("Roadmap notes", "edited")
	if got := h.srv.Stats().Faults; got != 3 {
		t.Errorf("%d injected faults were served, want 3", got)
	}
}

func TestPageLinksOpenAndEscGoesBack(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.typeText("larkspur labs wiki")
	h.waitText("1 result")
	h.press("enter")
	h.waitPage("🏡 Larkspur Labs wiki", "links (tab)")
	h.press("tab")
	h.waitText("▶")
	// The page shows only a link's text; the selected one's address is
	// under the page.
	h.waitText("→ https://")
	h.press("enter")
	h.waitPage("🧭 Onboarding checklist", "in Company")
	h.press("esc")
	h.waitPage("🏡 Larkspur Labs wiki")
	h.press("esc")
	h.waitText("› larkspur labs wiki", "1 result")
}

func TestPageGoldenAndScrolling(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.typeText("every block")
	h.waitText("1 result")
	h.press("enter")
	frame := h.waitPage("🧪 Every block type", "Tables and columns", "6 page links")
	h.goldenColour(t)
	checkSize(t, frame, 80, 24)
	h.press("G")
	bottom := h.waitFor("the end of the page", func(s string) bool { return !strings.Contains(s, "Tables and columns") })
	h.press("g")
	h.waitText("Tables and columns")
	if bottom == frame {
		t.Error("G did not scroll")
	}
}

func TestResizeRerendersWithoutFetching(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.typeText("every block")
	h.waitText("1 result")
	h.press("enter")
	h.waitPage("🧪 Every block type", "Tables and columns")
	before := h.srv.Stats().Requests
	h.tm.Send(tea.WindowSizeMsg{Width: 60, Height: 15})
	frame := h.waitIdle("a 60-column frame", func(s string) bool {
		return len(strings.Split(s, "\n")) == 15
	})
	checkSize(t, frame, 60, 15)
	h.tm.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	frame = h.waitFor("a 40-line frame", func(s string) bool { return len(strings.Split(s, "\n")) == 40 })
	checkSize(t, frame, 120, 40)
	h.tm.Send(tea.WindowSizeMsg{Width: 60, Height: 15})
	h.waitFor("a 15-line frame again", func(s string) bool { return len(strings.Split(s, "\n")) == 15 })
	if after := h.srv.Stats().Requests; after != before {
		t.Errorf("resizing made %d requests; it must re-render what is loaded", after-before)
	}
}

func TestLayoutAt60x15(t *testing.T) {
	t.Parallel()
	h := start(t, setup{width: 60, height: 15})
	frame := h.waitText("44 results", "Demo workspace")
	goldenPlain(t, "search_60x15", frame)
	checkSize(t, frame, 60, 15)
	h.press("enter")
	frame = h.waitPage("Sensor calibration rig", "reference thermometer")
	goldenPlain(t, "page_60x15", frame)
	checkSize(t, frame, 60, 15)
	h.press("?")
	// The full help of a page that fits and has no links: no scrolling or
	// link keys, only what works.
	frame = h.waitText("open in browser")
	checkSize(t, frame, 60, 15)
}

func TestRenameFromPage(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.typeText("scratchpad")
	h.waitText("1 result")
	h.press("enter")
	h.waitPage("📝 Scratchpad", "edited")
	h.press("e")
	h.waitText("Rename", "› Scratchpad")
	h.typeText(" two")
	h.press("enter")
	h.waitPage("📝 Scratchpad two", "Renamed to “Scratchpad two”")
	id, _ := h.srv.PageID("Scratchpad two")
	if title, _ := h.srv.Page(id); title != "Scratchpad two" {
		t.Errorf("server title = %q", title)
	}
	h.press("esc")
	h.waitText("Scratchpad two", "1 result")
}

func TestRenameFromSearchResultAndCancel(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.typeText("scratchpad")
	h.waitText("1 result")
	h.press("ctrl+e")
	h.waitText("Rename", "› Scratchpad")
	h.typeText("!!")
	h.press("esc")
	h.waitText("1 result", "Scratchpad")
	if _, ok := h.srv.PageID("Scratchpad"); !ok {
		t.Error("esc saved the title")
	}
}

func TestRenameFailureKeepsTheTextForARetry(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.typeText("scratchpad")
	h.waitText("1 result")
	h.press("ctrl+e")
	h.waitText("› Scratchpad")
	h.srv.Inject(demo.Fault{Action: "patch-page", Status: http.StatusBadRequest, Count: 1})
	h.typeText(" 3")
	h.press("enter")
	h.waitText("The request was refused", "› Scratchpad 3", "try again")
	h.press("enter")
	h.waitText("Renamed to “Scratchpad 3”")
}

func TestRenameConflictOffersAChoice(t *testing.T) {
	tests := []struct {
		name      string
		key       string
		wantTitle string
	}{
		{"overwrite", "o", "Scratchpad mine"},
		{"keep theirs", "k", "Scratchpad theirs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := start(t, setup{})
			h.waitText("44 results")
			h.typeText("scratchpad")
			h.waitText("1 result")
			h.press("ctrl+e")
			h.waitText("› Scratchpad")
			// Someone else renames the page meanwhile.
			id, _ := h.srv.PageID("Scratchpad")
			other := alloy.New(alloy.Config{BaseURL: h.srv.URL(), APIKey: demo.DemoAPIKey, UserID: demo.DemoUserID})
			if _, err := other.Notion(demo.DemoCredentialID).RenamePage(context.Background(), id, "Scratchpad theirs"); err != nil {
				t.Fatal(err)
			}
			h.typeText(" mine")
			h.press("enter")
			h.waitText("The title changed", "theirs  Scratchpad theirs", "yours   Scratchpad mine")
			h.press(tt.key)
			h.waitText("1 result", tt.wantTitle)
			if title, _ := h.srv.Page(id); title != tt.wantTitle {
				t.Errorf("server title = %q, want %q", title, tt.wantTitle)
			}
		})
	}
}

func TestTabsAndQuit(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.press("tab")
	h.waitText("2 connections", "Larkspur Labs Slack")
	h.press("shift+tab")
	h.waitText("44 results")
	h.press("esc", "2")
	h.waitText("2 connections")
	h.press("1")
	h.waitText("44 results")
	h.press("esc", "q") // coming back focused the input: q quits from browse mode
	h.tm.WaitFinished(t, teatest.WithFinalTimeout(waitTimeout))
}

func TestCtrlCQuitsFromATextInput(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.typeText("q")
	h.waitText("› q")
	h.press("ctrl+c")
	h.tm.WaitFinished(t, teatest.WithFinalTimeout(waitTimeout))
}

func TestConnectionsGoldenAndDisconnect(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.press("tab")
	frame := h.waitText("2 connections", "Larkspur Labs Slack")
	h.goldenColour(t)
	checkSize(t, frame, 80, 24)
	h.press("/")
	h.typeText("slack")
	h.waitFor("the filter", func(s string) bool {
		return !strings.Contains(s, "Notion  ") && strings.Contains(s, "Larkspur Labs Slack")
	})
	h.press("enter", "d")
	h.waitText("Disconnect Larkspur Labs Slack (Slack)?")
	h.press("y")
	h.waitText("Disconnected Larkspur Labs Slack.")
	h.press("esc", "r")
	h.waitText("1 connection", "Demo workspace")
}

func TestConnectionsEnterActivates(t *testing.T) {
	t.Parallel()
	h := start(t, setup{noActive: true})
	h.waitText("44 results")
	h.press("tab")
	h.waitText("2 connections")
	h.press("down", "enter")
	h.waitText("Now using Larkspur Labs Slack for Slack.")
	if got, _ := h.store.Get(keystore.ConnectionKey("slack")); got != demo.DemoSlackCredentialID {
		t.Errorf("active slack connection = %q", got)
	}
}

// authorizeURL is the sign-in address the connect screen shows.
var authorizeURL = regexp.MustCompile(`http://127\.0\.0\.1:\d+/oauth/authorize\S*`)

func TestConnectRunsTheFlow(t *testing.T) {
	t.Parallel()
	h := start(t, setup{noActive: true, fake: demo.Options{NoNotionConnection: true}})
	h.waitText("No Notion connection yet")
	h.press("c")
	frame := h.waitText("Choose the service to connect:", "Notion")
	if first := strings.Index(frame, "Notion"); first > strings.Index(frame, "GitHub") {
		t.Errorf("Notion is not first:\n%s", frame)
	}
	h.press("enter")
	// The URL is shown whole, wrapped at the width: join it back.
	frame = h.waitFor("the sign-in URL", func(s string) bool { return strings.Contains(s, "y copies it") })
	url := joinedURL(frame)
	if url == "" {
		t.Fatalf("no sign-in URL on screen:\n%s", frame)
	}
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	h.waitText("1 Search", "Connected Notion")
	got, _ := h.store.Get(keystore.ConnectionKey("notion"))
	if got == "" {
		t.Error("the new connection was not saved")
	}
}

// joinedURL finds the authorize URL on a frame where it may be wrapped.
func joinedURL(frame string) string {
	lines := strings.Split(frame, "\n")
	for i, l := range lines {
		if strings.HasPrefix(l, "http://127.0.0.1") {
			url := strings.TrimSpace(l)
			for _, next := range lines[i+1:] {
				next = strings.TrimSpace(next)
				if next == "" || strings.Contains(next, " ") {
					break
				}
				url += next
			}
			return authorizeURL.FindString(url)
		}
	}
	return ""
}

func TestConnectEscCancelsAndFailureOffersRetry(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.press("tab")
	h.waitText("2 connections")
	h.press("c")
	h.waitText("Choose the service to connect:")
	h.press("enter")
	h.waitFor("the flow", func(s string) bool { return strings.Contains(s, "y copies it") })
	h.press("esc")
	h.waitText("2 connections")
	h.press("c")
	h.waitText("Choose the service to connect:")
	h.srv.Inject(demo.Fault{Method: http.MethodPost, PathContains: "/credentials", Status: http.StatusForbidden})
	h.press("enter")
	h.waitText("not allowed", "Press r to try again")
	h.press("r")
	h.waitFor("the flow again", func(s string) bool { return strings.Contains(s, "y copies it") })
}

func TestWelcomeChecksAndSavesTheKey(t *testing.T) {
	t.Parallel()
	h := start(t, setup{noClient: true})
	frame := h.waitText("Welcome to alloy-tui")
	goldenPlain(t, "welcome_80x24", frame)
	h.typeText("wrong-key")
	h.press("tab")
	h.typeText(demo.DemoUserID)
	h.press("enter")
	frame = h.waitText("The API key is wrong")
	if strings.Contains(frame, "wrong-key") {
		t.Error("the API key shows on the screen")
	}
	h.press("shift+tab")
	for range len("wrong-key") {
		h.press("backspace")
	}
	h.typeText(demo.DemoAPIKey)
	h.press("enter")
	h.waitText("1 Search", "44 results")
	if got, _ := h.store.Get(keystore.KeyAPIKey); got != demo.DemoAPIKey {
		t.Error("the API key was not saved")
	}
	if got, _ := h.store.Get(keystore.KeyUserID); got != demo.DemoUserID {
		t.Error("the user id was not saved")
	}
}

func TestWelcomeSaysWhenTheKeychainIsUnavailable(t *testing.T) {
	t.Parallel()
	h := start(t, setup{noClient: true, keychain: keystore.ErrUnavailable})
	h.waitText("No keychain is available", "ALLOY_API_KEY")
}

func TestUnauthorizedOffersToReenterTheKey(t *testing.T) {
	t.Parallel()
	h := start(t, setup{configure: func(o *Options) {
		o.Client = o.NewClient("revoked", demo.DemoUserID)
	}})
	h.waitText("Welcome to alloy-tui", "The API key is wrong or has been revoked")
}

// Typing on Search must never change data or quit, whatever mode the screen
// was left in: coming back focuses the input.
func TestTypingOnSearchNeverRunsCommands(t *testing.T) {
	t.Parallel()
	for _, back := range []struct {
		name string
		keys []string
	}{
		{"back with 1", []string{"2", "1"}},
		{"back with esc from a page", []string{"enter"}},
		{"back with tab", []string{"tab", "tab", "tab"}},
		{"back with shift+tab", []string{"shift+tab", "shift+tab", "shift+tab"}},
	} {
		t.Run(back.name, func(t *testing.T) {
			t.Parallel()
			h := start(t, setup{})
			h.waitText("44 results")
			h.press("esc") // browse mode
			h.waitText("browsing")
			h.press(back.keys...)
			if back.keys[0] == "enter" {
				h.waitPage("Sensor calibration rig")
				h.press("esc")
			}
			h.waitText("44 results")
			before := h.srv.Stats()
			h.typeText("nested eq")
			frame := h.waitText("› nested eq", "No page title matches “nested eq”")
			if strings.Contains(frame, "Rename") || strings.Contains(frame, "browsing") {
				t.Errorf("typing ran commands:\n%s", frame)
			}
			after := h.srv.Stats()
			for _, action := range []string{"patch-page", "update-page"} {
				if after.Actions[action] != before.Actions[action] {
					t.Errorf("typing changed data: %s sent", action)
				}
			}
		})
	}
}

// Help is reachable from every screen, including while typing, and esc
// closes it.
func TestHelpOpensFromAnInputAndEscClosesIt(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.press("?") // the input is empty: ? opens the help
	h.waitText("alloy-tui test · esc close", "previous tab")
	if strings.Contains(h.screen(), "› ?") {
		t.Error("? was typed into the empty input")
	}
	h.press("esc")
	h.waitFor("the help closed", func(s string) bool { return !strings.Contains(s, "esc close") })
	h.typeText("wh")
	h.press("?") // now ? is text
	h.waitText("› wh?")
	h.press("f1") // and f1 opens the help anyway
	h.waitText("esc close")
}

// A hanging keychain never stops the first frame, and ctrl+c leaves at once.
func TestHangingKeychainDrawsAtOnceAndCtrlCQuits(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	h := start(t, setup{noClient: true, configure: func(o *Options) {
		o.ReadKeychain = func() Credentials {
			<-release
			return Credentials{}
		}
	}})
	h.waitFor("the keychain notice", func(s string) bool { return strings.Contains(s, "Reading the keychain…") })
	h.press("ctrl+c")
	h.tm.WaitFinished(t, teatest.WithFinalTimeout(waitTimeout))
}

// What the keychain holds decides the first screen once it is read.
func TestKeychainReadOpensSearch(t *testing.T) {
	t.Parallel()
	h := start(t, setup{noClient: true, configure: func(o *Options) {
		o.ReadKeychain = func() Credentials {
			return Credentials{APIKey: demo.DemoAPIKey, UserID: demo.DemoUserID, Connection: demo.DemoCredentialID}
		}
	}})
	h.waitText("44 results", "Demo workspace")
}

// The API key never reaches the screen, whatever form a server echoed it in.
func TestTheKeyNeverReachesTheScreen(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	escaped := ""
	for _, r := range demo.DemoAPIKey {
		escaped += string(r) + "\x1b[0m"
	}
	h.tm.Send(common.InfoMsg{Text: "echo " + demo.DemoAPIKey + " and " + escaped + " end"})
	frame := h.waitText("echo", "end")
	if strings.Contains(frame, demo.DemoAPIKey) || strings.Contains(ansi.Strip(h.rawScreen()), demo.DemoAPIKey) {
		t.Errorf("the key is on screen:\n%s", frame)
	}
}

// While the client waits out a rate limit, the status bar says so with the
// time left, then the answer arrives.
func TestRateLimitWaitIsShown(t *testing.T) {
	t.Parallel()
	h := start(t, setup{configure: func(o *Options) {
		base := o.Client.BaseURL()
		o.NewClient = func(apiKey, userID string) *alloy.Client {
			return alloy.New(alloy.Config{BaseURL: base, APIKey: apiKey, UserID: userID})
		}
		o.Client = o.NewClient(demo.DemoAPIKey, demo.DemoUserID)
	}})
	h.waitText("44 results")
	h.srv.Inject(demo.Fault{Action: "post-search", Status: http.StatusTooManyRequests, RetryAfter: "2"})
	// One edit, so that one search meets the fault (typed letters could
	// each start one, cancelled by the next).
	h.tm.Send(tea.PasteMsg{Content: "roadmap"})
	h.waitFor("the wait", func(s string) bool { return strings.Contains(s, "rate limited: waiting") })
	h.waitText("1 result", "Roadmap notes")
}

// In Search's browse mode no input takes the keys, so [ and alt+left are
// the history's keys there as everywhere else: they never become text,
// and with nothing to go back to they say so.
func TestSearchBrowseModeHistoryKeysAreNotTyped(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.typeText("tasks")
	h.waitText("› tasks", "No page title matches")
	h.press("esc")
	h.waitText("browsing")
	h.press("[")
	frame := h.waitText("Nothing to go back to.")
	if !strings.Contains(frame, "› tasks ") || strings.Contains(frame, "tasks[") {
		t.Errorf("[ was typed into the query:\n%s", frame)
	}
	h.press("j") // any key clears the note
	h.waitFor("the note cleared", func(s string) bool { return !strings.Contains(s, "Nothing to go back to.") })
	h.tm.Send(tea.KeyPressMsg{Code: tea.KeyLeft, Mod: tea.ModAlt})
	frame = h.waitText("Nothing to go back to.", "browsing")
	if strings.Contains(frame, "tasks[") {
		t.Errorf("alt+left changed the query:\n%s", frame)
	}
	h.press("]")
	h.waitText("Nothing to go forward to.", "browsing")
}

// The full help wraps its columns rather than dropping those that do not
// fit: at 60 and 80 columns every key of a page's help shows, whole.
func TestFullHelpShowsEveryKeyWhenNarrow(t *testing.T) {
	t.Parallel()
	for _, size := range [][2]int{{60, 24}, {80, 24}, {60, 15}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			t.Parallel()
			h := start(t, setup{width: size[0], height: size[1]})
			h.waitText("results")
			h.typeText("every block")
			h.waitText("1 result", "Every block type")
			h.press("enter")
			h.waitPage("Every block type")
			h.press("?")
			frame := h.waitText("esc close")
			for _, want := range []string{"esc back", "[ back in history", "ctrl+r recent pages", "ctrl+l call log", "? help", "q quit",
				"next link", "open/close all toggles", "copy as Markdown", "open parent", "page down"} {
				if !strings.Contains(squeezed(frame), want) {
					t.Errorf("the help lacks %q:\n%s", want, frame)
				}
			}
			if strings.Contains(frame, "…") {
				t.Errorf("the help is cut:\n%s", frame)
			}
			checkSize(t, frame, size[0], size[1])
		})
	}
}

// The help on Search while typing names only keys that work there: not
// the digits of the tabs, which are typed.
func TestHelpWhileTypingListsWhatWorks(t *testing.T) {
	t.Parallel()
	h := start(t, setup{})
	h.waitText("44 results")
	h.typeText("wh")
	h.press("f1")
	frame := h.waitText("esc close", "next tab", "call log", "ctrl+c")
	for _, typed := range []string{"1 search", "2 connections", "3 actions", "q quit"} {
		if strings.Contains(squeezed(frame), typed) {
			t.Errorf("the help offers %q, which types:\n%s", typed, frame)
		}
	}
	// In browse mode the digits are the tabs' keys again.
	h.press("esc", "esc")
	h.waitText("browsing")
	h.press("?")
	h.waitText("esc close", "connections", "q")
}

// squeezed is s with every run of spaces and line breaks made one space,
// for finding a key and its words whatever the columns' padding.
func squeezed(s string) string { return strings.Join(strings.Fields(s), " ") }

// The Connections tab spells a connector as the Actions tab does.
func TestConnectionsSpellHubSpotAsActionsDo(t *testing.T) {
	t.Parallel()
	h := start(t, setup{fake: demo.Options{HubSpotConnection: true}, width: 100, height: 30})
	h.waitText("44 results")
	h.press("esc", "2")
	frame := h.waitText("Larkspur Labs CRM", "HubSpot")
	if strings.Contains(frame, "Hubspot") {
		t.Errorf("Hubspot on the Connections tab:\n%s", frame)
	}
	h.press("3")
	h.waitText("● HubSpot")
}
