package screens

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/alloy/demo"
)

var (
	keyCtrlS = tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	keyCtrlL = tea.KeyPressMsg{Code: 'l', Mod: tea.ModCtrl}
)

// openConsole opens the console on a demo server with a HubSpot connection
// and waits for its connectors.
func openConsole(t *testing.T) (*Actions, *driver, *demo.Server) {
	t.Helper()
	return openConsoleWith(t, demo.Options{})
}

// openConsoleWith is openConsole on a demo server with more options.
func openConsoleWith(t *testing.T, opts demo.Options) (*Actions, *driver, *demo.Server) {
	t.Helper()
	opts.HubSpotConnection, opts.RateLimit = true, -1
	c, srv := demoContext(t, opts)
	c.Ctx = alloy.WithCallLog(c.Ctx, alloy.NewCallLog(0))
	s := NewActions(c)
	d := newDriver(t, c)
	d.run(s.Init())
	d.until("the connectors", shows(s, "Notion", "1 connection: Larkspur Labs Slack", "GitHub", "not connected"))
	return s, d, srv
}

// chooseAction filters the connectors, chooses one, then an action.
func chooseAction(t *testing.T, s *Actions, d *driver, connector, action string) {
	t.Helper()
	d.typeText(s, connector)
	d.press(s, keyEnter)
	d.until("the actions", func() bool { return s.actionsLoaded })
	d.typeText(s, action)
	d.until("the action alone", func() bool { return len(s.shown) == 1 })
	d.press(s, keyEnter)
	d.until("the form", func() bool { return s.stage == stageForm })
}

func TestConsoleConnectorsWithConnectionsFirst(t *testing.T) {
	s, _, _ := openConsole(t)
	v := plain(s)
	notion, slack, hubspot, github := strings.Index(v, "Notion"), strings.Index(v, "Slack"), strings.Index(v, "HubSpot"), strings.Index(v, "GitHub")
	if notion < 0 || !(notion < github && slack < github && hubspot < github) {
		t.Errorf("connected connectors not first:\n%s", v)
	}
	if !s.Capturing() || s.WantsTab() {
		t.Error("the list should capture typing and leave tab to the root")
	}
}

func TestConsoleRunsAGetAndShowsTheAnswer(t *testing.T) {
	s, d, _ := openConsole(t)
	chooseAction(t, s, d, "slack", "conversations-l")
	if !s.WantsTab() {
		t.Error("the form should use tab")
	}
	for _, want := range []string{"slack/conversations-list · List conversations", "GET /conversations.list", "Query parameters", "limit", "integer", "public_channel", "Larkspur Labs Slack"} {
		if !strings.Contains(plain(s), want) {
			t.Errorf("form lacks %q:\n%s", want, plain(s))
		}
	}
	// The first field is the first parameter (types); tab to limit, set 2.
	d.press(s, keyTab)
	for range 3 {
		d.press(s, tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	d.typeText(s, "2")
	d.press(s, keyCtrlS)
	d.until("the answer", shows(s, "✓ 200", `"channels": [`, `"name": "general"`))
	if strings.Contains(plain(s), `"engineering"`) {
		t.Error("the limit was not sent")
	}
	// The wheel scrolls the answer.
	before := s.answer.view.Line()
	s.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if s.answer.view.Line() != before+3 {
		t.Errorf("wheel moved from %d to %d", before, s.answer.view.Line())
	}
	// Find, fold and copy.
	d.typeText(s, "/banter")
	d.press(s, keyEnter)
	if line := lineWith(s, `banter`); line == "" {
		t.Errorf("find did not show banter:\n%s", plain(s))
	}
	if v, path := s.answer.view.Value(); v != "Non-work banter and water cooler conversation" || path != "channels[1].purpose.value" {
		t.Errorf("value under the cursor %q at %q", v, path)
	}
	d.press(s, letter('c'))
	d.press(s, letter('g'))
	d.press(s, keyDown)
	d.press(s, keyEnter) // fold the channels array
	if !strings.Contains(plain(s), `"channels": [ … 2 items ],`) {
		t.Errorf("not folded:\n%s", plain(s))
	}
	// e goes back to the form as it was.
	d.press(s, letter('e'))
	if s.stage != stageForm || s.form.params[1].input.Value() != "2" {
		t.Errorf("stage %d, limit %q", s.stage, s.form.params[1].input.Value())
	}
}

func TestConsoleValidatesAndConfirmsAChange(t *testing.T) {
	s, d, srv := openConsole(t)
	chooseAction(t, s, d, "slack", "chat-post")
	if !strings.Contains(plain(s), `"channel": "<string>"`) || !strings.Contains(plain(s), "required: channel, text") {
		t.Fatalf("no skeleton:\n%s", plain(s))
	}
	d.press(s, keyCtrlS)
	if !strings.Contains(plain(s), "still holds the placeholder") || s.confirm.IsOpen() {
		t.Fatalf("the skeleton was not refused:\n%s", plain(s))
	}
	s.form.body.SetValue(`{"channel":"#general","text":"from the console"}`)
	d.press(s, keyCtrlS)
	if !s.confirm.IsOpen() || !strings.Contains(plain(s), "Run POST /chat.postMessage on Larkspur Labs Slack?") {
		t.Fatalf("no confirmation:\n%s", plain(s))
	}
	d.press(s, letter('n'))
	if srv.Stats().Actions["chat-postMessage"] != 0 {
		t.Fatal("sent after no")
	}
	d.press(s, keyCtrlS)
	d.press(s, letter('y'))
	d.until("the answer", shows(s, "✓ 200", `"text": "from the console"`))
}

func TestConsoleShowsTheServicesRefusal(t *testing.T) {
	s, d, _ := openConsole(t)
	chooseAction(t, s, d, "hubspot", "get-contact")
	d.press(s, keyCtrlS)
	if !strings.Contains(plain(s), "fill in contactId") {
		t.Fatalf("missing parameter not named:\n%s", plain(s))
	}
	d.typeText(s, "999")
	d.press(s, keyCtrlS)
	d.until("the refusal", shows(s, "✗ HTTP 404", "Not found:", `"category": "OBJECT_NOT_FOUND"`, `"message": "resource not found"`))
	// esc in the answer goes back to the form; esc there to the actions.
	d.press(s, keyEsc)
	d.press(s, keyEsc)
	if s.stage != stageActions {
		t.Errorf("stage %d", s.stage)
	}
	d.press(s, keyEsc) // clears the filter
	d.press(s, keyEsc)
	if s.stage != stageConnectors {
		t.Errorf("stage %d", s.stage)
	}
}

func TestConsoleConnectorWithoutActions(t *testing.T) {
	s, d, _ := openConsole(t)
	d.typeText(s, "github")
	d.press(s, keyEnter)
	d.until("the failure", func() bool { return s.actionsReq.Err() != nil })
	if !strings.Contains(plain(s), "GitHub · choose an action") || !strings.Contains(plain(s), "Not found") {
		t.Errorf("failure not shown:\n%s", plain(s))
	}
	d.press(s, keyEsc)
	if s.stage != stageConnectors || !strings.Contains(lineWith(s, "GitHub"), "GitHub") {
		t.Errorf("esc did not go back:\n%s", plain(s))
	}
}

func TestConsoleWithoutAConnectionDescribesButDoesNotSend(t *testing.T) {
	s, d, srv := openConsole(t)
	chooseAction(t, s, d, "notion", "retrieve-a-page")
	// Notion's demo connection is there; take it away from the form.
	s.form.conns = nil
	d.typeText(s, "59833787-2cf9-4fdf-8782-e53db20768a5")
	d.press(s, keyCtrlS)
	if !strings.Contains(plain(s), "no connection to run it on") || srv.Stats().Actions["retrieve-a-page"] != 0 {
		t.Errorf("sent without a connection:\n%s", plain(s))
	}
}

func TestConsoleCallLogReopensARun(t *testing.T) {
	s, d, _ := openConsole(t)
	chooseAction(t, s, d, "hubspot", "list-contacts")
	for range 2 {
		d.press(s, tea.KeyPressMsg{Code: tea.KeyBackspace})
	}
	d.typeText(s, "2")
	d.press(s, keyCtrlS)
	d.until("the answer", shows(s, "✓ 200", `"after": "2"`))
	d.press(s, keyCtrlL)
	v := plain(s)
	for _, want := range []string{"Call log ·", "GET", "list connectors", "execute hubspot/list-contacts", "describe hubspot/list-contacts", "POST    200"} {
		if !strings.Contains(v, want) {
			t.Errorf("log lacks %q:\n%s", want, v)
		}
	}
	if s.Capturing() {
		t.Error("the log should leave q and the tab keys to the root")
	}
	// The newest call is the run: enter opens its form again, filled.
	d.press(s, keyEnter)
	d.until("the form again", func() bool { return s.stage == stageForm })
	if got := s.form.params[0].input.Value(); got != "2" {
		t.Errorf("limit %q, want the logged 2", got)
	}
	// esc from a log opened on the form goes back to the form.
	d.press(s, keyCtrlL)
	d.press(s, keyEsc)
	if s.stage != stageForm {
		t.Errorf("stage %d", s.stage)
	}
}

// TestConsoleSanitisesRemoteText: names, descriptions, parameters and the
// answer from a hostile service reach the screen without a control or
// invisible character.
func TestConsoleSanitisesRemoteText(t *testing.T) {
	raw, _ := json.Marshal("ev\x1b[2Jil\u202e\x07")
	evil := string(raw)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /connectors", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"connectors":[{"id":"x","name":%s}]}`, evil)
	})
	mux.HandleFunc("GET /credentials/users/u", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"data":[{"credentialId":"c1","connectorId":"x","name":%s}]}`, evil)
	})
	mux.HandleFunc("GET /connectors/x/resources", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"resources":[{"name":%s,"actions":[{"id":"act","displayName":%s,"method":"GET"}]}]}`, evil, evil)
	})
	mux.HandleFunc("GET /connectors/x/actions/act", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{"action":{"id":"act","displayName":%s,"description":%s,"httpMethod":"POST","path":%s,
			"parameters":[{"name":%s,"in":"query","schema":{"type":%s,"default":%s}}],
			"requestBody":{"type":"object","required":[%s],"properties":{%s:{"type":"string"}}}}}`,
			evil, evil, evil, evil, evil, evil, evil, evil)
	})
	mux.HandleFunc("POST /connectors/x/actions/act/execute", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, `{%s:%s}`, evil, evil)
	})
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	c := newContext(t, hs.URL, 100, 30)
	s := NewActions(c)
	d := newDriver(t, c)
	clean := func(stage string) {
		t.Helper()
		v := s.View()
		if strings.ContainsAny(ansi.Strip(v), "\x1b\u202e\x07") {
			t.Errorf("%s: a control or invisible character reached the screen:\n%s", stage, ansi.Strip(v))
		}
	}
	d.run(s.Init())
	d.until("the connector", shows(s, "evil"))
	clean("connectors")
	d.press(s, keyEnter)
	d.until("the action", func() bool { return s.actionsLoaded })
	clean("actions")
	d.press(s, keyEnter)
	d.until("the form", func() bool { return s.stage == stageForm || s.describeReq.Err() != nil })
	if err := s.describeReq.Err(); err != nil {
		t.Fatal(err)
	}
	clean("form")
	s.form.body.SetValue(`{"x":"y"}`)
	s.form.desc.Body.Required = nil
	d.press(s, keyCtrlS)
	clean("confirm")
	d.press(s, letter('y'))
	d.until("the answer", func() bool { return s.stage == stageAnswer })
	clean("answer")
}

// The app's own Notion calls use action ids the service may not describe
// (the demo does not describe retrieve-a-data-source): reopening one from
// the log still opens its form, filled from the logged request, and sends.
func TestConsoleReopensAnUndescribedCallFromTheLog(t *testing.T) {
	s, d, srv := openConsoleWith(t, demo.Options{TaskRows: 3})
	n := s.c.Notion()
	list, err := n.Search(s.c.Ctx, alloy.SearchParams{Query: demo.TasksSourceName, Object: "data_source"})
	if err != nil || len(list.Pages) == 0 {
		t.Fatalf("no data source %q: %v", demo.TasksSourceName, err)
	}
	id := list.Pages[0].ID
	if _, err := n.RetrieveDataSource(s.c.Ctx, id); err != nil {
		t.Fatal(err)
	}
	d.press(s, keyCtrlL)
	if len(s.log.calls) == 0 || s.log.calls[0].Action != "retrieve-a-data-source" {
		t.Fatalf("the retrieval is not the newest call:\n%s", plain(s))
	}
	d.press(s, keyEnter)
	d.until("the form", func() bool { return s.stage == stageForm || s.describeReq.Err() != nil })
	if err := s.describeReq.Err(); err != nil {
		t.Fatalf("no form: %v\n%s", err, plain(s))
	}
	for _, want := range []string{"notion/retrieve-a-data-source", "not described by the service", "data_source_id *", id} {
		if !strings.Contains(plain(s), want) {
			t.Errorf("form lacks %q:\n%s", want, plain(s))
		}
	}
	// It only reads: it is sent without asking.
	d.press(s, keyCtrlS)
	if s.confirm.IsOpen() {
		t.Fatalf("a read asked for confirmation:\n%s", plain(s))
	}
	d.until("the answer", func() bool { return s.stage == stageAnswer })
	if !strings.Contains(plain(s), "✓ 200") {
		t.Fatalf("not sent:\n%s", plain(s))
	}
	if srv.Stats().Actions["retrieve-a-data-source"] != 2 {
		t.Errorf("retrieve-a-data-source ran %d times, want 2", srv.Stats().Actions["retrieve-a-data-source"])
	}
}

// A description that failed shows over the actions until the user moves
// on: typing in the filter or esc clears it.
func TestConsoleDescribeFailureClearsWhenMovingOn(t *testing.T) {
	s, d, _ := openConsole(t)
	d.typeText(s, "hubspot")
	d.press(s, keyEnter)
	d.until("the actions", func() bool { return s.actionsLoaded })
	for _, next := range []tea.KeyPressMsg{letter('x'), keyEsc} {
		d.typeText(s, "no-such-action")
		d.press(s, keyEnter)
		d.until("the failure", shows(s, "Not found"))
		d.press(s, next)
		if strings.Contains(plain(s), "Not found") {
			t.Errorf("after %s the failure still shows:\n%s", next, plain(s))
		}
		d.press(s, keyEsc)
	}
}

// The call log's times all read in milliseconds: never "0s" beside "1ms".
func TestTookTextIsAlwaysMilliseconds(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "<1ms"},
		{300 * time.Microsecond, "<1ms"},
		{time.Millisecond, "1ms"},
		{1600 * time.Microsecond, "2ms"},
		{1534 * time.Millisecond, "1534ms"},
	} {
		if got := tookText(c.d); got != c.want {
			t.Errorf("tookText(%s) = %q, want %q", c.d, got, c.want)
		}
	}
}
