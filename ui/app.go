package ui

import (
	"context"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
	"github.com/alloy-tui/alloy-tui/ui/screens"
)

// App is the root model. It owns the window size, the active connection, a
// stack of screens (enter pushes, esc pops), the status bar and the help, and
// routes every message: keys to whatever has focus first, then to the global
// bindings; results of requests to the screen that asked.
type App struct {
	c     *common.Context
	stack []common.Screen
	// tabs keeps the two tab screens, so switching back to one finds it as
	// it was left.
	tabs [2]common.Screen
	tab  common.Tab

	help     help.Model
	spinner  spinner.Model
	spinning bool
	status   components.StatusBar

	width, height int
	noColor       bool
	// starting is set while the connections are listed to choose the
	// first screen.
	starting bool
	quitting bool
	// laidOut is the top screen when the layout was last given out.
	laidOut common.Screen

	// viewHook, when set (by tests), receives every frame drawn.
	viewHook func(string)
}

// startupMsg carries the user's connections, listed to decide where the app
// opens when no connection is active yet.
type startupMsg struct {
	conns []models.Connection
	// saved is the Notion connection made active (and saved), if exactly
	// one exists.
	saved   *models.Connection
	saveErr error
	err     error
}

// connectionNameMsg names the active connection for the status bar.
type connectionNameMsg struct {
	id, name string
}

// New returns the root model for opts; ctx bounds every request it makes.
// Run uses it; tests drive it with teatest.
func New(ctx context.Context, opts Options) *App {
	noColor := common.NoColorRequested()
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	debounce := opts.SearchDebounce
	if debounce <= 0 {
		debounce = common.DefaultDebounce
	}
	c := &common.Context{
		Ctx:              ctx,
		Styles:           common.NewStyles(true, noColor),
		Keys:             common.NewKeyMap(),
		Client:           opts.Client,
		NewClient:        opts.NewClient,
		Store:            opts.Store,
		KeychainErr:      opts.KeychainErr,
		ActiveConnection: opts.ActiveConnection,
		RedirectURI:      opts.RedirectURI,
		OpenBrowser:      opts.OpenBrowser,
		Demo:             opts.Demo,
		Version:          opts.Version,
		Now:              now,
		Debounce:         debounce,
	}
	a := &App{c: c, noColor: noColor}
	a.help = help.New()
	a.help.Styles = c.Styles.Help
	a.spinner = spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(c.Styles.Accent))
	c.SpinnerFrame = a.spinner.View()
	return a
}

// Init asks the terminal for its background colour and opens the first
// screen.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	switch {
	case a.c.Client == nil:
		cmds = append(cmds, a.push(screens.NewWelcome(a.c, "", "")))
	case a.c.ActiveConnection != "":
		cmds = append(cmds, a.showTab(common.TabSearch), a.nameConnection())
	default:
		a.starting = true
		cmds = append(cmds, a.startup())
	}
	return tea.Batch(append(cmds, a.tick())...)
}

// startup lists the connections to decide where to open: exactly one Notion
// connection is made active and saved; otherwise Connections lets the user
// choose or connect one.
func (a *App) startup() tea.Cmd {
	client, store, ctx := a.c.Client, a.c.Store, a.c.Ctx
	return func() tea.Msg {
		conns, err := client.ListUserConnections(ctx)
		msg := startupMsg{conns: conns, err: err}
		if err != nil {
			return msg
		}
		var notion []models.Connection
		for _, conn := range conns {
			if conn.Connector == alloy.NotionConnector {
				notion = append(notion, conn)
			}
		}
		if len(notion) == 1 {
			msg.saved = &notion[0]
			if store != nil {
				msg.saveErr = store.Set(keystore.ConnectionKey(alloy.NotionConnector), notion[0].ID)
			}
		}
		return msg
	}
}

// nameConnection finds the active connection's name for the status bar; it
// is only a nicety, so failures are ignored.
func (a *App) nameConnection() tea.Cmd {
	client, id, ctx := a.c.Client, a.c.ActiveConnection, a.c.Ctx
	if client == nil || id == "" {
		return nil
	}
	return func() tea.Msg {
		conns, err := client.ListConnections(ctx, alloy.NotionConnector)
		if err != nil {
			return nil
		}
		for _, conn := range conns {
			if conn.ID == id {
				return connectionNameMsg{id: id, name: conn.Name}
			}
		}
		return nil
	}
}

func (a *App) top() common.Screen {
	if len(a.stack) == 0 {
		return nil
	}
	return a.stack[len(a.stack)-1]
}

// push shows a new screen over the current one, whose requests stop.
func (a *App) push(s common.Screen) tea.Cmd {
	if t := a.top(); t != nil {
		t.Suspend()
	}
	a.stack = append(a.stack, s)
	return tea.Batch(a.layout(false), s.Init())
}

// pop closes the top screen and shows the one below again.
func (a *App) pop() tea.Cmd {
	if len(a.stack) < 2 {
		return nil
	}
	a.top().Suspend()
	a.stack = a.stack[:len(a.stack)-1]
	return tea.Batch(a.layout(false), a.top().Resume())
}

// reset closes every screen and shows s alone.
func (a *App) reset(s common.Screen, fresh bool) tea.Cmd {
	for _, old := range a.stack {
		old.Suspend()
	}
	a.stack = []common.Screen{s}
	layout := a.layout(false)
	if fresh {
		return tea.Batch(layout, s.Init())
	}
	return tea.Batch(layout, s.Resume())
}

// showTab shows one of the tab screens alone, creating it the first time.
func (a *App) showTab(t common.Tab) tea.Cmd {
	if t == common.TabSearch && a.c.Notion() == nil {
		a.status.Info = "Choose or connect a Notion connection first."
		t = common.TabConnections
	}
	a.tab = t
	if a.tabs[t] == nil {
		switch t {
		case common.TabSearch:
			a.tabs[t] = screens.NewSearch(a.c)
		default:
			a.tabs[t] = screens.NewConnections(a.c, nil)
		}
		return a.reset(a.tabs[t], true)
	}
	if len(a.stack) == 1 && a.stack[0] == a.tabs[t] {
		return nil
	}
	return a.reset(a.tabs[t], false)
}

// onTabScreen reports whether the top screen is a tab screen on its own.
func (a *App) onTabScreen() bool {
	return len(a.stack) == 1 && (a.stack[0] == a.tabs[common.TabSearch] || a.stack[0] == a.tabs[common.TabConnections])
}

// layout gives the screens the room left by the status bar and the help.
// Screens hear of it when the room changed, or always with force (the
// styles changed); a new screen was sized when it was made, so it is told
// too. The page screen answers with a command that renders it again.
func (a *App) layout(force bool) tea.Cmd {
	a.help.SetWidth(a.width)
	helpHeight := 1
	if t := a.top(); t != nil && a.help.ShowAll {
		helpHeight = lipgloss.Height(a.help.View(t.Help()))
	}
	width, height := max(a.width, 1), max(a.height-1-helpHeight, 1)
	if !force && width == a.c.Width && height == a.c.Height && a.top() == a.laidOut {
		return nil
	}
	a.c.Width, a.c.Height = width, height
	a.laidOut = a.top()
	var cmds []tea.Cmd
	for _, s := range a.allScreens() {
		cmds = append(cmds, s.Resize())
	}
	return tea.Batch(cmds...)
}

// allScreens is every live screen: the stack and the kept tab screens.
func (a *App) allScreens() []common.Screen {
	out := slices.Clone(a.stack)
	for _, t := range a.tabs {
		if t != nil && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

func (a *App) find(id int) common.Screen {
	for _, s := range a.allScreens() {
		if s.ID() == id {
			return s
		}
	}
	return nil
}

// busy says what is being waited for, for the status bar and the spinner.
func (a *App) busy() string {
	if a.starting {
		return "Loading your connections…"
	}
	if t := a.top(); t != nil {
		return t.Busy()
	}
	return ""
}

// tick keeps the spinner turning while something is loading, and only then.
func (a *App) tick() tea.Cmd {
	if a.spinning || a.busy() == "" {
		return nil
	}
	a.spinning = true
	return a.spinner.Tick
}

func (a *App) quit() tea.Cmd {
	a.quitting = true
	for _, s := range a.allScreens() {
		s.Suspend()
	}
	return tea.Quit
}

// Update routes a message.
func (a *App) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	cmd := a.update(msg)
	// Act on what the screens emitted (navigation) before the next message.
	for msgs := a.c.TakeEmitted(); len(msgs) > 0; msgs = a.c.TakeEmitted() {
		for _, m := range msgs {
			cmd = tea.Batch(cmd, a.update(m))
		}
	}
	if a.quitting {
		return a, cmd
	}
	if a.help.ShowAll {
		// The full help's height follows the screen's state.
		cmd = tea.Batch(cmd, a.layout(false))
	}
	return a, tea.Batch(cmd, a.tick())
}

func (a *App) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		a.width, a.height = msg.Width, msg.Height
		return a.layout(false)
	case tea.BackgroundColorMsg:
		a.c.Styles = common.NewStyles(msg.IsDark(), a.noColor)
		a.help.Styles = a.c.Styles.Help
		a.spinner.Style = a.c.Styles.Accent
		return a.layout(true)
	case spinner.TickMsg:
		if a.busy() == "" {
			a.spinning = false
			return nil
		}
		var cmd tea.Cmd
		a.spinner, cmd = a.spinner.Update(msg)
		a.c.SpinnerFrame = a.spinner.View()
		return cmd
	case tea.KeyPressMsg:
		return a.key(msg)
	case startupMsg:
		a.starting = false
		return a.started(msg)
	case connectionNameMsg:
		if msg.id == a.c.ActiveConnection {
			a.c.ActiveConnectionName = models.SanitizeLine(msg.name)
		}
		return nil
	case common.AnswerMsg:
		return msg.Apply()
	case common.Targeted:
		if s := a.find(msg.TargetID()); s != nil {
			return s.Update(msg)
		}
		return nil // its screen is gone
	case common.OpenPageMsg:
		return a.push(screens.NewPage(a.c, msg.ID, msg.Page))
	case common.RenamePageMsg:
		return a.push(screens.NewRename(a.c, msg.Page))
	case common.PageRenamedMsg:
		var cmds []tea.Cmd
		for _, s := range a.allScreens() {
			cmds = append(cmds, s.Update(msg))
		}
		return tea.Batch(cmds...)
	case common.BackMsg:
		return a.pop()
	case common.ShowTabMsg:
		return a.showTab(msg.Tab)
	case common.ConnectMsg:
		return a.push(screens.NewConnect(a.c, msg.Connector))
	case common.ConnectedMsg:
		if msg.Connection.Connector == alloy.NotionConnector {
			return a.activate(msg.Connection)
		}
		return a.pop()
	case common.ActivateConnectionMsg:
		return a.activate(msg.Connection)
	case common.ConnectionRemovedMsg:
		if msg.Connection.ID == a.c.ActiveConnection {
			a.c.ActiveConnection, a.c.ActiveConnectionName = "", ""
			a.dropSearch()
		}
		return nil
	case common.CredentialsMsg:
		a.c.Client = msg.Client
		a.status.Info = msg.Notice
		return a.started(startupMsg{conns: msg.Connections})
	case common.ErrorMsg:
		a.status.Err = common.Explain(msg.Err)
		return nil
	case common.InfoMsg:
		a.status.Info = models.SanitizeLine(msg.Text)
		return nil
	case common.ReauthMsg:
		if _, ok := a.top().(*screens.Welcome); ok {
			return nil
		}
		userID := ""
		if a.c.Client != nil {
			userID = a.c.Client.UserID()
		}
		return a.push(screens.NewWelcome(a.c, msg.Reason, userID))
	}
	if t := a.top(); t != nil {
		return t.Update(msg)
	}
	return nil
}

// started opens the first screen once the connections are known.
func (a *App) started(msg startupMsg) tea.Cmd {
	if msg.err != nil && common.IsUnauthorized(msg.err) {
		return a.reset(screens.NewWelcome(a.c, common.Explain(msg.err), a.c.Client.UserID()), true)
	}
	if msg.saved == nil && a.c.ActiveConnection == "" && msg.err == nil {
		var notion []models.Connection
		for _, conn := range msg.conns {
			if conn.Connector == alloy.NotionConnector {
				notion = append(notion, conn)
			}
		}
		if len(notion) == 1 {
			// Welcome listed them: make the only one active and save it.
			return tea.Batch(a.activate(notion[0]), a.saveActive(notion[0]))
		}
	}
	if a.c.ActiveConnection != "" {
		for _, conn := range msg.conns {
			if conn.ID == a.c.ActiveConnection {
				a.c.ActiveConnectionName = models.SanitizeLine(conn.Name)
			}
		}
		a.dropSearch()
		return a.showTab(common.TabSearch)
	}
	if msg.saved != nil {
		if msg.saveErr != nil {
			a.status.Info = "Using " + msg.saved.Name + " for this session only: " + common.Explain(msg.saveErr)
		}
		return a.activate(*msg.saved)
	}
	a.tabs[common.TabConnections] = nil
	if msg.err == nil {
		a.tabs[common.TabConnections] = screens.NewConnections(a.c, msg.conns)
	}
	return a.showTab(common.TabConnections)
}

// saveActive keeps a Notion connection as the active one in the keystore,
// off the Update loop since a keychain can be slow.
func (a *App) saveActive(conn models.Connection) tea.Cmd {
	store := a.c.Store
	if store == nil {
		return nil
	}
	return func() tea.Msg {
		if err := store.Set(keystore.ConnectionKey(alloy.NotionConnector), conn.ID); err != nil {
			return common.InfoMsg{Text: "Using " + conn.Name + " for this session only: " + common.Explain(err)}
		}
		return nil
	}
}

// activate makes a Notion connection the active one and opens Search on it.
func (a *App) activate(conn models.Connection) tea.Cmd {
	if conn.ID != a.c.ActiveConnection {
		a.dropSearch()
	}
	a.c.ActiveConnection = conn.ID
	a.c.ActiveConnectionName = models.SanitizeLine(conn.Name)
	if conns := a.tabs[common.TabConnections]; conns != nil {
		conns.Update(common.ActivateConnectionMsg{Connection: conn})
	}
	return a.showTab(common.TabSearch)
}

// dropSearch forgets the search screen, whose results belong to the
// previous connection.
func (a *App) dropSearch() {
	if s := a.tabs[common.TabSearch]; s != nil {
		s.Suspend()
		a.tabs[common.TabSearch] = nil
	}
}

// key routes a key press: ctrl+c always quits; tab switches tab screens;
// a screen with a text input or prompt gets the rest; otherwise the global
// keys come before the screen's own.
func (a *App) key(msg tea.KeyPressMsg) tea.Cmd {
	a.status.Err, a.status.Info = "", ""
	g := a.c.Keys.Global
	if key.Matches(msg, g.ForceQuit) {
		return a.quit()
	}
	t := a.top()
	if t == nil {
		if key.Matches(msg, g.Quit) {
			return a.quit()
		}
		return nil
	}
	if a.onTabScreen() {
		switch {
		case key.Matches(msg, g.NextTab):
			return a.showTab((a.tab + 1) % 2)
		case key.Matches(msg, g.PrevTab):
			return a.showTab((a.tab + 1) % 2)
		}
	}
	if t.Capturing() {
		return t.Update(msg)
	}
	switch {
	case key.Matches(msg, g.Help):
		a.help.ShowAll = !a.help.ShowAll
		return a.layout(false)
	case key.Matches(msg, g.Quit):
		return a.quit()
	case key.Matches(msg, g.Back):
		if len(a.stack) > 1 {
			return a.pop()
		}
	case key.Matches(msg, g.SearchTab) && a.c.Client != nil:
		return a.showTab(common.TabSearch)
	case key.Matches(msg, g.ConnectionsTab) && a.c.Client != nil:
		return a.showTab(common.TabConnections)
	}
	return t.Update(msg)
}

// View lays out the top screen over the help and the status bar. It only
// joins what is ready; nothing slow happens here.
func (a *App) View() tea.View {
	var v tea.View
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.WindowTitle = "alloy-tui"
	if a.quitting || a.width == 0 {
		return v
	}
	st := a.c.Styles
	var body string
	t := a.top()
	switch {
	case t != nil:
		body = t.View()
	case a.starting:
		body = components.SpinnerLine(st, a.c.SpinnerFrame, "Loading your connections…")
	}
	var sb strings.Builder
	sb.WriteString(fit(body, a.c.Width, a.c.Height))
	sb.WriteByte('\n')
	if t != nil {
		sb.WriteString(a.help.View(t.Help()))
	}
	sb.WriteByte('\n')
	bar := a.status
	bar.Busy = a.busy()
	bar.Connection = a.connectionLabel()
	if a.help.ShowAll {
		bar.Help = strings.TrimSpace("alloy-tui "+a.c.Version) + " · ? close"
	}
	sb.WriteString(bar.View(st, a.width, a.c.SpinnerFrame))
	v.SetContent(sb.String())
	if a.viewHook != nil {
		a.viewHook(v.Content)
	}
	return v
}

func (a *App) connectionLabel() string {
	name := a.c.ActiveConnectionName
	if name == "" && a.c.ActiveConnection != "" {
		name = "Notion"
	}
	if a.c.Demo {
		if name == "" {
			return "demo"
		}
		return "demo · " + name
	}
	return name
}

// fit cuts or pads s to exactly height lines, each cut to width cells, so
// that no screen can push the status bar off the terminal.
func fit(s string, width, height int) string {
	lines := strings.SplitN(s, "\n", height+1)
	if len(lines) > height {
		lines = lines[:height]
	}
	for i, l := range lines {
		if ansi.StringWidth(l) > width {
			lines[i] = ansi.Truncate(l, width, "")
		}
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return strings.Join(lines, "\n")
}
