#!/bin/sh
# Stand-in "VS Code executable" for @vscode/test-electron's runTests({ vscodeExecutablePath }):
# runs the extension tests in code-server's real Node extension host (see run-ext-tests.mjs).
exec node "$(dirname "$(readlink -f "$0")")/run-ext-tests.mjs" "$@"
