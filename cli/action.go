package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
)

// maxBodyBytes bounds a request body read from a file or stdin.
const maxBodyBytes = 8 << 20

// actionFlags are the flags of `alloy-tui action`.
type actionFlags struct {
	asJSON   bool
	describe bool
	params   []string
	body     string
	yes      bool
}

func (a *app) actionCommand() *cobra.Command {
	var f actionFlags
	cmd := &cobra.Command{
		Use:   "action CONNECTOR [ACTION]",
		Short: "List, describe or run any connector's actions",
		Long: "With a connector alone, list its resources and actions (--json: the list as received).\n" +
			"With an action: --describe prints its method, path, parameters and body schema;\n" +
			"otherwise it runs, each -p NAME=VALUE going where the description says (path, query\n" +
			"or header; prefix query., path. or header. for one it does not list) and --body\n" +
			"checked against the schema first. The connection is --connection, else the\n" +
			"connector's active one, else its only one. Actions that change things (any method\n" +
			"but GET) ask first on a terminal; elsewhere they need --yes. The answer is printed\n" +
			"as JSON: indented and coloured on a terminal, exactly as received when piped.",
		Example: "  alloy-tui action notion\n" +
			"  alloy-tui action notion retrieve-a-page --describe\n" +
			"  alloy-tui action notion retrieve-a-page -p page_id=59833787-2cf9-4fdf-8782-e53db20768a5\n" +
			"  alloy-tui action slack chat-postMessage --body '{\"channel\":\"#general\",\"text\":\"Hello\"}' --yes",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 1 || len(args) > 2 {
				return usagef("needs CONNECTOR and optionally ACTION, got %d argument%s", len(args), plural(len(args)))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			connector := strings.ToLower(strings.TrimSpace(args[0]))
			if connector == "" {
				return usagef("the connector must not be empty")
			}
			if len(args) == 1 {
				if f.describe || len(f.params) > 0 || f.body != "" || f.yes {
					return usagef("--describe, -p, --body and --yes need an ACTION")
				}
				return a.listActions(cmd.Context(), connector, f.asJSON)
			}
			action := strings.TrimSpace(args[1])
			if action == "" {
				return usagef("the action must not be empty")
			}
			if f.asJSON {
				return usagef("--json lists a connector's actions: give the CONNECTOR alone")
			}
			if f.describe {
				if len(f.params) > 0 || f.body != "" {
					return usagef("--describe runs nothing: drop -p and --body")
				}
				return a.describeAction(cmd.Context(), connector, action)
			}
			return a.runAction(cmd.Context(), connector, action, f)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&f.asJSON, "json", false, "print the connector's resource list as received")
	fl.BoolVar(&f.describe, "describe", false, "print the action's method, path, parameters and body schema")
	fl.StringArrayVarP(&f.params, "param", "p", nil, "a parameter, `NAME=VALUE` (repeatable)")
	fl.StringVar(&f.body, "body", "", "the request body: JSON, @FILE, or - for stdin")
	fl.BoolVar(&f.yes, "yes", false, "run an action that changes things without asking")
	return cmd
}

// listActions prints a connector's resources and actions.
func (a *app) listActions(ctx context.Context, connector string, asJSON bool) error {
	client, err := a.requireClient(ctx, false)
	if err != nil {
		return fail("action", err)
	}
	resources, raw, err := client.ListActions(ctx, connector)
	if err != nil {
		return noConnector(connector, err)
	}
	if asJSON {
		return a.writeJSON(raw)
	}
	all := alloy.AllActions(resources)
	if len(all) == 0 {
		a.note("%s lists no actions.", connector)
		return nil
	}
	var tw table
	tw.row("RESOURCE", "ACTION", "METHOD", "NAME")
	for _, act := range all {
		tw.row(truncate(models.SanitizeLine(act.Resource), 24), models.SanitizeLine(act.ID), orDash(models.SanitizeLine(act.Method)),
			truncate(a.redact(models.SanitizeLine(act.DisplayName)), 50))
	}
	return tw.write(a.env.Stdout)
}

// noConnector is the failure to list a connector's actions: when Alloy
// knows no such connector (action list, say, taken for a subcommand), it
// says so and how action is used.
func noConnector(connector string, err error) error {
	var apiErr *alloy.Error
	if !errors.As(err, &apiErr) || apiErr.Status != http.StatusNotFound {
		return fail("action "+connector, err)
	}
	return &opError{op: "action", err: fmt.Errorf("no connector %q", models.ShortLine(connector, 40)),
		hint: "`alloy-tui action CONNECTOR` lists a connector's actions (`alloy-tui action notion`, say); `alloy-tui connections` lists yours"}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// describeAction prints an action's description for people.
func (a *app) describeAction(ctx context.Context, connector, action string) error {
	client, err := a.requireClient(ctx, false)
	if err != nil {
		return fail("action", err)
	}
	d, err := client.DescribeAction(ctx, connector, action)
	if err != nil {
		return fail("action "+connector+"/"+action, err)
	}
	var sb strings.Builder
	title := connector + "/" + d.ID
	if d.DisplayName != "" {
		title += ": " + d.DisplayName
	}
	sb.WriteString(models.SanitizeLine(title) + "\n")
	sb.WriteString(models.SanitizeLine(strings.TrimSpace(d.Method+" "+d.Path)) + "\n")
	if d.Description != "" {
		sb.WriteString(models.SanitizeLine(d.Description) + "\n")
	}
	if d.Changes() {
		sb.WriteString("It may change things: running it asks first (or needs --yes).\n")
	}
	sb.WriteString("\nParameters:")
	if len(d.Parameters) == 0 {
		sb.WriteString(" none\n")
	} else {
		sb.WriteString("\n")
		var tw table
		tw.row("  NAME", "IN", "REQUIRED", "TYPE", "DEFAULT", "DESCRIPTION")
		for _, p := range d.Parameters {
			req := "no"
			if p.Required {
				req = "yes"
			}
			tw.row("  "+models.SanitizeLine(p.Name), p.In, req, models.SanitizeLine(p.Type()), orDash(truncate(models.SanitizeLine(p.Default()), 20)),
				truncate(models.SanitizeLine(p.Description), 60))
		}
		var buf bytes.Buffer
		_ = tw.write(&buf)
		sb.Write(buf.Bytes())
	}
	sb.WriteString("\nBody:")
	if d.Body == nil {
		sb.WriteString(" none\n")
	} else {
		sb.WriteString("\n")
		var tw table
		tw.row("  FIELD", "REQUIRED", "TYPE", "DESCRIPTION")
		bodyFields(&tw, d.Body, "", 0)
		var buf bytes.Buffer
		_ = tw.write(&buf)
		sb.Write(buf.Bytes())
		sb.WriteString("\nA body to start from (required fields only):\n")
		sb.WriteString(indentLines(alloy.Skeleton(d.Body), "  "))
		sb.WriteString("\n")
	}
	a.printf("%s", a.redact(sb.String()))
	return nil
}

// bodyFields lists a body schema's fields, nested ones as a.b, with
// whether each is required.
func bodyFields(tw *table, s *alloy.Schema, prefix string, depth int) {
	if s == nil || depth > 4 {
		return
	}
	for _, name := range s.PropertyNames() {
		p := s.Properties[name]
		req := "no"
		if slices.Contains(s.Required, name) {
			req = "yes"
		}
		typ := p.TypeName()
		if len(p.Enum) > 0 {
			var vals []string
			for _, e := range p.Enum {
				vals = append(vals, string(e))
			}
			typ = strings.TrimSpace(typ + " " + strings.Join(vals, "|"))
		}
		tw.row("  "+models.SanitizeLine(prefix+name), req, orDash(truncate(models.SanitizeLine(typ), 30)), truncate(models.SanitizeLine(p.Description), 60))
		bodyFields(tw, p, prefix+name+".", depth+1)
	}
}

// prettyJSON indents JSON and makes it inert on a terminal; text that is
// not JSON comes back sanitised.
func prettyJSON(raw []byte) string {
	var buf bytes.Buffer
	if json.Indent(&buf, bytes.TrimSpace(raw), "", "  ") != nil {
		return models.Sanitize(string(raw))
	}
	return string(inertJSON(buf.Bytes()))
}

func indentLines(s, prefix string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	for i, l := range lines {
		lines[i] = prefix + l
	}
	return strings.Join(lines, "\n") + "\n"
}

// runAction describes the action, builds and checks the request, asks
// before a change, runs it and prints the answer.
func (a *app) runAction(ctx context.Context, connector, action string, f actionFlags) error {
	values := map[string]string{}
	for _, p := range f.params {
		name, value, ok := strings.Cut(p, "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" {
			return usagef("-p wants NAME=VALUE, got %q", models.ShortLine(p, 80))
		}
		if _, dup := values[name]; dup {
			return usagef("-p %s is given twice", models.ShortLine(name, 80))
		}
		values[name] = value
	}
	body, err := a.readBody(f.body)
	if err != nil {
		return err
	}
	client, err := a.requireClient(ctx, false)
	if err != nil {
		return fail("action", err)
	}
	op := "action " + connector + "/" + action
	d, err := client.DescribeAction(ctx, connector, action)
	if err != nil {
		return fail(op, err)
	}
	if err := alloy.ValidateBody(d.Body, body); err != nil {
		return usagef("%s/%s: %v", connector, action, err) // the command's name leads already
	}
	req, err := d.BuildRequest("", values, body)
	if err != nil {
		return usagef("%v", err)
	}
	conn, err := a.connectionFor(ctx, client, connector)
	if err != nil {
		return fail(op, err)
	}
	req.CredentialID = conn
	if d.Changes() && !f.yes {
		if err := a.confirmChange(d, connector, conn); err != nil {
			return err
		}
	}
	answer, err := client.RunAction(ctx, connector, d.ID, d.Method, req)
	if err != nil {
		return a.actionFailed(op, d, err)
	}
	if a.env.IsTerminal(a.env.Stdout) {
		a.printf("%s\n", colourJSON(prettyJSON(answer), !a.noColor()))
		return nil
	}
	_, _ = a.env.Stdout.Write(answer)
	return nil
}

// readBody reads --body: JSON as given, @FILE, or - for stdin.
func (a *app) readBody(spec string) ([]byte, error) {
	switch {
	case spec == "":
		return nil, nil
	case spec == "-":
		data, err := io.ReadAll(io.LimitReader(a.env.Stdin, maxBodyBytes+1))
		if err != nil {
			return nil, fail("action", fmt.Errorf("reading the body from stdin: %w", err))
		}
		if len(data) > maxBodyBytes {
			return nil, usagef("the body on stdin is over %d MB", maxBodyBytes>>20)
		}
		return data, nil
	case strings.HasPrefix(spec, "@"):
		path := spec[1:]
		if a.env.Dir != "" && !isAbs(path) {
			path = a.env.Dir + string(os.PathSeparator) + path
		}
		file, err := os.Open(path)
		if err != nil {
			return nil, usagef("--body %s: %v", models.ShortLine(spec, 80), errors.Unwrap(err))
		}
		defer file.Close()
		data, err := io.ReadAll(io.LimitReader(file, maxBodyBytes+1))
		if err != nil {
			return nil, fail("action", fmt.Errorf("reading %s: %w", models.ShortLine(spec[1:], 80), err))
		}
		if len(data) > maxBodyBytes {
			return nil, usagef("--body %s is over %d MB", models.ShortLine(spec, 80), maxBodyBytes>>20)
		}
		return data, nil
	}
	return []byte(spec), nil
}

func isAbs(path string) bool { return strings.HasPrefix(path, "/") || len(path) > 1 && path[1] == ':' }

// connectionFor is the connection an action runs on: --connection, else
// the connector's active one, else its only one.
func (a *app) connectionFor(ctx context.Context, client *alloy.Client, connector string) (string, error) {
	if id := strings.TrimSpace(a.connection); id != "" {
		return id, nil
	}
	if connector == alloy.NotionConnector {
		_, id, err := a.activeConnection(ctx)
		return id, err
	}
	if id := a.activeFor(connector); id != "" {
		return id, nil
	}
	if !a.cfg.UserID.IsSet() {
		return "", fmt.Errorf("no active %s connection: pass --connection ID, or set an Alloy user id to find it", connector)
	}
	conns, err := client.ListConnections(ctx, connector)
	if err != nil {
		return "", fmt.Errorf("listing %s connections to find the active one: %w", connector, err)
	}
	switch len(conns) {
	case 0:
		return "", fmt.Errorf("no %s connection: run `alloy-tui connect %s`", connector, connector)
	case 1:
		id := conns[0].ID
		a.note("Using %s connection %s, the only one (make it permanent with `alloy-tui use %s --connector %s`).", connector, id, id, connector)
		return id, nil
	}
	ids := make([]string, 0, len(conns))
	for _, c := range conns {
		ids = append(ids, models.SanitizeLine(c.ID))
	}
	return "", fmt.Errorf("%d %s connections (%s) and none is active: choose one with `alloy-tui use ID --connector %s`, or pass --connection ID",
		len(conns), connector, strings.Join(ids, ", "), connector)
}

// confirmChange asks on a terminal before an action that changes things;
// without a terminal it refuses (exit 2), since nobody could answer.
func (a *app) confirmChange(d *alloy.ActionDescription, connector, conn string) error {
	what := models.SanitizeLine(fmt.Sprintf("%s/%s (%s %s)", connector, d.ID, d.Method, d.Path))
	if !a.env.IsTerminal(a.env.Stdin) || !a.env.IsTerminal(a.env.Stderr) {
		return usagef("%s may change things and there is no terminal to confirm on: pass --yes to run it", what)
	}
	line, err := a.promptLine(fmt.Sprintf("Run %s on connection %s? [y/N] ", what, models.SanitizeLine(conn)))
	if err != nil {
		return fail("action", err)
	}
	if answer := strings.ToLower(line); answer != "y" && answer != "yes" {
		return fail("action", errors.New("not confirmed; nothing was sent"))
	}
	return nil
}

// actionFailed explains a failed run: the service's own message for an
// answer, and for a write without an answer that it may have happened.
func (a *app) actionFailed(op string, d *alloy.ActionDescription, err error) error {
	var e *alloy.Error
	if !errors.As(err, &e) {
		return fail(op, err)
	}
	switch {
	case e.Status == 0 && d.Changes():
		return fail(op, fmt.Errorf("%s It was not retried, since it may have run: check before running it again", strings.TrimSpace(e.Explain())))
	case e.Status == 0, e.Status == 401, e.Status == 429, e.Status >= 200 && e.Status < 300 && e.Message == "":
		return fail(op, err)
	}
	msg := fmt.Sprintf("HTTP %d", e.Status)
	if e.Status >= 200 && e.Status < 300 {
		msg = "the service reported a failure"
	}
	if e.Code != "" {
		msg += " " + e.Code
	}
	if e.Message != "" {
		msg += ": " + e.Message
	}
	if e.RequestID != "" {
		msg += " (request " + e.RequestID + ")"
	}
	return fail(op, errors.New(msg))
}

// noColor reports whether NO_COLOR asks for no colours.
func (a *app) noColor() bool {
	v, ok := a.env.LookupEnv("NO_COLOR")
	return ok && v != ""
}

// JSON colours: keys, strings, numbers, and true/false/null.
const (
	colourKey     = "\x1b[34m"
	colourString  = "\x1b[32m"
	colourNumber  = "\x1b[36m"
	colourLiteral = "\x1b[35m"
	colourReset   = "\x1b[0m"
)

// colourJSON colours indented, valid JSON for a terminal; with colour off
// it returns it as it is.
func colourJSON(s string, colour bool) string {
	if !colour {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			j = min(j+1, len(s))
			k := j
			for k < len(s) && s[k] == ' ' {
				k++
			}
			col := colourString
			if k < len(s) && s[k] == ':' {
				col = colourKey
			}
			b.WriteString(col + s[i:j] + colourReset)
			i = j
		case c == '-' || c >= '0' && c <= '9':
			j := i
			for j < len(s) && strings.IndexByte("+-0123456789.eE", s[j]) >= 0 {
				j++
			}
			b.WriteString(colourNumber + s[i:j] + colourReset)
			i = j
		case c == 't' || c == 'f' || c == 'n':
			j := i
			for j < len(s) && s[j] >= 'a' && s[j] <= 'z' {
				j++
			}
			b.WriteString(colourLiteral + s[i:j] + colourReset)
			i = j
		default:
			_, size := utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+size])
			i += size
		}
	}
	return b.String()
}
