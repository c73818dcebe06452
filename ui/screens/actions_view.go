package screens

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// View implements common.Screen. It only draws what is ready.
func (s *Actions) View() string {
	st := s.c.Styles
	w := s.c.Width
	var sb strings.Builder
	sb.WriteString(components.Tabs(st, w, common.TabActions))
	sb.WriteByte('\n')
	switch s.stage {
	case stageConnectors:
		sb.WriteString(s.connectorsView())
	case stageActions:
		sb.WriteString(s.actionsView())
	case stageForm:
		sb.WriteString(s.formView())
	case stageAnswer:
		sb.WriteString(s.answerView())
	case stageLog:
		sb.WriteString(s.logView())
	}
	return sb.String()
}

// loadingOrFailed draws a request's spinner or failure, "" when neither.
func (s *Actions) loadingOrFailed(r *common.Request, retry string) string {
	st := s.c.Styles
	switch {
	case r.Running():
		return components.SpinnerLine(st, s.c.SpinnerFrame, r.Busy(s.c.Now()))
	case r.Err() != nil:
		return st.Error.Render(wrap(common.Explain(r.Err()), s.c.Width)) + "\n" + st.Subtle.Render(retry)
	}
	return ""
}

func (s *Actions) connectorsView() string {
	st := s.c.Styles
	w := s.c.Width
	head := "Choose a connector: those you have a connection for come first."
	if !s.connectorsLoaded {
		if l := s.loadingOrFailed(&s.connectorsReq, "Switch tabs and back to try again."); l != "" {
			return st.Subtle.Render(ansi.Truncate(head, w, "…")) + "\n" + l
		}
	}
	var sb strings.Builder
	sb.WriteString(st.Subtle.Render(ansi.Truncate(head, w, "…")) + "\n")
	sb.WriteString(ansi.Truncate(s.filter.View(), w, "") + "\n")
	if len(s.shown) == 0 {
		sb.WriteString(st.Subtle.Render("No connector matches."))
		return sb.String()
	}
	nameW := min(max(w/3, 12), 24)
	sb.WriteString(s.list.View(func(row int, selected bool) string {
		cc := s.connectors[s.shown[row]]
		mark := "  "
		status := "not connected"
		switch n := len(cc.Connections); {
		case n == 1:
			mark, status = "● ", "1 connection: "+connName(cc.Connections[0])
		case n > 1:
			mark, status = "● ", strconv.Itoa(n)+" connections"
		}
		name := models.SanitizeLine(cc.Name)
		if name == "" {
			name = common.ConnectorName(cc.ID)
		}
		line := ansi.Truncate(mark+padRight(name, nameW)+status, w, "…")
		if selected {
			return st.Selected.Render(fitWidth(line, w))
		}
		if mark != "  " {
			return st.Accent.Render(mark) + st.Normal.Render(strings.TrimPrefix(line, mark))
		}
		return st.Subtle.Render(line)
	}))
	return sb.String()
}

func (s *Actions) actionsView() string {
	st := s.c.Styles
	w := s.c.Width
	name := s.connectorName()
	head := name + " · choose an action"
	if s.actionsLoaded {
		head += fmt.Sprintf(" (%d)", len(s.actions))
	}
	var sb strings.Builder
	sb.WriteString(st.Title.Render(ansi.Truncate(head, w, "…")) + "\n")
	if !s.actionsLoaded {
		if l := s.loadingOrFailed(&s.actionsReq, "esc goes back to the connectors."); l != "" {
			return sb.String() + l
		}
	}
	sb.WriteString(ansi.Truncate(s.filter.View(), w, "") + "\n")
	if s.describeReq.Running() || s.describeReq.Err() != nil {
		// The description loads over the list's first row.
		if l := s.loadingOrFailed(&s.describeReq, ""); l != "" {
			sb.WriteString(strings.TrimRight(l, "\n") + "\n")
		}
	}
	if len(s.shown) == 0 {
		if s.actionsLoaded && len(s.actions) == 0 {
			sb.WriteString(st.Subtle.Render(name + " lists no actions."))
		} else {
			sb.WriteString(st.Subtle.Render("No action matches."))
		}
		return sb.String()
	}
	idW := min(max(w/3, 16), 32)
	sb.WriteString(s.list.View(func(row int, selected bool) string {
		a := s.actions[s.shown[row]]
		method := a.Method
		if method == "" {
			method = "?"
		}
		desc := models.SanitizeLine(a.DisplayName)
		if a.Resource != "" {
			desc += " · " + models.SanitizeLine(a.Resource)
		}
		line := ansi.Truncate("  "+padRight(models.SanitizeLine(method), 7)+padRight(models.SanitizeLine(a.ID), idW)+desc, w, "…")
		if selected {
			return st.Selected.Render(fitWidth(line, w))
		}
		return st.Normal.Render(line)
	}))
	return sb.String()
}

func (s *Actions) formView() string {
	st := s.c.Styles
	w := s.c.Width
	d := s.form.desc
	var sb strings.Builder
	title := s.connector.ID + "/" + d.ID
	if d.DisplayName != "" {
		title += " · " + d.DisplayName
	}
	sb.WriteString(st.Title.Render(ansi.Truncate(models.SanitizeLine(title), w, "…")) + "\n")
	method := strings.TrimSpace(d.Method + " " + d.Path)
	if d.Description != "" {
		method = strings.TrimPrefix(method+" — "+d.Description, " — ")
	}
	sb.WriteString(st.Subtle.Render(ansi.Truncate(models.SanitizeLine(method), w, "…")) + "\n")
	sb.WriteString(s.form.view(st, w) + "\n")
	switch {
	case s.confirm.IsOpen():
		sb.WriteString(ansi.Truncate(s.confirm.View(st), w, "…"))
	case s.runReq.Running():
		sb.WriteString(components.SpinnerLine(st, s.c.SpinnerFrame, s.runReq.Busy(s.c.Now())))
	case s.form.err != "":
		sb.WriteString(st.Error.Render(ansi.Truncate(models.SanitizeLine(s.form.err), w, "…")))
	default:
		k := s.c.Keys.Actions
		note := hint(st, k.Send, "to send")
		if missing := s.form.missingRequired(); len(missing) > 0 {
			note = st.Warning.Render("required: "+strings.Join(missing, ", ")+" · ") + note
		}
		if s.form.mayChange() {
			note += st.Subtle.Render(" (it may change things: you will be asked)")
		}
		sb.WriteString(ansi.Truncate(note, w, "…"))
	}
	return sb.String()
}

func (s *Actions) answerView() string {
	st := s.c.Styles
	w := s.c.Width
	a := &s.answer
	var sb strings.Builder
	sb.WriteString(st.Title.Render(ansi.Truncate(models.SanitizeLine(a.action), w, "…")) + "\n")
	took := tookText(a.took)
	when := ""
	if !a.at.IsZero() {
		when = " · at " + a.at.Local().Format("15:04:05")
	}
	if a.err == nil {
		ok := "✓ OK"
		if a.status != 0 {
			ok = "✓ " + strconv.Itoa(a.status)
		}
		status := st.Success.Render(ok) + st.Subtle.Render(" · "+took+when+" · "+a.view.Position())
		sb.WriteString(ansi.Truncate(status, w, "…") + "\n")
	} else {
		sb.WriteString(ansi.Truncate(st.Error.Render("✗ "+answerStatus(a.err))+st.Subtle.Render(" · "+took+when), w, "…") + "\n")
	}
	if s.finding {
		sb.WriteString(ansi.Truncate(s.find.View(), w, "") + "\n")
	} else if q := a.view.Query(); q != "" {
		sb.WriteString(st.Faint.Render(ansi.Truncate("find: "+models.SanitizeLine(q)+" · n next, N previous", w, "…")) + "\n")
	} else if a.err != nil && len(a.raw) > 0 {
		sb.WriteString(st.Error.Render(ansi.Truncate(common.Explain(a.err), w, "…")) + "\n")
	} else {
		sb.WriteByte('\n')
	}
	if a.err != nil && len(a.raw) == 0 {
		sb.WriteString(st.Error.Render(wrap(answerExplain(a.err), w)))
		sb.WriteString("\n" + st.Subtle.Render("Press ") + hint(st, s.c.Keys.Actions.Edit, "to go back to the form."))
		return sb.String()
	}
	sb.WriteString(a.view.View(st, w))
	return sb.String()
}

// answerStatus is the failure's status for the answer's header: "HTTP 409
// CONFLICT", "no answer".
func answerStatus(err error) string {
	var e *alloy.Error
	if !errors.As(err, &e) {
		return "failed"
	}
	switch {
	case e.Status == 0:
		return "no answer"
	case e.Status >= 200 && e.Status < 300:
		return "the service reported a failure"
	}
	out := "HTTP " + strconv.Itoa(e.Status)
	if e.Code != "" {
		out += " " + models.SanitizeLine(e.Code)
	}
	return out
}

// answerExplain is the failure in words: the service's own message, then
// what it means.
func answerExplain(err error) string {
	var e *alloy.Error
	if !errors.As(err, &e) {
		return common.Explain(err)
	}
	msg := common.Explain(err)
	if e.Message != "" && !strings.Contains(msg, e.Message) {
		msg = models.SanitizeLine(e.Message) + "\n" + msg
	}
	if e.Status == 0 {
		msg += " An action that changes things is not retried: check whether it ran before sending it again."
	}
	return msg
}
