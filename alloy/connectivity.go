package alloy

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/alloy-tui/alloy-tui/models"
)

// connectivityLane is the lane of calls made without a credential.
const connectivityLane = ""

// ListConnectors lists the connectors Alloy offers.
func (c *Client) ListConnectors(ctx context.Context) ([]models.Connector, error) {
	const op = "list connectors"
	body, err := c.do(ctx, call{op: op, method: http.MethodGet, path: "/connectors", lane: connectivityLane, safe: true})
	if err != nil {
		return nil, err
	}
	items, err := listItems(body, op, "connectors", "data")
	if err != nil {
		return nil, c.scrubbed(err)
	}
	out := make([]models.Connector, 0, len(items))
	for _, raw := range items {
		var it struct {
			ID          string `json:"id"`
			ConnectorID string `json:"connectorId"`
			Name        string `json:"name"`
			Icon        string `json:"icon"`
			Category    string `json:"category"`
		}
		if json.Unmarshal(raw, &it) != nil {
			continue // one odd item must not hide the others
		}
		id := firstNonEmpty(it.ID, it.ConnectorID)
		if id == "" {
			continue
		}
		out = append(out, models.Connector{ID: id, Name: it.Name, Icon: it.Icon, Category: it.Category})
	}
	return out, nil
}

// ListConnections lists one connector's connections.
func (c *Client) ListConnections(ctx context.Context, connectorID string) ([]models.Connection, error) {
	op := "list connections of " + connectorID
	if connectorID == "" {
		return nil, errors.New("list connections: no connector given")
	}
	body, err := c.do(ctx, call{op: op, method: http.MethodGet, path: escapePath("connectors", connectorID, "credentials"),
		lane: connectivityLane, safe: true})
	if err != nil {
		return nil, err
	}
	list, err := decodeConnections(body, op, connectorID)
	return list, c.scrubbed(err)
}

// ListUserConnections lists all the user's connections, falling back to one
// listing per connector when the service answers 404.
func (c *Client) ListUserConnections(ctx context.Context) ([]models.Connection, error) {
	const op = "list the user's connections"
	if c.cfg.UserID == "" {
		return nil, errors.New(op + ": no Alloy user id is configured")
	}
	body, err := c.do(ctx, call{op: op, method: http.MethodGet, path: escapePath("credentials", "users", c.cfg.UserID),
		lane: connectivityLane, safe: true})
	var e *Error
	if errors.As(err, &e) && e.Status == http.StatusNotFound {
		return c.listConnectionsPerConnector(ctx)
	}
	if err != nil {
		return nil, err
	}
	list, err := decodeConnections(body, op, "")
	return list, c.scrubbed(err)
}

// listConnectionsPerConnector is the fallback of ListUserConnections. The
// listings run side by side (the lane keeps them within the limit); a
// connector that answers 404 has no connections.
func (c *Client) listConnectionsPerConnector(ctx context.Context) ([]models.Connection, error) {
	connectors, err := c.ListConnectors(ctx)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	results := make([][]models.Connection, len(connectors))
	errs := make([]error, len(connectors))
	var wg sync.WaitGroup
	for i, conn := range connectors {
		wg.Go(func() {
			list, err := c.ListConnections(ctx, conn.ID)
			var e *Error
			if errors.As(err, &e) && e.Status == http.StatusNotFound {
				return
			}
			if err != nil {
				errs[i] = err
				cancel() // one failure fails the listing: stop the others
				return
			}
			results[i] = list
		})
	}
	wg.Wait()
	// Report the first real failure, not the cancellations it caused.
	var first error
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return nil, err
		}
		if first == nil {
			first = err
		}
	}
	if first != nil {
		return nil, first
	}
	var out []models.Connection
	for _, list := range results {
		out = append(out, list...)
	}
	return out, nil
}

// StartOAuth starts connecting a connector; the browser goes to OAuthURL.
func (c *Client) StartOAuth(ctx context.Context, connectorID, redirectURI string) (OAuthStart, error) {
	op := "start connecting " + connectorID
	if connectorID == "" {
		return OAuthStart{}, errors.New("start OAuth: no connector given")
	}
	reqBody := map[string]string{"userId": c.cfg.UserID, "authenticationType": "oauth2", "redirectUri": redirectURI}
	body, err := c.do(ctx, call{op: op, method: http.MethodPost, path: escapePath("connectors", connectorID, "credentials"),
		body: reqBody, lane: connectivityLane})
	if err != nil {
		return OAuthStart{}, err
	}
	var ans struct {
		OAuthURL     string `json:"oauthUrl"`
		CredentialID string `json:"credentialId"`
	}
	if err := decodeObject(body, op, "data", &ans); err != nil {
		return OAuthStart{}, c.scrubbed(err)
	}
	if ans.OAuthURL == "" {
		return OAuthStart{}, unexpected(op, "no oauthUrl in the answer")
	}
	return OAuthStart{OAuthURL: ans.OAuthURL, CredentialID: ans.CredentialID}, nil
}

// ExchangeCode is the compat code exchange; it returns the new connection id.
// A 404 comes back as an *Error with Status 404.
func (c *Client) ExchangeCode(ctx context.Context, connectorID, code, credentialID string) (string, error) {
	op := "exchange the code of " + connectorID
	reqBody := map[string]string{"code": code, "userId": c.cfg.UserID}
	if credentialID != "" {
		reqBody["credentialId"] = credentialID
	}
	body, err := c.do(ctx, call{op: op, method: http.MethodPost, path: escapePath("connectors", connectorID, "credentials", "callback"),
		body: reqBody, lane: connectivityLane})
	if err != nil {
		return "", err
	}
	var ans struct {
		ConnectionID string `json:"connectionId"`
		CredentialID string `json:"credentialId"`
		ID           string `json:"id"`
	}
	if err := decodeObject(body, op, "data", &ans); err != nil {
		return "", c.scrubbed(err)
	}
	id := firstNonEmpty(ans.ConnectionID, ans.CredentialID, ans.ID)
	if id == "" {
		return "", unexpected(op, "no connection id in the answer")
	}
	return id, nil
}

// DeleteConnection deletes one of the user's connections.
func (c *Client) DeleteConnection(ctx context.Context, credentialID string) error {
	op := "delete connection " + credentialID
	if c.cfg.UserID == "" {
		return errors.New(op + ": no Alloy user id is configured")
	}
	if credentialID == "" {
		return errors.New("delete connection: no connection given")
	}
	body, err := c.do(ctx, call{op: op, method: http.MethodDelete, path: escapePath("users", c.cfg.UserID, "credentials", credentialID),
		lane: connectivityLane})
	if err != nil {
		return err
	}
	return c.scrubbed(checkSuccess(body, op))
}

// checkSuccess fails on an answer that says "success": false; an empty
// answer (204) or one without the field is taken as done.
func checkSuccess(body []byte, op string) error {
	body = bytes.TrimSpace(body)
	if len(body) == 0 || body[0] != '{' {
		return nil
	}
	var ans struct {
		Success *bool `json:"success"`
	}
	if json.Unmarshal(body, &ans) != nil || ans.Success == nil || *ans.Success {
		return nil
	}
	e := &Error{Op: op, Status: http.StatusOK, Err: ErrReportedFailure}
	e.fillFromBody(body)
	if e.Message == "" || e.Message == textExcerpt(body, 200) {
		e.Message = ErrReportedFailure.Error()
	}
	return e
}

// listItems finds the list in an answer: a bare array, or an array under
// one of keys. Anything else is an "unexpected response" error, never an
// empty list, because an empty list would tell the user something false.
func listItems(body []byte, op string, keys ...string) ([]json.RawMessage, error) {
	body = bytes.TrimSpace(body)
	if !json.Valid(body) {
		return nil, malformed(op, body)
	}
	var items []json.RawMessage
	switch {
	case len(body) > 0 && body[0] == '[':
		if err := json.Unmarshal(body, &items); err != nil {
			return nil, malformed(op, body)
		}
		return items, nil
	case len(body) > 0 && body[0] == '{':
		var obj map[string]json.RawMessage
		if err := json.Unmarshal(body, &obj); err != nil {
			return nil, malformed(op, body)
		}
		for _, k := range keys {
			raw, ok := obj[k]
			if !ok {
				continue
			}
			raw = bytes.TrimSpace(raw)
			if bytes.Equal(raw, []byte("null")) {
				return nil, nil
			}
			if len(raw) > 0 && raw[0] == '[' {
				if err := json.Unmarshal(raw, &items); err != nil {
					return nil, malformed(op, body)
				}
				return items, nil
			}
		}
	}
	return nil, unexpected(op, "no list under "+strings.Join(keys, ", ")+" and not an array")
}

// decodeObject decodes an object answer into v, or the object under
// wrapper when the answer is wrapped.
func decodeObject(body []byte, op, wrapper string, v any) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(body, &obj); err != nil {
		if json.Valid(body) {
			return unexpected(op, "not a JSON object")
		}
		return malformed(op, body)
	}
	if inner, ok := obj[wrapper]; ok && len(bytes.TrimSpace(inner)) > 0 && bytes.TrimSpace(inner)[0] == '{' {
		body = inner
	}
	if err := json.Unmarshal(body, v); err != nil {
		return unexpected(op, err.Error())
	}
	return nil
}

func decodeConnections(body []byte, op, connectorID string) ([]models.Connection, error) {
	items, err := listItems(body, op, "credentials", "data", "connections")
	if err != nil {
		return nil, err
	}
	out := make([]models.Connection, 0, len(items))
	for _, raw := range items {
		var it struct {
			CredentialID string          `json:"credentialId"`
			ConnectionID string          `json:"connectionId"`
			ID           string          `json:"id"`
			Name         string          `json:"name"`
			Type         string          `json:"type"`
			Connector    string          `json:"connector"`
			ConnectorID  string          `json:"connectorId"`
			CreatedAt    json.RawMessage `json:"createdAt"`
			UpdatedAt    json.RawMessage `json:"updatedAt"`
		}
		if json.Unmarshal(raw, &it) != nil {
			continue
		}
		id := firstNonEmpty(it.CredentialID, it.ConnectionID, it.ID)
		if id == "" {
			continue
		}
		conn := models.Connection{
			ID:        id,
			Connector: firstNonEmpty(connectorID, it.Connector, it.ConnectorID, connectorFromType(it.Type)),
			Name:      it.Name,
			Type:      it.Type,
			CreatedAt: parseTime(it.CreatedAt),
			UpdatedAt: parseTime(it.UpdatedAt),
		}
		out = append(out, conn)
	}
	return out, nil
}

// authSuffixes are the endings of a credential type that name how it
// authenticates rather than what it connects to.
var authSuffixes = []string{"oauth2", "oauth", "apikey", "api_key", "api-key", "basic", "token", "key", "jwt"}

// connectorFromType derives a connector id from a credential type such as
// "notion-oauth2" ("notion"), for answers that carry no connector field.
func connectorFromType(typ string) string {
	typ = strings.TrimSpace(typ)
	for _, s := range authSuffixes {
		for _, sep := range []string{"-", "_"} {
			if base, ok := strings.CutSuffix(typ, sep+s); ok && base != "" {
				return connectorFromType(base)
			}
		}
	}
	return typ
}

// parseTime reads a timestamp as RFC 3339 text or as Unix milliseconds;
// an unreadable one is left zero rather than failing the listing.
func parseTime(raw json.RawMessage) time.Time {
	if len(raw) == 0 {
		return time.Time{}
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return t
		}
		if ms, err := strconv.ParseInt(s, 10, 64); err == nil {
			return time.UnixMilli(ms).UTC()
		}
		return time.Time{}
	}
	var ms int64
	if json.Unmarshal(raw, &ms) == nil && ms > 0 {
		return time.UnixMilli(ms).UTC()
	}
	return time.Time{}
}

// unexpected is the error of a valid answer in no known shape.
func unexpected(op, detail string) error {
	return &Error{Op: op, Status: http.StatusOK, Message: clean("unexpected response shape: "+detail, 300), Err: ErrUnexpectedResponse}
}

// malformed is the error of an answer that is not JSON; its start is kept
// as the message, cleaned, since a proxy's page says what went wrong.
func malformed(op string, body []byte) error {
	return &Error{Op: op, Status: http.StatusOK, Message: "malformed response: " + textExcerpt(body, 200), Err: ErrMalformedResponse}
}

// scrubbed redacts the API key from a decoding error, whose message may
// quote the answer; other errors pass through.
func (c *Client) scrubbed(err error) error {
	var e *Error
	if errors.As(err, &e) {
		c.scrub(e)
	}
	return err
}
