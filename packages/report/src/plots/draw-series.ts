/**
 * Series and bands as SVG geometry. A point whose x or y cannot be placed (non-finite, or ≤ 0 on a
 * log axis set to `gap`) ends the current stretch of line; every stretch of two or more points
 * becomes a subpath of the series' single `<path>`, and a lone point between gaps becomes a dot.
 */
import type { ResolvedAxis } from './axis-scale';
import type { CheckedSeries } from './check-spec';
import { formatCoordinate } from './number-format';
import { element } from './xml';

/** A position in pixels. */
type Pixel = readonly [x: number, y: number];

/** Splits indices 0 … count-1 into runs of consecutive placeable ones; `place` returns undefined for a gap. */
function runs<T>(count: number, place: (i: number) => T | undefined): T[][] {
  const result: T[][] = [];
  let current: T[] = [];
  for (let i = 0; i < count; i++) {
    const placed = place(i);
    if (placed !== undefined) current.push(placed);
    else if (current.length > 0) {
      result.push(current);
      current = [];
    }
  }
  if (current.length > 0) result.push(current);
  return result;
}

function point(x: number | undefined, y: number | undefined): Pixel | undefined {
  return x === undefined || y === undefined ? undefined : [x, y];
}

function polyline(pixels: readonly Pixel[]): string {
  return pixels.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${formatCoordinate(x)} ${formatCoordinate(y)}`).join('');
}

/**
 * The SVG of one series: a `<path class="series">` holding every stretch of two or more points,
 * and a `<circle class="series-point">` for each point that stands alone between gaps.
 *
 * @param series - the checked series
 * @param x - the resolved x axis
 * @param y - the resolved y axis
 * @returns the elements, possibly none (when nothing can be placed)
 */
export function drawSeries(series: CheckedSeries, x: ResolvedAxis, y: ResolvedAxis): string[] {
  const stretches = runs(series.points.length, (i) => {
    const [px, py] = series.points[i]!;
    return point(x.position(px), y.position(py));
  });
  const lines = stretches.filter((s) => s.length >= 2);
  const out: string[] = [];
  if (lines.length > 0) {
    out.push(
      element('path', {
        class: 'series',
        d: lines.map(polyline).join(''),
        fill: 'none',
        stroke: series.color,
        'stroke-width': formatCoordinate(series.lineWidth),
        'stroke-linejoin': 'round',
        'stroke-linecap': 'round',
        'stroke-dasharray': series.dashed ? `${formatCoordinate(series.lineWidth * 3)} ${formatCoordinate(series.lineWidth * 2)}` : undefined,
      }),
    );
  }
  for (const [cx, cy] of stretches.filter((s) => s.length === 1).map((s) => s[0]!)) {
    out.push(element('circle', { class: 'series-point', cx: formatCoordinate(cx), cy: formatCoordinate(cy), r: formatCoordinate(series.lineWidth * 1.25), fill: series.color }));
  }
  return out;
}

/**
 * The SVG of a series' error band: one translucent `<path class="band">` whose closed subpaths
 * cover every stretch of two or more points where x, lower and upper can all be placed.
 *
 * @param series - the checked series (with a band)
 * @param x - the resolved x axis
 * @param y - the resolved y axis
 * @returns the band element, or none
 */
export function drawBand(series: CheckedSeries, x: ResolvedAxis, y: ResolvedAxis): string[] {
  const band = series.band;
  if (!band) return [];
  const stretches = runs(series.points.length, (i) => {
    const px = x.position(series.points[i]![0]);
    const upper = point(px, y.position(band.upper[i]!));
    const lower = point(px, y.position(band.lower[i]!));
    return upper && lower && ([upper, lower] as const);
  }).filter((run) => run.length >= 2);
  if (stretches.length === 0) return [];
  const d = stretches.map((run) => `${polyline([...run.map(([u]) => u), ...run.map(([, l]) => l).reverse()])}Z`).join('');
  return [element('path', { class: 'band', d, fill: series.color, 'fill-opacity': '0.18', stroke: 'none' })];
}
