package alloy

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/models"
)

func TestListConnectorsShapes(t *testing.T) {
	want := []models.Connector{{ID: "notion", Name: "Notion", Icon: "n.png", Category: "docs"}, {ID: "slack"}}
	items := `[{"id":"notion","name":"Notion","icon":"n.png","category":"docs"},{"connectorId":"slack"},{"name":"no id"}]`
	tests := []struct {
		name, body string
		want       []models.Connector
		wantErr    error
	}{
		{"connectors key", `{"connectors":` + items + `}`, want, nil},
		{"data key", `{"data":` + items + `}`, want, nil},
		{"bare array", items, want, nil},
		{"empty", `{"connectors":[]}`, []models.Connector{}, nil},
		{"other key", `{"results":` + items + `}`, nil, ErrUnexpectedResponse},
		{"data not a list", `{"data":{"id":"notion"}}`, nil, ErrUnexpectedResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodGet || r.URL.Path != "/connectors" {
					t.Errorf("%s %s", r.Method, r.URL.Path)
				}
				writeBody(w, 200, tt.body)
			}))
			got, err := c.ListConnectors(t.Context())
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			if tt.wantErr == nil && !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
			if tt.wantErr != nil && got != nil {
				t.Errorf("got a list %v with an error", got)
			}
		})
	}
}

func TestListConnectionsShapes(t *testing.T) {
	created := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	tests := []struct {
		name, body string
		wantIDs    []string
		wantErr    error
	}{
		{"reference shape", `{"credentials":[{"credentialId":"c1","name":"Work","type":"notion-oauth2","createdAt":"2025-01-02T03:04:05Z","updatedAt":"2025-01-02T03:04:05.5Z"}]}`, []string{"c1"}, nil},
		{"bare array with id", `[{"id":"c2","createdAt":1735787045000}]`, []string{"c2"}, nil},
		{"data with connectionId", `{"data":[{"connectionId":"c3","createdAt":"2025-01-02T03:04:05Z"},{"name":"no id"}]}`, []string{"c3"}, nil},
		{"null list", `{"credentials":null}`, nil, nil},
		{"unknown shape", `{"ok":true}`, nil, ErrUnexpectedResponse},
		{"not json", `oops`, nil, ErrMalformedResponse},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/connectors/notion/credentials" {
					t.Errorf("path %s", r.URL.Path)
				}
				writeBody(w, 200, tt.body)
			}))
			got, err := c.ListConnections(t.Context(), "notion")
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("error %v, want %v", err, tt.wantErr)
			}
			var ids []string
			for _, conn := range got {
				ids = append(ids, conn.ID)
				if conn.Connector != "notion" {
					t.Errorf("connection %s has connector %q", conn.ID, conn.Connector)
				}
				if !conn.CreatedAt.Equal(created) {
					t.Errorf("connection %s created %v, want %v", conn.ID, conn.CreatedAt, created)
				}
			}
			if !reflect.DeepEqual(ids, tt.wantIDs) {
				t.Errorf("ids %v, want %v", ids, tt.wantIDs)
			}
		})
	}
}

func TestListUserConnections(t *testing.T) {
	t.Run("user-wide list", func(t *testing.T) {
		c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/credentials/users/user-1" {
				t.Errorf("path %s", r.URL.Path)
			}
			writeBody(w, 200, `{"data":[{"credentialId":"a","type":"notion-oauth2"},{"credentialId":"b","type":"google-drive_oauth"},{"credentialId":"c","type":"x","connectorId":"slack"}]}`)
		}))
		got, err := c.ListUserConnections(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{"a": "notion", "b": "google-drive", "c": "slack"}
		if len(got) != len(want) {
			t.Fatalf("got %+v", got)
		}
		for _, conn := range got {
			if want[conn.ID] != conn.Connector {
				t.Errorf("%s: connector %q, want %q", conn.ID, conn.Connector, want[conn.ID])
			}
		}
	})
	t.Run("fallback per connector on 404", func(t *testing.T) {
		var paths []string
		var n counter
		c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n.inc()
			switch r.URL.Path {
			case "/credentials/users/user-1":
				writeBody(w, 404, `{"message":"Not Found"}`)
			case "/connectors":
				writeBody(w, 200, `{"connectors":[{"id":"notion"},{"id":"slack"},{"id":"gone"}]}`)
			case "/connectors/notion/credentials":
				writeBody(w, 200, `{"credentials":[{"credentialId":"n1"},{"credentialId":"n2"}]}`)
			case "/connectors/slack/credentials":
				writeBody(w, 200, `[{"id":"s1"}]`)
			case "/connectors/gone/credentials":
				writeBody(w, 404, `{"message":"no such connector"}`)
			default:
				paths = append(paths, r.URL.Path)
				writeBody(w, 500, `{}`)
			}
		}))
		got, err := c.ListUserConnections(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		var pairs []string
		for _, conn := range got {
			pairs = append(pairs, conn.Connector+"/"+conn.ID)
		}
		if want := []string{"notion/n1", "notion/n2", "slack/s1"}; !reflect.DeepEqual(pairs, want) {
			t.Errorf("got %v, want %v", pairs, want)
		}
		if n.get() != 5 || len(paths) != 0 {
			t.Errorf("%d requests, unexpected paths %v", n.get(), paths)
		}
	})
	t.Run("fallback fails on a real error", func(t *testing.T) {
		c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch r.URL.Path {
			case "/credentials/users/user-1":
				writeBody(w, 404, `{}`)
			case "/connectors":
				writeBody(w, 200, `[{"id":"notion"},{"id":"slack"}]`)
			case "/connectors/slack/credentials":
				writeBody(w, 403, `{"message":"forbidden"}`)
			default:
				writeBody(w, 200, `[]`)
			}
		}))
		_, err := c.ListUserConnections(t.Context())
		var e *Error
		if !errors.As(err, &e) || e.Status != 403 {
			t.Fatalf("got %v, want the 403", err)
		}
	})
	t.Run("no user id", func(t *testing.T) {
		c := New(Config{APIKey: testKey})
		if _, err := c.ListUserConnections(t.Context()); err == nil {
			t.Fatal("want an error without a user id")
		}
	})
}

func TestDeleteConnection(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		body    string
		wantErr error
		status0 int
	}{
		{"success", 200, `{"success":true}`, nil, 0},
		{"no content", 204, ``, nil, 0},
		{"success false", 200, `{"success":false,"message":"still in use"}`, ErrReportedFailure, 200},
		{"not found", 404, `{"message":"Credential not found"}`, nil, 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodDelete || r.URL.Path != "/users/user-1/credentials/cred-9" {
					t.Errorf("%s %s", r.Method, r.URL.Path)
				}
				writeBody(w, tt.status, tt.body)
			}))
			err := c.DeleteConnection(t.Context(), "cred-9")
			if tt.status0 == 0 {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Status != tt.status0 || (tt.wantErr != nil && !errors.Is(err, tt.wantErr)) {
				t.Fatalf("got %v", err)
			}
			if tt.wantErr != nil && e.Message != "still in use" {
				t.Errorf("message %q", e.Message)
			}
		})
	}
}

func TestStartOAuthAndExchange(t *testing.T) {
	var bodies []map[string]string
	c, _, _ := newTestClient(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			t.Error(err)
		}
		bodies = append(bodies, m)
		switch r.URL.Path {
		case "/connectors/notion/credentials":
			writeBody(w, 200, `{"oauthUrl":"https://alloy.example/oauth?state=s1","credentialId":"pre-1"}`)
		case "/connectors/notion/credentials/callback":
			writeBody(w, 200, `{"id":"new-1"}`)
		case "/connectors/other/credentials/callback":
			writeBody(w, 404, `{"message":"no exchange here"}`)
		default:
			writeBody(w, 200, `{"unexpected":true}`)
		}
	}))
	start, err := c.StartOAuth(t.Context(), "notion", "http://127.0.0.1:3000/oauth/callback")
	if err != nil {
		t.Fatal(err)
	}
	if start.OAuthURL != "https://alloy.example/oauth?state=s1" || start.CredentialID != "pre-1" {
		t.Errorf("got %+v", start)
	}
	if want := map[string]string{"userId": "user-1", "authenticationType": "oauth2", "redirectUri": "http://127.0.0.1:3000/oauth/callback"}; !reflect.DeepEqual(bodies[0], want) {
		t.Errorf("start body %v, want %v", bodies[0], want)
	}
	id, err := c.ExchangeCode(t.Context(), "notion", "code-1", "pre-1")
	if err != nil || id != "new-1" {
		t.Fatalf("got %q, %v", id, err)
	}
	if want := map[string]string{"code": "code-1", "userId": "user-1", "credentialId": "pre-1"}; !reflect.DeepEqual(bodies[1], want) {
		t.Errorf("exchange body %v, want %v", bodies[1], want)
	}
	_, err = c.ExchangeCode(t.Context(), "other", "code-1", "")
	var e *Error
	if !errors.As(err, &e) || e.Status != 404 {
		t.Errorf("got %v, want a 404 *Error", err)
	}
	if _, err := c.StartOAuth(t.Context(), "weird", "http://x"); !errors.Is(err, ErrUnexpectedResponse) {
		t.Errorf("an answer without oauthUrl: got %v", err)
	}
}

func TestConnectorFromType(t *testing.T) {
	for typ, want := range map[string]string{
		"notion-oauth2":      "notion",
		"notion":             "notion",
		"google-drive-oauth": "google-drive",
		"stripe_api_key":     "stripe",
		"hubspot-apikey":     "hubspot",
		"":                   "",
		"-oauth2":            "-oauth2",
	} {
		if got := connectorFromType(typ); got != want {
			t.Errorf("%q: got %q, want %q", typ, got, want)
		}
	}
}
