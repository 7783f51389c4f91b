/**
 * A minimal PNG encoder (8-bit greyscale or RGB, no interlace, filter 0 on every row), using
 * `zlib.deflateSync` and a table-driven CRC-32, so previews need no dependency.
 */
import { deflateSync } from 'node:zlib';
import { ConfigError } from '@lrlab/core';

const SIGNATURE = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * The CRC-32 of bytes (ISO 3309, as PNG and gzip use).
 *
 * @param bytes - the data
 * @returns the checksum as an unsigned 32-bit integer
 */
export function crc32(bytes: Uint8Array): number {
  if (!(bytes instanceof Uint8Array)) throw new ConfigError('bytes', bytes, 'a Uint8Array');
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'ascii');
  out.set(data, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

/**
 * Encodes 8-bit pixels as a PNG file.
 *
 * @param pixels - row-major, `channels` interleaved, `width × height × channels` bytes
 * @param width - image width in pixels
 * @param height - image height in pixels
 * @param channels - 1 (greyscale) or 3 (RGB)
 * @returns the PNG file's bytes
 * @throws ConfigError for a bad size or channel count
 */
export function encodePng(pixels: Uint8Array, width: number, height: number, channels: 1 | 3): Buffer {
  if (channels !== 1 && channels !== 3) throw new ConfigError('channels', channels, '1 (greyscale) or 3 (RGB)');
  if (!(width > 0 && height > 0 && pixels.length === width * height * channels)) {
    throw new ConfigError('pixels.length', pixels.length, `width × height × channels = ${width} × ${height} × ${channels}`);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = channels === 1 ? 0 : 2; // colour type: grey or truecolour
  // bytes 10..12: compression 0, filter method 0, no interlace
  const stride = width * channels;
  const raw = new Uint8Array(height * (stride + 1));
  for (let r = 0; r < height; r++) raw.set(pixels.subarray(r * stride, (r + 1) * stride), r * (stride + 1) + 1);
  return Buffer.concat([Buffer.from(SIGNATURE), chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', new Uint8Array(0))]);
}
