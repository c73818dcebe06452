package demo

import (
	"net/http"
	"strings"
	"testing"
)

func TestActionCatalogue(t *testing.T) {
	s := newTestServer(t, Options{HubSpotConnection: true})
	for _, connector := range []string{"notion", "slack", "hubspot"} {
		m := mustOK(t, s.call(t, http.MethodGet, "/connectors/"+connector+"/resources", nil, nil))
		resources, _ := m["resources"].([]any)
		if len(resources) == 0 {
			t.Fatalf("%s: no resources: %v", connector, m)
		}
		for _, r := range resources {
			for _, a := range r.(map[string]any)["actions"].([]any) {
				a := a.(map[string]any)
				id := str(a["id"])
				if a["displayName"] == "" || a["method"] == "" || a["description"] == "" {
					t.Errorf("%s/%s lacks a name, method or description: %v", connector, id, a)
				}
				d := mustOK(t, s.call(t, http.MethodGet, "/connectors/"+connector+"/actions/"+id, nil, nil))
				action, _ := d["action"].(map[string]any)
				if action["id"] != id || action["httpMethod"] != a["method"] || action["parameters"] == nil {
					t.Errorf("%s/%s described as %v", connector, id, d)
				}
			}
		}
	}
	if r := s.call(t, http.MethodGet, "/connectors/github/resources", nil, nil); r.status != 404 {
		t.Errorf("github resources: %d", r.status)
	}
	if r := s.call(t, http.MethodGet, "/connectors/slack/actions/nope", nil, nil); r.status != 404 || !strings.Contains(string(r.raw), "ACTION_NOT_FOUND") {
		t.Errorf("unknown action: %d %s", r.status, r.raw)
	}
}

func TestOtherConnectorsRun(t *testing.T) {
	s := newTestServer(t, Options{HubSpotConnection: true})
	run := func(connector, action, cred string, req map[string]any) reply {
		req["credentialId"] = cred
		return s.call(t, http.MethodPost, "/connectors/"+connector+"/actions/"+action+"/execute", req, nil)
	}
	tests := []struct {
		name, connector, action, cred string
		req                           map[string]any
		status                        int
		contains                      string
	}{
		{"list channels", "slack", "conversations-list", DemoSlackCredentialID, map[string]any{}, 200, `"name":"general"`},
		{"bad limit type", "slack", "conversations-list", DemoSlackCredentialID, map[string]any{"queryParameters": map[string]any{"limit": "many"}}, 400, "must be an integer"},
		{"post", "slack", "chat-postMessage", DemoSlackCredentialID, map[string]any{"requestBody": map[string]any{"channel": "#general", "text": "hello"}}, 200, `"ok":true`},
		{"history has it", "slack", "conversations-history", DemoSlackCredentialID, map[string]any{"queryParameters": map[string]any{"channel": "C0A1GENERAL"}}, 200, `"text":"hello"`},
		{"history needs channel", "slack", "conversations-history", DemoSlackCredentialID, map[string]any{}, 400, "Missing required query parameter: channel"},
		{"post needs text", "slack", "chat-postMessage", DemoSlackCredentialID, map[string]any{"requestBody": map[string]any{"channel": "C0A1GENERAL"}}, 400, "requestBody.text is required"},
		{"post to nowhere", "slack", "chat-postMessage", DemoSlackCredentialID, map[string]any{"requestBody": map[string]any{"channel": "C404", "text": "x"}}, 200, "channel_not_found"},
		{"wrong credential", "slack", "conversations-list", DemoCredentialID, map[string]any{}, 400, "Credential not found"},
		{"list contacts", "hubspot", "list-contacts", DemoHubSpotCredentialID, map[string]any{"queryParameters": map[string]any{"limit": "2"}}, 200, `"after":"2"`},
		{"create contact", "hubspot", "create-contact", DemoHubSpotCredentialID, map[string]any{"requestBody": map[string]any{"properties": map[string]any{"email": "new@example.com", "firstname": "New"}}}, 201, `"id":"201"`},
		{"duplicate contact", "hubspot", "create-contact", DemoHubSpotCredentialID, map[string]any{"requestBody": map[string]any{"properties": map[string]any{"email": "new@example.com"}}}, 409, "Existing ID: 201"},
		{"contact needs email", "hubspot", "create-contact", DemoHubSpotCredentialID, map[string]any{"requestBody": map[string]any{"properties": map[string]any{}}}, 400, "requestBody.properties.email is required"},
		{"get contact", "hubspot", "get-contact", DemoHubSpotCredentialID, map[string]any{"pathParams": map[string]any{"contactId": "201"}}, 200, "new@example.com"},
		{"get needs id", "hubspot", "get-contact", DemoHubSpotCredentialID, map[string]any{}, 400, "Missing required path parameter: contactId"},
	}
	for _, tt := range tests {
		r := run(tt.connector, tt.action, tt.cred, tt.req)
		if r.status != tt.status || !strings.Contains(string(r.raw), tt.contains) {
			t.Errorf("%s: %d %s, want %d and %q", tt.name, r.status, r.raw, tt.status, tt.contains)
		}
	}
	// Notion still runs through its own handler.
	mustOK(t, s.exec(t, "post-search", map[string]any{}))
}
