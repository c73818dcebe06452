package alloy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"

	"github.com/alloy-tui/alloy-tui/models"
)

// readActions are the actions that only read, so they may be repeated after
// a 5xx or a dropped connection. Every other action is a write as far as
// retries are concerned.
var readActions = map[string]bool{
	"post-search":             true,
	"retrieve-a-page":         true,
	"get-page":                true,
	"get-block-children":      true,
	"retrieve-block-children": true,
	"retrieve-a-database":     true,
	"get-database":            true,
	"post-database-query":     true,
	"query-database":          true,
	"query-data-source":       true,
	"retrieve-a-data-source":  true,
}

// IsReadAction reports whether an action only reads, which is what makes
// it safe to retry after a server failure or a dropped connection.
func IsReadAction(actionID string) bool { return readActions[actionID] }

// Execute runs an action and returns its unwrapped answer.
func (c *Client) Execute(ctx context.Context, connectorID, actionID string, req ActionRequest) (json.RawMessage, error) {
	return c.execute(ctx, connectorID, actionID, req, execOptions{})
}

// execOptions say how an action is run and its answer read.
type execOptions struct {
	// priority puts the request ahead of its lane's queue.
	priority bool
	// decodes: the caller decodes the whole answer with a decoder that
	// validates it and reports a syntax error as malformed (decodeList), so
	// the answer is not validated before that too. Lists are large and
	// validating is a third of reading them.
	decodes bool
	// head, when set, receives what the answer says of a next page.
	head *listHead
}

// listHead is what a list answer's top level says of the next page, as
// the scan that unwraps it found it; the list's decoding has the last
// word.
type listHead struct {
	next string
	more bool
}

func (c *Client) execute(ctx context.Context, connectorID, actionID string, req ActionRequest, opts execOptions) (json.RawMessage, error) {
	op := "execute " + connectorID + "/" + actionID
	if connectorID == "" || actionID == "" {
		return nil, errors.New(op + ": connector and action are required")
	}
	body, err := c.do(ctx, call{
		op:       op,
		method:   http.MethodPost,
		path:     escapePath("connectors", connectorID, "actions", actionID, "execute"),
		body:     req,
		action:   actionID,
		lane:     req.CredentialID,
		safe:     readActions[actionID],
		priority: opts.priority,
	})
	if err != nil {
		return nil, err
	}
	raw, head, err := unwrapList(body, op, opts.decodes)
	if opts.head != nil {
		*opts.head = head
	}
	return raw, c.scrubbed(err)
}

// unwrapAnswer applies the contract's order: an object with an "object" key
// is Notion's own answer; else the object under "result", "responseData"
// or "data"; else the shape is unexpected. "success": false fails even on
// 200, and so does a Notion error object passed through inside a 200.
// Lists are large and on the critical path, so the top-level members are
// found by a scan that does not decode them, and the body is validated
// once: here, or, when the caller decodes what it gets (decoded), by that
// decoder, and here only what lies around it.
func unwrapAnswer(body []byte, op string, decoded bool) (json.RawMessage, error) {
	raw, _, err := unwrapList(body, op, decoded)
	return raw, err
}

// unwrapList is unwrapAnswer, and what the answer says of a next page.
func unwrapList(body []byte, op string, decoded bool) (json.RawMessage, listHead, error) {
	body = bytes.TrimSpace(body)
	if !decoded && !json.Valid(body) {
		return nil, listHead{}, malformed(op, body)
	}
	raw, obj, err := unwrapObject(body, op, decoded)
	if err != nil {
		if decoded && !json.Valid(body) {
			// Whatever else is wrong, the answer is not JSON.
			return nil, listHead{}, malformed(op, body)
		}
		return nil, listHead{}, err
	}
	head := listHead{more: string(obj.values[memberHasMore]) == "true"}
	if next := obj.values[memberNextCursor]; len(next) > 0 && next[0] == '"' {
		_ = json.Unmarshal(next, &head.next)
	}
	return raw, head, nil
}

// unwrapObject is unwrapAnswer once the body is valid JSON, or, when it is
// decoded by the caller, before it is known to be.
func unwrapObject(body []byte, op string, decoded bool) (json.RawMessage, members, error) {
	if string(body) == "null" {
		return nil, members{}, unexpected(op, "the answer is null")
	}
	obj, ok := scanMembers(body)
	if !ok {
		return nil, members{}, unexpected(op, "the answer is not a JSON object")
	}
	if decoded && !obj.has(memberObject) && !validAround(body, obj) {
		return nil, members{}, malformed(op, body)
	}
	if err := reportedFailure(obj, body, op); err != nil {
		return nil, members{}, err
	}
	if obj.has(memberObject) {
		return json.RawMessage(body), obj, notionErrorIn(obj, body, op)
	}
	for _, key := range []int{memberResult, memberResponseData, memberData} {
		inner := obj.values[key]
		if len(inner) == 0 || inner[0] != '{' {
			continue
		}
		innerObj, ok := scanMembers(inner)
		if !ok {
			return nil, members{}, malformed(op, inner)
		}
		if err := reportedFailure(innerObj, inner, op); err != nil {
			return nil, members{}, err
		}
		return json.RawMessage(inner), innerObj, notionErrorIn(innerObj, inner, op)
	}
	return nil, members{}, unexpected(op, "no Notion object, and no object under result, responseData or data")
}

// validAround reports whether a wrapped answer is valid JSON around the
// object it wraps (which its reader validates): the wrapping, with that
// object read as null.
func validAround(body []byte, obj members) bool {
	for _, key := range []int{memberResult, memberResponseData, memberData} {
		inner := obj.values[key]
		if len(inner) == 0 || inner[0] != '{' {
			continue
		}
		start := obj.starts[key]
		around := make([]byte, 0, len(body)-len(inner)+4)
		around = append(append(append(around, body[:start]...), "null"...), body[start+len(inner):]...)
		return json.Valid(around)
	}
	return json.Valid(body)
}

// The top-level members unwrapAnswer looks at.
const (
	memberObject = iota
	memberSuccess
	memberResult
	memberResponseData
	memberData
	memberHasMore
	memberNextCursor
	memberCount
)

var memberNames = [memberCount]string{"object", "success", "result", "responseData", "data", "has_more", "next_cursor"}

// members holds the raw values of the members unwrapAnswer looks at (the
// last one when a key is written twice, as a decoder keeps), nil when
// absent.
type members struct {
	values [memberCount][]byte
	// starts are where the values start in the object.
	starts [memberCount]int
}

func (m *members) has(i int) bool { return m.values[i] != nil }

// scanMembers finds the top-level members of a JSON object without
// decoding their values (models.EachMember); false when raw is not an
// object. On JSON that is not valid it finds what it can: unwrapAnswer
// validates what it does not leave to a decoder.
func scanMembers(raw []byte) (members, bool) {
	var m members
	ok := models.EachMember(raw, func(key []byte, start int, value json.RawMessage) bool {
		for k, name := range memberNames {
			if string(key) == name {
				m.values[k], m.starts[k] = value, start
			}
		}
		return true
	})
	return m, ok
}

// reportedFailure is checkSuccess for an object already scanned.
func reportedFailure(obj members, raw []byte, op string) error {
	if string(obj.values[memberSuccess]) != "false" {
		return nil
	}
	return checkSuccess(raw, op)
}

// notionErrorIn turns a Notion error object delivered with a 2xx status
// into an *Error carrying Notion's own status.
func notionErrorIn(obj members, raw []byte, op string) error {
	var kind string
	if !obj.has(memberObject) || json.Unmarshal(obj.values[memberObject], &kind) != nil || kind != "error" {
		return nil
	}
	var st struct {
		Status int `json:"status"`
	}
	_ = json.Unmarshal(raw, &st)
	if st.Status < 400 {
		st.Status = http.StatusBadGateway // an error with no usable status
	}
	e := &Error{Op: op, Status: st.Status}
	e.fillFromBody(raw)
	return e
}

// actionNotFound tells "this action id does not exist" from every other
// 404. The rule: a 404 means the action is missing unless Notion itself
// answered, that is unless the error code is Notion's "object_not_found"
// or the body is Notion's error object ("object": "error"). A page that is
// missing or not shared with the integration comes back as Notion's
// object_not_found, and must not send the client hunting through aliases.
func actionNotFound(err error) bool {
	var e *Error
	if !errors.As(err, &e) || e.Status != http.StatusNotFound {
		return false
	}
	return !e.fromNotion && e.Code != "object_not_found"
}

// executeAliased runs a logical Notion action, trying its ids in order
// until one exists, and remembers the one that did for the rest of the
// client's life. build makes the request for a given action id, since
// aliases may name their parameters differently.
func (n *Notion) executeAliased(ctx context.Context, aliases []string, priority bool, build func(actionID string) ActionRequest) (json.RawMessage, error) {
	return n.executeWith(ctx, aliases, execOptions{priority: priority}, build)
}

// executeList is executeAliased for a list its caller decodes whole
// (decodePageList): the answer is validated by that decoding. head, when
// set, receives what the answer says of a next page.
func (n *Notion) executeList(ctx context.Context, aliases []string, head *listHead, build func(actionID string) ActionRequest) (json.RawMessage, error) {
	return n.executeWith(ctx, aliases, execOptions{decodes: true, head: head}, build)
}

func (n *Notion) executeWith(ctx context.Context, aliases []string, opts execOptions, build func(actionID string) ActionRequest) (json.RawMessage, error) {
	c := n.client
	logical := aliases[0]
	order := aliases
	c.actionsMu.Lock()
	known, ok := c.actions[logical]
	c.actionsMu.Unlock()
	if ok {
		order = make([]string, 0, len(aliases))
		order = append(order, known)
		for _, a := range aliases {
			if a != known {
				order = append(order, a)
			}
		}
	}
	var lastErr error
	for _, actionID := range order {
		req := build(actionID)
		req.CredentialID = n.credentialID
		if req.AdditionalHeaders == nil {
			req.AdditionalHeaders = map[string]string{}
		}
		req.AdditionalHeaders["Notion-Version"] = c.cfg.NotionVersion
		raw, err := c.execute(ctx, NotionConnector, actionID, req, opts)
		if actionNotFound(err) {
			lastErr = err
			continue
		}
		var e *Error
		if err == nil || errors.As(err, &e) && e.Status != 0 {
			// The service knew the action; a missing answer proves nothing.
			c.actionsMu.Lock()
			c.actions[logical] = actionID
			c.actionsMu.Unlock()
		}
		return raw, err
	}
	return nil, lastErr
}
