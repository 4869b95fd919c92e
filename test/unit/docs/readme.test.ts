// README.md is the first thing a newcomer runs from: every command it names must exist, every
// script must be documented once, and every link inside the repository must land somewhere.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '../../..');
const read = (path: string) => readFileSync(join(root, path), 'utf8');
const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
const readme = read('README.md');
const documents = ['README.md', 'docs/ARCHITECTURE.md', 'docs/RELEASING.md'];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const anchor = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N}\- _]/gu, '').replace(/ /g, '-');

describe('README.md', () => {
  it('names only npm scripts that exist', () => {
    const named = [...readme.matchAll(/npm run ([\w:-]+)/g)].map((m) => m[1]!);
    expect(named.filter((name) => !scripts.includes(name))).toEqual([]);
  });

  it('documents every npm script in the Scripts table', () => {
    const table = readme.slice(readme.indexOf('## Scripts'), readme.indexOf('\n## ', readme.indexOf('## Scripts') + 1));
    const undocumented = scripts.filter((name) => !['start', 'test'].includes(name) && !new RegExp(`\`(npm run )?${name}[\` ]`).test(table));
    expect(undocumented).toEqual([]);
  });

  it('has one row per command in the Scripts table', () => {
    const rows = readme.split('\n').filter((l) => l.startsWith('| `')).map((l) => l.slice(0, l.indexOf('` |') + 1));
    expect(rows.filter((row, i) => rows.indexOf(row) !== i)).toEqual([]);
  });

  for (const document of documents) {
    it(`${document}: every relative link and #anchor resolves`, () => {
      const text = read(document);
      const anchors = new Set([...text.matchAll(/^#+ (.*)$/gm)].map((m) => anchor(m[1]!)));
      const broken: string[] = [];
      for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^[a-z]+:/i.test(target!)) continue; // https:, mailto:
        const [path, hash] = target!.split('#');
        if (path) {
          if (!existsSync(join(root, dirname(document), path))) broken.push(target!);
        } else if (hash && !anchors.has(hash)) broken.push(target!);
      }
      expect(broken).toEqual([]);
    });
  }
});
