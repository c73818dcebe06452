package demo

import (
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
)

// callbackRecorder stands in for the client's loopback listener.
type callbackRecorder struct {
	*httptest.Server
	mu      sync.Mutex
	queries []url.Values
}

func newCallbackRecorder(t *testing.T) *callbackRecorder {
	t.Helper()
	rec := &callbackRecorder{}
	rec.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec.mu.Lock()
		rec.queries = append(rec.queries, r.URL.Query())
		rec.mu.Unlock()
		_, _ = io.WriteString(w, "you can close this tab")
	}))
	t.Cleanup(rec.Close)
	return rec
}

func (rec *callbackRecorder) received() []url.Values {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return append([]url.Values(nil), rec.queries...)
}

// startOAuth posts the start of a flow and returns the oauthUrl.
func (s *testServer) startOAuth(t *testing.T, redirect string) *url.URL {
	t.Helper()
	m := mustOK(t, s.call(t, http.MethodPost, "/connectors/notion/credentials",
		map[string]any{"userId": s.opts.UserID, "authenticationType": "oauth2", "redirectUri": redirect}, nil))
	u, err := url.Parse(str(m["oauthUrl"]))
	if err != nil || !strings.HasPrefix(u.String(), s.ts.URL+"/oauth/authorize?") {
		t.Fatalf("oauthUrl %q", m["oauthUrl"])
	}
	return u
}

// visit GETs an absolute URL without following redirects.
func visit(t *testing.T, u, accept string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, u, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", accept)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

var decideLink = regexp.MustCompile(`href="(decide\?[^"]*)"`)

// consentInBrowser follows the consent page's Allow or Deny link and
// returns the query the browser would bring to the redirect URI.
func consentInBrowser(t *testing.T, oauthURL *url.URL, allow bool) url.Values {
	t.Helper()
	resp, page := visit(t, oauthURL.String(), "text/html,application/xhtml+xml,*/*;q=0.8")
	if resp.StatusCode != 200 || !strings.Contains(page, "alloy-tui demo</strong> wants to connect Notion") {
		t.Fatalf("consent page %d:\n%s", resp.StatusCode, page)
	}
	links := decideLink.FindAllStringSubmatch(page, -1)
	if len(links) != 2 {
		t.Fatalf("want Allow and Deny links, found %v", links)
	}
	link := links[1][1] // Deny
	if allow {
		link = links[0][1]
	}
	target, err := oauthURL.Parse(html.UnescapeString(link))
	if err != nil {
		t.Fatal(err)
	}
	resp, _ = visit(t, target.String(), "text/html")
	if resp.StatusCode != http.StatusFound {
		t.Fatalf("decide answered %d, want a redirect", resp.StatusCode)
	}
	loc, err := url.Parse(resp.Header.Get("Location"))
	if err != nil {
		t.Fatal(err)
	}
	return loc.Query()
}

func (s *testServer) notionCredentialIDs(t *testing.T) []string {
	t.Helper()
	return credentialIDs(mustOK(t, s.call(t, http.MethodGet, "/connectors/notion/credentials", nil, nil)), "credentials")
}

func TestOAuthConsent(t *testing.T) {
	type route int
	const (
		viaBrowser route = iota
		viaCurl
	)
	for _, mode := range []string{CallbackCredentialID, CallbackCode, CallbackNone} {
		for _, withState := range []bool{false, true} {
			for _, how := range []route{viaBrowser, viaCurl} {
				name := mode + map[bool]string{false: "/no-state", true: "/state"}[withState] + map[route]string{viaBrowser: "/browser", viaCurl: "/curl"}[how]
				t.Run(name, func(t *testing.T) {
					s := newTestServer(t, Options{CallbackMode: mode, OAuthState: withState})
					rec := newCallbackRecorder(t)
					before := s.notionCredentialIDs(t)
					oauthURL := s.startOAuth(t, rec.URL+"/oauth/callback?keep=1")
					wantState := oauthURL.Query().Get("state")
					if (wantState != "") != withState {
						t.Fatalf("state %q in oauthUrl, want one: %v", wantState, withState)
					}

					var q url.Values
					if how == viaBrowser {
						q = consentInBrowser(t, oauthURL, true)
					} else {
						resp, text := visit(t, oauthURL.String(), "*/*")
						if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/plain") ||
							!strings.Contains(text, "Approved") || strings.Count(text, "\n") != 1 {
							t.Fatalf("curl got %d %q", resp.StatusCode, text)
						}
						got := rec.received()
						if len(got) != 1 {
							t.Fatalf("the redirect URI was called %d times", len(got))
						}
						q = got[0]
					}
					if q.Get("keep") != "1" {
						t.Errorf("the redirect URI's own query was lost: %v", q)
					}
					if q.Get("state") != wantState {
						t.Errorf("state %q, want %q", q.Get("state"), wantState)
					}
					if q.Get("error") != "" {
						t.Fatalf("error %q", q.Get("error"))
					}

					after := s.notionCredentialIDs(t)
					if len(after) != len(before)+1 {
						t.Fatalf("connections %v then %v: want one more", before, after)
					}
					newID := after[len(after)-1]
					if !regexp.MustCompile(`^[0-9a-f]{24}$`).MatchString(newID) {
						t.Errorf("new credential id %q is not 24 hex", newID)
					}
					switch mode {
					case CallbackCredentialID:
						if q.Get("credentialId") != newID || q.Get("code") != "" {
							t.Errorf("callback %v, want credentialId=%s", q, newID)
						}
					case CallbackCode:
						if q.Get("credentialId") != "" || q.Get("code") == "" {
							t.Fatalf("callback %v, want a code only", q)
						}
						exchange := map[string]any{"code": q.Get("code"), "userId": DemoUserID}
						m := mustOK(t, s.call(t, http.MethodPost, "/connectors/notion/credentials/callback", exchange, nil))
						if m["credentialId"] != newID {
							t.Errorf("exchange gave %v, want %s", m, newID)
						}
						if r := s.call(t, http.MethodPost, "/connectors/notion/credentials/callback", exchange, nil); r.status != 400 {
							t.Errorf("a code worked twice: %d", r.status)
						}
					case CallbackNone:
						if q.Get("credentialId") != "" || q.Get("code") != "" {
							t.Errorf("callback %v, want nothing", q)
						}
					}
					// The new connection works.
					mustOK(t, s.exec(t, "post-search", map[string]any{"credentialId": newID}))
					// The link cannot be used twice.
					if resp, _ := visit(t, oauthURL.String(), "*/*"); resp.StatusCode != 400 {
						t.Errorf("a used link answered %d", resp.StatusCode)
					}
				})
			}
		}
	}
}

func TestOAuthHeadGivesNoConsent(t *testing.T) {
	s := newTestServer(t, Options{})
	rec := newCallbackRecorder(t)
	before := s.notionCredentialIDs(t)
	oauthURL := s.startOAuth(t, rec.URL+"/cb")
	for _, u := range []string{oauthURL.String(), strings.Replace(oauthURL.String(), "authorize?", "decide?allow=1&", 1)} {
		resp, err := http.Head(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if len(rec.received()) != 0 || len(s.notionCredentialIDs(t)) != len(before) {
		t.Fatal("a HEAD request gave consent")
	}
	// The link still works afterwards.
	if resp, _ := visit(t, oauthURL.String(), "*/*"); resp.StatusCode != 200 {
		t.Fatalf("after HEAD: %d", resp.StatusCode)
	}
}

func TestOAuthDeny(t *testing.T) {
	s := newTestServer(t, Options{OAuthState: true})
	before := s.notionCredentialIDs(t)
	oauthURL := s.startOAuth(t, "http://127.0.0.1:1/oauth/callback")
	q := consentInBrowser(t, oauthURL, false)
	if q.Get("error") != "access_denied" || q.Get("credentialId") != "" || q.Get("state") != oauthURL.Query().Get("state") {
		t.Fatalf("deny redirect %v", q)
	}
	if after := s.notionCredentialIDs(t); len(after) != len(before) {
		t.Fatalf("a denial made a connection: %v", after)
	}
}

func TestOAuthCurlRefusesRemoteRedirect(t *testing.T) {
	s := newTestServer(t, Options{})
	before := s.notionCredentialIDs(t)
	for _, redirect := range []string{"http://example.com/cb", "http://10.0.0.1:3000/cb", "http://localhost.example.com/cb"} {
		oauthURL := s.startOAuth(t, redirect)
		resp, text := visit(t, oauthURL.String(), "*/*")
		if resp.StatusCode != 400 || !strings.Contains(text, "Refused") {
			t.Errorf("%s: %d %q", redirect, resp.StatusCode, text)
		}
	}
	if after := s.notionCredentialIDs(t); len(after) != len(before) {
		t.Fatalf("a refused flow made a connection: %v", after)
	}
}

func TestOAuthCurlReportsDeadListener(t *testing.T) {
	s := newTestServer(t, Options{})
	dead := httptest.NewServer(http.NotFoundHandler())
	deadURL := dead.URL
	dead.Close()
	resp, text := visit(t, s.startOAuth(t, deadURL+"/cb").String(), "*/*")
	if resp.StatusCode != http.StatusBadGateway || !strings.Contains(text, "did not answer") {
		t.Fatalf("%d %q", resp.StatusCode, text)
	}
}

func TestOAuthCurlReportsRefusedCallback(t *testing.T) {
	s := newTestServer(t, Options{})
	refusing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		http.Error(w, "callback ignored", http.StatusForbidden)
	}))
	t.Cleanup(refusing.Close)
	resp, text := visit(t, s.startOAuth(t, refusing.URL+"/cb").String(), "*/*")
	if resp.StatusCode != http.StatusBadGateway || !strings.Contains(text, "refused the callback") ||
		!strings.Contains(text, "403") || strings.Contains(text, "is connected") {
		t.Fatalf("%d %q", resp.StatusCode, text)
	}
}

func TestOAuthStartValidation(t *testing.T) {
	tests := []struct {
		name   string
		path   string
		body   map[string]any
		status int
	}{
		{"no user", "/connectors/notion/credentials", map[string]any{"authenticationType": "oauth2", "redirectUri": "http://127.0.0.1:3000/cb"}, 400},
		{"other user", "/connectors/notion/credentials", map[string]any{"userId": "mallory", "authenticationType": "oauth2", "redirectUri": "http://127.0.0.1:3000/cb"}, 403},
		{"not oauth2", "/connectors/notion/credentials", map[string]any{"userId": DemoUserID, "authenticationType": "apiKey", "redirectUri": "http://127.0.0.1:3000/cb"}, 400},
		{"relative redirect", "/connectors/notion/credentials", map[string]any{"userId": DemoUserID, "authenticationType": "oauth2", "redirectUri": "/cb"}, 400},
		{"javascript redirect", "/connectors/notion/credentials", map[string]any{"userId": DemoUserID, "authenticationType": "oauth2", "redirectUri": "javascript:alert(1)"}, 400},
		{"unknown connector", "/connectors/nope/credentials", map[string]any{"userId": DemoUserID, "authenticationType": "oauth2", "redirectUri": "http://127.0.0.1:3000/cb"}, 404},
		{"slack works too", "/connectors/slack/credentials", map[string]any{"userId": DemoUserID, "authenticationType": "oauth2", "redirectUri": "http://127.0.0.1:3000/cb"}, 200},
	}
	s := newTestServer(t, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := s.call(t, http.MethodPost, tt.path, tt.body, nil)
			if r.status != tt.status {
				t.Fatalf("status %d, want %d: %s", r.status, tt.status, r.raw)
			}
			if tt.status != 200 && alloyErrorCode(r) == "" {
				t.Fatalf("error not in Alloy's shape: %s", r.raw)
			}
		})
	}
}

func TestConsentPageEscapes(t *testing.T) {
	s := newTestServer(t, Options{})
	oauthURL := s.startOAuth(t, `http://127.0.0.1:1/cb?x="><script>alert(1)</script>`)
	_, page := visit(t, oauthURL.String(), "text/html")
	if strings.Contains(page, "<script>") {
		t.Fatalf("the redirect URI reached the page unescaped:\n%s", page)
	}
	resp, page := visit(t, s.ts.URL+"/oauth/authorize?flow=<b>nope</b>", "text/html")
	if resp.StatusCode != 400 || strings.Contains(page, "<b>") {
		t.Fatalf("unknown flow: %d\n%s", resp.StatusCode, page)
	}
}
