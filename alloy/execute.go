package alloy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
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
	return c.execute(ctx, connectorID, actionID, req, false)
}

func (c *Client) execute(ctx context.Context, connectorID, actionID string, req ActionRequest, priority bool) (json.RawMessage, error) {
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
		priority: priority,
	})
	if err != nil {
		return nil, err
	}
	raw, err := unwrapAnswer(body, op)
	return raw, c.scrubbed(err)
}

// unwrapAnswer applies the contract's order: an object with an "object" key
// is Notion's own answer; else the object under "result", "responseData"
// or "data"; else the shape is unexpected. "success": false fails even on
// 200, and so does a Notion error object passed through inside a 200.
// Lists are large and on the critical path, so the body is validated once
// and its top-level members found by a scan that does not decode them: the
// list itself is decoded once, by its reader.
func unwrapAnswer(body []byte, op string) (json.RawMessage, error) {
	body = bytes.TrimSpace(body)
	if !json.Valid(body) {
		return nil, malformed(op, body)
	}
	if string(body) == "null" {
		return nil, unexpected(op, "the answer is null")
	}
	obj, ok := scanMembers(body)
	if !ok {
		return nil, unexpected(op, "the answer is not a JSON object")
	}
	if err := reportedFailure(obj, body, op); err != nil {
		return nil, err
	}
	if obj.has(memberObject) {
		return json.RawMessage(body), notionErrorIn(obj, body, op)
	}
	for _, key := range []int{memberResult, memberResponseData, memberData} {
		inner := obj.values[key]
		if len(inner) == 0 || inner[0] != '{' {
			continue
		}
		innerObj, ok := scanMembers(inner)
		if !ok {
			return nil, malformed(op, inner)
		}
		if err := reportedFailure(innerObj, inner, op); err != nil {
			return nil, err
		}
		return json.RawMessage(inner), notionErrorIn(innerObj, inner, op)
	}
	return nil, unexpected(op, "no Notion object, and no object under result, responseData or data")
}

// The top-level members unwrapAnswer looks at.
const (
	memberObject = iota
	memberSuccess
	memberResult
	memberResponseData
	memberData
	memberCount
)

var memberNames = [memberCount]string{"object", "success", "result", "responseData", "data"}

// members holds the raw values of the members unwrapAnswer looks at (the
// last one when a key is written twice, as a decoder keeps), nil when
// absent.
type members struct {
	values [memberCount][]byte
}

func (m *members) has(i int) bool { return m.values[i] != nil }

// scanMembers finds the top-level members of a JSON object without
// decoding their values; false when raw is not an object. It trusts raw to
// be valid JSON (unwrapAnswer checks it first).
func scanMembers(raw []byte) (members, bool) {
	var m members
	i := skipWS(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return m, false
	}
	i = skipWS(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return m, true
	}
	for i < len(raw) {
		if raw[i] != '"' {
			return m, false
		}
		end, escaped := stringEnd(raw, i)
		if end < 0 {
			return m, false
		}
		key := string(raw[i+1 : end-1])
		if escaped && json.Unmarshal(raw[i:end], &key) != nil {
			return m, false
		}
		i = skipWS(raw, end)
		if i >= len(raw) || raw[i] != ':' {
			return m, false
		}
		i = skipWS(raw, i+1)
		vend := valueEnd(raw, i)
		if vend < 0 {
			return m, false
		}
		for k, name := range memberNames {
			if key == name {
				m.values[k] = raw[i:vend:vend]
			}
		}
		i = skipWS(raw, vend)
		if i >= len(raw) {
			return m, false
		}
		switch raw[i] {
		case ',':
			i = skipWS(raw, i+1)
		case '}':
			return m, true
		default:
			return m, false
		}
	}
	return m, false
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// stringEnd is the index just past the string starting at b[i] (a quote),
// and whether it holds escapes; -1 when it does not end.
func stringEnd(b []byte, i int) (int, bool) {
	escaped := false
	for j := i + 1; j < len(b); {
		k := bytes.IndexAny(b[j:], "\"\\")
		if k < 0 {
			break
		}
		j += k
		if b[j] == '"' {
			return j + 1, escaped
		}
		escaped = true
		j += 2
	}
	return -1, escaped
}

// valueEnd is the index just past the JSON value starting at b[i]; -1 when
// it does not end.
func valueEnd(b []byte, i int) int {
	if i >= len(b) {
		return -1
	}
	switch b[i] {
	case '"':
		end, _ := stringEnd(b, i)
		return end
	case '{', '[':
		depth := 0
		for j := i; j < len(b); j++ {
			switch b[j] {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return j + 1
				}
			case '"':
				end, _ := stringEnd(b, j)
				if end < 0 {
					return -1
				}
				j = end - 1
			}
		}
		return -1
	default:
		j := i
		for j < len(b) {
			switch b[j] {
			case ',', '}', ']', ' ', '\t', '\n', '\r':
				return j
			}
			j++
		}
		return j
	}
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
		raw, err := c.execute(ctx, NotionConnector, actionID, req, priority)
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
