package demo

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// connector is one service Alloy offers.
type connector struct {
	ID, Name, Category string
}

// connectors are listed Notion first, the way the demo wants the UI to
// show them.
var connectors = []connector{
	{"notion", "Notion", "Productivity"},
	{"slack", "Slack", "Communication"},
	{"github", "GitHub", "Engineering"},
	{"google-drive", "Google Drive", "File storage"},
	{"hubspot", "HubSpot", "CRM"},
}

func findConnector(id string) (connector, bool) {
	for _, c := range connectors {
		if c.ID == id {
			return c, true
		}
	}
	return connector{}, false
}

// credential is one connection of the user to a connector.
type credential struct {
	id        string
	connector string
	name      string
	created   time.Time
	updated   time.Time
}

func (c *credential) json(withConnector bool) map[string]any {
	m := map[string]any{
		"credentialId": c.id,
		"name":         c.name,
		"type":         c.connector + "-oauth2",
		"createdAt":    c.created.UTC().Format(time.RFC3339Nano),
		"updatedAt":    c.updated.UTC().Format(time.RFC3339Nano),
	}
	if withConnector {
		m["connectorId"] = c.connector
	}
	return m
}

// newCredentialID makes a 24-hex id like Alloy's.
func newCredentialID() string {
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func randomToken() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

func (s *Server) seedCredentials() {
	t := workspaceBase.AddDate(0, -2, 0)
	if !s.opts.NoNotionConnection {
		s.creds = append(s.creds, &credential{DemoCredentialID, "notion", "Demo workspace", t, t})
	}
	t = t.Add(26 * time.Hour)
	s.creds = append(s.creds, &credential{DemoSlackCredentialID, "slack", "Larkspur Labs Slack", t, t})
	if s.opts.HubSpotConnection {
		t = t.Add(26 * time.Hour)
		s.creds = append(s.creds, &credential{DemoHubSpotCredentialID, "hubspot", "Larkspur Labs CRM", t, t})
	}
}

// addCredential records a new connection made by the OAuth flow. The
// caller holds s.mu.
func (s *Server) addCredential(connectorID string) *credential {
	c, _ := findConnector(connectorID)
	n := 1
	for _, cr := range s.creds {
		if cr.connector == connectorID {
			n++
		}
	}
	name := c.Name + " account " + strconv.Itoa(n)
	if connectorID == "notion" {
		name = "Demo workspace " + strconv.Itoa(n)
	}
	now := s.now()
	cr := &credential{newCredentialID(), connectorID, name, now, now}
	s.creds = append(s.creds, cr)
	return cr
}

// credentialByID returns the connection with this id, if any. The caller
// holds s.mu.
func (s *Server) credentialByID(id string) *credential {
	for _, c := range s.creds {
		if c.id == id {
			return c
		}
	}
	return nil
}

func (s *Server) handleConnectors(w http.ResponseWriter, r *http.Request) {
	list := make([]map[string]any, 0, len(connectors))
	for _, c := range connectors {
		list = append(list, map[string]any{
			"id":       c.ID,
			"name":     c.Name,
			"icon":     "https://assets.example.com/connectors/" + c.ID + ".svg",
			"category": c.Category,
		})
	}
	writeJSON(w, http.StatusOK, map[string]any{"connectors": list})
}

func (s *Server) handleConnectorCredentials(w http.ResponseWriter, r *http.Request) {
	id := r.PathValue("connectorId")
	if _, ok := findConnector(id); !ok {
		writeAlloyError(w, http.StatusNotFound, "NOT_FOUND", "Connector not found.")
		return
	}
	s.mu.Lock()
	list := []map[string]any{}
	for _, c := range s.creds {
		if c.connector == id {
			list = append(list, c.json(false))
		}
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"credentials": list})
}

func (s *Server) handleUserCredentials(w http.ResponseWriter, r *http.Request) {
	if s.opts.UserCredentialsNotFound {
		writeAlloyError(w, http.StatusNotFound, "NOT_FOUND", "Not found.")
		return
	}
	if r.PathValue("userId") != s.opts.UserID {
		writeAlloyError(w, http.StatusNotFound, "NOT_FOUND", "User not found.")
		return
	}
	s.mu.Lock()
	list := []map[string]any{}
	for _, c := range s.creds {
		list = append(list, c.json(true))
	}
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, map[string]any{"data": list})
}

func (s *Server) handleDeleteCredential(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("userId") != s.opts.UserID {
		writeAlloyError(w, http.StatusNotFound, "NOT_FOUND", "User not found.")
		return
	}
	id := r.PathValue("credentialId")
	s.mu.Lock()
	found := false
	for i, c := range s.creds {
		if c.id == id {
			s.creds = append(s.creds[:i], s.creds[i+1:]...)
			found = true
			break
		}
	}
	s.mu.Unlock()
	if !found {
		writeAlloyError(w, http.StatusNotFound, "NOT_FOUND", "Credential not found.")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"success": true})
}

// oauthFlow is one started connection, waiting for the user's decision.
type oauthFlow struct {
	id          string
	connector   string
	redirectURI string
	state       string
	used        bool
}

func (s *Server) handleStartOAuth(w http.ResponseWriter, r *http.Request) {
	connectorID := r.PathValue("connectorId")
	if _, ok := findConnector(connectorID); !ok {
		writeAlloyError(w, http.StatusNotFound, "NOT_FOUND", "Connector not found.")
		return
	}
	var body struct {
		UserID             string `json:"userId"`
		AuthenticationType string `json:"authenticationType"`
		RedirectURI        string `json:"redirectUri"`
	}
	if err := decodeBody(w, r, &body); err != nil {
		writeAlloyError(w, http.StatusBadRequest, "INVALID_INPUT", err.Error())
		return
	}
	switch {
	case body.UserID == "":
		writeAlloyError(w, http.StatusBadRequest, "INVALID_INPUT", "userId is required.")
		return
	case body.UserID != s.opts.UserID:
		writeAlloyError(w, http.StatusForbidden, "FORBIDDEN", "This API key cannot act for that user.")
		return
	case body.AuthenticationType != "oauth2":
		writeAlloyError(w, http.StatusBadRequest, "INVALID_INPUT", `authenticationType must be "oauth2".`)
		return
	}
	u, err := url.Parse(body.RedirectURI)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		writeAlloyError(w, http.StatusBadRequest, "INVALID_INPUT", "redirectUri must be an absolute http or https URL.")
		return
	}
	f := &oauthFlow{id: randomToken(), connector: connectorID, redirectURI: body.RedirectURI}
	if s.opts.OAuthState {
		f.state = randomToken()
	}
	s.mu.Lock()
	s.flows[f.id] = f
	s.mu.Unlock()
	q := url.Values{"flow": {f.id}}
	if f.state != "" {
		q.Set("state", f.state)
	}
	writeJSON(w, http.StatusOK, map[string]any{"oauthUrl": baseURL(r) + "/oauth/authorize?" + q.Encode()})
}

func (s *Server) handleExchangeCode(w http.ResponseWriter, r *http.Request) {
	connectorID := r.PathValue("connectorId")
	var body struct {
		Code   string `json:"code"`
		UserID string `json:"userId"`
	}
	if err := decodeBody(w, r, &body); err != nil {
		writeAlloyError(w, http.StatusBadRequest, "INVALID_INPUT", err.Error())
		return
	}
	if body.Code == "" || body.UserID == "" {
		writeAlloyError(w, http.StatusBadRequest, "INVALID_INPUT", "code and userId are required.")
		return
	}
	if body.UserID != s.opts.UserID {
		writeAlloyError(w, http.StatusForbidden, "FORBIDDEN", "This API key cannot act for that user.")
		return
	}
	s.mu.Lock()
	id, ok := s.codes[body.Code]
	var cred *credential
	if ok {
		cred = s.credentialByID(id)
	}
	if ok && cred != nil && cred.connector == connectorID {
		delete(s.codes, body.Code) // a code works once
	}
	s.mu.Unlock()
	if !ok || cred == nil || cred.connector != connectorID {
		writeAlloyError(w, http.StatusBadRequest, "INVALID_INPUT", "The authorisation code is invalid, expired or already used.")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"credentialId": cred.id, "connectionId": cred.id})
}

// notionActionSchemas are the Notion actions handleExecute runs, each
// under its ids (first choice first); actions.go describes them.
var notionActionSchemas = []struct {
	ids          []string
	method, path string
	resource     string
}{
	{[]string{"post-search"}, "POST", "/v1/search", "search"},
	{[]string{"retrieve-a-page", "get-page"}, "GET", "/v1/pages/{page_id}", "pages"},
	{[]string{"patch-page", "update-page"}, "PATCH", "/v1/pages/{page_id}", "pages"},
	{[]string{"post-page", "create-page"}, "POST", "/v1/pages", "pages"},
	{[]string{"get-block-children", "retrieve-block-children"}, "GET", "/v1/blocks/{block_id}/children", "blocks"},
	{[]string{"patch-block-children", "append-block-children"}, "PATCH", "/v1/blocks/{block_id}/children", "blocks"},
	{[]string{"retrieve-a-database", "get-database"}, "GET", "/v1/databases/{database_id}", "databases"},
	{[]string{"post-database-query", "query-database"}, "POST", "/v1/databases/{database_id}/query", "databases"},
	{[]string{"retrieve-a-data-source"}, "GET", "/v1/data_sources/{data_source_id}", "data_sources"},
	{[]string{"query-data-source"}, "POST", "/v1/data_sources/{data_source_id}/query", "data_sources"},
}

// writeActionNotFound answers in Alloy's shape, unlike Notion's
// object_not_found, so a client can tell "no such action" from "no such page".
func writeActionNotFound(w http.ResponseWriter, connectorID, actionID string) {
	writeAlloyError(w, http.StatusNotFound, "ACTION_NOT_FOUND",
		"Action "+strconv.Quote(actionID)+" not found for connector "+strconv.Quote(connectorID)+".")
}
