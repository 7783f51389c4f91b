/**
 * Errors at the point of the mistake: each command-line or config mistake exits with code 2 and a
 * message of one or two lines that names the fix (not the whole help); a closed pipe ends the bin
 * quietly; `lrlab doctor` says how to install a backend it could not use.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { blasCandidate, nodeModuleLoader, type BackendSelection, type ModuleLoader } from '@lrlab/backends';
import { experimentConfigFields, experimentConfigJsonSchema } from '@lrlab/experiments';
import { tempDir, tinyConfig, tinyStudy } from '../../../tools/testing/fixtures';
import { runCli } from '../src';
import { doctorCommand } from '../src/commands/doctor';
import { backendFix, skippedBackends } from '../src/doctor/backend-fixes';
import { capture } from './capture';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.resolve(__dirname, '..', 'bin', 'lrlab.js');
const REFERENCE = path.join(ROOT, 'docs', 'guides', 'config-reference.md');

/** Runs the command line in-process: its exit code and what it printed on stderr, as lines. */
async function lrlab(...argv: string[]): Promise<{ code: number; err: string[]; out: string[] }> {
  const io = capture();
  const code = await runCli(argv, io);
  return { code, err: io.err.join('\n').split('\n'), out: io.out.join('\n').split('\n') };
}

describe('a mistake on the command line', () => {
  it('an option without its value (a value starting with "-"): what the option needs, with an example', async () => {
    expect(await lrlab('run', 'synthetic', '--epochs', '-3')).toMatchObject({
      code: 2,
      err: ['lrlab run: --epochs needs a positive integer (e.g. --epochs 3), got -3.', 'See `lrlab run --help` for its usage.'],
    });
    expect((await lrlab('slurm', 'synthetic', '--out', 'x', '--seeds', '-1')).err[0]).toBe(
      'lrlab slurm: --seeds needs a comma-separated list of seeds >= 1 (e.g. --seeds 1,2,3), got -1.',
    );
    expect((await lrlab('run', 'synthetic', '--out', '--epochs', '3')).err[0]).toBe(
      'lrlab run: --out needs a folder (e.g. --out runs), but the next argument is the option --epochs.',
    );
    expect((await lrlab('run', 'synthetic', '--epochs')).err[0]).toBe('lrlab run: --epochs needs a positive integer (e.g. --epochs 3).');
    expect((await lrlab('slurm', 'synthetic', '--out', '-x')).err[0]).toBe(
      'lrlab slurm: --out needs a folder on storage every node sees (e.g. --out /shared/runs), got -x; write --out=-x if that is the value.',
    );
    expect(await lrlab('doctor', '--json=yes')).toMatchObject({ code: 2, err: ['lrlab doctor: --json takes no value: write --json alone, or leave it out.', expect.any(String)] });
    expect(await lrlab('run', 'synthetic', '--lockstep', 'always')).toMatchObject({
      code: 2,
      err: ['lrlab run: --lockstep expects auto, on or off, got "always".', 'See `lrlab run --help` for its usage.'],
    });
  });

  it.each([
    ['run', ['run', 'synthetic', '--sed', '1'], '--sed', '--seeds'],
    ['slurm', ['slurm', 'synthetic', '--partiton', 'gpu'], '--partiton', '--partition'],
    ['resume', ['resume', 'runs/x', '--allow-runtime-chnage'], '--allow-runtime-chnage', '--allow-runtime-change'],
    ['report', ['report', 'runs/x', '--hepl'], '--hepl', '--help'],
    ['status', ['status', 'runs/x', '--hlep'], '--hlep', '--help'],
    ['list', ['list', '--hepl'], '--hepl', '--help'],
    ['show-data', ['show-data', 'synthetic', '--per-gruop', '4'], '--per-gruop', '--per-group'],
    ['doctor', ['doctor', '--stpes', '3'], '--stpes', '--steps'],
    ['config', ['config', '--schem'], '--schem', '--schema'],
  ])('an unknown option of %s: the option it most likely meant', async (command, argv, typo, meant) => {
    const { code, err } = await lrlab(...argv);
    expect(code).toBe(2);
    expect(err).toEqual([`lrlab ${command}: unknown option ${typo}; did you mean ${meant}?`, `See \`lrlab ${command} --help\` for its usage.`]);
    // Quotes come in pairs (parseArgs's own message left one open).
    for (const quote of ["'", '"', '`']) expect(err.join('').split(quote).length % 2).toBe(1);
  });

  it('an unknown option with nothing close, an unknown command, a missing argument: short, with the way on', async () => {
    expect((await lrlab('run', 'synthetic', '--colour', 'red')).err).toEqual(['lrlab run: unknown option --colour.', 'See `lrlab run --help` for its usage.']);
    expect(await lrlab('stauts', 'runs/x')).toMatchObject({
      code: 2,
      err: ['lrlab: unknown command "stauts"; did you mean status?', 'Commands: run, list, resume, report, status, slurm, show-data, config, doctor (`lrlab --help` says what each does).'],
    });
    expect(await lrlab('run')).toMatchObject({ code: 2, err: ['lrlab run: expected one preset or config file, got none.', 'See `lrlab run --help` for its usage.'] });
    expect(await lrlab('list', 'extra')).toMatchObject({ code: 2, err: ['lrlab list: unexpected argument "extra".', 'See `lrlab list --help` for its usage.'] });
  });
});

describe('a mistake in a config file', () => {
  it('a typo of a required field: the field missing with what it takes, the typo with the field it meant, then where the fields are described', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const { learningRate, ...rest } = tinyConfig();
      const file = path.join(dir, 'config.json');
      fs.writeFileSync(file, JSON.stringify({ ...rest, learningrate: learningRate }));
      const { code, err } = await lrlab('run', file, '--out', path.join(dir, 'out'));
      expect(code).toBe(2);
      expect(err).toEqual([
        'lrlab run: Invalid config (tiny/tiny), 2 problems:',
        '  - learningRate is missing: expected a number >= 0 or { unit, schedule }',
        '  - unknown field learningrate; did you mean learningRate?',
        '  Fix the fields listed; `lrlab config --schema` prints the JSON Schema of a config, and docs/guides/config-reference.md describes every field.',
      ]);
      expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
    } finally {
      cleanup();
    }
  });
});

describe('lrlab config', () => {
  it('--schema prints the JSON Schema of an experiment config', async () => {
    const { code, out } = await lrlab('config', '--schema');
    expect(code).toBe(0);
    expect(JSON.parse(out.join('\n'))).toEqual(experimentConfigJsonSchema());
  });

  it('lists every field with what it takes, the built-in kinds, and where each is explained', async () => {
    const { code, out } = await lrlab('config');
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toMatch(/^ {2}training\.epochs\* +an integer >= 1 and <= 100000$/m);
    expect(text).toMatch(/^ {2}learningRate\.schedule\.kind, noise\[\]\.sigma\.schedule\.kind: .*multi-step/m);
    expect(text).toContain('docs/guides/config-reference.md');
    expect(text).toContain('lrlab config --schema');
    const kind = await lrlab('config', 'multi-step');
    expect(kind.out[0]).toMatch(/^multi-step, a schedule kind \(learningRate\.schedule\.kind, noise\[\]\.sigma\.schedule\.kind\): /);
    expect(kind.out.join('\n')).toMatch(/^ {2}milestones +/m);
    expect(await lrlab('config', 'multi-stpe')).toMatchObject({ code: 2, err: ['lrlab config: no built-in kind "multi-stpe"; did you mean multi-step? (`lrlab config` lists them).'] });
  });

  it('is a command of the main help, and the reference page describes every field it lists', async () => {
    expect((await lrlab('--help')).out.join('\n')).toMatch(/^ {2}config {5}describe the config file/m);
    const reference = fs.readFileSync(REFERENCE, 'utf8');
    const missing = experimentConfigFields().filter((field) => !reference.includes(`\`${field.path}\``));
    expect(missing).toEqual([]);
    for (const field of ['name', 'description', 'seeds', 'runs', 'baselines', 'report', 'sweep', 'plugins']) expect(reference).toContain(`\`${field}\``);
  });
});

describe('the bin, read by a reader that stops early', () => {
  it('exits quietly (code 0, nothing on stderr) when its stdout pipe closes', async () => {
    expect(fs.existsSync(path.resolve(__dirname, '..', 'dist', 'main.js'))).toBe(true); // `npx nx run-many -t build -p @lrlab/cli` first
    const { dir, cleanup } = tempDir();
    try {
      // 10,000 status lines, far more than a pipe buffers: writes go on after the reader left.
      const study = { ...tinyStudy(), baselines: [], seeds: Array.from({ length: 5000 }, (_, i) => i + 1) };
      fs.mkdirSync(path.join(dir, study.name));
      fs.writeFileSync(path.join(dir, study.name, 'study.json'), JSON.stringify(study));
      const child = spawn(process.execPath, [BIN, 'status', path.join(dir, study.name)], { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      // `| head -1`: read one chunk, then close the pipe.
      child.stdout.once('data', () => child.stdout.destroy());
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
      expect(stderr).toBe('');
      expect({ code, signal }).toEqual({ code: 0, signal: null });
    } finally {
      cleanup();
    }
  });
});

describe('lrlab doctor, when a faster backend is unavailable', () => {
  /** The real loader, but blas (and native TensorFlow) as the test says: missing, or present with a broken addon. */
  const loader = (blas: 'missing' | 'broken'): ModuleLoader => ({
    resolve: (id) => (id.startsWith('@tensorflow/tfjs-node') || (id === '@lrlab/blas' && blas === 'missing') ? undefined : id === '@lrlab/blas' ? '/x/@lrlab/blas/index.js' : nodeModuleLoader.resolve(id)),
    load: (id) => {
      if (id === '@lrlab/blas') throw new Error('Cannot find module ../build/Release/lrlab_blas.node');
      return nodeModuleLoader.load(id);
    },
  });
  const install = 'sudo apt-get install -y libopenblas-dev build-essential && npm install @lrlab/blas';
  const rebuild = 'sudo apt-get install -y libopenblas-dev build-essential && npm rebuild @lrlab/blas';

  it('prints why blas was skipped and the commands that install it, or rebuild its addon', async () => {
    const missing = capture();
    await doctorCommand(['--steps', '12'], missing, loader('missing'));
    expect(missing.out).toEqual(expect.arrayContaining(['  blas unavailable: @lrlab/blas is not installed', `    fix: ${install}`]));
    const broken = capture();
    await doctorCommand(['--steps', '12', '--json'], broken, loader('broken'));
    const report = JSON.parse(broken.out.join('\n')) as { skipped: unknown[] };
    expect(report.skipped).toContainEqual({ name: 'blas', outcome: 'unavailable', reason: expect.stringMatching(/^@lrlab\/blas failed to load: /), fix: rebuild });
  }, 60_000);

  it('a requested blas that is missing: a backend error (exit code 2) with the fix', async () => {
    const io = capture();
    await expect(doctorCommand(['--backend', 'blas'], io, loader('missing'))).rejects.toMatchObject({
      code: 'backend',
      problem: expect.stringContaining('@lrlab/blas is not installed'),
      hint: `Fix: ${install}; or choose another backend (wasm, cpu).`,
    });
  });

  it('backendFix: install when missing, rebuild when installed; skippedBackends: each skipped backend with its reason', () => {
    expect(backendFix(blasCandidate(), () => false, '4.22.0')).toBe(install);
    expect(backendFix(blasCandidate(), (pkg) => pkg === '@lrlab/blas', '4.22.0')).toBe(rebuild);
    expect(backendFix({ name: 'wasm', packages: ['@tensorflow/tfjs-backend-wasm'] }, () => false, '4.22.0')).toBe('npm install @tensorflow/tfjs-backend-wasm@4.22.0');
    expect(backendFix({ name: 'cpu', packages: ['@tensorflow/tfjs'] }, () => true, '4.22.0')).toBeUndefined();
    const webgpu = { name: 'webgpu', packages: ['@lrlab/webgpu', 'webgpu', '@tensorflow/tfjs-backend-webgpu'] };
    expect(backendFix(webgpu, (pkg) => pkg === '@lrlab/webgpu', '4.22.0')).toBe('npm install @lrlab/webgpu webgpu@0.6.2 @tensorflow/tfjs-backend-webgpu@4.22.0');
    expect(backendFix(webgpu, () => true, '4.22.0')).toMatch(/install its Vulkan driver and loader \(libvulkan1\); here LRLAB_BACKEND=webgpu runs the software adapter/);
    const selection = {
      name: 'cpu',
      tfjsVersion: '4.22.0',
      candidates: [
        { name: 'blas', outcome: 'failed', detail: 'OpenBLAS could not start' },
        { name: 'cpu', outcome: 'chosen', detail: 'always available' },
      ],
    } as unknown as BackendSelection;
    expect(skippedBackends(selection, [blasCandidate()], (pkg) => pkg === '@lrlab/blas')).toEqual([
      { name: 'blas', outcome: 'failed', reason: 'OpenBLAS could not start', fix: rebuild },
    ]);
  });
});
