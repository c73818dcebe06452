package common

import "github.com/alloy-tui/alloy-tui/models"

// CreatePageMsg asks the root to open the form that creates a page: a
// child page under a page, or a row in a data source (or, before
// 2025-09-03, a database) whose Schema the form asks for.
type CreatePageMsg struct {
	Parent models.Parent
	// Where names the parent for the form's title.
	Where string
	// Schema is the data source's schema for a row; nil for a page.
	Schema []models.PropertySchema
}

// CreateBatchMsg asks the root to open the screen that creates many pages
// from a file under the same parent as CreatePageMsg.
type CreateBatchMsg struct {
	CreatePageMsg
}

// PageCreatedMsg says a page was created; the root passes it to every
// screen, so that a table whose rows it belongs to, or the page it is a
// child of, loads them again.
type PageCreatedMsg struct {
	Page models.Page
}
