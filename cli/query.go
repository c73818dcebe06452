package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/spf13/cobra"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/filter"
	"github.com/alloy-tui/alloy-tui/models"
)

// maxCellWidth bounds a cell of query's table (the title's is half as
// wide again); columns that do not fit the terminal are left out
// (--columns chooses).
const (
	maxCellWidth = 40
)

// maxUserScanPages bounds how many pages of rows are read to find a
// person named in a filter (Owner~Mira): Notion filters people by id.
const maxUserScanPages = 10

// queryOptions are query's flags.
type queryOptions struct {
	dataSource string
	filters    []string
	filterJSON string
	sorts      []string
	columns    string
	limit      int
	asJSON     bool
}

func (a *app) queryCommand() *cobra.Command {
	var o queryOptions
	cmd := &cobra.Command{
		Use:   "query DATABASE",
		Short: "List a database's rows with their properties, filtered and sorted by Notion",
		Long: "query lists the rows of a database (an id or a link) as a table, or with --json as an array\n" +
			"of rows (id, url, title and properties as plain values). A database with several data sources\n" +
			"needs --data-source (its id or name); the choices are listed when it is missing.\n\n" +
			"Filters (--filter, repeatable, and-ed) read PROPERTY OPERATOR VALUE, translated by the\n" +
			"property's type: = and != (is, is not), ~ and !~ (contains, does not contain), ^= and $=\n" +
			"(starts, ends with), < <= > >= (before/after for dates), and 'PROPERTY is empty' or\n" +
			"'PROPERTY is not empty'. Examples: Status=Done, Priority!=Low, Due<2024-04-24, Tags~urgent,\n" +
			"Done=true, Owner~Mira, Name^=Plan. --filter-json passes Notion's own filter object as it is.\n" +
			"--sort PROPERTY[:asc|desc] (repeatable) sorts on the service.",
		Example: "  alloy-tui query https://www.notion.so/Team-tasks-0123… --filter Status=Done --sort Due:desc\n" +
			"  alloy-tui query DATABASE --data-source Tasks --filter 'Owner~Mira' --filter 'Due>=2024-04-24' --json",
		Args: exactArgs(1, "DATABASE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runQuery(cmd.Context(), args[0], o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.dataSource, "data-source", "", "the data source to query (`ID` or name) when the database has several")
	f.StringArrayVar(&o.filters, "filter", nil, "keep rows where `EXPR` holds (Status=Done, Due<2024-04-24, Tags~urgent…); repeat to and")
	f.StringVar(&o.filterJSON, "filter-json", "", "Notion's filter object as `JSON`, passed as it is (and-ed with --filter)")
	f.StringArrayVar(&o.sorts, "sort", nil, "sort by `PROP[:asc|desc]`; repeat for ties")
	f.StringVar(&o.columns, "columns", "", "show these properties, in this order (`A,B,…`; the title is always first)")
	f.IntVar(&o.limit, "limit", 0, "stop after `N` rows (0: all)")
	f.BoolVar(&o.asJSON, "json", false, "print one JSON array of rows instead of a table")
	return cmd
}

// runQuery is the query command.
func (a *app) runQuery(ctx context.Context, arg string, o queryOptions) error {
	if o.limit < 0 {
		return usagef("--limit must not be negative")
	}
	dbID, err := models.ParsePageID(arg)
	if err != nil {
		return usagef("%v", err)
	}
	expr, err := filter.ParseAll(o.filters)
	if err != nil {
		return usagef("--filter: %v", err)
	}
	var rawFilter any
	if strings.TrimSpace(o.filterJSON) != "" {
		dec := json.NewDecoder(strings.NewReader(o.filterJSON))
		dec.UseNumber()
		var m map[string]any
		if err := dec.Decode(&m); err != nil || m == nil || dec.More() {
			return usagef("--filter-json must be one JSON object (Notion's filter), as in {\"property\":\"Done\",\"checkbox\":{\"equals\":true}}")
		}
		rawFilter = m
	}
	var sorts []filter.Sort
	for _, s := range o.sorts {
		so, err := filter.ParseSort(s)
		if err != nil {
			return usagef("--sort: %v", err)
		}
		sorts = append(sorts, so)
	}
	client, conn, err := a.activeConnection(ctx)
	if err != nil {
		return fail("query", err)
	}
	notion := client.Notion(conn)
	op := "query " + dbID

	db, err := notion.RetrieveDatabase(ctx, dbID)
	if err != nil {
		return failOnConnection(op, conn, err)
	}
	var schema []models.PropertySchema
	var source models.DataSource
	dsID := ""
	if notion.UsesDataSources() {
		ref, err := a.chooseDataSource(db, o)
		if err != nil {
			return err
		}
		dsID = ref.ID
		op = "query " + dsID
		if source, err = notion.RetrieveDataSource(ctx, dsID); err != nil {
			return failOnConnection(op, conn, err)
		}
		schema = source.Properties
	} else {
		if o.dataSource != "" {
			return usagef("--data-source needs Notion-Version 2025-09-03 or later (NOTION_VERSION is older)")
		}
		schema = db.Properties
		source = models.DataSource{ID: db.ID, Title: db.Title, Properties: schema}
	}

	query := func(q alloy.DataSourceQuery) (alloy.PageList, error) {
		if dsID != "" {
			return notion.QueryDataSource(ctx, dsID, q)
		}
		return notion.QueryDatabase(ctx, db.ID, alloy.DatabaseQuery{Filter: q.Filter, Sorts: q.Sorts, Cursor: q.Cursor, PageSize: q.PageSize})
	}
	var lookupErr error
	translated, err := filter.TranslateWith(expr, schema, filter.Options{
		ResolveUser: func(property, name string) (string, error) {
			id, err := a.findUser(query, property, name)
			if err != nil && !isUsage(err) {
				lookupErr = err
			}
			return id, err
		},
	})
	if lookupErr != nil {
		return failOnConnection(op, conn, lookupErr)
	}
	if err != nil {
		return usagef("--filter: %v", err)
	}
	var body any
	switch {
	case translated != nil && rawFilter != nil:
		body = map[string]any{"and": []any{rawFilter, translated}}
	case translated != nil:
		body = translated
	case rawFilter != nil:
		body = rawFilter
	}
	var sortBody any
	if len(sorts) > 0 {
		for _, so := range sorts {
			if err := sortDirection(so.Property, schema); err != nil {
				return err
			}
		}
		s, err := filter.Sorts(sorts, schema)
		if err != nil {
			return usagef("--sort: %v", err)
		}
		sortBody = s
	}
	columns, err := chooseColumns(schema, o.columns)
	if err != nil {
		return err
	}

	var rows []models.Page
	more := false
	cursor := ""
	for pages := 1; ; pages++ {
		if pages > alloy.MaxListPages {
			return fail(op, fmt.Errorf("more than %d list pages and the service still says there are more; giving up", alloy.MaxListPages))
		}
		size := alloy.MaxPageSize
		if o.limit > 0 {
			size = min(size, o.limit-len(rows))
		}
		list, err := query(alloy.DataSourceQuery{Filter: body, Sorts: sortBody, Cursor: cursor, PageSize: size})
		if err != nil {
			return failOnConnection(op, conn, err)
		}
		rows = append(rows, list.Pages...)
		if o.limit > 0 && len(rows) >= o.limit {
			rows, more = rows[:o.limit], list.HasMore || len(rows) > o.limit
			break
		}
		if !list.HasMore || list.NextCursor == "" {
			break
		}
		if list.NextCursor == cursor {
			return fail(op, errors.New("the same cursor came back twice"))
		}
		cursor = list.NextCursor
	}
	for i := range rows {
		rows[i].TitleRich = models.RedactRichText(rows[i].TitleRich, a.secretList()...)
		rows[i].Title = rows[i].TitleRich.Plain()
	}
	if o.asJSON {
		return a.writeJSON(rowsJSON(source, rows))
	}
	if len(rows) == 0 {
		a.note("No rows match.")
		return nil
	}
	a.printRows(source, columns, rows)
	switch {
	case more:
		a.note("%d rows shown; there are more (raise --limit).", len(rows))
	case len(rows) == 1:
		a.note("1 row.")
	default:
		a.note("%d rows.", len(rows))
	}
	return nil
}

// isUsage reports whether err is a usage error (the user's to fix).
func isUsage(err error) bool {
	var u *usageError
	return errors.As(err, &u)
}

// chooseDataSource picks the data source to query: --data-source by id or
// name, else the only one. With several and no choice it lists them on
// stdout (a table, or JSON with --json) and fails as a usage error.
func (a *app) chooseDataSource(db models.Database, o queryOptions) (models.DataSourceRef, error) {
	if len(db.DataSources) == 0 {
		return models.DataSourceRef{}, fail("query "+db.ID, errors.New("the database lists no data sources"))
	}
	if want := strings.TrimSpace(o.dataSource); want != "" {
		for _, ds := range db.DataSources {
			if models.CompactID(ds.ID) == models.CompactID(want) {
				return ds, nil
			}
		}
		for _, ds := range db.DataSources {
			if strings.EqualFold(strings.TrimSpace(ds.Name), want) {
				return ds, nil
			}
		}
		a.listDataSources(db, o.asJSON)
		return models.DataSourceRef{}, usagef("the database has no data source %q; choose one of those listed with --data-source", models.ShortLine(want, 80))
	}
	if len(db.DataSources) == 1 {
		return db.DataSources[0], nil
	}
	a.listDataSources(db, o.asJSON)
	return models.DataSourceRef{}, usagef("the database %q has %d data sources; choose one with --data-source ID (or its name)",
		models.ShortLine(db.Title, 80), len(db.DataSources))
}

// listDataSources prints a database's data sources.
func (a *app) listDataSources(db models.Database, asJSON bool) {
	if asJSON {
		_ = a.writeJSON(db.DataSources)
		return
	}
	var tw table
	tw.row("DATA SOURCE", "ID")
	for _, ds := range db.DataSources {
		name := strings.TrimSpace(models.SanitizeLine(ds.Name))
		if name == "" {
			name = "(untitled)"
		}
		tw.row(truncate(a.redact(name), 60), models.SanitizeLine(ds.ID))
	}
	_ = tw.write(a.env.Stdout)
}

// findUser finds the id of the person named name among the values of a
// people property (Notion filters people by id): it reads rows where the
// property is set, up to maxUserScanPages pages, and takes the person whose
// name is name (ignoring case), else the only one whose name starts with
// or contains it.
func (a *app) findUser(query func(alloy.DataSourceQuery) (alloy.PageList, error), property, name string) (string, error) {
	want := strings.ToLower(strings.TrimSpace(name))
	names := map[string]string{} // id → name
	cursor := ""
	for range maxUserScanPages {
		list, err := query(alloy.DataSourceQuery{
			Filter: map[string]any{"property": property, "people": map[string]any{"is_not_empty": true}},
			Cursor: cursor,
		})
		if err != nil {
			return "", fmt.Errorf("finding %q among the people of %q: %w", name, property, err)
		}
		for _, row := range list.Pages {
			if v, ok := row.Property(property); ok {
				for _, u := range v.People {
					if u.ID != "" {
						names[u.ID] = u.Name
					}
				}
			}
		}
		if !list.HasMore || list.NextCursor == "" || list.NextCursor == cursor {
			break
		}
		cursor = list.NextCursor
	}
	var exact, partial []string
	for id, n := range names {
		low := strings.ToLower(n)
		switch {
		case low == want:
			exact = append(exact, id)
		case strings.Contains(low, want):
			partial = append(partial, id)
		}
	}
	switch {
	case len(exact) == 1:
		return exact[0], nil
	case len(exact) == 0 && len(partial) == 1:
		return partial[0], nil
	case len(exact)+len(partial) == 0:
		return "", usagef("nobody called %q is among the people of %q (give a user id, or a name as it appears)", name, property)
	}
	var which []string
	for _, id := range append(exact, partial...) {
		which = append(which, strconv.Quote(names[id]))
	}
	return "", usagef("%q could be any of %s in %q; write more of the name", name, strings.Join(which, ", "), property)
}

// chooseColumns returns the properties to show after the title: --columns
// in its order, or the whole schema in Notion's order.
func chooseColumns(schema []models.PropertySchema, spec string) ([]models.PropertySchema, error) {
	var out []models.PropertySchema
	if strings.TrimSpace(spec) == "" {
		for _, s := range schema {
			if s.Type != "title" {
				out = append(out, s)
			}
		}
		return out, nil
	}
	for _, name := range strings.Split(spec, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		s, ok := models.FindProperty(schema, name)
		if !ok {
			names := make([]string, 0, len(schema))
			for _, p := range schema {
				names = append(names, strconv.Quote(p.Name))
			}
			return nil, usagef("--columns: no property %q; the properties are %s", models.ShortLine(name, 80), strings.Join(names, ", "))
		}
		if s.Type != "title" {
			out = append(out, s)
		}
	}
	return out, nil
}

// printRows prints rows as a table: the title, then the columns that fit
// the terminal's width, each cell on one line and cut at maxCellWidth.
func (a *app) printRows(source models.DataSource, columns []models.PropertySchema, rows []models.Page) {
	titleName := "TITLE"
	if t, ok := source.TitleProperty(); ok {
		titleName = t.Name
	}
	cell := func(s string) string { return a.redact(strings.TrimSpace(models.SanitizeLine(s))) }
	// Every cell first, then as many columns as fit.
	grid := make([][]string, 0, len(rows)+1)
	header := []string{cell(titleName)}
	for _, c := range columns {
		header = append(header, cell(c.Name))
	}
	grid = append(grid, header)
	for _, row := range rows {
		values := source.Apply(row)
		title := row.Title
		if strings.TrimSpace(title) == "" {
			title = "(untitled)"
		}
		line := []string{cell(title)}
		for _, c := range columns {
			text := ""
			for _, v := range values {
				if v.Name == c.Name {
					text = v.Text()
					break
				}
			}
			line = append(line, cell(text))
		}
		grid = append(grid, line)
	}
	widths := make([]int, len(header))
	for _, line := range grid {
		for i, c := range line {
			limit := maxCellWidth
			if i == 0 {
				limit = maxCellWidth * 3 / 2
			}
			widths[i] = min(limit, max(widths[i], ansi.StringWidth(c)))
		}
	}
	width := a.terminalWidth()
	used, shown := widths[0], 1
	for shown < len(widths) && used+2+widths[shown] <= width {
		used += 2 + widths[shown]
		shown++
	}
	var tw table
	for _, line := range grid {
		out := make([]string, shown)
		for i := range shown {
			out[i] = truncate(line[i], widths[i])
		}
		tw.row(out...)
	}
	_ = tw.write(a.env.Stdout)
	if hidden := len(widths) - shown; hidden > 0 {
		a.note("%d more column%s did not fit; choose with --columns.", hidden, plural(hidden))
	}
}

// rowJSON is one row of query --json.
type rowJSON struct {
	ID         string      `json:"id"`
	URL        string      `json:"url"`
	Title      string      `json:"title"`
	Properties orderedJSON `json:"properties"`
}

// rowsJSON are the rows with their properties as plain values, in the
// schema's order.
func rowsJSON(source models.DataSource, rows []models.Page) []rowJSON {
	out := make([]rowJSON, 0, len(rows))
	for _, row := range rows {
		r := rowJSON{ID: row.ID, URL: row.URL, Title: row.Title, Properties: orderedJSON{}}
		values := source.Apply(row)
		// The title first, then the schema's order.
		for _, v := range values {
			if v.Type == "title" {
				r.Properties = append(r.Properties, jsonMember{v.Name, row.Title})
			}
		}
		for _, v := range values {
			if v.Type != "title" {
				r.Properties = append(r.Properties, jsonMember{v.Name, v.Plain()})
			}
		}
		out = append(out, r)
	}
	return out
}

// jsonMember is one member of an orderedJSON object.
type jsonMember struct {
	key   string
	value any
}

// orderedJSON is a JSON object written in its members' order.
type orderedJSON []jsonMember

// MarshalJSON writes the members in order.
func (o orderedJSON) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := json.Marshal(m.key)
		if err != nil {
			return nil, err
		}
		v, err := json.Marshal(m.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// sortDirection catches a sort such as Due:sideways, which filter.ParseSort
// reads as a property named "Due:sideways": when the schema has no such
// property but has the one before the colon, the word after it was meant
// as the direction.
func sortDirection(property string, schema []models.PropertySchema) error {
	i := strings.LastIndexByte(property, ':')
	if i < 0 || schema == nil {
		return nil
	}
	if _, ok := models.FindProperty(schema, property); ok {
		return nil
	}
	name, dir := strings.TrimSpace(property[:i]), strings.TrimSpace(property[i+1:])
	if _, ok := models.FindProperty(schema, name); !ok && name != "created_time" && name != "last_edited_time" {
		return nil
	}
	return usagef("--sort %s: the direction must be asc or desc, not %q", models.ShortLine(name, 80), models.ShortLine(dir, 40))
}
