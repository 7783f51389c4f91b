import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { IoError, PATCH_GROUPS } from '@lrlab/core';
import { createDataset, createPatchMixture, crc32, encodePng, renderPreviewGrid, trainStream, writePreviewGrid } from '../src';
import { GLYPH, bitmapTextWidth, drawBitmapText } from '../src/preview/font';
import { randomImages } from './helpers/images';

/** Splits a PNG into chunks, checking the signature and every CRC. */
function readPng(png: Buffer): { width: number; height: number; bitDepth: number; colourType: number; raw: Buffer } {
  expect(Array.from(png.subarray(0, 8))).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  const idat: Buffer[] = [];
  let header: Buffer | undefined;
  const types: string[] = [];
  while (at < png.length) {
    const length = png.readUInt32BE(at);
    const type = png.toString('ascii', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    expect(png.readUInt32BE(at + 8 + length)).toBe(crc32(png.subarray(at + 4, at + 8 + length)));
    types.push(type);
    if (type === 'IHDR') header = data;
    if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
  return { width: header!.readUInt32BE(0), height: header!.readUInt32BE(4), bitDepth: header![8]!, colourType: header![9]!, raw: inflateSync(Buffer.concat(idat)) };
}

/** Removes the per-row filter byte (always 0 here). */
function unfilter(raw: Buffer, width: number, height: number, channels: number): Uint8Array {
  const stride = width * channels;
  const out = new Uint8Array(height * stride);
  for (let r = 0; r < height; r++) {
    expect(raw[r * (stride + 1)]).toBe(0);
    out.set(raw.subarray(r * (stride + 1) + 1, (r + 1) * (stride + 1)), r * stride);
  }
  return out;
}

describe('encodePng', () => {
  it('matches the standard CRC-32 check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('writes a PNG whose IHDR and inflated IDAT give back the pixels, grey and RGB', () => {
    for (const channels of [1, 3] as const) {
      const pixels = Uint8Array.from({ length: 5 * 3 * channels }, (_, i) => (i * 37) % 256);
      const png = readPng(encodePng(pixels, 5, 3, channels));
      expect([png.width, png.height, png.bitDepth, png.colourType]).toEqual([5, 3, 8, channels === 1 ? 0 : 2]);
      expect(unfilter(png.raw, 5, 3, channels)).toEqual(pixels);
    }
    expect(() => encodePng(new Uint8Array(5), 2, 2, 1)).toThrow(/pixels\.length/);
  });
});

describe('preview grids', () => {
  it('lays out one row per group, de-normalized, and writes it atomically', () => {
    const data = randomImages(60, [32, 32, 3]);
    const mixture = createPatchMixture({ exampleShape: [32, 32, 3], numClasses: 10, seed: 1 });
    const batch = trainStream(data, { batchSize: 60, seed: 2, transforms: [mixture.transform('train', 60)] }).batch(0, 0);
    const normalization = { mean: [0.5, 0.4, 0.3], std: [0.25, 0.2, 0.2] };
    const dir = mkdtempSync(join(tmpdir(), 'lrlab-png-'));
    try {
      const file = join(dir, 'preview.png');
      const grid = writePreviewGrid(file, batch, { normalization, perGroup: 4, scale: 1, gap: 1 });
      expect(grid.rows.map((r) => r.group)).toEqual(PATCH_GROUPS);
      // A column for the group names ('image+patch' is the longest: 11 glyphs at 1 px per font pixel, 3 px padding each side).
      expect(grid.labelWidth).toBe(11 * 6 - 1 + 2 * 3);
      expect(grid.rowHeight).toBe(32);
      expect([grid.width, grid.height]).toEqual([grid.labelWidth + 4 * 32 + 5, 3 * 32 + 4]);
      const png = readPng(readFileSync(file));
      expect([png.width, png.height]).toEqual([grid.width, grid.height]);
      const pixels = unfilter(png.raw, grid.width, grid.height, 3);
      expect(pixels).toEqual(grid.pixels);
      // Tile (row 1, column 0): the first image+patch example, de-normalized pixel by pixel.
      const k = grid.rows[1]!.indices[0]!;
      expect(PATCH_GROUPS[batch.groups[k]!]).toBe('image+patch');
      for (const [y, x, c] of [[0, 0, 0], [15, 15, 1], [31, 2, 2]] as const) {
        const value = batch.features[k * 3072 + (y * 32 + x) * 3 + c]!;
        const want = Math.min(255, Math.max(0, Math.round((value * normalization.std[c]! + normalization.mean[c]!) * 255)));
        expect(pixels[((1 + 32 + 1 + y) * grid.width + grid.labelWidth + 1 + x) * 3 + c]).toBe(want);
      }
      expect(readdirSync(dir)).toEqual(['preview.png']); // no temporary file left
      expect(() => writePreviewGrid(join(dir, 'missing', 'x.png'), batch)).toThrow(IoError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('renders grey datasets, upscaled, and rejects non-images and unknown groups', () => {
    const grey = createDataset({
      name: 'g',
      features: Float32Array.from({ length: 2 * 4 }, (_, i) => i / 8),
      exampleShape: [2, 2, 1],
      labels: Int32Array.of(0, 1),
      numClasses: 2,
    });
    const grid = renderPreviewGrid(grey, { perGroup: 2, scale: 2, gap: 0, labels: false });
    expect([grid.width, grid.height, grid.channels, grid.labelWidth]).toEqual([8, 4, 1, 0]);
    expect(Array.from(grid.pixels.subarray(0, 8))).toEqual([0, 0, 32, 32, 128, 128, 159, 159]);
    // With its label the row grows to the glyphs' height; the tiles keep their pixels, moved right.
    const labelled = renderPreviewGrid(grey, { perGroup: 2, scale: 2, gap: 0 });
    expect([labelled.width, labelled.height, labelled.rowHeight]).toEqual([labelled.labelWidth + 8, GLYPH.height, GLYPH.height]);
    expect(Array.from(labelled.pixels.subarray(labelled.labelWidth, labelled.labelWidth + 8))).toEqual([0, 0, 32, 32, 128, 128, 159, 159]);
    expect(() => renderPreviewGrid(grey, { labels: 'yes' as never })).toThrow(/labels: expected true or false/);
    const flat = createDataset({ name: 'f', features: new Float32Array(3), exampleShape: [3], labels: new Int32Array(1), numClasses: 1 });
    expect(() => renderPreviewGrid(flat)).toThrow(/images of shape/);
    expect(() => renderPreviewGrid(grey, { groups: ['patch-only'] })).toThrow(/groups\[0\]/);
  });

  it("writes each row's group name left of its tiles, in the built-in bitmap font", () => {
    const data = randomImages(60, [28, 28, 1]);
    const mixture = createPatchMixture({ exampleShape: [28, 28, 1], numClasses: 10, seed: 1 });
    const batch = trainStream(data, { batchSize: 60, seed: 2, transforms: [mixture.transform('train', 60)] }).batch(0, 0);
    const grid = renderPreviewGrid(batch, { perGroup: 3, scale: 2, gap: 2 });
    const scale = 2; // one font pixel per 24 pixels of tile height (56 here)
    const pad = 3 * scale;
    expect(grid.labelWidth).toBe(bitmapTextWidth('image+patch', scale) + 2 * pad);
    expect(grid.rowHeight).toBe(56);
    const at = (x: number, y: number): number => grid.pixels[y * grid.width + x]!;
    grid.rows.forEach((row, r) => {
      const top = 2 + r * (grid.rowHeight + 2);
      // The label's ink, black on the white column: every row has some, in one run of columns per character.
      const inkColumns = Array.from({ length: grid.labelWidth }, (_, x) => Array.from({ length: grid.rowHeight }, (_, y) => at(x, top + y)).some((v) => v === 0));
      const runs = inkColumns.filter((ink, x) => ink && !inkColumns[x - 1]).length;
      expect({ group: row.group, runs }).toEqual({ group: row.group, runs: row.group.length });
      expect(inkColumns.indexOf(true)).toBeGreaterThanOrEqual(pad);
      expect(inkColumns.lastIndexOf(true)).toBeLessThan(grid.labelWidth - pad);
      // Exactly the font's glyphs: the same text drawn alone gives the same pixels.
      const textTop = top + Math.floor((grid.rowHeight - GLYPH.height * scale) / 2);
      const alone = new Uint8Array(grid.labelWidth * grid.rowHeight).fill(255);
      drawBitmapText(alone, [grid.labelWidth, grid.rowHeight, 1], row.group, [pad, textTop - top], scale, 0);
      const column = Array.from({ length: grid.rowHeight }, (_, y) => Array.from(grid.pixels.subarray((top + y) * grid.width, (top + y) * grid.width + grid.labelWidth))).flat();
      expect(column).toEqual(Array.from(alone));
    });
    // An 'l' is a 1-pixel-wide stem with a foot, at the font's scale: two font pixels high per row of the glyph.
    const l = new Uint8Array(6 * 8 * 4).fill(255);
    drawBitmapText(l, [12, 16, 1], 'l', [0, 0], 2, 0);
    const rows = Array.from({ length: 16 }, (_, y) => Array.from(l.subarray(y * 12, y * 12 + 10), (v) => (v === 0 ? '#' : '.')).join(''));
    expect(rows.filter((_, y) => y % 2 === 0)).toEqual(['..####....', '....##....', '....##....', '....##....', '....##....', '....##....', '..######..', '..........']);
  });
});
