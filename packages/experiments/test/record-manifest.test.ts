import { ConfigError, DataError } from '@lrlab/core';
import { type RuntimeIdentity } from '@lrlab/backends';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { cpus, hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { MANIFEST_TFJS_PACKAGES, createManifest, installedLrlabVersions, readManifest, updateManifest, writeManifest } from '../src/record';

const WASM: RuntimeIdentity = { backend: 'wasm', threads: 4, threadsAffectResults: false, kernelPath: {} };
const CPU: RuntimeIdentity = { backend: 'cpu', threads: null, threadsAffectResults: false, kernelPath: {} };
const BLAS: RuntimeIdentity = { backend: 'blas', threads: 2, threadsAffectResults: false, kernelPath: { isa: 'avx2', openblas: '0.3.21', openblasCoreType: 'Haswell' } };

/** Every workspace package's name, read from packages/*\/package.json. */
function workspacePackages(): string[] {
  const root = resolve(__dirname, '..', '..');
  return fs
    .readdirSync(root)
    .map((entry) => join(root, entry, 'package.json'))
    .filter((file) => fs.existsSync(file))
    .map((file) => (JSON.parse(fs.readFileSync(file, 'utf8')) as { name: string }).name)
    .sort();
}

function installedVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

function gitHead(cwd: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
}

describe('run manifest', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(join(tmpdir(), 'lrlab-record-manifest-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('records versions, host, git commit, runtime (as the first segment), seeds and a running status', () => {
    const manifest = createManifest({ runtime: BLAS, seeds: { root: 3, data: 17 }, command: ['run', 'synthetic'] });
    expect(manifest.manifestVersion).toBe(2);
    expect(manifest.status).toBe('running');
    expect(new Date(manifest.startedAt).toISOString()).toBe(manifest.startedAt);
    expect(manifest.endedAt).toBeUndefined();
    expect(manifest.seeds).toEqual({ root: 3, data: 17 });
    expect(manifest.runtime).toEqual(BLAS);
    expect(manifest.segments).toEqual([{ fromStep: 0, startedAt: manifest.startedAt, runtime: BLAS }]);
    expect(manifest.command).toEqual(['run', 'synthetic']);
    expect(manifest.node).toBe(process.version);
    expect(manifest.host).toEqual({
      hostname: hostname(),
      platform: process.platform,
      arch: process.arch,
      cpuModel: cpus()[0]?.model.trim() || 'unknown',
      cpuCount: expect.any(Number),
      totalMemoryBytes: expect.any(Number),
    });
    expect(manifest.host.cpuCount).toBeGreaterThanOrEqual(1);
    // Every installed @lrlab package (blas too, which no hand-kept list had), and the tfjs packages.
    const lrlab = Object.keys(manifest.versions).filter((name) => name.startsWith('@lrlab/'));
    expect(lrlab.sort()).toEqual(workspacePackages());
    expect(lrlab).toContain('@lrlab/blas');
    for (const name of [...lrlab, '@tensorflow/tfjs']) expect(manifest.versions[name]).toBe(installedVersion(name));
    const others = Object.keys(manifest.versions).filter((name) => !name.startsWith('@lrlab/'));
    expect(others.every((name) => MANIFEST_TFJS_PACKAGES.includes(name))).toBe(true);
    const head = gitHead(process.cwd());
    if (head === null) expect(manifest.git).toBeNull();
    else expect(manifest.git).toEqual({ commit: head, dirty: expect.any(Boolean) });
  });

  it('skips packages that cannot be resolved, and records no git outside a checkout', () => {
    const manifest = createManifest({ runtime: CPU, seeds: {}, cwd: dir, packages: ['@lrlab/core', '@lrlab/no-such-package'] });
    expect(manifest.versions).toEqual({ '@lrlab/core': installedVersion('@lrlab/core') });
    expect(manifest.git).toBeNull();
    expect(manifest.command).toBeUndefined();
  });

  it('lists the @lrlab packages of the nearest node_modules/@lrlab folders, real folders or links', () => {
    const pkg = (folder: string, name: string, version: string): void => {
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(join(folder, 'package.json'), JSON.stringify({ name, version }));
    };
    pkg(join(dir, 'node_modules', '@lrlab', 'core'), '@lrlab/core', '1.0.0');
    pkg(join(dir, 'node_modules', '@lrlab', 'new-kind'), '@lrlab/new-kind', '0.3.0');
    pkg(join(dir, 'packages', 'blas'), '@lrlab/blas', '0.2.0');
    fs.symlinkSync(join(dir, 'packages', 'blas'), join(dir, 'node_modules', '@lrlab', 'blas'));
    fs.mkdirSync(join(dir, 'node_modules', '@lrlab', 'stray-folder'));
    // A nearer copy of core (a nested install) wins over the outer one.
    pkg(join(dir, 'app', 'node_modules', '@lrlab', 'core'), '@lrlab/core', '1.1.0');
    expect(installedLrlabVersions(join(dir, 'app', 'main.js'))).toEqual({ '@lrlab/blas': '0.2.0', '@lrlab/core': '1.1.0', '@lrlab/new-kind': '0.3.0' });
  });

  it('rejects a runtime without a backend name, a bad thread count, or a non-integer seed', () => {
    expect(() => createManifest({ runtime: { ...CPU, backend: '' }, seeds: {} })).toThrow(ConfigError);
    expect(() => createManifest({ runtime: { ...WASM, threads: 0 }, seeds: {} })).toThrow('Invalid runtime.threads: expected a positive integer or null, got 0.');
    expect(() => createManifest({ runtime: WASM, seeds: { data: 1.5 } })).toThrow('Invalid seeds.data: expected an integer seed, got 1.5.');
  });

  it('reads a version 1 manifest as version 2: an unknown kernel path, threads assumed to matter', () => {
    const v1 = {
      manifestVersion: 1,
      status: 'running',
      startedAt: '2026-01-02T03:04:05.000Z',
      seeds: { root: 1 },
      backend: { name: 'wasm', threads: 2 },
      versions: { '@lrlab/core': '0.1.0' },
      node: 'v20.11.0',
      host: { hostname: 'h', platform: 'linux', arch: 'x64', cpuModel: 'c', cpuCount: 2, totalMemoryBytes: 1 },
      git: null,
      resumedAt: ['2026-01-02T04:00:00.000Z'],
    };
    fs.writeFileSync(join(dir, 'manifest.json'), JSON.stringify(v1));
    const runtime: RuntimeIdentity = { backend: 'wasm', threads: 2, threadsAffectResults: true, kernelPath: {} };
    const { backend: _backend, ...rest } = v1;
    const read = readManifest(dir);
    expect(read).toEqual({ ...rest, manifestVersion: 2, runtime, segments: [{ fromStep: 0, startedAt: v1.startedAt, runtime }] });
    // Writing it back stores version 2.
    updateManifest(dir, { status: 'failed' });
    const stored = JSON.parse(fs.readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect([stored['manifestVersion'], stored['backend'], stored['runtime']]).toEqual([2, undefined, runtime]);
    expect(readManifest(dir)).toEqual({ ...read, status: 'failed' });
  });

  it('refuses a newer version and a version 2 manifest without a valid runtime or segments', () => {
    const manifest = createManifest({ runtime: CPU, seeds: {}, cwd: dir });
    const write = (value: object): void => fs.writeFileSync(join(dir, 'manifest.json'), JSON.stringify(value));
    write({ ...manifest, manifestVersion: 3 });
    expect(() => readManifest(dir)).toThrow(/manifestVersion is 3, this lrlab reads versions 1 to 2\. It was written by a newer lrlab/);
    write({ ...manifest, runtime: { backend: 'cpu', threads: 'two', threadsAffectResults: false, kernelPath: {} } });
    expect(() => readManifest(dir)).toThrow(/runtime is missing or malformed/);
    write({ ...manifest, segments: [] });
    expect(() => readManifest(dir)).toThrow(/segments is missing or malformed/);
    write({ ...manifest, manifestVersion: 1 });
    expect(() => readManifest(dir)).toThrow(/backend is missing or malformed/);
  });

  it('writes, reads and updates manifest.json atomically', () => {
    expect(readManifest(dir)).toBeUndefined();
    const manifest = createManifest({ runtime: WASM, seeds: { root: 1 }, cwd: dir });
    writeManifest(dir, manifest);
    expect(readManifest(dir)).toEqual(manifest);
    const endedAt = new Date(manifest.startedAt).toISOString();
    const updated = updateManifest(dir, { status: 'finished', endedAt, durationsSeconds: { total: 12.5, train: 10 }, steps: 500, stepsPerSecond: 50 });
    expect(updated).toEqual({ ...manifest, status: 'finished', endedAt, durationsSeconds: { total: 12.5, train: 10 }, steps: 500, stepsPerSecond: 50 });
    expect(readManifest(dir)).toEqual(updated);
    expect(updateManifest(dir, { status: 'failed', error: 'disk full' }).error).toBe('disk full');
    expect(fs.readdirSync(dir)).toEqual(['manifest.json']);
  });

  it('refuses a bad status, a missing manifest, and reports a damaged one', () => {
    expect(() => updateManifest(dir, { status: 'done' as 'finished' })).toThrow(ConfigError);
    expect(() => updateManifest(dir, { status: 'finished' })).toThrow(`${join(dir, 'manifest.json')}: is missing.`);
    fs.writeFileSync(join(dir, 'manifest.json'), '{"status":"running"');
    expect(() => readManifest(dir)).toThrow(DataError);
    fs.writeFileSync(join(dir, 'manifest.json'), '{"status":"paused","startedAt":"x"}');
    expect(() => readManifest(dir)).toThrow(/status is "paused", expected one of running, finished, failed, diverged/);
  });

  it('refuses values JSON cannot hold (a NaN throughput) without touching the file', () => {
    writeManifest(dir, createManifest({ runtime: WASM, seeds: {}, cwd: dir }));
    const before = fs.readFileSync(join(dir, 'manifest.json'), 'utf8');
    expect(() => updateManifest(dir, { stepsPerSecond: Number.NaN })).toThrow(/Invalid manifest.json stepsPerSecond/);
    expect(fs.readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(before);
  });
});
