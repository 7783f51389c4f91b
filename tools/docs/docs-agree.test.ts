/**
 * Names and orders the docs state, checked against the code that defines them: the backend order,
 * the packages, the presets, the commands, the environment variables and the tarball count.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { defaultCandidates } from '@lrlab/backends';
import { runCli } from '@lrlab/cli';
import { PRESETS } from '@lrlab/experiments';
import { documentedFiles } from './snippets';

const ROOT = path.resolve(__dirname, '..', '..');
const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), 'utf8');
const docs = documentedFiles(ROOT).map((file) => ({ file, text: read(file) }));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}
const sources = fs.readdirSync(path.join(ROOT, 'packages')).flatMap((name) => sourceFiles(path.join(ROOT, 'packages', name, 'src')));

describe('the docs agree with the code', () => {
  it('on the backend order, wherever it is written (docs and doc comments)', () => {
    // tensorflow is one candidate: ahead of webgpu with tfjs-node-gpu installed, after it without.
    const orderWith = (nodeGpu: boolean): string[] =>
      defaultCandidates({ resolve: (id) => (id === '@tensorflow/tfjs-node-gpu' ? (nodeGpu ? '/fake' : undefined) : undefined), load: () => ({}) }).map((c) => c.name);
    const [gpu, cpu] = [orderWith(true), orderWith(false)];
    expect(gpu.slice(0, 2)).toEqual(['tensorflow', 'webgpu']);
    expect(cpu.slice(0, 2)).toEqual(['webgpu', 'tensorflow']);
    expect(gpu.slice(2)).toEqual(cpu.slice(2));
    // Written in full: both orders in one, tensorflow named where each of its packages sits.
    const full = ['tensorflow (GPU)', 'webgpu (GPU)', 'tensorflow (CPU)', ...cpu.slice(2)].join(' > ');
    // Or as initBackend prints it on a machine without tfjs-node-gpu.
    const printed = cpu.join(' > ');
    const name = '[a-z]+(?: \\((?:GPU|CPU)\\))?';
    const pattern = new RegExp(`\\*{0,2}((?:tensorflow|webgpu)(?: \\((?:GPU|CPU)\\))?(?: > ${name})+)\\*{0,2}`, 'g');
    const written = [...docs.map((d) => ({ where: d.file, text: d.text })), ...sources.map((f) => ({ where: path.relative(ROOT, f), text: fs.readFileSync(f, 'utf8') }))].flatMap(
      ({ where, text }) => [...text.replace(/\n \* /g, ' ').matchAll(pattern)].map((m) => `${where}: ${m[1]}`),
    );
    expect(written.length).toBeGreaterThan(3);
    expect(written.filter((w) => !w.endsWith(`: ${full}`) && !w.endsWith(`: ${printed}`))).toEqual([]);
  });

  it('on the packages: the README table lists every package folder, once', () => {
    const table = [...read('README.md').matchAll(/^\| \[`@lrlab\/([a-z]+)`\]/gm)].map((m) => m[1]);
    expect([...table].sort()).toEqual(fs.readdirSync(path.join(ROOT, 'packages')).sort());
  });

  it('on the presets: the experiments README describes each one, and names no other', () => {
    const text = read('packages/experiments/README.md');
    const section = text.slice(text.indexOf('## Presets'));
    const named = new Set([...section.matchAll(/^- (`[a-z0-9-]+`(?:, `[a-z0-9-]+`)*)/gm)].flatMap((m) => [...m[1]!.matchAll(/`([a-z0-9-]+)`/g)].map((n) => n[1]!)));
    for (const name of Object.keys(PRESETS)) expect(section).toContain(`\`${name}\``);
    for (const name of named) expect(Object.keys(PRESETS)).toContain(name);
  });

  it('on the commands: every `lrlab <command>` the docs show exists', async () => {
    const out: string[] = [];
    await runCli(['--help'], { stdout: (line) => out.push(line), stderr: () => undefined });
    const commands = new Set([...out.join('\n').matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((m) => m[1]!));
    expect(commands.size).toBeGreaterThan(6);
    // A command as code: `lrlab run …` inline, or `npx lrlab doctor` anywhere (shell blocks too).
    const used = docs.flatMap(({ file, text }) => [...text.matchAll(/(?:`|npx )lrlab ([a-z][a-z-]*)/g)].map((m) => ({ file, command: m[1]! })));
    expect(used.length).toBeGreaterThan(10);
    const unknown = used.filter((u) => !commands.has(u.command));
    expect(unknown).toEqual([]);
  });

  it('on the environment variables: each LRLAB_* the docs name is read by the code', () => {
    // TypeScript names them in quotes '…'; the blas addon's C reads some with getenv("…").
    const native = fs
      .readdirSync(path.join(ROOT, 'packages'))
      .flatMap((name) => (fs.existsSync(path.join(ROOT, 'packages', name, 'native')) ? fs.readdirSync(path.join(ROOT, 'packages', name, 'native')).map((f) => path.join(ROOT, 'packages', name, 'native', f)) : []))
      .filter((f) => f.endsWith('.c'));
    const code = [...sources, ...native].map((f) => fs.readFileSync(f, 'utf8').replace(/getenv\("([A-Z_]+)"\)/g, "'$1'")).join('\n');
    const named = new Set(docs.flatMap(({ text }) => [...text.matchAll(/\b(LRLAB_[A-Z_]+)\b/g)].map((m) => m[1]!)));
    expect(named.size).toBeGreaterThan(2);
    expect([...named].filter((name) => !code.includes(`'${name}'`))).toEqual([]);
  });

  it('on the tarballs the packing test installs', () => {
    const count = fs.readdirSync(path.join(ROOT, 'packages')).length;
    const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve'];
    const stated = [...read('README.md').matchAll(/installs the (\w+) tarballs/g)].map((m) => m[1]);
    expect(stated).toEqual([words[count]]);
  });
});
