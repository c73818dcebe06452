package alloy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/alloy-tui/alloy-tui/models"
)

// actionsAppendChildren append blocks to a block or page.
var actionsAppendChildren = []string{"patch-block-children", "append-block-children"}

// Notion's limits on one write request ("Writing blocks: Notion's limits").
const (
	// MaxNestingPerRequest is how many levels of children may sit under
	// the blocks of one request: a block's children may have children, no
	// deeper.
	MaxNestingPerRequest = 2
	// MaxBlocksPerRequest is the most blocks one request may carry in all.
	MaxBlocksPerRequest = 1000
	// MaxRequestBytes is the most a request body may weigh.
	MaxRequestBytes = 500 * 1000
	// requestBudget is what the blocks of one request may weigh, leaving
	// room for the page's properties and the envelope.
	requestBudget = 400 * 1000
)

// NewPage is a page to create: where, its title, its other properties (in
// the shape Notion takes them, keyed by property name) and its content.
type NewPage struct {
	// Parent is a page (page_id), a data source (data_source_id: a row),
	// or a database with a single data source (database_id).
	Parent     models.Parent
	Title      string
	Properties map[string]any
	Blocks     []*models.Block
}

// CreateOptions tune CreateFullPage.
type CreateOptions struct {
	// Since is when the caller started creating: after a create whose
	// answer never came, a page with the title under the parent created
	// since then counts as this one. The zero time is a minute before the
	// call.
	Since time.Time
	// Taken reports whether a page id is already accounted for (another
	// item of the same batch with the same title), so that the duplicate
	// check does not claim it twice. Nil means none is.
	Taken func(id string) bool
	// Attempts is how many times a write whose outcome is unknown is tried
	// in all (3 when zero).
	Attempts int
}

// CreateResult is what CreateFullPage did.
type CreateResult struct {
	Page models.Page
	// Requests counts the write requests sent (creates and appends).
	Requests int
	// Recovered says a write's answer was lost and the check found that it
	// had happened, so it was not sent again.
	Recovered bool
}

// PlanRequests says how many write requests creating blocks takes at the
// least, and fails when a block cannot be sent within Notion's limits (a
// single block heavier than a request may be). It sends nothing.
func PlanRequests(blocks []*models.Block) (int, error) {
	p := &planner{}
	first, rest, err := p.chunk(blocks)
	if err != nil {
		return 0, err
	}
	n := 1
	for _, s := range first {
		n += s.followUps()
	}
	for len(rest) > 0 {
		var chunk []*sentBlock
		if chunk, rest, err = p.chunk(rest); err != nil {
			return 0, err
		}
		n++
		for _, s := range chunk {
			n += s.followUps()
		}
	}
	return n, nil
}

// CreateFullPage creates a page with all its content within Notion's
// limits: the first blocks go with the create (at most 100, two levels of
// nesting, under the size limit), the rest are appended in order, and
// children deeper than a request may nest are appended to the blocks just
// created. A write whose answer never came (a dropped connection, a
// timeout, a 5xx) is not repeated blindly: the page is looked for under its
// parent by title and creation time, appended blocks by the parent's last
// children, and only what did not happen is sent again.
//
// When the page was created but later content failed, the error comes
// with the page in the result, so the caller can say where it is.
func (n *Notion) CreateFullPage(ctx context.Context, np NewPage, opts CreateOptions) (CreateResult, error) {
	if opts.Since.IsZero() {
		opts.Since = time.Now().Add(-time.Minute)
	}
	if opts.Attempts <= 0 {
		opts.Attempts = 3
	}
	parent, err := parentObject(np.Parent)
	if err != nil {
		return CreateResult{}, err
	}
	p := &planner{}
	first, rest, err := p.chunk(np.Blocks)
	if err != nil {
		return CreateResult{}, err
	}
	props := map[string]any{}
	for k, v := range np.Properties {
		props[k] = v
	}
	props["title"] = map[string]any{"title": titleSegments(np.Title)}
	body := map[string]any{"parent": parent, "properties": props}
	if len(first) > 0 {
		body["children"] = sentJSON(first)
	}
	if size := jsonSize(body); size > MaxRequestBytes {
		return CreateResult{}, fmt.Errorf("create page %q: the request would weigh %d bytes, over Notion's %d", np.Title, size, MaxRequestBytes)
	}
	var res CreateResult
	for attempt := 1; ; attempt++ {
		res.Requests++
		raw, err := n.executeAliased(ctx, actionsCreatePage, false, func(string) ActionRequest {
			return ActionRequest{RequestBody: body}
		})
		if err == nil {
			res.Page, err = decodePage(raw, "create page")
			if err != nil {
				return res, err
			}
			break
		}
		if !OutcomeUnknown(err) || ctx.Err() != nil {
			return res, fmt.Errorf("create page %q: %w", np.Title, err)
		}
		found, ferr := n.FindCreatedPage(ctx, np.Parent, np.Title, opts.Since, opts.Taken)
		if ferr != nil {
			return res, fmt.Errorf("create page %q: the answer was lost (%v) and checking whether it was made failed: %w", np.Title, err, ferr)
		}
		if found.ID != "" {
			res.Page, res.Recovered = found, true
			break
		}
		if attempt >= opts.Attempts {
			return res, fmt.Errorf("create page %q: %w", np.Title, err)
		}
	}
	w := &contentWriter{n: n, opts: opts, res: &res}
	if err := w.afterCreate(ctx, res.Page.ID, first); err != nil {
		return res, fmt.Errorf("page %q created, but not all its content: %w", np.Title, err)
	}
	if err := w.appendAll(ctx, res.Page.ID, rest); err != nil {
		return res, fmt.Errorf("page %q created, but not all its content: %w", np.Title, err)
	}
	return res, nil
}

// AppendBlocks appends blocks to a page or block within Notion's limits,
// as CreateFullPage appends its content, and returns how many requests
// it sent.
func (n *Notion) AppendBlocks(ctx context.Context, parentID string, blocks []*models.Block) (int, error) {
	res := CreateResult{}
	w := &contentWriter{n: n, opts: CreateOptions{Attempts: 3}, res: &res}
	err := w.appendAll(ctx, parentID, blocks)
	return res.Requests, err
}

// OutcomeUnknown reports whether a write that failed with err may still
// have happened: no answer arrived (a dropped connection, a timeout) or
// the service failed (5xx).
func OutcomeUnknown(err error) bool {
	var e *Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Status == 0 || e.Status >= 500
}

// FindCreatedPage looks for a page titled title under parent created at
// or after since, that taken does not claim: the check made before a
// create whose answer was lost is tried again. Search is asked first (one
// request); as Notion's search may not list a page made a moment ago, the
// parent is then read directly: a data source is queried for the title and
// the creation time, a page's children are scanned for a child page of
// that title. It answers the zero Page when there is none.
func (n *Notion) FindCreatedPage(ctx context.Context, parent models.Parent, title string, since time.Time, taken func(string) bool) (models.Page, error) {
	m := pageMatcher{parent: parent, title: title, since: since.Truncate(time.Minute), taken: taken}
	body := map[string]any{
		"query":     title,
		"filter":    map[string]any{"property": "object", "value": "page"},
		"sort":      map[string]any{"timestamp": "last_edited_time", "direction": "descending"},
		"page_size": MaxPageSize,
	}
	raw, err := n.executeAliased(ctx, actionsSearch, false, func(string) ActionRequest {
		return ActionRequest{RequestBody: body}
	})
	if err == nil {
		var p models.Page
		if p, err = m.inList(raw, "search for a created page"); p.ID != "" {
			return p, nil
		}
	}
	// A failed search is not the end: the parent is read directly.
	searchErr := err
	switch parent.Type {
	case "data_source_id":
		filter := map[string]any{"and": []any{
			map[string]any{"property": "title", "title": map[string]any{"equals": title}},
			map[string]any{"timestamp": "created_time", "created_time": map[string]any{"on_or_after": m.since.UTC().Format(time.RFC3339)}},
		}}
		raw, err := n.executeAliased(ctx, actionsQueryDS, false, func(string) ActionRequest {
			return ActionRequest{PathParams: map[string]string{"data_source_id": parent.ID}, RequestBody: queryBody(filter, nil, "", MaxPageSize)}
		})
		if err != nil {
			return models.Page{}, err
		}
		return m.inList(raw, "query for a created row")
	case "page_id":
		kids, err := n.AllBlockChildren(ctx, parent.ID)
		if err != nil {
			return models.Page{}, err
		}
		// The newest child pages are last.
		for i := len(kids) - 1; i >= 0; i-- {
			b := kids[i]
			if b.Type != "child_page" || b.Body.Title != title {
				continue
			}
			raw, err := n.executeAliased(ctx, actionsRetrievePage, false, func(string) ActionRequest {
				return ActionRequest{PathParams: map[string]string{"page_id": b.ID}}
			})
			if err != nil {
				return models.Page{}, err
			}
			if p, ok := m.match(raw); ok {
				return p, nil
			}
		}
		return models.Page{}, nil
	}
	return models.Page{}, searchErr
}

// pageMatcher tells the page a lost create made from the others.
type pageMatcher struct {
	parent models.Parent
	title  string
	since  time.Time
	taken  func(string) bool
}

// inList finds the page in a list answer (search, query).
func (m pageMatcher) inList(raw json.RawMessage, op string) (models.Page, error) {
	var list struct {
		Results []json.RawMessage `json:"results"`
	}
	if err := decodeList(raw, op, &list); err != nil {
		return models.Page{}, err
	}
	for _, item := range list.Results {
		if p, ok := m.match(item); ok {
			return p, nil
		}
	}
	return models.Page{}, nil
}

// match reports whether item is a page with the title, under the parent,
// created since, and not claimed already (claiming it, when taken does).
func (m pageMatcher) match(item json.RawMessage) (models.Page, bool) {
	var head struct {
		Object      string    `json:"object"`
		CreatedTime time.Time `json:"created_time"`
		InTrash     bool      `json:"in_trash"`
		Archived    bool      `json:"archived"`
		Parent      struct {
			PageID       string `json:"page_id"`
			DatabaseID   string `json:"database_id"`
			DataSourceID string `json:"data_source_id"`
		} `json:"parent"`
	}
	if json.Unmarshal(item, &head) != nil || head.Object != "page" || head.InTrash || head.Archived {
		return models.Page{}, false
	}
	// Notion keeps creation times to the minute.
	if head.CreatedTime.Before(m.since) {
		return models.Page{}, false
	}
	want := compactID(m.parent.ID)
	var under bool
	switch m.parent.Type {
	case "page_id":
		under = compactID(head.Parent.PageID) == want
	case "data_source_id":
		under = compactID(head.Parent.DataSourceID) == want
	case "database_id":
		under = compactID(head.Parent.DatabaseID) == want
	}
	if !under {
		return models.Page{}, false
	}
	var p models.Page
	if json.Unmarshal(item, &p) != nil || p.ID == "" || p.Title != m.title {
		return models.Page{}, false
	}
	if m.taken != nil && m.taken(p.ID) {
		return models.Page{}, false
	}
	return p, true
}

// compactID is an id without dashes, lowercased, for comparing.
func compactID(id string) string {
	return strings.ToLower(strings.ReplaceAll(strings.TrimSpace(id), "-", ""))
}

// sentBlock is a block as one request sends it: which of its children
// went with it, and which are appended to it afterwards.
type sentBlock struct {
	block *models.Block
	json  map[string]any
	// kids are the children sent with it; later the children appended
	// once it exists.
	kids  []*sentBlock
	later []*models.Block
}

// followUps counts the appends the block needs after its request.
func (s *sentBlock) followUps() int {
	n := 0
	if len(s.later) > 0 {
		n += (len(s.later) + MaxChildrenPerRequest - 1) / MaxChildrenPerRequest
	}
	for _, k := range s.kids {
		n += k.followUps()
	}
	return n
}

// needsFollowUp reports whether the block or one it carries has children
// to append.
func (s *sentBlock) needsFollowUp() bool {
	if len(s.later) > 0 {
		return true
	}
	for _, k := range s.kids {
		if k.needsFollowUp() {
			return true
		}
	}
	return false
}

// planner cuts blocks into requests.
type planner struct{}

// build writes b for a request at level (0 for the request's own blocks),
// with as many levels of its children as the request may carry.
func (p *planner) build(b *models.Block, level int, nest bool) (*sentBlock, int) {
	s := &sentBlock{block: b, json: models.WriteBlock(b)}
	count := 1
	if len(b.Children) == 0 {
		return s, count
	}
	can := nest && level < MaxNestingPerRequest
	if can && level+1 == MaxNestingPerRequest {
		// The children would be the last level: none may need children
		// of its own in the same request (a table needs its rows).
		for _, c := range b.Children {
			if models.NeedsChildren(c) && len(c.Children) > 0 {
				can = false
				break
			}
		}
	}
	if !can {
		s.later = b.Children
		return s, count
	}
	n := min(len(b.Children), MaxChildrenPerRequest)
	kids := make([]any, 0, n)
	for _, c := range b.Children[:n] {
		ks, kc := p.build(c, level+1, true)
		s.kids = append(s.kids, ks)
		kids = append(kids, ks.json)
		count += kc
	}
	s.later = b.Children[n:]
	s.json[b.Type].(map[string]any)["children"] = kids
	return s, count
}

// chunk takes the blocks of one request from the front of blocks: at most
// MaxChildrenPerRequest of them, MaxBlocksPerRequest in all and under the
// size budget. A block too heavy with its children goes without them
// (they are appended after); one too heavy alone is an error.
func (p *planner) chunk(blocks []*models.Block) (first []*sentBlock, rest []*models.Block, err error) {
	count, size := 0, 0
	for i, b := range blocks {
		if i >= MaxChildrenPerRequest {
			return first, blocks[i:], nil
		}
		s, c := p.build(b, 0, true)
		sz := jsonSize(s.json)
		if c > MaxBlocksPerRequest || sz > requestBudget {
			s, c = p.build(b, 0, false)
			sz = jsonSize(s.json)
			if sz > requestBudget {
				return nil, nil, fmt.Errorf("a %s block weighs %d bytes, more than a request may (%d)", b.Type, sz, requestBudget)
			}
		}
		if len(first) > 0 && (count+c > MaxBlocksPerRequest || size+sz > requestBudget) {
			return first, blocks[i:], nil
		}
		first = append(first, s)
		count += c
		size += sz
	}
	return first, nil, nil
}

func sentJSON(bs []*sentBlock) []any {
	out := make([]any, 0, len(bs))
	for _, s := range bs {
		out = append(out, s.json)
	}
	return out
}

func jsonSize(v any) int {
	b, err := json.Marshal(v)
	if err != nil {
		return 0
	}
	return len(b)
}

// contentWriter appends a page's content after its create.
type contentWriter struct {
	n    *Notion
	opts CreateOptions
	res  *CreateResult
}

// afterCreate appends what the create left out: the children of the
// blocks it sent that could not go with them. The ids of the blocks
// created are read back only when some are needed.
func (w *contentWriter) afterCreate(ctx context.Context, pageID string, sent []*sentBlock) error {
	need := false
	for _, s := range sent {
		need = need || s.needsFollowUp()
	}
	if !need {
		return nil
	}
	ids, err := w.childIDs(ctx, pageID, len(sent))
	if err != nil {
		return err
	}
	return w.followUp(ctx, sent, ids)
}

// followUp appends, for each block sent (whose ids are given in order),
// the children that went later, at every level.
func (w *contentWriter) followUp(ctx context.Context, sent []*sentBlock, ids []string) error {
	for i, s := range sent {
		if !s.needsFollowUp() {
			continue
		}
		if len(s.kids) > 0 && anyFollowUp(s.kids) {
			kidIDs, err := w.childIDs(ctx, ids[i], len(s.kids))
			if err != nil {
				return err
			}
			if err := w.followUp(ctx, s.kids, kidIDs); err != nil {
				return err
			}
		}
		if len(s.later) > 0 {
			if err := w.appendAll(ctx, ids[i], s.later); err != nil {
				return err
			}
		}
	}
	return nil
}

func anyFollowUp(ss []*sentBlock) bool {
	for _, s := range ss {
		if s.needsFollowUp() {
			return true
		}
	}
	return false
}

// childIDs reads the ids of a block's first n children, which a request
// just created.
func (w *contentWriter) childIDs(ctx context.Context, blockID string, n int) ([]string, error) {
	list, err := w.n.BlockChildren(ctx, blockID, "")
	if err != nil {
		return nil, fmt.Errorf("reading back the blocks created under %s: %w", blockID, err)
	}
	if len(list.Blocks) < n {
		return nil, fmt.Errorf("reading back the blocks created under %s: %d found, %d sent", blockID, len(list.Blocks), n)
	}
	ids := make([]string, n)
	for i := range ids {
		ids[i] = list.Blocks[i].ID
	}
	return ids, nil
}

// appendAll appends blocks to parentID in order, a request at a time, and
// then what each request could not carry.
func (w *contentWriter) appendAll(ctx context.Context, parentID string, blocks []*models.Block) error {
	p := &planner{}
	for len(blocks) > 0 {
		chunk, rest, err := p.chunk(blocks)
		if err != nil {
			return err
		}
		ids, err := w.appendChunk(ctx, parentID, chunk)
		if err != nil {
			return err
		}
		if err := w.followUp(ctx, chunk, ids); err != nil {
			return err
		}
		blocks = rest
	}
	return nil
}

// appendChunk sends one append and returns the ids of the blocks it
// created. When its answer is lost, the parent's last children are
// compared with the chunk: if they are the chunk, it happened.
func (w *contentWriter) appendChunk(ctx context.Context, parentID string, chunk []*sentBlock) ([]string, error) {
	body := map[string]any{"children": sentJSON(chunk)}
	for attempt := 1; ; attempt++ {
		w.res.Requests++
		raw, err := w.n.executeAliased(ctx, actionsAppendChildren, false, func(string) ActionRequest {
			return ActionRequest{PathParams: map[string]string{"block_id": parentID}, RequestBody: body}
		})
		if err == nil {
			list, derr := decodeBlockList(raw, "append blocks to "+parentID)
			if derr != nil {
				return nil, derr
			}
			if len(list.Blocks) < len(chunk) {
				return nil, unexpected("append blocks to "+parentID, fmt.Sprintf("%d blocks in the answer, %d sent", len(list.Blocks), len(chunk)))
			}
			// Notion answers the blocks appended (some versions, the
			// parent's children up to them): the last ones are ours.
			tail := list.Blocks[len(list.Blocks)-len(chunk):]
			ids := make([]string, len(tail))
			for i, b := range tail {
				ids[i] = b.ID
			}
			return ids, nil
		}
		if !OutcomeUnknown(err) || ctx.Err() != nil {
			return nil, fmt.Errorf("append blocks to %s: %w", parentID, err)
		}
		ids, ferr := w.appended(ctx, parentID, chunk)
		if ferr != nil {
			return nil, fmt.Errorf("append blocks to %s: the answer was lost (%v) and checking whether they were added failed: %w", parentID, err, ferr)
		}
		if ids != nil {
			w.res.Recovered = true
			return ids, nil
		}
		if attempt >= w.opts.Attempts {
			return nil, fmt.Errorf("append blocks to %s: %w", parentID, err)
		}
	}
}

// appended reports the ids of chunk's blocks if the parent's children end
// with them (same types and text), nil if they do not.
func (w *contentWriter) appended(ctx context.Context, parentID string, chunk []*sentBlock) ([]string, error) {
	all, err := w.n.AllBlockChildren(ctx, parentID)
	if err != nil {
		return nil, err
	}
	if len(all) < len(chunk) {
		return nil, nil
	}
	tail := all[len(all)-len(chunk):]
	ids := make([]string, len(tail))
	for i, b := range tail {
		want := chunk[i].block
		if b.Type != want.Type || b.Body.RichText.Plain() != want.Body.RichText.Plain() {
			return nil, nil
		}
		ids[i] = b.ID
	}
	return ids, nil
}
