"""The command line, the top layer: it parses arguments, calls the core and prints (JSON to
stdout, messages to stderr; bad input gives one line per problem and exit status 1, never a
traceback). Handlers stay thin: parse, call the core, print; the logic lives in the core.

It may import every other qualcode package; nothing else in qualcode imports it. Heavy modules
are imported inside the handlers that need them, never at the top of a module: qualcode.tui
(Textual) for `tui`, the suggestion engine (spaCy, scikit-learn) for `suggest` and
`suggest-eval`, the report writers for `export`; so `import qualcode.cli` stays light.

main.py runs a command behind the error guard; parser.py builds the parser (every command's
first argument is PROJECT, its help ends with examples, `qualcode --help` groups the commands by
task, a bad command line is one line); common.py holds the shared helpers; progress.py the
progress display on stderr (Rich, the only UI library the command line uses, and only while
stderr is a terminal); each other module adds one topic's commands through its
register(command).
"""

from qualcode.cli.main import main

__all__ = ["main"]
