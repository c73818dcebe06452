// Command alloy-tui is a keyboard-driven terminal client for Notion, reached
// through Alloy's Connectivity API.
package main

import (
	"os"

	"github.com/alloy-tui/alloy-tui/cli"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

func main() {
	cli.Version = version
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
