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
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// Connections lists the user's connections across connectors.
type Connections struct {
	c *common.Context
	common.Requests

	// load lists the connections; disconnect deletes one.
	load, disconnect common.Request

	all []models.Connection
	// active maps a connector to its active connection id.
	active   map[string]string
	shown    []int // indexes into all that pass the filter
	list     components.List
	filter   textinput.Model
	loaded   bool
	confirm  components.Confirm
	toDelete models.Connection
}

// connectionsListing is what one listing found: the connections and each
// connector's active one.
type connectionsListing struct {
	conns  []models.Connection
	active map[string]string
}

// NewConnections returns the connections screen. When known is not nil it
// is shown at once instead of being fetched (Welcome has just listed them).
func NewConnections(c *common.Context, known []models.Connection) *Connections {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "filter"
	in.SetStyles(c.Styles.Input)
	s := &Connections{c: c, filter: in, active: map[string]string{}}
	s.load.Label = "Loading connections…"
	s.disconnect.Label = "Disconnecting…"
	s.Track(c, &s.disconnect, &s.load)
	if known != nil {
		s.setConnections(known, map[string]string{alloy.NotionConnector: c.ActiveConnection})
	}
	s.Resize()
	return s
}

// Init loads the connections unless they are known already.
func (s *Connections) Init() tea.Cmd {
	if s.loaded {
		return nil
	}
	return s.fetch()
}

// Capturing is true while the filter or the confirmation has the keys.
func (s *Connections) Capturing() bool { return s.filter.Focused() || s.confirm.IsOpen() }

// InputEmpty reports whether the filter is empty, when ? opens the help.
func (s *Connections) InputEmpty() bool { return s.filter.Focused() && s.filter.Value() == "" }

// Resume lists the connections again: they may have changed meanwhile.
func (s *Connections) Resume() tea.Cmd {
	return tea.Batch(s.Requests.Resume(), s.fetch())
}

// Resize implements common.Screen.
func (s *Connections) Resize() tea.Cmd {
	s.filter.SetStyles(s.c.Styles.Input)
	s.filter.SetWidth(max(s.c.Width-lipgloss.Width(s.filter.Prompt)-1, 1))
	// Above the rows: the tabs, the summary or filter line, the notice
	// and the column header.
	above := lipgloss.Height(components.Tabs(s.c.Styles, s.c.Width, common.TabConnections)) + 3
	s.list.SetHeight(max(s.c.Height-above, 1))
	return nil
}

// Help implements common.Screen: only what works now.
func (s *Connections) Help() help.KeyMap {
	k := s.c.Keys.Conns
	if s.confirm.IsOpen() {
		ck := s.c.Keys.Confirm
		return common.HelpKeys{Short: []key.Binding{ck.Yes, ck.No}, Full: [][]key.Binding{{ck.Yes, ck.No}}}
	}
	if s.filter.Focused() {
		keys := []key.Binding{k.InputUp, k.InputDown, k.Activate, k.ClearFilter}
		return common.HelpKeys{Short: keys, Full: [][]key.Binding{keys}}
	}
	if len(s.all) == 0 {
		keys := []key.Binding{k.Connect, k.Refresh}
		return common.HelpKeys{Short: keys, Full: [][]key.Binding{keys}}
	}
	short := []key.Binding{k.Activate, k.Connect, k.Disconnect, k.Filter}
	if s.filter.Value() != "" {
		short = append(short, k.ClearFilter)
	}
	return common.HelpKeys{
		Short: short,
		Full: [][]key.Binding{
			{k.Up, k.Down, k.Activate, k.Filter},
			{k.Connect, k.Disconnect, k.Refresh},
		},
	}
}

// fetch lists the connections, and reads each connector's active one from
// the keystore, off the Update loop since a keychain may be slow.
func (s *Connections) fetch() tea.Cmd {
	client := s.c.Client
	if client == nil {
		return nil
	}
	store, activeNotion := s.c.Store, s.c.ActiveConnection
	return common.Fetch(s.c, &s.load, func(ctx context.Context) (connectionsListing, error) {
		conns, err := client.ListUserConnections(ctx)
		if err != nil {
			return connectionsListing{}, err
		}
		active := map[string]string{}
		if store != nil {
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
		return connectionsListing{conns: conns, active: active}, nil
	}, func(l connectionsListing) tea.Cmd {
		s.setConnections(l.conns, l.active)
		return nil
	})
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
			return s.remove(s.toDelete)
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
	switch {
	case key.Matches(msg, k.ClearFilter) && s.filter.Value() != "":
		s.filter.SetValue("")
		s.applyFilter()
	case key.Matches(msg, k.Up):
		s.list.Move(-1)
	case key.Matches(msg, k.Down):
		s.list.Move(1)
	case key.Matches(msg, k.Filter) && len(s.all) > 0:
		return s.filter.Focus()
	case key.Matches(msg, k.Refresh):
		return s.fetch()
	case key.Matches(msg, k.Connect):
		s.c.Emit(common.ConnectMsg{})
	case key.Matches(msg, k.Activate):
		if conn, ok := s.selected(); ok {
			// The root makes it active and saves it.
			s.c.Emit(common.ActivateConnectionMsg{Connection: conn})
		}
	case key.Matches(msg, k.Disconnect):
		if conn, ok := s.selected(); ok {
			s.toDelete = conn
			s.confirm.Open("Disconnect " + connName(conn) + " (" + common.ConnectorName(conn.Connector) + ")?")
		}
	}
	return nil
}

// remove deletes a connection at Alloy, and forgets it in the keystore
// when it was its connector's active one.
func (s *Connections) remove(conn models.Connection) tea.Cmd {
	client := s.c.Client
	if client == nil {
		return nil
	}
	s.disconnect.Label = "Disconnecting " + connName(conn) + "…"
	wasActive := s.active[conn.Connector] == conn.ID
	store := s.c.Store
	return common.Fetch(s.c, &s.disconnect, func(ctx context.Context) (struct{}, error) {
		err := client.DeleteConnection(ctx, conn.ID)
		if err == nil && wasActive && store != nil {
			// An active connection that is gone would point at nothing.
			// Failing to forget it is harmless: the connection is gone
			// either way, and the next start lists connections again.
			_ = store.Delete(keystore.ConnectionKey(conn.Connector))
		}
		return struct{}{}, err
	}, func(struct{}) tea.Cmd {
		conns := slices.DeleteFunc(slices.Clone(s.all), func(c models.Connection) bool { return c.ID == conn.ID })
		if s.active[conn.Connector] == conn.ID {
			delete(s.active, conn.Connector)
		}
		s.setConnections(conns, s.active)
		s.c.Emit(common.ConnectionRemovedMsg{Connection: conn})
		s.c.Note("Disconnected " + connName(conn) + ".")
		return nil
	})
}

// View implements common.Screen.
func (s *Connections) View() string {
	st := s.c.Styles
	w := s.c.Width
	k := s.c.Keys.Conns
	var sb strings.Builder
	sb.WriteString(components.Tabs(st, w, common.TabConnections))
	sb.WriteByte('\n')
	switch {
	case !s.loaded && s.load.Running():
		sb.WriteString(components.SpinnerLine(st, s.c.SpinnerFrame, s.load.Busy(s.c.Now())))
		return sb.String()
	case !s.loaded && s.load.Err() != nil:
		sb.WriteString(st.Error.Render(wrap(common.Explain(s.load.Err()), w)) + "\n" +
			st.Subtle.Render("Press ") + hint(st, k.Refresh, "to try again."))
		return sb.String()
	case s.loaded && len(s.all) == 0:
		// One sentence, and nothing else: no header over nothing.
		sb.WriteString(st.Subtle.Render("No connections yet. Press ") + hint(st, k.Connect, "to connect Notion."))
		return sb.String()
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
	sb.WriteString(s.list.View(s.row))
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
	return strconv.Itoa(n) + " connections"
}

// notice is the line that says what to do next, when something is missing.
func (s *Connections) notice() string {
	st := s.c.Styles
	k := s.c.Keys.Conns
	switch {
	case s.loaded && !s.hasNotion():
		return ansi.Truncate(st.Warning.Render("No Notion connection yet: press ")+hint(st, k.Connect, "to connect one."), s.c.Width, "…")
	case s.loaded && s.active[alloy.NotionConnector] == "" && s.hasNotion():
		return ansi.Truncate(st.Warning.Render("Choose the Notion connection to use and press ")+st.Key.Render(k.Activate.Help().Key)+st.Warning.Render("."), s.c.Width, "…")
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
