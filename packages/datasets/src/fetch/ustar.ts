/**
 * A small reader for tar archives (POSIX ustar, with the pax `path`/`size` and GNU long-name
 * extensions), enough to unpack a dataset archive without a dependency. Only regular files and
 * folders are extracted; links and devices are skipped; a path that would leave the destination
 * (absolute, or with a `..` part) is refused.
 */
import { closeSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DataError, IoError } from '@lrlab/core';

const BLOCK = 512;
const COPY_CHUNK = 1 << 20;

/** A header's fields that extraction needs. */
interface Header {
  readonly name: string;
  readonly size: number;
  readonly type: string;
}

function text(block: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && block[end] !== 0) end++;
  return Buffer.from(block.subarray(start, end)).toString('utf8');
}

function octal(block: Uint8Array, start: number, length: number, archive: string): number {
  if ((block[start]! & 0x80) !== 0) {
    // GNU base-256 for sizes of 8 GiB and more.
    let value = block[start]! & 0x7f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i]!;
    return value;
  }
  const digits = text(block, start, length).trim();
  if (!/^[0-7]*$/.test(digits)) throw corrupt(archive, `a header field holds ${JSON.stringify(digits)}, not an octal number`);
  return digits === '' ? 0 : parseInt(digits, 8);
}

function corrupt(archive: string, problem: string): DataError {
  return new DataError(archive, `is not a valid tar archive: ${problem}.`, 'Download the archive again; it is corrupt or truncated.');
}

function parseHeader(block: Uint8Array, archive: string): Header {
  const stored = octal(block, 148, 8, archive);
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
  if (sum !== stored) throw corrupt(archive, `header checksum ${stored} does not match the computed ${sum}`);
  const name = text(block, 0, 100);
  const prefix = text(block, 257, 6).startsWith('ustar') ? text(block, 345, 155) : '';
  return {
    name: prefix ? `${prefix}/${name}` : name,
    size: octal(block, 124, 12, archive),
    type: String.fromCharCode(block[156]! || 0x30),
  };
}

/** pax records: "<length> <key>=<value>\n" repeated. */
function parsePax(data: Uint8Array): Map<string, string> {
  const records = new Map<string, string>();
  const body = Buffer.from(data).toString('utf8');
  let at = 0;
  while (at < body.length) {
    const space = body.indexOf(' ', at);
    const length = parseInt(body.slice(at, space), 10);
    if (!(length > 0)) break;
    const record = body.slice(space + 1, at + length - 1);
    const eq = record.indexOf('=');
    if (eq > 0) records.set(record.slice(0, eq), record.slice(eq + 1));
    at += length;
  }
  return records;
}

function safePath(name: string, archive: string): string {
  const parts = name.split('/').filter((p) => p !== '' && p !== '.');
  if (name.startsWith('/') || parts.includes('..')) {
    throw corrupt(archive, `entry ${JSON.stringify(name)} would be written outside the destination`);
  }
  return parts.join('/');
}

/**
 * Extracts a tar archive into a folder.
 *
 * @param archive - the .tar file (not gzipped)
 * @param destination - the folder to extract into (created if needed)
 * @returns the relative paths of the files written
 * @throws DataError for a corrupt or truncated archive or an unsafe path; IoError when writing fails
 */
export function extractTar(archive: string, destination: string): string[] {
  const written: string[] = [];
  let fd: number;
  try {
    fd = openSync(archive, 'r');
  } catch (cause) {
    throw new IoError('read', archive, 'Check that the file exists and is readable.', { cause });
  }
  const block = new Uint8Array(BLOCK);
  let position = 0;
  const readExactly = (buffer: Uint8Array, length: number, what: string): void => {
    let done = 0;
    while (done < length) {
      const n = readSync(fd, buffer, done, length - done, position + done);
      if (n === 0) throw corrupt(archive, `it ends inside ${what} at byte ${position + done}`);
      done += n;
    }
    position += length;
  };
  const padding = (size: number): number => (BLOCK - (size % BLOCK)) % BLOCK;
  try {
    let nextName: string | undefined;
    let nextSize: number | undefined;
    for (;;) {
      const n = readSync(fd, block, 0, BLOCK, position);
      if (n === 0) break; // an archive may end without its two zero blocks
      if (n < BLOCK) throw corrupt(archive, `it ends inside a header at byte ${position + n}`);
      position += BLOCK;
      if (block.every((b) => b === 0)) break;
      const header = parseHeader(block, archive);
      const size = nextSize ?? header.size;
      const name = nextName ?? header.name;
      nextName = undefined;
      nextSize = undefined;
      if (header.type === 'x' || header.type === 'L' || header.type === 'g') {
        const data = new Uint8Array(header.size);
        readExactly(data, header.size, `the ${header.type} extension of ${JSON.stringify(header.name)}`);
        position += padding(header.size);
        if (header.type === 'L') nextName = text(data, 0, data.length);
        if (header.type === 'x') {
          const pax = parsePax(data);
          nextName = pax.get('path');
          const paxSize = pax.get('size');
          nextSize = paxSize === undefined ? undefined : Number(paxSize);
        }
        continue;
      }
      const relative = safePath(name, archive);
      if (header.type === '5') {
        if (relative) mkdirSync(join(destination, relative), { recursive: true });
      } else if (header.type === '0' || header.type === '7') {
        const target = join(destination, relative);
        mkdirSync(dirname(target), { recursive: true });
        copyOut(fd, position, size, target, archive);
        written.push(relative);
      }
      // Other types (links, devices, fifos) carry no data blocks worth keeping.
      position += size + padding(size);
    }
  } catch (error) {
    if (error instanceof DataError || error instanceof IoError) throw error;
    throw new IoError('extract', archive, 'Check free disk space and permissions.', { cause: error });
  } finally {
    closeSync(fd);
  }
  return written;
}

function copyOut(fd: number, start: number, size: number, target: string, archive: string): void {
  const out = openSync(target, 'w');
  try {
    const buffer = new Uint8Array(Math.min(COPY_CHUNK, Math.max(size, 1)));
    let done = 0;
    while (done < size) {
      const n = readSync(fd, buffer, 0, Math.min(buffer.length, size - done), start + done);
      if (n === 0) throw corrupt(archive, `it ends inside ${JSON.stringify(target)} (${done} of ${size} bytes)`);
      writeSync(out, buffer, 0, n);
      done += n;
    }
  } finally {
    closeSync(out);
  }
}
