package oauth

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/models"
)

// visit is one request a test sends to the listener, as some browser or
// program would.
type visit struct {
	name    string
	query   url.Values
	headers http.Header
	// wantStatus and wantPage describe the answer.
	wantStatus int
	wantPage   []string
}

// crossSiteNavigation are the headers of the real return from Alloy's site:
// a top-level navigation that a redirect brought from another site.
func crossSiteNavigation() http.Header {
	return http.Header{
		"Sec-Fetch-Site": {"cross-site"},
		"Sec-Fetch-Mode": {"navigate"},
		"Sec-Fetch-Dest": {"document"},
		"Sec-Fetch-User": {"?1"},
	}
}

// send makes the visits in order against the listener, once it waits, and
// returns what each was shown. The visits run on their own goroutine, since
// the flow answers them while Progress is not running.
func send(t *testing.T, rec *recorder, api *fakeAPI, visits []visit) (pages func() []shown) {
	t.Helper()
	client := newBrowser().client
	var (
		wg  sync.WaitGroup
		out = make([]shown, len(visits))
	)
	wg.Add(1)
	prev := rec.on
	rec.on = func(e Event) {
		if prev != nil {
			prev(e)
		}
		if e.Step != StepWaiting {
			return
		}
		api.mu.Lock()
		uri := api.redirectURI
		api.mu.Unlock()
		go func() {
			defer wg.Done()
			for i, v := range visits {
				req, err := http.NewRequest(http.MethodGet, uri+"?"+v.query.Encode(), nil)
				if err != nil {
					out[i] = shown{err: err}
					continue
				}
				for k, vals := range v.headers {
					req.Header[k] = vals
				}
				resp, err := client.Do(req)
				if err != nil {
					out[i] = shown{err: err}
					continue
				}
				body, err := io.ReadAll(resp.Body)
				resp.Body.Close()
				out[i] = shown{status: resp.StatusCode, body: string(body), err: err}
			}
		}()
	}
	return func() []shown {
		wg.Wait()
		return out
	}
}

func TestRunIgnoresForgedCallbacks(t *testing.T) {
	t0 := time.Date(2025, 9, 1, 10, 0, 0, 0, time.UTC)
	const state = "the-state"
	good := func(extra ...string) url.Values {
		q := url.Values{"state": {state}, "credentialId": {"cred-new"}}
		for i := 0; i+1 < len(extra); i += 2 {
			q.Set(extra[i], extra[i+1])
		}
		return q
	}
	forged := []visit{
		{name: "wrong state",
			query:      url.Values{"state": {"forged"}, "credentialId": {"cred-evil"}},
			wantStatus: http.StatusBadRequest, wantPage: []string{"Callback ignored", "state does not match", "still waiting"}},
		{name: "no state",
			query:      url.Values{"credentialId": {"cred-evil"}},
			wantStatus: http.StatusBadRequest, wantPage: []string{"carries no state"}},
		{name: "a forged denial with markup",
			query: url.Values{"state": {"forged"}, "error": {"access_denied"},
				"error_description": {"<script>alert(1)</script>"}},
			wantStatus: http.StatusBadRequest, wantPage: []string{"Callback ignored"}},
		{name: "right state, fetched by another site as an image",
			query: good(),
			headers: http.Header{"Sec-Fetch-Site": {"cross-site"}, "Sec-Fetch-Mode": {"no-cors"},
				"Sec-Fetch-Dest": {"image"}},
			wantStatus: http.StatusForbidden, wantPage: []string{"another web site"}},
		{name: "right state, cross-site without a mode",
			query:      good(),
			headers:    http.Header{"Sec-Fetch-Site": {"Cross-Site"}},
			wantStatus: http.StatusForbidden},
		{name: "right state, cross-site navigation inside a frame",
			query: good(),
			headers: http.Header{"Sec-Fetch-Site": {"cross-site"}, "Sec-Fetch-Mode": {"navigate"},
				"Sec-Fetch-Dest": {"iframe"}},
			wantStatus: http.StatusForbidden},
		{name: "right state, Origin of another site",
			query:      good(),
			headers:    http.Header{"Origin": {"https://evil.example"}},
			wantStatus: http.StatusForbidden, wantPage: []string{"another web page"}},
		{name: "right state, Origin null",
			query:      good(),
			headers:    http.Header{"Origin": {"null"}},
			wantStatus: http.StatusForbidden},
		{name: "right state, Origin of the listener on another port",
			query:      good(),
			headers:    http.Header{"Origin": {"http://127.0.0.1:1"}},
			wantStatus: http.StatusForbidden},
	}
	real := visit{name: "the real return", query: good(), headers: crossSiteNavigation(),
		wantStatus: http.StatusOK, wantPage: []string{"Connected"}}

	api := &fakeAPI{
		oauthURL: authorizeURL("https://alloy.example", state),
		lists:    [][]models.Connection{{conn("cred-old", t0)}, {conn("cred-old", t0), conn("cred-new", t0.Add(time.Hour))}},
	}
	rec := &recorder{t: t}
	visits := append(append([]visit{}, forged...), real)
	pages := send(t, rec, api, visits)
	got, err := run(context.Background(), api, Options{Connector: "notion", Progress: rec.progress}, testHooks())
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got.ID != "cred-new" {
		t.Errorf("connection %q, want cred-new", got.ID)
	}
	for i, p := range pages() {
		v := visits[i]
		if p.err != nil {
			t.Errorf("%s: %v", v.name, p.err)
			continue
		}
		if p.status != v.wantStatus {
			t.Errorf("%s: status %d, want %d", v.name, p.status, v.wantStatus)
		}
		for _, w := range v.wantPage {
			if !strings.Contains(p.body, w) {
				t.Errorf("%s: page lacks %q:\n%s", v.name, w, p.body)
			}
		}
		mustNotContain(t, p.body, "<script>", "cred-evil", "cred-new", state, "access_denied")
	}

	// Each ignored callback was reported with the count so far; every
	// later event carries the total.
	n := 0
	for _, e := range rec.events {
		if e.Step == StepCallbackIgnored {
			n++
			if !strings.HasPrefix(e.Message, "Ignored ") || !strings.Contains(e.Message, "still waiting") {
				t.Errorf("ignored event message %q", e.Message)
			}
		}
		if e.Ignored != n {
			t.Errorf("event %v: Ignored %d, want %d", e.Step, e.Ignored, n)
		}
	}
	if n != len(forged) {
		t.Errorf("%d StepCallbackIgnored events, want %d", n, len(forged))
	}
	last := rec.events[len(rec.events)-1]
	if last.Step != StepDone || last.Ignored != len(forged) {
		t.Errorf("last event %+v, want StepDone counting %d ignored", last, len(forged))
	}
	// The listener stopped with the flow.
	assertClosed(t, rec.addr())
}

func TestRunOneCallbackOnly(t *testing.T) {
	// Once the real callback is taken, a later one (even a valid one) is
	// told so while the flow works, and the listener is gone afterwards.
	t0 := time.Date(2025, 9, 1, 10, 0, 0, 0, time.UTC)
	api := &fakeAPI{
		oauthURL: authorizeURL("https://alloy.example", "st"),
		lists:    [][]models.Connection{{}, {}, {conn("cred-a", t0)}},
	}
	rec := &recorder{t: t}
	pages := send(t, rec, api, []visit{
		{name: "real", query: url.Values{"state": {"st"}}},
	})
	var late shown
	api.onList = func(call int) {
		if call == 1 { // the flow is looking for the connection
			api.mu.Lock()
			uri := api.redirectURI
			api.mu.Unlock()
			late = newBrowser().get(uri + "?state=st&credentialId=cred-b")
		}
	}
	got, err := run(context.Background(), api, Options{Connector: "notion", Progress: rec.progress,
		PollInterval: time.Millisecond}, testHooks())
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "cred-a" {
		t.Errorf("connection %q, want cred-a", got.ID)
	}
	if p := pages()[0]; p.status != http.StatusOK || !strings.Contains(p.body, "Connected") {
		t.Errorf("real callback: %d\n%s", p.status, p.body)
	}
	if late.status != http.StatusOK || !strings.Contains(late.body, "already") {
		t.Errorf("late callback: %d %v\n%s", late.status, late.err, late.body)
	}
	for _, e := range rec.events {
		if e.Step == StepCallbackIgnored || e.Ignored != 0 {
			t.Errorf("the late callback was counted as forged: %+v", e)
		}
	}
	assertClosed(t, rec.addr())
}

func TestRunTimeoutCountsForgeries(t *testing.T) {
	fire := make(chan time.Time)
	h := testHooks()
	h.after = func(time.Duration) <-chan time.Time { return fire }
	api := &fakeAPI{oauthURL: authorizeURL("https://alloy.example", "st")}
	rec := &recorder{t: t, on: func(e Event) {
		if e.Step == StepCallbackIgnored && e.Ignored == 2 {
			close(fire)
		}
	}}
	pages := send(t, rec, api, []visit{
		{name: "one", query: url.Values{"state": {"x"}}},
		{name: "two", query: url.Values{"state": {"y"}}},
	})
	_, err := run(context.Background(), api, Options{Connector: "notion", Progress: rec.progress}, h)
	if !errors.Is(err, ErrTimeout) || !strings.Contains(err.Error(), "ignored 2 forged callbacks") {
		t.Fatalf("error %v, want ErrTimeout counting 2 forged callbacks", err)
	}
	if !strings.Contains(Explain(err), "ignored 2 forged callbacks") {
		t.Errorf("Explain = %q", Explain(err))
	}
	for _, p := range pages() {
		if p.err != nil || p.status != http.StatusBadRequest {
			t.Errorf("forged callback answered %d %v", p.status, p.err)
		}
	}
	assertClosed(t, rec.addr())
}

// TestRunFindSpacing checks that the listings that look for the new
// connection are spaced by the poll interval, about ten seconds in all,
// on an injected clock.
func TestRunFindSpacing(t *testing.T) {
	var (
		mu    sync.Mutex
		waits []time.Duration
	)
	h := testHooks()
	h.after = func(d time.Duration) <-chan time.Time {
		if d == DefaultTimeout {
			return nil // the callback wait never times out here
		}
		mu.Lock()
		waits = append(waits, d)
		mu.Unlock()
		c := make(chan time.Time, 1)
		c <- time.Time{}
		return c
	}
	api := &fakeAPI{oauthURL: authorizeURL("https://alloy.example", ""),
		lists: [][]models.Connection{{conn("cred-old", time.Time{})}}}
	rec := &recorder{t: t}
	pages := send(t, rec, api, []visit{{name: "claims an unknown id", query: url.Values{"credentialId": {"cred-evil"}}}})
	_, err := run(context.Background(), api, Options{Connector: "notion", ConnectorName: "Notion", Progress: rec.progress}, h)
	if !errors.Is(err, ErrNotFound) || !strings.Contains(err.Error(), "connections of Notion") {
		t.Fatalf("error %v, want ErrNotFound naming Notion", err)
	}
	pages()
	mu.Lock()
	defer mu.Unlock()
	var total time.Duration
	for _, d := range waits {
		if d != DefaultPollInterval {
			t.Errorf("waited %v between listings, want %v", d, DefaultPollInterval)
		}
		total += d
	}
	if len(waits) != FindAttempts-1 || total < 8*time.Second || total > 12*time.Second {
		t.Errorf("%d waits, %v in all; want %d over about 10s", len(waits), total, FindAttempts-1)
	}
	if api.calls() != 1+FindAttempts {
		t.Errorf("%d listings, want %d", api.calls(), 1+FindAttempts)
	}
}

func TestCrossSite(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	own := "http://" + ln.Addr().String()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	s := &callbackServer{origins: ownOrigins("http://localhost:"+port+"/cb", ln.Addr())}
	tests := []struct {
		name    string
		headers http.Header
		refused bool
	}{
		{"no headers (curl, an old browser)", nil, false},
		{"typed in the address bar", http.Header{"Sec-Fetch-Site": {"none"}, "Sec-Fetch-Mode": {"navigate"}}, false},
		{"same-site redirect (the demo)", http.Header{"Sec-Fetch-Site": {"same-site"}, "Sec-Fetch-Mode": {"navigate"}}, false},
		{"cross-site top-level navigation (Alloy's redirect)", crossSiteNavigation(), false},
		{"cross-site navigation without Dest (older browsers)", http.Header{"Sec-Fetch-Site": {"cross-site"}, "Sec-Fetch-Mode": {"navigate"}}, false},
		{"own origin", http.Header{"Origin": {own}}, false},
		{"own origin by the redirect URI's name", http.Header{"Origin": {"http://LOCALHOST:" + port}}, false},
		{"cross-site fetch", http.Header{"Sec-Fetch-Site": {"cross-site"}, "Sec-Fetch-Mode": {"cors"}, "Sec-Fetch-Dest": {"empty"}}, true},
		{"cross-site image", http.Header{"Sec-Fetch-Site": {"cross-site"}, "Sec-Fetch-Mode": {"no-cors"}, "Sec-Fetch-Dest": {"image"}}, true},
		{"cross-site frame", http.Header{"Sec-Fetch-Site": {"cross-site"}, "Sec-Fetch-Mode": {"navigate"}, "Sec-Fetch-Dest": {"iframe"}}, true},
		{"cross-site, nothing else", http.Header{"Sec-Fetch-Site": {"cross-site"}}, true},
		{"same-site image (a page on another local port)", http.Header{"Sec-Fetch-Site": {"same-site"}, "Sec-Fetch-Mode": {"no-cors"}, "Sec-Fetch-Dest": {"image"}}, true},
		{"same-origin fetch", http.Header{"Sec-Fetch-Site": {"same-origin"}, "Sec-Fetch-Mode": {"cors"}}, true},
		{"a frame, no site", http.Header{"Sec-Fetch-Dest": {"iframe"}}, true},
		{"foreign origin", http.Header{"Origin": {"https://evil.example"}}, true},
		{"foreign origin on a navigation", http.Header{"Origin": {"https://evil.example"}, "Sec-Fetch-Site": {"cross-site"},
			"Sec-Fetch-Mode": {"navigate"}, "Sec-Fetch-Dest": {"document"}}, true},
		{"origin null", http.Header{"Origin": {"null"}}, true},
		{"empty origin", http.Header{"Origin": {""}}, true},
		{"two origins", http.Header{"Origin": {own, "https://evil.example"}}, true},
		{"another loopback port", http.Header{"Origin": {"http://127.0.0.1:1"}}, true},
		{"https on our host", http.Header{"Origin": {"https://" + ln.Addr().String()}}, true},
	}
	for _, tt := range tests {
		r, _ := http.NewRequest(http.MethodGet, own+"/cb", nil)
		for k, v := range tt.headers {
			r.Header[k] = v
		}
		why := s.crossSite(r)
		if (why != "") != tt.refused {
			t.Errorf("%s: crossSite = %q, want refused %v", tt.name, why, tt.refused)
		}
	}
}

// TestPagesEscape checks that every value a page echoes is HTML-escaped.
func TestPagesEscape(t *testing.T) {
	const evil = `<img src=x onerror=alert(1)>"&'`
	for _, p := range []page{connectedPage(evil), deniedPage(evil), ignoredPage(http.StatusBadRequest, evil)} {
		w := httptest.NewRecorder()
		writePage(w, p)
		body := w.Body.String()
		mustNotContain(t, body, "<img", `"&'`)
		if !strings.Contains(body, "&lt;img src=x onerror=alert(1)&gt;") {
			t.Errorf("page does not show the escaped value:\n%s", body)
		}
		if csp := w.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
			t.Errorf("Content-Security-Policy %q", csp)
		}
	}
}
