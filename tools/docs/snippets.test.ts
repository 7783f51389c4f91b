/**
 * Every program in the READMEs and guides is real code: it type-checks against the packages'
 * sources, and it runs (as an ES module, on the built packages, in a scratch folder that is its
 * working directory, the snippets of one file in order). `npm test` builds before it runs.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import { documentedFiles, snippetsOf, type Snippet } from './snippets';

const ROOT = path.resolve(__dirname, '..', '..');
const PACKAGES = fs.readdirSync(path.join(ROOT, 'packages'));
const snippets = documentedFiles(ROOT).flatMap((file) => snippetsOf(ROOT, file));
const label = (s: Snippet): string => `${s.file}:${s.line}`;

/** A scratch folder inside the repository (so `@lrlab/*` and tfjs resolve from its node_modules). */
function scratch(name: string): string {
  const dir = path.join(ROOT, 'tmp', name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

describe('the programs in the docs', () => {
  it('are found in the READMEs and guides', () => {
    expect(snippets.length).toBeGreaterThan(15);
    expect(new Set(snippets.map((s) => s.file)).size).toBeGreaterThan(8);
  });

  it('type-check against the packages, each as written', () => {
    const dir = scratch('snippets-typecheck');
    const files = snippets
      .filter((s) => s.language === 'ts')
      .map((s, i) => {
        const file = path.join(dir, `snippet-${i}.ts`);
        fs.writeFileSync(file, `${s.code}\nexport {};\n`);
        return { file, snippet: s };
      });
    const options: ts.CompilerOptions = {
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      types: ['node'],
      typeRoots: [path.join(ROOT, 'node_modules', '@types')],
      baseUrl: ROOT,
      paths: Object.fromEntries(PACKAGES.map((name) => [`@lrlab/${name}`, [`packages/${name}/src/index.ts`]])),
    };
    const program = ts.createProgram(
      files.map((f) => f.file),
      options,
    );
    const problems = ts
      .getPreEmitDiagnostics(program)
      .filter((d) => d.file && files.some((f) => f.file === d.file!.fileName))
      .map((d) => {
        const owner = files.find((f) => f.file === d.file!.fileName)!;
        const { line } = d.file!.getLineAndCharacterOfPosition(d.start ?? 0);
        return `${label(owner.snippet)} (+${line}): ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      });
    expect(problems).toEqual([]);
  }, 120_000);

  it('the example files compile with the command they document, and load', () => {
    const header = fs.readFileSync(path.join(ROOT, 'docs', 'guides', 'examples', 'cosine-vs-step.ts'), 'utf8');
    expect(header).toContain('npx tsc -p docs/guides/examples && node tmp/examples/cosine-vs-step.js');
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'docs/guides/examples'], { cwd: ROOT, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    const load = spawnSync(process.execPath, ['-e', "console.log(require('./tmp/examples/cosine-vs-step.js').cosineVsStepStudy('tiny', [1]).runs.length)"], { cwd: ROOT, encoding: 'utf8' });
    expect(load.stdout.trim()).toBe('3');
  }, 60_000);

  const byFile = [...new Set(snippets.map((s) => s.file))];
  it.each(byFile)('in %s run, in order', (file) => {
    const dir = scratch(`snippets-run-${file.replace(/[^a-z0-9]+/gi, '-')}`);
    for (const [i, snippet] of snippets.filter((s) => s.file === file).entries()) {
      const js =
        snippet.language === 'ts'
          ? ts.transpileModule(snippet.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText
          : snippet.code;
      const entry = path.join(dir, `snippet-${i}.mjs`);
      fs.writeFileSync(entry, js);
      const run = spawnSync(process.execPath, [entry], { cwd: dir, encoding: 'utf8', timeout: 120_000, env: { ...process.env, LRLAB_BACKEND: '' } });
      if (run.status !== 0) throw new Error(`${label(snippet)} failed (exit ${run.status ?? run.signal}):\n${run.stderr.slice(-2000)}`);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }, 300_000);
});
