package screens

import (
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/alloy-tui/alloy-tui/alloy"
	"github.com/alloy-tui/alloy-tui/models"
	"github.com/alloy-tui/alloy-tui/ui/common"
)

// The page screen shows a database as a page whose body lists the rows as
// links, so the link keys open them like any linked page. The rows arrive a
// query page at a time; each one is shown as it arrives.

type databaseInfoMsg struct {
	target, gen int
	db          models.Page
	err         error
}

func (m databaseInfoMsg) TargetID() int { return m.target }

type databaseRowsMsg struct {
	target, gen int
	list        alloy.PageList
	err         error
}

func (m databaseRowsMsg) TargetID() int { return m.target }

// loadDatabase starts reading the database and its first page of rows, at
// the same time, under the load restart prepared.
func (p *Page) loadDatabase(notion *alloy.Notion) tea.Cmd {
	ctx, gen, target, id := p.loadCtx, p.gen, p.id, p.pageID
	info := func() tea.Msg {
		db, err := notion.RetrieveDatabase(ctx, id)
		return databaseInfoMsg{target: target, gen: gen, db: db, err: err}
	}
	return tea.Batch(info, p.queryRows(notion, ""))
}

// queryRows asks for the page of rows after cursor ("" for the first).
func (p *Page) queryRows(notion *alloy.Notion, cursor string) tea.Cmd {
	ctx, gen, target, id := p.loadCtx, p.gen, p.id, p.pageID
	return func() tea.Msg {
		list, err := notion.QueryDatabase(ctx, id, alloy.DatabaseQuery{Cursor: cursor})
		return databaseRowsMsg{target: target, gen: gen, list: list, err: err}
	}
}

// databaseInfo takes the database's own answer.
func (p *Page) databaseInfo(msg databaseInfoMsg) tea.Cmd {
	if msg.gen != p.gen {
		return nil
	}
	p.dbAnswered = true
	if msg.err != nil {
		if common.IsCanceled(msg.err) {
			return nil
		}
		p.cancel() // the rows are of no use now
		err := msg.err
		if p.pageErr != nil && alloy.MayBeDatabase(err) {
			// Neither a page nor a database: say what the page request
			// said, and let r try the id as a page again.
			err = p.pageErr
			p.isDatabase = false
		}
		p.loadErr = err
		return errorCmd(err)
	}
	if msg.db.Object == "" {
		msg.db.Object = "database"
	}
	p.page, p.havePage = msg.db, true
	if p.treeErr != nil {
		// The rows failed before the database answered.
		p.loadErr = p.treeErr
		return tea.Batch(errorCmd(p.treeErr), p.fetchParent())
	}
	return p.fetchParent()
}

// databaseRows takes one page of rows, shows it, and asks for the next.
func (p *Page) databaseRows(msg databaseRowsMsg) tea.Cmd {
	if msg.gen != p.gen {
		return nil
	}
	if msg.err != nil {
		if common.IsCanceled(msg.err) {
			return nil
		}
		if !p.dbAnswered {
			// The database's own answer says best what went wrong.
			p.treeErr = msg.err
			return nil
		}
		p.loadErr = msg.err
		return errorCmd(msg.err)
	}
	p.rows = append(p.rows, msg.list.Pages...)
	p.fetched++
	p.topLevel = true
	p.version++
	var next tea.Cmd
	if notion := p.c.Notion(); notion != nil && msg.list.HasMore && msg.list.NextCursor != "" {
		next = p.queryRows(notion, msg.list.NextCursor)
	} else {
		p.treeDone = true
	}
	return tea.Batch(p.requestRender(), next)
}

// rowCount is the header's note on the database: "database · 3 rows".
func (p *Page) rowCount() string {
	if !p.topLevel {
		return "database"
	}
	n := len(p.rows)
	s := "database · " + itoa(n) + " rows"
	if n == 1 {
		s = "database · 1 row"
	}
	if !p.treeDone && p.loadErr == nil {
		s += " so far"
	}
	return s
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
