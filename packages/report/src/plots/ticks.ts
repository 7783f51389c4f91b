/**
 * Tick positions: "nice" steps (1, 2 or 5 times a power of ten) on linear axes, powers of ten on
 * log axes; linear domains fitted to the data, log domains widened to whole decades.
 */
import { formatLinearTick, formatLogTicks } from './number-format';

/** Tick values with their labels, in increasing order. */
export interface Ticks {
  /** The tick values in data units. */
  readonly values: readonly number[];
  /** One label per value. */
  readonly labels: readonly string[];
}

/**
 * The nice step for splitting `span` into about `count` intervals: 1, 2 or 5 times a power of ten,
 * built from its decimal text so that e.g. 0.1 is the double nearest 0.1, not 1 × 10^-1 rounded twice.
 *
 * @param span - the length of the range (> 0)
 * @param count - the wanted number of intervals (≥ 1)
 * @returns the step
 */
function niceStep(span: number, count: number): number {
  const raw = span / count;
  let exponent = Math.floor(Math.log10(raw));
  const normalised = raw / 10 ** exponent;
  let mantissa = normalised < 1.5 ? 1 : normalised < 3 ? 2 : normalised < 7 ? 5 : 10;
  if (mantissa === 10) {
    mantissa = 1;
    exponent += 1;
  }
  return Number(`${mantissa}e${exponent}`);
}

function decimalsOf(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step)));
}

/** Multiples of `step` from `first` to `last` (inclusive), rounded to the step's decimals. */
function multiples(first: number, last: number, step: number): number[] {
  const decimals = Math.min(decimalsOf(step), 100);
  const values: number[] = [];
  for (let k = first; k <= last; k++) values.push(Number((k * step).toFixed(decimals)));
  return values;
}

/**
 * A linear domain fitted to a data range: widened by `padding` times its span on each side, not
 * rounded out to ticks (an axis ends where its data end, plus the padding). A range of a single
 * value is widened by 10% of it (or by 1 around 0) instead.
 *
 * @param min - smallest data value (finite)
 * @param max - largest data value (finite, ≥ min)
 * @param padding - the room on each side, as a fraction of `max - min` (≥ 0)
 * @returns `[lower, upper]`, lower < upper
 * @example
 * ```ts
 * fittedLinearDomain(0, 260, 0); // [0, 260]
 * fittedLinearDomain(80, 90, 0.05); // [79.5, 90.5]
 * ```
 */
export function fittedLinearDomain(min: number, max: number, padding: number): [number, number] {
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.1;
    return [min - pad, max + pad];
  }
  const pad = (max - min) * padding;
  return [min - pad, max + pad];
}

/**
 * Ticks at the multiples of a nice step inside `[min, max]`.
 *
 * @param min - the axis's lower end
 * @param max - the axis's upper end (> min)
 * @param count - about how many intervals to aim for
 * @returns the tick values and labels
 * @example
 * ```ts
 * linearTicks(0, 60, 6).values; // [0, 10, 20, 30, 40, 50, 60]
 * ```
 */
export function linearTicks(min: number, max: number, count: number): Ticks {
  const step = niceStep(max - min, count);
  // The tolerance keeps an end that is a multiple up to rounding (0.30000000000000004) as a tick.
  const slack = step * 1e-9;
  const values = multiples(Math.ceil((min - slack) / step), Math.floor((max + slack) / step), step);
  return { values, labels: values.map((v) => formatLinearTick(v, step)) };
}

/**
 * A positive data range widened outwards to whole decades.
 *
 * @param min - smallest positive data value
 * @param max - largest data value (≥ min)
 * @returns `[10^floor(log10 min), 10^ceil(log10 max)]`, one decade wide at least
 */
export function niceLogDomain(min: number, max: number): [number, number] {
  // Exponents stay within ±300 so that the ends remain normal, non-zero doubles.
  const lo = Math.max(-300, Math.min(299, Math.floor(Math.log10(min))));
  const hi = Math.max(lo + 1, Math.min(300, Math.ceil(Math.log10(max))));
  return [Number(`1e${lo}`), Number(`1e${hi}`)];
}

/**
 * Ticks at the powers of ten inside `[min, max]`; when there are more than `maxCount` decades,
 * only every k-th power (those whose exponent is a multiple of k) is kept.
 *
 * @param min - the axis's lower end (> 0)
 * @param max - the axis's upper end (> min)
 * @param maxCount - the most ticks wanted (≥ 2)
 * @returns the tick values (exact powers of ten) and labels
 * @example
 * ```ts
 * logTicks(1e-6, 1, 8).labels; // ['1e-6', '1e-5', '1e-4', '1e-3', '1e-2', '1e-1', '1']
 * ```
 */
export function logTicks(min: number, max: number, maxCount: number): Ticks {
  // The tolerance keeps an end that is a power of ten up to rounding.
  const first = Math.ceil(Math.log10(min) - 1e-9);
  const last = Math.floor(Math.log10(max) + 1e-9);
  const stride = Math.max(1, Math.ceil((last - first + 1) / maxCount));
  const exponents: number[] = [];
  for (let k = first; k <= last; k++) if (k % stride === 0) exponents.push(k);
  return { values: exponents.map((k) => Number(`1e${k}`)), labels: formatLogTicks(exponents) };
}
