package screens

import (
	"context"
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// actionsStage is where the console is: choosing a connector, choosing an
// action, filling its form, or reading its answer.
type actionsStage int

const (
	stageConnectors actionsStage = iota
	stageActions
	stageForm
	stageAnswer
	// stageLog shows the session's call log.
	stageLog
)

// Actions is the action console, the third tab: any connector, any action.
// The user chooses a connector (those with a connection first), then one of
// its actions (both lists filter as you type), fills the action's form
// (parameters grouped by where they go, the body prefilled with a skeleton
// of its schema, the connection to use), and reads the answer in a JSON
// viewer with folding, find and copy.
type Actions struct {
	c *common.Context
	common.Requests

	// connectorsReq lists the connectors and connections; actionsReq a
	// connector's actions; describeReq one action; runReq runs it.
	connectorsReq, actionsReq, describeReq, runReq common.Request

	stage actionsStage

	connectors       []consoleConnector
	connectorsLoaded bool
	connector        consoleConnector // the chosen one

	actions       []alloy.ActionSummary
	actionsLoaded bool

	// filter filters whichever list is shown; shown indexes into it.
	filter textinput.Model
	shown  []int
	list   components.List

	form    actionForm
	confirm components.Confirm

	answer answerState
	// finding is set while the answer's find input has the keys.
	finding bool
	find    textinput.Model

	log callLogState
}

// consoleConnector is a connector with the user's connections to it.
type consoleConnector struct {
	ID, Name    string
	Connections []models.Connection
	// Active is the id of its active connection, "" when none is set.
	Active string
}

// answerState is the outcome of the last run.
type answerState struct {
	ran    bool
	action string // "slack/chat-postMessage"
	// status is the HTTP status of the answer, 0 when unknown.
	status int
	err    error
	took   time.Duration
	at     time.Time
	raw    json.RawMessage
	view   components.JSONView
}

// consoleListing is what the first request found.
type consoleListing struct {
	connectors []consoleConnector
}

// runOutcome is a run's answer or failure, and how long it took.
type runOutcome struct {
	raw    json.RawMessage
	err    error
	took   time.Duration
	at     time.Time
	status int
	// view is the answer laid out, off the Update loop: a long answer
	// takes a while.
	view components.JSONView
}

// NewActions returns the action console.
func NewActions(c *common.Context) *Actions {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "type to filter connectors"
	in.SetStyles(c.Styles.Input)
	find := textinput.New()
	find.Prompt = "find: "
	find.SetStyles(c.Styles.Input)
	s := &Actions{c: c, filter: in, find: find}
	s.connectorsReq.Label = "Loading connectors…"
	s.actionsReq.Label = "Loading actions…"
	s.describeReq.Label = "Loading the action's description…"
	s.runReq.Label = "Running the action…"
	// These failures show where the list or form would be, not on the
	// status bar as well.
	inPlace := func(error) tea.Cmd { return nil }
	s.connectorsReq.OnError, s.actionsReq.OnError, s.describeReq.OnError = inPlace, inPlace, inPlace
	s.Track(c, &s.runReq, &s.describeReq, &s.actionsReq, &s.connectorsReq)
	s.Resize()
	return s
}

// Init lists the connectors and focuses the filter.
func (s *Actions) Init() tea.Cmd {
	return tea.Batch(s.filter.Focus(), s.fetchConnectors())
}

// Capturing is true while an input has the keys: the list filters, the
// form, the find input, or the confirmation.
func (s *Actions) Capturing() bool {
	switch {
	case s.confirm.IsOpen():
		return true
	case s.stage == stageAnswer:
		return s.finding
	case s.stage == stageLog:
		return false
	}
	return true
}

// InputEmpty reports whether the focused input is empty, when ? opens the
// help: the list filters and the find input; never the form, where ? may
// be typed.
func (s *Actions) InputEmpty() bool {
	switch s.stage {
	case stageConnectors, stageActions:
		return s.filter.Value() == ""
	case stageAnswer:
		return s.finding && s.find.Value() == ""
	}
	return false
}

// WantsTab reports whether tab and shift+tab move between the form's
// fields rather than between the tabs.
func (s *Actions) WantsTab() bool { return s.stage == stageForm && !s.confirm.IsOpen() }

// Resume lists the connectors again: connections may have changed on the
// Connections tab meanwhile.
func (s *Actions) Resume() tea.Cmd {
	return tea.Batch(s.Requests.Resume(), s.fetchConnectors())
}

// Resize implements common.Screen.
func (s *Actions) Resize() tea.Cmd {
	w, h := s.c.Width, s.c.Height
	s.filter.SetStyles(s.c.Styles.Input)
	s.filter.SetWidth(max(w-4, 1))
	s.find.SetStyles(s.c.Styles.Input)
	s.find.SetWidth(max(w-8, 1))
	// Above the rows: the tabs, the title, the filter.
	s.list.SetHeight(max(h-3, 1))
	s.form.resize(s.c)
	// Above the answer: tabs, title, status line; below it the position.
	s.answer.view.SetHeight(max(h-4, 1))
	return nil
}

// fetchConnectors lists the connectors and the user's connections, and
// reads each connector's active one from the keystore.
func (s *Actions) fetchConnectors() tea.Cmd {
	client := s.c.Client
	if client == nil {
		return nil
	}
	store, activeNotion, activeNotionName := s.c.Store, s.c.ActiveConnection, s.c.ActiveConnectionName
	return common.Fetch(s.c, &s.connectorsReq, func(ctx context.Context) (consoleListing, error) {
		connectors, err := client.ListConnectors(ctx)
		if err != nil {
			return consoleListing{}, err
		}
		var conns []models.Connection
		if client.UserID() != "" {
			// Without the connections the console still describes actions.
			conns, _ = client.ListUserConnections(ctx)
		}
		out := make([]consoleConnector, 0, len(connectors))
		for _, cn := range connectors {
			cc := consoleConnector{ID: cn.ID, Name: cn.Name}
			for _, conn := range conns {
				if conn.Connector == cn.ID {
					cc.Connections = append(cc.Connections, conn)
				}
			}
			if cn.ID == alloy.NotionConnector {
				cc.Active = activeNotion
				if len(cc.Connections) == 0 && activeNotion != "" {
					// Without a user id nothing was listed; the active
					// connection still works.
					cc.Connections = []models.Connection{{ID: activeNotion, Connector: cn.ID, Name: activeNotionName}}
				}
			} else if store != nil && len(cc.Connections) > 0 {
				id, _ := store.Get(keystore.ConnectionKey(cn.ID))
				cc.Active = strings.TrimSpace(id)
			}
			out = append(out, cc)
		}
		// Those the user has a connection for first, each group in the
		// service's order.
		slices.SortStableFunc(out, func(a, b consoleConnector) int {
			switch {
			case len(a.Connections) > 0 && len(b.Connections) == 0:
				return -1
			case len(b.Connections) > 0 && len(a.Connections) == 0:
				return 1
			}
			return 0
		})
		return consoleListing{connectors: out}, nil
	}, func(l consoleListing) tea.Cmd {
		s.connectors = l.connectors
		s.connectorsLoaded = true
		for _, cc := range l.connectors {
			if cc.ID == s.connector.ID {
				s.connector = cc
				s.form.setConnections(cc)
			}
		}
		if s.stage == stageConnectors {
			s.applyFilter()
		}
		return nil
	})
}

// fetchActions lists the chosen connector's actions.
func (s *Actions) fetchActions() tea.Cmd {
	client := s.c.Client
	if client == nil {
		return nil
	}
	id := s.connector.ID
	s.actionsReq.Label = "Loading " + s.connectorName() + "'s actions…"
	return common.Fetch(s.c, &s.actionsReq, func(ctx context.Context) ([]alloy.ActionSummary, error) {
		res, _, err := client.ListActions(ctx, id)
		return alloy.AllActions(res), err
	}, func(list []alloy.ActionSummary) tea.Cmd {
		s.actions = list
		s.actionsLoaded = true
		s.applyFilter()
		return nil
	})
}

// describe loads an action's description and opens its form.
func (s *Actions) describe(action alloy.ActionSummary) tea.Cmd {
	client := s.c.Client
	if client == nil {
		return nil
	}
	return s.describeFilled(action, nil)
}

// describeFilled is describe, the form then filled with an earlier
// request when p is not nil.
func (s *Actions) describeFilled(action alloy.ActionSummary, p *prefill) tea.Cmd {
	client := s.c.Client
	if client == nil {
		return nil
	}
	connector := s.connector
	s.describeReq.ClearErr()
	return common.Fetch(s.c, &s.describeReq, func(ctx context.Context) (described, error) {
		d, err := client.DescribeAction(ctx, connector.ID, action.ID)
		if p != nil && notDescribed(err) {
			// The app's own calls use action ids the service may not
			// describe: the logged request is enough to send it again.
			return described{desc: undescribedAction(connector.ID, action.ID, p), fromLog: true}, nil
		}
		return described{desc: d}, err
	}, func(d described) tea.Cmd {
		s.form = newActionForm(s.c, d.desc, connector)
		s.form.fromLog = d.fromLog
		s.form.fill(p)
		s.form.resize(s.c)
		s.stage = stageForm
		s.filter.Blur()
		return s.form.focusField()
	})
}

// run sends the form's request; the answer (or the failure) opens the
// answer view.
func (s *Actions) run(req alloy.ActionRequest) tea.Cmd {
	client := s.c.Client
	if client == nil {
		return nil
	}
	d := s.form.desc
	name := s.connector.ID + "/" + d.ID
	s.runReq.Label = "Running " + models.SanitizeLine(name) + "…"
	return common.Fetch(s.c, &s.runReq, func(ctx context.Context) (runOutcome, error) {
		start := time.Now()
		// A log of its own tells this run's HTTP status.
		own := alloy.NewCallLog(alloy.MaxRetries + 2)
		raw, err := client.RunAction(alloy.WithCallLog(ctx, own), d.Connector, d.ID, d.Method, req)
		if common.IsCanceled(err) {
			return runOutcome{}, err
		}
		o := runOutcome{raw: raw, err: err, took: time.Since(start), at: start}
		if calls := own.Calls(); len(calls) > 0 {
			o.status = calls[0].Status
			if err != nil && len(calls[0].Answer) > 0 {
				// The service's own error document, to read in full.
				o.raw = calls[0].Answer
			}
		}
		o.view.SetDocument(o.raw)
		// A failure is an answer too: it is shown where the answer goes.
		return o, nil
	}, func(o runOutcome) tea.Cmd {
		if common.IsUnauthorized(o.err) {
			s.c.Fail(o.err)
		}
		s.answer = answerState{ran: true, action: name, status: o.status, err: o.err, took: o.took, at: o.at, raw: o.raw, view: o.view}
		s.answer.view.SetHeight(max(s.c.Height-4, 1))
		s.finding = false
		s.find.SetValue("")
		s.stage = stageAnswer
		s.form.blurAll()
		return nil
	})
}

// applyFilter shows the rows of the current list that match the filter.
func (s *Actions) applyFilter() {
	q := strings.ToLower(strings.TrimSpace(s.filter.Value()))
	s.shown = s.shown[:0]
	switch s.stage {
	case stageConnectors:
		for i, cc := range s.connectors {
			if q == "" || strings.Contains(strings.ToLower(cc.ID+" "+cc.Name), q) {
				s.shown = append(s.shown, i)
			}
		}
	case stageActions:
		for i, a := range s.actions {
			if q == "" || strings.Contains(strings.ToLower(a.ID+" "+a.DisplayName+" "+a.Resource+" "+a.Method), q) {
				s.shown = append(s.shown, i)
			}
		}
	}
	s.list.SetLength(len(s.shown))
}

// Update implements common.Screen.
func (s *Actions) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return s.key(msg)
	case tea.PasteMsg:
		return s.forward(msg)
	case tea.MouseWheelMsg:
		s.wheel(msg)
		return nil
	case common.ShowCallLogMsg:
		s.log.returns = msg.Return
		return s.openLog()
	case common.ActivateConnectionMsg:
		for i := range s.connectors {
			if s.connectors[i].ID == msg.Connection.Connector {
				s.connectors[i].Active = msg.Connection.ID
			}
		}
		return nil
	}
	return s.forward(msg)
}

// wheel scrolls the answer, the log or a list with the mouse wheel.
func (s *Actions) wheel(msg tea.MouseWheelMsg) {
	delta := wheelDelta(msg)
	if delta == 0 {
		return
	}
	switch s.stage {
	case stageAnswer:
		s.answer.view.Move(delta)
	case stageLog:
		s.log.list.Move(delta)
	case stageConnectors, stageActions:
		s.list.Move(delta)
	}
}

// forward hands a message to whatever input has the focus.
func (s *Actions) forward(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	switch {
	case s.stage == stageAnswer && s.finding:
		s.find, cmd = s.find.Update(msg)
	case s.stage == stageForm:
		cmd = s.form.update(msg)
	case s.stage == stageConnectors || s.stage == stageActions:
		before := s.filter.Value()
		s.filter, cmd = s.filter.Update(msg)
		if s.filter.Value() != before {
			s.applyFilter()
		}
	}
	return cmd
}

func (s *Actions) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys.Actions
	if s.confirm.IsOpen() {
		if answered, yes := s.confirm.Answer(msg, s.c.Keys.Confirm); answered && yes {
			return s.run(s.form.pending)
		}
		return nil
	}
	if key.Matches(msg, k.Log) && s.stage != stageLog && !s.finding {
		s.log.returns = false
		return s.openLog()
	}
	switch s.stage {
	case stageLog:
		return s.logKey(msg)
	case stageConnectors, stageActions:
		return s.listKey(msg)
	case stageForm:
		switch {
		case key.Matches(msg, k.Back):
			s.stage = stageActions
			s.describeReq.Cancel()
			s.applyFilter()
			return s.filter.Focus()
		case key.Matches(msg, k.Send):
			return s.send()
		}
		return s.form.key(msg, k)
	case stageAnswer:
		return s.answerKey(msg)
	}
	return nil
}

// listKey handles the keys of the connector and action lists.
func (s *Actions) listKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys.Actions
	if !s.describeReq.Running() {
		// A description that failed is old news once the user moves on.
		s.describeReq.ClearErr()
	}
	switch {
	case key.Matches(msg, k.Up):
		s.list.Move(-1)
		return nil
	case key.Matches(msg, k.Down):
		s.list.Move(1)
		return nil
	case key.Matches(msg, k.Back):
		if s.filter.Value() != "" {
			s.filter.SetValue("")
			s.applyFilter()
			return nil
		}
		if s.stage == stageActions {
			s.actionsReq.Cancel()
			s.describeReq.Cancel()
			s.stage = stageConnectors
			s.filter.Placeholder = "type to filter connectors"
			s.applyFilter()
			s.selectConnector(s.connector.ID)
		}
		return nil
	case key.Matches(msg, k.Choose):
		typed := strings.TrimSpace(s.filter.Value())
		if len(s.shown) == 0 && typed == "" {
			return nil
		}
		if len(s.shown) == 0 {
			// Nothing listed matches (or the list is still loading): take
			// what was typed as the id, since a list may leave some out.
			if s.stage == stageConnectors {
				return s.chooseConnector(consoleConnector{ID: strings.ToLower(typed)})
			}
			return s.describe(alloy.ActionSummary{ID: typed})
		}
		i := s.shown[s.list.Cursor()]
		if s.stage == stageConnectors {
			return s.chooseConnector(s.connectors[i])
		}
		return s.describe(s.actions[i])
	}
	return s.forward(msg)
}

// chooseConnector lists a connector's actions.
func (s *Actions) chooseConnector(cc consoleConnector) tea.Cmd {
	s.connector = cc
	s.stage = stageActions
	s.actions, s.actionsLoaded = nil, false
	s.filter.SetValue("")
	s.filter.Placeholder = "type to filter " + s.connectorName() + "'s actions"
	s.applyFilter()
	s.list.SetCursor(0)
	return s.fetchActions()
}

// connectorName names the chosen connector as the service does.
func (s *Actions) connectorName() string {
	if name := strings.TrimSpace(models.SanitizeLine(s.connector.Name)); name != "" {
		return name
	}
	return common.ConnectorName(s.connector.ID)
}

// selectConnector puts the list's cursor on a connector.
func (s *Actions) selectConnector(id string) {
	for row, i := range s.shown {
		if s.connectors[i].ID == id {
			s.list.SetCursor(row)
		}
	}
}

// send checks the form and runs the action, asking first when it may
// change things.
func (s *Actions) send() tea.Cmd {
	if s.runReq.Running() {
		return nil
	}
	req, err := s.form.request()
	if err != nil {
		s.form.err = err.Error()
		return nil
	}
	s.form.err = ""
	d := s.form.desc
	if s.form.mayChange() {
		what := d.Method + " " + d.Path
		if s.form.fromLog {
			what = d.Connector + "/" + d.ID
		}
		s.form.pending = req
		s.confirm.Open(models.SanitizeLine("Run "+what+" on "+s.form.connectionName()) + "?")
		return nil
	}
	return s.run(req)
}

// answerKey handles the keys of the answer view.
func (s *Actions) answerKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys.Actions
	v := &s.answer.view
	if s.finding {
		switch {
		case key.Matches(msg, s.c.Keys.Page.FindApply):
			s.finding = false
			s.find.Blur()
			if n := v.Find(s.find.Value()); n == 0 && s.find.Value() != "" {
				s.c.Note("Not found: " + s.find.Value())
			}
			return nil
		case key.Matches(msg, s.c.Keys.Page.FindCancel):
			s.finding = false
			s.find.Blur()
			return nil
		}
		var cmd tea.Cmd
		s.find, cmd = s.find.Update(msg)
		return cmd
	}
	switch {
	case key.Matches(msg, k.ScrollUp):
		v.Move(-1)
	case key.Matches(msg, k.ScrollDown):
		v.Move(1)
	case key.Matches(msg, k.PageUp):
		v.Page(false)
	case key.Matches(msg, k.PageDown):
		v.Page(true)
	case key.Matches(msg, k.Top):
		v.Top()
	case key.Matches(msg, k.Bottom):
		v.Bottom()
	case key.Matches(msg, k.Fold):
		v.ToggleFold()
	case key.Matches(msg, k.Find):
		s.finding = true
		s.find.SetValue("")
		return s.find.Focus()
	case key.Matches(msg, k.NextMatch), key.Matches(msg, k.PrevMatch):
		if _, total := v.NextMatch(key.Matches(msg, k.NextMatch)); total == 0 {
			s.c.Note("Nothing to find: press / first.")
		}
	case key.Matches(msg, k.CopyAll):
		if len(s.answer.raw) == 0 {
			return nil
		}
		s.c.Note("Copied the answer.")
		return tea.SetClipboard(string(s.answer.raw))
	case key.Matches(msg, k.CopyValue):
		value, path := v.Value()
		if path == "" {
			path = "the value"
		}
		s.c.Note("Copied " + path + ".")
		return tea.SetClipboard(value)
	case key.Matches(msg, k.Edit):
		s.stage = stageForm
		return s.form.focusField()
	}
	return nil
}

// Help implements common.Screen: only what works now.
func (s *Actions) Help() help.KeyMap {
	k := s.c.Keys.Actions
	one := func(keys ...key.Binding) help.KeyMap {
		return common.HelpKeys{Short: keys, Full: [][]key.Binding{keys}}
	}
	switch {
	case s.confirm.IsOpen():
		ck := s.c.Keys.Confirm
		return one(ck.Yes, ck.No)
	case s.stage == stageLog:
		return s.logHelp()
	case s.stage == stageConnectors:
		return one(k.Up, k.Down, k.Choose)
	case s.stage == stageActions:
		return one(k.Up, k.Down, k.Choose, k.Back)
	case s.stage == stageForm:
		keys := []key.Binding{k.Send, k.NextField, k.PrevField}
		if s.form.focus == 0 && len(s.form.conns) > 1 {
			keys = append(keys, k.PrevConnection, k.NextConnection)
		}
		return one(append(keys, k.Back)...)
	case s.finding:
		// The page's find prompt keys: one prompt, one pair of keys.
		return one(s.c.Keys.Page.FindApply, s.c.Keys.Page.FindCancel)
	}
	return common.HelpKeys{
		Short: []key.Binding{k.Fold, k.Find, k.CopyAll, k.CopyValue, k.Edit},
		Full: [][]key.Binding{
			{k.ScrollUp, k.ScrollDown, k.PageUp, k.PageDown, k.Top, k.Bottom},
			{k.Fold, k.Find, k.NextMatch, k.PrevMatch},
			{k.CopyAll, k.CopyValue, k.Edit},
		},
	}
}

// errNoConnection is why a form cannot be sent.
var errNoConnection = errors.New("no connection to run it on")
