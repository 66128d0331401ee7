/** Pure helper (no `vscode`): turn argv into a line for a terminal's shell without letting any word become syntax. */

/** Each word single-quoted unless it is plainly safe; a profile name such as `dev$(rm -rf ~)` stays one literal word. */
export function shellLine(argv: readonly string[]): string {
  return argv.map((word) => (/^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`)).join(' ');
}
