package common

import "charm.land/bubbles/v2/key"

// KeyMap declares every key binding of the UI, once. Screens match keys
// against these bindings and list them in their help.
type KeyMap struct {
	Global  GlobalKeys
	Search  SearchKeys
	Page    PageKeys
	Rename  RenameKeys
	Conns   ConnectionsKeys
	Connect ConnectKeys
	Welcome WelcomeKeys
	Confirm ConfirmKeys
	Actions ActionsKeys
	Table   TableKeys
	Recent  RecentKeys
	Create  CreateKeys
	Batch   BatchKeys
}

// GlobalKeys work on every screen (q and the tab keys only outside text
// inputs).
type GlobalKeys struct {
	ForceQuit, Quit, Back, NextTab, PrevTab, SearchTab, ConnectionsTab, ActionsTab key.Binding
	// HistoryBack and HistoryForward step through the pages opened, as a
	// browser does; Recent lists the pages opened in this session.
	HistoryBack, HistoryForward, Recent key.Binding
	// CallLog shows every request of the session, from any screen.
	CallLog key.Binding
	// Help works outside text inputs and in an empty one; HelpAnywhere
	// types nothing, so it works while typing too.
	Help, HelpAnywhere key.Binding
}

// SearchKeys are the keys of the search screen: those that work while
// typing (arrows, enter, ctrl+e, esc), then those of browse mode, where
// letters are commands.
type SearchKeys struct {
	Up, Down, Open, Rename, Blur                                key.Binding
	Focus, BrowseUp, BrowseDown, BrowseRename, PageUp, PageDown key.Binding
	// CopyURL copies the highlighted result's URL while typing;
	// BrowseCopy does in browse mode.
	CopyURL, BrowseCopy key.Binding
}

// PageKeys are the keys of the page screen.
type PageKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom, NextLink, PrevLink, OpenLink, Browser, Copy, Reload, Rename key.Binding
	// CopyMarkdown copies the page as Markdown; Parent opens the page or
	// database it sits in.
	CopyMarkdown, Parent key.Binding
	// Find opens the find prompt, where FindApply finds and FindCancel
	// leaves; NextMatch and PrevMatch step through the matches, and
	// ClearFind takes the highlights away.
	Find, FindApply, FindCancel, NextMatch, PrevMatch, ClearFind key.Binding
	// Fold opens or closes the selected toggle, FoldAll every toggle.
	Fold, FoldAll key.Binding
	// New creates a child page (n steps through matches while a find
	// is active).
	New key.Binding
	// Properties shows more of a row's properties than the first few.
	Properties key.Binding
}

// CreateKeys are the keys of the form that creates a page or a row.
type CreateKeys struct {
	NextField, PrevField, Save, Editor, Cancel key.Binding
	// FromFile opens the batch screen for the same parent.
	FromFile key.Binding
}

// BatchKeys are the keys of the batch screen: its file picker, then the
// check, the run and the report.
type BatchKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom, ParentDir, Open, Start, Cancel key.Binding
}

// RecentKeys are the keys of the list of recently opened pages.
type RecentKeys struct {
	Up, Down, Open key.Binding
}

// RenameKeys are the keys of the rename screen, with those of its conflict
// prompt.
type RenameKeys struct {
	Save, Cancel, Overwrite, KeepTheirs, EditAgain key.Binding
}

// ConnectionsKeys are the keys of the connections screen.
type ConnectionsKeys struct {
	Up, Down, Activate, Filter, ClearFilter, Connect, Disconnect, Refresh key.Binding
	// InputUp and InputDown move while the filter has focus, where j and
	// k are letters to type.
	InputUp, InputDown key.Binding
}

// ConnectKeys are the keys of the connect screen.
type ConnectKeys struct {
	Up, Down, Choose, Filter, Copy, Retry key.Binding
	// InputUp and InputDown move while the filter has focus, where j and
	// k are letters to type; ClearFilter empties and leaves it.
	InputUp, InputDown, ClearFilter key.Binding
}

// WelcomeKeys are the keys of the welcome screen.
type WelcomeKeys struct {
	Next, Prev, Submit key.Binding
}

// ActionsKeys are the keys of the action console: its lists (filtered as
// you type), its form, and the answer's viewer.
type ActionsKeys struct {
	// The lists of connectors and actions.
	Up, Down, Choose, Back key.Binding
	// The form.
	NextField, PrevField, PrevConnection, NextConnection, Send key.Binding
	// The answer.
	ScrollUp, ScrollDown, PageUp, PageDown, Top, Bottom, Fold, Find, NextMatch, PrevMatch, CopyAll, CopyValue, Edit key.Binding
	// The session's call log, from every stage.
	Log, Reopen key.Binding
}

// TableKeys are the keys of a database's table, then those of its filter
// builder and of its lists (data sources, columns, a filter's steps).
type TableKeys struct {
	Up, Down, PageUp, PageDown, Top, Bottom, Left, Right                   key.Binding
	Open, Rename, Sort, Filter, ClearFilter, Hide, Columns, Source, Reload key.Binding
	// New creates a row.
	New key.Binding
	// The lists of the filter builder and of the pickers.
	PickUp, PickDown, Choose, Toggle, Remove, AndOr, Cancel key.Binding
}

// ConfirmKeys answer a yes-or-no prompt.
type ConfirmKeys struct {
	Yes, No key.Binding
}

// NewKeyMap returns the key map.
func NewKeyMap() *KeyMap {
	b := func(keys []string, helpKey, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(helpKey, desc))
	}
	return &KeyMap{
		Global: GlobalKeys{
			ForceQuit:      b([]string{"ctrl+c"}, "ctrl+c", "quit"),
			Quit:           b([]string{"q"}, "q", "quit"),
			Back:           b([]string{"esc"}, "esc", "back"),
			Help:           b([]string{"?"}, "?", "help"),
			HelpAnywhere:   b([]string{"f1"}, "f1", "help"),
			CallLog:        b([]string{"ctrl+l"}, "ctrl+l", "call log"),
			NextTab:        b([]string{"tab"}, "tab", "next tab"),
			PrevTab:        b([]string{"shift+tab"}, "shift+tab", "previous tab"),
			SearchTab:      b([]string{"1"}, "1", "search"),
			ConnectionsTab: b([]string{"2"}, "2", "connections"),
			ActionsTab:     b([]string{"3"}, "3", "actions"),
			HistoryBack:    b([]string{"[", "alt+left"}, "[", "back in history"),
			HistoryForward: b([]string{"]", "alt+right"}, "]", "forward in history"),
			Recent:         b([]string{"ctrl+r"}, "ctrl+r", "recent pages"),
		},
		Search: SearchKeys{
			Up:     b([]string{"up", "ctrl+p"}, "↑", "up"),
			Down:   b([]string{"down", "ctrl+n"}, "↓", "down"),
			Open:   b([]string{"enter"}, "enter", "open"),
			Rename: b([]string{"ctrl+e"}, "ctrl+e", "rename"),
			Blur:   b([]string{"esc"}, "esc", "browse results"),

			Focus:        b([]string{"/"}, "/", "type a query"),
			BrowseUp:     b([]string{"k", "up", "ctrl+p"}, "k/↑", "up"),
			BrowseDown:   b([]string{"j", "down", "ctrl+n"}, "j/↓", "down"),
			BrowseRename: b([]string{"e", "ctrl+e"}, "e", "rename"),
			PageUp:       b([]string{"pgup", "b"}, "pgup", "page up"),
			PageDown:     b([]string{"pgdown", "f"}, "pgdn", "page down"),
			CopyURL:      b([]string{"ctrl+y"}, "ctrl+y", "copy URL"),
			BrowseCopy:   b([]string{"y", "ctrl+y"}, "y", "copy URL"),
		},
		Page: PageKeys{
			Up:       b([]string{"k", "up"}, "k/↑", "up"),
			Down:     b([]string{"j", "down"}, "j/↓", "down"),
			PageUp:   b([]string{"pgup", "b"}, "pgup", "page up"),
			PageDown: b([]string{"pgdown", "space", "f"}, "pgdn", "page down"),
			Top:      b([]string{"g", "home"}, "g", "top"),
			Bottom:   b([]string{"G", "end"}, "G", "bottom"),
			NextLink: b([]string{"tab"}, "tab", "next link"),
			PrevLink: b([]string{"shift+tab"}, "shift+tab", "previous link"),
			OpenLink: b([]string{"enter"}, "enter", "open link"),
			Browser:  b([]string{"o"}, "o", "open in browser"),
			Copy:     b([]string{"y"}, "y", "copy URL"),
			Reload:   b([]string{"r"}, "r", "reload"),
			Rename:   b([]string{"e"}, "e", "rename"),

			CopyMarkdown: b([]string{"Y"}, "Y", "copy as Markdown"),
			Parent:       b([]string{"u"}, "u", "open parent"),
			Find:         b([]string{"/"}, "/", "find"),
			FindApply:    b([]string{"enter"}, "enter", "find"),
			FindCancel:   b([]string{"esc"}, "esc", "cancel"),
			NextMatch:    b([]string{"n"}, "n", "next match"),
			PrevMatch:    b([]string{"N"}, "N", "previous match"),
			ClearFind:    b([]string{"esc"}, "esc", "clear find"),
			Fold:         b([]string{"enter", "space"}, "enter/space", "open/close toggle"),
			FoldAll:      b([]string{"z"}, "z", "open/close all toggles"),
			New:          b([]string{"n"}, "n", "new child page"),
			Properties:   b([]string{"p"}, "p", "more properties"),
		},
		Create: CreateKeys{
			NextField: b([]string{"tab"}, "tab", "next field"),
			PrevField: b([]string{"shift+tab"}, "shift+tab", "previous field"),
			Save:      b([]string{"ctrl+s"}, "ctrl+s", "create"),
			Editor:    b([]string{"ctrl+e"}, "ctrl+e", "edit the body in $EDITOR"),
			Cancel:    b([]string{"esc"}, "esc", "cancel"),
			FromFile:  b([]string{"ctrl+o"}, "ctrl+o", "create many from a file"),
		},
		Batch: BatchKeys{
			Up:        b([]string{"k", "up", "ctrl+p"}, "k/↑", "up"),
			Down:      b([]string{"j", "down", "ctrl+n"}, "j/↓", "down"),
			PageUp:    b([]string{"pgup", "K"}, "pgup", "page up"),
			PageDown:  b([]string{"pgdown", "J"}, "pgdn", "page down"),
			Top:       b([]string{"g", "home"}, "g", "top"),
			Bottom:    b([]string{"G", "end"}, "G", "bottom"),
			ParentDir: b([]string{"h", "left", "backspace"}, "h/←", "parent folder"),
			Open:      b([]string{"l", "right", "enter"}, "enter/l", "open folder or choose file"),
			Start:     b([]string{"enter"}, "enter", "create them"),
			Cancel:    b([]string{"esc"}, "esc", "back"),
		},
		Recent: RecentKeys{
			Up:   b([]string{"up", "k", "ctrl+p"}, "↑/k", "up"),
			Down: b([]string{"down", "j", "ctrl+n"}, "↓/j", "down"),
			Open: b([]string{"enter"}, "enter", "open"),
		},
		Rename: RenameKeys{
			Save:       b([]string{"enter"}, "enter", "save"),
			Cancel:     b([]string{"esc"}, "esc", "cancel"),
			Overwrite:  b([]string{"o"}, "o", "overwrite"),
			KeepTheirs: b([]string{"k"}, "k", "keep theirs"),
			EditAgain:  b([]string{"e"}, "e", "edit again"),
		},
		Conns: ConnectionsKeys{
			Up:          b([]string{"up", "k", "ctrl+p"}, "↑/k", "up"),
			Down:        b([]string{"down", "j", "ctrl+n"}, "↓/j", "down"),
			Activate:    b([]string{"enter"}, "enter", "make active"),
			Filter:      b([]string{"/"}, "/", "filter"),
			ClearFilter: b([]string{"esc"}, "esc", "clear filter"),
			Connect:     b([]string{"c"}, "c", "connect"),
			Disconnect:  b([]string{"d"}, "d", "disconnect"),
			Refresh:     b([]string{"r"}, "r", "refresh"),
			InputUp:     b([]string{"up", "ctrl+p"}, "↑", "up"),
			InputDown:   b([]string{"down", "ctrl+n"}, "↓", "down"),
		},
		Connect: ConnectKeys{
			Up:     b([]string{"up", "k", "ctrl+p"}, "↑/k", "up"),
			Down:   b([]string{"down", "j", "ctrl+n"}, "↓/j", "down"),
			Choose: b([]string{"enter"}, "enter", "connect"),
			Filter: b([]string{"/"}, "/", "filter"),
			Copy:   b([]string{"y"}, "y", "copy URL"),
			Retry:  b([]string{"r"}, "r", "retry"),

			InputUp:     b([]string{"up", "ctrl+p"}, "↑", "up"),
			InputDown:   b([]string{"down", "ctrl+n"}, "↓", "down"),
			ClearFilter: b([]string{"esc"}, "esc", "clear filter"),
		},
		Welcome: WelcomeKeys{
			Next:   b([]string{"tab", "down"}, "tab", "next field"),
			Prev:   b([]string{"shift+tab", "up"}, "shift+tab", "previous field"),
			Submit: b([]string{"enter"}, "enter", "check and save"),
		},
		Actions: ActionsKeys{
			Up:     b([]string{"up", "ctrl+p"}, "↑", "up"),
			Down:   b([]string{"down", "ctrl+n"}, "↓", "down"),
			Choose: b([]string{"enter"}, "enter", "choose"),
			Back:   b([]string{"esc"}, "esc", "back"),

			NextField:      b([]string{"tab"}, "tab", "next field"),
			PrevField:      b([]string{"shift+tab"}, "shift+tab", "previous field"),
			PrevConnection: b([]string{"left"}, "←", "previous connection"),
			NextConnection: b([]string{"right"}, "→", "next connection"),
			Send:           b([]string{"ctrl+s"}, "ctrl+s", "send"),

			ScrollUp:   b([]string{"k", "up"}, "k/↑", "up"),
			ScrollDown: b([]string{"j", "down"}, "j/↓", "down"),
			PageUp:     b([]string{"pgup", "b"}, "pgup", "page up"),
			PageDown:   b([]string{"pgdown", "space", "f"}, "pgdn", "page down"),
			Top:        b([]string{"g", "home"}, "g", "top"),
			Bottom:     b([]string{"G", "end"}, "G", "bottom"),
			Fold:       b([]string{"enter"}, "enter", "fold"),
			Find:       b([]string{"/"}, "/", "find"),
			NextMatch:  b([]string{"n"}, "n", "next match"),
			PrevMatch:  b([]string{"N"}, "N", "previous match"),
			CopyAll:    b([]string{"y"}, "y", "copy answer"),
			CopyValue:  b([]string{"c"}, "c", "copy value"),
			Edit:       b([]string{"e", "esc"}, "e", "edit the form"),
			Log:        b([]string{"ctrl+l"}, "ctrl+l", "call log"),
			Reopen:     b([]string{"enter"}, "enter", "open the action again"),
		},
		Table: TableKeys{
			Up:       b([]string{"k", "up"}, "k/↑", "up"),
			Down:     b([]string{"j", "down"}, "j/↓", "down"),
			PageUp:   b([]string{"pgup", "b"}, "pgup", "page up"),
			PageDown: b([]string{"pgdown", "space", "f"}, "pgdn", "page down"),
			Top:      b([]string{"g", "home"}, "g", "first row"),
			Bottom:   b([]string{"G", "end"}, "G", "last row"),
			Left:     b([]string{"h", "left"}, "h/←", "column left"),
			Right:    b([]string{"l", "right"}, "l/→", "column right"),

			Open:        b([]string{"enter"}, "enter", "open row"),
			Rename:      b([]string{"e"}, "e", "rename row"),
			Sort:        b([]string{"s"}, "s", "sort by column"),
			Filter:      b([]string{"/"}, "/", "filter"),
			ClearFilter: b([]string{"x"}, "x", "clear filter"),
			Hide:        b([]string{"-"}, "-", "hide column"),
			Columns:     b([]string{"c"}, "c", "columns"),
			Source:      b([]string{"d"}, "d", "data source"),
			Reload:      b([]string{"r"}, "r", "reload"),
			New:         b([]string{"n"}, "n", "new row"),

			PickUp:   b([]string{"up", "ctrl+p"}, "↑", "up"),
			PickDown: b([]string{"down", "ctrl+n"}, "↓", "down"),
			Choose:   b([]string{"enter"}, "enter", "choose"),
			Toggle:   b([]string{"space"}, "space", "show or hide"),
			Remove:   b([]string{"delete", "ctrl+d"}, "ctrl+d", "remove condition"),
			AndOr:    b([]string{"tab"}, "tab", "and/or"),
			Cancel:   b([]string{"esc"}, "esc", "back"),
		},
		Confirm: ConfirmKeys{
			Yes: b([]string{"y"}, "y", "yes"),
			No:  b([]string{"n", "esc"}, "n", "no"),
		},
	}
}

// HelpKeys is a ready-made help.KeyMap from two lists of bindings.
type HelpKeys struct {
	Short []key.Binding
	Full  [][]key.Binding
}

// ShortHelp implements help.KeyMap.
func (h HelpKeys) ShortHelp() []key.Binding { return h.Short }

// FullHelp implements help.KeyMap.
func (h HelpKeys) FullHelp() [][]key.Binding { return h.Full }

// KeySection is a titled group of bindings, as the README's Keys section
// lists them.
type KeySection struct {
	Title string
	// Note says in a few words what holds for the whole screen.
	Note     string
	Bindings []key.Binding
}

// Sections lists every binding once per screen, in the order the README's
// Keys tables show them; a test keeps the README in step with it.
func (k *KeyMap) Sections() []KeySection {
	g, s, p, r, c, n, w, x := k.Global, k.Search, k.Page, k.Rename, k.Conns, k.Connect, k.Welcome, k.Actions
	t := k.Table
	return []KeySection{
		{"Everywhere", "q, 1, 2, 3, [, ] and ? work outside text inputs, Search's browse mode included (? also in an empty input); ctrl+c, f1 and ctrl+l work everywhere.",
			[]key.Binding{g.ForceQuit, g.Quit, g.Back, g.Help, g.HelpAnywhere, g.NextTab, g.PrevTab, g.SearchTab, g.ConnectionsTab, g.ActionsTab, g.HistoryBack, g.HistoryForward, g.Recent, g.CallLog}},
		{"Search, typing", "Typing searches page titles as you go; a pasted page link or id opens that page.",
			[]key.Binding{s.Up, s.Down, s.Open, s.Rename, s.CopyURL, s.Blur}},
		{"Search, browsing", "Letters that are not listed here go back to the input.",
			[]key.Binding{s.BrowseUp, s.BrowseDown, s.PageUp, s.PageDown, s.Open, s.BrowseRename, s.BrowseCopy, s.Focus}},
		{"Page", "tab selects links and toggles alike.", []key.Binding{p.Up, p.Down, p.PageUp, p.PageDown, p.Top, p.Bottom, p.NextLink, p.PrevLink, p.OpenLink, p.Parent, p.Browser, p.Copy, p.CopyMarkdown, p.Reload, p.Rename, p.New, p.Properties}},
		{"Page, a toggle selected", "Toggles open closed, as in Notion; space pages down when no toggle is selected.", []key.Binding{p.Fold, p.FoldAll}},
		{"Find in page", "Matching ignores case and styling; a closed toggle holding a match opens.", []key.Binding{p.Find, p.NextMatch, p.PrevMatch, p.ClearFind}},
		{"Find prompt", "Typing finds nothing until enter, and never waits on the network.", []key.Binding{p.FindApply, p.FindCancel}},
		{"Recent pages", "The pages opened in this session, the last first.", []key.Binding{k.Recent.Up, k.Recent.Down, k.Recent.Open}},
		{"Table", "A database opens as a table; the service sorts and filters, and rows load 100 at a time as you scroll.",
			[]key.Binding{t.Up, t.Down, t.PageUp, t.PageDown, t.Top, t.Bottom, t.Left, t.Right, t.Open, t.Rename, t.New,
				t.Sort, t.Filter, t.ClearFilter, t.Hide, t.Columns, t.Source, t.Reload}},
		{"Table, filter and pickers", "The filter builder asks for a property, an operator and a value; typing a value types.",
			[]key.Binding{t.PickUp, t.PickDown, t.Choose, t.Toggle, t.Remove, t.AndOr, t.Cancel}},
		{"New page or row", "n on a page or a table opens it; the body is Markdown. A failure keeps everything typed.",
			[]key.Binding{k.Create.NextField, k.Create.PrevField, k.Create.Save, k.Create.Editor, k.Create.FromFile, k.Create.Cancel}},
		{"Pages from a file, choosing it", "JSON lines, CSV or one title a line, as `create --batch` reads them.",
			[]key.Binding{k.Batch.Up, k.Batch.Down, k.Batch.PageUp, k.Batch.PageDown, k.Batch.Top, k.Batch.Bottom, k.Batch.ParentDir, k.Batch.Open, k.Batch.Cancel}},
		{"Pages from a file, creating them", "The items are checked first; then a progress bar, and a report of every item (failed ones go to FILE.failed.jsonl).",
			[]key.Binding{k.Batch.Start, k.Batch.Up, k.Batch.Down, k.Batch.PageUp, k.Batch.PageDown, k.Batch.Cancel}},
		{"Rename", "The input holds the title; the last three keys answer when someone else changed it meanwhile.",
			[]key.Binding{r.Save, r.Cancel, r.Overwrite, r.KeepTheirs, r.EditAgain}},
		{"Connections", "", []key.Binding{c.Up, c.Down, c.Activate, c.Filter, c.ClearFilter, c.Connect, c.Disconnect, c.Refresh}},
		{"Connect", "esc goes back, which cancels a sign-in in progress and closes its listener.", []key.Binding{n.Up, n.Down, n.Choose, n.Filter, n.ClearFilter, n.Copy, n.Retry}},
		{"Actions, choosing", "Typing filters the connectors (yours first), then the chosen connector's actions.",
			[]key.Binding{x.Up, x.Down, x.Choose, x.Back}},
		{"Actions, form", "Parameters are grouped by where they go; the body starts as a skeleton of its required fields. A change asks first.",
			[]key.Binding{x.NextField, x.PrevField, x.PrevConnection, x.NextConnection, x.Send, x.Back}},
		{"Actions, answer", "", []key.Binding{x.ScrollUp, x.ScrollDown, x.PageUp, x.PageDown, x.Top, x.Bottom, x.Fold, x.Find, x.NextMatch, x.PrevMatch, x.CopyAll, x.CopyValue, x.Edit}},
		{"Actions, call log", "Every request the app made this session, newest first (keys and secrets redacted); ctrl+l opens it from any stage of the console.",
			[]key.Binding{x.Log, x.ScrollUp, x.ScrollDown, x.Reopen, x.Back}},
		{"Welcome", "", []key.Binding{w.Next, w.Prev, w.Submit}},
		{"Yes-or-no prompts", "", []key.Binding{k.Confirm.Yes, k.Confirm.No}},
	}
}
