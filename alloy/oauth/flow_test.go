package oauth

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
)

func TestRunCallbacks(t *testing.T) {
	t0 := time.Date(2025, 9, 1, 10, 0, 0, 0, time.UTC)
	old := conn("cred-old", t0)
	fresh := conn("cred-new", t0.Add(time.Hour))
	fresher := conn("cred-newer", t0.Add(2*time.Hour))

	tests := []struct {
		name     string
		state    string // in the OAuth URL; "" for none
		callback func(state string) url.Values
		api      fakeAPI

		wantID       string
		wantName     string
		wantErr      error // errors.Is
		wantErrText  string
		wantStatus   int
		wantPage     []string
		notPage      []string
		wantSteps    []Step // must appear, in this order
		wantExchange []string
		wantLists    int // ListConnections calls, when non-zero
	}{
		{
			name:  "credentialId in the callback",
			state: "s-1",
			callback: func(s string) url.Values {
				return url.Values{"state": {s}, "credentialId": {"cred-new"}}
			},
			api:        fakeAPI{lists: [][]models.Connection{{old}, {old, fresh}}},
			wantID:     "cred-new",
			wantName:   "name of cred-new",
			wantStatus: http.StatusOK,
			wantPage:   []string{"Connected", "close this tab"},
			wantSteps:  []Step{StepListening, StepURLReady, StepBrowserOpened, StepWaiting, StepCallbackReceived, StepDone},
			wantLists:  2,
		},
		{
			name: "connectionId in the callback, no state anywhere",
			callback: func(string) url.Values {
				return url.Values{"connectionId": {"cred-new"}}
			},
			api:        fakeAPI{lists: [][]models.Connection{{old}, {old, fresh}}},
			wantID:     "cred-new",
			wantName:   "name of cred-new",
			wantStatus: http.StatusOK,
			wantPage:   []string{"Connected"},
			wantSteps:  []Step{StepWaiting, StepCallbackReceived, StepDone},
			wantLists:  2,
		},
		{
			name:  "a callback id that is not listed is not taken: the listing finds the new one",
			state: "s-8",
			callback: func(s string) url.Values {
				return url.Values{"state": {s}, "credentialId": {"cred-evil"}}
			},
			api:        fakeAPI{lists: [][]models.Connection{{old}, {old}, {old, fresh}}},
			wantID:     "cred-new",
			wantName:   "name of cred-new",
			wantStatus: http.StatusOK,
			wantSteps:  []Step{StepCallbackReceived, StepFinding, StepDone},
			wantLists:  3,
		},
		{
			name:  "a callback id that existed before the flow is not taken",
			state: "s-9",
			callback: func(s string) url.Values {
				return url.Values{"state": {s}, "connectionId": {"cred-old"}}
			},
			api:        fakeAPI{lists: [][]models.Connection{{old}, {old}, {fresh, old}}},
			wantID:     "cred-new",
			wantName:   "name of cred-new",
			wantStatus: http.StatusOK,
			wantSteps:  []Step{StepCallbackReceived, StepFinding, StepDone},
			wantLists:  3,
		},
		{
			name: "a callback id listed late is preferred to another new one",
			callback: func(string) url.Values {
				return url.Values{"credentialId": {"cred-new"}}
			},
			// The second listing shows neither; the third shows both, and
			// the claimed one wins over the newer.
			api:        fakeAPI{lists: [][]models.Connection{{old}, {old}, {old, fresher, fresh}}},
			wantID:     "cred-new",
			wantName:   "name of cred-new",
			wantStatus: http.StatusOK,
			wantLists:  3,
		},
		{
			name: "a callback id never listed, and nothing new: not found",
			callback: func(string) url.Values {
				return url.Values{"credentialId": {"cred-evil"}}
			},
			api:         fakeAPI{lists: [][]models.Connection{{old}}},
			wantErr:     ErrNotFound,
			wantErrText: "never listed as new",
			wantStatus:  http.StatusInternalServerError,
			notPage:     []string{"cred-evil"},
			wantLists:   1 + FindAttempts,
		},
		{
			name:  "an exchanged id that is not listed is not taken",
			state: "s-10",
			callback: func(s string) url.Values {
				return url.Values{"state": {s}, "code": {"k"}}
			},
			api: fakeAPI{lists: [][]models.Connection{{old}, {old, fresh}},
				exchangeID: "cred-evil"},
			wantID:       "cred-new",
			wantName:     "name of cred-new",
			wantStatus:   http.StatusOK,
			wantSteps:    []Step{StepExchanging, StepFinding, StepDone},
			wantExchange: []string{"k/"},
			wantLists:    2,
		},
		{
			name:  "code is exchanged",
			state: "s-2",
			callback: func(s string) url.Values {
				return url.Values{"state": {s}, "code": {"the-code"}}
			},
			api: fakeAPI{lists: [][]models.Connection{{old}, {old, fresh}},
				credentialID: "pending-1", exchangeID: "cred-new"},
			wantID:       "cred-new",
			wantName:     "name of cred-new",
			wantStatus:   http.StatusOK,
			wantSteps:    []Step{StepCallbackReceived, StepExchanging, StepDone},
			wantExchange: []string{"the-code/pending-1"},
		},
		{
			name:  "code whose exchange answers 404 falls through to listing",
			state: "s-3",
			callback: func(s string) url.Values {
				return url.Values{"state": {s}, "code": {"c"}}
			},
			api: fakeAPI{lists: [][]models.Connection{{old}, {old, fresh}},
				exchangeErr: &alloy.Error{Status: http.StatusNotFound, Op: "exchange"}},
			wantID:       "cred-new",
			wantName:     "name of cred-new",
			wantStatus:   http.StatusOK,
			wantSteps:    []Step{StepExchanging, StepFinding, StepDone},
			wantExchange: []string{"c/"},
		},
		{
			name:  "code whose exchange fails otherwise is an error",
			state: "s-4",
			callback: func(s string) url.Values {
				return url.Values{"state": {s}, "code": {"c"}}
			},
			api: fakeAPI{lists: [][]models.Connection{{old}},
				exchangeErr: &alloy.Error{Status: http.StatusInternalServerError, Op: "exchange"}},
			wantErrText:  "exchange the code of notion",
			wantStatus:   http.StatusInternalServerError,
			wantPage:     []string{"Not connected", "terminal says why"},
			notPage:      []string{"500"},
			wantExchange: []string{"c/"},
		},
		{
			name:  "nothing in the callback: the new id appears on the second poll",
			state: "s-5",
			callback: func(s string) url.Values {
				return url.Values{"state": {s}}
			},
			api:        fakeAPI{lists: [][]models.Connection{{old}, {old}, {fresh, old, fresher}}},
			wantID:     "cred-newer", // newest by createdAt
			wantName:   "name of cred-newer",
			wantStatus: http.StatusOK,
			wantSteps:  []Step{StepCallbackReceived, StepFinding, StepDone},
			wantLists:  3,
		},
		{
			name: "listing prefers the credential StartOAuth named",
			callback: func(string) url.Values {
				return url.Values{}
			},
			api: fakeAPI{lists: [][]models.Connection{{old}, {fresh, old, fresher}},
				credentialID: "cred-new"},
			wantID:     "cred-new",
			wantName:   "name of cred-new",
			wantStatus: http.StatusOK,
		},
		{
			name:  "listing survives a failed poll",
			state: "s-6",
			callback: func(s string) url.Values {
				return url.Values{"state": {s}}
			},
			api: fakeAPI{lists: [][]models.Connection{{old}, {old}, {old, fresh}},
				listErr: []error{nil, errBoom}},
			wantID:     "cred-new",
			wantName:   "name of cred-new",
			wantStatus: http.StatusOK,
			wantLists:  3,
		},
		{
			name: "nothing new ever appears",
			callback: func(string) url.Values {
				return url.Values{}
			},
			api:        fakeAPI{lists: [][]models.Connection{{old}}},
			wantErr:    ErrNotFound,
			wantStatus: http.StatusInternalServerError,
			wantLists:  1 + FindAttempts,
		},
		{
			name:  "access denied, with markup in the description",
			state: "s-7",
			callback: func(s string) url.Values {
				return url.Values{"state": {s}, "error": {"access_denied"},
					"error_description": {"<script>alert(1)</script>\x1b[31m"}}
			},
			api:         fakeAPI{lists: [][]models.Connection{{old}}},
			wantErr:     ErrDenied,
			wantErrText: "access_denied: <script>alert(1)</script>[31m",
			wantStatus:  http.StatusOK,
			wantPage:    []string{"access_denied", "&lt;script&gt;alert(1)&lt;/script&gt;", "close this tab"},
			notPage:     []string{"<script>", "\x1b"},
			wantLists:   1,
		},
		{
			name: "a connection id with control characters is never taken",
			callback: func(string) url.Values {
				return url.Values{"credentialId": {"cred\x1b[2J"}}
			},
			api: fakeAPI{lists: [][]models.Connection{{old},
				{old, conn("cred\x1b[2J", t0.Add(time.Hour))}}},
			wantErr:    ErrNotFound,
			wantStatus: http.StatusInternalServerError,
			notPage:    []string{"\x1b"},
		},
	}
	for i := range tests {
		tt := &tests[i] // by pointer: the fake holds a mutex
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			prov := provider(t, tt.callback)
			api := &tt.api
			api.oauthURL = authorizeURL(prov.URL, tt.state)
			b := newBrowser()
			rec := &recorder{t: t}

			got, err := run(context.Background(), api, Options{
				Connector:    "notion",
				OpenBrowser:  b.open,
				Progress:     rec.progress,
				PollInterval: time.Millisecond,
			}, testHooks())
			page := b.page(t)
			assertClosed(t, rec.addr())

			switch {
			case tt.wantErr != nil || tt.wantErrText != "":
				if err == nil {
					t.Fatalf("Run = %+v, want an error", got)
				}
				if tt.wantErr != nil && !errors.Is(err, tt.wantErr) {
					t.Errorf("error %v, want %v", err, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErrText) {
					t.Errorf("error %q does not contain %q", err, tt.wantErrText)
				}
				if got != (models.Connection{}) {
					t.Errorf("Run returned %+v with an error", got)
				}
			case err != nil:
				t.Fatalf("Run: %v", err)
			default:
				if got.ID != tt.wantID || got.Connector != "notion" || got.Name != tt.wantName {
					t.Errorf("Run = %+v, want id %q, name %q, connector notion", got, tt.wantID, tt.wantName)
				}
			}

			if page.err != nil {
				t.Fatalf("browser: %v", page.err)
			}
			if page.status != tt.wantStatus {
				t.Errorf("page status %d, want %d", page.status, tt.wantStatus)
			}
			for _, w := range tt.wantPage {
				if !strings.Contains(page.body, w) {
					t.Errorf("page lacks %q:\n%s", w, page.body)
				}
			}
			mustNotContain(t, page.body, tt.notPage...)

			steps := rec.steps()
			if !isSubsequence(tt.wantSteps, steps) {
				t.Errorf("steps %v, want %v in order", steps, tt.wantSteps)
			}
			if err == nil && steps[len(steps)-1] != StepDone {
				t.Errorf("last step %v, want StepDone", steps[len(steps)-1])
			}
			if err != nil && contains(steps, StepDone) {
				t.Errorf("StepDone reported although Run failed")
			}
			if !slices.Equal(api.exchanged, tt.wantExchange) {
				t.Errorf("exchanges %q, want %q", api.exchanged, tt.wantExchange)
			}
			if tt.wantLists != 0 && api.calls() != tt.wantLists {
				t.Errorf("%d listings, want %d", api.calls(), tt.wantLists)
			}
			if !strings.HasPrefix(api.redirectURI, "http://127.0.0.1:") || !strings.HasSuffix(api.redirectURI, "/oauth/callback") {
				t.Errorf("redirect URI given to Alloy %q", api.redirectURI)
			}
		})
	}
}

func isSubsequence(want, got []Step) bool {
	i := 0
	for _, s := range got {
		if i < len(want) && s == want[i] {
			i++
		}
	}
	return i == len(want)
}

// TestRunEvents checks what each event carries.
func TestRunEvents(t *testing.T) {
	prov := provider(t, func(s string) url.Values { return url.Values{"state": {s}, "credentialId": {"c1"}} })
	api := &fakeAPI{oauthURL: authorizeURL(prov.URL, "st"),
		lists: [][]models.Connection{{}, {conn("c1", time.Time{})}}}
	b := newBrowser()
	rec := &recorder{t: t}
	if _, err := run(context.Background(), api, Options{Connector: "notion", ConnectorName: "Notion",
		OpenBrowser: b.open, Progress: rec.progress}, testHooks()); err != nil {
		t.Fatal(err)
	}
	if p := b.page(t); !strings.Contains(p.body, "connected to Notion.") {
		t.Errorf("the page does not name the service:\n%s", p.body)
	}
	for _, e := range rec.events {
		if e.Message == "" {
			t.Errorf("event %v has no message", e.Step)
		}
		if e.Ignored != 0 {
			t.Errorf("event %v counts %d ignored callbacks, want 0", e.Step, e.Ignored)
		}
		if strings.Contains(e.Message, "notion") {
			t.Errorf("event %v shows the connector id, not its name: %q", e.Step, e.Message)
		}
		switch e.Step {
		case StepListening:
			if !strings.HasPrefix(e.Addr, "127.0.0.1:") || strings.HasSuffix(e.Addr, ":0") {
				t.Errorf("listening address %q", e.Addr)
			}
		case StepURLReady, StepBrowserOpened:
			if !strings.HasPrefix(e.URL, prov.URL+"/authorize?") {
				t.Errorf("%v URL %q", e.Step, e.URL)
			}
		}
	}
}

func TestRunBrowserNotOpened(t *testing.T) {
	tests := []struct {
		name string
		open func(string) error
	}{
		{"no opener", nil},
		{"opener fails", func(string) error { return errBoom }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			api := &fakeAPI{oauthURL: authorizeURL("https://alloy.example", "")}
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			rec := &recorder{t: t, on: func(e Event) {
				if e.Step == StepWaiting {
					cancel()
				}
			}}
			_, err := run(ctx, api, Options{Connector: "notion", OpenBrowser: tt.open, Progress: rec.progress}, testHooks())
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("error %v, want context.Canceled", err)
			}
			want := []Step{StepListening, StepURLReady, StepBrowserFailed, StepWaiting}
			if !slices.Equal(rec.steps(), want) {
				t.Errorf("steps %v, want %v", rec.steps(), want)
			}
			if rec.events[2].URL == "" {
				t.Error("StepBrowserFailed does not carry the URL to show")
			}
			assertClosed(t, rec.addr())
		})
	}
}

func TestRunTimeout(t *testing.T) {
	fire := make(chan time.Time)
	var asked time.Duration
	h := testHooks()
	h.after = func(d time.Duration) <-chan time.Time { asked = d; return fire }
	api := &fakeAPI{oauthURL: authorizeURL("https://alloy.example", "")}
	rec := &recorder{t: t, on: func(e Event) {
		if e.Step == StepWaiting {
			close(fire) // the clock runs out as soon as the flow waits
		}
	}}
	_, err := run(context.Background(), api, Options{Connector: "notion", Progress: rec.progress}, h)
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("error %v, want ErrTimeout", err)
	}
	if asked != DefaultTimeout {
		t.Errorf("timeout %v, want the default %v", asked, DefaultTimeout)
	}
	assertClosed(t, rec.addr())
}

func TestRunTimeoutReal(t *testing.T) {
	// The real clock with a tiny timeout: the option is honoured.
	api := &fakeAPI{oauthURL: authorizeURL("https://alloy.example", "")}
	_, err := run(context.Background(), api, Options{Connector: "notion", Timeout: time.Millisecond}, testHooks())
	if !errors.Is(err, ErrTimeout) {
		t.Fatalf("error %v, want ErrTimeout", err)
	}
}

func TestRunCancelledWhileFinding(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	prov := provider(t, func(string) url.Values { return url.Values{} })
	api := &fakeAPI{
		oauthURL: authorizeURL(prov.URL, ""),
		lists:    [][]models.Connection{{conn("old", time.Time{})}},
		onList: func(call int) {
			if call == 2 { // the second poll
				cancel()
			}
		},
	}
	b := newBrowser()
	rec := &recorder{t: t}
	_, err := run(ctx, api, Options{Connector: "notion", OpenBrowser: b.open, Progress: rec.progress, PollInterval: time.Millisecond}, testHooks())
	if err != context.Canceled {
		t.Fatalf("error %v, want ctx.Err() itself", err)
	}
	page := b.page(t)
	if !strings.Contains(page.body, "cancelled") {
		t.Errorf("page does not say it was cancelled:\n%s", page.body)
	}
	assertClosed(t, rec.addr())
}

func TestRunCancelledBeforeStart(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	api := &fakeAPI{oauthURL: authorizeURL("https://alloy.example", "")}
	if _, err := run(ctx, api, Options{Connector: "notion"}, testHooks()); err != context.Canceled {
		t.Fatalf("error %v, want context.Canceled", err)
	}
	if api.calls() != 0 {
		t.Error("the API was called although ctx was already cancelled")
	}
}

func TestRunSecondCallbackIgnored(t *testing.T) {
	prov := provider(t, func(s string) url.Values { return url.Values{"state": {s}} })
	b := newBrowser()
	var second shown
	api := &fakeAPI{
		oauthURL: authorizeURL(prov.URL, "st"),
		lists:    [][]models.Connection{{}, {conn("first", time.Time{})}},
	}
	// While the first callback is being worked on (its listing), a second
	// one arrives: it is answered at once and changes nothing.
	api.onList = func(call int) {
		if call == 1 {
			api.mu.Lock()
			uri := api.redirectURI
			api.mu.Unlock()
			second = b.get(uri + "?state=st&credentialId=second")
		}
	}
	got, err := run(context.Background(), api, Options{Connector: "notion", OpenBrowser: b.open, PollInterval: time.Millisecond}, testHooks())
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != "first" {
		t.Errorf("connection %q, want the first callback's", got.ID)
	}
	if second.err != nil || second.status != http.StatusOK || !strings.Contains(second.body, "already") {
		t.Errorf("second callback got %d %v:\n%s", second.status, second.err, second.body)
	}
	if p := b.page(t); !strings.Contains(p.body, "Connected") {
		t.Errorf("first callback's page:\n%s", p.body)
	}
}

func TestRunServesOnlyTheCallback(t *testing.T) {
	tests := []struct {
		name   string
		method string
		path   string
		host   string
		want   int
	}{
		{"other path", http.MethodGet, "/favicon.ico", "", http.StatusNotFound},
		{"parent path", http.MethodGet, "/oauth", "", http.StatusNotFound},
		{"wrong method", http.MethodPost, "/oauth/callback", "", http.StatusMethodNotAllowed},
		{"foreign host (DNS rebinding)", http.MethodGet, "/oauth/callback", "evil.example", http.StatusMisdirectedRequest},
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	api := &fakeAPI{oauthURL: authorizeURL("https://alloy.example", "")}
	client := newBrowser().client
	rec := &recorder{t: t}
	rec.on = func(e Event) {
		if e.Step != StepWaiting {
			return
		}
		for _, tt := range tests {
			req, _ := http.NewRequest(tt.method, "http://"+rec.addr()+tt.path, nil)
			if tt.host != "" {
				req.Host = tt.host
			}
			resp, err := client.Do(req)
			if err != nil {
				t.Errorf("%s: %v", tt.name, err)
				continue
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("%s: status %d, want %d", tt.name, resp.StatusCode, tt.want)
			}
		}
		cancel()
	}
	// None of these counts as the callback: the flow is still waiting.
	if _, err := run(ctx, api, Options{Connector: "notion", Progress: rec.progress}, testHooks()); err != context.Canceled {
		t.Fatalf("error %v, want context.Canceled", err)
	}
}

func TestRunAPIFailures(t *testing.T) {
	tests := []struct {
		name string
		api  fakeAPI
		want string
	}{
		{"existing connections cannot be listed", fakeAPI{listErr: []error{errBoom}}, "list the existing connections of notion: boom"},
		{"OAuth cannot start", fakeAPI{startErr: errBoom}, "start connecting notion: boom"},
		{"OAuth URL is not a web address", fakeAPI{oauthURL: func(string) string { return "file:///etc/passwd" }}, "not a web address"},
		{"OAuth URL is garbage", fakeAPI{oauthURL: func(string) string { return "::" }}, "not a web address"},
	}
	for i := range tests {
		tt := &tests[i]
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			opened := false
			rec := &recorder{t: t}
			_, err := run(context.Background(), &tt.api, Options{Connector: "notion", Progress: rec.progress,
				OpenBrowser: func(string) error { opened = true; return nil }}, testHooks())
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("error %v, want %q", err, tt.want)
			}
			if opened {
				t.Error("a browser was opened")
			}
			assertClosed(t, rec.addr())
		})
	}
}

func TestRunNeedsConnectorAndAPI(t *testing.T) {
	if _, err := Run(context.Background(), &fakeAPI{}, Options{}); err == nil {
		t.Error("no connector: no error")
	}
	if _, err := Run(context.Background(), nil, Options{Connector: "notion"}); err == nil {
		t.Error("no API: no error")
	}
}
