package e2e

import (
	"regexp"
	"testing"
	"time"
)

// TestDatabaseTable opens a database as a table in the built binary,
// filters it with the builder and opens a row, whose properties show above
// its content.
func TestDatabaseTable(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end run skipped in -short mode")
	}
	bin := buildBinary(t)
	tm := startTmux(t, bin, 120, 40)
	tm.waitText("Search", 15*time.Second)

	// --demo's Team tasks: its Tasks data source, from search.
	tm.send("text:Tasks")
	tm.waitText("1 result", 10*time.Second)
	tm.send("Enter")
	tm.waitText("100 rows loaded, more below", 15*time.Second)
	tm.waitFor("the title column under the cursor", regexp.MustCompile(`▸Task\s+Status\s+Priority`), 5*time.Second)

	// Filter: Status, is, Done (typed to narrow the options).
	tm.send("/")
	tm.waitText("Filter by which property?", 5*time.Second)
	tm.send("Down", "Enter")
	tm.waitText("Status is not", 5*time.Second)
	tm.send("Enter")
	tm.waitText("Status is …", 5*time.Second)
	tm.send("text:done")
	tm.waitText("› Done", 5*time.Second)
	tm.send("Enter")
	tm.waitText("Filter: Status is Done", 10*time.Second)
	tm.waitText("75 rows", 15*time.Second)

	// The first row opens as a page, its properties above its content.
	tm.send("Enter")
	tm.waitFor("the row's page", regexp.MustCompile(`(?m)^\S*\s*Document the anemometer \(#1\)\s*$`), 15*time.Second)
	tm.waitFor("the row's properties", regexp.MustCompile(`Status\s+Done`), 10*time.Second)

	// Back to the table, filtered as it was; then quit.
	tm.send("Escape")
	tm.waitText("Filter: Status is Done", 10*time.Second)
	tm.send("q")
	tm.waitText("EXITED:0", 10*time.Second)
}
