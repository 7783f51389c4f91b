/**
 * The code in the docs, as programs: every ```ts and ```js block of the READMEs and guides.
 * A block that starts with an `import` (or a comment then an `import`) begins a snippet; a block
 * that does not, or that follows a `<!-- continued -->` line, continues the snippet before it in
 * the same file, so a guide can show a program in steps (an ES module may import anywhere at its
 * top level). Each snippet is one ES module, type-checked and run by snippets.test.ts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** One program of the docs. */
export interface Snippet {
  /** The markdown file, relative to the repository root. */
  readonly file: string;
  /** The line of the markdown where the snippet's first block starts. */
  readonly line: number;
  /** `ts` or `js`. */
  readonly language: 'ts' | 'js';
  /** The code: its blocks, joined. */
  readonly code: string;
}

/** The markdown files whose code is checked: the README, each package's README and the guides. */
export function documentedFiles(root: string): string[] {
  const packages = fs.readdirSync(path.join(root, 'packages')).map((name) => path.join('packages', name, 'README.md'));
  const guides = fs
    .readdirSync(path.join(root, 'docs', 'guides'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => path.join('docs', 'guides', name));
  return ['README.md', ...packages, ...guides].filter((file) => fs.existsSync(path.join(root, file)));
}

const FENCE = /^```(ts|typescript|js|mjs)\s*\n([\s\S]*?)^```\s*$/gm;
const STARTS_PROGRAM = /^(\s*(\/\/[^\n]*|\/\*[\s\S]*?\*\/)\s*\n)*\s*import\s/;

/**
 * The snippets of one markdown file, in order.
 *
 * @param root - the repository root
 * @param file - the markdown file, relative to `root`
 * @returns its programs
 */
export function snippetsOf(root: string, file: string): Snippet[] {
  const text = fs.readFileSync(path.join(root, file), 'utf8');
  const snippets: Snippet[] = [];
  for (const match of text.matchAll(FENCE)) {
    const language = match[1] === 'ts' || match[1] === 'typescript' ? 'ts' : 'js';
    const code = match[2]!;
    const line = text.slice(0, match.index).split('\n').length;
    const last = snippets.at(-1);
    const marked = /<!-- continued -->\s*$/.test(text.slice(0, match.index));
    if ((marked || !STARTS_PROGRAM.test(code)) && last && last.language === language) {
      snippets[snippets.length - 1] = { ...last, code: `${last.code}\n${code}` };
    } else {
      snippets.push({ file, line, language, code });
    }
  }
  return snippets;
}
