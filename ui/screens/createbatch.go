package screens

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"charm.land/bubbles/v2/filepicker"
	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// batchStage is where the batch screen is.
type batchStage int

const (
	batchPicking batchStage = iota
	batchChecked
	batchRunning
	batchReport
)

// Batch creates many pages under one parent from a file, as `create
// --batch` does: a file picker, then the items checked (how many would be
// created, which are invalid and why), then the run with a progress bar,
// then a report of every item. Items that failed are written next to the
// file as FILE.failed.jsonl, which the picker (or --batch) takes again.
//
// The form (ctrl+o) opens it and stays under it: esc in the picker goes
// back to the form as it was; esc after a run closes both, since the
// pages are made.
type Batch struct {
	common.Requests

	c      *common.Context
	msg    common.CreatePageMsg
	picker filepicker.Model
	stage  batchStage

	path    string
	target  alloy.BatchTarget
	sources []alloy.BatchSource
	items   []alloy.BatchItem
	invalid int
	// problem is why the file could not be used.
	problem string

	run common.Request
	// stop, closed by esc, stops the run gently (RunBatch's Stop).
	stop     chan struct{}
	stopping bool
	progress alloy.BatchProgress
	outcomes []alloy.BatchOutcome
	// failedPath is where the failed items went ("" when none failed);
	// failedErr why they could not be written there.
	failedPath string
	failedErr  error
	// offset is the first line of the list shown (the check or the report).
	offset int
}

// NewBatch returns the batch screen for msg's parent, its picker in the
// folder it showed last in this session (at first the working directory).
func NewBatch(c *common.Context, msg common.CreatePageMsg) *Batch {
	b := &Batch{c: c, msg: msg}
	k := c.Keys.Batch
	p := filepicker.New()
	p.AllowedTypes = []string{".jsonl", ".ndjson", ".json", ".csv", ".txt"}
	p.ShowPermissions = false
	p.AutoHeight = false
	p.KeyMap = filepicker.KeyMap{GoToTop: k.Top, GoToLast: k.Bottom, Down: k.Down, Up: k.Up,
		PageUp: k.PageUp, PageDown: k.PageDown, Back: k.ParentDir, Open: k.Open, Select: k.Open}
	if dir, err := os.Getwd(); err == nil {
		p.CurrentDirectory = dir
	}
	// A folder removed since is not offered again.
	if dir := c.Session().BatchFolder; dir != "" {
		if info, err := os.Stat(dir); err == nil && info.IsDir() {
			p.CurrentDirectory = dir
		}
	}
	b.picker = p
	b.run.Label = "Creating pages…"
	b.run.OnError = func(error) tea.Cmd { return nil }
	b.Track(c, &b.run)
	b.Resize()
	return b
}

// Init implements common.Screen: the picker reads its folder.
func (b *Batch) Init() tea.Cmd { return b.picker.Init() }

// Capturing is always true: letters move in the picker and the lists.
func (b *Batch) Capturing() bool { return true }

// Suspend is a no-op while a run goes on: a batch is not left half done
// because another screen was opened over it. Only esc stops it.
func (b *Batch) Suspend() {}

// Resize implements common.Screen.
func (b *Batch) Resize() tea.Cmd {
	b.picker.SetHeight(max(b.c.Height-5, 3))
	return nil
}

// Help implements common.Screen.
func (b *Batch) Help() help.KeyMap {
	k := b.c.Keys.Batch
	var keys []key.Binding
	switch b.stage {
	case batchPicking:
		keys = []key.Binding{k.Up, k.Down, k.Open, k.ParentDir, k.Cancel}
	case batchChecked:
		if len(b.items) > b.invalid {
			keys = append(keys, k.Start)
		}
		keys = append(keys, k.Up, k.Down, k.Cancel)
	case batchRunning:
		keys = []key.Binding{k.Cancel}
	default:
		keys = []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Cancel}
	}
	return common.HelpKeys{Short: keys, Full: [][]key.Binding{keys}}
}

// Update implements common.Screen.
func (b *Batch) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		return b.key(msg)
	}
	if b.stage == batchPicking {
		var cmd tea.Cmd
		b.picker, cmd = b.picker.Update(msg)
		return cmd
	}
	return nil
}

func (b *Batch) key(msg tea.KeyPressMsg) tea.Cmd {
	k := b.c.Keys.Batch
	switch b.stage {
	case batchPicking:
		if key.Matches(msg, k.Cancel) {
			b.c.Emit(common.BackMsg{})
			return nil
		}
		var cmd tea.Cmd
		b.picker, cmd = b.picker.Update(msg)
		b.c.Session().BatchFolder = b.picker.CurrentDirectory
		if ok, path := b.picker.DidSelectFile(msg); ok {
			b.load(path)
		}
		return cmd
	case batchChecked:
		switch {
		case key.Matches(msg, k.Cancel):
			b.stage, b.problem, b.offset = batchPicking, "", 0
			return nil
		case key.Matches(msg, k.Start) && len(b.items) > b.invalid:
			return b.start()
		}
	case batchRunning:
		if key.Matches(msg, k.Cancel) && !b.stopping {
			// What has not started is reported as not created, and
			// goes to the failed file; what is under way finishes.
			b.stopping = true
			close(b.stop)
			b.c.Note("Stopping: the items under way finish, the rest are not created.")
		}
		return nil
	case batchReport:
		if key.Matches(msg, k.Cancel) {
			// The form under this screen goes too: back to the parent.
			b.c.Emit(common.BackMsg{})
			b.c.Emit(common.BackMsg{})
			return nil
		}
	}
	b.scroll(msg)
	return nil
}

// scroll moves the list of the check or the report.
func (b *Batch) scroll(msg tea.KeyPressMsg) {
	k := b.c.Keys.Batch
	page := max(b.listHeight()-1, 1)
	switch {
	case key.Matches(msg, k.Up):
		b.offset--
	case key.Matches(msg, k.Down):
		b.offset++
	case key.Matches(msg, k.PageUp):
		b.offset -= page
	case key.Matches(msg, k.PageDown):
		b.offset += page
	case key.Matches(msg, k.Top):
		b.offset = 0
	case key.Matches(msg, k.Bottom):
		b.offset = len(b.items)
	}
	b.offset = max(min(b.offset, len(b.items)-b.listHeight()), 0)
}

// load reads and checks the file chosen.
func (b *Batch) load(path string) {
	b.path, b.problem, b.offset = path, "", 0
	data, err := os.ReadFile(path)
	if err == nil && len(data) > 64<<20 {
		err = fmt.Errorf("larger than 64 MB")
	}
	if err != nil {
		b.problem = "Could not read " + filepath.Base(path) + ": " + err.Error()
		b.stage = batchChecked
		b.items = nil
		return
	}
	sources, err := alloy.ParseBatch(data, path, "")
	if err != nil {
		b.problem = filepath.Base(path) + ": " + err.Error()
		b.stage = batchChecked
		b.items = nil
		return
	}
	b.target = alloy.BatchTarget{Parent: b.msg.Parent, Schema: b.msg.Schema, Name: b.where()}
	b.sources, b.items, b.invalid = sources, make([]alloy.BatchItem, len(sources)), 0
	for i, s := range sources {
		b.items[i] = alloy.PrepareBatchItem(s, b.target)
		if b.items[i].Err != nil {
			b.invalid++
		}
	}
	if len(sources) == 0 {
		b.problem = filepath.Base(path) + " holds no items."
	}
	b.stage = batchChecked
}

func (b *Batch) where() string {
	if b.msg.Schema != nil {
		return "database " + b.msg.Where
	}
	return "page " + b.msg.Where
}

// start runs the valid items (the invalid ones are reported as they are).
func (b *Batch) start() tea.Cmd {
	notion := b.c.Notion()
	if notion == nil {
		return nil
	}
	items := b.items
	b.stage, b.offset = batchRunning, 0
	b.progress = alloy.BatchProgress{Left: len(items)}
	var outcomes []alloy.BatchOutcome
	stop := make(chan struct{})
	b.stop, b.stopping = stop, false
	startAt := time.Now()
	if b.c.Now != nil {
		startAt = b.c.Now()
	}
	return common.Stream(b.c, &b.run, func(ctx context.Context, emit func(alloy.BatchProgress)) error {
		outcomes = notion.RunBatch(ctx, items, alloy.BatchOptions{Start: startAt, Stop: stop}, emit)
		return nil
	}, func(p alloy.BatchProgress) tea.Cmd {
		b.progress = p
		return nil
	}, func() tea.Cmd {
		b.finished(outcomes)
		return nil
	})
}

// finished takes the outcomes and writes the failed items next to the file.
func (b *Batch) finished(outcomes []alloy.BatchOutcome) {
	b.outcomes, b.stage, b.offset = outcomes, batchReport, 0
	var failed []alloy.FailedItem
	told := false
	for i, o := range outcomes {
		if o.Created {
			// One word is enough for the parent (a page, a table) to
			// load its children again.
			if !told {
				b.c.Emit(common.PageCreatedMsg{Page: o.Page})
				told = true
			}
			continue
		}
		failed = append(failed, alloy.NewFailedItem(b.sources[i], b.target, models.SanitizeLine(common.Explain(o.Err))))
	}
	if len(failed) == 0 {
		b.c.Note(fmt.Sprintf("Created all %d pages.", len(outcomes)))
		return
	}
	b.failedPath = b.path + ".failed.jsonl"
	b.failedErr = alloy.WriteFailedItems(b.failedPath, failed)
}

// listHeight is how many lines the check's or the report's list has.
func (b *Batch) listHeight() int { return max(b.c.Height-6, 1) }

// View implements common.Screen.
func (b *Batch) View() string {
	st := b.c.Styles
	w := b.c.Width
	var sb strings.Builder
	title := st.Title.Render("New pages from a file")
	sb.WriteString(title)
	where := "  under " + models.SanitizeLine(b.msg.Where)
	if b.msg.Schema != nil {
		where = "  in " + models.SanitizeLine(b.msg.Where)
	}
	sb.WriteString(st.Subtle.Render(ansi.Truncate(where, max(w-lipgloss.Width(title), 0), "…")))
	sb.WriteString("\n")
	switch b.stage {
	case batchPicking:
		sb.WriteString(st.Subtle.Render(ansi.Truncate(models.SanitizeLine(b.picker.CurrentDirectory), w, "…")))
		sb.WriteString("\n\n")
		sb.WriteString(b.picker.View())
	case batchChecked:
		sb.WriteString(st.Subtle.Render(ansi.Truncate(models.SanitizeLine(b.path), w, "…")))
		sb.WriteString("\n\n")
		if b.problem != "" {
			sb.WriteString(st.Error.Render(wrap(models.SanitizeLine(b.problem), w)))
			break
		}
		sb.WriteString(fmt.Sprintf("%d item%s: %d to create, %d invalid (left out).\n", len(b.items), plural(len(b.items)), len(b.items)-b.invalid, b.invalid))
		b.list(&sb, func(i int) string {
			it := b.items[i]
			if it.Err != nil {
				return st.Error.Render(fmt.Sprintf("line %d  invalid%s: %s", it.Line, namedBy(it.Page.Title), models.SanitizeLine(it.Err.Error())))
			}
			return fmt.Sprintf("line %d  %s", it.Line, models.SanitizeLine(it.Page.Title))
		})
	case batchRunning:
		sb.WriteString("\n")
		p := b.progress
		total := max(len(b.items), 1)
		width := max(min(w-2, 60), 10)
		fill := (p.Done + p.Failed) * width / total
		sb.WriteString(st.Accent.Render(strings.Repeat("█", fill)) + st.Subtle.Render(strings.Repeat("░", width-fill)))
		sb.WriteString("\n\n")
		sb.WriteString(fmt.Sprintf("%d created · %d failed · %d left\n\n", p.Done, p.Failed, p.Left))
		sb.WriteString(components.SpinnerLine(st, b.c.SpinnerFrame, b.run.Busy(time.Now())))
	case batchReport:
		created := 0
		for _, o := range b.outcomes {
			if o.Created && o.Err == nil {
				created++
			}
		}
		sb.WriteString("\n")
		sum := fmt.Sprintf("Created %d of %d.", created, len(b.outcomes))
		switch {
		case b.failedErr != nil:
			sum += " The failed items could not be written: " + b.failedErr.Error()
		case b.failedPath != "":
			sum += " The failed items are in " + b.failedPath + "."
		}
		sb.WriteString(wrap(models.SanitizeLine(sum), w))
		sb.WriteString("\n")
		b.list(&sb, func(i int) string {
			o := b.outcomes[i]
			switch {
			case o.Created && o.Err == nil:
				s := fmt.Sprintf("line %d  created  %s", o.Item.Line, common.Title(o.Page))
				if o.Recovered {
					s += st.Subtle.Render("  (answer lost; found, not sent again)")
				}
				return s
			case o.Created:
				return st.Warning.Render(fmt.Sprintf("line %d  partly created  %s: %s", o.Item.Line, common.Title(o.Page), models.SanitizeLine(common.Explain(o.Err))))
			}
			return st.Error.Render(fmt.Sprintf("line %d  failed%s: %s", o.Item.Line, namedBy(o.Item.Page.Title), models.SanitizeLine(common.Explain(o.Err))))
		})
	}
	return sb.String()
}

// list writes the visible lines of a list of len(b.items) entries.
func (b *Batch) list(sb *strings.Builder, line func(i int) string) {
	n := len(b.items)
	if b.stage == batchReport {
		n = len(b.outcomes)
	}
	end := min(b.offset+b.listHeight(), n)
	for i := b.offset; i < end; i++ {
		sb.WriteString(ansi.Truncate(line(i), b.c.Width, "…"))
		sb.WriteByte('\n')
	}
}

// namedBy is an item's title after its outcome ("  Title"), "" when it has
// none.
func namedBy(title string) string {
	if title == "" {
		return ""
	}
	return "  " + models.SanitizeLine(title)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
