package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Notion's limits, as its API enforces them.
const (
	maxPageSize    = 100
	maxTextLength  = 2000 // UTF-16 code units in one text segment
	maxArrayLength = 100  // segments in rich text, children in a request
)

// executeRequest is the body of POST …/actions/{actionId}/execute.
type executeRequest struct {
	CredentialID      string          `json:"credentialId"`
	RequestBody       json.RawMessage `json:"requestBody"`
	QueryParameters   map[string]any  `json:"queryParameters"`
	PathParams        map[string]any  `json:"pathParams"`
	AdditionalHeaders map[string]any  `json:"additionalHeaders"`
}

// param reads a path or query parameter, which clients send as a string
// (or, loosely, a number).
func param(m map[string]any, key string) string {
	switch v := m[key].(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

// decodeRequestBody reads requestBody into v; a missing or null body
// leaves v alone.
func decodeRequestBody(raw json.RawMessage, v any) *notionError {
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return validationError("body failed validation: %s", jsonProblem(err))
	}
	return nil
}

// jsonProblem describes a decoding error without echoing the input.
func jsonProblem(err error) string {
	if te, ok := err.(*json.UnmarshalTypeError); ok {
		return fmt.Sprintf("body.%s should be a %s, instead was a %s.", te.Field, te.Type, te.Value)
	}
	return "the body is not valid JSON."
}

// notionHandler runs one logical Notion action. It is called without
// s.mu held.
type notionHandler func(s *Server, req *executeRequest) (any, *notionError)

// notionHandlers are keyed by each action's first-choice id.
var notionHandlers = map[string]notionHandler{
	"post-search":     (*Server).search,
	"retrieve-a-page": (*Server).retrievePage,
	"patch-page":      (*Server).patchPage,
	"post-page":       (*Server).checkedCreatePage,
	// Appends: notion_append.go.
	"patch-block-children": (*Server).appendChildren,
	"get-block-children":   (*Server).blockChildren,
	"retrieve-a-database":  (*Server).retrieveDatabase,
	"post-database-query":  (*Server).queryDatabase,
	// 2025-09-03: datasource.go.
	"retrieve-a-data-source": (*Server).retrieveDataSource,
	"query-data-source":      (*Server).queryDataSource,
}

// actionEnabled says whether id, one of ids (first choice first), exists
// under Options.ActionIDs. An action with a single id always exists.
func (s *Server) actionEnabled(ids []string, id string) bool {
	for i, x := range ids {
		if x != id {
			continue
		}
		switch {
		case len(ids) == 1, s.opts.ActionIDs == ActionIDsAll:
			return true
		case s.opts.ActionIDs == ActionIDsAliases:
			return i > 0
		default:
			return i == 0
		}
	}
	return false
}

func (s *Server) handleExecute(w http.ResponseWriter, r *http.Request) {
	connectorID, actionID := r.PathValue("connectorId"), r.PathValue("actionId")
	if _, ok := findConnector(connectorID); !ok {
		writeAlloyError(w, http.StatusNotFound, "NOT_FOUND", "Connector not found.")
		return
	}
	var handler notionHandler
	if connectorID == "notion" {
		for _, a := range notionActionSchemas {
			if s.actionEnabled(a.ids, actionID) {
				handler = notionHandlers[a.ids[0]]
			}
		}
	}
	if handler == nil {
		writeActionNotFound(w, connectorID, actionID)
		return
	}
	req, ok := s.readExecute(w, r, connectorID)
	if !ok {
		return
	}
	if s.limit != nil {
		if ok, after := s.limit.allow(req.CredentialID); !ok {
			s.rateLimited(w, after)
			return
		}
	}
	result, nerr := handler(s, &req)
	if nerr != nil {
		writeNotionError(w, nerr)
		return
	}
	switch s.opts.Wrap {
	case WrapResult, WrapResponseData, WrapData:
		writeJSON(w, http.StatusOK, map[string]any{s.opts.Wrap: result})
	default:
		writeJSON(w, http.StatusOK, result)
	}
}

// pageSize reads page_size: 100 by default, at most 100.
func pageSize(n *int, where string) (int, *notionError) {
	if n == nil {
		return maxPageSize, nil
	}
	if *n < 1 || *n > maxPageSize {
		return 0, validationError("body failed validation: %s.page_size should be ≤ `100` and ≥ `1`, instead was `%d`.", where, *n)
	}
	return *n, nil
}

// Cursors of searches and queries encode an offset in an id-shaped string:
// opaque to clients, like Notion's.
const cursorPrefix = "c0c04000"

func offsetCursor(offset int) string {
	return dashed(fmt.Sprintf("%s%024x", cursorPrefix, offset))
}

func cursorOffset(cursor string) (int, *notionError) {
	if cursor == "" {
		return 0, nil
	}
	id, ok := compactID(cursor)
	if ok && strings.HasPrefix(id, cursorPrefix) {
		if n, err := strconv.ParseInt(id[len(cursorPrefix):], 16, 64); err == nil && n >= 0 && n < 1<<31 {
			return int(n), nil
		}
	}
	return 0, validationError("body failed validation: body.start_cursor should be a valid cursor.")
}

// listAnswer is Notion's list object over items[offset:offset+size].
func listAnswer(items []any, offset, size int, kind string) map[string]any {
	if offset > len(items) {
		offset = len(items)
	}
	end := min(offset+size, len(items))
	out := map[string]any{
		"object":      "list",
		"results":     items[offset:end],
		"next_cursor": nil,
		"has_more":    end < len(items),
		"type":        kind,
		kind:          map[string]any{},
		"request_id":  dashed(randomID()),
	}
	if end < len(items) {
		out["next_cursor"] = offsetCursor(end)
	}
	return out
}

type searchBody struct {
	Query  string `json:"query"`
	Filter *struct {
		Property string `json:"property"`
		Value    string `json:"value"`
	} `json:"filter"`
	Sort *struct {
		Direction string `json:"direction"`
		Timestamp string `json:"timestamp"`
	} `json:"sort"`
	paging
}

// paging is the part of a list request's body that says which page of the
// list is wanted.
type paging struct {
	StartCursor string `json:"start_cursor"`
	PageSize    *int   `json:"page_size"`
}

// window is where the page asked for starts and how long it is, or the
// validation error Notion gives for a bad size or cursor.
func (p paging) window() (offset, size int, err *notionError) {
	if size, err = pageSize(p.PageSize, "body"); err != nil {
		return 0, 0, err
	}
	if offset, err = cursorOffset(p.StartCursor); err != nil {
		return 0, 0, err
	}
	return offset, size, nil
}

// search finds pages (and databases, unless filtered out) whose title
// contains the query, ignoring case, newest edit first.
func (s *Server) search(req *executeRequest) (any, *notionError) {
	var body searchBody
	if err := decodeRequestBody(req.RequestBody, &body); err != nil {
		return nil, err
	}
	offset, size, err := body.window()
	if err != nil {
		return nil, err
	}
	wantPages, wantDBs := true, true
	legacy := legacyRequest(req)
	if f := body.Filter; f != nil {
		if f.Property != "object" {
			return nil, validationError("body failed validation: body.filter.property should be `\"object\"`, instead was `%q`.", f.Property)
		}
		switch {
		case f.Value == "page":
			wantDBs = false
		case f.Value == "data_source", legacy && f.Value == "database":
			wantPages = false
		case legacy:
			return nil, validationError("body failed validation: body.filter.value should be `\"page\"` or `\"database\"`, instead was `%q`.", f.Value)
		default:
			// 2025-09-03 refuses "database": databases are found through
			// their data sources.
			return nil, validationError("body failed validation: body.filter.value should be `\"page\"` or `\"data_source\"`, instead was `%q`.", f.Value)
		}
	}
	ascending := false
	if so := body.Sort; so != nil {
		if so.Timestamp != "last_edited_time" || (so.Direction != "ascending" && so.Direction != "descending") {
			return nil, validationError("body failed validation: body.sort should be a last_edited_time sort, ascending or descending.")
		}
		ascending = so.Direction == "ascending"
	}
	query := strings.ToLower(strings.TrimSpace(body.Query))

	type hit struct {
		id     string
		edited time.Time
		page   *page
		db     *database
		source *dataSource
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var hits []hit
	if wantPages {
		for id, p := range s.ws.pages {
			if !p.inTrash && strings.Contains(strings.ToLower(plainText(p.title)), query) {
				hits = append(hits, hit{id: id, edited: p.edited, page: p})
			}
		}
	}
	if wantDBs {
		for id, d := range s.ws.databases {
			if d.inTrash {
				continue
			}
			if legacy {
				if strings.Contains(strings.ToLower(plainText(d.title)), query) {
					hits = append(hits, hit{id: id, edited: d.edited, db: d})
				}
				continue
			}
			for _, ds := range d.sources {
				if strings.Contains(strings.ToLower(ds.name), query) {
					hits = append(hits, hit{id: ds.id, edited: d.edited, source: ds})
				}
			}
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		if !hits[i].edited.Equal(hits[j].edited) {
			return hits[i].edited.After(hits[j].edited) != ascending
		}
		return hits[i].id < hits[j].id
	})
	// Render only the requested slice: a search of thousands of pages
	// answers a hundred.
	end := min(offset+size, len(hits))
	items := make([]any, len(hits))
	for i := offset; i < end; i++ {
		switch {
		case hits[i].page != nil:
			items[i] = s.ws.pageJSON(hits[i].page)
		case hits[i].source != nil:
			items[i] = s.ws.dataSourceJSON(hits[i].source)
		default:
			items[i] = s.ws.databaseJSON(hits[i].db, true)
		}
	}
	if !legacy {
		return listAnswer(items, offset, size, "page_or_data_source"), nil
	}
	return listAnswer(items, offset, size, "page_or_database"), nil
}

// idParam reads a Notion id from pathParams.
func idParam(req *executeRequest, name string) (string, string, *notionError) {
	raw := param(req.PathParams, name)
	if raw == "" {
		return "", "", validationError("path failed validation: path.%s should be defined, instead was `undefined`.", name)
	}
	id, ok := compactID(raw)
	if !ok {
		return "", "", validationError("path failed validation: path.%s should be a valid uuid, instead was `%q`.", name, clip(raw))
	}
	return id, raw, nil
}

func (s *Server) retrievePage(req *executeRequest) (any, *notionError) {
	id, raw, err := idParam(req, "page_id")
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.ws.pages[id]
	if !ok {
		return nil, notFound("page", clip(raw))
	}
	return s.ws.pageJSON(p), nil
}

func (s *Server) blockChildren(req *executeRequest) (any, *notionError) {
	id, raw, err := idParam(req, "block_id")
	if err != nil {
		return nil, err
	}
	size := maxPageSize
	if ps := param(req.QueryParameters, "page_size"); ps != "" {
		n, convErr := strconv.Atoi(ps)
		if convErr != nil {
			return nil, validationError("query failed validation: query.page_size should be a number.")
		}
		if size, err = pageSize(&n, "query"); err != nil {
			return nil, err
		}
	}
	cursor := param(req.QueryParameters, "start_cursor")
	s.mu.Lock()
	defer s.mu.Unlock()
	kids, ok := s.ws.contentOf(id)
	if !ok {
		return nil, notFound("block", clip(raw))
	}
	// As in Notion, the cursor is the id of the first block of the next
	// list page.
	offset := 0
	if cursor != "" {
		cid, ok := compactID(cursor)
		offset = -1
		for i, b := range kids {
			if ok && b.id == cid {
				offset = i
				break
			}
		}
		if offset < 0 {
			return nil, validationError("query failed validation: query.start_cursor should be a valid cursor.")
		}
	}
	end := min(offset+size, len(kids))
	results := make([]any, 0, end-offset)
	for _, b := range kids[offset:end] {
		results = append(results, s.ws.blockJSON(b))
	}
	out := map[string]any{
		"object":      "list",
		"results":     results,
		"next_cursor": nil,
		"has_more":    end < len(kids),
		"type":        "block",
		"block":       map[string]any{},
		"request_id":  dashed(randomID()),
	}
	if end < len(kids) {
		out["next_cursor"] = dashed(kids[end].id)
	}
	return out, nil
}

func (s *Server) retrieveDatabase(req *executeRequest) (any, *notionError) {
	id, raw, err := idParam(req, "database_id")
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.ws.databases[id]
	if !ok {
		return nil, notFound("database", clip(raw))
	}
	return s.ws.databaseJSON(d, legacyRequest(req)), nil
}

type queryBody struct {
	Filter json.RawMessage `json:"filter"`
	Sorts  []querySort     `json:"sorts"`
	paging
}

// querySort is one sort of a query: by a property or a timestamp.
type querySort struct {
	Property  string `json:"property"`
	Timestamp string `json:"timestamp"`
	Direction string `json:"direction"`
}

// queryDatabase lists a database's rows as versions before 2025-09-03
// do: the rows of its one data source, filtered and sorted as
// queryDataSource does. A database with several data sources is refused,
// as Notion refuses it.
func (s *Server) queryDatabase(req *executeRequest) (any, *notionError) {
	id, raw, err := idParam(req, "database_id")
	if err != nil {
		return nil, err
	}
	var body queryBody
	if err := decodeRequestBody(req.RequestBody, &body); err != nil {
		return nil, err
	}
	offset, size, err := body.window()
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	d, ok := s.ws.databases[id]
	if !ok {
		return nil, notFound("database", clip(raw))
	}
	if len(d.sources) > 1 {
		return nil, validationError("Databases with multiple data sources are not supported in this API version.")
	}
	return s.ws.answerQuery(d.sources[0], s.ws.rowsOf(d.sources[0]), body, offset, size, nil)
}

// readExecute reads an execute request's body and checks its credential
// belongs to the connector, answering the error itself when not (false).
func (s *Server) readExecute(w http.ResponseWriter, r *http.Request, connectorID string) (executeRequest, bool) {
	var req executeRequest
	if err := decodeBody(w, r, &req); err != nil {
		writeAlloyError(w, http.StatusBadRequest, "INVALID_INPUT", err.Error())
		return req, false
	}
	if req.CredentialID == "" {
		writeAlloyError(w, http.StatusBadRequest, "INVALID_INPUT", "credentialId is required.")
		return req, false
	}
	s.mu.Lock()
	cred := s.credentialByID(req.CredentialID)
	s.mu.Unlock()
	if cred == nil || cred.connector != connectorID {
		// The guide's shape and status: a 404 here would read as "no such
		// action" to a client probing aliases.
		writeAlloyError(w, http.StatusBadRequest, "INVALID_INPUT", "Credential not found")
		return req, false
	}
	return req, true
}
