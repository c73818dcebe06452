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
