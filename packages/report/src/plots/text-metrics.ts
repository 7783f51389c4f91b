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
