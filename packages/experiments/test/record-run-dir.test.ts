import { ConfigError, DataError, IoError } from '@lrlab/core';
import { type RuntimeIdentity } from '@lrlab/backends';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  MetricsLog,
  acquireRunLock,
  createManifest,
  diffJson,
  openRunDir,
  saveCheckpoint,
  updateManifest,
  writeManifest,
} from '../src/record';

const CPU_RUNTIME: RuntimeIdentity = { backend: 'cpu', threads: null, threadsAffectResults: false, kernelPath: {} };

const CONFIG = {
  name: 'small-lr',
  seed: 3,
  training: { epochs: 200, batchSize: 128 },
  optimizer: { kind: 'sgd', momentum: 0.9, learningRate: { initialValue: 0.1, boundaries: [60, 120] } },
  noise: [{ kind: 'preactivation', sigma: 0.01 }],
};

function writeLock(runDir: string, pid: number, host = hostname()): void {
  fs.writeFileSync(join(runDir, 'run.lock'), `${JSON.stringify({ pid, hostname: host, acquiredAt: '2024-01-01T00:00:00.000Z', token: 'feedface' })}\n`);
}

describe('openRunDir', () => {
  let root: string;
  let runDir: string;
  beforeEach(() => {
    root = fs.mkdtempSync(join(tmpdir(), 'lrlab-record-run-dir-'));
    runDir = join(root, 'runs', 'study', 'small-lr-seed3');
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('creates a new run folder with its parents, config.json and the lock', () => {
    const run = openRunDir(runDir, CONFIG);
    expect(run.path).toBe(runDir);
    expect(run.state).toBe('new');
    expect(run.manifest).toBeUndefined();
    expect(run.files).toEqual({
      config: join(runDir, 'config.json'),
      manifest: join(runDir, 'manifest.json'),
      metrics: join(runDir, 'metrics.jsonl'),
      checkpoints: join(runDir, 'checkpoints'),
      lock: join(runDir, 'run.lock'),
    });
    expect(JSON.parse(fs.readFileSync(run.files.config, 'utf8'))).toEqual(CONFIG);
    const lock = JSON.parse(fs.readFileSync(run.files.lock, 'utf8')) as { pid: number; hostname: string };
    expect(lock.pid).toBe(process.pid);
    expect(lock.hostname).toBe(hostname());
    run.release();
    expect(fs.readdirSync(runDir)).toEqual(['config.json']);
    run.release();
  });

  it('reopens a folder holding the same config (key order does not matter) and reports its state', () => {
    openRunDir(runDir, CONFIG).release();
    const reordered = { ...Object.fromEntries(Object.entries(CONFIG).reverse()), training: { batchSize: 128, epochs: 200 } };
    expect(Object.keys(reordered)[0]).toBe('noise');
    let run = openRunDir(runDir, reordered);
    expect(run.state).toBe('new');
    const log = MetricsLog.open(run.files.metrics);
    log.append({ step: 0 });
    log.close();
    run.release();

    run = openRunDir(runDir, CONFIG);
    expect(run.state).toBe('partial');
    writeManifest(runDir, createManifest({ runtime: CPU_RUNTIME, seeds: { root: 3 }, cwd: root }));
    saveCheckpoint(runDir, { meta: { step: 10 }, tensors: {} });
    run.release();

    run = openRunDir(runDir, CONFIG);
    expect(run.state).toBe('partial');
    expect(run.manifest?.status).toBe('running');
    updateManifest(runDir, { status: 'failed', error: 'disk full' });
    run.release();
    expect(openRunDir(runDir, CONFIG).state).toBe('partial');
  });

  it('reports finished for a finished or diverged run', () => {
    const run = openRunDir(runDir, CONFIG);
    writeManifest(runDir, createManifest({ runtime: CPU_RUNTIME, seeds: {}, cwd: root }));
    updateManifest(runDir, { status: 'finished' });
    run.release();
    const finished = openRunDir(runDir, CONFIG);
    expect(finished.state).toBe('finished');
    updateManifest(runDir, { status: 'diverged', error: 'loss NaN at step 40' });
    finished.release();
    const diverged = openRunDir(runDir, CONFIG);
    expect([diverged.state, diverged.manifest?.status]).toEqual(['finished', 'diverged']);
    diverged.release();
  });

  it('refuses another config, listing the differing JSON paths, and changes nothing', () => {
    openRunDir(runDir, CONFIG).release();
    const before = fs.readFileSync(join(runDir, 'config.json'), 'utf8');
    const other = {
      ...CONFIG,
      training: { epochs: 100, batchSize: 128 },
      optimizer: { ...CONFIG.optimizer, learningRate: { initialValue: 0.2, boundaries: [60, 120, 180] } },
      noise: [],
      extra: 'x',
    };
    let error: unknown;
    try {
      openRunDir(runDir, other);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain(`Invalid config: expected the config already stored in ${join(runDir, 'config.json')}`);
    expect(message).toContain(
      'It differs at 5 paths (stored → given):\n' +
        '  training.epochs: 200 → 100\n' +
        '  optimizer.learningRate.initialValue: 0.1 → 0.2\n' +
        '  optimizer.learningRate.boundaries[2]: (absent) → 180\n' +
        '  noise[0]: {"kind":"preactivation","sigma":0.01} → (absent)\n' +
        '  extra: (absent) → "x"\n',
    );
    expect(message).toContain(`Choose another --out folder for this config, or delete ${runDir} to start the run over with it.`);
    expect((error as ConfigError).value).toEqual(['training.epochs', 'optimizer.learningRate.initialValue', 'optimizer.learningRate.boundaries[2]', 'noise[0]', 'extra']);
    expect(fs.readFileSync(join(runDir, 'config.json'), 'utf8')).toBe(before);
    expect(fs.readdirSync(runDir)).toEqual(['config.json']);
  });

  it('lists at most 10 differences', () => {
    const wide = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`k${i}`, i]));
    openRunDir(runDir, wide).release();
    const changed = Object.fromEntries(Array.from({ length: 14 }, (_, i) => [`k${i}`, i + 1]));
    expect(() => openRunDir(runDir, changed)).toThrow(/It differs at 14 paths[\s\S]*k9: 9 → 10\n {2}… and 4 more\n/);
    expect(diffJson(wide, changed)).toHaveLength(14);
  });

  it('refuses a config JSON cannot hold without creating any folder', () => {
    expect(() => openRunDir(runDir, { ...CONFIG, seed: Number.NaN })).toThrow('Invalid config seed: expected a JSON value');
    expect(() => openRunDir(runDir, [1, 2])).toThrow(ConfigError);
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it('refuses a non-empty folder that is not a run folder, and a damaged run folder', () => {
    fs.mkdirSync(runDir, { recursive: true });
    fs.writeFileSync(join(runDir, 'thesis.tex'), 'user work');
    expect(() => openRunDir(runDir, CONFIG)).toThrow(/Invalid out: expected a new folder, an empty folder, or a run folder of this config, got .*It holds other files \(thesis\.tex\)/);
    expect(fs.readdirSync(runDir)).toEqual(['thesis.tex']);
    fs.rmSync(join(runDir, 'thesis.tex'));
    fs.writeFileSync(join(runDir, 'metrics.jsonl'), '{"step":0}\n');
    expect(() => openRunDir(runDir, CONFIG)).toThrow(DataError);
    expect(() => openRunDir(runDir, CONFIG)).toThrow(`${join(runDir, 'config.json')}: is missing, but the folder holds metrics.jsonl: the run folder is damaged.`);
    fs.writeFileSync(join(root, 'file'), '');
    expect(() => openRunDir(join(root, 'file'), CONFIG)).toThrow(IoError);
  });

  it('reports a damaged config.json as a DataError', () => {
    fs.mkdirSync(runDir, { recursive: true });
    fs.writeFileSync(join(runDir, 'config.json'), '{"seed": 3');
    expect(() => openRunDir(runDir, CONFIG)).toThrow(DataError);
    expect(fs.existsSync(join(runDir, 'run.lock'))).toBe(false);
  });

  it('removes temp files of dead writers when opened', () => {
    openRunDir(runDir, CONFIG).release();
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    fs.writeFileSync(join(runDir, `.manifest.json.${dead}-3-0badf00d.tmp`), '{"half');
    openRunDir(runDir, CONFIG).release();
    expect(fs.readdirSync(runDir)).toEqual(['config.json']);
  });
});

describe('run.lock', () => {
  let root: string;
  let child: ChildProcess | undefined;
  beforeEach(() => {
    root = fs.mkdtempSync(join(tmpdir(), 'lrlab-record-lock-'));
  });
  afterEach(() => {
    child?.kill('SIGKILL');
    child = undefined;
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('refuses a second holder in the same process, naming the pid', () => {
    const run = openRunDir(root, CONFIG);
    expect(() => openRunDir(root, CONFIG)).toThrow(IoError);
    expect(() => openRunDir(root, CONFIG)).toThrow(new RegExp(`Could not lock .*run\\.lock: held by this process \\(pid ${process.pid}\\) since .*release the earlier handle first`));
    run.release();
    openRunDir(root, CONFIG).release();
  });

  it('refuses a lock held by another live process, naming its pid', async () => {
    child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    await new Promise((resolve) => child!.once('spawn', resolve));
    writeLock(root, child.pid!);
    expect(() => acquireRunLock(root)).toThrow(new RegExp(`held by pid ${child.pid} since 2024-01-01T00:00:00\\.000Z\\. Another lrlab process is running this folder: .*kill ${child.pid}`));
    expect(JSON.parse(fs.readFileSync(join(root, 'run.lock'), 'utf8'))).toMatchObject({ pid: child.pid, token: 'feedface' });
  });

  it('takes over a stale lock whose process is dead', () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    writeLock(root, dead);
    const lock = acquireRunLock(root);
    expect(lock.owner.pid).toBe(process.pid);
    expect(JSON.parse(fs.readFileSync(join(root, 'run.lock'), 'utf8'))).toEqual(lock.owner);
    expect(fs.readdirSync(root)).toEqual(['run.lock']);
    lock.release();
    expect(fs.readdirSync(root)).toEqual([]);
  });

  it('takes over a lock file left empty by a process killed while creating it', () => {
    fs.writeFileSync(join(root, 'run.lock'), '');
    const lock = acquireRunLock(root);
    expect(JSON.parse(fs.readFileSync(join(root, 'run.lock'), 'utf8'))).toEqual(lock.owner);
    lock.release();
  });

  it('refuses a lock from another host (its process cannot be checked)', () => {
    writeLock(root, 1, 'some-other-host');
    expect(() => acquireRunLock(root)).toThrow(/held by pid 1 on host some-other-host .*If that process is gone, delete .*run\.lock/);
  });

  it('does not remove a lock that another process has taken since', () => {
    const lock = acquireRunLock(root);
    writeLock(root, 4242);
    lock.release();
    expect(JSON.parse(fs.readFileSync(join(root, 'run.lock'), 'utf8'))).toMatchObject({ pid: 4242 });
  });
});
