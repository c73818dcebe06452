package common

import (
	"errors"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/alloy"
)

func TestAgo(t *testing.T) {
	now := time.Date(2025, time.March, 15, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		ago  time.Duration
		want string
	}{
		{10 * time.Second, "just now"},
		{5 * time.Minute, "5m ago"},
		{3*time.Hour + 20*time.Minute, "3h ago"},
		{49 * time.Hour, "2d ago"},
		{40 * 24 * time.Hour, "Feb 3"},
		{400 * 24 * time.Hour, "Feb 9, 2024"},
	}
	for _, tt := range tests {
		if got := Ago(now, now.Add(-tt.ago)); got != tt.want {
			t.Errorf("Ago(-%s) = %q, want %q", tt.ago, got, tt.want)
		}
	}
	if got := Ago(now, time.Time{}); got != "" {
		t.Errorf("Ago(zero) = %q, want empty", got)
	}
}

func TestExplainCleansServerText(t *testing.T) {
	tests := []struct {
		name string
		err  error
		want string
	}{
		{"a refused key asks for it again", &alloy.Error{Status: http.StatusUnauthorized}, "enter it again"},
		{"service text loses its escape sequences", &alloy.Error{Status: http.StatusBadRequest, Message: "bad \x1b]52;c;aGk=\x07title"}, "bad title"},
		{"plain errors are cleaned too", errors.New("boom\x1b[2J now"), "boom now"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Explain(tt.err)
			if !strings.Contains(got, tt.want) || strings.ContainsRune(got, 0x1b) {
				t.Errorf("Explain = %q, want it to contain %q and no ESC", got, tt.want)
			}
		})
	}
}

func TestNoColorStylesCarryNoColour(t *testing.T) {
	st := NewStyles(true, true)
	out := st.Title.Render("x") + st.Error.Render("y") + st.StatusBar.Render("z")
	if strings.Contains(out, "38;") || strings.Contains(out, "48;") {
		t.Errorf("NO_COLOR styles still set colours: %q", out)
	}
	if os.Getenv("GLAMOUR_STYLE") == "" && st.Glamour != "notty" {
		t.Errorf("NO_COLOR pages render with Glamour style %q, want notty", st.Glamour)
	}
}

// Connector names read as their makers spell them, as the service names
// them: HubSpot, not Hubspot.
func TestConnectorName(t *testing.T) {
	for id, want := range map[string]string{
		"":        "",
		"notion":  "Notion",
		"hubspot": "HubSpot",
		"github":  "GitHub",
		"slack":   "Slack",
		"jira":    "Jira",
	} {
		if got := ConnectorName(id); got != want {
			t.Errorf("ConnectorName(%q) = %q, want %q", id, got, want)
		}
	}
}
