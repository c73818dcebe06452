package screens

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/render"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

// dbLoader loads a database for the page screen, which shows it as a page
// whose body lists the rows as links, so that the link keys open them like
// any linked page. The rows arrive a query page at a time; each one is shown
// as it arrives, and a load that stops goes on from its cursor.
type dbLoader struct {
	c  *common.Context
	id string

	// info reads the database's properties, query its rows.
	info, query common.Request

	db     models.Page
	haveDB bool
	rows   []models.Page
	// cursor is where the next query page starts ("" for the first);
	// complete is set once the last page arrived.
	cursor   string
	complete bool
	// pageErr is why the id did not open as a page, when that led here:
	// what the user is told if it is not a database either.
	pageErr error

	// changed is called when there is more to show.
	changed func() tea.Cmd
}

// newDBLoader returns a loader for the database id; known, when set, is
// what is already known of it (a search result).
func newDBLoader(c *common.Context, id string, known *models.Page) *dbLoader {
	l := &dbLoader{c: c, id: id}
	if known != nil {
		l.db, l.haveDB = *known, true
	}
	l.info.Label = "Loading the database…"
	l.info.OnError = l.infoFailed
	l.query.Label = "Loading the database…"
	l.query.OnError = l.queryFailed
	return l
}

// requests are the loader's requests, for the screen to track.
func (l *dbLoader) requests() []*common.Request {
	return []*common.Request{&l.query, &l.info}
}

// start reads the database and its rows from the first.
func (l *dbLoader) start() tea.Cmd {
	notion := l.c.Notion()
	if notion == nil {
		return nil
	}
	l.rows, l.cursor, l.complete = nil, "", false
	id := l.id
	info := common.Fetch(l.c, &l.info, func(ctx context.Context) (models.Page, error) {
		db, err := notion.RetrieveDatabase(ctx, id)
		return db.Page(), err
	}, l.infoArrived)
	return tea.Batch(info, l.runQuery(notion))
}

// resume goes on from the cursor where the rows stopped.
func (l *dbLoader) resume() tea.Cmd {
	notion := l.c.Notion()
	if notion == nil || l.info.Err() != nil || l.complete {
		return l.start()
	}
	return l.runQuery(notion)
}

// runQuery asks for the rows page after page from the cursor. The cursor
// is read when the stream starts, which is after every answer of the
// previous run was applied or dropped.
func (l *dbLoader) runQuery(notion *alloy.Notion) tea.Cmd {
	id := l.id
	return common.Stream(l.c, &l.query, func(ctx context.Context, emit func(alloy.PageList)) error {
		cursor := l.cursor
		for {
			list, err := notion.QueryDatabase(ctx, id, alloy.DatabaseQuery{Cursor: cursor})
			if err != nil {
				return err
			}
			emit(list)
			if !list.HasMore || list.NextCursor == "" {
				return nil
			}
			cursor = list.NextCursor
		}
	}, l.rowsArrived, l.queryDone)
}

// cancel stops whatever the loader has in flight, for good.
func (l *dbLoader) cancel() {
	for _, r := range l.requests() {
		r.Cancel()
	}
}

// infoArrived takes the database's properties.
func (l *dbLoader) infoArrived(db models.Page) tea.Cmd {
	if db.Object == "" {
		db.Object = "database"
	}
	l.db, l.haveDB = db, true
	return l.changed()
}

// infoFailed takes a failure to read the database: the header says what
// went wrong, not the status bar.
func (l *dbLoader) infoFailed(error) tea.Cmd {
	l.query.Cancel() // the rows are of no use now
	return l.changed()
}

// queryFailed takes a failure to read rows. While the database's own
// answer is awaited, or when it failed, that answer tells best what went
// wrong.
func (l *dbLoader) queryFailed(err error) tea.Cmd {
	// Before any row arrived the page itself says why (see failed).
	if l.started() && l.info.Err() == nil && !l.info.Running() {
		l.c.Fail(err)
	}
	return l.changed()
}

// rowsArrived takes one query page of rows and where the next starts.
func (l *dbLoader) rowsArrived(list alloy.PageList) tea.Cmd {
	l.rows = append(l.rows, list.Pages...)
	l.cursor = list.NextCursor
	return l.changed()
}

// queryDone takes the end of the rows.
func (l *dbLoader) queryDone() tea.Cmd {
	l.complete = true
	return l.changed()
}

// failed is why the database could not be shown (its own request failed,
// or the rows did before the first arrived): when the id was tried as a
// page first and is not a database either, what the page request said.
func (l *dbLoader) failed() error {
	err := l.info.Err()
	if err == nil && !l.started() {
		err = l.query.Err() // no row arrived to show
	}
	if err != nil && l.pageErr != nil && alloy.MayBeDatabase(err) {
		return l.pageErr
	}
	return err
}

// started reports whether rows arrived (or the database has none).
func (l *dbLoader) started() bool { return len(l.rows) > 0 || l.complete }

// partial reports whether the rows stopped coming before the last.
func (l *dbLoader) partial() bool {
	return l.started() && !l.complete && !l.query.Running() && !l.query.Interrupted()
}

// busy is what the loader is doing, for the status bar.
func (l *dbLoader) busy() string {
	now := l.c.Now()
	if l.query.Running() && len(l.rows) > 0 {
		if b := l.query.Busy(now); b != l.query.Label {
			return b + " (" + rowCount(len(l.rows)) + ")"
		}
		return "Loading rows: " + thousands(len(l.rows)) + " so far…"
	}
	if b := l.query.Busy(now); b != "" {
		return b
	}
	return l.info.Busy(now)
}

// countLine is the header's note on the database: "database · 3 rows".
func (l *dbLoader) countLine() string {
	if !l.started() {
		return "database"
	}
	s := "database · " + rowCount(len(l.rows))
	if !l.complete {
		s += " so far"
	}
	return s
}

// rowCount is "1 row" or "3 rows".
func rowCount(n int) string {
	if n == 1 {
		return "1 row"
	}
	return thousands(n) + " rows"
}

// rowsPerPiece is how many rows are rendered together: a query page's
// worth, so that each page of rows that arrives renders only itself.
const rowsPerPiece = alloy.MaxPageSize

// content returns the rendering of the rows that arrived, to run off the
// Update loop. rows only ever grows by append: a slice capped at its length
// is a consistent snapshot.
func (l *dbLoader) content() func(ctx context.Context, r *render.Renderer, o render.Options) (render.Document, error) {
	rows, now := l.rows[:len(l.rows):len(l.rows)], l.c.Now()
	return func(ctx context.Context, r *render.Renderer, o render.Options) (render.Document, error) {
		if len(rows) == 0 {
			return r.Markdown(databaseMarkdown(nil, now), o)
		}
		var pieces []render.Piece
		for from := 0; from < len(rows); from += rowsPerPiece {
			to := min(from+rowsPerPiece, len(rows))
			pieces = append(pieces, render.Piece{Markdown: databaseMarkdown(rows[from:to], now),
				First: from, Count: to - from, Tight: from > 0})
		}
		return r.Render(ctx, pieces, o)
	}
}

// databaseMarkdown lists a database's rows as Markdown: one bullet per row,
// a link to the row's page (which the link keys follow) and when it was
// last edited.
func databaseMarkdown(rows []models.Page, now time.Time) string {
	if len(rows) == 0 {
		return "*This database has no rows.*\n"
	}
	return models.RowLinksMarkdown(rows, func(row models.Page) string {
		if ago := common.Ago(now, row.LastEdited); ago != "" {
			return "edited " + ago
		}
		return ""
	})
}
