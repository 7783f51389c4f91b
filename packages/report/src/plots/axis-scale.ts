/**
 * An axis resolved against its data: the domain (given, or fitted to the data: padded and clamped
 * to the valid range on a linear axis, whole decades on a log axis), the ticks, and the map from
 * data values to pixels.
 */
import { ConfigError } from '@lrlab/core';
import type { AxisScale, NonPositivePolicy } from './spec';
import { fittedLinearDomain, linearTicks, logTicks, niceLogDomain, type Ticks } from './ticks';

/** Positions are clamped to ±this many pixels so that extreme values stay finite. */
const PIXEL_LIMIT = 1e6;

/** An axis ready to draw. */
export interface ResolvedAxis {
  /** `[min, max]` in data units. */
  readonly domain: readonly [number, number];
  /** The scale kind. */
  readonly scale: AxisScale;
  /** Tick values and labels inside the domain. */
  readonly ticks: Ticks;
  /**
   * The pixel position of a data value along `[startPixel, endPixel]`, or `undefined` for a gap: a
   * non-finite value, or a value ≤ 0 on a log axis whose policy is `gap` (under `floor` such a
   * value sits at `startPixel`, the axis floor).
   */
  readonly position: (value: number) => number | undefined;
}

/** What {@link resolveAxis} needs: the axis's validated settings and the data along it. */
export interface AxisInput {
  /** The axis's name in error messages: `x` or `y`. */
  readonly field: string;
  /** Linear or log. */
  readonly scale: AxisScale;
  /** A fixed domain, already checked; absent to derive it from `values`. */
  readonly domain: readonly [number, number] | undefined;
  /** The range a fitted domain stays within (when the data do), or `undefined`. */
  readonly bounds: readonly [number, number] | undefined;
  /** Room on each side of a fitted linear domain, as a fraction of the data's span. */
  readonly padding: number;
  /** Where values ≤ 0 go on a log axis. */
  readonly nonPositive: NonPositivePolicy;
  /** Every data value along this axis (non-finite ones are ignored). */
  readonly values: readonly number[];
}

/**
 * A fitted domain cut back to the valid range, e.g. padding above 100% dropped; left as it is when
 * the data themselves reach past the bounds (a mislabelled axis should still show every value).
 */
function clampDomain(domain: readonly [number, number], data: readonly [number, number], bounds: readonly [number, number] | undefined): readonly [number, number] {
  if (!bounds || data[0] < bounds[0] || data[1] > bounds[1]) return domain;
  const [lo, hi] = [Math.max(domain[0], bounds[0]), Math.min(domain[1], bounds[1])];
  return lo < hi ? [lo, hi] : domain;
}

/**
 * Resolves an axis for a pixel range.
 *
 * @param input - scale, optional fixed domain, bounds and padding, policy for values ≤ 0, the data
 * @param startPixel - the pixel of the domain's lower end (the bottom of a y axis)
 * @param endPixel - the pixel of the domain's upper end
 * @param tickCount - about how many tick intervals fit
 * @returns the resolved axis
 */
export function resolveAxis(input: AxisInput, startPixel: number, endPixel: number, tickCount: number): ResolvedAxis {
  const log = input.scale === 'log';
  const usable = input.values.filter((v) => Number.isFinite(v) && (!log || v > 0));
  let domain: readonly [number, number];
  if (input.domain) domain = input.domain;
  else if (usable.length === 0) domain = log ? [1, 10] : [0, 1];
  else {
    const min = usable.reduce((a, b) => Math.min(a, b));
    const max = usable.reduce((a, b) => Math.max(a, b));
    if (!Number.isFinite(max - min)) {
      throw new ConfigError(`${input.field} values`, [min, max], 'a range whose width is a finite number', `Give ${input.field}.domain explicitly.`);
    }
    domain = log ? niceLogDomain(min, max) : fittedLinearDomain(min, max, input.padding);
    // Values ≤ 0 drawn at the floor get a decade of their own, so they never coincide with the smallest positive value.
    const floored = log && input.nonPositive === 'floor' && input.values.some((v) => v <= 0);
    if (floored) domain = [Number(`1e${Math.round(Math.log10(domain[0])) - 1}`), domain[1]];
    domain = clampDomain(domain, [min, max], input.bounds);
  }
  const [lo, hi] = domain;
  // Log labels are short and evenly spaced, so an axis has room for twice as many of them.
  const ticks = log ? logTicks(lo, hi, Math.max(2, 2 * tickCount)) : linearTicks(lo, hi, tickCount);
  const transform = log ? Math.log10 : (v: number) => v;
  const [t0, t1] = [transform(lo), transform(hi)];
  const position = (value: number): number | undefined => {
    if (!Number.isFinite(value)) return undefined;
    if (log && value <= 0) return input.nonPositive === 'floor' ? startPixel : undefined;
    const pixel = startPixel + ((transform(value) - t0) / (t1 - t0)) * (endPixel - startPixel);
    // Values far outside a fixed domain may overflow; clamping keeps them finite (the clip path hides them).
    return Math.max(-PIXEL_LIMIT, Math.min(PIXEL_LIMIT, pixel));
  };
  return { domain, scale: input.scale, ticks, position };
}
