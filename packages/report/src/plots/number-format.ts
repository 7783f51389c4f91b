/**
 * Numbers as SVG text. Coordinates are printed with two decimals (trailing zeros dropped), so the
 * same spec always gives byte-identical output and no `NaN` or exponent ever reaches the file.
 */

/** Coordinates are clamped to ±this many pixels; the plot's clip path hides anything that far out. */
const MAX_COORDINATE = 1e6;

function trimZeros(text: string): string {
  const trimmed = text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  return trimmed === '-0' ? '0' : trimmed;
}

/**
 * A pixel coordinate or length as SVG text: two decimals, trailing zeros dropped, `-0` as `0`.
 *
 * @param value - a finite number (a non-finite one is a bug in the caller and throws)
 * @returns e.g. `12.5`, `300`, `-0.25`
 */
export function formatCoordinate(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`plots: a non-finite coordinate (${value}) reached the SVG writer`);
  return trimZeros(Math.max(-MAX_COORDINATE, Math.min(MAX_COORDINATE, value)).toFixed(2));
}

/**
 * A tick label on a linear axis, with just enough decimals to tell neighbouring ticks apart:
 * fixed notation normally, exponent notation for very large values or very fine steps.
 *
 * @param value - the tick value
 * @param step - the distance between neighbouring ticks (> 0)
 * @returns e.g. `0.25`, `60`, `1.5e+6`, `2e-5`
 */
export function formatLinearTick(value: number, step: number): string {
  const stepExponent = Math.floor(Math.log10(step));
  const largest = Math.max(Math.abs(value), step);
  if (largest >= 1e6 || stepExponent < -4) {
    if (value === 0) return '0';
    const digits = Math.max(0, Math.floor(Math.log10(Math.abs(value))) - stepExponent);
    const [mantissa, exponent] = value.toExponential(Math.min(digits, 20)).split('e');
    return `${trimZeros(mantissa!)}e${exponent}`;
  }
  return trimZeros(value.toFixed(Math.max(0, -stepExponent)));
}

/**
 * The labels of log-axis ticks at 10^exponent. One style per axis: plain decimals when every
 * exponent lies in -3 … 3, otherwise `1eK` for every tick but 1 (so `1e-6` never sits next to `0.01`).
 *
 * @param exponents - the integer powers of ten, in increasing order
 * @returns e.g. `['0.01', '0.1', '1', '10']`, or `['1e-6', '1e-4', '1e-2', '1']`
 */
export function formatLogTicks(exponents: readonly number[]): string[] {
  const plain = exponents.every((k) => k >= -3 && k <= 3);
  return exponents.map((k) => (plain ? String(Number(`1e${k}`)) : k === 0 ? '1' : `1e${k}`));
}
