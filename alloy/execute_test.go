package alloy

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"sync"
	"testing"
)

func TestExecuteUnwrap(t *testing.T) {
	page := `{"object":"page","id":"p1"}`
	tests := []struct {
		name, body string
		status     int
		want       string // the unwrapped JSON
		wantErr    error
		wantStatus int
		wantInErr  string
	}{
		{"raw notion object", page, 200, page, nil, 0, ""},
		{"raw list", `{"object":"list","results":[]}`, 200, `{"object":"list","results":[]}`, nil, 0, ""},
		{"result", `{"result":` + page + `}`, 200, page, nil, 0, ""},
		{"responseData", `{"responseData":` + page + `,"meta":1}`, 200, page, nil, 0, ""},
		{"data", `{"success":true,"data":` + page + `}`, 200, page, nil, 0, ""},
		{"result wins over data", `{"data":{"object":"x"},"result":` + page + `}`, 201, page, nil, 0, ""},
		{"data holding an array", `{"data":[1,2]}`, 200, "", ErrUnexpectedResponse, 200, "post-search"},
		{"result holding a string", `{"result":"ok"}`, 200, "", ErrUnexpectedResponse, 200, "unexpected response shape"},
		{"array", `[]`, 200, "", ErrUnexpectedResponse, 200, "post-search"},
		{"success false", `{"success":false,"error":{"code":"E1","message":"credential expired"}}`, 200, "", ErrReportedFailure, 200, "credential expired"},
		{"success false inside", `{"data":{"success":false,"message":"nope"}}`, 200, "", ErrReportedFailure, 200, "nope"},
		{"notion error in a 200", `{"responseData":{"object":"error","status":400,"code":"validation_error","message":"bad id"}}`, 200, "", nil, 400, "validation_error"},
		{"malformed", `{"object":`, 200, "", ErrMalformedResponse, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var seen executed
			c, _, _ := newTestClient(t, actionHandler(t, func(x executed) (int, any) {
				seen = x
				return tt.status, tt.body
			}))
			req := ActionRequest{CredentialID: "cred-1", RequestBody: map[string]any{"query": "q"},
				QueryParameters: map[string]string{"a": "b"}, PathParams: map[string]string{"page_id": "p"},
				AdditionalHeaders: map[string]string{"Notion-Version": "v"}}
			got, err := c.Execute(t.Context(), "notion", "post-search", req)
			if seen.Connector != "notion" || seen.Action != "post-search" || seen.Req.CredentialID != "cred-1" ||
				!reflect.DeepEqual(seen.Req.PathParams, req.PathParams) || !reflect.DeepEqual(seen.Req.QueryParameters, req.QueryParameters) ||
				!reflect.DeepEqual(seen.Req.AdditionalHeaders, req.AdditionalHeaders) {
				t.Errorf("server saw %+v", seen)
			}
			if tt.wantStatus == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if string(got) != tt.want {
					t.Errorf("got %s, want %s", got, tt.want)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Status != tt.wantStatus || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Fatalf("got %v (%#v), want status %d and %v", err, err, tt.wantStatus, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.wantInErr) || !strings.Contains(err.Error(), "execute notion/post-search") {
				t.Errorf("error %q lacks %q", err, tt.wantInErr)
			}
		})
	}
}

func TestExecuteOmitsEmptyParts(t *testing.T) {
	var raw map[string]json.RawMessage
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = json.NewDecoder(r.Body).Decode(&raw)
		writeBody(w, 200, `{"object":"page","id":"p"}`)
	}))
	if _, err := c.Execute(t.Context(), "notion", "retrieve-a-page", ActionRequest{CredentialID: "c"}); err != nil {
		t.Fatal(err)
	}
	if len(raw) != 1 || string(raw["credentialId"]) != `"c"` {
		t.Errorf("body %v, want only credentialId", raw)
	}
}

// aliasServer answers 404 "action not found" for the actions in missing,
// and a page otherwise, recording which actions were asked.
type aliasServer struct {
	mu      sync.Mutex
	asked   []string
	missing map[string]bool
	answer  func(x executed) (int, any)
}

func (s *aliasServer) handler(t *testing.T) http.HandlerFunc {
	return actionHandler(t, func(x executed) (int, any) {
		s.mu.Lock()
		s.asked = append(s.asked, x.Action)
		s.mu.Unlock()
		if s.missing[x.Action] {
			return 404, `{"error":{"code":"NOT_FOUND","message":"Action not found"}}`
		}
		return s.answer(x)
	})
}

func TestAliasFallthroughIsRemembered(t *testing.T) {
	s := &aliasServer{missing: map[string]bool{"retrieve-a-page": true}, answer: func(x executed) (int, any) {
		if x.Req.PathParams["page_id"] != "p1" || x.Req.AdditionalHeaders["Notion-Version"] != DefaultNotionVersion {
			t.Errorf("request %+v", x.Req)
		}
		return 200, `{"object":"page","id":"p1","properties":{"Name":{"id":"title","type":"title","title":[{"type":"text","plain_text":"Hello"}]}}}`
	}}
	c, _, _ := newTestClient(t, s.handler(t))
	n := c.Notion("cred-1")
	for range 2 {
		p, err := n.RetrievePage(t.Context(), "p1")
		if err != nil {
			t.Fatal(err)
		}
		if p.Title != "Hello" || p.TitleProperty != "Name" {
			t.Errorf("page %+v", p)
		}
	}
	// Another Notion value of the same client shares the memory.
	if _, err := c.Notion("cred-2").RetrievePage(t.Context(), "p1"); err != nil {
		t.Fatal(err)
	}
	if want := []string{"retrieve-a-page", "get-page", "get-page", "get-page"}; !reflect.DeepEqual(s.asked, want) {
		t.Errorf("asked %v, want %v", s.asked, want)
	}
}

func TestAllAliasesMissing(t *testing.T) {
	s := &aliasServer{missing: map[string]bool{"post-database-query": true, "query-database": true}}
	c, _, _ := newTestClient(t, s.handler(t), func(cfg *Config) { cfg.NotionVersion = "2022-06-28" })
	_, err := c.Notion("c").QueryDatabase(t.Context(), "db", DatabaseQuery{})
	var e *Error
	if !errors.As(err, &e) || e.Status != 404 {
		t.Fatalf("got %v", err)
	}
	if len(s.asked) != 2 {
		t.Errorf("asked %v, want both aliases", s.asked)
	}
}

func TestObjectNotFoundDoesNotTryAliases(t *testing.T) {
	tests := []struct{ name, body string }{
		{"notion body", `{"object":"error","status":404,"code":"object_not_found","message":"Could not find page with ID: p1. Make sure the relevant pages and databases are shared with your integration.","request_id":"r1"}`},
		{"wrapped by alloy", `{"error":{"code":"object_not_found","message":"Could not find page"}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := &aliasServer{answer: func(executed) (int, any) { return 404, tt.body }}
			c, _, _ := newTestClient(t, s.handler(t))
			_, err := c.Notion("cred").RetrievePage(t.Context(), "p1")
			var e *Error
			if !errors.As(err, &e) || e.Status != 404 || e.Code != "object_not_found" {
				t.Fatalf("got %v", err)
			}
			if !reflect.DeepEqual(s.asked, []string{"retrieve-a-page"}) {
				t.Errorf("asked %v, want only the first choice", s.asked)
			}
			if !strings.Contains(e.Explain(), "not shared with the integration") {
				t.Errorf("Explain() = %q", e.Explain())
			}
		})
	}
}

func TestIsReadAction(t *testing.T) {
	for action, want := range map[string]bool{"post-search": true, "get-block-children": true, "patch-page": false, "post-page": false, "anything": false} {
		if IsReadAction(action) != want {
			t.Errorf("%s: %v", action, !want)
		}
	}
}
