import { ConfigError, DataError, IoError } from '@lrlab/core';
import fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { MetricsLog, readMetricsFile } from '../src/record';

const lineBytes = (record: object): number => Buffer.byteLength(`${JSON.stringify(record)}\n`, 'utf8');

describe('MetricsLog', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(join(tmpdir(), 'lrlab-record-metrics-'));
    path = join(dir, 'metrics.jsonl');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('appends one line per record, keys in the order given, returning the offset after it', () => {
    const log = MetricsLog.open(path);
    expect(log.offset).toBe(0);
    const a = { step: 0, epoch: 0, loss: null, sets: { test: { accuracy: 0.1 } } };
    const b = { step: 500, note: 'é → ünïcode', epoch: 1 };
    expect(log.append(a)).toBe(lineBytes(a));
    expect(log.append(b)).toBe(lineBytes(a) + lineBytes(b));
    expect(log.offset).toBe(fs.statSync(path).size);
    expect(fs.readFileSync(path, 'utf8')).toBe('{"step":0,"epoch":0,"loss":null,"sets":{"test":{"accuracy":0.1}}}\n{"step":500,"note":"é → ünïcode","epoch":1}\n');
    expect(log.readAll()).toEqual([a, b]);
    log.close();
    expect(() => log.append(a)).toThrow(/is closed/);
  });

  it('reopens for appending at the end of the file', () => {
    const first = MetricsLog.open(path);
    first.append({ step: 1 });
    first.close();
    const again = MetricsLog.open(path);
    expect(again.offset).toBe(lineBytes({ step: 1 }));
    again.append({ step: 2 });
    expect(again.readAll()).toEqual([{ step: 1 }, { step: 2 }]);
    again.close();
  });

  it('truncates back to a checkpoint offset, dropping the lines written after it', () => {
    const log = MetricsLog.open(path);
    log.append({ step: 1 });
    const checkpointOffset = log.append({ step: 2 });
    log.append({ step: 3 });
    log.append({ step: 4 });
    log.truncate(checkpointOffset);
    expect(log.offset).toBe(checkpointOffset);
    expect(fs.statSync(path).size).toBe(checkpointOffset);
    expect(log.append({ step: 3 })).toBe(checkpointOffset + lineBytes({ step: 3 }));
    expect(log.readAll().map((r) => r['step'])).toEqual([1, 2, 3]);
    log.truncate(0);
    expect(log.readAll()).toEqual([]);
    log.close();
  });

  it('refuses offsets beyond the file, inside a line, or not an integer', () => {
    const log = MetricsLog.open(path);
    const end = log.append({ step: 1 });
    expect(() => log.truncate(end + 1)).toThrow(DataError);
    expect(() => log.truncate(end + 1)).toThrow(`${path}: it has ${end} bytes, fewer than the offset ${end + 1} to resume from.`);
    expect(() => log.truncate(3)).toThrow(`${path}: offset 3 is not at the end of a line.`);
    expect(() => log.truncate(-1)).toThrow(ConfigError);
    expect(() => log.truncate(1.5)).toThrow(ConfigError);
    expect(log.readAll()).toEqual([{ step: 1 }]);
    log.close();
  });

  it('ignores a torn last line when reading, and removes it before appending or on truncate', () => {
    fs.writeFileSync(path, '{"step":1}\n{"step":2}\n{"step":3,"acc');
    expect(readMetricsFile(path)).toEqual([{ step: 1 }, { step: 2 }]);
    const log = MetricsLog.open(path);
    expect(log.tornBytes).toBe('{"step":3,"acc'.length);
    expect(log.offset).toBe(fs.statSync(path).size);
    expect(log.readAll()).toEqual([{ step: 1 }, { step: 2 }]);
    log.append({ step: 3 });
    expect(log.tornBytes).toBe(0);
    expect(fs.readFileSync(path, 'utf8')).toBe('{"step":1}\n{"step":2}\n{"step":3}\n');
    log.close();

    fs.appendFileSync(path, '{"st');
    const reopened = MetricsLog.open(path);
    reopened.truncate(lineBytes({ step: 1 }) * 2);
    expect(fs.readFileSync(path, 'utf8')).toBe('{"step":1}\n{"step":2}\n');
    reopened.close();
  });

  it('handles a file that is all torn line (killed during its first append)', () => {
    fs.writeFileSync(path, '{"step":0,"se');
    const log = MetricsLog.open(path);
    expect(log.readAll()).toEqual([]);
    expect(log.tornBytes).toBe(13);
    expect(log.append({ step: 0 })).toBe(lineBytes({ step: 0 }));
    expect(log.readAll()).toEqual([{ step: 0 }]);
    log.close();
  });

  it('refuses records JSON cannot store exactly, writing nothing', () => {
    const log = MetricsLog.open(path);
    expect(() => log.append({ step: 3, loss: Number.NaN })).toThrow('Invalid metrics record loss: expected a JSON value');
    expect(() => log.append({ sets: { test: { loss: Infinity } } })).toThrow(/metrics record sets\.test\.loss/);
    expect(() => log.append([1, 2])).toThrow(ConfigError);
    expect(log.offset).toBe(0);
    expect(fs.readFileSync(path, 'utf8')).toBe('');
    log.close();
  });

  it('reports a damaged complete line as a DataError naming the file and line', () => {
    fs.writeFileSync(path, '{"step":1}\n{"step":2,,}\n{"step":3}\n');
    expect(() => readMetricsFile(path)).toThrow(DataError);
    expect(() => readMetricsFile(path)).toThrow(`${path}: line 2 is not valid JSON`);
    fs.writeFileSync(path, '{"step":1}\n[1,2]\n');
    expect(() => readMetricsFile(path)).toThrow(`${path}: line 2 is not a JSON object.`);
    expect(() => readMetricsFile(join(dir, 'absent.jsonl'))).toThrow(IoError);
  });

  it('reads a gzipped copy (metrics.jsonl.gz, as published results keep it) to the same records; a damaged one is a DataError', () => {
    fs.writeFileSync(path, '{"step":1}\n{"step":2}\n');
    fs.writeFileSync(`${path}.gz`, zlib.gzipSync(fs.readFileSync(path)));
    expect(readMetricsFile(`${path}.gz`)).toEqual(readMetricsFile(path));
    fs.writeFileSync(`${path}.gz`, 'not gzip');
    expect(() => readMetricsFile(`${path}.gz`)).toThrow(`${path}.gz: is not a valid gzip file.`);
  });
});
