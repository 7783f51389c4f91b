import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DataError, IoError } from '@lrlab/core';
import { CIFAR10_FILES, downloadCifar10, extractTar, loadCifar10 } from '../src';
import { cifarBatch } from './helpers/cifar-files';
import { makeTar } from './helpers/tar';

const RECORDS = 10;

/** A small archive laid out as the official one: cifar-10-batches-bin/ with six batches and a meta file. */
function smallArchive(): Buffer {
  const files = [...CIFAR10_FILES.train, ...CIFAR10_FILES.test];
  return gzipSync(
    makeTar([
      { name: 'cifar-10-batches-bin/', type: '5' },
      ...files.map((name, f) => ({ name: `cifar-10-batches-bin/${name}`, data: cifarBatch(RECORDS, f) })),
      { name: 'cifar-10-batches-bin/batches.meta.txt', data: Buffer.from('airplane\nautomobile\n') },
    ]),
  );
}

const md5 = (bytes: Uint8Array): string => createHash('md5').update(bytes).digest('hex');

describe('downloadCifar10 against a local HTTP server', () => {
  const archive = smallArchive();
  const wrongLayout = gzipSync(makeTar([{ name: 'other/data_batch_1.bin', data: cifarBatch(RECORDS, 0) }]));
  const notGzip = Buffer.from('this is not a gzip file at all');
  let server: Server;
  let base: string;
  let dir: string;

  beforeAll(async () => {
    server = createServer((req, res) => {
      const serve = (body: Buffer): void => {
        res.writeHead(200, { 'Content-Length': body.length });
        res.end(body);
      };
      if (req.url === '/cifar.tar.gz') serve(archive);
      else if (req.url === '/wrong-layout.tar.gz') serve(wrongLayout);
      else if (req.url === '/not-gzip.tar.gz') serve(notGzip);
      else if (req.url === '/moved') {
        res.writeHead(302, { Location: '/cifar.tar.gz' });
        res.end();
      } else if (req.url === '/stall.tar.gz') {
        // Send a little, then nothing: the client's idle timeout must give up.
        res.writeHead(200, { 'Content-Length': archive.length });
        res.write(archive.subarray(0, 100));
      } else if (req.url === '/cut.tar.gz') {
        // Announce the whole archive, send half of it, then drop the connection.
        res.writeHead(200, { 'Content-Length': archive.length });
        res.write(archive.subarray(0, Math.floor(archive.length / 2)), () => res.socket?.destroy());
      } else {
        res.writeHead(404);
        res.end('not found');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'lrlab-dl-')), 'cifar10');
  });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('downloads, verifies, extracts and moves the batches into place, reporting progress', async () => {
    const progress: [number, number | undefined][] = [];
    const folder = await downloadCifar10({
      dir,
      url: `${base}/cifar.tar.gz`,
      md5: md5(archive),
      recordsPerFile: RECORDS,
      onProgress: (bytes, total) => progress.push([bytes, total]),
    });
    expect(folder).toBe(join(dir, 'cifar-10-batches-bin'));
    expect(readdirSync(dir)).toEqual(['cifar-10-batches-bin']); // no temporary folder left
    expect(readdirSync(folder).sort()).toEqual([...CIFAR10_FILES.train, 'batches.meta.txt', ...CIFAR10_FILES.test].sort());
    expect(progress.at(-1)).toEqual([archive.length, archive.length]);
    expect(progress.every(([bytes], i) => i === 0 || bytes > progress[i - 1]![0])).toBe(true);

    // A second call finds the data and downloads nothing.
    await expect(downloadCifar10({ dir, url: `${base}/missing`, recordsPerFile: RECORDS })).resolves.toBe(folder);
  });

  it('loadCifar10 with download: true fetches (following a redirect) and reads both splits', async () => {
    const { train, test } = await loadCifar10({
      dir,
      download: true,
      url: `${base}/moved`,
      md5: md5(archive),
      recordsPerFile: RECORDS,
      subset: { perClass: 2 },
    });
    expect(train.size).toBe(20);
    expect(test.size).toBe(RECORDS);
    expect(Array.from(test.labels)).toEqual([5, 6, 7, 8, 9, 0, 1, 2, 3, 4]);
  });

  /** The dataset folder is empty after a failure: no archive, no partial batches, no temp folder. */
  async function expectCleanFailure(promise: Promise<unknown>, type: typeof DataError | typeof IoError, message: RegExp): Promise<void> {
    await expect(promise).rejects.toThrow(type);
    await expect(promise).rejects.toThrow(message);
    expect(readdirSync(dir)).toEqual([]);
  }

  it('rejects an archive with the wrong checksum and leaves nothing behind', async () => {
    const promise = downloadCifar10({ dir, url: `${base}/cifar.tar.gz`, md5: '0'.repeat(32), recordsPerFile: RECORDS });
    await expectCleanFailure(promise, DataError, new RegExp(`has MD5 ${md5(archive)}, expected 0{32}`));
  });

  it('fails with an IoError when the connection is cut mid-way, and leaves nothing behind', async () => {
    const promise = downloadCifar10({ dir, url: `${base}/cut.tar.gz`, md5: md5(archive), recordsPerFile: RECORDS });
    await expectCleanFailure(promise, IoError, /Could not download .*cut\.tar\.gz/);
  });

  it('gives up on a server that stops sending, and cancels when the progress callback throws', async () => {
    const stalled = downloadCifar10({ dir, url: `${base}/stall.tar.gz`, md5: md5(archive), recordsPerFile: RECORDS, idleTimeoutMs: 200 });
    await expectCleanFailure(stalled, IoError, /stopped sending data|no data for 200 ms/);
    const cancelled = downloadCifar10({
      dir,
      url: `${base}/cifar.tar.gz`,
      md5: md5(archive),
      recordsPerFile: RECORDS,
      onProgress: () => {
        throw new DataError('progress', 'cancelled by the test', '');
      },
    });
    await expectCleanFailure(cancelled, DataError, /cancelled by the test/);
  });

  it('fails with an IoError on HTTP 404 and on a refused connection', async () => {
    await expectCleanFailure(downloadCifar10({ dir, url: `${base}/nothing-here`, recordsPerFile: RECORDS }), IoError, /HTTP 404/);
    const refused = downloadCifar10({ dir, url: 'http://127.0.0.1:1/cifar.tar.gz', recordsPerFile: RECORDS });
    await expectCleanFailure(refused, IoError, /ECONNREFUSED/);
  });

  it('rejects a corrupt archive and one without the expected files, leaving nothing behind', async () => {
    await expectCleanFailure(
      downloadCifar10({ dir, url: `${base}/not-gzip.tar.gz`, md5: md5(notGzip), recordsPerFile: RECORDS }),
      DataError,
      /could not be gunzipped/,
    );
    await expectCleanFailure(
      downloadCifar10({ dir, url: `${base}/wrong-layout.tar.gz`, md5: md5(wrongLayout), recordsPerFile: RECORDS }),
      DataError,
      /data_batch_1\.bin: not found.*does not hold the CIFAR-10 binary release/,
    );
  });

  it('refuses to overwrite an incomplete batches folder', async () => {
    mkdirSync(join(dir, 'cifar-10-batches-bin'), { recursive: true });
    writeFileSync(join(dir, 'cifar-10-batches-bin', 'data_batch_1.bin'), cifarBatch(RECORDS, 0));
    await expect(downloadCifar10({ dir, url: `${base}/cifar.tar.gz`, md5: md5(archive), recordsPerFile: RECORDS })).rejects.toThrow(
      /data_batch_2\.bin: not found.*Remove .*cifar-10-batches-bin/,
    );
  });
});

describe('extractTar', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'lrlab-tar-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('extracts files and folders, skipping links', () => {
    const tar = join(dir, 'a.tar');
    writeFileSync(
      tar,
      makeTar([
        { name: 'top/', type: '5' },
        { name: 'top/a.txt', data: Buffer.from('hello') },
        { name: 'top/link', type: '2' },
        { name: 'top/sub/b.bin', data: new Uint8Array(1000).fill(7) },
      ]),
    );
    expect(extractTar(tar, join(dir, 'out'))).toEqual(['top/a.txt', 'top/sub/b.bin']);
    expect(readdirSync(join(dir, 'out', 'top')).sort()).toEqual(['a.txt', 'sub']);
  });

  it('refuses paths that leave the destination, bad header checksums and truncated archives', () => {
    const tar = join(dir, 'bad.tar');
    writeFileSync(tar, makeTar([{ name: '../escape.txt', data: Buffer.from('x') }]));
    expect(() => extractTar(tar, join(dir, 'out'))).toThrow(/would be written outside the destination/);
    const corrupt = makeTar([{ name: 'a.txt', data: Buffer.from('x') }]);
    corrupt[10] = 0x41;
    writeFileSync(tar, corrupt);
    expect(() => extractTar(tar, join(dir, 'out'))).toThrow(/header checksum/);
    writeFileSync(tar, makeTar([{ name: 'big.bin', data: new Uint8Array(5000) }]).subarray(0, 2048));
    expect(() => extractTar(tar, join(dir, 'out'))).toThrow(DataError);
  });
});
