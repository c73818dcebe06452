package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/render"
)

// pageJSON is a page in `search --json` and `show --format json`: the fields
// a script needs, with the server's text exactly as it came (writeJSON makes
// the bytes inert), so that a title can be fed back to `rename --if-title`.
type pageJSON struct {
	ID             string        `json:"id"`
	Object         string        `json:"object"`
	Title          string        `json:"title"`
	URL            string        `json:"url"`
	Icon           *string       `json:"icon"`
	Parent         models.Parent `json:"parent"`
	LastEditedTime time.Time     `json:"last_edited_time"`
	InTrash        bool          `json:"in_trash"`
	// Properties are a database row's properties as Notion gave them
	// (show only).
	Properties json.RawMessage `json:"properties,omitempty"`
}

func toPageJSON(p models.Page) pageJSON {
	return pageJSON{
		ID:             p.ID,
		Object:         p.Object,
		Title:          p.Title,
		URL:            p.URL,
		Icon:           iconText(p.Icon),
		Parent:         p.Parent,
		LastEditedTime: p.LastEdited,
		InTrash:        p.InTrash,
	}
}

// iconText is an icon as one string, unsanitised: the emoji, else the
// image's URL or the icon's name; nil when the page has none.
func iconText(icon *models.Icon) *string {
	if icon == nil {
		return nil
	}
	var s string
	switch {
	case icon.Emoji != "":
		s = icon.Emoji
	case icon.External != nil && icon.External.URL != "":
		s = icon.External.URL
	case icon.File != nil && icon.File.URL != "":
		s = icon.File.URL
	case icon.CustomEmoji != nil:
		s = icon.CustomEmoji.Name
	case icon.Named != nil:
		s = icon.Named.Name
	}
	if s == "" {
		return nil
	}
	return &s
}

func (a *app) searchCommand() *cobra.Command {
	var limit int
	var asJSON bool
	var kind string
	cmd := &cobra.Command{
		Use:   "search [QUERY]",
		Short: "Search the titles of pages and databases (everything shared when QUERY is empty)",
		Long: "search lists the pages and databases (their data sources) whose title matches QUERY,\n" +
			"following every result page; with no QUERY it lists everything shared with the integration.\n" +
			"--type page or --type database narrows the results; --limit stops early. In --json a\n" +
			"database's data source has \"object\": \"data_source\" (query it with `alloy-tui query ID`).",
		Args: maxArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			if limit < 0 {
				return usagef("--limit must not be negative")
			}
			object := ""
			switch kind {
			case "":
			case "page":
				object = "page"
			case "database", "data_source", "data-source":
				object = "data_source"
			default:
				return usagef("--type must be page or database, not %q", models.ShortLine(kind, 80))
			}
			query := ""
			if len(args) == 1 {
				var cut bool
				if query, cut = models.CleanQuery(args[0]); cut {
					a.note("Note: the query is cut to its first %d characters.", models.MaxQueryRunes)
				}
			}
			client, conn, err := a.activeConnection(ctx)
			if err != nil {
				return fail("search", err)
			}
			pages := []pageJSON{}
			for p, err := range client.Notion(conn).SearchEach(ctx, alloy.SearchParams{Query: query, Object: object, Limit: limit}) {
				if err != nil {
					return failOnConnection("search", conn, err)
				}
				pages = append(pages, toPageJSON(p))
				if limit > 0 && len(pages) >= limit {
					break
				}
			}
			if asJSON {
				return a.writeJSON(pages)
			}
			if len(pages) == 0 {
				what := "pages"
				if object == "data_source" {
					what = "databases"
				}
				a.note("No %s found. Search matches titles only, and sees only pages shared with the Alloy integration in Notion.", what)
				return nil
			}
			width := max(a.terminalWidth()-70, 30)
			var tw table
			tw.row("TITLE", "TYPE", "ID", "EDITED")
			for _, p := range pages {
				title := strings.TrimSpace(models.SanitizeLine(p.Title))
				if title == "" {
					title = "(untitled)"
				}
				if p.Icon != nil {
					if icon := models.SanitizeLine(*p.Icon); icon != "" && ansi.StringWidth(icon) <= 2 {
						title = icon + " " + title
					}
				}
				// Redacted before it is cut: a cut key would escape redaction.
				tw.row(truncate(a.redact(title), width), objectWord(p.Object), models.SanitizeLine(p.ID), formatTime(p.LastEditedTime))
			}
			return tw.write(a.env.Stdout)
		},
	}
	cmd.Flags().IntVar(&limit, "limit", 0, "stop after `N` results (0: all)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON array of results instead of a table")
	cmd.Flags().StringVar(&kind, "type", "", "list only pages (page) or only databases (database)")
	return cmd
}

// objectWord names a search result's kind for the table: a data source
// (or, before 2025-09-03, a database) is a "database" to the reader.
func objectWord(object string) string {
	switch object {
	case "data_source", "database":
		return "database"
	}
	return "page"
}

// Bounds of show --width.
const (
	minWidth = 20
	maxWidth = 1000
)

// Formats of show.
const (
	formatRendered = "rendered"
	formatMarkdown = "markdown"
	formatJSON     = "json"
)

func (a *app) showCommand() *cobra.Command {
	var format string
	var width int
	var timeout time.Duration
	cmd := &cobra.Command{
		Use:   "show PAGE",
		Short: "Print a page or a database: rendered on a terminal, Markdown when piped",
		Long: "show prints a page's content. PAGE is an id (with or without dashes) or a page URL.\n" +
			"A database prints as its title and a list of its rows.\n" +
			"On a terminal it is rendered with Glamour; piped, it is Markdown; --format chooses.",
		Args: exactArgs(1, "PAGE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			switch format {
			case "":
				format = formatMarkdown
				if a.env.IsTerminal(a.env.Stdout) {
					format = formatRendered
				}
			case formatRendered, formatMarkdown, formatJSON:
			default:
				return usagef("--format must be rendered, markdown or json, not %q", models.ShortLine(format, 80))
			}
			if cmd.Flags().Changed("width") && (width < minWidth || width > maxWidth) {
				return usagef("--width must be between %d and %d columns, not %d", minWidth, maxWidth, width)
			}
			if timeout <= 0 {
				return usagef("--timeout must be positive, not %v", timeout)
			}
			ctx, cancel := context.WithTimeout(ctx, timeout)
			defer cancel()
			pageID, err := models.ParsePageID(args[0])
			if err != nil {
				return usagef("%v", err)
			}
			client, conn, err := a.activeConnection(ctx)
			if err != nil {
				return fail("show", err)
			}
			notion := client.Notion(conn)
			page, err := notion.RetrievePage(ctx, pageID)
			if err != nil {
				if !alloy.MayBeDatabase(err) {
					return failOnConnection("show "+pageID, conn, err)
				}
				// A database's id is "not found" as a page.
				db, rows, dbErr := readDatabase(ctx, notion, pageID)
				switch {
				case dbErr == nil:
					return a.showDatabase(db, rows, format, width, pageID)
				case alloy.MayBeDatabase(dbErr):
					return failOnConnection("show "+pageID, conn, err)
				default:
					return failOnConnection("show "+pageID, conn, dbErr)
				}
			}
			blocks, err := a.loadPage(ctx, notion, pageID, timeout)
			if err != nil {
				return fail("show "+pageID, err)
			}
			// A key split across runs of rich text would have Markdown or
			// JSON between its pieces: redact it from the text itself too.
			page.TitleRich = models.RedactRichText(page.TitleRich, a.secretList()...)
			models.RedactBlocks(blocks, a.secretList()...)
			if format == formatJSON {
				if blocks == nil {
					blocks = []*models.Block{}
				}
				pj := toPageJSON(page)
				if isRow(page) {
					// A row's properties, as Notion gave them.
					pj.Properties = page.PropertiesJSON
				}
				return a.writeJSON(struct {
					Page   pageJSON        `json:"page"`
					Blocks []*models.Block `json:"blocks"`
				}{pj, blocks})
			}
			props := rowProperties(ctx, notion, page)
			if format == formatMarkdown {
				a.printf("%s", withProperties(pageMarkdown(page, blocks), props, a.secretList()))
				return nil
			}
			if width == 0 {
				width = min(a.terminalWidth(), 120)
			}
			if err := a.renderPage(ctx, page, props, blocks, width); err != nil {
				return fail("show "+pageID, fmt.Errorf("rendering: %w", err))
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "rendered, markdown or json (default: rendered on a terminal, markdown when piped)")
	cmd.Flags().IntVar(&width, "width", 0, "wrap rendered text at `N` columns, 20 to 1000 (default: the terminal's width)")
	cmd.Flags().DurationVar(&timeout, "timeout", defaultShowTimeout, "give up reading after `DURATION` (waits for rate limits included)")
	return cmd
}

// readDatabase reads a database and every one of its rows.
func readDatabase(ctx context.Context, notion *alloy.Notion, id string) (models.Page, []models.Page, error) {
	database, err := notion.RetrieveDatabase(ctx, id)
	if err != nil {
		return models.Page{}, nil, err
	}
	db := database.Page()
	rows := []models.Page{}
	cursor := ""
	for pages := 1; ; pages++ {
		if pages > alloy.MaxListPages {
			return models.Page{}, nil, fmt.Errorf("rows: more than %d list pages and the service still says there are more; giving up", alloy.MaxListPages)
		}
		list, err := notion.QueryDatabase(ctx, id, alloy.DatabaseQuery{Cursor: cursor})
		if err != nil {
			return models.Page{}, nil, fmt.Errorf("rows: %w", severalSourcesHint(err, id))
		}
		rows = append(rows, list.Pages...)
		if !list.HasMore || list.NextCursor == "" {
			return db, rows, nil
		}
		cursor = list.NextCursor
	}
}

// showDatabase prints a database read by readDatabase in format.
func (a *app) showDatabase(db models.Page, rows []models.Page, format string, width int, id string) error {
	db.TitleRich = models.RedactRichText(db.TitleRich, a.secretList()...)
	for i := range rows {
		rows[i].TitleRich = models.RedactRichText(rows[i].TitleRich, a.secretList()...)
	}
	if format == formatJSON {
		out := struct {
			Database pageJSON   `json:"database"`
			Rows     []pageJSON `json:"rows"`
		}{toPageJSON(db), make([]pageJSON, 0, len(rows))}
		if out.Database.Object == "" {
			out.Database.Object = "database"
		}
		for _, r := range rows {
			out.Rows = append(out.Rows, toPageJSON(r))
		}
		return a.writeJSON(out)
	}
	md := databaseMarkdown(db, rows)
	if format == formatMarkdown {
		a.printf("%s", md)
		return nil
	}
	if width == 0 {
		width = min(a.terminalWidth(), 120)
	}
	out, err := a.renderMarkdown(md, width)
	if err != nil {
		return fail("show "+id, fmt.Errorf("rendering: %w", err))
	}
	a.printf("%s", out)
	return nil
}

// databaseMarkdown is a database as one Markdown document: its title as
// heading, then a list of links to its rows, each with its last edit.
func databaseMarkdown(db models.Page, rows []models.Page) string {
	var sb strings.Builder
	title := models.RichTextMarkdown(db.TitleRich)
	if strings.TrimSpace(title) == "" {
		title = "Untitled"
	}
	sb.WriteString("# " + strings.ReplaceAll(title, "\n", " ") + "\n\n")
	switch len(rows) {
	case 0:
		sb.WriteString("*A database with no rows.*\n")
		return sb.String()
	case 1:
		sb.WriteString("*A database with 1 row:*\n\n")
	default:
		sb.WriteString(fmt.Sprintf("*A database with %d rows:*\n\n", len(rows)))
	}
	sb.WriteString(models.RowLinksMarkdown(rows, func(row models.Page) string {
		if row.LastEdited.IsZero() {
			return ""
		}
		return "edited " + formatTime(row.LastEdited)
	}))
	return sb.String()
}

// pageMarkdown is the page as one Markdown document, its title as heading,
// written so that create makes the same page of it again (images are
// images, see models.SourceMarkdownTo).
func pageMarkdown(page models.Page, blocks []*models.Block) string {
	var sb strings.Builder
	title := models.RichTextMarkdown(page.TitleRich)
	if strings.TrimSpace(title) == "" {
		title = "Untitled"
	}
	sb.WriteString("# " + strings.ReplaceAll(title, "\n", " ") + "\n\n")
	models.SourceMarkdownTo(&sb, blocks)
	out := sb.String()
	if !strings.HasSuffix(out, "\n") {
		out += "\n"
	}
	return out
}

// renderMarkdown renders with package render, as the TUI does, wrapped at
// width: in the style render.Style chooses from GLAMOUR_STYLE and NO_COLOR
// (dark otherwise, since a pipe or terminal tells nothing of its background).
func (a *app) renderMarkdown(md string, width int) (string, error) {
	// Redacted before rendering too: wrapping could split a key in two.
	md = a.redact(md)
	doc, err := render.Markdown(md, render.Options{Width: width, Style: render.Style(a.env.LookupEnv, true)})
	if err != nil {
		return "", err
	}
	return doc.String(), nil
}

// renderPage prints a page rendered as the TUI renders it, by pieces (its
// title and properties, then its blocks as render.Split cuts them), each
// written as soon as it is rendered: the page's whole rendering is never
// held. Each piece's Markdown is redacted first: wrapping could split a
// key in two.
func (a *app) renderPage(ctx context.Context, page models.Page, props []models.PropertyValue, blocks []*models.Block, width int) error {
	head := withProperties(pageMarkdown(page, nil), props, a.secretList())
	pieces := append([]render.Piece{{Markdown: head}}, render.Split(blocks)...)
	o := render.Options{Width: width, Style: render.Style(a.env.LookupEnv, true)}
	return render.Stream(ctx, a.env.Stdout, pieces, o, a.redact)
}

// terminalWidth is stdout's width when it is a terminal, 100 otherwise.
func (a *app) terminalWidth() int {
	if f, ok := a.env.Stdout.(interface{ Fd() uintptr }); ok && a.env.IsTerminal(a.env.Stdout) {
		if w, _, err := term.GetSize(int(f.Fd())); err == nil && w > 0 {
			return w
		}
	}
	return 100
}

func (a *app) renameCommand() *cobra.Command {
	var ifTitle string
	cmd := &cobra.Command{
		Use:   "rename PAGE TITLE",
		Short: "Rename a page (with --if-title OLD: only if its title is still OLD)",
		Args:  exactArgs(2, "PAGE", "TITLE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			ctx := cmd.Context()
			pageID, err := models.ParsePageID(args[0])
			if err != nil {
				return usagef("%v", err)
			}
			// What is sent is the title cleaned of control characters, and
			// that is what is printed.
			title := models.CleanTitle(args[1])
			if title == "" {
				return usagef("the new title is empty: give the page a title with some text in it")
			}
			if title != strings.TrimSpace(args[1]) {
				a.note("Note: control characters and line breaks were removed from the new title.")
			}
			client, conn, err := a.activeConnection(ctx)
			if err != nil {
				return fail("rename", err)
			}
			notion := client.Notion(conn)
			if cmd.Flags().Changed("if-title") {
				page, err := notion.RetrievePage(ctx, pageID)
				if err != nil {
					return failOnConnection("rename "+pageID, conn, err)
				}
				if page.Title != ifTitle {
					return fail("rename "+pageID, fmt.Errorf("the title is now %q, not %q; nothing was written",
						truncate(a.redact(models.SanitizeLine(page.Title)), 200), truncate(a.redact(models.SanitizeLine(ifTitle)), 200)))
				}
			}
			page, err := notion.RenamePage(ctx, pageID, title)
			if err != nil {
				return failOnConnection("rename "+pageID, conn, err)
			}
			if page.ID == "" {
				page.ID = pageID
			}
			a.printf("Renamed %s to %q.\n", models.SanitizeLine(page.ID), title)
			return nil
		},
	}
	cmd.Flags().StringVar(&ifTitle, "if-title", "", "rename only if the current title is exactly `OLD`")
	return cmd
}

// truncate shortens s to width display columns, marking the cut.
func truncate(s string, width int) string {
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, "…")
}

// formatTime prints a time for tables, local and to the minute.
func formatTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return t.Local().Format("2006-01-02 15:04")
}
