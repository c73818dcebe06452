package alloy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/alloy-tui/alloy-tui/models"
)

// The Notion actions, first choice first, then the aliases tried when the
// service answers that an action does not exist.
var (
	actionsSearch        = []string{"post-search"}
	actionsRetrievePage  = []string{"retrieve-a-page", "get-page"}
	actionsBlockChildren = []string{"get-block-children", "retrieve-block-children"}
	actionsUpdatePage    = []string{"patch-page", "update-page"}
	actionsCreatePage    = []string{"post-page", "create-page"}
	actionsRetrieveDB    = []string{"retrieve-a-database", "get-database"}
	actionsQueryDB       = []string{"post-database-query", "query-database"}
	actionsRetrieveDS    = []string{"retrieve-a-data-source"}
	actionsQueryDS       = []string{"query-data-source"}
)

// MaxPageSize is the largest page of a Notion list.
const MaxPageSize = 100

// MaxListPages bounds how many pages of one list are followed by cursor
// (200,000 items at 100 a page): SearchAll, AllBlockChildren and each
// children list of a block tree stop with an error naming the limit after
// it, so that a service that keeps answering has_more with new cursors
// cannot keep a load going for ever.
const MaxListPages = 2000

// tooManyPages is the error of a list that went past MaxListPages.
func tooManyPages(op string) error {
	return fmt.Errorf("%s: more than %d list pages (%d items) and the service still says there are more; giving up",
		op, MaxListPages, MaxListPages*MaxPageSize)
}

// MaxTextSegment is the most UTF-16 code units Notion takes in one text
// segment of rich text.
const MaxTextSegment = 2000

// MaxChildrenPerRequest is the most blocks Notion takes in one request.
const MaxChildrenPerRequest = 100

func pageSize(n int) int {
	if n <= 0 || n > MaxPageSize {
		return MaxPageSize
	}
	return n
}

// Search returns one page of search results.
func (n *Notion) Search(ctx context.Context, p SearchParams) (PageList, error) {
	raw, err := n.searchAnswer(ctx, p, nil)
	if err != nil {
		return PageList{}, err
	}
	return decodePageList(raw, "search", true)
}

// searchAnswer asks for one page of search results (at most p.Limit when
// set) and returns the answer undecoded; head, when set, receives what it
// says of the next page.
func (n *Notion) searchAnswer(ctx context.Context, p SearchParams, head *listHead) (json.RawMessage, error) {
	body := map[string]any{"page_size": searchPageSize(p)}
	if p.Query != "" {
		body["query"] = p.Query
	}
	switch object := p.Object; {
	case p.PagesOnly || object == "page":
		body["filter"] = map[string]string{"property": "object", "value": "page"}
	case object == "data_source" || object == "database":
		value := "data_source"
		if !n.UsesDataSources() {
			value = "database"
		}
		body["filter"] = map[string]string{"property": "object", "value": value}
	case object != "":
		return nil, fmt.Errorf("search: cannot narrow results to %q (page or data_source)", object)
	}
	if p.Cursor != "" {
		body["start_cursor"] = p.Cursor
	}
	return n.executeList(ctx, actionsSearch, head, func(string) ActionRequest {
		return ActionRequest{RequestBody: body}
	})
}

// searchPageSize is how many results a search asks for at once.
func searchPageSize(p SearchParams) int {
	if p.Limit > 0 {
		return min(pageSize(p.PageSize), p.Limit)
	}
	return pageSize(p.PageSize)
}

// SearchAll iterates over every result, fetching pages of 100 as needed.
// It stops at the first error, which it yields with a zero Page, and after
// MaxListPages pages.
func (n *Notion) SearchAll(ctx context.Context, query string, pagesOnly bool) iter.Seq2[models.Page, error] {
	return n.SearchEach(ctx, SearchParams{Query: query, PagesOnly: pagesOnly})
}

// SearchEach is SearchAll for any search (p.Cursor is where it starts):
// it iterates over every result (or p.Limit of them), fetching list pages
// as needed, stops at the first error, which it yields with a zero Page,
// and after MaxListPages pages. The next list page is asked for as soon as
// an answer names it, so that it travels while this one is decoded and
// read; one asked for and not wanted (the loop stopped) is cancelled.
func (n *Notion) SearchEach(ctx context.Context, p SearchParams) iter.Seq2[models.Page, error] {
	return func(yield func(models.Page, error) bool) {
		ctx, cancel := context.WithCancel(ctx)
		defer cancel()
		// limit is how many results are wanted in all; each request asks
		// for what is left of it (asked: the answer in hand).
		limit := p.Limit
		var head listHead
		raw, err := n.searchAnswer(ctx, p, &head)
		asked, read := searchPageSize(p), 0
		for pages := 1; ; pages++ {
			if err != nil {
				yield(models.Page{}, err)
				return
			}
			// Ask for the next list page now, if this answer names one
			// (head: what the scan that unwrapped it found) and results
			// are wanted even if this page is full.
			var ahead *listAhead
			if next, left := head.next, limit-read-asked; head.more && next != "" && next != p.Cursor && pages < MaxListPages &&
				(limit <= 0 || left > 0) {
				q := p
				q.Cursor, q.Limit = next, left
				ahead = askAhead(ctx, func(ctx context.Context, head *listHead) (json.RawMessage, error) {
					return n.searchAnswer(ctx, q, head)
				}, next, searchPageSize(q))
			}
			var list PageList
			if list, err = decodePageList(raw, "search", true); err != nil {
				ahead.drop()
				yield(models.Page{}, err)
				return
			}
			for _, page := range list.Pages {
				if !yield(page, nil) {
					return
				}
				if read++; limit > 0 && read >= limit {
					return
				}
			}
			if !list.HasMore || list.NextCursor == "" {
				return
			}
			if list.NextCursor == p.Cursor {
				// A service repeating a cursor would loop for ever.
				yield(models.Page{}, unexpected("search", "the same cursor came back twice"))
				return
			}
			if pages >= MaxListPages {
				yield(models.Page{}, tooManyPages("search"))
				return
			}
			p.Cursor = list.NextCursor
			if ahead != nil && ahead.cursor == p.Cursor {
				raw, head, err = ahead.wait()
				asked = ahead.asked
			} else {
				ahead.drop()
				q := p
				q.Limit = limit - read
				asked = searchPageSize(q)
				raw, err = n.searchAnswer(ctx, q, &head)
			}
		}
	}
}

// listAhead is a list page asked for ahead of its turn.
type listAhead struct {
	cursor string
	asked  int // results asked for
	done   chan struct{}
	raw    json.RawMessage
	head   listHead
	err    error
	cancel context.CancelFunc
}

// askAhead starts asking for the list page at cursor.
func askAhead(ctx context.Context, ask func(context.Context, *listHead) (json.RawMessage, error), cursor string, asked int) *listAhead {
	ctx, cancel := context.WithCancel(ctx)
	a := &listAhead{cursor: cursor, asked: asked, done: make(chan struct{}), cancel: cancel}
	go func() {
		defer close(a.done)
		a.raw, a.err = ask(ctx, &a.head)
	}()
	return a
}

// wait returns the page asked ahead, once it has come.
func (a *listAhead) wait() (json.RawMessage, listHead, error) {
	<-a.done
	a.cancel()
	return a.raw, a.head, a.err
}

// drop cancels a page asked ahead that is not wanted (none: nothing).
func (a *listAhead) drop() {
	if a != nil {
		a.cancel()
	}
}

// RetrievePage reads a page.
func (n *Notion) RetrievePage(ctx context.Context, pageID string) (models.Page, error) {
	if pageID == "" {
		return models.Page{}, errors.New("retrieve page: no page id given")
	}
	raw, err := n.executeAliased(ctx, actionsRetrievePage, false, func(string) ActionRequest {
		return ActionRequest{PathParams: map[string]string{"page_id": pageID}}
	})
	if err != nil {
		return models.Page{}, err
	}
	return decodePage(raw, "retrieve page "+pageID)
}

// BlockChildren returns one page of a block's children.
func (n *Notion) BlockChildren(ctx context.Context, blockID, cursor string) (BlockList, error) {
	return n.blockChildren(ctx, blockID, cursor, false)
}

func (n *Notion) blockChildren(ctx context.Context, blockID, cursor string, priority bool) (BlockList, error) {
	if blockID == "" {
		return BlockList{}, errors.New("block children: no block id given")
	}
	query := map[string]string{"page_size": strconv.Itoa(MaxPageSize)}
	if cursor != "" {
		query["start_cursor"] = cursor
	}
	raw, err := n.executeAliased(ctx, actionsBlockChildren, priority, func(string) ActionRequest {
		return ActionRequest{PathParams: map[string]string{"block_id": blockID}, QueryParameters: query}
	})
	if err != nil {
		return BlockList{}, err
	}
	return decodeBlockList(raw, "block children of "+blockID)
}

// PlaceholderBlockType is the type of the block that stands in for an item
// of a block list that is not a block of a shape this client reads (not an
// object, another kind of object, a body that does not decode): the list
// keeps its place, the renderer shows "unsupported block", and the rest of
// the page still loads. Search drops such items from its results.
const PlaceholderBlockType = "unsupported"

// decodeBlockList reads one page of block children. The answer must be a
// list ("results" an array); one item of an unexpected shape becomes a
// placeholder block rather than failing the page, and null items are
// dropped.
func decodeBlockList(raw json.RawMessage, op string) (BlockList, error) {
	var list struct {
		Results    *[]json.RawMessage `json:"results"`
		NextCursor *string            `json:"next_cursor"`
		HasMore    bool               `json:"has_more"`
	}
	// One pass over the answer: this is the block tree's critical path.
	if err := json.Unmarshal(raw, &list); err != nil {
		return BlockList{}, unexpected(op, err.Error())
	}
	if list.Results == nil {
		return BlockList{}, unexpected(op, "no results list")
	}
	blocks := make([]*models.Block, 0, len(*list.Results))
	for _, item := range *list.Results {
		item = bytes.TrimSpace(item)
		if string(item) == "null" {
			continue
		}
		blocks = append(blocks, decodeBlockItem(item))
	}
	out := BlockList{Blocks: blocks, HasMore: list.HasMore}
	if list.NextCursor != nil {
		out.NextCursor = *list.NextCursor
	}
	return out, nil
}

// decodeBlockItem reads one item of a block list, or returns a placeholder.
func decodeBlockItem(item json.RawMessage) *models.Block {
	placeholder := &models.Block{Type: PlaceholderBlockType}
	if len(item) == 0 || item[0] != '{' {
		return placeholder
	}
	var head struct {
		Object *string `json:"object"`
	}
	if json.Unmarshal(item, &head) != nil || head.Object != nil && *head.Object != "block" {
		return placeholder
	}
	b := &models.Block{}
	if json.Unmarshal(item, b) != nil || b.Type == "" {
		return placeholder
	}
	return b
}

// AllBlockChildren returns all of a block's direct children, following at
// most MaxListPages pages.
func (n *Notion) AllBlockChildren(ctx context.Context, blockID string) ([]*models.Block, error) {
	var all []*models.Block
	cursor := ""
	for pages := 1; ; pages++ {
		if pages > MaxListPages {
			return nil, tooManyPages("block children of " + blockID)
		}
		list, err := n.BlockChildren(ctx, blockID, cursor)
		if err != nil {
			return nil, err
		}
		all = append(all, list.Blocks...)
		if !list.HasMore || list.NextCursor == "" {
			return all, nil
		}
		if list.NextCursor == cursor {
			return nil, unexpected("block children of "+blockID, "the same cursor came back twice")
		}
		cursor = list.NextCursor
	}
}

// RenamePage sets a page's title, splitting titles over 2,000 characters into
// several segments, and returns the page as updated. The property is named
// by its id, "title", which every page's title property has whatever its
// name.
func (n *Notion) RenamePage(ctx context.Context, pageID, title string) (models.Page, error) {
	if pageID == "" {
		return models.Page{}, errors.New("rename page: no page id given")
	}
	body := map[string]any{"properties": map[string]any{"title": map[string]any{"title": titleSegments(title)}}}
	raw, err := n.executeAliased(ctx, actionsUpdatePage, false, func(string) ActionRequest {
		return ActionRequest{PathParams: map[string]string{"page_id": pageID}, RequestBody: body}
	})
	if err != nil {
		return models.Page{}, err
	}
	return decodePage(raw, "rename page "+pageID)
}

// CreatePage creates a page under parent (page_id or database_id) with a title
// and optional children (Notion block objects).
func (n *Notion) CreatePage(ctx context.Context, parent models.Parent, title string, children []any) (models.Page, error) {
	p, err := parentObject(parent)
	if err != nil {
		return models.Page{}, err
	}
	if len(children) > MaxChildrenPerRequest {
		return models.Page{}, fmt.Errorf("create page: %d children, Notion takes at most %d in one request", len(children), MaxChildrenPerRequest)
	}
	body := map[string]any{
		"parent":     p,
		"properties": map[string]any{"title": map[string]any{"title": titleSegments(title)}},
	}
	if len(children) > 0 {
		body["children"] = children
	}
	raw, err := n.executeAliased(ctx, actionsCreatePage, false, func(string) ActionRequest {
		return ActionRequest{RequestBody: body}
	})
	if err != nil {
		return models.Page{}, err
	}
	return decodePage(raw, "create page")
}

// parentObject writes a parent the way Notion takes it.
func parentObject(p models.Parent) (map[string]any, error) {
	switch p.Type {
	case "page_id", "database_id", "data_source_id":
		if p.ID == "" {
			return nil, fmt.Errorf("create page: parent %s without an id", p.Type)
		}
		return map[string]any{"type": p.Type, p.Type: p.ID}, nil
	case "workspace":
		return map[string]any{"type": "workspace", "workspace": true}, nil
	default:
		return nil, fmt.Errorf("create page: a page cannot be created under a parent of type %q", p.Type)
	}
}

// UsesDataSources reports whether the configured Notion version has data
// sources (2025-09-03 and later): rows are then queried through a data
// source (QueryDataSource), and search finds data sources. An older
// version (NOTION_VERSION=2022-06-28) queries databases directly.
func (n *Notion) UsesDataSources() bool {
	return !legacyVersion(n.client.cfg.NotionVersion)
}

// legacyVersion reports whether a Notion version predates data sources.
// Versions are dates; anything that is not one is taken as current.
func legacyVersion(v string) bool {
	v = strings.TrimSpace(v)
	if len(v) != len("2025-09-03") || v[4] != '-' || v[7] != '-' {
		return false
	}
	return v < "2025-09-03"
}

// RetrieveDatabase reads a database: its title, and (from 2025-09-03) its
// data sources, or (before) its schema in Properties.
//
// Under 2025-09-03, an id that is not a database's but a data source's (a
// search result) gives the database as seen through that data source: the
// database's id, the data source's title, and that one data source. (When
// it is neither, the database's error is returned.)
func (n *Notion) RetrieveDatabase(ctx context.Context, databaseID string) (models.Database, error) {
	if databaseID == "" {
		return models.Database{}, errors.New("retrieve database: no database id given")
	}
	op := "retrieve database " + databaseID
	raw, err := n.executeAliased(ctx, actionsRetrieveDB, false, func(string) ActionRequest {
		return ActionRequest{PathParams: map[string]string{"database_id": databaseID}}
	})
	if err != nil {
		// Notion answers an id of another kind of object with
		// object_not_found or validation_error, as for a page.
		if n.UsesDataSources() && MayBeDatabase(err) {
			if ds, dsErr := n.RetrieveDataSource(ctx, databaseID); dsErr == nil {
				return models.Database{
					ID: firstNonEmpty(ds.DatabaseID, ds.ID), Title: ds.Title, TitleRich: ds.TitleRich, URL: ds.URL,
					Icon: ds.Icon, LastEdited: ds.LastEdited, InTrash: ds.InTrash,
					DataSources: []models.DataSourceRef{{ID: ds.ID, Name: ds.Title}},
				}, nil
			}
		}
		return models.Database{}, err
	}
	var db models.Database
	if err := json.Unmarshal(raw, &db); err != nil {
		return models.Database{}, unexpected(op, err.Error())
	}
	if db.ID == "" {
		return models.Database{}, unexpected(op, "no id in the answer")
	}
	return db, nil
}

// RetrieveDataSource reads a data source and its schema (2025-09-03).
func (n *Notion) RetrieveDataSource(ctx context.Context, dataSourceID string) (models.DataSource, error) {
	if dataSourceID == "" {
		return models.DataSource{}, errors.New("retrieve data source: no data source id given")
	}
	op := "retrieve data source " + dataSourceID
	raw, err := n.executeAliased(ctx, actionsRetrieveDS, false, func(string) ActionRequest {
		return ActionRequest{PathParams: map[string]string{"data_source_id": dataSourceID}}
	})
	if err != nil {
		return models.DataSource{}, err
	}
	var ds models.DataSource
	if err := json.Unmarshal(raw, &ds); err != nil {
		return models.DataSource{}, unexpected(op, err.Error())
	}
	if ds.ID == "" {
		return models.DataSource{}, unexpected(op, "no id in the answer")
	}
	return ds, nil
}

// QueryDataSource returns one page of a data source's rows (at most 100),
// filtered and sorted by the service as q says; follow NextCursor for the
// next page. Rows carry their properties (models.Page.Properties).
func (n *Notion) QueryDataSource(ctx context.Context, dataSourceID string, q DataSourceQuery) (PageList, error) {
	if dataSourceID == "" {
		return PageList{}, errors.New("query data source: no data source id given")
	}
	body := queryBody(q.Filter, q.Sorts, q.Cursor, q.PageSize)
	var query map[string]string
	if len(q.FilterProperties) > 0 {
		// Notion takes the parameter repeated; through Alloy's string
		// map, a comma-separated list.
		query = map[string]string{"filter_properties": strings.Join(q.FilterProperties, ",")}
	}
	raw, err := n.executeList(ctx, actionsQueryDS, nil, func(string) ActionRequest {
		return ActionRequest{PathParams: map[string]string{"data_source_id": dataSourceID}, QueryParameters: query, RequestBody: body}
	})
	if err != nil {
		return PageList{}, err
	}
	return decodePageList(raw, "query data source "+dataSourceID, false)
}

// queryBody is the body of a query.
func queryBody(filter, sorts any, cursor string, size int) map[string]any {
	body := map[string]any{"page_size": pageSize(size)}
	if filter != nil {
		body["filter"] = filter
	}
	if sorts != nil {
		body["sorts"] = sorts
	}
	if cursor != "" {
		body["start_cursor"] = cursor
	}
	return body
}

// SeveralDataSourcesError is QueryDatabase's answer for a database with
// more than one data source: which one to query is the user's choice.
type SeveralDataSourcesError struct {
	Database models.Database
}

// Error names the database and its data sources.
func (e *SeveralDataSourcesError) Error() string {
	names := make([]string, 0, len(e.Database.DataSources))
	for _, ds := range e.Database.DataSources {
		names = append(names, strconv.Quote(ds.Name)+" ("+ds.ID+")")
	}
	title := e.Database.Title
	if title == "" {
		title = e.Database.ID
	}
	return fmt.Sprintf("database %q has %d data sources: %s; choose one", title, len(names), strings.Join(names, ", "))
}

// QueryDatabase returns one page of a database's rows. Under a Notion
// version before 2025-09-03 it is Notion's database query; from 2025-09-03
// it queries the database's data source (found once by RetrieveDatabase,
// then remembered), and fails with *SeveralDataSourcesError when there is
// more than one. New code should query a data source (QueryDataSource).
func (n *Notion) QueryDatabase(ctx context.Context, databaseID string, q DatabaseQuery) (PageList, error) {
	if databaseID == "" {
		return PageList{}, errors.New("query database: no database id given")
	}
	if n.UsesDataSources() {
		dsID, err := n.soleDataSource(ctx, databaseID)
		if err != nil {
			return PageList{}, fmt.Errorf("query database %s: %w", databaseID, err)
		}
		return n.QueryDataSource(ctx, dsID, DataSourceQuery{Filter: q.Filter, Sorts: q.Sorts, Cursor: q.Cursor, PageSize: q.PageSize})
	}
	body := queryBody(q.Filter, q.Sorts, q.Cursor, q.PageSize)
	raw, err := n.executeList(ctx, actionsQueryDB, nil, func(string) ActionRequest {
		return ActionRequest{PathParams: map[string]string{"database_id": databaseID}, RequestBody: body}
	})
	if err != nil {
		return PageList{}, err
	}
	return decodePageList(raw, "query database "+databaseID, false)
}

// soleDataSource finds the one data source of a database.
func (n *Notion) soleDataSource(ctx context.Context, databaseID string) (string, error) {
	c := n.client
	key := n.credentialID + "/" + databaseID
	c.sourcesMu.Lock()
	id, ok := c.sources[key]
	c.sourcesMu.Unlock()
	if ok {
		return id, nil
	}
	db, err := n.RetrieveDatabase(ctx, databaseID)
	if err != nil {
		return "", err
	}
	switch len(db.DataSources) {
	case 0:
		return "", unexpected("retrieve database "+databaseID, "the database lists no data sources")
	case 1:
		id = db.DataSources[0].ID
	default:
		return "", &SeveralDataSourcesError{Database: db}
	}
	c.sourcesMu.Lock()
	c.sources[key] = id
	c.sourcesMu.Unlock()
	return id, nil
}

// titleSegments splits a title into text segments of at most
// MaxTextSegment UTF-16 code units (Notion's measure), never inside a
// character, so a long title is stored whole rather than cut.
func titleSegments(title string) []map[string]any {
	segs := []map[string]any{}
	for _, part := range splitUTF16(title, MaxTextSegment) {
		segs = append(segs, map[string]any{"type": "text", "text": map[string]string{"content": part}})
	}
	return segs
}

// splitUTF16 cuts s into parts of at most limit UTF-16 code units, at rune
// boundaries. An empty s gives no parts.
func splitUTF16(s string, limit int) []string {
	var parts []string
	start, units := 0, 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2 // a surrogate pair
		}
		if units+w > limit {
			parts = append(parts, s[start:i])
			start, units = i, 0
		}
		units += w
	}
	if start < len(s) {
		parts = append(parts, s[start:])
	}
	return parts
}

// decodeList decodes a Notion list answer, which must carry "results" as
// an array; anything else is an unexpected shape, not an empty list.
func decodeList(raw json.RawMessage, op string, v any) error {
	var head struct {
		Results json.RawMessage `json:"results"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return malformed(op, raw)
	}
	if r := bytes.TrimSpace(head.Results); len(r) == 0 || r[0] != '[' {
		return unexpected(op, "no results list")
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return unexpected(op, err.Error())
	}
	return nil
}

// decodePageList reads a list of pages, keeping pages, databases and data
// sources and skipping any other object (or one that does not decode)
// rather than failing the whole list. The answer is decoded once, items
// and all; only a list with an item of an odd shape (which fails that
// pass) is read again item by item, to skip just that item. A summary
// (search results) decodes only each page's title of its properties.
func decodePageList(raw json.RawMessage, op string, summary bool) (PageList, error) {
	var list struct {
		Results    *[]models.PageWire `json:"results"`
		NextCursor *string            `json:"next_cursor"`
		HasMore    bool               `json:"has_more"`
	}
	if json.Unmarshal(raw, &list) != nil || list.Results == nil {
		return decodePageListByItem(raw, op, summary)
	}
	out := PageList{Pages: make([]models.Page, 0, len(*list.Results)), HasMore: list.HasMore}
	if list.NextCursor != nil {
		out.NextCursor = *list.NextCursor
	}
	for i := range *list.Results {
		w := &(*list.Results)[i]
		switch w.Object {
		case "page", "database", "data_source":
		default:
			continue
		}
		p, err := pageOf(w, summary)
		if err != nil {
			continue
		}
		out.Pages = append(out.Pages, p)
	}
	return out, nil
}

// decodePageListByItem is decodePageList for a list that does not decode
// in one pass: each item is read on its own, and one that is not a page,
// database or data source (or does not decode) is skipped.
func decodePageListByItem(raw json.RawMessage, op string, summary bool) (PageList, error) {
	var list struct {
		Results    []json.RawMessage `json:"results"`
		NextCursor *string           `json:"next_cursor"`
		HasMore    bool              `json:"has_more"`
	}
	if err := decodeList(raw, op, &list); err != nil {
		return PageList{}, err
	}
	out := PageList{Pages: make([]models.Page, 0, len(list.Results)), HasMore: list.HasMore}
	if list.NextCursor != nil {
		out.NextCursor = *list.NextCursor
	}
	for _, item := range list.Results {
		var head struct {
			Object string `json:"object"`
		}
		if json.Unmarshal(item, &head) != nil {
			continue
		}
		switch head.Object {
		case "page", "database", "data_source":
		default:
			continue
		}
		var w models.PageWire
		if json.Unmarshal(item, &w) != nil {
			continue
		}
		p, err := pageOf(&w, summary)
		if err != nil {
			continue
		}
		out.Pages = append(out.Pages, p)
	}
	return out, nil
}

// pageOf is the page w holds: its summary (the title alone of its
// properties decoded) when that is all the list is for.
func pageOf(w *models.PageWire, summary bool) (models.Page, error) {
	if summary {
		return w.Summary()
	}
	return w.Page()
}

// decodePage reads one page (or database) object.
func decodePage(raw json.RawMessage, op string) (models.Page, error) {
	var p models.Page
	if err := json.Unmarshal(raw, &p); err != nil {
		return models.Page{}, unexpected(op, err.Error())
	}
	if p.ID == "" {
		return models.Page{}, unexpected(op, "no id in the answer")
	}
	return p, nil
}
