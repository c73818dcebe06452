package screens

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
)

// With no connection at all, the screen says so in one sentence: no header
// over an empty table, no hint for keys that do nothing.
func TestConnectionsWithNoneSayOneSentence(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"data":[]}`))
	}))
	t.Cleanup(srv.Close)
	c := newContext(t, srv.URL, 80, 20)
	s := NewConnections(c, nil)
	settle(t, s.Init())
	view := ansi.Strip(s.View())
	if !strings.Contains(view, "No connections yet. Press c to connect Notion.") {
		t.Errorf("no sentence for an empty list:\n%s", view)
	}
	for _, orphan := range []string{"NAME", "CONNECTOR", "0 connections", "No Notion connection yet"} {
		if strings.Contains(view, orphan) {
			t.Errorf("%q shown over an empty list:\n%s", orphan, view)
		}
	}
	k := c.Keys.Conns
	for _, b := range s.Help().ShortHelp() {
		for _, useless := range []key.Binding{k.Activate, k.Disconnect, k.Filter} {
			if b.Help() == useless.Help() {
				t.Errorf("the footer offers %q with nothing to act on", b.Help().Key)
			}
		}
	}
}
