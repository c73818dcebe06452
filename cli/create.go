package cli

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
)

// createOptions are the flags of create.
type createOptions struct {
	parent     string
	dataSource string
	title      string
	bodyFile   string
	properties []string
	asJSON     bool
	batch      string
	format     string
	failed     string
	dryRun     bool
}

func (a *app) createCommand() *cobra.Command {
	var o createOptions
	cmd := &cobra.Command{
		Use:   "create --parent PAGE|DATABASE (--title TITLE | --batch FILE|-)",
		Short: "Create a page (or a database row) from Markdown, or many from a file",
		Long: "create makes a new page under PAGE, or a new row in DATABASE, titled TITLE, its content\n" +
			"the Markdown of --body-file (- reads stdin) and, for a row, its properties from\n" +
			"--property NAME=VALUE (as many as needed; values are checked against the schema).\n" +
			"It prints the new page's id and URL (--json: the page).\n\n" +
			"--batch FILE creates one page per item of FILE (- reads stdin): JSON lines\n" +
			"({\"title\": …, \"properties\": {…}, \"markdown\": …}), a CSV file with a header row (a\n" +
			"column per property; title, or the title property's name, required), or plain text (a\n" +
			"title a line). Items run several at a time within the connection's rate limit; a\n" +
			"table of every item's outcome follows. A create whose answer is lost is looked for\n" +
			"before it is tried again, so nothing is created twice. Items that failed are written\n" +
			"to FILE.failed.jsonl (--failed), which --batch takes back as it is. The exit status is\n" +
			"0 only when every item was created. --dry-run checks every item and sends nothing.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return a.runCreate(cmd.Context(), o, cmd.Flags().Changed("title"))
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.parent, "parent", "", "the `PAGE` or `DATABASE` (id or URL) the new pages go under")
	f.StringVar(&o.dataSource, "data-source", "", "the data source (id or name) of a database that has several")
	f.StringVar(&o.title, "title", "", "the new page's `TITLE`")
	f.StringVar(&o.bodyFile, "body-file", "", "Markdown for the page's content, from `FILE` (- reads stdin)")
	f.StringArrayVar(&o.properties, "property", nil, "a row's property, `NAME=VALUE` (repeat for more)")
	f.BoolVar(&o.asJSON, "json", false, "print the new page as JSON (with --batch: every outcome; with --dry-run: every check)")
	f.StringVar(&o.batch, "batch", "", "create a page for each item of `FILE` (- reads stdin)")
	f.StringVar(&o.format, "format", "", "the batch file's format: jsonl, csv or text (default: from its name or content)")
	f.StringVar(&o.failed, "failed", "", "write the items that failed to `FILE` (default: the batch file's name + .failed.jsonl)")
	f.BoolVar(&o.dryRun, "dry-run", false, "check everything and say what would be created, without writing")
	return cmd
}

func (a *app) runCreate(ctx context.Context, o createOptions, titleSet bool) error {
	if strings.TrimSpace(o.parent) == "" {
		return usagef("create needs --parent PAGE or DATABASE")
	}
	parentID, err := models.ParsePageID(o.parent)
	if err != nil {
		return usagef("--parent: %v", err)
	}
	batch := o.batch != ""
	switch {
	case batch && (titleSet || o.bodyFile != "" || len(o.properties) > 0):
		return usagef("--batch takes the titles, properties and content from its file: leave out --title, --body-file and --property")
	case !batch && !titleSet:
		return usagef("create needs --title TITLE (or --batch FILE)")
	case !batch && (o.format != "" || o.failed != ""):
		return usagef("--format and --failed go with --batch")
	}
	var items []rawItem
	if batch {
		if items, err = a.readBatch(o.batch, o.format); err != nil {
			return err
		}
		if len(items) == 0 {
			return usagef("--batch %s holds no items", models.ShortLine(o.batch, 80))
		}
	} else {
		it := rawItem{Line: 1, Title: o.title, TitleSet: true, Properties: map[string]json.RawMessage{}}
		for _, p := range o.properties {
			name, value, ok := strings.Cut(p, "=")
			if !ok || strings.TrimSpace(name) == "" {
				return usagef("--property takes NAME=VALUE, not %q", models.ShortLine(p, 80))
			}
			raw, _ := json.Marshal(value)
			it.Properties[strings.TrimSpace(name)] = raw
		}
		if o.bodyFile != "" {
			body, err := a.readInput(o.bodyFile)
			if err != nil {
				return err
			}
			it.Markdown = string(body)
		}
		items = []rawItem{it}
	}
	client, conn, err := a.activeConnection(ctx)
	if err != nil {
		return fail("create", err)
	}
	notion := client.Notion(conn)
	target, err := a.createTarget(ctx, notion, parentID, o.dataSource, o.asJSON)
	if err != nil {
		return failOnConnection("create under "+parentID, conn, err)
	}
	prepared := make([]alloy.BatchItem, len(items))
	for i, it := range items {
		prepared[i] = alloy.PrepareBatchItem(it, target)
	}
	if o.dryRun {
		return a.dryRun(prepared, target, o.asJSON)
	}
	if !batch {
		it := prepared[0]
		if it.Err != nil {
			return usagef("%v", it.Err)
		}
		res, err := notion.CreateFullPage(ctx, it.Page, alloy.CreateOptions{Since: time.Now()})
		if err != nil {
			if res.Page.ID != "" {
				a.note("The page was created (%s, %s) but not all of its content.", res.Page.ID, res.Page.URL)
			}
			return failOnConnection("create", conn, err)
		}
		if o.asJSON {
			return a.writeJSON(toPageJSON(res.Page))
		}
		a.printf("%s\t%s\n", a.oneLine(res.Page.ID), a.oneLine(res.Page.URL))
		return nil
	}
	return a.runBatch(ctx, notion, o, target, items, prepared)
}

// readInput reads a file, or stdin for "-".
func (a *app) readInput(name string) ([]byte, error) {
	var data []byte
	var err error
	if name == "-" {
		data, err = io.ReadAll(io.LimitReader(a.env.Stdin, 64<<20))
	} else {
		data, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, fail("reading "+name, err)
	}
	return data, nil
}

// createTarget resolves --parent: a page, or a database (its data source,
// chosen with --data-source when it has several) or a data source.
func (a *app) createTarget(ctx context.Context, notion *alloy.Notion, id, dataSource string, asJSON bool) (createTarget, error) {
	page, err := notion.RetrievePage(ctx, id)
	if err == nil {
		if dataSource != "" {
			return createTarget{}, usagef("--data-source goes with a database parent; %s is a page", id)
		}
		return createTarget{Parent: models.Parent{Type: "page_id", ID: page.ID}, Name: "page " + page.Title}, nil
	}
	if !alloy.MayBeDatabase(err) {
		return createTarget{}, err
	}
	db, dbErr := notion.RetrieveDatabase(ctx, id)
	if dbErr != nil {
		if alloy.MayBeDatabase(dbErr) {
			return createTarget{}, err
		}
		return createTarget{}, dbErr
	}
	if !notion.UsesDataSources() {
		return createTarget{Parent: models.Parent{Type: "database_id", ID: db.ID}, Schema: db.Properties, Name: "database " + db.Title}, nil
	}
	ref, err := a.chooseDataSource(db, queryOptions{dataSource: dataSource, asJSON: asJSON})
	if err != nil {
		return createTarget{}, err
	}
	ds, err := notion.RetrieveDataSource(ctx, ref.ID)
	if err != nil {
		return createTarget{}, err
	}
	return createTarget{Parent: models.Parent{Type: "data_source_id", ID: ds.ID}, Schema: ds.Properties, Name: "database " + db.Title}, nil
}

// readBatch reads a batch file's items.
func (a *app) readBatch(name, format string) ([]rawItem, error) {
	data, err := a.readInput(name)
	if err != nil {
		return nil, err
	}
	items, err := alloy.ParseBatch(data, name, format)
	if err != nil {
		return nil, usagef("--batch %s: %v", models.ShortLine(name, 80), err)
	}
	return items, nil
}

// dryRunJSON is one item's check in --dry-run --json.
type dryRunJSON struct {
	Line  int    `json:"line"`
	Title string `json:"title"`
	Valid bool   `json:"valid"`
	// Requests is how many requests the item's create would take.
	Requests int    `json:"requests,omitempty"`
	Error    string `json:"error,omitempty"`
}

// dryRun says what would be created and what would fail.
func (a *app) dryRun(items []alloy.BatchItem, t createTarget, asJSON bool) error {
	var tw table
	tw.row("LINE", "OUTCOME", "TITLE")
	js := []dryRunJSON{}
	bad := 0
	for _, it := range items {
		j := dryRunJSON{Line: it.Line, Title: it.Page.Title, Valid: it.Err == nil}
		outcome := "would create"
		if it.Err != nil {
			outcome = "invalid: " + it.Err.Error()
			j.Error = it.Err.Error()
			bad++
		} else {
			j.Requests, _ = alloy.PlanRequests(it.Page.Blocks)
			if j.Requests > 1 {
				outcome = fmt.Sprintf("would create (%d requests)", j.Requests)
			}
		}
		js = append(js, j)
		tw.row(fmt.Sprint(it.Line), a.oneLine(outcome), a.oneLine(truncate(it.Page.Title, 60)))
	}
	if asJSON {
		if err := a.writeJSON(js); err != nil {
			return err
		}
	} else {
		_ = tw.write(a.env.Stdout)
	}
	a.note("Dry run: %d of %d would be created under the %s; nothing was written.", len(items)-bad, len(items), t.Name)
	if bad > 0 {
		return fail("create --dry-run", fmt.Errorf("%d item%s would fail", bad, plural(bad)))
	}
	return nil
}

// batchOutcomeJSON is one item's outcome in --json.
type batchOutcomeJSON struct {
	Line      int       `json:"line"`
	Title     string    `json:"title"`
	Created   bool      `json:"created"`
	Recovered bool      `json:"recovered,omitempty"`
	Page      *pageJSON `json:"page,omitempty"`
	Error     string    `json:"error,omitempty"`
}

// runBatch creates the items and reports on each.
// rawItem and createTarget are the batch file's items and where they go.
type (
	rawItem      = alloy.BatchSource
	createTarget = alloy.BatchTarget
)

func (a *app) runBatch(ctx context.Context, notion *alloy.Notion, o createOptions, target createTarget, raw []rawItem, items []alloy.BatchItem) error {
	byLine := map[int]rawItem{}
	for _, it := range raw {
		byLine[it.Line] = it
	}
	progress := func(alloy.BatchProgress) {}
	var mu sync.Mutex
	if a.env.IsTerminal(a.env.Stderr) {
		progress = func(p alloy.BatchProgress) {
			mu.Lock()
			defer mu.Unlock()
			fmt.Fprintf(a.env.Stderr, "\r\x1b[K%s", batchProgressLine(p, len(items)))
		}
		progress(alloy.BatchProgress{Left: len(items)})
	}
	// An interrupt stops the batch gently: a create under way is never
	// cut off (it might have happened, unseen), the items not started go
	// to the failed file.
	stop, finished := make(chan struct{}), make(chan struct{})
	go func() {
		select {
		case <-ctx.Done():
			mu.Lock()
			fmt.Fprintln(a.env.Stderr, "\r\x1b[KStopping: the items under way finish, the rest are not created.")
			mu.Unlock()
			close(stop)
		case <-finished:
		}
	}()
	outcomes := notion.RunBatch(context.WithoutCancel(ctx), items, alloy.BatchOptions{Start: time.Now(), Stop: stop}, progress)
	close(finished)
	if a.env.IsTerminal(a.env.Stderr) {
		fmt.Fprint(a.env.Stderr, "\r\x1b[K")
	}
	created, failed, partial := 0, 0, 0
	var failedLines []alloy.FailedItem
	var js []batchOutcomeJSON
	var tw table
	tw.row("LINE", "OUTCOME", "TITLE")
	for _, oc := range outcomes {
		it := byLine[oc.Item.Line]
		title := oc.Item.Page.Title
		if title == "" {
			title = it.Title
		}
		j := batchOutcomeJSON{Line: oc.Item.Line, Title: title, Created: oc.Created && oc.Err == nil, Recovered: oc.Recovered}
		var outcome string
		switch {
		case oc.Created && oc.Err == nil:
			created++
			outcome = "created " + oc.Page.ID
			if oc.Recovered {
				outcome += " (answer lost; found, not sent again)"
			}
			pj := toPageJSON(oc.Page)
			j.Page = &pj
		case oc.Created:
			// The page exists: running the item again would make a
			// second one, so it is not written to the failed file.
			partial++
			outcome = "partly created " + oc.Page.ID + ": " + describe(oc.Err)
			pj := toPageJSON(oc.Page)
			j.Page, j.Error = &pj, describe(oc.Err)
		default:
			failed++
			outcome = "failed: " + describe(oc.Err)
			j.Error = describe(oc.Err)
			failedLines = append(failedLines, alloy.NewFailedItem(it, target, a.oneLine(describe(oc.Err))))
		}
		js = append(js, j)
		tw.row(fmt.Sprint(oc.Item.Line), a.oneLine(truncate(outcome, 100)), a.oneLine(truncate(title, 60)))
	}
	if o.asJSON {
		if err := a.writeJSON(js); err != nil {
			return err
		}
	} else {
		_ = tw.write(a.env.Stdout)
	}
	if len(failedLines) > 0 {
		path := o.failed
		if path == "" {
			path = o.batch + ".failed.jsonl"
			if o.batch == "-" {
				path = "batch.failed.jsonl"
			}
		}
		if err := alloy.WriteFailedItems(path, failedLines); err != nil {
			a.note("Could not write the failed items to %s: %v", path, err)
		} else {
			if len(failedLines) == 1 {
				a.note("The failed item is in %s; give it to --batch to try it again.", path)
			} else {
				a.note("The %d failed items are in %s; give it to --batch to try them again.", len(failedLines), path)
			}
		}
	}
	if created == len(outcomes) {
		a.note("Created %d of %d.", created, len(outcomes))
		return nil
	}
	msg := fmt.Sprintf("created %d of %d, %d failed", created, len(outcomes), failed)
	if partial > 0 {
		msg += fmt.Sprintf(", %d created without all their content (see the table)", partial)
	}
	return fail("create --batch", errors.New(msg))
}

// batchProgressLine is the progress shown on a terminal: a bar and the counts.
func batchProgressLine(p alloy.BatchProgress, total int) string {
	const width = 24
	done := p.Done + p.Failed
	fill := 0
	if total > 0 {
		fill = done * width / total
	}
	return fmt.Sprintf("[%s%s] %d created · %d failed · %d left", strings.Repeat("█", fill), strings.Repeat("░", width-fill), p.Done, p.Failed, p.Left)
}

// demoDropWrites reads ALLOY_DEMO_DROP_WRITES, the demo's rhythm of lost
// write answers (0, none, when unset or not a positive number).
func (a *app) demoDropWrites() int {
	if a.env.LookupEnv == nil {
		return 0
	}
	v, ok := a.env.LookupEnv("ALLOY_DEMO_DROP_WRITES")
	if !ok {
		return 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 {
		return 0
	}
	return n
}
