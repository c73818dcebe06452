package screens

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/ui/common"
)

// searchServer answers every search with n pages titled "Page number i"
// (for the query "fail" it answers 500), counting the requests.
func searchServer(tb testing.TB, n int) (*httptest.Server, *atomic.Int64) {
	var count atomic.Int64
	results := make([]map[string]any, n)
	for i := range results {
		results[i] = map[string]any{
			"object": "page", "id": fmt.Sprintf("%032x", i+1),
			"parent":           map[string]any{"type": "workspace", "workspace": true},
			"last_edited_time": testNow.Add(-time.Duration(i) * time.Hour).Format(time.RFC3339),
			"properties": map[string]any{"title": map[string]any{"type": "title", "title": []any{
				map[string]any{"type": "text", "plain_text": fmt.Sprintf("Page number %d", i), "text": map[string]any{"content": fmt.Sprintf("Page number %d", i)}},
			}}},
		}
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		count.Add(1)
		var body struct {
			RequestBody struct {
				Query string `json:"query"`
			} `json:"requestBody"`
		}
		_ = json.NewDecoder(r.Body).Decode(&body)
		if body.RequestBody.Query == "fail" {
			http.Error(w, `{"message":"the service failed"}`, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"object": "list", "results": results, "has_more": false})
	}))
	tb.Cleanup(srv.Close)
	return srv, &count
}

// settle runs cmd and everything that follows from it the way the root
// would: answers are applied, batches are run; other messages are dropped.
// It returns once nothing is left to wait for.
func settle(tb testing.TB, cmd tea.Cmd) {
	tb.Helper()
	msgs := make(chan tea.Msg)
	outstanding := 0
	spawn := func(c tea.Cmd) {
		if c == nil {
			return
		}
		outstanding++
		go func() { msgs <- c() }()
	}
	spawn(cmd)
	deadline := time.After(5 * time.Second)
	for outstanding > 0 {
		select {
		case msg := <-msgs:
			outstanding--
			switch msg := msg.(type) {
			case tea.BatchMsg:
				for _, c := range msg {
					spawn(c)
				}
			case common.AnswerMsg:
				spawn(msg.Apply())
			}
		case <-deadline:
			tb.Fatal("commands still running after 5s")
		}
	}
}

func press(s common.Screen, keys string) tea.Cmd {
	var cmds []tea.Cmd
	for _, r := range keys {
		cmds = append(cmds, s.Update(tea.KeyPressMsg{Code: r, Text: string(r)}))
	}
	return tea.Batch(cmds...)
}

func BenchmarkSearchTyping2500(b *testing.B) {
	srv, requests := searchServer(b, 2500)
	c := newContext(b, srv.URL, 120, 40)
	s := NewSearch(c)
	settle(b, s.Init())
	before := requests.Load()
	b.ResetTimer()
	for i := range b.N {
		if i%64 == 63 {
			s.input.SetValue("")
		}
		s.Update(tea.KeyPressMsg{Code: 'a' + rune(i%26), Text: string('a' + rune(i%26))})
		_ = s.View()
	}
	b.StopTimer()
	if n := requests.Load() - before; n != 0 {
		b.Fatalf("typing made %d requests from Update", n)
	}
}

func TestTypingInSearchNeverWaitsOnTheNetwork(t *testing.T) {
	srv, requests := searchServer(t, 3)
	c := newContext(t, srv.URL, 80, 20)
	s := NewSearch(c)
	for _, r := range "weather station" {
		if cmd := s.Update(tea.KeyPressMsg{Code: r, Text: string(r)}); cmd == nil {
			t.Fatalf("typing %q returned no command: the debounce must be a command", r)
		}
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("Update made %d requests while typing", n)
	}
	if s.Busy() != "" {
		t.Errorf("Busy() = %q before the debounce ended", s.Busy())
	}
}

func TestSearchFailureShowsTheErrorInsteadOfOldResults(t *testing.T) {
	srv, _ := searchServer(t, 3)
	c := newContext(t, srv.URL, 80, 20)
	s := NewSearch(c)
	c.Debounce = time.Millisecond
	settle(t, s.Init())
	if !strings.Contains(ansi.Strip(s.View()), "Page number 1") {
		t.Fatalf("results not shown:\n%s", ansi.Strip(s.View()))
	}
	settle(t, press(s, "fail"))
	view := ansi.Strip(s.View())
	if strings.Contains(view, "Page number") {
		t.Errorf("old results stay under the failed query:\n%s", view)
	}
	if !strings.Contains(view, "failed") || !strings.Contains(view, "the service failed") {
		t.Errorf("the failure is not shown in the list:\n%s", view)
	}
	if emitted := c.TakeEmitted(); len(emitted) != 0 {
		t.Errorf("the failure also went to the status bar: %v", emitted)
	}
	// enter must not open anything that does not answer the query.
	s.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	for _, m := range c.TakeEmitted() {
		if _, ok := m.(common.OpenPageMsg); ok {
			t.Errorf("enter opened a page after a failed search")
		}
	}
}

func TestSearchBrowseModeSendsUnboundLettersToTheInput(t *testing.T) {
	srv, _ := searchServer(t, 3)
	c := newContext(t, srv.URL, 80, 20)
	s := NewSearch(c)
	settle(t, s.Init())
	s.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if s.Capturing() {
		t.Fatal("esc did not leave the input")
	}
	if !strings.Contains(ansi.Strip(s.View()), strings.TrimSpace(browseTag)) {
		t.Errorf("browse mode is not marked:\n%s", ansi.Strip(s.View()))
	}
	press(s, "n")
	if !s.Capturing() || s.input.Value() != "n" {
		t.Errorf("an unbound letter in browse mode: focused %v, input %q; want the input to take it", s.Capturing(), s.input.Value())
	}
}

func TestSearchResumeFocusesTheInput(t *testing.T) {
	srv, _ := searchServer(t, 3)
	c := newContext(t, srv.URL, 80, 20)
	s := NewSearch(c)
	settle(t, s.Init())
	s.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	s.Suspend()
	settle(t, s.Resume())
	if !s.Capturing() {
		t.Error("coming back to Search left browse mode on: typing would run commands")
	}
}
