package screens

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// callLogState is the console's view of the session's call log: a
// snapshot taken when it opens, newest first.
type callLogState struct {
	calls []alloy.Call
	total int
	list  components.List
	// back is the stage esc returns to.
	back actionsStage
	// returns is set when the log was opened from another screen, which
	// esc goes back to.
	returns bool
}

// prefill is an earlier run's request, to fill a form with again.
type prefill struct {
	CredentialID      string            `json:"credentialId"`
	RequestBody       json.RawMessage   `json:"requestBody"`
	QueryParameters   map[string]string `json:"queryParameters"`
	PathParams        map[string]string `json:"pathParams"`
	AdditionalHeaders map[string]string `json:"additionalHeaders"`
}

// openLog shows the call log, as it is now.
func (s *Actions) openLog() tea.Cmd {
	l := alloy.CallLogFrom(s.c.Ctx)
	s.log.calls, s.log.total = nil, 0
	if l != nil {
		s.log.calls, s.log.total = l.Calls(), l.Total()
	}
	if s.stage != stageLog {
		s.log.back = s.stage
	}
	s.stage = stageLog
	s.filter.Blur()
	s.form.blurAll()
	s.log.list.SetHeight(max(s.c.Height-3, 1))
	s.log.list.SetLength(len(s.log.calls))
	s.log.list.SetCursor(0)
	return nil
}

// logKey handles the keys of the call log.
func (s *Actions) logKey(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys.Actions
	switch {
	case key.Matches(msg, k.Up), key.Matches(msg, k.ScrollUp):
		s.log.list.Move(-1)
	case key.Matches(msg, k.Down), key.Matches(msg, k.ScrollDown):
		s.log.list.Move(1)
	case key.Matches(msg, k.Log):
		return s.openLog() // refresh
	case key.Matches(msg, k.Reopen):
		if len(s.log.calls) == 0 {
			return nil
		}
		call := s.log.calls[s.log.list.Cursor()]
		if call.Connector == "" || call.Action == "" {
			s.c.Note("Only an action's execution can be opened again.")
			return nil
		}
		return s.reopen(call)
	case key.Matches(msg, k.Back):
		return s.leaveLog()
	}
	return nil
}

// leaveLog goes back to the stage the log was opened from and, when it
// was opened from another screen, to that screen.
func (s *Actions) leaveLog() tea.Cmd {
	s.stage = s.log.back
	if s.log.returns {
		s.log.returns = false
		s.c.Emit(common.CallLogClosedMsg{})
	}
	switch s.stage {
	case stageConnectors, stageActions:
		return s.filter.Focus()
	case stageForm:
		return s.form.focusField()
	}
	return nil
}

// reopen describes a logged action again and fills its form with the
// logged request: its connection, parameters and body.
func (s *Actions) reopen(call alloy.Call) tea.Cmd {
	// The console now has the user's attention: esc steps back through
	// its stages, not to the screen the log was opened from.
	s.log.returns = false
	var p prefill
	if len(call.Request) > 0 && json.Unmarshal(call.Request, &p) != nil {
		p = prefill{}
	}
	s.connector = consoleConnector{ID: call.Connector}
	for _, cc := range s.connectors {
		if cc.ID == call.Connector {
			s.connector = cc
		}
	}
	s.stage = stageActions
	s.actions, s.actionsLoaded = nil, false
	s.filter.SetValue("")
	s.filter.Placeholder = "type to filter " + s.connectorName() + "'s actions"
	s.applyFilter()
	return tea.Batch(s.fetchActions(), s.describeFilled(alloy.ActionSummary{ID: call.Action}, &p))
}

// described is an action's description, or one made from a logged
// request when the service has none (fromLog).
type described struct {
	desc    *alloy.ActionDescription
	fromLog bool
}

// notDescribed reports whether a description failed because the service
// does not know the action.
func notDescribed(err error) bool {
	var e *alloy.Error
	return errors.As(err, &e) && e.Status == http.StatusNotFound
}

// undescribedAction is a description made from a logged request, for an
// action the service does not describe: a parameter for each one the
// request carried (path parameters required), a body without a schema.
// The provider's method and path are unknown.
func undescribedAction(connector, action string, p *prefill) *alloy.ActionDescription {
	d := &alloy.ActionDescription{
		Connector:   connector,
		ID:          action,
		Description: "not described by the service; filled from the call log",
	}
	for _, g := range []struct {
		in     string
		values map[string]string
	}{{alloy.InPath, p.PathParams}, {alloy.InQuery, p.QueryParameters}, {alloy.InHeader, p.AdditionalHeaders}} {
		for _, name := range slices.Sorted(maps.Keys(g.values)) {
			d.Parameters = append(d.Parameters, alloy.ActionParam{Name: name, In: g.in, Required: g.in == alloy.InPath})
		}
	}
	return d
}

// fill puts an earlier request into the form.
func (f *actionForm) fill(p *prefill) {
	if p == nil {
		return
	}
	for i := range f.params {
		var m map[string]string
		switch f.params[i].param.In {
		case alloy.InPath:
			m = p.PathParams
		case alloy.InHeader:
			m = p.AdditionalHeaders
		default:
			m = p.QueryParameters
		}
		if v, ok := m[f.params[i].param.Name]; ok {
			f.params[i].input.SetValue(models.SanitizeLine(v))
		}
	}
	if body := strings.TrimSpace(string(p.RequestBody)); body != "" && body != "null" && f.hasBody {
		var out strings.Builder
		var v any
		if json.Unmarshal(p.RequestBody, &v) == nil {
			data, _ := json.MarshalIndent(v, "", "  ")
			out.Write(data)
		} else {
			out.WriteString(body)
		}
		f.body.SetValue(components.InertJSON(out.String()))
		f.body.MoveToBegin()
	}
	for i, conn := range f.conns {
		if conn.ID == p.CredentialID {
			f.connIndex = i
		}
	}
}

// logView draws the call log.
func (s *Actions) logView() string {
	st := s.c.Styles
	w := s.c.Width
	var sb strings.Builder
	head := fmt.Sprintf("Call log · %d request%s this session", s.log.total, pluralS(s.log.total))
	if s.log.total > len(s.log.calls) {
		head += fmt.Sprintf(" (the last %d kept)", len(s.log.calls))
	}
	sb.WriteString(st.Title.Render(ansi.Truncate(head, w, "…")) + "\n")
	sb.WriteString(st.Faint.Render(ansi.Truncate("  TIME      METHOD  STATUS   TIME TAKEN  WHAT", w, "")) + "\n")
	if len(s.log.calls) == 0 {
		sb.WriteString(st.Subtle.Render("No requests yet."))
		return sb.String()
	}
	sb.WriteString(s.log.list.View(func(i int, selected bool) string {
		c := s.log.calls[i]
		status := strconv.Itoa(c.Status)
		if c.Status == 0 {
			status = "none"
		}
		what := models.SanitizeLine(c.Op)
		if c.Attempt > 1 {
			what += fmt.Sprintf(" (try %d)", c.Attempt)
		}
		if c.Err != "" {
			what += ": " + models.SanitizeLine(c.Err)
		}
		line := "  " + c.At.Local().Format("15:04:05") + "  " + padRight(c.Method, 8) + padRight(status, 9) +
			padRight(tookText(c.Duration), 12) + what
		line = ansi.Truncate(line, w, "…")
		switch {
		case selected:
			return st.Selected.Render(fitWidth(line, w))
		case c.Status == 0 || c.Status >= 400:
			return st.Error.Render(line)
		}
		return st.Normal.Render(line)
	}))
	return sb.String()
}

// tookText is how long a call took, always in whole milliseconds so that
// a column of them reads alike ("<1ms", "12ms", "1534ms"), where
// Duration.String would mix "0s", "1ms" and "1.534s".
func tookText(d time.Duration) string {
	if d < time.Millisecond {
		return "<1ms"
	}
	return strconv.FormatInt(d.Round(time.Millisecond).Milliseconds(), 10) + "ms"
}

func pluralS(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// logHelp is the call log's help.
func (s *Actions) logHelp() common.HelpKeys {
	k := s.c.Keys.Actions
	keys := []key.Binding{k.ScrollUp, k.ScrollDown, k.Reopen, k.Back}
	return common.HelpKeys{Short: keys, Full: [][]key.Binding{append(keys, k.Log)}}
}
