import { ConfigError, DataError } from '@lrlab/core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { cpus, hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MANIFEST_PACKAGES, createManifest, readManifest, updateManifest, writeManifest } from '../src/record';

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

  it('records versions, host, git commit, backend, seeds and a running status', () => {
    const manifest = createManifest({ backend: { name: 'wasm', threads: 4 }, seeds: { root: 3, data: 17 }, command: ['run', 'synthetic'] });
    expect(manifest.manifestVersion).toBe(1);
    expect(manifest.status).toBe('running');
    expect(new Date(manifest.startedAt).toISOString()).toBe(manifest.startedAt);
    expect(manifest.endedAt).toBeUndefined();
    expect(manifest.seeds).toEqual({ root: 3, data: 17 });
    expect(manifest.backend).toEqual({ name: 'wasm', threads: 4 });
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
    for (const name of ['@lrlab/core', '@lrlab/schedules', '@lrlab/experiments', '@tensorflow/tfjs']) {
      expect(manifest.versions[name]).toBe(installedVersion(name));
    }
    expect(Object.keys(manifest.versions).every((name) => MANIFEST_PACKAGES.includes(name))).toBe(true);
    const head = gitHead(process.cwd());
    if (head === null) expect(manifest.git).toBeNull();
    else expect(manifest.git).toEqual({ commit: head, dirty: expect.any(Boolean) });
  });

  it('skips packages that cannot be resolved, and records no git outside a checkout', () => {
    const manifest = createManifest({ backend: { name: 'cpu', threads: null }, seeds: {}, cwd: dir, packages: ['@lrlab/core', '@lrlab/no-such-package'] });
    expect(manifest.versions).toEqual({ '@lrlab/core': installedVersion('@lrlab/core') });
    expect(manifest.git).toBeNull();
    expect(manifest.command).toBeUndefined();
  });

  it('rejects a missing backend name or a non-integer seed', () => {
    expect(() => createManifest({ backend: { name: '', threads: 1 }, seeds: {} })).toThrow(ConfigError);
    expect(() => createManifest({ backend: { name: 'wasm', threads: 1 }, seeds: { data: 1.5 } })).toThrow('Invalid seeds.data: expected an integer seed, got 1.5.');
  });

  it('writes, reads and updates manifest.json atomically', () => {
    expect(readManifest(dir)).toBeUndefined();
    const manifest = createManifest({ backend: { name: 'wasm', threads: 2 }, seeds: { root: 1 }, cwd: dir });
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
    writeManifest(dir, createManifest({ backend: { name: 'wasm', threads: 2 }, seeds: {}, cwd: dir }));
    const before = fs.readFileSync(join(dir, 'manifest.json'), 'utf8');
    expect(() => updateManifest(dir, { stepsPerSecond: Number.NaN })).toThrow(/Invalid manifest.json stepsPerSecond/);
    expect(fs.readFileSync(join(dir, 'manifest.json'), 'utf8')).toBe(before);
  });
});
