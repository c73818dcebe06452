// Command alloy-tui is a keyboard-driven terminal client for Notion, reached
// through Alloy's Connectivity API.
package main

import (
	"fmt"
	"os"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	if len(os.Args) > 1 && os.Args[1] == "version" {
		fmt.Println("alloy-tui", version)
		return
	}
	fmt.Fprintln(os.Stderr, "alloy-tui: the terminal UI is not built yet; try 'alloy-tui version'")
}
