package demo

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
)

// maxRequestBytes is the most a write request's body may weigh in Notion.
const maxRequestBytes = 500 * 1000

// writeActions are the action ids that create something.
var writeActions = map[string]bool{
	"post-page": true, "create-page": true,
	"patch-block-children": true, "append-block-children": true,
}

// checkedCreatePage is createPage refusing a body over Notion's size limit.
func (s *Server) checkedCreatePage(req *executeRequest) (any, *notionError) {
	if n := len(req.RequestBody); n > maxRequestBytes {
		return nil, tooLarge(n)
	}
	return s.createPage(req)
}

func tooLarge(n int) *notionError {
	return &notionError{status: http.StatusRequestEntityTooLarge, code: "validation_error",
		message: "Request body too large: " + strconv.Itoa(n) + " bytes, the limit is 500KB."}
}

// appendChildren appends blocks to a page or block, with Notion's checks
// (at most 100 children, two levels of nesting, 2,000 characters a text
// segment, 500 KB), and answers the blocks appended, as Notion does.
func (s *Server) appendChildren(req *executeRequest) (any, *notionError) {
	id, raw, err := idParam(req, "block_id")
	if err != nil {
		return nil, err
	}
	if n := len(req.RequestBody); n > maxRequestBytes {
		return nil, tooLarge(n)
	}
	var body struct {
		Children []json.RawMessage `json:"children"`
	}
	if err := decodeRequestBody(req.RequestBody, &body); err != nil {
		return nil, err
	}
	if body.Children == nil {
		return nil, validationError("body failed validation: body.children should be defined, instead was `undefined`.")
	}
	if len(body.Children) > maxArrayLength {
		return nil, validationError("body failed validation: body.children.length should be ≤ `%d`, instead was `%d`.", maxArrayLength, len(body.Children))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var kids *[]*block
	parent := parentRef{"block_id", id}
	if p, ok := s.ws.pages[id]; ok {
		if p.inTrash {
			return nil, validationError("Can't edit block that is archived. You must unarchive the block before editing.")
		}
		kids, parent = &p.children, parentRef{"page_id", id}
		p.edited = s.now()
	} else if b, ok := s.ws.blocks[id]; ok {
		kids = &b.children
		b.edited = s.now()
	} else {
		return nil, notFound("block", clip(raw))
	}
	bld := &newBlocks{ws: s.ws, now: s.now()}
	added, nerr := bld.list(body.Children, parent, "body.children", 0)
	if nerr != nil {
		return nil, nerr
	}
	bld.commit()
	*kids = append(*kids, added...)
	results := make([]any, 0, len(added))
	for _, b := range added {
		results = append(results, s.ws.blockJSON(b))
	}
	return listAnswer(results, 0, len(results), "block"), nil
}

// hasAfterWrite reports whether a write's answer may have to be lost: an
// AfterWrite fault matches, or Options.DropWritesEvery is set.
func (s *Server) hasAfterWrite(r *http.Request, action string) bool {
	if !writeActions[action] {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.opts.DropWritesEvery > 0 {
		return true
	}
	_, ok := s.matchAfterWrite(r, action, false)
	return ok
}

// matchAfterWrite finds (and with take, consumes) an AfterWrite fault.
// s.mu is held.
func (s *Server) matchAfterWrite(r *http.Request, action string, take bool) (Fault, bool) {
	for i, f := range s.faults {
		if !f.AfterWrite || f.Method != "" && !strings.EqualFold(f.Method, r.Method) ||
			f.PathContains != "" && !strings.Contains(r.URL.Path, f.PathContains) ||
			f.Action != "" && f.Action != action {
			continue
		}
		out := *f
		if take {
			f.Count--
			if f.Count <= 0 {
				s.faults = append(s.faults[:i], s.faults[i+1:]...)
			}
		}
		return out, true
	}
	return Fault{}, false
}

// afterWrite carries the write out, then, if it succeeded and a fault
// (or the drop rhythm) says so, loses its answer.
func (s *Server) afterWrite(w http.ResponseWriter, r *http.Request, action string, h http.HandlerFunc) {
	rec := httptest.NewRecorder()
	h(rec, r)
	var f Fault
	lose := false
	if rec.Code < 300 {
		s.mu.Lock()
		if s.opts.DropWritesEvery > 0 {
			s.writes++
			if s.writes%s.opts.DropWritesEvery == 0 {
				f, lose = Fault{Drop: true}, true
			}
		}
		if !lose {
			f, lose = s.matchAfterWrite(r, action, true)
		}
		s.mu.Unlock()
	}
	if !lose {
		for k, v := range rec.Header() {
			w.Header()[k] = v
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		return
	}
	s.statsMu.Lock()
	s.stats.Faults++
	s.stats.LostWrites++
	s.statsMu.Unlock()
	if f.Drop {
		// The server closes the connection without an answer.
		panic(http.ErrAbortHandler)
	}
	writeFault(w, f, true)
}

// morePropValue reads a multi-select ({"multi_select":[{"name"}]}), date
// ({"date":{"start","end"}} or null) or URL, email or phone number value
// (a string or null) for a row property, checked as Notion checks them.
func morePropValue(rp *rowProp, raw json.RawMessage, where string) (string, *notionError) {
	typ := rp.schema.typ
	switch typ {
	case "multi_select":
		var v struct {
			MultiSelect *[]struct {
				Name string `json:"name"`
			} `json:"multi_select"`
		}
		if err := json.Unmarshal(raw, &v); err != nil || v.MultiSelect == nil {
			return "", validationError("body failed validation: %s.multi_select should be an array.", where)
		}
		names := make([]string, 0, len(*v.MultiSelect))
		for _, o := range *v.MultiSelect {
			if optionIndex(rp.schema, o.Name) < 0 {
				return "", validationError("Invalid multi_select option %q for property %s.", clip(o.Name), rp.schema.name)
			}
			names = append(names, o.Name)
		}
		return strings.Join(names, ", "), nil
	case "date":
		var v map[string]*struct {
			Start string  `json:"start"`
			End   *string `json:"end"`
		}
		if err := json.Unmarshal(raw, &v); err != nil {
			return "", validationError("body failed validation: %s.date should be an object or `null`.", where)
		}
		d := v["date"]
		if d == nil {
			return "", nil
		}
		if _, ok := parseDemoDate(d.Start); !ok {
			return "", validationError("body failed validation: %s.date.start should be a valid ISO 8601 date string, instead was %q.", where, clip(d.Start))
		}
		if d.End != nil && *d.End != "" {
			if _, ok := parseDemoDate(*d.End); !ok {
				return "", validationError("body failed validation: %s.date.end should be a valid ISO 8601 date string, instead was %q.", where, clip(*d.End))
			}
			return d.Start + "→" + *d.End, nil
		}
		return d.Start, nil
	default:
		var v map[string]*string
		if err := json.Unmarshal(raw, &v); err != nil {
			return "", validationError("body failed validation: %s.%s should be a string or `null`.", where, typ)
		}
		if s := v[typ]; s != nil {
			if len(*s) > maxTextLength {
				return "", validationError("body failed validation: %s.%s.length should be ≤ `%d`.", where, typ, maxTextLength)
			}
			return *s, nil
		}
		return "", nil
	}
}
