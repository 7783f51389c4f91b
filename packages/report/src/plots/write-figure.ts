import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, IoError } from '@lrlab/core';
import { svgToPng } from './png';

/** Writes a file's bytes; the report generator passes its atomic writer. */
export type WriteBytes = (path: string, bytes: Uint8Array) => void;

/** Options of {@link writeFigure}. */
export interface WriteFigureOptions {
  /** PNG pixels per SVG unit; default 1. */
  readonly scale?: number;
  /** How to write each file; default: create the folder if needed, then `fs.writeFileSync`. */
  readonly write?: WriteBytes;
}

/** The two files {@link writeFigure} wrote. */
export interface FigurePaths {
  /** `<folder>/<name>.svg` */
  readonly svg: string;
  /** `<folder>/<name>.png` */
  readonly png: string;
}

/** Plain `writeFileSync`, creating the folder first, with failures as {@link IoError}. */
function writeFileCreatingFolder(path: string, bytes: Uint8Array): void {
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, bytes);
  } catch (cause) {
    throw new IoError('write', path, 'Check that the folder is writable and the disk is not full.', { cause });
  }
}

/**
 * Writes a figure as `<name>.svg` and `<name>.png` side by side in a folder.
 *
 * @param folder - where the files go (created if missing by the default writer)
 * @param name - the file name without extension, e.g. `accuracy-by-group`; no path separators
 * @param svg - the figure, from {@link renderLineChart} or {@link renderChartGrid}
 * @param options - PNG scale and an optional writer
 * @returns the paths written
 * @throws ConfigError for an unusable name or scale; IoError when the default writer fails
 * @example
 * ```ts
 * writeFigure('runs/patched-fmnist/plots', 'clean-accuracy', renderLineChart(spec), { scale: 2 });
 * ```
 */
export function writeFigure(folder: string, name: string, svg: string, options: WriteFigureOptions = {}): FigurePaths {
  if (typeof name !== 'string' || !/^[^/\\\0]+$/.test(name) || name === '.' || name === '..') {
    throw new ConfigError('name', name, 'a file name without extension or path separators, e.g. "clean-accuracy"');
  }
  const write = options.write ?? writeFileCreatingFolder;
  const paths = { svg: join(folder, `${name}.svg`), png: join(folder, `${name}.png`) };
  const png = svgToPng(svg, { scale: options.scale });
  write(paths.svg, Buffer.from(svg, 'utf8'));
  write(paths.png, png);
  return paths;
}
