package screens

import (
	"context"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/alloy/oauth"
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

type connectPhase int

const (
	connectChoosing connectPhase = iota
	connectRunning
	connectSaving
	connectFailed
)

// Connect connects a new service: it lets the user choose a connector, then
// runs the OAuth flow with its loopback listener, showing each step as it
// happens.
type Connect struct {
	c  *common.Context
	id int

	phase      connectPhase
	connectors []models.Connector
	shown      []int
	list       components.List
	filter     textinput.Model
	loading    bool
	loadErr    error

	connector string
	steps     []oauth.Event
	url       string
	err       error
	// saveErr is why the new connection could not be kept in the keychain.
	saveErr error

	gen    int
	cancel context.CancelFunc
}

type connectorsLoadedMsg struct {
	target, gen int
	connectors  []models.Connector
	err         error
}

func (m connectorsLoadedMsg) TargetID() int { return m.target }

type connectProgressMsg struct {
	target, gen int
	ev          oauth.Event
	ch          <-chan tea.Msg
}

func (m connectProgressMsg) TargetID() int { return m.target }

type connectFinishedMsg struct {
	target, gen int
	conn        models.Connection
	err         error
}

func (m connectFinishedMsg) TargetID() int { return m.target }

type connectionSavedMsg struct {
	target int
	conn   models.Connection
	err    error
}

func (m connectionSavedMsg) TargetID() int { return m.target }

// NewConnect returns the connect screen; with a connector given it starts
// the flow at once instead of offering the choice.
func NewConnect(c *common.Context, connector string) *Connect {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "filter"
	in.SetStyles(c.Styles.Input)
	s := &Connect{c: c, id: c.NewID(), filter: in, connector: connector}
	if connector != "" {
		s.phase = connectRunning
	}
	s.Resize()
	return s
}

// ID implements common.Screen.
func (s *Connect) ID() int { return s.id }

// Init lists the connectors, or starts the flow.
func (s *Connect) Init() tea.Cmd {
	if s.connector != "" {
		return s.run()
	}
	return s.loadConnectors()
}

// Capturing is true while the filter has the keys.
func (s *Connect) Capturing() bool { return s.filter.Focused() }

// Busy implements common.Screen.
func (s *Connect) Busy() string {
	switch {
	case s.loading:
		return "Loading connectors…"
	case s.phase == connectRunning:
		return "Connecting " + common.ConnectorName(s.connector) + "…"
	case s.phase == connectSaving:
		return "Saving the new connection…"
	}
	return ""
}

// Suspend cancels the flow, which closes its listener.
func (s *Connect) Suspend() {
	if s.cancel != nil {
		s.cancel()
	}
}

// Resume implements common.Screen. A flow cancelled by leaving is not
// restarted behind the user's back: r retries.
func (s *Connect) Resume() tea.Cmd {
	if s.phase == connectRunning {
		s.phase, s.err = connectFailed, context.Canceled
	}
	return nil
}

// Resize implements common.Screen.
func (s *Connect) Resize() tea.Cmd {
	s.filter.SetStyles(s.c.Styles.Input)
	s.filter.SetWidth(max(s.c.Width-4, 1))
	s.list.SetHeight(max(s.c.Height-3, 1))
	return nil
}

// Help implements common.Screen.
func (s *Connect) Help() help.KeyMap {
	k := s.c.Keys.Connect
	switch s.phase {
	case connectChoosing:
		return common.HelpKeys{
			Short: []key.Binding{k.Up, k.Down, k.Choose, k.Filter, k.Cancel},
			Full:  [][]key.Binding{{k.Up, k.Down, k.Choose, k.Filter, k.Cancel}},
		}
	case connectFailed:
		return common.HelpKeys{Short: []key.Binding{k.Retry, k.Cancel}, Full: [][]key.Binding{{k.Retry, k.Cancel}}}
	}
	return common.HelpKeys{Short: []key.Binding{k.Copy, k.Cancel}, Full: [][]key.Binding{{k.Copy, k.Cancel}}}
}

func (s *Connect) loadConnectors() tea.Cmd {
	client := s.c.Client
	if client == nil {
		return nil
	}
	if s.cancel != nil {
		s.cancel()
	}
	ctx, cancel := context.WithCancel(s.c.Ctx)
	s.cancel = cancel
	s.gen++
	s.loading, s.loadErr = true, nil
	gen, target := s.gen, s.id
	return func() tea.Msg {
		list, err := client.ListConnectors(ctx)
		return connectorsLoadedMsg{target: target, gen: gen, connectors: list, err: err}
	}
}

// run starts the OAuth flow in a goroutine whose progress events arrive as
// messages; cancelling its context (leaving the screen) ends it and closes
// the listener.
func (s *Connect) run() tea.Cmd {
	client := s.c.Client
	if client == nil {
		return nil
	}
	if s.cancel != nil {
		s.cancel()
	}
	ctx, cancel := context.WithCancel(s.c.Ctx)
	s.cancel = cancel
	s.gen++
	s.phase, s.err, s.saveErr, s.steps, s.url = connectRunning, nil, nil, nil, ""
	gen, target := s.gen, s.id
	opts := oauth.Options{
		Connector:   s.connector,
		RedirectURI: s.c.RedirectURI,
		OpenBrowser: s.c.OpenBrowser,
	}
	ch := make(chan tea.Msg, 16)
	opts.Progress = func(ev oauth.Event) {
		select {
		case ch <- connectProgressMsg{target: target, gen: gen, ev: ev, ch: ch}:
		case <-ctx.Done():
		}
	}
	go func() {
		defer close(ch)
		conn, err := oauth.Run(ctx, client, opts)
		select {
		case ch <- connectFinishedMsg{target: target, gen: gen, conn: conn, err: err}:
		case <-ctx.Done():
		}
	}()
	return waitForTree(ch)
}

// Update implements common.Screen.
func (s *Connect) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return s.key(msg)
	case connectorsLoadedMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.loading = false
		if msg.err != nil {
			if common.IsCanceled(msg.err) {
				return nil
			}
			s.loadErr = msg.err
			return errorCmd(msg.err)
		}
		s.setConnectors(msg.connectors)
	case connectProgressMsg:
		if msg.gen != s.gen {
			return nil
		}
		ev := msg.ev
		ev.Message = models.SanitizeLine(ev.Message)
		ev.URL = models.SanitizeLine(ev.URL)
		if ev.URL != "" {
			s.url = ev.URL
		}
		s.steps = append(s.steps, ev)
		return waitForTree(msg.ch)
	case connectFinishedMsg:
		if msg.gen != s.gen {
			return nil
		}
		if msg.err != nil {
			s.phase, s.err = connectFailed, msg.err
			if common.IsUnauthorized(msg.err) {
				return errorCmd(msg.err)
			}
			return nil
		}
		s.phase = connectSaving
		conn := msg.conn
		if conn.Connector == "" {
			conn.Connector = s.connector
		}
		store, target := s.c.Store, s.id
		return func() tea.Msg {
			var err error
			if store != nil {
				err = store.Set(keystore.ConnectionKey(conn.Connector), conn.ID)
			} else {
				err = keystore.ErrUnavailable
			}
			return connectionSavedMsg{target: target, conn: conn, err: err}
		}
	case connectionSavedMsg:
		s.c.Emit(common.ConnectedMsg{Connection: msg.conn})
		if msg.err != nil {
			return infoCmd("Connected, but not saved in the keychain: " + common.Explain(msg.err))
		}
		return infoCmd("Connected " + common.ConnectorName(msg.conn.Connector) + ": " + connName(msg.conn) + ".")
	default:
		if s.filter.Focused() {
			var cmd tea.Cmd
			s.filter, cmd = s.filter.Update(msg)
			s.applyFilter()
			return cmd
		}
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

func connectorLabel(c models.Connector) string {
	name := strings.TrimSpace(models.SanitizeLine(c.Name))
	if name == "" {
		return common.ConnectorName(c.ID)
	}
	return name
}

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

func (s *Connect) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys.Connect
	if s.filter.Focused() {
		switch {
		case msg.String() == "esc":
			s.filter.SetValue("")
			s.filter.Blur()
			s.applyFilter()
			return nil
		case key.Matches(msg, k.Choose):
			s.filter.Blur()
			return s.choose()
		case msg.String() == "up" || msg.String() == "ctrl+p":
			s.list.Move(-1)
			return nil
		case msg.String() == "down" || msg.String() == "ctrl+n":
			s.list.Move(1)
			return nil
		}
		var cmd tea.Cmd
		s.filter, cmd = s.filter.Update(msg)
		s.applyFilter()
		return cmd
	}
	switch s.phase {
	case connectChoosing:
		switch {
		case key.Matches(msg, k.Up):
			s.list.Move(-1)
		case key.Matches(msg, k.Down):
			s.list.Move(1)
		case key.Matches(msg, k.Filter):
			return s.filter.Focus()
		case key.Matches(msg, k.Choose):
			return s.choose()
		case key.Matches(msg, k.Retry) && s.loadErr != nil:
			return s.loadConnectors()
		}
	case connectRunning:
		if key.Matches(msg, k.Copy) && s.url != "" {
			return tea.Batch(tea.SetClipboard(s.url), infoCmd("Copied the sign-in URL."))
		}
	case connectFailed:
		if key.Matches(msg, k.Retry) {
			return s.run()
		}
		if key.Matches(msg, k.Copy) && s.url != "" {
			return tea.Batch(tea.SetClipboard(s.url), infoCmd("Copied the sign-in URL."))
		}
	}
	return nil
}

func (s *Connect) choose() tea.Cmd {
	if len(s.shown) == 0 {
		return nil
	}
	s.connector = s.connectors[s.shown[s.list.Cursor()]].ID
	return s.run()
}

// View implements common.Screen.
func (s *Connect) View() string {
	st := s.c.Styles
	w := s.c.Width
	var sb strings.Builder
	title := "Connect a service"
	if s.connector != "" {
		title = "Connect " + common.ConnectorName(s.connector)
	}
	sb.WriteString(st.Title.Render(ansi.Truncate(title, w, "…")))
	sb.WriteByte('\n')
	if s.phase == connectChoosing {
		sb.WriteString(s.chooserView())
		return sb.String()
	}
	sb.WriteByte('\n')
	var lines []string
	for i, ev := range s.steps {
		mark := st.Success.Render("✓")
		if i == len(s.steps)-1 && s.phase == connectRunning {
			mark = st.Accent.Render(s.c.SpinnerFrame)
		}
		lines = append(lines, mark+" "+ansi.Truncate(stepText(ev), max(w-2, 1), "…"))
	}
	if len(s.steps) == 0 && s.phase == connectRunning {
		lines = append(lines, components.SpinnerLine(st, s.c.SpinnerFrame, "Starting…"))
	}
	if s.phase == connectSaving {
		lines = append(lines, components.SpinnerLine(st, s.c.SpinnerFrame, "Saving the new connection…"))
	}
	sb.WriteString(strings.Join(lines, "\n"))
	if s.url != "" && s.phase != connectSaving {
		sb.WriteString("\n\n")
		sb.WriteString(st.Subtle.Render("If the browser did not open, open this URL (y copies it):"))
		sb.WriteByte('\n')
		sb.WriteString(breakLong(s.url, w))
	}
	if s.phase == connectFailed {
		sb.WriteString("\n\n")
		sb.WriteString(st.Error.Render(wrap("✗ "+s.failure(), w)))
		sb.WriteByte('\n')
		sb.WriteString(st.Subtle.Render("Press r to try again, esc to go back."))
	}
	return sb.String()
}

func (s *Connect) failure() string {
	if common.IsCanceled(s.err) {
		return "The connection was cancelled."
	}
	return common.Explain(s.err)
}

// stepText is the line shown for a step: the flow's own sentence, or one
// made from the step when it sent none.
func stepText(ev oauth.Event) string {
	if ev.Message != "" {
		return ev.Message
	}
	switch ev.Step {
	case oauth.StepListening:
		return "Listening on " + models.SanitizeLine(ev.Addr)
	case oauth.StepURLReady:
		return "Sign-in URL ready"
	case oauth.StepBrowserOpened:
		return "Browser opened"
	case oauth.StepBrowserFailed:
		return "Could not open a browser: open the URL below"
	case oauth.StepWaiting:
		return "Waiting for the browser to come back…"
	case oauth.StepCallbackReceived:
		return "Callback received"
	case oauth.StepExchanging:
		return "Exchanging the code"
	case oauth.StepFinding:
		return "Finding the new connection"
	case oauth.StepDone:
		return "Connected"
	}
	return "…"
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

func (s *Connect) chooserView() string {
	st := s.c.Styles
	w := s.c.Width
	var sb strings.Builder
	if s.filter.Focused() || s.filter.Value() != "" {
		sb.WriteString(ansi.Truncate(s.filter.View(), w, ""))
	} else {
		sb.WriteString(st.Subtle.Render(ansi.Truncate("Choose the service to connect:", w, "…")))
	}
	sb.WriteByte('\n')
	switch {
	case s.loading:
		sb.WriteString(components.SpinnerLine(st, s.c.SpinnerFrame, "Loading connectors…"))
	case s.loadErr != nil:
		sb.WriteString(st.Error.Render(wrap(common.Explain(s.loadErr), w)) + "\n" + st.Subtle.Render("Press r to try again."))
	default:
		sb.WriteString(s.list.View(func(i int, selected bool) string {
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
		}))
	}
	return sb.String()
}
