package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// This file is the demo's action catalogue: Notion's own actions described
// in full, and a few actions of other connectors (Slack, HubSpot) with the
// shapes their APIs answer in, so that every screen of the action console
// can be tried offline. Like Alloy, the server checks an action's required
// parameters and body fields against its description before running it.

// demoParam is one parameter of a described action.
type demoParam struct {
	name, in, typ, description string
	required                   bool
	def                        any
}

// demoAction is one action the demo describes.
type demoAction struct {
	connector, resource string
	// ids are the action's ids, first choice first (Notion's aliases).
	ids                              []string
	displayName, description, method string
	path                             string
	params                           []demoParam
	// body is the JSON Schema of the request body, "" for none.
	body string
	// run answers an execution of another connector's action; Notion's
	// actions run through handleExecute.
	run func(s *Server, req *executeRequest) (int, any)
}

// actionCatalogue lists every action the demo describes, per connector in
// the order the resource lists show them.
var actionCatalogue = []*demoAction{
	// Notion, as the contract names its actions.
	{connector: "notion", resource: "search", ids: []string{"post-search"}, displayName: "Search",
		description: "Searches all pages and data sources shared with the integration by title.",
		method:      "POST", path: "/v1/search",
		body: `{"type":"object","properties":{
			"query":{"type":"string","description":"Text to match in titles"},
			"filter":{"type":"object","required":["property","value"],"properties":{"property":{"type":"string","enum":["object"]},"value":{"type":"string","enum":["page","data_source"]}}},
			"sort":{"type":"object","properties":{"direction":{"type":"string","enum":["ascending","descending"]},"timestamp":{"type":"string","enum":["last_edited_time"]}}},
			"start_cursor":{"type":"string"},"page_size":{"type":"integer","default":100}}}`},
	{connector: "notion", resource: "pages", ids: []string{"retrieve-a-page", "get-page"}, displayName: "Retrieve a page",
		description: "Retrieves a page's properties (not its content).", method: "GET", path: "/v1/pages/{page_id}",
		params: []demoParam{{"page_id", "path", "string", "The page's id", true, nil},
			{"filter_properties", "query", "string", "Only these property ids", false, nil}}},
	{connector: "notion", resource: "pages", ids: []string{"patch-page", "update-page"}, displayName: "Update page properties",
		description: "Updates a page's properties, icon, or whether it is in the trash.", method: "PATCH", path: "/v1/pages/{page_id}",
		params: []demoParam{{"page_id", "path", "string", "The page's id", true, nil}},
		body:   `{"type":"object","properties":{"properties":{"type":"object"},"in_trash":{"type":"boolean"},"icon":{"type":"object"}}}`},
	{connector: "notion", resource: "pages", ids: []string{"post-page", "create-page"}, displayName: "Create a page",
		description: "Creates a page under a page or a data source.", method: "POST", path: "/v1/pages",
		body: `{"type":"object","required":["parent","properties"],"properties":{
			"parent":{"type":"object","required":["page_id"],"properties":{"page_id":{"type":"string"}}},
			"properties":{"type":"object","required":["title"],"properties":{"title":{"type":"array","items":{"type":"object"}}}},
			"children":{"type":"array","items":{"type":"object"}},"icon":{"type":"object"}}}`},
	{connector: "notion", resource: "blocks", ids: []string{"get-block-children", "retrieve-block-children"}, displayName: "Retrieve block children",
		description: "Lists the blocks inside a page or block, 100 at a time.", method: "GET", path: "/v1/blocks/{block_id}/children",
		params: []demoParam{{"block_id", "path", "string", "The page's or block's id", true, nil},
			{"start_cursor", "query", "string", "Where the previous list page ended", false, nil},
			{"page_size", "query", "integer", "Blocks per list page (at most 100)", false, 100}}},
	{connector: "notion", resource: "blocks", ids: []string{"patch-block-children", "append-block-children"}, displayName: "Append block children",
		description: "Appends blocks (at most 100, two levels of nesting) to a page or block.", method: "PATCH", path: "/v1/blocks/{block_id}/children",
		params: []demoParam{{"block_id", "path", "string", "The page's or block's id", true, nil}},
		body:   `{"type":"object","required":["children"],"properties":{"children":{"type":"array","items":{"type":"object"}},"position":{"type":"object"}}}`},
	{connector: "notion", resource: "databases", ids: []string{"retrieve-a-database", "get-database"}, displayName: "Retrieve a database",
		description: "Retrieves a database and its schema.", method: "GET", path: "/v1/databases/{database_id}",
		params: []demoParam{{"database_id", "path", "string", "The database's id", true, nil}}},
	{connector: "notion", resource: "databases", ids: []string{"post-database-query", "query-database", "query-data-source"}, displayName: "Query a database",
		description: "Lists a database's rows, filtered and sorted.", method: "POST", path: "/v1/databases/{database_id}/query",
		params: []demoParam{{"database_id", "path", "string", "The database's id", true, nil}},
		body:   `{"type":"object","properties":{"filter":{"type":"object"},"sorts":{"type":"array","items":{"type":"object"}},"start_cursor":{"type":"string"},"page_size":{"type":"integer","default":100}}}`},

	// Slack.
	{connector: "slack", resource: "conversations", ids: []string{"conversations-list"}, displayName: "List conversations",
		description: "Lists the channels in the workspace.", method: "GET", path: "/conversations.list",
		params: []demoParam{
			{"types", "query", "string", "Comma-separated: public_channel, private_channel, mpim, im", false, "public_channel"},
			{"limit", "query", "integer", "At most this many (1 to 1000)", false, 100},
			{"exclude_archived", "query", "boolean", "Leave archived channels out", false, nil},
			{"cursor", "query", "string", "next_cursor of the previous answer", false, nil}},
		run: (*Server).slackConversations},
	{connector: "slack", resource: "conversations", ids: []string{"conversations-history"}, displayName: "Conversation history",
		description: "Lists a channel's messages, newest first.", method: "GET", path: "/conversations.history",
		params: []demoParam{{"channel", "query", "string", "The channel's id (C…)", true, nil},
			{"limit", "query", "integer", "At most this many", false, 20}},
		run: (*Server).slackHistory},
	{connector: "slack", resource: "chat", ids: []string{"chat-postMessage"}, displayName: "Post a message",
		description: "Sends a message to a channel.", method: "POST", path: "/chat.postMessage",
		body: `{"type":"object","required":["channel","text"],"properties":{
			"channel":{"type":"string","description":"The channel's id (C…) or name (#general)"},
			"text":{"type":"string","description":"The message, in Slack's mrkdwn"},
			"thread_ts":{"type":"string","description":"Reply in this thread"},
			"unfurl_links":{"type":"boolean"}}}`,
		run: (*Server).slackPost},

	// HubSpot.
	{connector: "hubspot", resource: "contacts", ids: []string{"list-contacts"}, displayName: "List contacts",
		description: "Lists CRM contacts, oldest first.", method: "GET", path: "/crm/v3/objects/contacts",
		params: []demoParam{{"limit", "query", "integer", "At most this many (1 to 100)", false, 10},
			{"after", "query", "string", "paging.next.after of the previous answer", false, nil},
			{"properties", "query", "string", "Comma-separated property names to return", false, nil}},
		run: (*Server).hubspotList},
	{connector: "hubspot", resource: "contacts", ids: []string{"get-contact"}, displayName: "Get a contact",
		description: "Retrieves one contact by id.", method: "GET", path: "/crm/v3/objects/contacts/{contactId}",
		params: []demoParam{{"contactId", "path", "string", "The contact's id", true, nil}},
		run:    (*Server).hubspotGet},
	{connector: "hubspot", resource: "contacts", ids: []string{"create-contact"}, displayName: "Create a contact",
		description: "Creates a contact; its email must be new.", method: "POST", path: "/crm/v3/objects/contacts",
		body: `{"type":"object","required":["properties"],"properties":{"properties":{"type":"object","required":["email"],"properties":{
			"email":{"type":"string","format":"email"},"firstname":{"type":"string"},"lastname":{"type":"string"},
			"company":{"type":"string"},"phone":{"type":"string"}}}}}`,
		run: (*Server).hubspotCreate},
}

// findAction returns the described action with this id, when it exists
// under Options.ActionIDs.
func (s *Server) findAction(connectorID, actionID string) *demoAction {
	for _, a := range actionCatalogue {
		if a.connector == connectorID && s.actionEnabled(a.ids, actionID) {
			return a
		}
	}
	return nil
}

func (a *demoAction) paramsJSON() []map[string]any {
	out := []map[string]any{}
	for _, p := range a.params {
		schema := map[string]any{"type": p.typ}
		if p.def != nil {
			schema["default"] = p.def
		}
		out = append(out, map[string]any{"name": p.name, "in": p.in, "description": p.description, "required": p.required, "schema": schema})
	}
	return out
}

// handleActionResources lists a connector's resources and their actions.
func (s *Server) handleActionResources(w http.ResponseWriter, r *http.Request) {
	connectorID := r.PathValue("connectorId")
	var list []map[string]any
	index := map[string]int{}
	for _, a := range actionCatalogue {
		if a.connector != connectorID {
			continue
		}
		for _, id := range a.ids {
			if !s.actionEnabled(a.ids, id) {
				continue
			}
			i, ok := index[a.resource]
			if !ok {
				i = len(list)
				index[a.resource] = i
				list = append(list, map[string]any{"name": a.resource, "actions": []map[string]any{}})
			}
			list[i]["actions"] = append(list[i]["actions"].([]map[string]any), map[string]any{
				"id": id, "displayName": a.displayName, "description": a.description, "method": a.method, "path": a.path,
			})
		}
	}
	if list == nil {
		writeAlloyError(w, http.StatusNotFound, "NOT_FOUND", "Connector not found or has no resources.")
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"resources": list})
}

// handleDescribeAction describes one action in the contract's shape.
func (s *Server) handleDescribeAction(w http.ResponseWriter, r *http.Request) {
	connectorID, id := r.PathValue("connectorId"), r.PathValue("actionId")
	a := s.findAction(connectorID, id)
	if a == nil {
		writeActionNotFound(w, connectorID, id)
		return
	}
	action := map[string]any{
		"id": id, "displayName": a.displayName, "description": a.description,
		"httpMethod": a.method, "path": a.path, "parameters": a.paramsJSON(),
	}
	if a.body != "" {
		action["requestBody"] = json.RawMessage(a.body)
	}
	writeJSON(w, http.StatusOK, map[string]any{"action": action})
}

// handleRunAction runs an action: Notion's through handleExecute, the
// others' here after Alloy's checks (the credential, required parameters
// and body fields, the connection's rate).
func (s *Server) handleRunAction(w http.ResponseWriter, r *http.Request) {
	connectorID, actionID := r.PathValue("connectorId"), r.PathValue("actionId")
	if connectorID == "notion" {
		s.handleExecute(w, r)
		return
	}
	if _, ok := findConnector(connectorID); !ok {
		writeAlloyError(w, http.StatusNotFound, "NOT_FOUND", "Connector not found.")
		return
	}
	a := s.findAction(connectorID, actionID)
	if a == nil || a.run == nil {
		writeActionNotFound(w, connectorID, actionID)
		return
	}
	req, ok := s.readExecute(w, r, connectorID)
	if !ok {
		return
	}
	if msg := a.checkRequest(&req); msg != "" {
		writeAlloyError(w, http.StatusBadRequest, "INVALID_INPUT", msg)
		return
	}
	if s.limit != nil {
		if ok, after := s.limit.allow(req.CredentialID); !ok {
			s.rateLimited(w, after)
			return
		}
	}
	status, answer := a.run(s, &req)
	switch s.opts.Wrap {
	case WrapResult, WrapResponseData, WrapData:
		if status < 300 {
			answer = map[string]any{s.opts.Wrap: answer}
		}
	}
	writeJSON(w, status, answer)
}

// checkRequest is Alloy's validation of an execution against the action's
// description: required parameters present where they belong, typed values
// that parse, the body's required fields.
func (a *demoAction) checkRequest(req *executeRequest) string {
	for _, p := range a.params {
		m := req.QueryParameters
		if p.in == "path" {
			m = req.PathParams
		}
		v := param(m, p.name)
		if v == "" {
			if p.required {
				return "Missing required " + p.in + " parameter: " + p.name + "."
			}
			continue
		}
		switch p.typ {
		case "integer":
			if _, err := strconv.Atoi(v); err != nil {
				return fmt.Sprintf("Parameter %s must be an integer, got %q.", p.name, clip(v))
			}
		case "boolean":
			if _, err := strconv.ParseBool(v); err != nil {
				return fmt.Sprintf("Parameter %s must be true or false, got %q.", p.name, clip(v))
			}
		}
	}
	if a.body == "" {
		return ""
	}
	var schema struct {
		Required   []string `json:"required"`
		Properties map[string]struct {
			Type     string   `json:"type"`
			Required []string `json:"required"`
		} `json:"properties"`
	}
	_ = json.Unmarshal([]byte(a.body), &schema)
	body := bytes.TrimSpace(req.RequestBody)
	var obj map[string]json.RawMessage
	if len(body) == 0 || json.Unmarshal(body, &obj) != nil || obj == nil {
		if len(schema.Required) > 0 {
			return "requestBody must be an object with " + strings.Join(schema.Required, ", ") + "."
		}
		return ""
	}
	for _, name := range schema.Required {
		v, ok := obj[name]
		if !ok || string(bytes.TrimSpace(v)) == "null" {
			return "requestBody." + name + " is required."
		}
		prop := schema.Properties[name]
		if prop.Type == "string" {
			var str string
			if json.Unmarshal(v, &str) != nil || str == "" {
				return "requestBody." + name + " must be a non-empty string."
			}
		}
		if prop.Type == "object" && len(prop.Required) > 0 {
			var inner map[string]json.RawMessage
			if json.Unmarshal(v, &inner) != nil {
				return "requestBody." + name + " must be an object."
			}
			for _, in := range prop.Required {
				if _, ok := inner[in]; !ok {
					return "requestBody." + name + "." + in + " is required."
				}
			}
		}
	}
	return ""
}

// otherState is what the other connectors' actions change: Slack's
// messages and HubSpot's contacts. Its zero value is the seeded state.
type otherState struct {
	once     sync.Once
	mu       sync.Mutex
	messages map[string][]map[string]any // channel id → messages, oldest first
	contacts []map[string]any
	nextID   int
}

// slackChannels are the demo workspace's channels.
var slackChannels = []struct{ id, name, purpose string }{
	{"C0A1GENERAL", "general", "Company-wide announcements and work-based matters"},
	{"C0A2RANDOM", "random", "Non-work banter and water cooler conversation"},
	{"C0A3ENGINEER", "engineering", "Builds, deploys and the on-call rota"},
	{"C0A4RELEASES", "releases", "What shipped, and when"},
}

func (s *Server) others() *otherState {
	o := &s.other
	o.once.Do(func() {
		t := workspaceBase.Unix()
		o.messages = map[string][]map[string]any{
			"C0A1GENERAL": {
				slackMessage("U024BE7LH", "Welcome to Larkspur Labs! :wave:", t-86400*3),
				slackMessage("U024BE7LV", "Reminder: the roadmap review is on Thursday.", t-3600*5),
			},
			"C0A3ENGINEER": {slackMessage("U024BE7LV", "Deploy 2026.3 is out; watch the error rate.", t-7200)},
		}
		for i, c := range []struct{ first, last, email, company string }{
			{"Ada", "Lovelace", "ada@analytical.example", "Analytical Engines"},
			{"Grace", "Hopper", "grace@cobol.example", "Compilers Inc"},
			{"Alan", "Turing", "alan@bletchley.example", "Bletchley Park"},
		} {
			o.contacts = append(o.contacts, hubspotContact(strconv.Itoa(101+i), c.email, c.first, c.last, c.company, workspaceBase.AddDate(0, -1, i)))
		}
		o.nextID = 201
	})
	return o
}

func slackMessage(user, text string, unix int64) map[string]any {
	return map[string]any{"type": "message", "user": user, "text": text, "ts": strconv.FormatInt(unix, 10) + ".000200"}
}

func hubspotContact(id, email, first, last, company string, created time.Time) map[string]any {
	ts := created.UTC().Format("2006-01-02T15:04:05.000Z")
	return map[string]any{
		"id": id,
		"properties": map[string]any{
			"email": email, "firstname": first, "lastname": last, "company": company,
			"createdate": ts, "lastmodifieddate": ts, "hs_object_id": id,
		},
		"createdAt": ts, "updatedAt": ts, "archived": false,
	}
}

func (s *Server) slackConversations(req *executeRequest) (int, any) {
	limit := 100
	if v := param(req.QueryParameters, "limit"); v != "" {
		limit, _ = strconv.Atoi(v)
	}
	if limit < 1 || limit > 1000 {
		return http.StatusOK, map[string]any{"ok": false, "error": "invalid_limit"}
	}
	types := param(req.QueryParameters, "types")
	if types != "" && !strings.Contains(types, "public_channel") {
		return http.StatusOK, map[string]any{"ok": true, "channels": []any{}, "response_metadata": map[string]any{"next_cursor": ""}}
	}
	o := s.others()
	o.mu.Lock()
	defer o.mu.Unlock()
	var list []any
	for i, c := range slackChannels {
		if i >= limit {
			break
		}
		list = append(list, map[string]any{
			"id": c.id, "name": c.name, "is_channel": true, "is_private": false, "is_archived": false,
			"created": workspaceBase.AddDate(-1, 0, i).Unix(), "num_members": 12 - 2*i,
			"topic":   map[string]any{"value": "", "creator": "", "last_set": 0},
			"purpose": map[string]any{"value": c.purpose, "creator": "U024BE7LH", "last_set": workspaceBase.AddDate(-1, 0, i).Unix()},
		})
	}
	return http.StatusOK, map[string]any{"ok": true, "channels": list, "response_metadata": map[string]any{"next_cursor": ""}}
}

// slackChannel finds a channel by id or #name; Slack answers an unknown
// one with ok: false and a 200.
func slackChannel(v string) (string, bool) {
	for _, c := range slackChannels {
		if v == c.id || strings.TrimPrefix(v, "#") == c.name {
			return c.id, true
		}
	}
	return "", false
}

func (s *Server) slackHistory(req *executeRequest) (int, any) {
	id, ok := slackChannel(param(req.QueryParameters, "channel"))
	if !ok {
		return http.StatusOK, map[string]any{"ok": false, "error": "channel_not_found"}
	}
	o := s.others()
	o.mu.Lock()
	defer o.mu.Unlock()
	msgs := o.messages[id]
	out := make([]any, 0, len(msgs))
	for i := len(msgs) - 1; i >= 0; i-- {
		out = append(out, msgs[i])
	}
	return http.StatusOK, map[string]any{"ok": true, "messages": out, "has_more": false}
}

func (s *Server) slackPost(req *executeRequest) (int, any) {
	var body struct {
		Channel  string `json:"channel"`
		Text     string `json:"text"`
		ThreadTS string `json:"thread_ts"`
	}
	if json.Unmarshal(req.RequestBody, &body) != nil {
		return http.StatusOK, map[string]any{"ok": false, "error": "invalid_arguments"}
	}
	id, ok := slackChannel(body.Channel)
	if !ok {
		return http.StatusOK, map[string]any{"ok": false, "error": "channel_not_found"}
	}
	if len(body.Text) > 40000 {
		return http.StatusOK, map[string]any{"ok": false, "error": "msg_too_long"}
	}
	o := s.others()
	o.mu.Lock()
	defer o.mu.Unlock()
	now := s.now()
	msg := slackMessage("U0DEMOBOT", body.Text, now.Unix())
	msg["ts"] = fmt.Sprintf("%d.%06d", now.Unix(), now.Nanosecond()/1000)
	msg["bot_id"] = "B0DEMOBOT"
	if body.ThreadTS != "" {
		msg["thread_ts"] = body.ThreadTS
	}
	o.messages[id] = append(o.messages[id], msg)
	return http.StatusOK, map[string]any{"ok": true, "channel": id, "ts": msg["ts"], "message": msg}
}

func (s *Server) hubspotList(req *executeRequest) (int, any) {
	limit := 10
	if v := param(req.QueryParameters, "limit"); v != "" {
		limit, _ = strconv.Atoi(v)
	}
	if limit < 1 || limit > 100 {
		return http.StatusBadRequest, hubspotError("VALIDATION_ERROR", "limit must be between 1 and 100.")
	}
	after := 0
	if v := param(req.QueryParameters, "after"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return http.StatusBadRequest, hubspotError("VALIDATION_ERROR", "after is not a valid paging token.")
		}
		after = n
	}
	o := s.others()
	o.mu.Lock()
	defer o.mu.Unlock()
	results := []any{}
	for i := after; i < len(o.contacts) && len(results) < limit; i++ {
		results = append(results, o.contacts[i])
	}
	answer := map[string]any{"results": results}
	if end := after + len(results); end < len(o.contacts) {
		answer["paging"] = map[string]any{"next": map[string]any{"after": strconv.Itoa(end)}}
	}
	return http.StatusOK, answer
}

func (s *Server) hubspotGet(req *executeRequest) (int, any) {
	id := param(req.PathParams, "contactId")
	o := s.others()
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, c := range o.contacts {
		if c["id"] == id {
			return http.StatusOK, c
		}
	}
	return http.StatusNotFound, hubspotError("OBJECT_NOT_FOUND", "resource not found")
}

func (s *Server) hubspotCreate(req *executeRequest) (int, any) {
	var body struct {
		Properties map[string]string `json:"properties"`
	}
	if json.Unmarshal(req.RequestBody, &body) != nil {
		return http.StatusBadRequest, hubspotError("VALIDATION_ERROR", "Invalid input JSON: properties must be an object of strings.")
	}
	email := strings.TrimSpace(body.Properties["email"])
	if !strings.Contains(email, "@") {
		return http.StatusBadRequest, hubspotError("VALIDATION_ERROR", fmt.Sprintf("Property values were not valid: email %q is not a valid email address.", clip(email)))
	}
	o := s.others()
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, c := range o.contacts {
		if strings.EqualFold(c["properties"].(map[string]any)["email"].(string), email) {
			return http.StatusConflict, hubspotError("CONFLICT", "Contact already exists. Existing ID: "+c["id"].(string))
		}
	}
	id := strconv.Itoa(o.nextID)
	o.nextID++
	c := hubspotContact(id, email, body.Properties["firstname"], body.Properties["lastname"], body.Properties["company"], s.now())
	o.contacts = append(o.contacts, c)
	return http.StatusCreated, c
}

// hubspotError is HubSpot's error shape.
func hubspotError(category, message string) map[string]any {
	return map[string]any{"status": "error", "message": message, "correlationId": dashed(randomID()), "category": category}
}
