/** Writes POSIX ustar archives for tests (the package only reads them). */

export interface TarEntry {
  readonly name: string;
  readonly data?: Uint8Array;
  /** '0' file (default), '5' folder, '2' symlink. */
  readonly type?: string;
}

function header(name: string, size: number, type: string): Uint8Array {
  const block = new Uint8Array(512);
  const put = (text: string, offset: number): void => block.set(Buffer.from(text, 'ascii'), offset);
  put(name, 0);
  put('0000644\0', 100);
  put('0000000\0', 108);
  put('0000000\0', 116);
  put(`${size.toString(8).padStart(11, '0')}\0`, 124);
  put('00000000000\0', 136);
  put('        ', 148);
  put(type, 156);
  put('ustar\0', 257);
  put('00', 263);
  let sum = 0;
  for (const b of block) sum += b;
  put(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
  return block;
}

export function makeTar(entries: readonly TarEntry[]): Buffer {
  const parts: Uint8Array[] = [];
  for (const entry of entries) {
    const data = entry.data ?? new Uint8Array(0);
    parts.push(header(entry.name, data.length, entry.type ?? '0'));
    parts.push(data);
    parts.push(new Uint8Array((512 - (data.length % 512)) % 512));
  }
  parts.push(new Uint8Array(1024));
  return Buffer.concat(parts);
}
