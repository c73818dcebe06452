package models

import "strings"

// RowLinksMarkdown lists pages (a database's rows) as Markdown: one bullet a
// row, a link to the row's page with its emoji icon and title, then what
// note returns for it (if note is not nil and says anything). An empty list
// gives "".
func RowLinksMarkdown(rows []Page, note func(Page) string) string {
	var sb strings.Builder
	for _, row := range rows {
		label := strings.TrimSpace(SanitizeLine(row.Title))
		if label == "" {
			label = "Untitled"
		}
		if row.Icon != nil && row.Icon.Type == "emoji" && row.Icon.Emoji != "" {
			label = SanitizeLine(row.Icon.Emoji) + " " + label
		}
		label = RichTextMarkdown(RichText{{Type: "text", PlainText: label}})
		sb.WriteString("- ")
		if id, err := ParsePageID(row.ID); err == nil {
			sb.WriteString("[" + label + "](" + PageLinkURL(id) + ")")
		} else {
			sb.WriteString(label)
		}
		if note != nil {
			if s := note(row); s != "" {
				sb.WriteString(" · " + SanitizeLine(s))
			}
		}
		sb.WriteByte('\n')
	}
	return sb.String()
}
