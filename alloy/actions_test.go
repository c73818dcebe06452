package alloy

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
)

const slackPostDescription = `{"action":{"id":"chat-postMessage","displayName":"Post a message","description":"Sends a message to a channel.",
 "httpMethod":"POST","path":"/chat.postMessage",
 "parameters":[{"name":"X-Slack-Retry","in":"header","required":false,"schema":{"type":"string"}}],
 "requestBody":{"type":"object","required":["channel","text"],"properties":{
   "channel":{"type":"string","description":"Channel id"},
   "text":{"type":"string"},
   "thread_ts":{"type":"string"},
   "unfurl_links":{"type":"boolean"}}}}}`

func TestDecodeActionDescription(t *testing.T) {
	tests := []struct {
		name       string
		body       string
		wantMethod string
		wantParams []ActionParam
		wantBody   bool
		wantErr    string
	}{
		{"contract shape", slackPostDescription, "POST",
			[]ActionParam{{Name: "X-Slack-Retry", In: InHeader, Schema: &Schema{Types: []string{"string"}}}}, true, ""},
		{"bare object, method key", `{"id":"get-page","method":"get","path":"/v1/pages/{page_id}",
			"parameters":[{"name":"page_id","in":"path","required":true,"schema":{"type":"string"}},
			{"name":"filter_properties","in":"query","schema":{"type":"string"}}]}`, "GET",
			[]ActionParam{
				{Name: "page_id", In: InPath, Required: true, Schema: &Schema{Types: []string{"string"}}},
				{Name: "filter_properties", In: InQuery, Schema: &Schema{Types: []string{"string"}}},
			}, false, ""},
		{"under data, in inferred, path always required", `{"data":{"id":"x","httpMethod":"GET","path":"/a/{id}",
			"parameters":[{"name":"id","type":"string"},{"name":"limit","type":"integer"}]}}`, "GET",
			[]ActionParam{
				{Name: "id", In: InPath, Required: true, Schema: &Schema{Types: []string{"string"}}},
				{Name: "limit", In: InQuery, Schema: &Schema{Types: []string{"integer"}}},
			}, false, ""},
		{"null body", `{"action":{"id":"x","httpMethod":"GET","path":"/x","requestBody":null}}`, "GET", nil, false, ""},
		{"not a description", `{"ok":true}`, "", nil, false, "not an action's description"},
		{"array", `[1,2]`, "", nil, false, "not a JSON object"},
		{"html", `<html>oops</html>`, "", nil, false, "malformed"},
		{"bad in", `{"action":{"httpMethod":"GET","parameters":[{"name":"a","in":"cookie"}]}}`, "", nil, false, `"a" goes "cookie"`},
		{"nameless parameter", `{"action":{"httpMethod":"GET","parameters":[{"in":"query"}]}}`, "", nil, false, "parameter 1 has no name"},
		{"wrong field type", `{"action":{"httpMethod":3}}`, "", nil, false, "wrong type"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := decodeActionDescription([]byte(tt.body), "describe slack/x")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "slack/x") {
					t.Fatalf("err = %v, want one naming the action and %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if d.Method != tt.wantMethod {
				t.Errorf("method %q", d.Method)
			}
			if !reflect.DeepEqual(d.Parameters, tt.wantParams) {
				t.Errorf("parameters %+v, want %+v", d.Parameters, tt.wantParams)
			}
			if (d.Body != nil) != tt.wantBody {
				t.Errorf("body %+v", d.Body)
			}
		})
	}
}

func TestDecodeResources(t *testing.T) {
	tests := []struct {
		name    string
		body    string
		want    []Resource
		wantErr string
	}{
		{"resources with actions", `{"resources":[{"name":"pages","actions":[{"id":"get-page","displayName":"Get a page","method":"GET"},{"id":"patch-page","httpMethod":"patch"}]}]}`,
			[]Resource{{"pages", []ActionSummary{{ID: "get-page", DisplayName: "Get a page", Method: "GET", Resource: "pages"}, {ID: "patch-page", Method: "PATCH", Resource: "pages"}}}}, ""},
		{"bare array, id not name, operations, string actions", `[{"id":"chat","operations":["chat-postMessage"]}]`,
			[]Resource{{"chat", []ActionSummary{{ID: "chat-postMessage", Resource: "chat"}}}}, ""},
		{"data wrapping resources", `{"data":{"resources":[{"name":"contacts","actions":[{"actionId":"list","name":"List contacts"}]}]}}`,
			[]Resource{{"contacts", []ActionSummary{{ID: "list", DisplayName: "List contacts", Resource: "contacts"}}}}, ""},
		{"flat actions grouped by resource", `{"data":[{"id":"a","method":"GET","resource":"r1"},{"id":"b","method":"POST","resource":"r1"},{"id":"c","method":"GET"}]}`,
			[]Resource{{"r1", []ActionSummary{{ID: "a", Method: "GET", Resource: "r1"}, {ID: "b", Method: "POST", Resource: "r1"}}}, {"", []ActionSummary{{ID: "c", Method: "GET"}}}}, ""},
		{"empty list", `{"resources":[]}`, nil, ""},
		{"unknown items", `{"resources":[{"foo":1}]}`, nil, "neither resources with actions"},
		{"unknown object", `{"things":{}}`, nil, "no list of resources"},
		{"not JSON", `Bad Gateway`, nil, "no list of resources"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeResources([]byte(tt.body), "list the actions of slack")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), "slack") {
					t.Fatalf("err = %v, want one naming the connector and %q", err, tt.wantErr)
				}
				if !errors.Is(err, ErrUnexpectedResponse) {
					t.Errorf("not ErrUnexpectedResponse: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

func TestBuildRequest(t *testing.T) {
	d := &ActionDescription{Connector: "slack", ID: "conversations-list", Parameters: []ActionParam{
		{Name: "channel", In: InPath, Required: true},
		{Name: "limit", In: InQuery, Schema: &Schema{Types: []string{"integer"}, Default: json.RawMessage(`100`)}},
		{Name: "types", In: InQuery, Required: true, Schema: &Schema{Default: json.RawMessage(`"public_channel"`)}},
		{Name: "X-Trace", In: InHeader},
	}}
	req, err := d.BuildRequest("cred", map[string]string{"channel": "C1", "X-Trace": "t", "query.cursor": "abc", "header.X-Other": "o"},
		json.RawMessage(` {"a":1} `))
	if err != nil {
		t.Fatal(err)
	}
	want := ActionRequest{
		CredentialID:      "cred",
		RequestBody:       json.RawMessage(`{"a":1}`),
		PathParams:        map[string]string{"channel": "C1"},
		QueryParameters:   map[string]string{"cursor": "abc", "types": "public_channel"},
		AdditionalHeaders: map[string]string{"X-Trace": "t", "X-Other": "o"},
	}
	if !reflect.DeepEqual(req, want) {
		t.Errorf("got %+v\nwant %+v", req, want)
	}
	data, _ := json.Marshal(req)
	if !strings.Contains(string(data), `"pathParams":{"channel":"C1"}`) || !strings.Contains(string(data), `"requestBody":{"a":1}`) {
		t.Errorf("wire form %s", data)
	}

	_, err = d.BuildRequest("cred", map[string]string{"chanel": "C1", "channel": ""}, nil)
	var pe *ParamError
	if !errors.As(err, &pe) || !reflect.DeepEqual(pe.Missing, []string{"channel"}) || !reflect.DeepEqual(pe.Unknown, []string{"chanel"}) {
		t.Fatalf("err = %v", err)
	}
	for _, s := range []string{"slack/conversations-list", "missing required parameter channel", "unknown parameter chanel", "it has channel, limit, types, X-Trace"} {
		if !strings.Contains(err.Error(), s) {
			t.Errorf("%q lacks %q", err, s)
		}
	}
}

func TestSkeletonGoldens(t *testing.T) {
	schemas := map[string]string{
		"slack-post": `{"type":"object","required":["channel","text"],"properties":{"text":{"type":"string"},"channel":{"type":"string"},"thread_ts":{"type":"string"}}}`,
		"nested": `{"type":"object","required":["properties","limit","archived","tags","when","kind","weight","any"],"properties":{
			"properties":{"type":"object","required":["email","firstname"],"properties":{"email":{"type":"string","format":"email"},"firstname":{"type":"string"},"phone":{"type":"string"}}},
			"limit":{"type":"integer"},"archived":{"type":"boolean"},"tags":{"type":"array","items":{"type":"string"}},
			"when":{"type":"string","format":"date-time"},"kind":{"enum":["a","b"]},"weight":{"type":"number","default":1.5},"any":{}}}`,
		"nothing-required":   `{"type":"object","properties":{"query":{"type":"string"}}}`,
		"untyped-properties": `{"required":["q"],"properties":{"q":{"type":"string","default":"hello"}}}`,
	}
	for name, raw := range schemas {
		t.Run(name, func(t *testing.T) {
			s, err := ParseSchema([]byte(raw))
			if err != nil {
				t.Fatal(err)
			}
			got := Skeleton(s) + "\n"
			if !json.Valid([]byte(got)) {
				t.Fatalf("skeleton is not JSON:\n%s", got)
			}
			golden(t, filepath.Join("testdata", "skeleton", name+".golden"), got)
			// A skeleton with placeholders is caught before it is sent; one
			// without passes.
			err = ValidateBody(s, []byte(got))
			if strings.Contains(got, "<string") != (err != nil) {
				t.Errorf("validation of the skeleton: %v", err)
			}
		})
	}
	if Skeleton(nil) != "" {
		t.Error("a skeleton without a schema")
	}
}

func golden(t *testing.T, path, got string) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s changed; run with -update if intended.\n got:\n%s\nwant:\n%s", path, got, want)
	}
}

func TestValidateBody(t *testing.T) {
	s, err := ParseSchema([]byte(`{"type":"object","required":["channel","text"],"properties":{
		"channel":{"type":"string"},"text":{"type":"string"},"limit":{"type":"integer"},"ratio":{"type":["number","null"]},
		"mode":{"enum":["a","b"]},"tags":{"type":"array","items":{"type":"string"}},
		"meta":{"type":"object","required":["id"],"properties":{"id":{"type":"string"}}}}}`))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, body string
		want       []string // problems, in order; nil for valid
	}{
		{"valid", `{"channel":"C1","text":"hi","limit":3,"ratio":null,"mode":"a","tags":["x"],"meta":{"id":"1"},"extra":true}`, nil},
		{"empty", ``, []string{"the body is empty; it needs channel, text"}},
		{"missing", `{"channel":"C1"}`, []string{"body.text: required (string), missing"}},
		{"types", `{"channel":1,"text":"t","limit":1.5,"ratio":"x","tags":["x",2],"meta":{}}`, []string{
			"body.channel: should be string, is an integer",
			"body.limit: should be integer, is a number",
			"body.ratio: should be number or null, is a string",
			"body.tags[1]: should be string, is an integer",
			"body.meta.id: required (string), missing",
		}},
		{"enum", `{"channel":"C","text":"t","mode":"c"}`, []string{`body.mode: should be one of "a", "b"`}},
		{"placeholder", `{"channel":"<string>","text":"t"}`, []string{"body.channel: still holds the placeholder <string>"}},
		{"root type", `[1]`, []string{"body: should be object, is an array"}},
		{"syntax", "{\n \"channel\": \"C\",\n}", []string{"not valid JSON: invalid character '}' looking for beginning of object key string (line 3, column 2)"}},
		{"two values", `{} {}`, []string{"not valid JSON: more than one value"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateBody(s, []byte(tt.body))
			if tt.want == nil {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var be *BodyError
			if !errors.As(err, &be) {
				t.Fatalf("err = %v", err)
			}
			if !reflect.DeepEqual(be.Problems, tt.want) {
				t.Errorf("problems %q\nwant %q", be.Problems, tt.want)
			}
		})
	}
	if err := ValidateBody(nil, []byte(`{"any":1}`)); err != nil {
		t.Errorf("no schema: %v", err)
	}
	if err := ValidateBody(nil, []byte(`{`)); err == nil {
		t.Error("no schema, bad JSON passed")
	}
}

// TestRunActionRetries: a write is never retried after a dropped
// connection or a 5xx; a GET action is.
func TestRunActionRetries(t *testing.T) {
	for _, tt := range []struct {
		method    string
		wantCalls int32
	}{{"POST", 1}, {"GET", 2}} {
		t.Run(tt.method, func(t *testing.T) {
			var calls atomic.Int32
			client, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if calls.Add(1) == 1 {
					// Drop the connection without an answer.
					hj, ok := w.(http.Hijacker)
					if !ok {
						t.Fatal("no hijacker")
					}
					conn, _, _ := hj.Hijack()
					conn.Close()
					return
				}
				writeBody(w, 200, `{"ok":true}`)
			}))
			_, err := client.RunAction(context.Background(), "slack", "chat-postMessage", tt.method, ActionRequest{CredentialID: "c"})
			if got := calls.Load(); got != tt.wantCalls {
				t.Errorf("%d calls, want %d (err %v)", got, tt.wantCalls, err)
			}
			if tt.method == "POST" {
				var e *Error
				if !errors.As(err, &e) || e.Status != 0 {
					t.Errorf("err = %v", err)
				}
			} else if err != nil {
				t.Error(err)
			}
		})
	}
}

func TestRunActionAnswer(t *testing.T) {
	var seen executed
	client, _, _ := newTestClient(t, actionHandler(t, func(x executed) (int, any) {
		seen = x
		switch x.Action {
		case "fails":
			return 200, `{"success":false,"message":"nope"}`
		case "missing":
			return 400, `{"error":{"code":"INVALID_INPUT","message":"Missing required parameter: channel"}}`
		}
		return 200, `{"ok":true,"channels":[]}`
	}))
	raw, err := client.RunAction(context.Background(), "slack", "list", "GET", ActionRequest{CredentialID: "c"})
	if err != nil || string(raw) != `{"ok":true,"channels":[]}` {
		t.Fatalf("raw %s err %v", raw, err)
	}
	if _, ok := seen.Req.AdditionalHeaders["Notion-Version"]; ok {
		t.Error("Notion-Version sent to Slack")
	}
	if _, err := client.RunAction(context.Background(), "slack", "fails", "GET", ActionRequest{CredentialID: "c"}); !errors.Is(err, ErrReportedFailure) {
		t.Errorf("success:false: %v", err)
	}
	_, err = client.RunAction(context.Background(), "slack", "missing", "POST", ActionRequest{CredentialID: "c"})
	var e *Error
	if !errors.As(err, &e) || e.Status != 400 || !strings.Contains(e.Message, "channel") {
		t.Errorf("400: %v", err)
	}
	if _, err := client.RunAction(context.Background(), "notion", "retrieve-a-page", "GET", ActionRequest{CredentialID: "c"}); err != nil {
		t.Fatal(err)
	}
	if seen.Req.AdditionalHeaders["Notion-Version"] != DefaultNotionVersion {
		t.Errorf("Notion-Version not sent to Notion: %+v", seen.Req)
	}
}

func TestCallLog(t *testing.T) {
	client, _, _ := newTestClient(t, actionHandler(t, func(x executed) (int, any) {
		if x.Action == "bad" {
			return 409, `{"message":"exists"}`
		}
		return 200, `{"ok":true}`
	}))
	session, mine := NewCallLog(2), NewCallLog(0)
	ctx := WithCallLog(WithCallLog(context.Background(), session), mine)
	if CallLogFrom(ctx) != mine || CallLogFrom(context.Background()) != nil {
		t.Fatal("CallLogFrom")
	}
	for _, a := range []string{"one", "two", "bad"} {
		_, _ = client.RunAction(ctx, "slack", a, "POST", ActionRequest{CredentialID: "cred", RequestBody: json.RawMessage(`{"k":"` + testKey + `"}`)})
	}
	calls := session.Calls()
	if len(calls) != 2 || session.Total() != 3 || len(mine.Calls()) != 3 {
		t.Fatalf("kept %d of %d, mine %d", len(calls), session.Total(), len(mine.Calls()))
	}
	c := calls[0]
	if c.Action != "bad" || c.Connector != "slack" || c.Status != 409 || c.Method != "POST" || c.Attempt != 1 || calls[1].Action != "two" {
		t.Errorf("newest first: %+v", calls)
	}
	if string(c.Answer) != `{"message":"exists"}` {
		t.Errorf("answer kept: %s", c.Answer)
	}
	if strings.Contains(string(c.Request), testKey) || !strings.Contains(string(c.Request), `"credentialId":"cred"`) {
		t.Errorf("request kept: %s", c.Request)
	}
}
