package common

import "github.com/alloy-tui/alloy-tui/models"

// Session is what the screens remember until the program ends, so that a
// database closed and opened again looks as it was left: which of its data
// sources was chosen, and which of a data source's columns are hidden. It
// is read and written only from the Update loop.
type Session struct {
	// dataSources maps a database id (compact) to the data source chosen.
	dataSources map[string]string
	// hidden maps a data source id (compact) to the names of its hidden
	// columns.
	hidden map[string]map[string]bool
	// BatchFolder is the folder the batch screen's file picker showed
	// last, where it opens next ("" before the first).
	BatchFolder string
}

// Session returns what this program remembers for the session.
func (c *Context) Session() *Session {
	if c.session == nil {
		c.session = &Session{dataSources: map[string]string{}, hidden: map[string]map[string]bool{}}
	}
	return c.session
}

// DataSource is the data source chosen for a database, "" when none was.
func (s *Session) DataSource(databaseID string) string {
	return s.dataSources[models.CompactID(databaseID)]
}

// ChooseDataSource remembers the data source chosen for a database.
func (s *Session) ChooseDataSource(databaseID, dataSourceID string) {
	s.dataSources[models.CompactID(databaseID)] = dataSourceID
}

// Hidden reports whether a data source's column is hidden.
func (s *Session) Hidden(dataSourceID, column string) bool {
	return s.hidden[models.CompactID(dataSourceID)][column]
}

// SetHidden hides or shows a data source's column.
func (s *Session) SetHidden(dataSourceID, column string, hidden bool) {
	id := models.CompactID(dataSourceID)
	if s.hidden[id] == nil {
		s.hidden[id] = map[string]bool{}
	}
	if hidden {
		s.hidden[id][column] = true
	} else {
		delete(s.hidden[id], column)
	}
}
