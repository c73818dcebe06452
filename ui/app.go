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
// bindings; answers of requests to the screen that asked; what screens
// emit to the root's own handlers.
type App struct {
	c     *common.Context
	stack []common.Screen
	// tabs keeps the tab screens, so switching back to one finds it as it
	// was left.
	tabs [common.TabCount]common.Screen
	tab  common.Tab

	help     help.Model
	spinner  spinner.Model
	spinning bool
	status   components.StatusBar

	width, height int
	noColor       bool
	// starting says what the app waits for before it can show its first
	// screen ("" once it can).
	starting string
	// readKeychain, when set, reads what the keychain holds; it runs in a
	// command so that a hanging keychain never stops the first frame.
	readKeychain func() Credentials
	quitting     bool
	// secrets are scrubbed from every frame.
	secrets func() []string
	// laidOut is the top screen when the layout was last given out.
	laidOut common.Screen
	// forward holds the pages gone back from, the last on top, for the
	// history's forward step; opening another page forgets them. recent
	// is every page screen opened in this session, the last first.
	forward []common.Screen
	recent  []*screens.Page
	// logReturn is where esc from the call log goes back to when ctrl+l
	// opened it from another screen; nil otherwise.
	logReturn *place
}

// place is a stack of screens and the tab under it, to come back to.
type place struct {
	stack []common.Screen
	tab   common.Tab
}

// What the app waits for before its first screen.
const (
	startingKeychain    = "Reading the keychain…"
	startingConnections = "Loading your connections…"
)

// keychainReadMsg carries what the keychain held.
type keychainReadMsg struct{ creds Credentials }

// connectionsListedMsg carries the user's connections, listed to decide
// where the app opens when no connection is active yet.
type connectionsListedMsg struct {
	conns []models.Connection
	err   error
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
		// Every request is recorded in the session's call log, which the
		// action console shows.
		Ctx:              alloy.WithCallLog(ctx, alloy.NewCallLog(0)),
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
		ObserveWaits:     observeWaits,
	}
	a := &App{c: c, noColor: noColor, readKeychain: opts.ReadKeychain, secrets: opts.Secrets}
	a.help = help.New()
	a.help.Styles = c.Styles.Help
	a.spinner = spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(c.Styles.Accent))
	c.SpinnerFrame = a.spinner.View()
	return a
}

// Init asks the terminal for its background colour and opens the first
// screen, reading the keychain first when the command line left that to
// the TUI.
func (a *App) Init() tea.Cmd {
	cmds := []tea.Cmd{tea.RequestBackgroundColor}
	if read := a.readKeychain; read != nil {
		a.starting = startingKeychain
		cmds = append(cmds, func() tea.Msg { return keychainReadMsg{creds: read()} })
	} else {
		cmds = append(cmds, a.open(a.startState(nil)))
	}
	return tea.Batch(append(cmds, a.tick())...)
}

// startState is what the choice of the first screen depends on; listed is
// nil until the connections were listed.
func (a *App) startState(listed *connectionsListedMsg) startState {
	s := startState{haveClient: a.c.Client != nil, active: a.c.ActiveConnection}
	if listed != nil {
		s.listed, s.listErr = true, listed.err
		for _, conn := range listed.conns {
			if conn.Connector == alloy.NotionConnector {
				s.notion = append(s.notion, conn)
			}
		}
	}
	return s
}

// open shows the screen chooseStart picks for s.
func (a *App) open(s startState) tea.Cmd {
	a.starting = ""
	switch choice := chooseStart(s); choice {
	case openWelcome:
		reason, userID := "", ""
		if s.listErr != nil {
			reason = common.Explain(s.listErr)
		}
		if a.c.Client != nil {
			userID = a.c.Client.UserID()
		}
		return a.reset(screens.NewWelcome(a.c, reason, userID), true)
	case openSearch:
		return tea.Batch(a.showTab(common.TabSearch), a.nameConnection())
	case listConnections:
		a.starting = startingConnections
		client, ctx := a.c.Client, a.c.Ctx
		return func() tea.Msg {
			conns, err := client.ListUserConnections(ctx)
			return connectionsListedMsg{conns: conns, err: err}
		}
	case activateOnlyNotion:
		return a.activate(s.notion[0])
	default: // openConnections
		a.tabs[common.TabConnections] = nil
		if s.listErr == nil {
			a.tabs[common.TabConnections] = screens.NewConnections(a.c, nil)
		}
		return a.showTab(common.TabConnections)
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

// reset closes every screen and shows s alone, new (fresh) or as it was
// left.
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
	// Going anywhere else forgets the call log's way back.
	a.logReturn = nil
	if t == common.TabSearch && a.c.Notion() == nil {
		a.status.Info = "Choose or connect a Notion connection first."
		t = common.TabConnections
	}
	a.tab = t
	if a.tabs[t] == nil {
		switch t {
		case common.TabSearch:
			a.tabs[t] = screens.NewSearch(a.c)
		case common.TabActions:
			a.tabs[t] = screens.NewActions(a.c)
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
	return len(a.stack) == 1 && slices.Contains(a.tabs[:], a.stack[0])
}

// layout gives the screens the room left by the status bar and the help,
// measured from what they draw. Screens hear of it when the room changed,
// or always with force (the styles changed); a new top screen is told too.
func (a *App) layout(force bool) tea.Cmd {
	a.help.SetWidth(a.width)
	below := lipgloss.Height(a.helpView()) + lipgloss.Height(a.statusView())
	width, height := max(a.width, 1), max(a.height-below, 1)
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

// busy says what is being waited for, for the status bar and the spinner.
func (a *App) busy() string {
	if a.starting != "" {
		return a.starting
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
	// Act on what the screens emitted before the next message.
	for msgs := a.c.TakeEmitted(); len(msgs) > 0; msgs = a.c.TakeEmitted() {
		for _, m := range msgs {
			cmd = tea.Batch(cmd, a.update(m))
		}
	}
	if a.quitting {
		return a, cmd
	}
	// The help's and the status bar's heights follow the screen's state.
	cmd = tea.Batch(cmd, a.layout(false))
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
	case common.AnswerMsg:
		return msg.Apply()
	case keychainReadMsg:
		return a.keychainRead(msg.creds)
	case connectionsListedMsg:
		return a.open(a.startState(&msg))
	case connectionNameMsg:
		if msg.id == a.c.ActiveConnection {
			a.c.ActiveConnectionName = msg.name
		}
		return nil
	case common.OpenPageMsg:
		if msg.Page != nil && common.IsDatabase(*msg.Page) {
			return a.push(screens.NewTable(a.c, msg.ID, msg.Page, nil))
		}
		return a.openPage(msg)
	case common.OpenDatabaseMsg:
		return a.openDatabase(msg)
	case common.RenamePageMsg:
		return a.push(screens.NewRename(a.c, msg.Page))
	case common.CreatePageMsg:
		return a.push(screens.NewCreate(a.c, msg))
	case common.CreateBatchMsg:
		return a.push(screens.NewBatch(a.c, msg.CreatePageMsg))
	case common.PageRenamedMsg, common.PageCreatedMsg:
		return a.broadcast(msg)
	case common.BackMsg:
		return a.pop()
	case common.ShowTabMsg:
		return a.showTab(msg.Tab)
	case common.CallLogClosedMsg:
		return a.closeCallLog()
	case common.ConnectMsg:
		return a.push(screens.NewConnect(a.c, msg.Connector))
	case common.ConnectedMsg:
		// A new connection becomes its connector's active one; Notion's
		// opens Search on it.
		if msg.Connection.Connector == alloy.NotionConnector {
			return a.activate(msg.Connection)
		}
		return tea.Batch(a.activate(msg.Connection), a.pop())
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
		return a.open(a.startState(&connectionsListedMsg{conns: msg.Connections}))
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

// openDatabase opens a database as a table, over the top screen or, with
// Replace, in its place (the page screen that found the id is a
// database's).
func (a *App) openDatabase(msg common.OpenDatabaseMsg) tea.Cmd {
	t := screens.NewTable(a.c, msg.ID, msg.Known, msg.PageErr)
	if !msg.Replace || len(a.stack) < 2 {
		return a.push(t)
	}
	a.top().Suspend()
	a.stack[len(a.stack)-1] = t
	return tea.Batch(a.layout(false), t.Init())
}

// openPage opens a page over the top screen: the history's forward steps
// are forgotten, and the page goes first in the recent ones.
func (a *App) openPage(msg common.OpenPageMsg) tea.Cmd {
	a.forward = nil
	p := screens.NewPage(a.c, msg.ID, msg.Page)
	a.recent = slices.DeleteFunc(a.recent, func(old *screens.Page) bool {
		known, _ := old.Known()
		return models.CompactID(known.ID) == models.CompactID(msg.ID)
	})
	a.recent = slices.Insert(a.recent, 0, p)
	return a.push(p)
}

// back closes the top screen; a page closed so can come back with the
// history's forward step, as it was.
func (a *App) back() tea.Cmd {
	if p, ok := a.top().(*screens.Page); ok && len(a.stack) > 1 {
		a.forward = append(a.forward, p)
	}
	return a.pop()
}

// historyForward shows again the page the last back step closed.
func (a *App) historyForward() tea.Cmd {
	if len(a.forward) == 0 {
		a.status.Info = "Nothing to go forward to."
		return nil
	}
	s := a.forward[len(a.forward)-1]
	a.forward = a.forward[:len(a.forward)-1]
	if t := a.top(); t != nil {
		t.Suspend()
	}
	a.stack = append(a.stack, s)
	return tea.Batch(a.layout(false), s.Resume())
}

// recentPages lists what is known of the pages opened in this session.
func (a *App) recentPages() []models.Page {
	out := make([]models.Page, 0, len(a.recent))
	for _, p := range a.recent {
		known, _ := p.Known()
		out = append(out, known)
	}
	return out
}

// broadcast hands a message to every live screen.
func (a *App) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for _, s := range a.allScreens() {
		cmds = append(cmds, s.Update(msg))
	}
	return tea.Batch(cmds...)
}

// keychainRead takes what the keychain held and opens the first screen.
func (a *App) keychainRead(creds Credentials) tea.Cmd {
	a.c.KeychainErr = creds.Err
	if a.c.Client == nil && creds.APIKey != "" && a.c.NewClient != nil {
		a.c.Client = a.c.NewClient(creds.APIKey, creds.UserID)
	}
	if a.c.ActiveConnection == "" {
		a.c.ActiveConnection = creds.Connection
	}
	return a.open(a.startState(nil))
}

// activate makes a connection its connector's active one, saves that, and
// for Notion opens Search on it.
func (a *App) activate(conn models.Connection) tea.Cmd {
	save := a.saveActive(conn)
	a.broadcast(common.ActivateConnectionMsg{Connection: conn})
	if conn.Connector != alloy.NotionConnector {
		return save
	}
	if conn.ID != a.c.ActiveConnection {
		a.dropSearch()
	}
	a.c.ActiveConnection = conn.ID
	a.c.ActiveConnectionName = conn.Name
	return tea.Batch(save, a.showTab(common.TabSearch))
}

// saveActive keeps a connection as its connector's active one in the
// keystore, off the Update loop since a keychain can be slow; when it
// cannot, the choice holds for this session and a note says so. It is the
// only place the active connection is written.
func (a *App) saveActive(conn models.Connection) tea.Cmd {
	store := a.c.Store
	name := models.SanitizeLine(conn.Name)
	if strings.TrimSpace(name) == "" {
		name = conn.ID
	}
	return func() tea.Msg {
		if store == nil {
			return common.InfoMsg{Text: "Using " + name + " for this session only: there is no keychain."}
		}
		if err := store.Set(keystore.ConnectionKey(conn.Connector), conn.ID); err != nil {
			// One short sentence: the keychain's own explanation is long,
			// and status says more.
			return common.InfoMsg{Text: "Using " + name + " for this session only: the keychain could not save it."}
		}
		if conn.Connector != alloy.NotionConnector {
			return common.InfoMsg{Text: "Now using " + name + " for " + common.ConnectorName(conn.Connector) + "."}
		}
		return nil
	}
}

// dropSearch forgets the search screen, whose results belong to the
// previous connection.
func (a *App) dropSearch() {
	if s := a.tabs[common.TabSearch]; s != nil {
		s.Suspend()
		a.tabs[common.TabSearch] = nil
	}
}

// key routes a key press: ctrl+c always quits; the help closes with esc
// or ?; tab switches tab screens; a screen with a text input or prompt gets
// the rest (but ? on an empty input opens the help); otherwise the global
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
	typing := t.Capturing() && !inputEmpty(t)
	switch {
	case key.Matches(msg, g.HelpAnywhere), key.Matches(msg, g.Help) && !typing:
		a.help.ShowAll = !a.help.ShowAll
		return a.layout(false)
	case a.help.ShowAll && key.Matches(msg, g.Back):
		a.help.ShowAll = false
		return a.layout(false)
	case key.Matches(msg, g.CallLog) && a.c.Client != nil:
		return a.openCallLog()
	}
	if a.onTabScreen() && !wantsTab(t) {
		switch {
		case key.Matches(msg, g.NextTab):
			return a.showTab((a.tab + 1) % common.TabCount)
		case key.Matches(msg, g.PrevTab):
			return a.showTab((a.tab + common.TabCount - 1) % common.TabCount)
		}
	}
	if key.Matches(msg, g.Recent) && a.c.Notion() != nil {
		// ctrl+r types nothing: it works in inputs too.
		return a.push(screens.NewRecent(a.c, a.recentPages()))
	}
	if t.Capturing() {
		return t.Update(msg)
	}
	switch {
	case key.Matches(msg, g.Quit):
		return a.quit()
	case key.Matches(msg, g.Back) && len(a.stack) > 1 && !holdsBack(t),
		key.Matches(msg, g.HistoryBack) && len(a.stack) > 1:
		return a.back()
	case key.Matches(msg, g.HistoryBack):
		// [ is a history key wherever no input takes it, Search's browse
		// mode too: it never becomes text there.
		a.status.Info = "Nothing to go back to."
		return nil
	case key.Matches(msg, g.HistoryForward):
		return a.historyForward()

	case key.Matches(msg, g.SearchTab) && a.c.Client != nil:
		return a.showTab(common.TabSearch)
	case key.Matches(msg, g.ConnectionsTab) && a.c.Client != nil:
		return a.showTab(common.TabConnections)
	case key.Matches(msg, g.ActionsTab) && a.c.Client != nil:
		return a.showTab(common.TabActions)
	}
	return t.Update(msg)
}

// openCallLog shows the call log, which lives in the Actions tab; it is
// reached from everywhere, since it shows every request the app made. The
// screens it was opened from are kept as they are, for esc to come back to.
func (a *App) openCallLog() tea.Cmd {
	actions := a.tabs[common.TabActions]
	var from *place
	if actions == nil || len(a.stack) != 1 || a.stack[0] != actions {
		from = &place{stack: slices.Clone(a.stack), tab: a.tab}
	}
	cmd := a.showTab(common.TabActions)
	actions = a.tabs[common.TabActions]
	if actions == nil || a.top() != actions {
		return cmd
	}
	a.logReturn = from
	return tea.Batch(cmd, actions.Update(common.ShowCallLogMsg{Return: from != nil}))
}

// closeCallLog shows again the screens the call log was opened from, as
// they were left.
func (a *App) closeCallLog() tea.Cmd {
	back := a.logReturn
	a.logReturn = nil
	if back == nil || len(back.stack) == 0 {
		return nil
	}
	for _, s := range a.stack {
		s.Suspend()
	}
	a.stack, a.tab = back.stack, back.tab
	return tea.Batch(a.layout(false), a.top().Resume())
}

// wantsTab reports whether a tab screen uses tab and shift+tab itself now
// (the action console's form moves between its fields with them).
func wantsTab(s common.Screen) bool {
	w, ok := s.(interface{ WantsTab() bool })
	return ok && w.WantsTab()
}

// holdsBack reports whether esc has something to clear on a screen before
// it goes back (the page's find highlights).
func holdsBack(s common.Screen) bool {
	h, ok := s.(interface{ HoldsBack() bool })
	return ok && h.HoldsBack()
}

// inputEmpty reports whether a screen's focused text input is empty, for
// screens that have one.
func inputEmpty(s common.Screen) bool {
	e, ok := s.(interface{ InputEmpty() bool })
	return ok && e.InputEmpty()
}

// helpKeys is the top screen's help with the global keys that work there
// added, each binding once.
func (a *App) helpKeys(t common.Screen) help.KeyMap {
	g := a.c.Keys.Global
	own := t.Help()
	var short, global []key.Binding
	switch {
	case a.onTabScreen():
		// The tabs show at the top; the full help names their keys, the
		// digits only where they are not typed.
		if !t.Capturing() {
			global = []key.Binding{g.SearchTab, g.ConnectionsTab, g.ActionsTab}
		}
		if !wantsTab(t) {
			global = append(global, g.NextTab, g.PrevTab)
		}
	case len(a.stack) > 1 && !t.Capturing():
		short = []key.Binding{g.Back}
		global = []key.Binding{g.Back, g.HistoryBack}
	}
	if len(a.forward) > 0 && !t.Capturing() {
		global = append(global, g.HistoryForward)
	}
	if a.c.Notion() != nil {
		global = append(global, g.Recent)
	}
	if a.c.Client != nil {
		global = append(global, g.CallLog)
	}
	help := a.helpKey(t)
	quit := g.Quit
	if t.Capturing() {
		quit = g.ForceQuit
	}
	short = append(short, help, quit)
	global = append(global, help, quit)
	full := slices.Clone(own.FullHelp())
	return common.HelpKeys{
		Short: uniqueBindings(append(slices.Clone(own.ShortHelp()), short...)),
		Full:  append(full, uniqueBindings(global)),
	}
}

// helpKey is the key that opens the help on screen t now: ? unless it
// would be typed into an input.
func (a *App) helpKey(t common.Screen) key.Binding {
	if t != nil && t.Capturing() && !inputEmpty(t) {
		return a.c.Keys.Global.HelpAnywhere
	}
	return a.c.Keys.Global.Help
}

// uniqueBindings drops bindings shown before under the same key.
func uniqueBindings(bs []key.Binding) []key.Binding {
	seen := map[string]bool{}
	out := bs[:0]
	for _, b := range bs {
		k := b.Help().Key
		if !b.Enabled() || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, b)
	}
	return out
}

// helpView is the help line (or the full help) under the screen.
func (a *App) helpView() string {
	t := a.top()
	if t == nil {
		return ""
	}
	keys := a.helpKeys(t)
	view := a.help.View(keys)
	if a.help.ShowAll {
		view = a.fullHelpView(keys.FullHelp())
	}
	// help cuts the short line itself, but not when only a few cells are
	// left over; fit every line to the width here.
	lines := strings.Split(view, "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, a.width, "…")
	}
	return strings.Join(lines, "\n")
}

// fullHelpView lays the full help's columns side by side while they fit
// the width, then on further rows: help.FullHelpView would drop the
// columns that do not fit, and with them keys the user needs. When that
// takes more than a third of the terminal, long columns are cut into
// shorter ones, down to a flowing list if need be, so that the screen
// keeps room.
func (a *App) fullHelpView(groups [][]key.Binding) string {
	longest := 0
	for _, g := range groups {
		longest = max(longest, len(g))
	}
	room := max(a.height/3, 4)
	best, bestHeight := "", 0
	for most := longest; most >= 1; most-- {
		view := a.helpRows(groups, most)
		h := lipgloss.Height(view)
		if h <= room {
			return view
		}
		if best == "" || h < bestHeight {
			best, bestHeight = view, h
		}
	}
	return best
}

// helpRows lays out the help's groups cut into columns of at most most
// bindings, as many side by side as the width takes.
func (a *App) helpRows(groups [][]key.Binding, most int) string {
	m := a.help
	m.SetWidth(0) // one column at a time, never cut
	sep := m.Styles.FullSeparator.Inline(true).Render(m.FullSeparator)
	var rows []string
	row := ""
	for _, g := range groups {
		for chunk := range slices.Chunk(g, most) {
			col := m.FullHelpView([][]key.Binding{chunk})
			switch {
			case col == "":
			case row == "":
				row = col
			case lipgloss.Width(row)+lipgloss.Width(sep)+lipgloss.Width(col) <= a.width:
				row = lipgloss.JoinHorizontal(lipgloss.Top, row, sep, col)
			default:
				rows = append(rows, row)
				row = col
			}
		}
	}
	if row != "" {
		rows = append(rows, row)
	}
	return strings.Join(rows, "\n")
}

// statusView is the status bar.
func (a *App) statusView() string {
	bar := a.status
	bar.Busy = a.busy()
	bar.Connection = a.connectionLabel()
	g := a.c.Keys.Global
	if a.help.ShowAll {
		bar.Help = strings.TrimSpace("alloy-tui "+a.c.Version) + " · " + g.Back.Help().Key + " close"
	} else {
		h := a.helpKey(a.top()).Help()
		bar.Help = h.Key + " " + h.Desc
	}
	return bar.View(a.c.Styles, a.width, a.c.SpinnerFrame)
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
	var body string
	if t := a.top(); t != nil {
		body = t.View()
	} else if a.starting != "" {
		body = components.SpinnerLine(a.c.Styles, a.c.SpinnerFrame, a.starting)
	}
	content := strings.Join([]string{fit(body, a.c.Width, a.c.Height), a.helpView(), a.statusView()}, "\n")
	if a.secrets != nil {
		// Last, on the final text: whatever a server echoed, decoded and
		// sanitised on its way here, the key never reaches the screen.
		content = models.Redact(content, a.secrets()...)
	}
	v.SetContent(content)
	return v
}

// connectionLabel names the active connection on the status bar.
func (a *App) connectionLabel() string {
	name := models.SanitizeLine(a.c.ActiveConnectionName)
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

// observeWaits makes the client report the pauses of a request's context
// (a rate limit, a back-off before a retry), so that its screen can show the
// wait and the time left.
func observeWaits(ctx context.Context, fn func(reason string, until time.Time)) context.Context {
	return alloy.WithWaitObserver(ctx, func(w alloy.Wait) { fn(w.Reason, w.Until) })
}
