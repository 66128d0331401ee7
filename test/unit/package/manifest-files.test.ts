/** The manifest walk behind the vsix test finds every kind of file reference VS Code and npm resolve. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { filesUnder, manifestFiles, markdownLinks } from './manifest-files';

describe('manifestFiles', () => {
  test('collects entry points, bin, icons, grammars and walkthrough media; skips codicons and URLs', () => {
    const files = manifestFiles({
      main: './dist/client.js',
      icon: 'media/icon.png',
      bin: { a: './dist/cli.js', b: 'dist/other.js' },
      contributes: {
        commands: [{ command: 'x', icon: '$(file-add)' }, { command: 'y', icon: { light: 'media/l.svg', dark: 'media/d.svg' } }],
        languages: [{ id: 'dockerfile', configuration: './language-configuration.json' }],
        grammars: [{ language: 'dockerfile', path: './syntaxes/dockerfile.tmLanguage.json' }],
        jsonValidation: [{ fileMatch: 'x.json', url: 'https://example.com/schema.json' }, { fileMatch: 'y.json', url: './schemas/y.json' }],
        walkthroughs: [{ steps: [
          { media: { markdown: 'media/walkthrough/a.md' } },
          { media: { image: 'media/walkthrough/b.png', altText: 'b' } },
          { media: { image: { light: 'media/walkthrough/c-light.png', dark: 'media/walkthrough/c-dark.png', hc: 'media/walkthrough/c-hc.png' }, altText: 'c' } },
          { media: { svg: 'media/walkthrough/d.svg', altText: 'd' } },
        ] }],
      },
    });
    assert.deepEqual(files, [
      'dist/cli.js', 'dist/client.js', 'dist/other.js', 'language-configuration.json', 'media/d.svg', 'media/icon.png', 'media/l.svg',
      'media/walkthrough/a.md', 'media/walkthrough/b.png', 'media/walkthrough/c-dark.png', 'media/walkthrough/c-hc.png',
      'media/walkthrough/c-light.png', 'media/walkthrough/d.svg', 'schemas/y.json', 'syntaxes/dockerfile.tmLanguage.json',
    ].sort());
  });

  test('a bin given as one string counts too', () => {
    assert.deepEqual(manifestFiles({ bin: './dist/cli.js' }), ['dist/cli.js']);
  });
});

describe('markdownLinks and filesUnder', () => {
  test('local images and links of a markdown page, resolved against its folder; web, command and anchor links skipped', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dct-md-'));
    try {
      fs.mkdirSync(path.join(root, 'media', 'walkthrough', 'img'), { recursive: true });
      fs.writeFileSync(path.join(root, 'media', 'walkthrough', 'a.md'), [
        '![diagram](img/flow.png) and [more](../other.md "title")',
        '<img src="./img/shot%201.gif" alt="x">',
        '[web](https://example.com/x.png) [run](command:foo.bar) [here](#top) [abs](/etc/passwd)',
      ].join('\n'));
      fs.writeFileSync(path.join(root, 'media', 'walkthrough', 'img', 'flow.png'), '');
      assert.deepEqual(markdownLinks(root, 'media/walkthrough/a.md').sort(),
        ['media/other.md', 'media/walkthrough/img/flow.png', 'media/walkthrough/img/shot 1.gif']);
      assert.deepEqual(filesUnder(root, 'media'), ['media/walkthrough/a.md', 'media/walkthrough/img/flow.png']);
      assert.deepEqual(filesUnder(root, 'media', (name) => name.endsWith('.png')), ['media/walkthrough/img/flow.png']);
      assert.deepEqual(filesUnder(root, 'nope'), []);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
