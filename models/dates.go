package models

import (
	"strings"
	"time"
)

// nbsp joins the words of a date, so that wrapping never splits one.
const nbsp = "\u00a0"

// FormatDate writes a Notion date the way a reader says it: "Apr 24, 2024",
// "Apr 24, 2024 09:30" when it has a time, and a range as "Apr 24 → Apr 26,
// 2024" (the year once when both ends share it), "Apr 24, 2024 09:00 →
// 17:00" within one day. The time is the one written, in the zone Notion
// wrote it in. The words are joined by no-break spaces, so a date is never
// cut across lines. A start that is not a date Notion writes is returned
// as it is (with end after an arrow), for the caller to sanitise.
func FormatDate(start, end string) string {
	s, sTime, ok := parseNotionDate(start)
	if !ok {
		if end == "" {
			return start
		}
		return start + " → " + end
	}
	if end == "" {
		return dateWords(s, true, sTime)
	}
	e, eTime, ok := parseNotionDate(end)
	if !ok {
		return dateWords(s, true, sTime) + nbsp + "→ " + end
	}
	arrow := nbsp + "→" + nbsp
	sameDay := s.Year() == e.Year() && s.YearDay() == e.YearDay()
	switch {
	case sameDay && sTime && eTime:
		return dateWords(s, true, true) + arrow + e.Format("15:04")
	case sameDay && !sTime && !eTime:
		return dateWords(s, true, false)
	case s.Year() == e.Year() && !sTime && !eTime:
		return dateWords(s, false, false) + arrow + dateWords(e, true, false)
	}
	return dateWords(s, true, sTime) + arrow + dateWords(e, true, eTime)
}

// dateWords is "Apr 24", with ", 2024" when year is set and " 09:30" when
// clock is.
func dateWords(t time.Time, year, clock bool) string {
	layout := "Jan" + nbsp + "2"
	if year {
		layout += "," + nbsp + "2006"
	}
	if clock {
		layout += nbsp + "15:04"
	}
	return t.Format(layout)
}

// parseNotionDate reads a date (2006-01-02) or a date and time in RFC 3339
// (with or without fractions of a second, or with no zone); hasTime says
// which it was.
func parseNotionDate(s string) (t time.Time, hasTime bool, ok bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.DateOnly, s); err == nil {
		return t, false, true
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, true, true
		}
	}
	return time.Time{}, false, false
}
