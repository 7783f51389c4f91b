/**
 * Series and bands as SVG geometry. A point whose x or y cannot be placed (non-finite, or ≤ 0 on a
 * log axis set to `gap`) ends the current stretch of line; every stretch of two or more points
 * becomes a subpath of the series' single `<path>`, and a lone point between gaps becomes a dot.
 * A step series gets a corner between each two points, so a jump is drawn as a vertical segment.
 */
import type { ResolvedAxis } from './axis-scale';
import type { CheckedSeries } from './check-spec';
import { formatCoordinate } from './number-format';
import { dashArray } from './palette';
import type { MarkerShape, StepMode } from './spec';
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

/**
 * The vertices of a stretch drawn as steps: between two points a corner at the earlier point's x
 * and the later one's y (`pre`), or at the later point's x and the earlier one's y (`post`).
 *
 * @param pixels - the points of one stretch, in drawing order
 * @param step - the step mode, or `undefined` for straight segments
 * @returns the vertices to join with straight segments
 */
function stepVertices(pixels: readonly Pixel[], step: StepMode | undefined): Pixel[] {
  if (step === undefined) return [...pixels];
  return pixels.flatMap((p, i): Pixel[] => {
    const previous = pixels[i - 1];
    if (!previous) return [p];
    return [step === 'pre' ? [previous[0], p[1]] : [p[0], previous[1]], p];
  });
}

/** Every stretch of two or more placeable points of a series, in pixels, with step corners added. */
function seriesPolylines(series: CheckedSeries, x: ResolvedAxis, y: ResolvedAxis): Pixel[][] {
  return placedStretches(series, x, y)
    .filter((s) => s.length >= 2)
    .map((s) => stepVertices(s, series.step));
}

function placedStretches(series: CheckedSeries, x: ResolvedAxis, y: ResolvedAxis): Pixel[][] {
  return runs(series.points.length, (i) => {
    const [px, py] = series.points[i]!;
    return point(x.position(px), y.position(py));
  });
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
  const lines = seriesPolylines(series, x, y);
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
        'stroke-dasharray': dashArray(series.lineStyle, series.lineWidth),
      }),
    );
  }
  for (const [cx, cy] of placedStretches(series, x, y).filter((s) => s.length === 1).map((s) => s[0]!)) {
    out.push(element('circle', { class: 'series-point', cx: formatCoordinate(cx), cy: formatCoordinate(cy), r: formatCoordinate(series.lineWidth * 1.25), fill: series.color }));
  }
  return out;
}

/**
 * One marker symbol as SVG: a circle, square, triangle or diamond of about the same area.
 *
 * @param shape - the symbol
 * @param at - its centre in pixels
 * @param size - its half-width in pixels
 * @param color - its outline
 * @returns the element: an open symbol (outline only), so that one on top of another leaves it in sight
 */
export function markerSymbol(shape: MarkerShape, at: Pixel, size: number, color: string): string {
  const [cx, cy] = at;
  const f = formatCoordinate;
  const style = { fill: 'none', stroke: color, 'stroke-width': '1.5' };
  if (shape === 'circle') return element('circle', { class: 'series-marker', cx: f(cx), cy: f(cy), r: f(size), ...style });
  const corners: Pixel[] =
    shape === 'square'
      ? [[cx - size * 0.9, cy - size * 0.9], [cx + size * 0.9, cy - size * 0.9], [cx + size * 0.9, cy + size * 0.9], [cx - size * 0.9, cy + size * 0.9]]
      : shape === 'triangle'
        ? [[cx, cy - size * 1.25], [cx + size * 1.15, cy + size * 0.75], [cx - size * 1.15, cy + size * 0.75]]
        : [[cx, cy - size * 1.3], [cx + size * 1.1, cy], [cx, cy + size * 1.3], [cx - size * 1.1, cy]];
  return element('path', { class: 'series-marker', d: `${polyline(corners)}Z`, ...style });
}

/**
 * The SVG of a series' marker symbols: one at each point that lies on the plot (markers are drawn
 * unclipped, so a point on the frame keeps its whole symbol).
 *
 * @param series - the checked series
 * @param x - the resolved x axis
 * @param y - the resolved y axis
 * @param plot - the plot rectangle, `[left, top, right, bottom]`
 * @returns the symbols, none when the series has no marker
 */
export function drawMarkers(series: CheckedSeries, x: ResolvedAxis, y: ResolvedAxis, plot: readonly [number, number, number, number]): string[] {
  const shape = series.marker;
  if (shape === undefined) return [];
  const [left, top, right, bottom] = plot;
  const inside = (v: number, a: number, b: number): boolean => v >= a - 0.01 && v <= b + 0.01;
  return placedStretches(series, x, y)
    .flat()
    .filter(([px, py]) => inside(px, left, right) && inside(py, top, bottom))
    .map((p) => markerSymbol(shape, p, 2 + series.lineWidth, series.color));
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
  const d = stretches
    .map((run) => {
      const [upper, lower] = [stepVertices(run.map(([u]) => u), series.step), stepVertices(run.map(([, l]) => l), series.step)];
      return `${polyline([...upper, ...lower.reverse()])}Z`;
    })
    .join('');
  return [element('path', { class: 'band', d, fill: series.color, 'fill-opacity': '0.18', stroke: 'none' })];
}
