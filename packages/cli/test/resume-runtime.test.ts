/**
 * A resume never switches runtime without a word: it asks for the runtime the run recorded, refuses
 * (exit code 2) when the runtime it got could change the metrics, and with --allow-runtime-change
 * continues and records the change as a new segment. The "recorded" side is faked by editing the
 * manifest of a partial run (a finished run whose latest checkpoint is removed).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describeRuntime, type RuntimeIdentity } from '@lrlab/backends';
import { RuntimeChangeError, runExperiment, runStudy, type ExperimentConfig, type RunManifest, type StudyConfig } from '@lrlab/experiments';
import { runCli } from '../src';
import { tempDir, tinyConfig } from '../../../tools/testing/fixtures';
import { capture } from './capture';

const CPU: RuntimeIdentity = { backend: 'cpu', threads: null, threadsAffectResults: false, kernelPath: {} };
const WASM: RuntimeIdentity = { backend: 'wasm', threads: 2, threadsAffectResults: false, kernelPath: {} };

const manifestFile = (dir: string): string => path.join(dir, 'manifest.json');
const readJson = (dir: string): RunManifest => JSON.parse(fs.readFileSync(manifestFile(dir), 'utf8')) as RunManifest;
const metrics = (dir: string): string => fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8');

/**
 * Trains `config` into `dir`, then makes it partial: status `running`, the latest checkpoint
 * (step 30) removed so it resumes from the previous one (step 20), and its manifest edited.
 */
async function partialRun(dir: string, config: ExperimentConfig, edit: (manifest: RunManifest) => object): Promise<void> {
  await runExperiment(config, { dir });
  fs.rmSync(path.join(dir, 'checkpoints', 'latest'), { recursive: true });
  fs.writeFileSync(manifestFile(dir), JSON.stringify(edit({ ...readJson(dir), status: 'running' })));
}

/** The manifest as if the run had trained on `runtime`. */
const trainedOn = (runtime: RuntimeIdentity) => (manifest: RunManifest): RunManifest => ({
  ...manifest,
  runtime,
  segments: [{ ...manifest.segments[0]!, runtime }],
});

describe('resume on the recorded runtime', () => {
  let root: ReturnType<typeof tempDir>;
  let whole: string;
  beforeAll(async () => {
    root = tempDir();
    whole = path.join(root.dir, 'whole');
    await runExperiment(tinyConfig(), { dir: whole });
  });
  afterAll(() => root.cleanup());

  it('refuses another backend with exit code 2, naming both runtimes and the flag, and changes nothing', async () => {
    const dir = path.join(root.dir, 'other-backend');
    await partialRun(dir, tinyConfig(), trainedOn(WASM));
    const before = [fs.readFileSync(manifestFile(dir), 'utf8'), metrics(dir)];
    const io = capture();
    expect(await runCli(['resume', dir], io)).toBe(2);
    expect(io.err).toEqual([
      `lrlab resume: ${dir} was trained on wasm, 2 threads; this process runs cpu (backend: wasm → cpu), so resuming could change its metrics.`,
      '  Resume where that runtime is available, or pass --allow-runtime-change (allowRuntimeChange: true) to continue on this one; the manifest then records the change.',
    ]);
    expect([fs.readFileSync(manifestFile(dir), 'utf8'), metrics(dir)]).toEqual(before);
    const error = await runExperiment(tinyConfig(), { dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RuntimeChangeError);
    expect(error).toMatchObject({ code: 'backend', recorded: WASM, current: CPU, differences: ['backend: wasm → cpu'] });
  });

  it('refuses another kernel path on the same backend', async () => {
    const dir = path.join(root.dir, 'other-path');
    const avx2: RuntimeIdentity = { ...CPU, kernelPath: { isa: 'avx2' } };
    await partialRun(dir, tinyConfig(), trainedOn(avx2));
    const io = capture();
    expect(await runCli(['resume', dir], io)).toBe(2);
    expect(io.err[0]).toContain(`was trained on ${describeRuntime(avx2)}; this process runs cpu (kernelPath.isa: avx2 → (none))`);
  });

  it('with --allow-runtime-change continues and records the change as a new segment', async () => {
    const dir = path.join(root.dir, 'forced');
    await partialRun(dir, tinyConfig(), trainedOn(WASM));
    const io = capture();
    expect(await runCli(['resume', dir, '--allow-runtime-change'], io)).toBe(0);
    expect(io.out).toEqual([`${dir}: resumed (10 steps trained)`]);
    const manifest = readJson(dir);
    expect(manifest.status).toBe('finished');
    expect(manifest.runtime).toEqual(CPU);
    expect(manifest.segments.map((s) => [s.fromStep, s.runtime.backend, s.runtimeChanges])).toEqual([
      [0, 'wasm', undefined],
      [20, 'cpu', ['backend: wasm → cpu']],
    ]);
    expect(manifest.resumedAt).toEqual([manifest.segments[1]!.startedAt]);
    // It trained on cpu throughout (only the record said wasm), so the metrics are the uninterrupted run's.
    expect(metrics(dir)).toBe(metrics(whole));
  });

  it('resumes on the same runtime with a new segment and no change, to identical metrics', async () => {
    const dir = path.join(root.dir, 'same');
    await partialRun(dir, tinyConfig(), (m) => m);
    expect(await runCli(['resume', dir], capture())).toBe(0);
    const manifest = readJson(dir);
    expect(manifest.segments.map((s) => [s.fromStep, s.runtime, s.runtimeChanges])).toEqual([
      [0, CPU, undefined],
      [20, CPU, undefined],
    ]);
    expect(metrics(dir)).toBe(metrics(whole));
  });

  it('resumes a version 1 manifest on the backend it names, and stores version 2', async () => {
    const dir = path.join(root.dir, 'v1');
    await partialRun(dir, tinyConfig(), ({ runtime: _runtime, segments: _segments, ...rest }) => ({ ...rest, manifestVersion: 1, backend: { name: 'cpu', threads: null } }));
    expect(await runCli(['resume', dir], capture())).toBe(0);
    const manifest = readJson(dir);
    expect(manifest.manifestVersion).toBe(2);
    expect(manifest.segments.map((s) => [s.fromStep, s.runtime])).toEqual([
      [0, { backend: 'cpu', threads: null, threadsAffectResults: true, kernelPath: {} }],
      [20, CPU],
    ]);
    expect(metrics(dir)).toBe(metrics(whole));
  });

  describe("with backend 'auto'", () => {
    const auto = tinyConfig({ backend: 'auto' });
    let saved: string | undefined;
    beforeEach(() => {
      saved = process.env['LRLAB_BACKEND'];
      // The first run trains on cpu whatever this machine has: the record says cpu.
      process.env['LRLAB_BACKEND'] = 'cpu';
    });
    afterEach(() => {
      if (saved === undefined) delete process.env['LRLAB_BACKEND'];
      else process.env['LRLAB_BACKEND'] = saved;
    });

    it('asks for the recorded backend instead of the fastest one', async () => {
      const dir = path.join(root.dir, 'auto');
      await partialRun(dir, auto, (m) => m);
      delete process.env['LRLAB_BACKEND'];
      const outcome = await runExperiment(auto, { dir });
      expect(outcome).toMatchObject({ status: 'resumed', backend: 'cpu' });
      expect(metrics(dir)).toBe(metrics(whole));
    });

    it('names LRLAB_BACKEND when the user asked for another backend', async () => {
      const dir = path.join(root.dir, 'auto-env');
      await partialRun(dir, auto, trainedOn(WASM));
      const io = capture();
      expect(await runCli(['resume', dir], io)).toBe(2);
      expect(io.err[0]).toContain('(backend: wasm → cpu) [set in the environment: LRLAB_BACKEND=cpu], so resuming could change its metrics.');
    });
  });

  it('a study re-run into the same folder refuses a partial run on another runtime, and continues with the flag', async () => {
    const study: StudyConfig = {
      name: 'rerun',
      description: 'One tiny run.',
      seeds: [1],
      runs: [tinyConfig({ name: 'only' })],
      report: { primarySet: 'test', comparisons: [], learningOrder: [], curves: [] },
    };
    const out = path.join(root.dir, 'study');
    const [run] = (await runStudy(study, { outDir: out })).runs;
    fs.rmSync(path.join(run!.dir, 'checkpoints', 'latest'), { recursive: true });
    fs.writeFileSync(manifestFile(run!.dir), JSON.stringify(trainedOn(WASM)({ ...readJson(run!.dir), status: 'running' })));
    await expect(runStudy(study, { outDir: out })).rejects.toThrow(RuntimeChangeError);
    const file = path.join(out, 'rerun', 'study.json');
    const refused = capture();
    expect(await runCli(['run', file, '--out', out], refused)).toBe(2);
    expect(refused.err.join('\n')).toMatch(/--allow-runtime-change/);
    expect(await runCli(['run', file, '--out', out, '--allow-runtime-change'], capture())).toBe(0);
    expect(readJson(run!.dir).segments.at(-1)?.runtimeChanges).toEqual(['backend: wasm → cpu']);
  });
});
