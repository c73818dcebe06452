package screens

import (
	"context"
	"slices"
	"strconv"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/alloy/oauth"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// connectPhase is where Connect is, derived from its requests.
type connectPhase int

const (
	connectChoosing connectPhase = iota
	connectRunning
	connectFailed
	connectDone
)

// Connect connects a new service: it lets the user choose a connector, then
// runs the OAuth flow with its loopback listener, showing each step as it
// happens.
type Connect struct {
	common.Requests

	c *common.Context

	// load lists the connectors to choose from.
	load       common.Request
	connectors []models.Connector
	shown      []int
	list       components.List
	filter     textinput.Model

	// connector is the id of the chosen connector, name its name as the
	// service writes it ("GitHub").
	connector, name string
	// flow runs the OAuth flow; its progress events arrive as a stream.
	flow  common.Request
	steps []oauth.Event
	url   string
	// ignored counts the callbacks the flow ignored because they were not
	// this sign-in's return (forged, or from another sign-in).
	ignored int
	// made is the connection the flow made, once it did.
	made *models.Connection
	// interrupted is set when leaving the screen cancelled the flow: it is
	// not started again behind the user's back, Retry does that.
	interrupted bool
	// done is set once the connection was made and handed to the root,
	// which keeps it in the keychain (the one place that does).
	done bool
}

// flowUpdate is one item of the flow's stream: a progress event, or, last,
// the connection made.
type flowUpdate struct {
	event oauth.Event
	made  *models.Connection
}

// NewConnect returns the connect screen; with a connector given it starts
// the flow at once instead of offering the choice.
func NewConnect(c *common.Context, connector string) *Connect {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "filter"
	s := &Connect{c: c, filter: in}
	s.load.Label = "Loading connectors…"
	// The flow's failures show in its steps, where the user is looking.
	s.flow.OnError = func(error) tea.Cmd { return nil }
	s.Track(c, &s.load, &s.flow)
	s.setConnector(connector)
	s.Resize()
	return s
}

// Init lists the connectors, or starts the flow.
func (s *Connect) Init() tea.Cmd {
	if s.connector != "" {
		return s.run()
	}
	return s.loadConnectors()
}

// Capturing is true while the filter has the keys.
func (s *Connect) Capturing() bool { return s.filter.Focused() }

// InputEmpty reports whether the filter has the keys and is empty.
func (s *Connect) InputEmpty() bool { return s.filter.Focused() && s.filter.Value() == "" }

// Suspend stops what is in flight. A flow is cancelled for good, which
// closes its listener: coming back shows it cancelled, and Retry starts it
// again, never the screen behind the user's back.
func (s *Connect) Suspend() {
	if s.flow.Running() {
		s.flow.Cancel()
		s.interrupted = true
	}
	s.Requests.Suspend()
}

// phase says where the screen is.
func (s *Connect) phase() connectPhase {
	switch {
	case s.connector == "":
		return connectChoosing
	case s.flow.Running():
		return connectRunning
	case s.done:
		return connectDone
	}
	return connectFailed
}

// Resize implements common.Screen.
func (s *Connect) Resize() tea.Cmd {
	s.filter.SetStyles(s.c.Styles.Input)
	// One cell after the text is the cursor's.
	s.filter.SetWidth(max(s.c.Width-lipgloss.Width(s.filter.Prompt)-1, 1))
	s.list.SetHeight(max(s.c.Height-lipgloss.Height(s.chooserHeader()), 1))
	return nil
}

// Help offers what works now.
func (s *Connect) Help() help.KeyMap {
	k := s.c.Keys.Connect
	var keys []key.Binding
	switch s.phase() {
	case connectChoosing:
		switch {
		case s.filter.Focused() && len(s.shown) > 0:
			keys = []key.Binding{k.InputUp, k.InputDown, k.Choose, k.ClearFilter}
		case s.filter.Focused():
			keys = []key.Binding{k.ClearFilter}
		case s.load.Running():
		case s.load.Err() != nil:
			keys = []key.Binding{k.Retry}
		case len(s.shown) > 0:
			keys = []key.Binding{k.Up, k.Down, k.Choose, k.Filter}
		case s.filter.Value() != "" || len(s.connectors) > 0:
			keys = []key.Binding{k.Filter}
		}
	case connectRunning:
		if s.url != "" {
			keys = []key.Binding{k.Copy}
		}
	case connectFailed:
		keys = []key.Binding{k.Retry}
		if s.url != "" {
			keys = append(keys, k.Copy)
		}
	}
	return common.HelpKeys{Short: keys, Full: [][]key.Binding{keys}}
}

// setConnector chooses the connector to connect, named as the connectors
// list names it when the list is known.
func (s *Connect) setConnector(id string) {
	s.connector, s.name = id, common.ConnectorName(id)
	for _, c := range s.connectors {
		if c.ID == id {
			s.name = connectorLabel(c)
		}
	}
	s.flow.Label = "Connecting " + s.name + "…"
}

// loadConnectors lists the connectors to choose from.
func (s *Connect) loadConnectors() tea.Cmd {
	client := s.c.Client
	if client == nil {
		return nil
	}
	return common.Fetch(s.c, &s.load, client.ListConnectors, func(list []models.Connector) tea.Cmd {
		s.setConnectors(list)
		return nil
	})
}

// run starts the OAuth flow. Its progress events arrive in order as a
// stream; leaving the screen cancels its context, which ends the flow and
// closes the listener.
func (s *Connect) run() tea.Cmd {
	client := s.c.Client
	if client == nil {
		return nil
	}
	s.steps, s.url, s.ignored, s.made, s.interrupted, s.done = nil, "", 0, nil, false, false
	opts := oauth.Options{
		Connector:     s.connector,
		ConnectorName: s.name,
		RedirectURI:   s.c.RedirectURI,
		OpenBrowser:   s.c.OpenBrowser,
	}
	return common.Stream(s.c, &s.flow, func(ctx context.Context, emit func(flowUpdate)) error {
		opts.Progress = func(ev oauth.Event) { emit(flowUpdate{event: ev}) }
		conn, err := oauth.Run(ctx, client, opts)
		if err == nil {
			emit(flowUpdate{made: &conn})
		}
		return err
	}, s.progress, s.connected)
}

// progress takes one item of the flow's stream.
func (s *Connect) progress(u flowUpdate) tea.Cmd {
	if u.made != nil {
		s.made = u.made
		return nil
	}
	ev := u.event
	s.ignored = max(s.ignored, ev.Ignored)
	if ev.Step == oauth.StepCallbackIgnored {
		// Counted on a line of its own: the flow is still waiting.
		return nil
	}
	ev.Message = models.SanitizeLine(ev.Message)
	ev.URL = models.SanitizeLine(ev.URL)
	ev.Addr = models.SanitizeLine(ev.Addr)
	if ev.URL != "" {
		s.url = ev.URL
	}
	s.steps = append(s.steps, ev)
	return nil
}

// connected hands the new connection to the root, which makes it active
// and keeps it in the keychain, and tells the user in one short sentence.
func (s *Connect) connected() tea.Cmd {
	if s.made == nil {
		return nil
	}
	conn := *s.made
	if conn.Connector == "" {
		conn.Connector = s.connector
	}
	s.done = true
	s.c.Emit(common.ConnectedMsg{Connection: conn})
	s.c.Note("Connected " + s.name + ": " + connName(conn) + ".")
	return nil
}

// Update implements common.Screen.
func (s *Connect) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		return s.key(msg)
	}
	if s.filter.Focused() {
		var cmd tea.Cmd
		s.filter, cmd = s.filter.Update(msg)
		return cmd
	}
	return nil
}

// setConnectors shows the connectors, Notion first, then by name.
func (s *Connect) setConnectors(list []models.Connector) {
	s.connectors = slices.Clone(list)
	slices.SortStableFunc(s.connectors, func(a, b models.Connector) int {
		an, bn := a.ID == alloy.NotionConnector, b.ID == alloy.NotionConnector
		switch {
		case an && !bn:
			return -1
		case bn && !an:
			return 1
		}
		return strings.Compare(strings.ToLower(connectorLabel(a)), strings.ToLower(connectorLabel(b)))
	})
	s.applyFilter()
}

// connectorLabel is a connector's name as the service writes it, or one
// made from its id when the list gives none.
func connectorLabel(c models.Connector) string {
	name := strings.TrimSpace(models.SanitizeLine(c.Name))
	if name == "" {
		return common.ConnectorName(c.ID)
	}
	return name
}

// applyFilter shows the connectors whose id, name or category holds the
// filter's text.
func (s *Connect) applyFilter() {
	q := strings.ToLower(strings.TrimSpace(s.filter.Value()))
	s.shown = s.shown[:0]
	for i, c := range s.connectors {
		if q == "" || strings.Contains(strings.ToLower(c.ID+" "+c.Name+" "+c.Category), q) {
			s.shown = append(s.shown, i)
		}
	}
	s.list.SetLength(len(s.shown))
}

// key handles a key press: the filter's keys while it has focus, else
// those of the phase the screen is in.
func (s *Connect) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys.Connect
	if s.filter.Focused() {
		switch {
		case key.Matches(msg, k.ClearFilter):
			s.filter.SetValue("")
			s.filter.Blur()
			s.applyFilter()
			return nil
		case key.Matches(msg, k.Choose):
			s.filter.Blur()
			return s.choose()
		case key.Matches(msg, k.InputUp):
			s.list.Move(-1)
			return nil
		case key.Matches(msg, k.InputDown):
			s.list.Move(1)
			return nil
		}
		var cmd tea.Cmd
		s.filter, cmd = s.filter.Update(msg)
		s.applyFilter()
		return cmd
	}
	switch s.phase() {
	case connectChoosing:
		switch {
		case key.Matches(msg, k.Retry) && s.load.Err() != nil && !s.load.Running():
			return s.loadConnectors()
		case s.load.Running() || s.load.Err() != nil:
		case key.Matches(msg, k.Up):
			s.list.Move(-1)
		case key.Matches(msg, k.Down):
			s.list.Move(1)
		case key.Matches(msg, k.Filter):
			return s.filter.Focus()
		case key.Matches(msg, k.Choose):
			return s.choose()
		}
	case connectRunning:
		if key.Matches(msg, k.Copy) {
			return s.copyURL()
		}
	case connectFailed:
		switch {
		case key.Matches(msg, k.Retry):
			return s.run()
		case key.Matches(msg, k.Copy):
			return s.copyURL()
		}
	}
	return nil
}

// copyURL puts the sign-in address on the clipboard.
func (s *Connect) copyURL() tea.Cmd {
	if s.url == "" {
		return nil
	}
	s.c.Note("Copied the sign-in address.")
	return tea.SetClipboard(s.url)
}

// choose starts the flow for the highlighted connector.
func (s *Connect) choose() tea.Cmd {
	if len(s.shown) == 0 {
		return nil
	}
	s.setConnector(s.connectors[s.shown[s.list.Cursor()]].ID)
	return s.run()
}

// View implements common.Screen.
func (s *Connect) View() string {
	st := s.c.Styles
	w := s.c.Width
	phase := s.phase()
	if phase == connectChoosing {
		return s.chooserHeader() + "\n" + s.chooserView()
	}
	var sb strings.Builder
	sb.WriteString(st.Title.Render(ansi.Truncate("Connect "+s.name, w, "…")))
	sb.WriteString("\n\n")
	browserFailed := false
	// A step is either a fact (listening, the browser opened) or a wait
	// (for the browser, for the exchange): only a wait spins while the flow
	// runs, and only a wait is what failed when the flow ends in error.
	lastIsWait := false
	var lines []string
	for i, ev := range s.steps {
		last := i == len(s.steps)-1
		lastIsWait = last && isWait(ev.Step)
		mark := st.Success.Render("✓")
		switch {
		case ev.Step == oauth.StepBrowserFailed:
			// Not a step that worked: the user has to do it.
			browserFailed = true
			mark = st.Warning.Render("!")
		case lastIsWait && phase == connectRunning:
			mark = st.Accent.Render(s.c.SpinnerFrame)
		case lastIsWait && phase == connectFailed:
			mark = st.Error.Render("✗")
		}
		lines = append(lines, markLine(mark, s.stepText(ev), w))
	}
	if phase == connectRunning && !lastIsWait {
		lines = append(lines, components.SpinnerLine(st, s.c.SpinnerFrame, "Working…"))
	}
	if s.ignored > 0 {
		lines = append(lines, markLine(st.Warning.Render("!"), ignoredText(s.ignored), w))
	}
	sb.WriteString(strings.Join(lines, "\n"))
	if s.url != "" && (phase == connectRunning || phase == connectFailed) {
		copyKey := st.Key.Render(s.c.Keys.Connect.Copy.Help().Key)
		lead := "If the browser did not open, open this address ("
		if browserFailed {
			lead = "The sign-in address ("
		}
		sb.WriteString("\n\n")
		sb.WriteString(st.Subtle.Render(lead) + copyKey + st.Subtle.Render(" copies it):"))
		sb.WriteByte('\n')
		sb.WriteString(breakLong(s.url, w))
	}
	if phase == connectFailed {
		sb.WriteString("\n\n")
		sb.WriteString(st.Error.Render(wrap(s.failure(), w)))
		sb.WriteByte('\n')
		sb.WriteString(s.retryHint(true))
	}
	return sb.String()
}

// retryHint says how to try again, and with back set how to go back, with
// the keys named from the key map.
func (s *Connect) retryHint(back bool) string {
	st := s.c.Styles
	line := st.Subtle.Render("Press ") + st.Key.Render(s.c.Keys.Connect.Retry.Help().Key) + st.Subtle.Render(" to try again")
	if back {
		line += st.Subtle.Render(", ") + st.Key.Render(s.c.Keys.Global.Back.Help().Key) + st.Subtle.Render(" to go back")
	}
	return line + st.Subtle.Render(".")
}

// markLine is a step's line: its mark, a space, and its text cut to what
// is left of width.
func markLine(mark, text string, width int) string {
	return mark + " " + ansi.Truncate(text, max(width-lipgloss.Width(mark)-1, 1), "…")
}

// isWait reports whether a step says the flow is waiting on something,
// rather than that something happened.
func isWait(step oauth.Step) bool {
	switch step {
	case oauth.StepWaiting, oauth.StepExchanging, oauth.StepFinding:
		return true
	}
	return false
}

// failure says why the flow ended without a connection.
func (s *Connect) failure() string {
	switch {
	case s.interrupted:
		return common.Explain(context.Canceled)
	case s.flow.Err() == nil:
		return "Connecting did not start."
	}
	return common.Explain(s.flow.Err())
}

// stepText is the line shown for a step, naming the service as it names
// itself (the flow's own sentences use the connector's id).
func (s *Connect) stepText(ev oauth.Event) string {
	switch ev.Step {
	case oauth.StepListening:
		return "Listening for the browser's return on " + ev.Addr
	case oauth.StepURLReady:
		return "Sign-in address for " + s.name + " ready"
	case oauth.StepBrowserOpened:
		return "Browser opened at the sign-in address"
	case oauth.StepBrowserFailed:
		if s.c.OpenBrowser == nil {
			return "Open the sign-in address below in a browser"
		}
		return "No browser could be opened: open the address below yourself"
	case oauth.StepWaiting:
		return "Waiting for you to finish in the browser"
	case oauth.StepCallbackReceived:
		return "The browser came back"
	case oauth.StepExchanging:
		return "Exchanging the authorisation code"
	case oauth.StepFinding:
		return "Looking for the new connection"
	case oauth.StepDone:
		return "Connected " + s.name
	}
	if ev.Message != "" {
		return ev.Message
	}
	return "…"
}

// ignoredText counts the callbacks the flow ignored.
func ignoredText(n int) string {
	if n == 1 {
		return "Ignored 1 forged callback: it was not this sign-in's return"
	}
	return "Ignored " + strconv.Itoa(n) + " forged callbacks: they were not this sign-in's return"
}

// breakLong cuts a long unbroken string (a URL) into lines of width cells.
func breakLong(s string, width int) string {
	if width < 1 {
		return s
	}
	var lines []string
	for ansi.StringWidth(s) > width {
		lines = append(lines, ansi.Truncate(s, width, ""))
		s = ansi.TruncateLeft(s, width, "")
	}
	return strings.Join(append(lines, s), "\n")
}

// chooserHeader is what sits above the list of connectors: the title, then
// the filter or the question.
func (s *Connect) chooserHeader() string {
	st := s.c.Styles
	w := s.c.Width
	line := st.Subtle.Render(ansi.Truncate("Choose the service to connect:", w, "…"))
	if s.filter.Focused() || s.filter.Value() != "" {
		line = ansi.Truncate(s.filter.View(), w, "")
	}
	return st.Title.Render(ansi.Truncate("Connect a service", w, "…")) + "\n" + line
}

// chooserView is the list of connectors, or why there is none.
func (s *Connect) chooserView() string {
	st := s.c.Styles
	w := s.c.Width
	switch {
	case s.load.Running():
		return components.SpinnerLine(st, s.c.SpinnerFrame, "Loading connectors…")
	case s.load.Err() != nil:
		return st.Error.Render(wrap(common.Explain(s.load.Err()), w)) + "\n" + s.retryHint(false)
	case len(s.shown) == 0 && s.filter.Value() != "":
		return st.Subtle.Render(wrap("No service matches the filter.", w))
	}
	return s.list.View(func(i int, selected bool) string {
		c := s.connectors[s.shown[i]]
		line := "  " + connectorLabel(c)
		if cat := models.SanitizeLine(c.Category); cat != "" {
			line += st.Faint.Render("  " + cat)
		}
		line = ansi.Truncate(line, w, "…")
		if selected {
			return st.Selected.Render(fitWidth(line, w))
		}
		return line
	})
}
