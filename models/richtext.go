package models

// Annotations are the styles Notion applies to a run of rich text.
type Annotations struct {
	Bold          bool   `json:"bold"`
	Italic        bool   `json:"italic"`
	Strikethrough bool   `json:"strikethrough"`
	Underline     bool   `json:"underline"`
	Code          bool   `json:"code"`
	Color         string `json:"color,omitempty"`
}

// Segment is one run of Notion rich text: text, a mention or an inline equation.
type Segment struct {
	Type        string      `json:"type"`
	PlainText   string      `json:"plain_text"`
	Href        string      `json:"href,omitempty"`
	Annotations Annotations `json:"annotations"`
	// Mention is the body of a mention segment; only what the renderer
	// reads is decoded.
	Mention *Mention `json:"mention,omitempty"`
	// Equation holds the expression of an inline equation segment.
	Equation *struct {
		Expression string `json:"expression"`
	} `json:"equation,omitempty"`
}

// RichText is a list of segments, as Notion sends it.
type RichText []Segment

// Plain joins the plain text of every segment, unsanitised.
func (r RichText) Plain() string {
	n := 0
	for _, s := range r {
		n += len(s.PlainText)
	}
	b := make([]byte, 0, n)
	for _, s := range r {
		b = append(b, s.PlainText...)
	}
	return string(b)
}

// Mention is what a mention segment refers to: Type is user, page,
// database, date, link_preview, link_mention or template_mention, and Date
// is set for a date.
type Mention struct {
	Type string     `json:"type"`
	Date *DateRange `json:"date,omitempty"`
}

// DateRange is a Notion date: Start and, for a range, End, each a date
// (2024-04-24) or a date and time (2024-04-24T09:00:00.000+01:00).
type DateRange struct {
	Start    string `json:"start"`
	End      string `json:"end,omitempty"`
	TimeZone string `json:"time_zone,omitempty"`
}
