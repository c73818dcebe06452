package common

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
)

// Seconds says a wait in whole seconds, or minutes and seconds past a
// minute: "2s", "1m 30s".
func Seconds(d time.Duration) string {
	s := int((d + time.Second - 1) / time.Second)
	if s < 60 {
		return fmt.Sprintf("%ds", s)
	}
	if s%60 == 0 {
		return fmt.Sprintf("%dm", s/60)
	}
	return fmt.Sprintf("%dm %ds", s/60, s%60)
}

// Ago says how long ago t was, in the fewest words: "just now", "5m ago",
// "3h ago", "2d ago", then a date.
func Ago(now, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d/time.Minute))
	case d < 24*time.Hour:
		return fmt.Sprintf("%dh ago", int(d/time.Hour))
	case d < 30*24*time.Hour:
		return fmt.Sprintf("%dd ago", int(d/(24*time.Hour)))
	case t.Year() == now.Year():
		return t.Format("Jan 2")
	default:
		return t.Format("Jan 2, 2006")
	}
}

// Icon returns a page's icon as one or two cells of text: its emoji, or a
// stand-in for kinds a terminal cannot show.
func Icon(p models.Page) string {
	if p.Icon != nil && p.Icon.Type == "emoji" && p.Icon.Emoji != "" {
		return models.SanitizeLine(p.Icon.Emoji)
	}
	if IsDatabase(p) {
		return "▦"
	}
	return "▤"
}

// IsDatabase reports whether a search result is a database or data source
// rather than a page.
func IsDatabase(p models.Page) bool {
	return p.Object == "database" || p.Object == "data_source"
}

// Title returns a page's title fit for one line, "Untitled" when empty.
func Title(p models.Page) string {
	t := strings.TrimSpace(models.SanitizeLine(p.Title))
	if t == "" {
		return "Untitled"
	}
	return t
}

// Where says where a page sits, from its parent, without another request.
func Where(p models.Page) string {
	switch p.Parent.Type {
	case "workspace":
		return "workspace"
	case "page_id":
		return "in a page"
	case "database_id", "data_source_id":
		return "in a database"
	case "block_id":
		return "in a block"
	default:
		return ""
	}
}

// connectorSpellings are the names whose maker spells them otherwise than
// their id capitalised, as the service names them: the screens that know a
// connection's connector only by its id (Connections) must agree with
// those that list the connectors (Actions).
var connectorSpellings = map[string]string{
	alloy.NotionConnector: "Notion",
	"hubspot":             "HubSpot",
	"github":              "GitHub",
	"gitlab":              "GitLab",
	"linkedin":            "LinkedIn",
	"youtube":             "YouTube",
	"quickbooks":          "QuickBooks",
	"clickup":             "ClickUp",
	"sendgrid":            "SendGrid",
	"bigcommerce":         "BigCommerce",
	"woocommerce":         "WooCommerce",
	"servicenow":          "ServiceNow",
	"pagerduty":           "PagerDuty",
	"mailchimp":           "Mailchimp",
}

// ConnectorName is a connector id as people read it.
func ConnectorName(id string) string {
	if name, ok := connectorSpellings[id]; ok {
		return name
	}
	switch id {
	case "":
		return ""
	default:
		id = models.SanitizeLine(id)
		r, size := utf8.DecodeRuneInString(id)
		return string(unicode.ToUpper(r)) + id[size:]
	}
}
