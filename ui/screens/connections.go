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
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// Connections lists the user's connections across connectors.
type Connections struct {
	c  *common.Context
	id int

	all []models.Connection
	// active maps a connector to its active connection id.
	active   map[string]string
	shown    []int // indexes into all that pass the filter
	list     components.List
	filter   textinput.Model
	loaded   bool
	loading  bool
	working  string // a change in flight ("Disconnecting…")
	err      error
	confirm  components.Confirm
	toDelete models.Connection

	gen         int
	cancel      context.CancelFunc
	interrupted bool
}

type connectionsLoadedMsg struct {
	target, gen int
	conns       []models.Connection
	active      map[string]string
	err         error
}

func (m connectionsLoadedMsg) TargetID() int { return m.target }

type connectionActivatedMsg struct {
	target int
	conn   models.Connection
	err    error // the keystore could not save it
}

func (m connectionActivatedMsg) TargetID() int { return m.target }

type connectionDeletedMsg struct {
	target int
	conn   models.Connection
	err    error
}

func (m connectionDeletedMsg) TargetID() int { return m.target }

// NewConnections returns the connections screen. When known is not nil it
// is shown at once instead of being fetched (Welcome has just listed them).
func NewConnections(c *common.Context, known []models.Connection) *Connections {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "filter"
	in.SetStyles(c.Styles.Input)
	s := &Connections{c: c, id: c.NewID(), filter: in, active: map[string]string{}}
	if known != nil {
		s.setConnections(known, map[string]string{alloy.NotionConnector: c.ActiveConnection})
	}
	s.Resize()
	return s
}

// ID implements common.Screen.
func (s *Connections) ID() int { return s.id }

// Init loads the connections unless they are known already.
func (s *Connections) Init() tea.Cmd {
	if s.loaded {
		return nil
	}
	return s.load()
}

// Capturing is true while the filter or the confirmation has the keys.
func (s *Connections) Capturing() bool { return s.filter.Focused() || s.confirm.IsOpen() }

// Busy implements common.Screen.
func (s *Connections) Busy() string {
	if s.working != "" {
		return s.working
	}
	if s.loading {
		return "Loading connections…"
	}
	return ""
}

// Suspend cancels the listing in flight.
func (s *Connections) Suspend() {
	if s.cancel != nil && s.loading {
		s.cancel()
		s.loading = false
		s.interrupted = true
	}
}

// Resume lists the connections again: they may have changed meanwhile.
func (s *Connections) Resume() tea.Cmd {
	s.interrupted = false
	return s.load()
}

// Resize implements common.Screen.
func (s *Connections) Resize() tea.Cmd {
	s.filter.SetStyles(s.c.Styles.Input)
	s.filter.SetWidth(max(s.c.Width-4, 1))
	s.list.SetHeight(max(s.c.Height-4, 1))
	return nil
}

// Help implements common.Screen.
func (s *Connections) Help() help.KeyMap {
	k := s.c.Keys.Conns
	g := s.c.Keys.Global
	if s.confirm.IsOpen() {
		ck := s.c.Keys.Confirm
		return common.HelpKeys{Short: []key.Binding{ck.Yes, ck.No}, Full: [][]key.Binding{{ck.Yes, ck.No}}}
	}
	if s.filter.Focused() {
		return common.HelpKeys{
			Short: []key.Binding{k.Up, k.Down, k.Activate, k.ClearFilter},
			Full:  [][]key.Binding{{k.Up, k.Down, k.Activate, k.ClearFilter}},
		}
	}
	return common.HelpKeys{
		Short: []key.Binding{k.Activate, k.Connect, k.Disconnect, k.Filter, k.Refresh, g.Quit},
		Full: [][]key.Binding{
			{k.Up, k.Down, k.Activate, k.Filter},
			{k.Connect, k.Disconnect, k.Refresh},
			{g.SearchTab, g.ConnectionsTab, g.NextTab, g.Help, g.Quit},
		},
	}
}

func (s *Connections) load() tea.Cmd {
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
	s.loading = true
	gen, target, store, activeNotion := s.gen, s.id, s.c.Store, s.c.ActiveConnection
	return func() tea.Msg {
		conns, err := client.ListUserConnections(ctx)
		active := map[string]string{}
		if err == nil && store != nil {
			// The keystore may be slow: it is read here, off the Update loop.
			for _, conn := range conns {
				if _, done := active[conn.Connector]; done {
					continue
				}
				id, _ := store.Get(keystore.ConnectionKey(conn.Connector))
				active[conn.Connector] = id
			}
		}
		if activeNotion != "" {
			active[alloy.NotionConnector] = activeNotion
		}
		return connectionsLoadedMsg{target: target, gen: gen, conns: conns, active: active, err: err}
	}
}

// setConnections shows a listing, Notion first, then by connector and
// newest first.
func (s *Connections) setConnections(conns []models.Connection, active map[string]string) {
	s.all = slices.Clone(conns)
	slices.SortStableFunc(s.all, func(a, b models.Connection) int {
		an, bn := a.Connector == alloy.NotionConnector, b.Connector == alloy.NotionConnector
		switch {
		case an && !bn:
			return -1
		case bn && !an:
			return 1
		}
		if c := strings.Compare(a.Connector, b.Connector); c != 0 {
			return c
		}
		return b.CreatedAt.Compare(a.CreatedAt)
	})
	s.active = active
	s.loaded = true
	s.applyFilter()
}

func (s *Connections) applyFilter() {
	q := strings.ToLower(strings.TrimSpace(s.filter.Value()))
	s.shown = s.shown[:0]
	for i, conn := range s.all {
		if q == "" || strings.Contains(strings.ToLower(conn.Name+" "+conn.Connector+" "+conn.ID), q) {
			s.shown = append(s.shown, i)
		}
	}
	s.list.SetLength(len(s.shown))
}

func (s *Connections) hasNotion() bool {
	for _, conn := range s.all {
		if conn.Connector == alloy.NotionConnector {
			return true
		}
	}
	return false
}

func (s *Connections) selected() (models.Connection, bool) {
	if len(s.shown) == 0 {
		return models.Connection{}, false
	}
	return s.all[s.shown[s.list.Cursor()]], true
}

// Update implements common.Screen.
func (s *Connections) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return s.key(msg)
	case connectionsLoadedMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.loading = false
		if msg.err != nil {
			if common.IsCanceled(msg.err) {
				return nil
			}
			s.err = msg.err
			return errorCmd(msg.err)
		}
		s.err = nil
		s.setConnections(msg.conns, msg.active)
	case connectionActivatedMsg:
		s.working = ""
		s.active[msg.conn.Connector] = msg.conn.ID
		if msg.conn.Connector == alloy.NotionConnector {
			s.c.Emit(common.ActivateConnectionMsg{Connection: msg.conn})
		}
		switch {
		case msg.err != nil:
			return infoCmd("Active for this session only: " + common.Explain(msg.err))
		case msg.conn.Connector != alloy.NotionConnector:
			return infoCmd("Now using " + connName(msg.conn) + " for " + common.ConnectorName(msg.conn.Connector) + ".")
		}
		return nil
	case connectionDeletedMsg:
		s.working = ""
		if msg.err != nil {
			return errorCmd(msg.err)
		}
		conns := slices.DeleteFunc(slices.Clone(s.all), func(c models.Connection) bool { return c.ID == msg.conn.ID })
		if s.active[msg.conn.Connector] == msg.conn.ID {
			delete(s.active, msg.conn.Connector)
		}
		s.setConnections(conns, s.active)
		s.c.Emit(common.ConnectionRemovedMsg{Connection: msg.conn})
		return infoCmd("Disconnected " + connName(msg.conn) + ".")
	case common.ActivateConnectionMsg:
		s.active[msg.Connection.Connector] = msg.Connection.ID
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

func connName(c models.Connection) string {
	name := strings.TrimSpace(models.SanitizeLine(c.Name))
	if name == "" {
		name = c.ID
	}
	return name
}

func (s *Connections) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys.Conns
	if s.confirm.IsOpen() {
		answered, yes := s.confirm.Answer(msg, s.c.Keys.Confirm)
		if answered && yes {
			return s.disconnect(s.toDelete)
		}
		return nil
	}
	if s.filter.Focused() {
		switch {
		case key.Matches(msg, k.ClearFilter):
			s.filter.SetValue("")
			s.filter.Blur()
			s.applyFilter()
			return nil
		case key.Matches(msg, k.Activate):
			s.filter.Blur()
			return nil
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
	switch {
	case key.Matches(msg, k.ClearFilter) && s.filter.Value() != "":
		s.filter.SetValue("")
		s.applyFilter()
	case key.Matches(msg, k.Up):
		s.list.Move(-1)
	case key.Matches(msg, k.Down):
		s.list.Move(1)
	case key.Matches(msg, k.Filter):
		return s.filter.Focus()
	case key.Matches(msg, k.Refresh):
		return s.load()
	case key.Matches(msg, k.Connect):
		s.c.Emit(common.ConnectMsg{})
	case key.Matches(msg, k.Activate):
		conn, ok := s.selected()
		if !ok {
			return nil
		}
		return s.activate(conn)
	case key.Matches(msg, k.Disconnect):
		conn, ok := s.selected()
		if !ok {
			return nil
		}
		s.toDelete = conn
		s.confirm.Open("Disconnect " + connName(conn) + " (" + common.ConnectorName(conn.Connector) + ")?")
	}
	return nil
}

// activate saves a connection as its connector's active one.
func (s *Connections) activate(conn models.Connection) tea.Cmd {
	s.working = "Saving the active connection…"
	store, target := s.c.Store, s.id
	return func() tea.Msg {
		var err error
		if store != nil {
			err = store.Set(keystore.ConnectionKey(conn.Connector), conn.ID)
		} else {
			err = keystore.ErrUnavailable
		}
		return connectionActivatedMsg{target: target, conn: conn, err: err}
	}
}

func (s *Connections) disconnect(conn models.Connection) tea.Cmd {
	client := s.c.Client
	if client == nil {
		return nil
	}
	s.working = "Disconnecting " + connName(conn) + "…"
	wasActive := s.active[conn.Connector] == conn.ID
	store, target, ctx := s.c.Store, s.id, s.c.Ctx
	return func() tea.Msg {
		err := client.DeleteConnection(ctx, conn.ID)
		if err == nil && wasActive && store != nil {
			// An active connection that is gone would point at nothing.
			// Failing to forget it is harmless: the connection is gone
			// either way, and the next start lists connections again.
			_ = store.Delete(keystore.ConnectionKey(conn.Connector))
		}
		return connectionDeletedMsg{target: target, conn: conn, err: err}
	}
}

// View implements common.Screen.
func (s *Connections) View() string {
	st := s.c.Styles
	w := s.c.Width
	var sb strings.Builder
	sb.WriteString(components.Tabs(st, w, common.TabConnections))
	sb.WriteByte('\n')
	switch {
	case s.confirm.IsOpen():
		sb.WriteString(ansi.Truncate(s.confirm.View(st), w, "…"))
	case s.filter.Focused() || s.filter.Value() != "":
		sb.WriteString(ansi.Truncate(s.filter.View(), w, ""))
	default:
		sb.WriteString(st.Subtle.Render(ansi.Truncate(s.summary(), w, "…")))
	}
	sb.WriteByte('\n')
	sb.WriteString(s.notice())
	sb.WriteByte('\n')
	sb.WriteString(s.header())
	sb.WriteByte('\n')
	switch {
	case !s.loaded && s.loading:
		sb.WriteString(components.SpinnerLine(st, s.c.SpinnerFrame, "Loading connections…"))
	case !s.loaded && s.err != nil:
		sb.WriteString(st.Error.Render(wrap(common.Explain(s.err), w)) + "\n" + st.Subtle.Render("Press r to try again."))
	case s.loaded && len(s.all) == 0:
		sb.WriteString(st.Subtle.Render(wrap("No connections yet. Press c to connect Notion.", w)))
	default:
		sb.WriteString(s.list.View(s.row))
	}
	return sb.String()
}

func (s *Connections) summary() string {
	if !s.loaded {
		return ""
	}
	n := len(s.all)
	if n == 1 {
		return "1 connection"
	}
	return itoa(n) + " connections"
}

// notice is the line that says what to do next, when something is missing.
func (s *Connections) notice() string {
	st := s.c.Styles
	switch {
	case s.loaded && !s.hasNotion():
		return st.Warning.Render(ansi.Truncate("No Notion connection yet: press c to connect one.", s.c.Width, "…"))
	case s.loaded && s.active[alloy.NotionConnector] == "" && s.hasNotion():
		return st.Warning.Render(ansi.Truncate("Choose the Notion connection to use and press enter.", s.c.Width, "…"))
	}
	return ""
}

// Column widths of the connections table, beside the name.
const (
	connectorColumn = 11
	createdColumn   = 14
)

func (s *Connections) header() string {
	w := s.c.Width
	name := max(w-2-connectorColumn-createdColumn, 8)
	line := "  " + padRight("NAME", name) + padRight("CONNECTOR", connectorColumn) + padRight("CREATED", createdColumn)
	return s.c.Styles.Faint.Render(ansi.Truncate(line, w, ""))
}

func (s *Connections) row(i int, selected bool) string {
	st := s.c.Styles
	conn := s.all[s.shown[i]]
	w := s.c.Width
	nameW := max(w-2-connectorColumn-createdColumn, 8)
	mark := "  "
	if s.active[conn.Connector] == conn.ID {
		mark = "● "
	}
	created := common.Ago(s.c.Now(), conn.CreatedAt)
	line := mark + padRight(connName(conn), nameW) + padRight(common.ConnectorName(conn.Connector), connectorColumn) + padRight(created, createdColumn)
	line = ansi.Truncate(line, w, "")
	if selected {
		return st.Selected.Render(fitWidth(line, w))
	}
	if mark != "  " {
		return st.Accent.Render(mark) + st.Normal.Render(strings.TrimPrefix(line, mark))
	}
	return st.Normal.Render(line)
}

// fitWidth cuts or pads a whole line to exactly width cells.
func fitWidth(s string, width int) string {
	s = ansi.Truncate(s, width, "…")
	return s + strings.Repeat(" ", max(width-ansi.StringWidth(s), 0))
}

// padRight cuts or pads s to exactly width cells, leaving a space before the
// next column.
func padRight(s string, width int) string {
	if width <= 0 {
		return ""
	}
	s = ansi.Truncate(s, width-1, "…")
	return s + strings.Repeat(" ", width-ansi.StringWidth(s))
}
