package alloy

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Where an action's parameter goes, as an action's description says
// ("in") and as the execute request carries it.
const (
	InPath   = "path"
	InQuery  = "query"
	InHeader = "header"
)

// ActionParam is one parameter of an action: a path, query or header value.
type ActionParam struct {
	Name        string
	In          string // InPath, InQuery or InHeader
	Description string
	Required    bool
	// Schema is the parameter's JSON Schema; nil when the description
	// gives none.
	Schema *Schema
}

// Type is the parameter's type as its schema names it ("string" when the
// schema says nothing).
func (p ActionParam) Type() string {
	if t := p.Schema.TypeName(); t != "" {
		return t
	}
	return "string"
}

// Default is the parameter's default value as text, "" when it has none.
func (p ActionParam) Default() string {
	if p.Schema == nil || len(p.Schema.Default) == 0 {
		return ""
	}
	var s string
	if json.Unmarshal(p.Schema.Default, &s) == nil {
		return s
	}
	return string(bytes.TrimSpace(p.Schema.Default))
}

// ActionDescription is what the service says about one action
// (GET /connectors/{c}/actions/{a}).
type ActionDescription struct {
	Connector   string
	ID          string
	DisplayName string
	Description string
	// Method is the provider's HTTP method, upper case ("GET", "POST").
	Method string
	// Path is the provider's path, with {placeholders} for path parameters.
	Path       string
	Parameters []ActionParam
	// Body is the JSON Schema of the request body; nil when the action
	// takes none.
	Body *Schema
	// RawBody is Body as received, for printing it as it was.
	RawBody json.RawMessage
}

// Changes reports whether running the action may change something: any
// method but GET (and HEAD) does, as far as confirmation and retries go.
func (d *ActionDescription) Changes() bool {
	return d.Method != http.MethodGet && d.Method != http.MethodHead
}

// Param returns the parameter of that name.
func (d *ActionDescription) Param(name string) (ActionParam, bool) {
	for _, p := range d.Parameters {
		if p.Name == name {
			return p, true
		}
	}
	return ActionParam{}, false
}

// DescribeAction asks the service for an action's description.
func (c *Client) DescribeAction(ctx context.Context, connectorID, actionID string) (*ActionDescription, error) {
	op := "describe " + connectorID + "/" + actionID
	if connectorID == "" || actionID == "" {
		return nil, fmt.Errorf("%s: connector and action are required", op)
	}
	body, err := c.do(ctx, call{op: op, method: http.MethodGet, path: escapePath("connectors", connectorID, "actions", actionID),
		lane: connectivityLane, safe: true})
	if err != nil {
		return nil, err
	}
	d, err := decodeActionDescription(body, op)
	if err != nil {
		return nil, c.scrubbed(err)
	}
	d.Connector = connectorID
	if d.ID == "" {
		d.ID = actionID
	}
	return d, nil
}

// wireParam is a parameter as the description carries it.
type wireParam struct {
	Name        string          `json:"name"`
	In          string          `json:"in"`
	Description string          `json:"description"`
	Required    bool            `json:"required"`
	Schema      json.RawMessage `json:"schema"`
	Type        string          `json:"type"` // some answers put the type beside the name
}

// decodeActionDescription reads {"action":{…}}, or the same object bare or
// under "data". An answer without a method, a path or parameters is not a
// description, and fails naming the action.
func decodeActionDescription(body []byte, op string) (*ActionDescription, error) {
	var outer map[string]json.RawMessage
	if err := json.Unmarshal(body, &outer); err != nil {
		if json.Valid(body) {
			return nil, unexpected(op, "the answer is not a JSON object")
		}
		return nil, malformed(op, body)
	}
	raw := json.RawMessage(body)
	for _, k := range []string{"action", "data"} {
		if inner := bytes.TrimSpace(outer[k]); len(inner) > 0 && inner[0] == '{' {
			raw = inner
			break
		}
	}
	var w struct {
		ID          string          `json:"id"`
		ActionID    string          `json:"actionId"`
		DisplayName string          `json:"displayName"`
		Name        string          `json:"name"`
		Description string          `json:"description"`
		HTTPMethod  string          `json:"httpMethod"`
		Method      string          `json:"method"`
		Path        string          `json:"path"`
		Parameters  []wireParam     `json:"parameters"`
		RequestBody json.RawMessage `json:"requestBody"`
	}
	if err := json.Unmarshal(raw, &w); err != nil {
		return nil, unexpected(op, "the action's description has fields of the wrong type: "+err.Error())
	}
	d := &ActionDescription{
		ID:          firstNonEmpty(w.ID, w.ActionID),
		DisplayName: firstNonEmpty(w.DisplayName, w.Name),
		Description: w.Description,
		Method:      strings.ToUpper(strings.TrimSpace(firstNonEmpty(w.HTTPMethod, w.Method))),
		Path:        w.Path,
	}
	if d.Method == "" && d.Path == "" && w.Parameters == nil {
		return nil, unexpected(op, "no httpMethod, path or parameters: not an action's description")
	}
	if d.Method == "" {
		// Without a method the action may change things: treat it as a write.
		d.Method = http.MethodPost
	}
	for i, p := range w.Parameters {
		if p.Name == "" {
			return nil, unexpected(op, fmt.Sprintf("parameter %d has no name", i+1))
		}
		in := strings.ToLower(strings.TrimSpace(p.In))
		switch in {
		case InPath, InQuery, InHeader:
		case "":
			in = InQuery
			if strings.Contains(d.Path, "{"+p.Name+"}") {
				in = InPath
			}
		default:
			return nil, unexpected(op, fmt.Sprintf("parameter %q goes %q, not path, query or header", p.Name, p.In))
		}
		param := ActionParam{Name: p.Name, In: in, Description: p.Description, Required: p.Required || in == InPath}
		if s := bytes.TrimSpace(p.Schema); len(s) > 0 && s[0] == '{' {
			sc, err := ParseSchema(s)
			if err != nil {
				return nil, unexpected(op, fmt.Sprintf("parameter %q: %v", p.Name, err))
			}
			param.Schema = sc
		} else if p.Type != "" {
			param.Schema = &Schema{Types: []string{p.Type}}
		}
		d.Parameters = append(d.Parameters, param)
	}
	if rb := bytes.TrimSpace(w.RequestBody); len(rb) > 0 && !bytes.Equal(rb, []byte("null")) {
		sc, err := ParseSchema(rb)
		if err != nil {
			return nil, unexpected(op, "requestBody: "+err.Error())
		}
		d.Body, d.RawBody = sc, json.RawMessage(rb)
	}
	return d, nil
}

// ActionSummary is one action as a connector's resource list names it.
type ActionSummary struct {
	ID          string
	DisplayName string
	Description string
	Method      string // "" when the list does not say
	Path        string
	// Resource is the name of the resource the action belongs to.
	Resource string
}

// Resource is one of a connector's resources with its actions.
type Resource struct {
	Name    string
	Actions []ActionSummary
}

// ListActions lists a connector's resources and their actions
// (GET /connectors/{c}/resources). The answer is also returned as
// received, for printing it raw.
func (c *Client) ListActions(ctx context.Context, connectorID string) ([]Resource, json.RawMessage, error) {
	op := "list the actions of " + connectorID
	if connectorID == "" {
		return nil, nil, fmt.Errorf("list actions: no connector given")
	}
	body, err := c.do(ctx, call{op: op, method: http.MethodGet, path: escapePath("connectors", connectorID, "resources"),
		lane: connectivityLane, safe: true})
	if err != nil {
		return nil, nil, err
	}
	res, err := decodeResources(body, op)
	if err != nil {
		return nil, nil, c.scrubbed(err)
	}
	return res, json.RawMessage(body), nil
}

// wireAction is an action in a resource list, in the names seen so far.
type wireAction struct {
	ID          string `json:"id"`
	ActionID    string `json:"actionId"`
	Key         string `json:"key"`
	DisplayName string `json:"displayName"`
	Name        string `json:"name"`
	Title       string `json:"title"`
	Summary     string `json:"summary"`
	Description string `json:"description"`
	HTTPMethod  string `json:"httpMethod"`
	Method      string `json:"method"`
	Path        string `json:"path"`
	Resource    string `json:"resource"`
}

func (w wireAction) summary(resource string) (ActionSummary, bool) {
	id := firstNonEmpty(w.ID, w.ActionID, w.Key)
	if id == "" {
		return ActionSummary{}, false
	}
	return ActionSummary{
		ID:          id,
		DisplayName: firstNonEmpty(w.DisplayName, w.Title, w.Summary, w.Name),
		Description: w.Description,
		Method:      strings.ToUpper(strings.TrimSpace(firstNonEmpty(w.HTTPMethod, w.Method))),
		Path:        w.Path,
		Resource:    firstNonEmpty(resource, w.Resource),
	}, true
}

// decodeResources reads a resource list tolerantly: a bare array, or an
// array under "resources" or "data" (or under data.resources); each item a
// resource with an id or name and an "actions" (or "operations") list. A
// flat list of actions (items with an id and a method, no list of their
// own) is grouped by their "resource" field. Anything else fails: an empty
// list would say something false.
func decodeResources(body []byte, op string) ([]Resource, error) {
	items, err := listItems(body, op, "resources", "data", "actions")
	if err != nil {
		var obj map[string]json.RawMessage
		if json.Unmarshal(body, &obj) == nil {
			if inner := bytes.TrimSpace(obj["data"]); len(inner) > 0 && inner[0] == '{' {
				if items2, err2 := listItems(inner, op, "resources", "actions"); err2 == nil {
					items, err = items2, nil
				}
			}
		}
		if err != nil {
			return nil, unexpected(op, "no list of resources under resources or data, and not an array")
		}
	}
	var out []Resource
	index := map[string]int{}
	add := func(name string, a ActionSummary) {
		i, ok := index[name]
		if !ok {
			i = len(out)
			index[name] = i
			out = append(out, Resource{Name: name})
		}
		out[i].Actions = append(out[i].Actions, a)
	}
	sawShape := false
	for _, raw := range items {
		var it struct {
			ID          string          `json:"id"`
			Name        string          `json:"name"`
			DisplayName string          `json:"displayName"`
			Resource    string          `json:"resource"`
			Actions     json.RawMessage `json:"actions"`
			Operations  json.RawMessage `json:"operations"`
		}
		if json.Unmarshal(raw, &it) != nil {
			continue
		}
		list := bytes.TrimSpace(it.Actions)
		if len(list) == 0 {
			list = bytes.TrimSpace(it.Operations)
		}
		if len(list) > 0 && list[0] == '[' {
			name := firstNonEmpty(it.Name, it.ID, it.DisplayName, it.Resource)
			var acts []json.RawMessage
			if json.Unmarshal(list, &acts) != nil {
				continue
			}
			sawShape = true
			if _, ok := index[name]; !ok {
				index[name] = len(out)
				out = append(out, Resource{Name: name})
			}
			for _, ra := range acts {
				var wa wireAction
				if json.Unmarshal(ra, &wa) != nil {
					// A bare string is an action id.
					var id string
					if json.Unmarshal(ra, &id) == nil && id != "" {
						add(name, ActionSummary{ID: id, Resource: name})
					}
					continue
				}
				if a, ok := wa.summary(name); ok {
					add(name, a)
				}
			}
			continue
		}
		// A flat list of actions.
		var wa wireAction
		if json.Unmarshal(raw, &wa) == nil && firstNonEmpty(wa.HTTPMethod, wa.Method, wa.Path) != "" {
			if a, ok := wa.summary(""); ok {
				sawShape = true
				add(a.Resource, a)
			}
		}
	}
	if !sawShape && len(items) > 0 {
		return nil, unexpected(op, "the list holds neither resources with actions nor actions with a method")
	}
	return out, nil
}

// AllActions flattens resources into one list, in order.
func AllActions(resources []Resource) []ActionSummary {
	var out []ActionSummary
	for _, r := range resources {
		out = append(out, r.Actions...)
	}
	return out
}

// ParamError says which parameters were wrong when building a request.
type ParamError struct {
	Action  string
	Missing []string // required parameters without a value
	Unknown []string // values for parameters the action does not have
	Known   []string // the parameters the action has, for the message
}

func (e *ParamError) Error() string {
	var parts []string
	if len(e.Missing) > 0 {
		parts = append(parts, "missing required parameter"+plural(len(e.Missing))+" "+strings.Join(e.Missing, ", "))
	}
	if len(e.Unknown) > 0 {
		known := "it has none"
		if len(e.Known) > 0 {
			known = "it has " + strings.Join(e.Known, ", ")
		}
		parts = append(parts, "unknown parameter"+plural(len(e.Unknown))+" "+strings.Join(e.Unknown, ", ")+
			" ("+known+"; prefix path., query. or header. to send another)")
	}
	return e.Action + ": " + strings.Join(parts, "; ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// BuildRequest maps parameter values, by name, to where the description
// says they go: path parameters to pathParams, query to queryParameters,
// headers to additionalHeaders; body (nil for none) becomes requestBody.
// A name may carry its place as a prefix ("query.limit") to send a
// parameter the description does not list. Required parameters without a
// value take their default, else fail; every problem is named at once.
func (d *ActionDescription) BuildRequest(credentialID string, values map[string]string, body json.RawMessage) (ActionRequest, error) {
	req := ActionRequest{CredentialID: credentialID}
	put := func(in, name, value string) {
		var m *map[string]string
		switch in {
		case InPath:
			m = &req.PathParams
		case InHeader:
			m = &req.AdditionalHeaders
		default:
			m = &req.QueryParameters
		}
		if *m == nil {
			*m = map[string]string{}
		}
		(*m)[name] = value
	}
	perr := &ParamError{Action: d.Connector + "/" + d.ID}
	names := make([]string, 0, len(values))
	for n := range values {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		value := values[name]
		if p, ok := d.Param(name); ok {
			if value == "" && p.Required {
				continue // reported as missing below
			}
			put(p.In, p.Name, value)
			continue
		}
		if in, rest, ok := strings.Cut(name, "."); ok && rest != "" && (in == InPath || in == InQuery || in == InHeader) {
			put(in, rest, value)
			continue
		}
		perr.Unknown = append(perr.Unknown, name)
	}
	for _, p := range d.Parameters {
		perr.Known = append(perr.Known, p.Name)
		if !p.Required || values[p.Name] != "" {
			continue
		}
		if def := p.Default(); def != "" {
			put(p.In, p.Name, def)
			continue
		}
		perr.Missing = append(perr.Missing, p.Name)
	}
	if len(perr.Missing) > 0 || len(perr.Unknown) > 0 {
		return ActionRequest{}, perr
	}
	if b := bytes.TrimSpace(body); len(b) > 0 {
		req.RequestBody = json.RawMessage(b)
	}
	return req, nil
}

// RunAction runs any action of any connector with req and returns the
// answer exactly as received (the API key scrubbed), without unwrapping it:
// what a console shows is what came back. method is the action's own
// method from its description: only a GET, or an action known to only
// read, is retried after a 5xx or a dropped connection; a write never is,
// since it may have happened. An answer that says "success": false fails
// even with a 2xx status.
func (c *Client) RunAction(ctx context.Context, connectorID, actionID, method string, req ActionRequest) (json.RawMessage, error) {
	op := "execute " + connectorID + "/" + actionID
	if connectorID == "" || actionID == "" {
		return nil, fmt.Errorf("%s: connector and action are required", op)
	}
	safe := strings.EqualFold(method, http.MethodGet) || connectorID == NotionConnector && IsReadAction(actionID)
	if connectorID == NotionConnector {
		if req.AdditionalHeaders == nil {
			req.AdditionalHeaders = map[string]string{}
		}
		if _, ok := req.AdditionalHeaders["Notion-Version"]; !ok {
			req.AdditionalHeaders["Notion-Version"] = c.cfg.NotionVersion
		}
	}
	body, err := c.do(ctx, call{
		op:     op,
		method: http.MethodPost,
		path:   escapePath("connectors", connectorID, "actions", actionID, "execute"),
		body:   req,
		action: actionID,
		lane:   req.CredentialID,
		safe:   safe,
	})
	if err != nil {
		return nil, err
	}
	if err := checkSuccess(body, op); err != nil {
		return nil, c.scrubbed(err)
	}
	return json.RawMessage(body), nil
}
