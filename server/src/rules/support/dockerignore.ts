/**
 * `.dockerignore` semantics, enough to ask "is this context path excluded?": patterns are matched against
 * slash-separated paths relative to the context, `**` spans directories, a match on a directory excludes
 * everything under it, `!pattern` re-includes, and the last matching line wins (moby/patternmatcher).
 */

interface Pattern {
  regex: RegExp;
  exclusion: boolean;
}

export class DockerIgnore {
  private readonly patterns: Pattern[];

  constructor(readonly text: string) {
    this.patterns = [];
    for (const raw of text.split(/\r?\n/)) {
      let line = raw.trim();
      if (!line || line.startsWith('#')) continue;
      const exclusion = line.startsWith('!');
      if (exclusion) line = line.slice(1).trim();
      line = line.replace(/^\/+/, '').replace(/\/+$/, '').replace(/^\.\//, '');
      if (!line) continue;
      this.patterns.push({ regex: toRegExp(line), exclusion });
    }
  }

  /** Whether `path` (relative, slash-separated) or one of its parent folders is excluded. */
  excludes(path: string): boolean {
    const parts = path.split('/');
    let excluded = false;
    for (const pattern of this.patterns) {
      // A pattern matching any ancestor folder covers the path too.
      for (let depth = 1; depth <= parts.length; depth++) {
        if (pattern.regex.test(parts.slice(0, depth).join('/'))) {
          excluded = !pattern.exclusion;
          break;
        }
      }
    }
    return excluded;
  }
}

function toRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches zero or more folders; a trailing `**` matches everything.
      if (pattern[i + 2] === '/') {
        source += '(?:.*/)?';
        i += 2;
      } else {
        source += '.*';
        i += 1;
      }
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const close = pattern.indexOf(']', i);
      if (close < 0) source += '\\[';
      else {
        source += `[${pattern.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
