import { ConfigError, DataError } from '@lrlab/core';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CHECKPOINT_FORMAT_VERSION,
  loadLatestCheckpoint,
  readCheckpoint,
  saveCheckpoint,
  type Checkpoint,
  type CheckpointTensor,
} from '../src/record';

/** The pid of a process that has exited (a pid nobody holds, for the leftover and stale tests). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  return child.pid!;
}

function bytesOf(data: Float32Array | Int32Array): Buffer {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

function floats(step: number, n = 6): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => step + i / 4);
}

function small(step: number): Checkpoint<{ step: number }> {
  return { meta: { step }, tensors: { w: { dtype: 'float32', shape: [2, 3], data: floats(step) } } };
}

describe('checkpoints', () => {
  let dir: string;
  let checkpoints: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(join(tmpdir(), 'lrlab-record-checkpoint-'));
    checkpoints = join(dir, 'checkpoints');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('round-trips meta and tensors bit for bit: NaN payloads, -0, infinities, subnormals, int32 extremes', () => {
    const bits = Uint32Array.of(0x7fc00001, 0xffc12345, 0x7f800001, 0x80000000, 0x00000000, 0x7f800000, 0xff800000, 0x00000001, 0x7f7fffff);
    const special = new Float32Array(bits.buffer);
    // A view at an odd offset inside a larger buffer: only its own elements are stored.
    const backing = new Int32Array([99, -2147483648, 2147483647, -1, 0, 7, 99]);
    const ints = backing.subarray(1, 6);
    const meta = { step: 1234, epoch: 3, batchIndex: 17, metricsOffset: 98765, seeds: { data: 42 }, optimizer: { kind: 'sgd', momentum: 0.9, nesterov: false }, note: null };
    const tensors: Record<string, CheckpointTensor> = {
      special: { dtype: 'float32', shape: [3, 3], data: special },
      ints: { dtype: 'int32', shape: [5], data: ints },
      scalar: { dtype: 'float32', shape: [], data: Float32Array.of(-0) },
      empty: { dtype: 'int32', shape: [0, 4], data: new Int32Array(0) },
    };
    const bytes = saveCheckpoint(dir, { meta, tensors });
    expect(bytes).toBe(4 * (9 + 5 + 1 + 0));

    const loaded = loadLatestCheckpoint(dir)!;
    expect(loaded.slot).toBe('latest');
    expect(loaded.path).toBe(join(checkpoints, 'latest'));
    expect(loaded.rejected).toEqual([]);
    expect(loaded.meta).toEqual(meta);
    expect(Object.keys(loaded.tensors)).toEqual(['special', 'ints', 'scalar', 'empty']);
    for (const [name, tensor] of Object.entries(tensors)) {
      const back = loaded.tensors[name]!;
      expect(back.dtype).toBe(tensor.dtype);
      expect(back.shape).toEqual(tensor.shape);
      expect(back.data.constructor).toBe(tensor.data.constructor);
      expect(bytesOf(back.data).equals(bytesOf(tensor.data))).toBe(true);
    }
    expect(Array.from(new Uint32Array(loaded.tensors['special']!.data.buffer))).toEqual(Array.from(bits));
    expect(Object.is(loaded.tensors['scalar']!.data[0], -0)).toBe(true);
    expect(Array.from(loaded.tensors['ints']!.data)).toEqual([-2147483648, 2147483647, -1, 0, 7]);
  });

  it('writes a versioned, documented layout: checkpoint.json header and little-endian tensors.bin', () => {
    saveCheckpoint(dir, { meta: { step: 2 }, tensors: { a: { dtype: 'int32', shape: [2], data: Int32Array.of(1, 258) }, b: { dtype: 'float32', shape: [1], data: Float32Array.of(1) } } });
    const latest = join(checkpoints, 'latest');
    expect(fs.readdirSync(latest).sort()).toEqual(['checkpoint.json', 'tensors.bin']);
    const header = JSON.parse(fs.readFileSync(join(latest, 'checkpoint.json'), 'utf8')) as Record<string, unknown>;
    expect(header).toEqual({
      format: 'lrlab-checkpoint',
      version: CHECKPOINT_FORMAT_VERSION,
      byteOrder: 'little-endian',
      meta: { step: 2 },
      tensors: [
        { name: 'a', dtype: 'int32', shape: [2], byteOffset: 0, byteLength: 8 },
        { name: 'b', dtype: 'float32', shape: [1], byteOffset: 8, byteLength: 4 },
      ],
      dataFile: 'tensors.bin',
      dataBytes: 12,
      dataSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(Array.from(fs.readFileSync(join(latest, 'tensors.bin')))).toEqual([1, 0, 0, 0, 2, 1, 0, 0, 0, 0, 0x80, 0x3f]);
  });

  it('rotates: the new one becomes latest, the old latest becomes previous, nothing else remains', () => {
    for (let step = 1; step <= 4; step++) saveCheckpoint(dir, small(step));
    expect(fs.readdirSync(checkpoints).sort()).toEqual(['latest', 'previous']);
    expect(readCheckpoint(join(checkpoints, 'latest')).meta).toEqual({ step: 4 });
    expect(readCheckpoint(join(checkpoints, 'previous')).meta).toEqual({ step: 3 });
    expect(loadLatestCheckpoint(dir)!.meta).toEqual({ step: 4 });
  });

  it('returns undefined when the run has no checkpoint', () => {
    expect(loadLatestCheckpoint(dir)).toBeUndefined();
    fs.mkdirSync(checkpoints);
    expect(loadLatestCheckpoint(dir)).toBeUndefined();
  });

  it('falls back to previous when latest is corrupt, reporting why', () => {
    saveCheckpoint(dir, small(1));
    saveCheckpoint(dir, small(2));
    const data = join(checkpoints, 'latest', 'tensors.bin');
    const bytes = fs.readFileSync(data);
    bytes[5] = bytes[5]! ^ 0x01;
    fs.writeFileSync(data, bytes);
    const loaded = loadLatestCheckpoint<{ step: number }>(dir)!;
    expect(loaded.slot).toBe('previous');
    expect(loaded.meta.step).toBe(1);
    expect(bytesOf(loaded.tensors['w']!.data).equals(bytesOf(floats(1)))).toBe(true);
    expect(loaded.rejected).toHaveLength(1);
    expect(loaded.rejected[0]).toBeInstanceOf(DataError);
    expect(loaded.rejected[0]!.file).toBe(data);
    expect(loaded.rejected[0]!.message).toMatch(/SHA-256 .* differs .* the data is corrupt/);
  });

  it('detects truncated data, a truncated header and a header that lies about sizes', () => {
    saveCheckpoint(dir, small(1));
    const latest = join(checkpoints, 'latest');
    const data = join(latest, 'tensors.bin');
    const header = join(latest, 'checkpoint.json');
    const goodData = fs.readFileSync(data);
    const goodHeader = fs.readFileSync(header, 'utf8');

    fs.writeFileSync(data, goodData.subarray(0, 10));
    expect(() => readCheckpoint(latest)).toThrow(`${data}: has 10 bytes, but ${header} lists 24; the file is truncated or corrupt.`);
    fs.writeFileSync(data, goodData);

    fs.writeFileSync(header, goodHeader.slice(0, 40));
    expect(() => readCheckpoint(latest)).toThrow(new RegExp(`^${header}: not valid JSON`));

    fs.writeFileSync(header, goodHeader.replace('"byteLength": 24', '"byteLength": 20'));
    expect(() => readCheckpoint(latest)).toThrow(/tensors\[0\] \(w\) has byteOffset 0 and byteLength 20, expected 0 and 24/);

    fs.writeFileSync(header, goodHeader.replace('"version": 1', '"version": 99'));
    expect(() => readCheckpoint(latest)).toThrow(/format version 99 is newer than this lrlab reads \(1\)\. Upgrade @lrlab\/experiments/);

    fs.rmSync(header);
    expect(() => readCheckpoint(latest)).toThrow(`${header}: is missing; the checkpoint is incomplete.`);
  });

  it('falls back to previous when killed mid-rotation (latest renamed away, new one still temp)', () => {
    saveCheckpoint(dir, small(1));
    saveCheckpoint(dir, small(2));
    // The state after "latest → previous" but before "temp → latest": previous holds step 2, the
    // older previous is set aside, and the new checkpoint (step 3) is a complete temp folder.
    const pid = deadPid();
    fs.renameSync(join(checkpoints, 'previous'), join(checkpoints, `.old-${pid}-1-abcd`));
    fs.renameSync(join(checkpoints, 'latest'), join(checkpoints, 'previous'));
    fs.mkdirSync(join(dir, 'scratch'));
    saveCheckpoint(join(dir, 'scratch'), small(3));
    fs.renameSync(join(dir, 'scratch', 'checkpoints', 'latest'), join(checkpoints, `.tmp-${pid}-2-abcd`));

    const loaded = loadLatestCheckpoint<{ step: number }>(dir)!;
    expect(loaded.slot).toBe('previous');
    expect(loaded.meta.step).toBe(2);
    expect(loaded.rejected).toEqual([]);
    expect(fs.readdirSync(checkpoints)).toEqual(['previous']);

    // The resumed run's next save leaves previous where it is (its only rename is temp → latest),
    // so a second kill in the same place cannot leave neither; then rotation continues as usual.
    const renames: string[] = [];
    const realRename = fs.renameSync;
    const spy = jest.spyOn(fs, 'renameSync').mockImplementation((from, to) => {
      renames.push(`${String(from).slice(checkpoints.length + 1).replace(/-.*/, '')} → ${String(to).slice(checkpoints.length + 1)}`);
      realRename(from, to);
    });
    saveCheckpoint(dir, small(3));
    spy.mockRestore();
    expect(renames).toEqual(['.tmp → latest']);
    expect(fs.readdirSync(checkpoints).sort()).toEqual(['latest', 'previous']);
    expect(readCheckpoint(join(checkpoints, 'previous')).meta).toEqual({ step: 2 });
    saveCheckpoint(dir, small(4));
    expect(loadLatestCheckpoint(dir)!.meta).toEqual({ step: 4 });
    expect(readCheckpoint(join(checkpoints, 'previous')).meta).toEqual({ step: 3 });
  });

  it('does not let a damaged latest push a good previous out', () => {
    saveCheckpoint(dir, small(1));
    saveCheckpoint(dir, small(2));
    fs.writeFileSync(join(checkpoints, 'latest', 'tensors.bin'), 'short');
    expect(loadLatestCheckpoint(dir)!.meta).toEqual({ step: 1 });
    saveCheckpoint(dir, small(3));
    expect(fs.readdirSync(checkpoints).sort()).toEqual(['latest', 'previous']);
    expect(readCheckpoint(join(checkpoints, 'latest')).meta).toEqual({ step: 3 });
    expect(readCheckpoint(join(checkpoints, 'previous')).meta).toEqual({ step: 1 });
  });

  it('throws the DataError naming the damaged file when no complete checkpoint remains', () => {
    saveCheckpoint(dir, small(1));
    saveCheckpoint(dir, small(2));
    fs.writeFileSync(join(checkpoints, 'latest', 'checkpoint.json'), '{');
    fs.writeFileSync(join(checkpoints, 'previous', 'tensors.bin'), '');
    expect(() => loadLatestCheckpoint(dir)).toThrow(DataError);
    expect(() => loadLatestCheckpoint(dir)).toThrow(`${join(checkpoints, 'previous', 'tensors.bin')}: has 0 bytes`);
    fs.rmSync(join(checkpoints, 'previous'), { recursive: true });
    expect(() => loadLatestCheckpoint(dir)).toThrow(`${join(checkpoints, 'latest', 'checkpoint.json')}: not valid JSON`);
  });

  it('removes temp and set-aside folders of dead writers, and leaves a live writer’s alone', () => {
    saveCheckpoint(dir, small(1));
    const dead = deadPid();
    const leftovers = [`.tmp-${dead}-1-aa`, `.old-${dead}-2-bb`, `.tmp-${process.pid}-9-cc`];
    const live = `.tmp-${process.ppid}-1-dd`;
    for (const name of [...leftovers, live]) {
      fs.mkdirSync(join(checkpoints, name));
      fs.writeFileSync(join(checkpoints, name, 'tensors.bin'), 'partial');
    }
    fs.writeFileSync(join(checkpoints, 'notes.txt'), 'a user file');
    expect(loadLatestCheckpoint(dir)!.meta).toEqual({ step: 1 });
    expect(fs.readdirSync(checkpoints).sort()).toEqual([live, 'latest', 'notes.txt'].sort());
    saveCheckpoint(dir, small(2));
    expect(fs.readdirSync(checkpoints).sort()).toEqual([live, 'latest', 'notes.txt', 'previous'].sort());
  });

  it('validates a checkpoint before writing anything', () => {
    saveCheckpoint(dir, small(1));
    const bad: [Checkpoint<object>, RegExp][] = [
      [{ meta: { step: 1 }, tensors: { w: { dtype: 'float32', shape: [2, 2], data: new Float32Array(3) } } }, /Invalid tensors\.w\.shape: expected dimensions whose product is data\.length = 3, got \[2,2\]/],
      [{ meta: { step: 1 }, tensors: { w: { dtype: 'float32', shape: [2], data: new Int32Array(2) as unknown as Float32Array } } }, /Invalid tensors\.w\.data: expected a Float32Array \(dtype is float32\)/],
      [{ meta: { step: 1 }, tensors: { 'a.b': { dtype: 'float64' as 'float32', shape: [1], data: new Float32Array(1) } } }, /Invalid tensors\["a\.b"\]\.dtype: expected "float32" or "int32", got "float64"/],
      [{ meta: { step: 1 }, tensors: { w: { dtype: 'int32', shape: [-1], data: new Int32Array(0) } } }, /Invalid tensors\.w\.shape: expected an array of non-negative integers/],
      [{ meta: { loss: Number.NaN }, tensors: {} }, /Invalid meta loss: expected a JSON value/],
      [{ meta: [1] as unknown as object, tensors: {} }, /Invalid meta: expected a plain JSON object/],
    ];
    for (const [checkpoint, message] of bad) {
      expect(() => saveCheckpoint(dir, checkpoint)).toThrow(ConfigError);
      expect(() => saveCheckpoint(dir, checkpoint)).toThrow(message);
    }
    expect(fs.readdirSync(checkpoints)).toEqual(['latest']);
    expect(loadLatestCheckpoint(dir)!.meta).toEqual({ step: 1 });
  });

  it('fails with an IoError when the run folder does not exist', () => {
    expect(() => saveCheckpoint(join(dir, 'absent'), small(1))).toThrow(/Could not create .*absent\/checkpoints.*openRunDir creates it/);
  });
});
