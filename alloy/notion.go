package alloy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"strconv"

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
	actionsQueryDB       = []string{"post-database-query", "query-database", "query-data-source"}
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
	body := map[string]any{"page_size": pageSize(p.PageSize)}
	if p.Query != "" {
		body["query"] = p.Query
	}
	if p.PagesOnly {
		body["filter"] = map[string]string{"property": "object", "value": "page"}
	}
	if p.Cursor != "" {
		body["start_cursor"] = p.Cursor
	}
	raw, err := n.executeAliased(ctx, actionsSearch, false, func(string) ActionRequest {
		return ActionRequest{RequestBody: body}
	})
	if err != nil {
		return PageList{}, err
	}
	return decodePageList(raw, "search")
}

// SearchAll iterates over every result, fetching pages of 100 as needed.
// It stops at the first error, which it yields with a zero Page, and after
// MaxListPages pages.
func (n *Notion) SearchAll(ctx context.Context, query string, pagesOnly bool) iter.Seq2[models.Page, error] {
	return func(yield func(models.Page, error) bool) {
		cursor := ""
		for pages := 1; ; pages++ {
			if pages > MaxListPages {
				yield(models.Page{}, tooManyPages("search"))
				return
			}
			list, err := n.Search(ctx, SearchParams{Query: query, Cursor: cursor, PagesOnly: pagesOnly})
			if err != nil {
				yield(models.Page{}, err)
				return
			}
			for _, p := range list.Pages {
				if !yield(p, nil) {
					return
				}
			}
			if !list.HasMore || list.NextCursor == "" {
				return
			}
			if list.NextCursor == cursor {
				// A service repeating a cursor would loop for ever.
				yield(models.Page{}, unexpected("search", "the same cursor came back twice"))
				return
			}
			cursor = list.NextCursor
		}
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

// RetrieveDatabase reads a database.
func (n *Notion) RetrieveDatabase(ctx context.Context, databaseID string) (models.Page, error) {
	if databaseID == "" {
		return models.Page{}, errors.New("retrieve database: no database id given")
	}
	raw, err := n.executeAliased(ctx, actionsRetrieveDB, false, func(string) ActionRequest {
		return ActionRequest{PathParams: map[string]string{"database_id": databaseID}}
	})
	if err != nil {
		return models.Page{}, err
	}
	return decodePage(raw, "retrieve database "+databaseID)
}

// QueryDatabase returns one page of a database's rows.
func (n *Notion) QueryDatabase(ctx context.Context, databaseID string, q DatabaseQuery) (PageList, error) {
	if databaseID == "" {
		return PageList{}, errors.New("query database: no database id given")
	}
	body := map[string]any{"page_size": pageSize(q.PageSize)}
	if q.Filter != nil {
		body["filter"] = q.Filter
	}
	if q.Sorts != nil {
		body["sorts"] = q.Sorts
	}
	if q.Cursor != "" {
		body["start_cursor"] = q.Cursor
	}
	raw, err := n.executeAliased(ctx, actionsQueryDB, false, func(actionID string) ActionRequest {
		key := "database_id"
		if actionID == "query-data-source" {
			key = "data_source_id" // the 2025-09-03 name of the same query
		}
		return ActionRequest{PathParams: map[string]string{key: databaseID}, RequestBody: body}
	})
	if err != nil {
		return PageList{}, err
	}
	return decodePageList(raw, "query database "+databaseID)
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
// rather than failing the whole list.
func decodePageList(raw json.RawMessage, op string) (PageList, error) {
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
		var p models.Page
		if json.Unmarshal(item, &p) != nil {
			continue
		}
		out.Pages = append(out.Pages, p)
	}
	return out, nil
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
