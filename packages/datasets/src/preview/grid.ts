/**
 * A PNG grid of examples, one row per group (e.g. `clean`, `image+patch`, `patch-only`), to look at
 * what a model is trained on. Values are de-normalized for display and clamped to [0, 255]; each
 * row's group name is written left of it in a small built-in bitmap font, so the PNG explains itself.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { ConfigError, IoError, checkInteger, type GroupTag, type HostBatch } from '@lrlab/core';
import { checkBoolean, checkString, objectOf, optionsOf } from '../checks';
import type { LabeledDataset } from '../dataset';
import { checkNormalization, denormalizeToBytes, UNIT_SCALE, type NormalizationStats } from '../transforms/normalize';
import { GLYPH, bitmapTextWidth, drawBitmapText } from './font';
import { encodePng } from './png';

/** Examples to preview: a host batch or a dataset (image-shaped). */
export type PreviewSource = HostBatch | LabeledDataset;

/** Options of {@link renderPreviewGrid} and {@link writePreviewGrid}. */
export interface PreviewOptions {
  /** The stats the examples were normalized with; default none (values in [0, 1]). */
  readonly normalization?: NormalizationStats;
  /** Examples per row (per group); default 8. */
  readonly perGroup?: number;
  /** Which groups, in row order; default every group name of the source. */
  readonly groups?: readonly GroupTag[];
  /** Integer upscaling of each pixel; default 2. */
  readonly scale?: number;
  /** Pixels of grey gap between tiles; default 2. */
  readonly gap?: number;
  /** Write each row's group name left of its tiles; default true. */
  readonly labels?: boolean;
}

/** One row of a {@link PreviewGrid}. */
export interface PreviewRow {
  /** The group shown in this row. */
  readonly group: GroupTag;
  /** Source indices of its tiles, left to right (fewer than perGroup when the group is short). */
  readonly indices: readonly number[];
}

/** A rendered grid. */
export interface PreviewGrid {
  /** The PNG file's bytes. */
  readonly png: Buffer;
  /** Width in pixels. */
  readonly width: number;
  /** Height in pixels. */
  readonly height: number;
  /** 1 (grey) or 3 (RGB). */
  readonly channels: 1 | 3;
  /** The raw 8-bit pixels encoded in `png`, row-major. */
  readonly pixels: Uint8Array;
  /** Width of the column of row labels left of the tiles (0 without labels); the first tile column starts at `labelWidth + gap`. */
  readonly labelWidth: number;
  /** Height of a row: its tiles' height, or the label's if that is taller; row `r` starts at `gap + r × (rowHeight + gap)`. */
  readonly rowHeight: number;
  /** The rows, top to bottom. */
  readonly rows: readonly PreviewRow[];
}

const GAP_VALUE = 128;
/** Labels are black on a white column. */
const LABEL_PAPER = 255;
const LABEL_INK = 0;

function shapeOf(source: PreviewSource): { count: number; exampleShape: readonly number[] } {
  const s = objectOf(source, 'source', 'a batch or dataset of images');
  if (!(s['features'] instanceof Float32Array)) throw new ConfigError('source.features', s['features'], 'a Float32Array');
  if (!(s['groups'] instanceof Uint8Array)) throw new ConfigError('source.groups', s['groups'], 'a Uint8Array');
  if (!Array.isArray(s['groupNames'])) throw new ConfigError('source.groupNames', s['groupNames'], 'an array of group names');
  if (!Array.isArray(s['exampleShape'] ?? s['shape'])) throw new ConfigError('source.shape', s['shape'], 'an array of dimensions');
  if ('exampleShape' in source) return { count: source.size, exampleShape: source.exampleShape };
  return { count: source.shape[0] ?? 0, exampleShape: source.shape.slice(1) };
}

/**
 * Renders the first `perGroup` examples of each group as a PNG grid, one row per group, with the
 * group's name left of the row (the font scales with the tiles: one font pixel per 24 pixels of
 * tile height, 1 to 4).
 *
 * @param source - a batch or dataset of images (`[H, W, 1]` or `[H, W, 3]` per example)
 * @param options - normalization, examples per group, groups, scale, gap, labels
 * @returns the PNG bytes, its size and the examples shown
 * @throws ConfigError when the examples are not images or a group is unknown
 */
export function renderPreviewGrid(source: PreviewSource, options: PreviewOptions = {}): PreviewGrid {
  const { count, exampleShape } = shapeOf(source);
  optionsOf('options', options, '{ normalization?, perGroup?, groups?, scale?, gap?, labels? }');
  if (exampleShape.length !== 3 || (exampleShape[2] !== 1 && exampleShape[2] !== 3)) {
    throw new ConfigError('source', exampleShape, 'images of shape [height, width, 1 or 3]');
  }
  const [h, w, channels] = exampleShape as [number, number, 1 | 3];
  const perGroup = checkInteger('perGroup', options.perGroup ?? 8, { min: 1 });
  const scale = checkInteger('scale', options.scale ?? 2, { min: 1, max: 16 });
  const gap = checkInteger('gap', options.gap ?? 2, { min: 0 });
  const labels = options.labels === undefined ? true : checkBoolean('labels', options.labels);
  const stats = checkNormalization('normalization', options.normalization ?? UNIT_SCALE, channels);
  const groups: unknown = options.groups ?? source.groupNames;
  if (!Array.isArray(groups)) throw new ConfigError('groups', groups, `an array of group names (of ${source.groupNames.join(', ')})`);
  const rows = groups.map((group, k): PreviewRow => {
    const g = source.groupNames.indexOf(group);
    if (g < 0) throw new ConfigError(`groups[${k}]`, group, `one of ${source.groupNames.map((n) => JSON.stringify(n)).join(', ')}`);
    const indices: number[] = [];
    for (let i = 0; i < count && indices.length < perGroup; i++) if (source.groups[i] === g) indices.push(i);
    return { group, indices };
  });
  const tileW = w * scale;
  const tileH = h * scale;
  const textScale = Math.min(4, Math.max(1, Math.floor(tileH / 24)));
  const textH = GLYPH.height * textScale;
  const labelPad = 3 * textScale;
  const labelWidth = labels ? rows.reduce((most, row) => Math.max(most, bitmapTextWidth(row.group, textScale)), 0) + 2 * labelPad : 0;
  const rowHeight = labels ? Math.max(tileH, textH) : tileH;
  const width = labelWidth + perGroup * tileW + (perGroup + 1) * gap;
  const height = rows.length * rowHeight + (rows.length + 1) * gap;
  const pixels = new Uint8Array(width * height * channels).fill(GAP_VALUE);
  for (let y = 0; y < height && labelWidth > 0; y++) pixels.fill(LABEL_PAPER, y * width * channels, (y * width + labelWidth) * channels);
  const size = h * w * channels;
  rows.forEach((row, r) => {
    const rowTop = gap + r * (rowHeight + gap);
    if (labels) drawBitmapText(pixels, [width, height, channels], row.group, [labelPad, rowTop + Math.floor((rowHeight - textH) / 2)], textScale, LABEL_INK);
    row.indices.forEach((index, col) => {
      const tile = denormalizeToBytes(source.features.subarray(index * size, (index + 1) * size), channels, stats);
      const left = labelWidth + gap + col * (tileW + gap);
      for (let y = 0; y < tileH; y++) {
        for (let x = 0; x < tileW; x++) {
          const src = ((Math.floor(y / scale) * w) + Math.floor(x / scale)) * channels;
          const dst = ((rowTop + y) * width + left + x) * channels;
          for (let c = 0; c < channels; c++) pixels[dst + c] = tile[src + c]!;
        }
      }
    });
  });
  return { png: encodePng(pixels, width, height, channels), width, height, channels, pixels, labelWidth, rowHeight, rows };
}

/**
 * Writes a preview grid (see {@link renderPreviewGrid}) to a PNG file, through a temporary name and
 * a rename so a reader never sees half a file.
 *
 * @param file - where to write, e.g. `runs/patched/preview.png`
 * @param source - a batch or dataset of images
 * @param options - normalization, examples per group, groups, scale, gap, labels
 * @returns the rendered grid
 * @throws IoError when the file cannot be written; ConfigError as {@link renderPreviewGrid}
 * @example
 * ```ts
 * writePreviewGrid('preview.png', stream.batch(0, 0), { normalization: CIFAR10_NORMALIZATION, perGroup: 8 });
 * ```
 */
export function writePreviewGrid(file: string, source: PreviewSource, options: PreviewOptions = {}): PreviewGrid {
  checkString('file', file);
  const grid = renderPreviewGrid(source, options);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, grid.png);
    renameSync(temporary, file);
  } catch (cause) {
    rmSync(temporary, { force: true });
    throw new IoError('write', file, 'Check that the folder exists and is writable.', { cause });
  }
  return grid;
}
