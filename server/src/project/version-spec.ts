/** Version specifiers (PEP 440, Poetry's ^ and ~) read at major.minor granularity. */

/** Whether some X.Y.* release satisfies `spec` (">=3.10,<3.13", "^3.11", "==4.2.*", "~=3.10.2"); null when unreadable. */
export function specAllowsMinor(spec: string, minor: string): boolean | null {
  const [major, min] = minor.split('.').map(Number);
  const alternatives = spec.split(/\|\|?/).map((part) => part.trim());
  let readable = false;
  for (const alternative of alternatives) {
    const clauses = alternative.match(/(===|==|!=|~=|>=|<=|>|<|\^|~)?\s*v?\d+(?:\.(?:\d+|\*))*(?:\.\*)?|\*/g);
    if (!clauses || alternative.replace(/[\s,]/g, '') !== clauses.join('').replace(/\s/g, '')) continue;
    readable = true;
    if (clauses.every((clause) => clauseAllows(clause.replace(/\s|v/g, ''), major, min))) return true;
  }
  return readable ? false : null;
}

function clauseAllows(clause: string, major: number, minor: number): boolean {
  if (clause === '*') return true;
  const match = /^(===|==|!=|~=|>=|<=|>|<|\^|~)?(.*)$/.exec(clause)!;
  const op = match[1] ?? '==';
  const parts = match[2].split('.');
  const wildcard = parts.includes('*');
  const [a, b, c] = parts.filter((p) => p !== '*').map(Number);
  const cmp = (x: number, y: number | undefined) => (y === undefined ? (major > x ? 1 : major < x ? -1 : 0) : major !== x ? major - x : minor - y);
  const vs = cmp(a, b);
  switch (op) {
    case '>=': return vs >= 0;
    case '>': return b === undefined ? major > a : c === undefined ? vs > 0 : vs >= 0;
    case '<=': return vs <= 0;
    case '<': return b === undefined ? major < a : c !== undefined && c > 0 ? vs <= 0 : vs < 0;
    case '!=': return !wildcard || vs !== 0; // `!=3.12` excludes 3.12.0 only
    case '~=': return b === undefined ? false : c === undefined ? vs >= 0 && major === a : vs === 0;
    case '^': return major === a && (b === undefined || minor >= b);
    case '~': return b === undefined ? major === a : vs === 0;
    default: return vs === 0;
  }
}
