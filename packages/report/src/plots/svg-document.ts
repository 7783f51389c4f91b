/**
 * The SVG root around a figure: fixed size, a white background (so the PNG is not transparent),
 * and DejaVu Sans for all text, the font {@link svgToPng} bundles.
 */
import { formatCoordinate as f } from './number-format';
import { element } from './xml';

/** The font family every text element inherits; {@link svgToPng} loads the matching TTF files. */
export const PLOT_FONT_FAMILY = 'DejaVu Sans';

/**
 * Wraps figure content in an `<svg>` document.
 *
 * @param width - figure width in pixels
 * @param height - figure height in pixels
 * @param content - the figure's elements, already serialised
 * @returns the complete SVG text, ending in a newline
 */
export function svgDocument(width: number, height: number, content: readonly string[]): string {
  const root = {
    xmlns: 'http://www.w3.org/2000/svg',
    width: f(width),
    height: f(height),
    viewBox: `0 0 ${f(width)} ${f(height)}`,
    'font-family': PLOT_FONT_FAMILY,
  };
  const background = element('rect', { width: f(width), height: f(height), fill: '#ffffff' });
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element('svg', root, `\n${[background, ...content].join('\n')}\n`)}\n`;
}
