package models

import "strings"

// notionLanguages are the code languages Notion accepts.
var notionLanguages = map[string]bool{}

func init() {
	for _, l := range strings.Split("abap|abc|agda|arduino|ascii art|assembly|bash|basic|bnf|c|c#|c++|clojure|"+
		"coffeescript|coq|css|dart|dhall|diff|docker|ebnf|elixir|elm|erlang|f#|flow|fortran|gherkin|glsl|go|"+
		"graphql|groovy|haskell|hcl|html|idris|java|javascript|json|julia|kotlin|latex|less|lisp|livescript|"+
		"llvm ir|lua|makefile|markdown|markup|matlab|mathematica|mermaid|nix|notion formula|objective-c|ocaml|"+
		"pascal|perl|php|plain text|powershell|prolog|protobuf|purescript|python|r|racket|reason|ruby|rust|"+
		"sass|scala|scheme|scss|shell|smalltalk|solidity|sql|swift|toml|typescript|vb.net|verilog|vhdl|"+
		"visual basic|webassembly|xml|yaml|java/c/c++/c#|ms dos", "|") {
		notionLanguages[l] = true
	}
}

// fenceLanguages map the names a fence commonly carries (and those
// Markdown writes for Notion's) to Notion's names.
var fenceLanguages = map[string]string{
	"sh": "shell", "zsh": "shell", "console": "shell", "shell-session": "shell",
	"cpp": "c++", "cc": "c++", "cxx": "c++", "hpp": "c++",
	"csharp": "c#", "cs": "c#", "fsharp": "f#", "fs": "f#",
	"dockerfile": "docker", "llvm": "llvm ir", "coffee": "coffeescript",
	"batch": "ms dos", "bat": "ms dos", "cmd": "ms dos",
	"wasm": "webassembly", "wat": "webassembly", "vb": "visual basic", "vbnet": "vb.net",
	"objectivec": "objective-c", "objc": "objective-c",
	"js": "javascript", "jsx": "javascript", "mjs": "javascript", "cjs": "javascript", "node": "javascript",
	"ts": "typescript", "tsx": "typescript", "py": "python", "python3": "python", "rb": "ruby", "rs": "rust",
	"golang": "go", "yml": "yaml", "tex": "latex", "md": "markdown", "kt": "kotlin", "kts": "kotlin",
	"hs": "haskell", "ex": "elixir", "exs": "elixir", "erl": "erlang", "pl": "perl", "ps1": "powershell",
	"pwsh": "powershell", "proto": "protobuf", "tf": "hcl", "terraform": "hcl", "jsonc": "json", "json5": "json",
	"htm": "html", "svg": "xml", "clj": "clojure", "ml": "ocaml", "jl": "julia", "make": "makefile",
	"text": "plain text", "txt": "plain text", "plaintext": "plain text", "plain": "plain text", "": "plain text",
	"asm": "assembly", "postgres": "sql", "postgresql": "sql", "mysql": "sql", "sqlite": "sql", "patch": "diff",
	"scm": "scheme", "rkt": "racket", "m": "matlab", "gql": "graphql", "feature": "gherkin",
}

// NotionLanguage maps a fence's info string to one of Notion's code
// languages: Notion's own names as they are (in any case), common
// aliases (js, py, sh, cpp, …) to theirs, anything else to "plain text".
func NotionLanguage(fence string) string {
	l := strings.ToLower(strings.TrimSpace(fence))
	if notionLanguages[l] {
		return l
	}
	if m, ok := fenceLanguages[l]; ok {
		return m
	}
	return "plain text"
}
