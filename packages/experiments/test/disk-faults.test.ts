/**
 * Write failures injected through the run records' file-system layer (CI runs as root, so
 * permissions cannot make writes fail): each stops the run with a typed error, keeps the previous
 * checkpoint and every finished metrics line, and a later run resumes to exactly the metrics of an
 * uninterrupted run.
 */
import * as nodeFs from 'node:fs';
import * as path from 'node:path';
import { IoError } from '@lrlab/core';
import { loadLatestCheckpoint, runExperiment } from '../src';
import { withFileSystem, type FileSystem } from '../src/record/fs-layer';
import { tempDir, tinyConfig } from '../../../tools/testing/fixtures';

const config = tinyConfig({ name: 'faults', training: { epochs: 12, batchSize: 10 }, evaluation: { everyEpochs: 2 }, checkpoint: { everyEpochs: 2 } });

function errno(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected fault`), { code });
}

/** Node's fs, with a fault on the n-th write whose file path matches `target`. */
function faulty(target: RegExp, kind: 'ENOSPC' | 'EACCES-rename' | 'partial', afterMatches: number): FileSystem & { fired: boolean } {
  const paths = new Map<number, string>();
  let matches = 0;
  const layer = {
    ...nodeFs,
    fired: false,
    openSync: (file: nodeFs.PathLike, ...rest: unknown[]) => {
      const fd = (nodeFs.openSync as (...a: unknown[]) => number)(file, ...rest);
      paths.set(fd, String(file));
      return fd;
    },
    writeSync: (fd: number, buffer: NodeJS.ArrayBufferView | string, ...rest: unknown[]) => {
      if (kind !== 'EACCES-rename' && !layer.fired && target.test(paths.get(fd) ?? '') && ++matches > afterMatches) {
        layer.fired = true;
        if (kind === 'partial' && typeof buffer !== 'string') {
          const bytes = new Uint8Array(buffer.buffer, buffer.byteOffset, Math.floor(buffer.byteLength / 2));
          nodeFs.writeSync(fd, bytes);
          throw errno('EIO');
        }
        throw errno('ENOSPC');
      }
      return (nodeFs.writeSync as (...a: unknown[]) => number)(fd, buffer, ...rest);
    },
    renameSync: (from: nodeFs.PathLike, to: nodeFs.PathLike) => {
      if (kind === 'EACCES-rename' && !layer.fired && target.test(String(to)) && ++matches > afterMatches) {
        layer.fired = true;
        throw errno('EACCES');
      }
      nodeFs.renameSync(from, to);
    },
  };
  return layer as unknown as FileSystem & { fired: boolean };
}

describe('injected write failures', () => {
  let root: ReturnType<typeof tempDir>;
  let reference: string;
  beforeAll(async () => {
    root = tempDir();
    await runExperiment(config, { dir: path.join(root.dir, 'reference') });
    reference = nodeFs.readFileSync(path.join(root.dir, 'reference', 'metrics.jsonl'), 'utf8');
  });
  afterAll(() => root.cleanup());

  it.each([
    ['disk full while writing the third checkpoint', /checkpoints/, 'ENOSPC', 2],
    ['permission denied when renaming a checkpoint into place', /checkpoints[\\/]latest$/, 'EACCES-rename', 2],
    ['a partial write of a metrics line', /metrics\.jsonl$/, 'partial', 3],
  ] as const)('%s: typed error, nothing lost, resume completes identically', async (_label, target, kind, after) => {
    const dir = path.join(root.dir, `${kind}`);
    const layer = faulty(target, kind, after);
    const error = await withFileSystem(layer, () => runExperiment(config, { dir })).catch((e: unknown) => e);
    expect(layer.fired).toBe(true);
    expect(error).toBeInstanceOf(IoError);
    expect((error as IoError).message).toMatch(/ENOSPC|EACCES|EIO/);
    const checkpoint = loadLatestCheckpoint<{ step: number }>(dir);
    expect(checkpoint?.meta.step).toBeGreaterThan(0);
    const manifest = JSON.parse(nodeFs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { status: string };
    expect(manifest.status).toBe('failed');
    expect((await runExperiment(config, { dir })).status).toBe('resumed');
    expect(nodeFs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8')).toBe(reference);
  });
});
