import { ConfigError, checkNumber } from '@lrlab/core';
import { Resvg } from '@resvg/resvg-js';
import { PLOT_FONT_FAMILY } from './svg-document';

/** Options of {@link svgToPng}. */
export interface PngOptions {
  /** Pixels per SVG unit: 2 gives a PNG twice as wide and tall (for print); default 1, at most 16. */
  readonly scale?: number;
}

/** The bundled DejaVu Sans files, resolved on first use so that importing this module costs nothing. */
function fontFiles(): string[] {
  return [require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf'), require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')];
}

/**
 * Rasterises an SVG to PNG with resvg, headless and without a browser. Text is set in the DejaVu
 * Sans files shipped with the `dejavu-fonts-ttf` package and system fonts are never loaded, so the
 * same SVG gives the same PNG on every machine.
 *
 * @param svg - an SVG document, e.g. from {@link renderLineChart}
 * @param options - the scale (default 1)
 * @returns the PNG file's bytes
 * @throws ConfigError when the scale is not in (0, 16] or the SVG cannot be parsed
 * @example
 * ```ts
 * const png = svgToPng(renderLineChart(spec), { scale: 2 });
 * ```
 */
export function svgToPng(svg: string, options: PngOptions = {}): Buffer {
  const scale = options.scale === undefined ? 1 : checkNumber('scale', options.scale, { min: 0, minExclusive: true, max: 16 });
  let renderer: Resvg;
  try {
    renderer = new Resvg(svg, {
      font: { fontFiles: fontFiles(), loadSystemFonts: false, defaultFontFamily: PLOT_FONT_FAMILY },
      fitTo: { mode: 'zoom', value: scale },
      logLevel: 'off',
    });
  } catch (cause) {
    throw new ConfigError('svg', svg, 'a well-formed SVG document', 'Pass the text returned by renderLineChart or renderChartGrid.', { cause });
  }
  return renderer.render().asPng();
}
