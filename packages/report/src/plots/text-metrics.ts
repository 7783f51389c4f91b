/**
 * Text sizes for layout. The SVG has no way to measure text, so widths are estimated from the
 * character count: DejaVu Sans's digits and lower-case letters are about 0.55–0.64 em wide, and
 * using the upper end errs on the side of more room.
 */

/** Font sizes in pixels. */
export const FONT_SIZE = { title: 14, axisLabel: 12, tick: 11, legend: 11, annotation: 11 } as const;

/** The estimated advance of one character, as a fraction of the font size. */
const CHAR_WIDTH_EM = 0.64;

/**
 * The estimated width of a line of text.
 *
 * @param text - the text
 * @param fontSize - its font size in pixels
 * @returns its width in pixels
 */
export function textWidth(text: string, fontSize: number): number {
  return [...text].length * CHAR_WIDTH_EM * fontSize;
}

/**
 * Shortens text to fit a width, ending it with `…` when it was cut.
 *
 * @param text - the text
 * @param fontSize - its font size in pixels
 * @param maxWidth - the room available in pixels
 * @returns the text, or as much of it as fits followed by `…`
 */
export function fitText(text: string, fontSize: number, maxWidth: number): string {
  const chars = [...text];
  const fits = Math.floor(maxWidth / (CHAR_WIDTH_EM * fontSize));
  return chars.length <= fits ? text : `${chars.slice(0, Math.max(0, fits - 1)).join('')}…`;
}

/** A rectangle in pixels: `left < right`, `top < bottom` (y grows downwards). */
export interface Box {
  /** Left edge. */
  readonly left: number;
  /** Top edge. */
  readonly top: number;
  /** Right edge. */
  readonly right: number;
  /** Bottom edge. */
  readonly bottom: number;
}

/** How a text's x relates to it, as SVG's `text-anchor`. */
export type TextAnchor = 'start' | 'middle' | 'end';

/**
 * The estimated box a line of text covers: DejaVu Sans rises about 0.76 em above the baseline and
 * descends about 0.24 em below it; the width is {@link textWidth}'s (which errs on the wide side).
 *
 * @param text - the text
 * @param fontSize - its font size in pixels
 * @param x - its anchor's x
 * @param baseline - its baseline's y
 * @param anchor - where `x` is on the text
 * @returns the box
 */
export function textBox(text: string, fontSize: number, x: number, baseline: number, anchor: TextAnchor): Box {
  const width = textWidth(text, fontSize);
  const left = anchor === 'start' ? x : anchor === 'middle' ? x - width / 2 : x - width;
  return { left, top: baseline - 0.8 * fontSize, right: left + width, bottom: baseline + 0.25 * fontSize };
}
