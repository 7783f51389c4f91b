import { ConfigError, IoError } from '@lrlab/core';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic, writeJsonAtomic } from '../src/record';

describe('writeFileAtomic / writeJsonAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(join(tmpdir(), 'lrlab-record-atomic-'));
  });
  afterEach(() => {
    jest.restoreAllMocks();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes strings and bytes exactly, replaces old content, and leaves no temp file', () => {
    const file = join(dir, 'notes.txt');
    writeFileAtomic(file, 'first — ünïcode\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('first — ünïcode\n');
    const bytes = Uint8Array.of(0, 255, 10, 13, 128);
    writeFileAtomic(file, bytes);
    expect(Array.from(fs.readFileSync(file))).toEqual([0, 255, 10, 13, 128]);
    expect(fs.readdirSync(dir)).toEqual(['notes.txt']);
  });

  it('writes pretty JSON with a trailing newline, keys in the order given', () => {
    const file = join(dir, 'config.json');
    writeJsonAtomic(file, { b: 1, a: [true, null, 'x'], c: { d: -2.5 } });
    expect(fs.readFileSync(file, 'utf8')).toBe('{\n  "b": 1,\n  "a": [\n    true,\n    null,\n    "x"\n  ],\n  "c": {\n    "d": -2.5\n  }\n}\n');
  });

  it('refuses values JSON cannot hold exactly, naming the path, and writes nothing', () => {
    const file = join(dir, 'config.json');
    writeJsonAtomic(file, { ok: 1 });
    const attempt = (): void => writeJsonAtomic(file, { optimizer: { schedule: [1, Number.NaN] } });
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow('Invalid config.json optimizer.schedule[1]: expected a JSON value');
    expect(() => writeJsonAtomic(file, { w: new Float32Array(2) })).toThrow(/config.json w: .*got "a typed array"/);
    expect(() => writeJsonAtomic(file, undefined)).toThrow(ConfigError);
    expect(fs.readFileSync(file, 'utf8')).toBe('{\n  "ok": 1\n}\n');
    expect(fs.readdirSync(dir)).toEqual(['config.json']);
  });

  it('keeps the old content and removes the temp file when the disk fills mid-write', () => {
    const file = join(dir, 'manifest.json');
    writeFileAtomic(file, 'old content\n');
    const realWrite = fs.writeSync;
    let calls = 0;
    jest.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buffer: Uint8Array, offset: number, length: number) => {
      calls += 1;
      if (calls > 1) throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
      // The first call writes only half, as a filling disk may.
      return realWrite(fd, buffer, offset, Math.ceil(length / 2));
    }) as typeof fs.writeSync);
    let error: unknown;
    try {
      writeFileAtomic(file, 'new content that will not fit\n');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(IoError);
    expect((error as IoError).path).toBe(file);
    expect((error as IoError).message).toMatch(/Could not write .*manifest\.json: ENOSPC .*The disk is full/);
    expect(calls).toBe(2);
    jest.restoreAllMocks();
    expect(fs.readFileSync(file, 'utf8')).toBe('old content\n');
    expect(fs.readdirSync(dir)).toEqual(['manifest.json']);
  });

  it('fails with an IoError when the target is a folder, leaving it intact and no temp file', () => {
    const target = join(dir, 'taken');
    fs.mkdirSync(target);
    fs.writeFileSync(join(target, 'keep.txt'), 'user data');
    // (Under jest, a system error comes from another realm, so core prints it as JSON; the code is there either way.)
    expect(() => writeFileAtomic(target, 'x')).toThrow(/Could not replace \(rename onto\) .*taken: .*E(ISDIR|NOTEMPTY|EXIST|PERM).* is a folder: move it away/);
    expect(fs.readFileSync(join(target, 'keep.txt'), 'utf8')).toBe('user data');
    expect(fs.readdirSync(dir)).toEqual(['taken']);
  });

  it('fails with an IoError naming the path when the folder does not exist', () => {
    const file = join(dir, 'missing', 'x.json');
    expect(() => writeJsonAtomic(file, {})).toThrow(IoError);
    expect(() => writeJsonAtomic(file, {})).toThrow(/missing.*does not exist: create it/);
  });

  it('uses a fresh temp name beside the target for every write, carrying the pid', () => {
    const opened: string[] = [];
    const realOpen = fs.openSync;
    jest.spyOn(fs, 'openSync').mockImplementation(((path: fs.PathLike, flags: fs.OpenMode, mode?: fs.Mode | null) => {
      if (flags === 'wx') opened.push(String(path));
      return realOpen(path, flags, mode);
    }) as typeof fs.openSync);
    for (let i = 0; i < 20; i++) writeFileAtomic(join(dir, 'a.txt'), `${i}`);
    expect(new Set(opened).size).toBe(20);
    for (const path of opened) expect(path).toMatch(new RegExp(`/\\.a\\.txt\\.${process.pid}-\\d+-[0-9a-f]{8}\\.tmp$`));
    expect(fs.readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('19');
  });
});
