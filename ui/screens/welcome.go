package screens

import (
	"context"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/keystore"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
	"github.com/alloy-tui/alloy-tui/ui/components"
)

// Welcome asks for the Alloy API key and user id, checks them with one
// request and saves them in the keychain. It draws from what it holds: the
// keychain is only written by the check's command, never waited on in
// Update or View.
type Welcome struct {
	common.Requests

	c      *common.Context
	fields [2]textinput.Model
	focus  int
	// reason says why Welcome shows (the key was refused), if it does
	// for a reason.
	reason string
	check  common.Request
}

const (
	fieldKey = iota
	fieldUser
)

// signedIn is the answer to a check: the client that worked, the
// connections it listed and, when they could not be kept, why.
type signedIn struct {
	client  *alloy.Client
	conns   []models.Connection
	saveErr error
}

// NewWelcome returns the welcome screen; reason, when set, says why the key
// is asked for again; userID pre-fills the user id.
func NewWelcome(c *common.Context, reason, userID string) *Welcome {
	s := &Welcome{c: c, reason: reason}
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
	s.fields[fieldKey].Focus()
	s.check.Label = "Checking the key…"
	// A failure shows under the fields, where the user is looking.
	s.check.OnError = func(error) tea.Cmd { return nil }
	s.Track(c, &s.check)
	s.Resize()
	return s
}

// Init implements common.Screen.
func (s *Welcome) Init() tea.Cmd { return textinput.Blink }

// Capturing is always true: the fields have the keys.
func (s *Welcome) Capturing() bool { return true }

// InputEmpty reports whether the field with the cursor is empty.
func (s *Welcome) InputEmpty() bool { return s.fields[s.focus].Value() == "" }

// Resize implements common.Screen.
func (s *Welcome) Resize() tea.Cmd {
	for i := range s.fields {
		s.fields[i].SetStyles(s.c.Styles.Input)
		// One cell after the text is the cursor's.
		s.fields[i].SetWidth(max(s.c.Width-lipgloss.Width(s.fields[i].Prompt)-1, 1))
	}
	return nil
}

// Help offers moving between the fields, and checking once both are
// filled in and no check runs.
func (s *Welcome) Help() help.KeyMap {
	k := s.c.Keys.Welcome
	if s.check.Running() {
		return common.HelpKeys{}
	}
	short := []key.Binding{k.Next}
	full := []key.Binding{k.Next, k.Prev}
	if s.filled() {
		short = append(short, k.Submit)
		full = append(full, k.Submit)
	}
	return common.HelpKeys{Short: short, Full: [][]key.Binding{full}}
}

// filled reports whether both fields hold something to check.
func (s *Welcome) filled() bool {
	return strings.TrimSpace(s.fields[fieldKey].Value()) != "" && strings.TrimSpace(s.fields[fieldUser].Value()) != ""
}

// Update implements common.Screen.
func (s *Welcome) Update(msg tea.Msg) tea.Cmd {
	if msg, ok := msg.(tea.KeyPressMsg); ok {
		return s.key(msg)
	}
	var cmd tea.Cmd
	s.fields[s.focus], cmd = s.fields[s.focus].Update(msg)
	return cmd
}

// key handles a key press: Back leaves, Next and Prev move between the
// fields, Submit checks once both are filled in, the rest types.
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
		if s.check.Running() {
			return nil
		}
		if strings.TrimSpace(s.fields[fieldKey].Value()) == "" {
			return s.setFocus(fieldKey)
		}
		if strings.TrimSpace(s.fields[fieldUser].Value()) == "" {
			return s.setFocus(fieldUser)
		}
		return s.start()
	}
	var cmd tea.Cmd
	s.fields[s.focus], cmd = s.fields[s.focus].Update(msg)
	return cmd
}

// setFocus gives field i the cursor, wrapping around.
func (s *Welcome) setFocus(i int) tea.Cmd {
	s.fields[s.focus].Blur()
	s.focus = (i + len(s.fields)) % len(s.fields)
	return s.fields[s.focus].Focus()
}

// start builds a client from the fields, lists the user's connections with
// it (one request, which is also what the next screen needs) and, when that
// worked, saves the key and user id, all in the request's command. When the
// keychain was found unusable at start, Welcome already said that what is
// typed lasts for this session, so it is not tried again.
func (s *Welcome) start() tea.Cmd {
	newClient := s.c.NewClient
	if newClient == nil {
		return nil
	}
	apiKey := strings.TrimSpace(s.fields[fieldKey].Value())
	userID := strings.TrimSpace(s.fields[fieldUser].Value())
	store, skipSave := s.c.Store, s.c.KeychainErr != nil
	return common.Fetch(s.c, &s.check, func(ctx context.Context) (signedIn, error) {
		client := newClient(apiKey, userID)
		conns, err := client.ListUserConnections(ctx)
		if err != nil {
			return signedIn{}, err
		}
		in := signedIn{client: client, conns: conns}
		switch {
		case skipSave:
		case store == nil:
			in.saveErr = keystore.ErrUnavailable
		default:
			if in.saveErr = store.Set(keystore.KeyAPIKey, apiKey); in.saveErr == nil {
				in.saveErr = store.Set(keystore.KeyUserID, userID)
			}
		}
		return in, nil
	}, s.signedIn)
}

// signedIn hands the checked credentials to the root.
func (s *Welcome) signedIn(in signedIn) tea.Cmd {
	notice := ""
	if in.saveErr != nil {
		notice = "Signed in for this session only: the keychain could not save the key."
	}
	s.c.Emit(common.CredentialsMsg{Client: in.client, Connections: in.conns, Notice: notice})
	return nil
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
	submit := st.Key.Render(s.c.Keys.Welcome.Submit.Help().Key)
	switch {
	case s.check.Running():
		sb.WriteString(components.SpinnerLine(st, s.c.SpinnerFrame, "Checking the key…"))
	case s.check.Err() != nil:
		sb.WriteString(st.Error.Render(wrap(common.Explain(s.check.Err()), w)))
	case s.c.KeychainErr != nil:
		sb.WriteString(submit + st.Subtle.Render(" checks the key and uses it for this session"))
	default:
		sb.WriteString(submit + st.Subtle.Render(" checks the key and saves it in the keychain"))
	}
	return sb.String()
}
