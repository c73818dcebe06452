package common

import (
	"image/color"
	"os"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"

	"github.com/alloy-tui/alloy-tui/render"
)

// Styles is every Lip Gloss style of the UI, declared once. They are built for
// a dark or a light background and rebuilt when the terminal reports its
// colour; with NO_COLOR set they carry no colour at all, only emphasis.
type Styles struct {
	IsDark  bool
	NoColor bool

	// Glamour is the Glamour style name or path for page rendering.
	Glamour string

	App        lipgloss.Style
	Title      lipgloss.Style // a screen's title line
	Subtle     lipgloss.Style // secondary text: parents, dates
	Faint      lipgloss.Style // hints
	Error      lipgloss.Style
	Warning    lipgloss.Style
	Success    lipgloss.Style
	Accent     lipgloss.Style // the spinner, the active marker
	Selected   lipgloss.Style // the highlighted row of a list
	Normal     lipgloss.Style // a row that is not highlighted
	Key        lipgloss.Style // a key name in prose ("press c")
	Header     lipgloss.Style // the page header box
	Link       lipgloss.Style // the selected link marker
	Match      lipgloss.Style // a find-in-page match
	MatchNow   lipgloss.Style // the find-in-page match jumped to
	StatusBar  lipgloss.Style
	StatusName lipgloss.Style // the active connection on the status bar
	StatusErr  lipgloss.Style
	Prompt     lipgloss.Style // a confirmation prompt
	Tab        lipgloss.Style
	ActiveTab  lipgloss.Style

	Help  help.Styles
	Input textinput.Styles
}

// NoColorRequested reports whether the NO_COLOR convention asks for no colour
// (https://no-color.org: any non-empty value).
func NoColorRequested() bool {
	return os.Getenv("NO_COLOR") != ""
}

// NewStyles builds the styles for a dark or light background.
func NewStyles(isDark, noColor bool) *Styles {
	ld := lipgloss.LightDark(isDark)
	pick := func(light, dark string) color.Color {
		if noColor {
			return lipgloss.NoColor{}
		}
		return ld(lipgloss.Color(light), lipgloss.Color(dark))
	}
	var (
		fg      = pick("#1F1F28", "#E6E6E6")
		subtle  = pick("#5C5C66", "#A0A0AA")
		faint   = pick("#8A8A94", "#6E6E78")
		accent  = pick("#6B3FD4", "#A98BFF")
		errCol  = pick("#B3261E", "#FF7A70")
		warnCol = pick("#8A5A00", "#F5C26B")
		okCol   = pick("#1E7B34", "#7EE08F")
		selBg   = pick("#E4DDF7", "#3B3356")
		barBg   = pick("#E8E8EE", "#26262E")
	)
	s := &Styles{IsDark: isDark, NoColor: noColor, Glamour: GlamourStyle(isDark, noColor)}
	s.App = lipgloss.NewStyle()
	s.Title = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Subtle = lipgloss.NewStyle().Foreground(subtle)
	s.Faint = lipgloss.NewStyle().Foreground(faint)
	s.Error = lipgloss.NewStyle().Foreground(errCol)
	s.Warning = lipgloss.NewStyle().Foreground(warnCol)
	s.Success = lipgloss.NewStyle().Foreground(okCol)
	s.Accent = lipgloss.NewStyle().Foreground(accent)
	s.Normal = lipgloss.NewStyle().Foreground(fg)
	s.Selected = lipgloss.NewStyle().Foreground(fg).Background(selBg).Bold(true)
	s.Key = lipgloss.NewStyle().Bold(true).Foreground(accent)
	s.Header = lipgloss.NewStyle().Border(lipgloss.NormalBorder(), false, false, true, false).BorderForeground(faint)
	s.Link = lipgloss.NewStyle().Bold(true).Reverse(true).Foreground(accent)
	s.Match = lipgloss.NewStyle().Foreground(fg).Background(selBg)
	s.MatchNow = lipgloss.NewStyle().Bold(true).Reverse(true).Foreground(warnCol)
	s.StatusBar = lipgloss.NewStyle().Foreground(subtle).Background(barBg)
	s.StatusName = lipgloss.NewStyle().Foreground(accent).Background(barBg).Bold(true)
	s.StatusErr = lipgloss.NewStyle().Foreground(errCol).Background(barBg)
	s.Prompt = lipgloss.NewStyle().Foreground(warnCol).Bold(true)
	s.Tab = lipgloss.NewStyle().Foreground(subtle).Padding(0, 1)
	s.ActiveTab = lipgloss.NewStyle().Foreground(accent).Bold(true).Underline(true).Padding(0, 1)
	if noColor {
		// Without colour the selection must still be visible.
		s.Selected = lipgloss.NewStyle().Reverse(true)
		s.StatusBar = lipgloss.NewStyle()
		s.StatusName = lipgloss.NewStyle().Bold(true)
		s.StatusErr = lipgloss.NewStyle().Bold(true)
		s.Link = lipgloss.NewStyle().Reverse(true)
		s.Match = lipgloss.NewStyle().Underline(true)
		s.MatchNow = lipgloss.NewStyle().Reverse(true).Bold(true)
	}

	s.Help = help.DefaultStyles(isDark)
	s.Input = textinput.DefaultStyles(isDark)
	if noColor {
		plain := lipgloss.NewStyle()
		s.Help.ShortKey, s.Help.ShortDesc, s.Help.ShortSeparator = plain.Bold(true), plain, plain
		s.Help.FullKey, s.Help.FullDesc, s.Help.FullSeparator = plain.Bold(true), plain, plain
		s.Help.Ellipsis = plain
		s.Input.Focused.Prompt, s.Input.Focused.Text, s.Input.Focused.Placeholder = plain, plain, plain.Faint(true)
		s.Input.Blurred.Prompt, s.Input.Blurred.Text, s.Input.Blurred.Placeholder = plain, plain, plain.Faint(true)
	} else {
		s.Input.Focused.Prompt = lipgloss.NewStyle().Foreground(accent)
	}
	return s
}

// GlamourStyle chooses the Glamour style by render.Style's rule, the one
// `show` follows too: GLAMOUR_STYLE when set (a standard name or a file),
// the plain style without colour (noColor), else the dark or light style
// that matches the background the terminal reported.
func GlamourStyle(isDark, noColor bool) string {
	return render.Style(func(k string) (string, bool) {
		if k == "NO_COLOR" {
			if noColor {
				return "1", true
			}
			return "", false
		}
		return os.LookupEnv(k)
	}, isDark)
}
