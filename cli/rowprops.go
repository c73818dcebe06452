package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
)

// isRow reports whether a page is a database row (its parent a data source
// or, before 2025-09-03, a database).
func isRow(p models.Page) bool {
	return p.Parent.Type == "data_source_id" || p.Parent.Type == "database_id"
}

// rowProperties returns a row's properties other than its title, in its
// data source's schema order with the schema's number formats; when the
// schema cannot be read, in the order Notion sent them. A page that is not
// a row has none.
func rowProperties(ctx context.Context, notion *alloy.Notion, p models.Page) []models.PropertyValue {
	if !isRow(p) {
		return nil
	}
	values := p.Properties
	if p.Parent.Type == "data_source_id" && p.Parent.ID != "" {
		if ds, err := notion.RetrieveDataSource(ctx, p.Parent.ID); err == nil {
			values = ds.Apply(p)
		}
	}
	out := make([]models.PropertyValue, 0, len(values))
	for _, v := range values {
		if v.Type != "title" {
			out = append(out, v)
		}
	}
	return out
}

// propertiesMarkdown is a row's properties as a two-column Markdown table
// (property, value), or "" when there are none. Empty values show as
// nothing; the text is escaped so that it reads as written.
func propertiesMarkdown(values []models.PropertyValue, secrets []string) string {
	if len(values) == 0 {
		return ""
	}
	var sb strings.Builder
	sb.WriteString("| Property | Value |\n| --- | --- |\n")
	for _, v := range values {
		sb.WriteString("| " + markdownCell(v.Name, secrets) + " | " + markdownCell(v.Text(), secrets) + " |\n")
	}
	sb.WriteString("\n")
	return sb.String()
}

// markdownCell escapes text for one cell of a Markdown table.
func markdownCell(s string, secrets []string) string {
	s = models.Redact(strings.TrimSpace(models.SanitizeLine(s)), secrets...)
	if s == "" {
		return " "
	}
	md := models.RichTextMarkdown(models.RichText{{Type: "text", PlainText: s}})
	return strings.ReplaceAll(md, "|", `\|`)
}

// withProperties puts a row's property table under the page's heading.
func withProperties(md string, values []models.PropertyValue, secrets []string) string {
	table := propertiesMarkdown(values, secrets)
	if table == "" {
		return md
	}
	head, rest, ok := strings.Cut(md, "\n\n")
	if !ok {
		return md + "\n" + table
	}
	return head + "\n\n" + table + rest
}

// severalSourcesHint says, for a database with several data sources, how
// to read one of them.
func severalSourcesHint(err error, databaseID string) error {
	var several *alloy.SeveralDataSourcesError
	if !errors.As(err, &several) {
		return err
	}
	return fmt.Errorf("%w: show one by its id, or list its rows with `alloy-tui query %s --data-source NAME`", err, databaseID)
}
