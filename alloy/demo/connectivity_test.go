package demo

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAuthAndHeaders(t *testing.T) {
	const sentKey = "sk_live_do-not-echo-me"
	tests := []struct {
		name     string
		edit     func(*http.Request)
		status   int
		wantCode string
	}{
		{"no authorization", func(r *http.Request) { r.Header.Del("Authorization") }, 401, "UNAUTHORIZED"},
		{"wrong key", func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+sentKey) }, 401, "UNAUTHORIZED"},
		{"not bearer", func(r *http.Request) { r.Header.Set("Authorization", "Basic "+sentKey) }, 401, "UNAUTHORIZED"},
		{"key without scheme", func(r *http.Request) { r.Header.Set("Authorization", DemoAPIKey) }, 401, "UNAUTHORIZED"},
		{"no api version", func(r *http.Request) { r.Header.Del("x-api-version") }, 400, "INVALID_INPUT"},
		{"no user on a user route", func(r *http.Request) { r.Header.Del("x-alloy-userid") }, 400, "INVALID_INPUT"},
		{"someone else", func(r *http.Request) { r.Header.Set("x-alloy-userid", "mallory") }, 403, "FORBIDDEN"},
		{"all good", nil, 200, ""},
	}
	s := newTestServer(t, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.call(t, http.MethodGet, "/connectors/notion/credentials", nil, tt.edit)
			if r.status != tt.status || alloyErrorCode(r) != tt.wantCode {
				t.Fatalf("status %d code %q, want %d %q: %s", r.status, alloyErrorCode(r), tt.status, tt.wantCode, r.raw)
			}
			if strings.Contains(string(r.raw), sentKey) || strings.Contains(string(r.raw), DemoAPIKey) {
				t.Fatalf("the answer echoes a key: %s", r.raw)
			}
		})
	}
}

func TestCustomKeyAndUser(t *testing.T) {
	s := newTestServer(t, Options{APIKey: "other-key", UserID: "someone"})
	mustOK(t, s.call(t, http.MethodGet, "/credentials/users/someone", nil, nil))
	r := s.call(t, http.MethodGet, "/connectors", nil, func(r *http.Request) { r.Header.Set("Authorization", "Bearer "+DemoAPIKey) })
	if r.status != http.StatusUnauthorized {
		t.Fatalf("the demo key works on a server with another key: %d", r.status)
	}
}

func TestConnectors(t *testing.T) {
	s := newTestServer(t, Options{})
	m := mustOK(t, s.call(t, http.MethodGet, "/connectors", nil, nil))
	list, _ := m["connectors"].([]any)
	if len(list) < 4 || str(getPath(list[0], "id")) != "notion" {
		t.Fatalf("connectors %v: want notion first and at least 4", list)
	}
	for _, c := range list {
		if str(getPath(c, "name")) == "" || str(getPath(c, "category")) == "" {
			t.Errorf("connector without name or category: %v", c)
		}
	}
}

// credentialIDs lists the ids in a credentials answer under key.
func credentialIDs(m map[string]any, key string) []string {
	list, _ := m[key].([]any)
	var ids []string
	for _, c := range list {
		ids = append(ids, str(getPath(c, "credentialId")))
	}
	return ids
}

func TestCredentialLists(t *testing.T) {
	tests := []struct {
		name          string
		opts          Options
		path          string
		status        int
		key           string
		want, notWant []string
	}{
		{"notion", Options{}, "/connectors/notion/credentials", 200, "credentials", []string{DemoCredentialID}, []string{DemoSlackCredentialID}},
		{"slack", Options{}, "/connectors/slack/credentials", 200, "credentials", []string{DemoSlackCredentialID}, []string{DemoCredentialID}},
		{"github has none", Options{}, "/connectors/github/credentials", 200, "credentials", nil, []string{DemoCredentialID}},
		{"unknown connector", Options{}, "/connectors/nope/credentials", 404, "", nil, nil},
		{"without notion", Options{NoNotionConnection: true}, "/connectors/notion/credentials", 200, "credentials", nil, []string{DemoCredentialID}},
		{"all of the user", Options{}, "/credentials/users/" + DemoUserID, 200, "data", []string{DemoCredentialID, DemoSlackCredentialID}, nil},
		{"another user", Options{}, "/credentials/users/mallory", 404, "", nil, nil},
		{"user listing switched off", Options{UserCredentialsNotFound: true}, "/credentials/users/" + DemoUserID, 404, "", nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newTestServer(t, tt.opts)
			r := s.call(t, http.MethodGet, tt.path, nil, nil)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.raw)
			}
			if tt.status != 200 {
				if alloyErrorCode(r) == "" {
					t.Fatalf("error not in Alloy's shape: %s", r.raw)
				}
				return
			}
			if _, ok := r.json[tt.key].([]any); !ok {
				t.Fatalf("no %q list in %s", tt.key, r.raw)
			}
			ids := strings.Join(credentialIDs(r.json, tt.key), ",")
			for _, w := range tt.want {
				if !strings.Contains(ids, w) {
					t.Errorf("%s missing from %s", w, ids)
				}
			}
			for _, w := range tt.notWant {
				if strings.Contains(ids, w) {
					t.Errorf("%s should not be in %s", w, ids)
				}
			}
			list, _ := r.json[tt.key].([]any)
			for _, c := range list {
				for _, field := range []string{"credentialId", "name", "type", "createdAt", "updatedAt"} {
					if str(getPath(c, field)) == "" {
						t.Errorf("credential without %s: %v", field, c)
					}
				}
			}
		})
	}
}

func TestDeleteCredential(t *testing.T) {
	s := newTestServer(t, Options{})
	path := "/users/" + DemoUserID + "/credentials/" + DemoCredentialID
	m := mustOK(t, s.call(t, http.MethodDelete, path, nil, nil))
	if m["success"] != true {
		t.Fatalf("answer %v", m)
	}
	if r := s.call(t, http.MethodDelete, path, nil, nil); r.status != 404 {
		t.Fatalf("second delete: %d", r.status)
	}
	left := mustOK(t, s.call(t, http.MethodGet, "/connectors/notion/credentials", nil, nil))
	if ids := credentialIDs(left, "credentials"); len(ids) != 0 {
		t.Fatalf("still listed: %v", ids)
	}
	if r := s.exec(t, "post-search", nil); r.status != 400 {
		t.Fatalf("a deleted connection still executes: %d", r.status)
	}
}

func TestFaults(t *testing.T) {
	s := newTestServer(t, Options{})
	s.Inject(Fault{Action: "post-search", Status: 429, RetryAfter: "2", Count: 2})
	s.Inject(Fault{Method: "GET", PathContains: "/connectors", Status: 503})
	s.Inject(Fault{PathContains: "/credentials/users/", Status: 502, Body: "<html><body>Bad gateway</body></html>"})

	for i := 0; i < 2; i++ {
		r := s.exec(t, "post-search", nil)
		if r.status != 429 || r.header.Get("Retry-After") != "2" {
			t.Fatalf("try %d: status %d Retry-After %q", i, r.status, r.header.Get("Retry-After"))
		}
		if r.json["object"] != "error" || r.json["code"] != "rate_limited" || r.json["status"] != float64(429) {
			t.Fatalf("try %d: not Notion's rate limit error: %s", i, r.raw)
		}
	}
	mustOK(t, s.exec(t, "post-search", nil))
	// The action fault must not have touched other actions.
	id, _ := s.PageID("Glossary")
	mustOK(t, s.exec(t, "retrieve-a-page", map[string]any{"pathParams": map[string]any{"page_id": id}}))

	r := s.call(t, http.MethodGet, "/connectors", nil, nil)
	if r.status != 503 || alloyErrorCode(r) == "" || r.header.Get("Retry-After") != "" {
		t.Fatalf("connectors fault: %d %s", r.status, r.raw)
	}
	mustOK(t, s.call(t, http.MethodGet, "/connectors", nil, nil))

	r = s.call(t, http.MethodGet, "/credentials/users/"+DemoUserID, nil, nil)
	if r.status != 502 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") || !strings.Contains(string(r.raw), "Bad gateway") {
		t.Fatalf("custom body fault: %d %q %s", r.status, r.header.Get("Content-Type"), r.raw)
	}
	if got := s.Stats().Faults; got != 4 {
		t.Fatalf("Stats().Faults = %d, want 4", got)
	}
}

func TestPrefixMount(t *testing.T) {
	s := New(Options{})
	ts := httptest.NewServer(http.StripPrefix("/prefix", s.Handler()))
	defer ts.Close()
	wrapped := &testServer{Server: s, ts: httptest.NewUnstartedServer(nil)}
	wrapped.ts.URL = ts.URL + "/prefix"
	m := mustOK(t, wrapped.call(t, http.MethodPost, "/connectors/notion/credentials",
		map[string]any{"userId": DemoUserID, "authenticationType": "oauth2", "redirectUri": "http://127.0.0.1:9/cb"}, nil))
	if u := str(m["oauthUrl"]); !strings.HasPrefix(u, ts.URL+"/prefix/oauth/authorize?") {
		t.Fatalf("oauthUrl %q lost the prefix", u)
	}
}

func TestLatencyEndsOnCloseAndCountsInFlight(t *testing.T) {
	s := New(Options{Latency: time.Hour})
	base, err := s.Start()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(base, "http://127.0.0.1:") || s.URL() != base {
		t.Fatalf("base %q, URL %q", base, s.URL())
	}
	const n = 3
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/connectors", nil)
			resp, err := http.DefaultClient.Do(req)
			if err == nil {
				resp.Body.Close()
			}
			errs <- err
		}()
	}
	// Wait until every request is inside the server, held by the latency.
	for s.Stats().MaxInFlight < n {
		if ctx.Err() != nil {
			t.Fatalf("only %d requests in flight", s.Stats().MaxInFlight)
		}
		time.Sleep(time.Millisecond)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if errors.Is(err, context.DeadlineExceeded) {
			t.Fatal("a request waited out its deadline: Close did not end the latency")
		}
	}
	if st := s.Stats(); st.Requests != n || st.MaxInFlight != n {
		t.Fatalf("stats %+v", st)
	}
}

func TestResourcesAndActionSchema(t *testing.T) {
	s := newTestServer(t, Options{ActionIDs: ActionIDsAliases})
	m := mustOK(t, s.call(t, http.MethodGet, "/connectors/notion/resources", nil, nil))
	if !strings.Contains(string(s.call(t, http.MethodGet, "/connectors/notion/resources", nil, nil).raw), `"get-page"`) || m["resources"] == nil {
		t.Fatalf("resources lack get-page: %v", m)
	}
	m = mustOK(t, s.call(t, http.MethodGet, "/connectors/notion/actions/get-page", nil, nil))
	action, _ := m["action"].(map[string]any)
	if action["httpMethod"] != "GET" || !strings.Contains(str(action["path"]), "{page_id}") {
		t.Fatalf("schema %v", m)
	}
	if r := s.call(t, http.MethodGet, "/connectors/notion/actions/retrieve-a-page", nil, nil); r.status != 404 {
		t.Fatalf("first-choice id exists in aliases mode: %d", r.status)
	}
}
