package models

import (
	"encoding/json"
	"errors"
	"time"
)

// Icon is a page's or callout's icon. Only an emoji can be shown in a terminal;
// the other kinds keep their URL or name.
type Icon struct {
	Type     string   `json:"type"`
	Emoji    string   `json:"emoji,omitempty"`
	External *FileRef `json:"external,omitempty"`
	File     *FileRef `json:"file,omitempty"`
	// CustomEmoji and the Notion "icon" kind carry a name.
	CustomEmoji *struct {
		Name string `json:"name"`
		URL  string `json:"url"`
	} `json:"custom_emoji,omitempty"`
	// Named is the body of Notion's own "icon" kind: an icon from its
	// set, by name and colour.
	Named *struct {
		Name  string `json:"name"`
		Color string `json:"color,omitempty"`
	} `json:"icon,omitempty"`
}

// Parent says where a page sits: Type is page_id, database_id,
// data_source_id, block_id or workspace, and ID the parent's id if any.
type Parent struct {
	Type string `json:"type"`
	ID   string `json:"id,omitempty"`
	// DatabaseID is, for a data_source_id parent (a row under
	// 2025-09-03) or a data source's own database_id parent, the id of the
	// database that holds the data source, when Notion gives it.
	DatabaseID string `json:"database_id,omitempty"`
}

// Page is a Notion page (or, in search results, a database or data source).
type Page struct {
	// Object is "page", "database" or "data_source".
	Object     string    `json:"object"`
	ID         string    `json:"id"`
	Title      string    `json:"title"`
	URL        string    `json:"url"`
	Icon       *Icon     `json:"icon"`
	Parent     Parent    `json:"parent"`
	LastEdited time.Time `json:"last_edited_time"`
	InTrash    bool      `json:"in_trash"`
	// TitleProperty is the name of the property of type title ("title",
	// "Name", …); its property id is always "title".
	TitleProperty string `json:"-"`
	// TitleRich is the title as Notion sent it.
	TitleRich RichText `json:"-"`
	// Properties are a row's properties (the title among them) in the
	// order Notion wrote them; DataSource.Apply puts them in the schema's
	// order. A page outside a database has only its title; a database or
	// data source in search results has none (its properties are a schema).
	// A search result (PageWire.Summary) has none until DecodeProperties.
	Properties []PropertyValue `json:"-"`
	// PropertiesJSON is the page's "properties" object exactly as Notion
	// sent it, for output that passes Notion's JSON on.
	PropertiesJSON json.RawMessage `json:"-"`
	// titleOnly: a summary, whose Properties and TitleRich are not read.
	titleOnly bool
}

// UnmarshalJSON reads a page from Notion's JSON: the title from whichever
// property has type "title" (or a database's own "title"), the parent from
// whichever id key its type names.
func (p *Page) UnmarshalJSON(data []byte) error {
	var w PageWire
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	page, err := w.Page()
	if err != nil {
		return err
	}
	*p = page
	return nil
}

// PageWire is a page (or database or data source) as Notion writes it. A
// list of pages decodes its items straight into PageWire values, in the
// same pass as the list, and then turns each into a Page: a page is
// decoded once, not once as an item and again as a page.
type PageWire struct {
	// Object is as Notion wrote it: empty when the key is missing.
	Object         string          `json:"object"`
	ID             string          `json:"id"`
	URL            string          `json:"url"`
	Icon           *Icon           `json:"icon"`
	Parent         json.RawMessage `json:"parent"`
	LastEditedTime time.Time       `json:"last_edited_time"`
	InTrash        bool            `json:"in_trash"`
	Archived       bool            `json:"archived"`
	Properties     json.RawMessage `json:"properties"`
	Title          json.RawMessage `json:"title"`
}

// Page is the page w holds, as Page.UnmarshalJSON reads it; an error when
// its parent is neither an object nor null.
func (w *PageWire) Page() (Page, error) {
	return w.page(false)
}

// Summary is Page for a list that shows titles (search results): of a
// page's properties only the title's plain text is read, by a scan that
// decodes nothing else; Properties and TitleRich stay empty, and
// PropertiesJSON holds them for DecodeProperties. A row's properties are
// most of its bytes.
func (w *PageWire) Summary() (Page, error) {
	return w.page(true)
}

func (w *PageWire) page(summary bool) (Page, error) {
	if len(w.Parent) > 0 && w.Parent[0] != '{' && string(w.Parent) != "null" {
		return Page{}, errors.New("page: the parent is not an object")
	}
	p := Page{
		Object:     w.Object,
		ID:         w.ID,
		URL:        w.URL,
		Icon:       w.Icon,
		LastEdited: w.LastEditedTime,
		InTrash:    w.InTrash || w.Archived,
	}
	if p.Object == "" {
		p.Object = "page"
	}
	p.Parent = decodeParent(w.Parent)
	if p.Object == "page" && len(w.Properties) > 0 {
		p.PropertiesJSON = w.Properties
		// A page with a title at the top level too (which Notion does not
		// send) is read whole, for the rules below.
		if summary && (len(w.Title) == 0 || w.Title[0] != '[') {
			p.titleOnly = true
			p.TitleProperty, p.Title = summaryTitle(w.Properties)
			return p, nil
		}
		p.Properties = decodeProperties(w.Properties)
		p.takeTitleProperty()
	}
	if p.TitleProperty == "" && len(w.Title) > 0 && w.Title[0] == '[' {
		// Databases and data sources carry their title at the top level.
		_ = json.Unmarshal(w.Title, &p.TitleRich)
	}
	p.Title = p.TitleRich.Plain()
	return p, nil
}

// takeTitleProperty takes the name and text of the title from the first
// property of type title; false when there is none.
func (p *Page) takeTitleProperty() bool {
	for _, v := range p.Properties {
		if v.Type == "title" {
			p.TitleProperty = v.Name
			p.TitleRich = v.RichText
			return true
		}
	}
	return false
}

// DecodeProperties reads what a summary (PageWire.Summary) left in
// PropertiesJSON: Properties and TitleRich. A page read whole is left as
// it is.
func (p *Page) DecodeProperties() {
	if !p.titleOnly {
		return
	}
	p.titleOnly = false
	p.Properties = decodeProperties(p.PropertiesJSON)
	// Title stays: the summary's is the same text, unless it was changed
	// since (a rename shown in the list).
	p.takeTitleProperty()
}

// decodeParent reads a parent: its type, the id under the key its type
// names, and the database_id when there is one. Anything that is not an
// object gives no parent.
func decodeParent(raw json.RawMessage) Parent {
	var out Parent
	if len(raw) == 0 || raw[0] != '{' {
		return out
	}
	// Two scans of a few members: the type, then the id under its name
	// (either may come first); the last of a key written twice, as a
	// decoder keeps.
	var kind, database, id json.RawMessage
	if !EachMember(raw, func(key []byte, _ int, value json.RawMessage) bool {
		switch string(key) {
		case "type":
			kind = value
		case "database_id":
			database = value
		}
		return true
	}) || kind == nil {
		return out
	}
	out.Type, _ = rawString(kind)
	EachMember(raw, func(key []byte, _ int, value json.RawMessage) bool {
		if string(key) == out.Type {
			id = value
		}
		return true
	})
	if id != nil {
		out.ID, _ = rawString(id)
	}
	if database != nil {
		out.DatabaseID, _ = rawString(database)
	}
	return out
}
