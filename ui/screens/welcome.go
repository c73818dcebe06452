package screens

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

// Welcome asks for the Alloy API key and user id, checks them with one
// request and saves them in the keychain.
type Welcome struct {
	c      *common.Context
	id     int
	fields [2]textinput.Model
	focus  int
	// reason says why Welcome shows (the key was refused), if it does
	// for a reason.
	reason   string
	checking bool
	err      error
	gen      int
	cancel   context.CancelFunc
}

const (
	fieldKey = iota
	fieldUser
)

type credentialsCheckedMsg struct {
	target, gen int
	client      *alloy.Client
	conns       []models.Connection
	saveErr     error
	err         error
}

func (m credentialsCheckedMsg) TargetID() int { return m.target }

// NewWelcome returns the welcome screen; reason, when set, says why the key
// is asked for again; userID pre-fills the user id.
func NewWelcome(c *common.Context, reason, userID string) *Welcome {
	s := &Welcome{c: c, id: c.NewID(), reason: reason}
	keyIn := textinput.New()
	keyIn.Prompt = "API key › "
	keyIn.Placeholder = "paste your Alloy API key"
	keyIn.EchoMode = textinput.EchoPassword
	keyIn.EchoCharacter = '•'
	userIn := textinput.New()
	userIn.Prompt = "User id › "
	userIn.Placeholder = "your Alloy user id"
	userIn.SetValue(userID)
	s.fields = [2]textinput.Model{keyIn, userIn}
	for i := range s.fields {
		s.fields[i].SetStyles(c.Styles.Input)
	}
	s.fields[fieldKey].Focus()
	s.Resize()
	return s
}

// ID implements common.Screen.
func (s *Welcome) ID() int { return s.id }

// Init implements common.Screen.
func (s *Welcome) Init() tea.Cmd { return textinput.Blink }

// Capturing is always true: the fields have the keys.
func (s *Welcome) Capturing() bool { return true }

// Busy implements common.Screen.
func (s *Welcome) Busy() string {
	if s.checking {
		return "Checking the key…"
	}
	return ""
}

// Suspend cancels a check in flight.
func (s *Welcome) Suspend() {
	if s.cancel != nil {
		s.cancel()
	}
	s.checking = false
}

// Resume implements common.Screen.
func (s *Welcome) Resume() tea.Cmd { return nil }

// Resize implements common.Screen.
func (s *Welcome) Resize() tea.Cmd {
	for i := range s.fields {
		s.fields[i].SetStyles(s.c.Styles.Input)
		s.fields[i].SetWidth(max(s.c.Width-14, 1))
	}
	return nil
}

// Help implements common.Screen.
func (s *Welcome) Help() help.KeyMap {
	k := s.c.Keys.Welcome
	g := s.c.Keys.Global
	return common.HelpKeys{
		Short: []key.Binding{k.Next, k.Submit, g.ForceQuit},
		Full:  [][]key.Binding{{k.Next, k.Prev, k.Submit, g.Back, g.ForceQuit}},
	}
}

// Update implements common.Screen.
func (s *Welcome) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		return s.key(msg)
	case credentialsCheckedMsg:
		if msg.gen != s.gen {
			return nil
		}
		s.checking = false
		if msg.err != nil {
			if common.IsCanceled(msg.err) {
				return nil
			}
			s.err = msg.err
			return nil
		}
		notice := ""
		if msg.saveErr != nil {
			notice = "Not saved in the keychain (" + common.Explain(msg.saveErr) + "): set ALLOY_API_KEY and ALLOY_USER_ID in the environment or a .env file."
		}
		s.c.Emit(common.CredentialsMsg{Client: msg.client, Connections: msg.conns, Notice: notice})
		return nil
	default:
		var cmd tea.Cmd
		s.fields[s.focus], cmd = s.fields[s.focus].Update(msg)
		return cmd
	}
}

func (s *Welcome) key(msg tea.KeyPressMsg) tea.Cmd {
	k := s.c.Keys.Welcome
	switch {
	case key.Matches(msg, s.c.Keys.Global.Back):
		s.c.Emit(common.BackMsg{})
		return nil
	case key.Matches(msg, k.Next):
		return s.setFocus(s.focus + 1)
	case key.Matches(msg, k.Prev):
		return s.setFocus(s.focus - 1)
	case key.Matches(msg, k.Submit):
		if s.checking {
			return nil
		}
		if strings.TrimSpace(s.fields[fieldKey].Value()) == "" {
			return s.setFocus(fieldKey)
		}
		if strings.TrimSpace(s.fields[fieldUser].Value()) == "" {
			return s.setFocus(fieldUser)
		}
		return s.check()
	}
	var cmd tea.Cmd
	s.fields[s.focus], cmd = s.fields[s.focus].Update(msg)
	return cmd
}

func (s *Welcome) setFocus(i int) tea.Cmd {
	s.fields[s.focus].Blur()
	s.focus = (i + len(s.fields)) % len(s.fields)
	return s.fields[s.focus].Focus()
}

// check builds a client from the fields, lists the user's connections with
// it (one request, which is also what the next screen needs) and saves the
// key and user id when it worked.
func (s *Welcome) check() tea.Cmd {
	newClient := s.c.NewClient
	if newClient == nil {
		return nil
	}
	if s.cancel != nil {
		s.cancel()
	}
	ctx, cancel := context.WithCancel(s.c.Ctx)
	s.cancel = cancel
	s.gen++
	s.checking, s.err = true, nil
	apiKey := strings.TrimSpace(s.fields[fieldKey].Value())
	userID := strings.TrimSpace(s.fields[fieldUser].Value())
	gen, target, store := s.gen, s.id, s.c.Store
	return func() tea.Msg {
		client := newClient(apiKey, userID)
		conns, err := client.ListUserConnections(ctx)
		if err != nil {
			return credentialsCheckedMsg{target: target, gen: gen, err: err}
		}
		var saveErr error
		if store == nil {
			saveErr = keystore.ErrUnavailable
		} else if saveErr = store.Set(keystore.KeyAPIKey, apiKey); saveErr == nil {
			saveErr = store.Set(keystore.KeyUserID, userID)
		}
		return credentialsCheckedMsg{target: target, gen: gen, client: client, conns: conns, saveErr: saveErr}
	}
}

// View implements common.Screen.
func (s *Welcome) View() string {
	st := s.c.Styles
	w := s.c.Width
	var sb strings.Builder
	sb.WriteString(st.Title.Render("Welcome to alloy-tui"))
	sb.WriteString("\n\n")
	if s.reason != "" {
		sb.WriteString(st.Error.Render(wrap(s.reason, w)))
		sb.WriteString("\n\n")
	}
	sb.WriteString(st.Subtle.Render(wrap("alloy-tui reaches Notion through Alloy. Sign in at app.runalloy.com: the API key is under Settings → API Keys, and the user id is the Alloy user your connections belong to.", w)))
	sb.WriteString("\n\n")
	if s.c.KeychainErr != nil {
		sb.WriteString(st.Warning.Render(wrap(common.Explain(s.c.KeychainErr)+" What you type here works for this session only.", w)))
		sb.WriteString("\n\n")
	}
	sb.WriteString(s.fields[fieldKey].View())
	sb.WriteByte('\n')
	sb.WriteString(s.fields[fieldUser].View())
	sb.WriteString("\n\n")
	switch {
	case s.checking:
		sb.WriteString(st.Accent.Render(s.c.SpinnerFrame) + st.Subtle.Render(" Checking the key…"))
	case s.err != nil:
		sb.WriteString(st.Error.Render(wrap(common.Explain(s.err), w)))
	default:
		if s.c.KeychainErr != nil {
			sb.WriteString(st.Subtle.Render("enter checks the key and uses it for this session"))
		} else {
			sb.WriteString(st.Subtle.Render("enter checks the key and saves it in the keychain"))
		}
	}
	return sb.String()
}
