// Package components holds the small reusable pieces of the UI: the status
// bar, the page header, the spinner line, the confirmation prompt and a
// scrolling list. Each is cheap to draw: it only lays out what it is given.
package components
