import { ConfigError } from '@lrlab/core';
import { areaUnderCurve, compareLearningOrder, firstCrossing, historyOf, learningOrder, seriesOf, type MetricHistory, type ResultPoint } from '../src';

/** Builds a history at steps 0, 100, …, with epoch = step / 100, from per-series value lists. */
function historyFrom(series: Record<string, (number | undefined)[]>): MetricHistory {
  const length = Math.max(...Object.values(series).map((v) => v.length));
  return Array.from({ length }, (_, i) => ({
    step: 100 * i,
    epoch: i,
    values: Object.fromEntries(Object.entries(series).map(([name, v]) => [name, v[i]])),
  }));
}

const KNOWN = historyFrom({
  a: [0.1, 0.5, 0.9, 0.95, 1.0, 1.0],
  b: [0.0, 0.0, 0.2, 0.4, 0.95, 0.97],
  c: [0.2, 0.3, 0.3, 0.4, 0.5, 0.6],
  d: [0.95, 0.99, 1, 1, 1, 1],
  e: [undefined, undefined, 0.5, 0.92, 0.85, 0.93],
  f: [0, 0, 0.9, 0.9, 0.9, 0.9],
});

describe('learningOrder: known crossing points', () => {
  const summary = learningOrder(KNOWN, { threshold: 0.9 });

  it('finds the first evaluation at or above the threshold', () => {
    const a = summary.series.a!.crossing;
    expect(a).toMatchObject({ crossed: true, index: 2, metAtStart: false, at: { time: 200, step: 200, epoch: 2, value: 0.9 } });
    expect(summary.series.b!.crossing).toMatchObject({ crossed: true, at: { step: 400 } });
  });

  it('reports a series that never crosses, with its best point', () => {
    expect(summary.series.c!.crossing).toEqual({ crossed: false, best: { time: 500, step: 500, epoch: 5, value: 0.6 } });
    expect(summary.neverCrossed).toEqual(['c']);
  });

  it('flags a series that starts above the threshold', () => {
    expect(summary.series.d!.crossing).toMatchObject({ crossed: true, index: 0, metAtStart: true, at: { step: 0 } });
    expect(summary.metAtStart).toEqual(['d']);
  });

  it('skips missing values, and separates the first crossing from the settled one', () => {
    const e = summary.series.e!;
    expect(e.points).toBe(4);
    expect(e.first).toEqual({ time: 200, step: 200, epoch: 2, value: 0.5 });
    // 0.92 at step 300, 0.85 at 400, 0.93 at 500: crossed at 300, stays above from 500.
    expect(e.crossing).toMatchObject({ crossed: true, index: 1, metAtStart: false, at: { step: 300 }, settled: { step: 500 } });
    expect(summary.series.a!.crossing).toMatchObject({ settled: { step: 200 } });
  });

  it('orders series by crossing time, with ties in one tier and never-crossed ones left out', () => {
    expect(summary.order).toEqual([['d'], ['a', 'f'], ['e'], ['b']]);
  });

  it('integrates each curve by the trapezoid rule', () => {
    const a = summary.series.a!.area!;
    expect(a.span).toBe(500);
    expect(a.area).toBeCloseTo(100 * ((0.1 + 0.5) / 2 + (0.5 + 0.9) / 2 + (0.9 + 0.95) / 2 + (0.95 + 1) / 2 + (1 + 1) / 2), 10);
    expect(a.meanValue).toBeCloseTo(a.area / 500, 12);
    expect(summary.series.e!.area!.span).toBe(300);
  });

  it('leaves out nothing and reports no event fields without an event', () => {
    expect(summary.absent).toEqual([]);
    expect(summary.eventTime).toBeUndefined();
    expect(summary.series.a!.areaBeforeEvent).toBeUndefined();
    expect(summary.series.a!.crossing).not.toHaveProperty('sinceEvent');
  });
});

describe('learningOrder: relative to an event', () => {
  it('reports crossing times since the event, and the areas and value before and after it', () => {
    const s = learningOrder(KNOWN, { threshold: 0.9, event: { name: 'anneal', step: 300 }, series: ['a', 'b', 'missing'] });
    expect(s.eventTime).toBe(300);
    expect(s.series.a!.crossing).toMatchObject({ sinceEvent: -100 });
    expect(s.series.b!.crossing).toMatchObject({ sinceEvent: 100 });
    expect(s.series.a!.areaBeforeEvent!.area).toBeCloseTo(100 * (0.3 + 0.7 + 0.925), 10);
    expect(s.series.a!.areaAfterEvent!.area).toBeCloseTo(100 * (0.975 + 1), 10);
    expect(s.series.a!.lastBeforeEvent).toEqual({ time: 200, step: 200, epoch: 2, value: 0.9 });
    expect(Object.keys(s.series)).toEqual(['a', 'b']);
    expect(s.absent).toEqual(['missing']);
  });

  it('works on the epoch axis', () => {
    const s = learningOrder(KNOWN, { threshold: 0.9, timeAxis: 'epoch', event: { epoch: 3 } });
    expect(s.series.b!.crossing).toMatchObject({ at: { time: 4, step: 400 }, sinceEvent: 1 });
    expect(s.series.a!.area!.area).toBeCloseTo(3.9, 12);
  });

  it('handles a falling series (a loss) with direction "falling"', () => {
    const loss = historyFrom({ train: [2, 1, 0.5, 0.4, 0.6] });
    const s = learningOrder(loss, { threshold: 0.5, direction: 'falling' });
    expect(s.series.train!.crossing).toMatchObject({ crossed: true, at: { step: 200 }, index: 2 });
    expect(s.series.train!.crossing).not.toHaveProperty('settled');
    const never = learningOrder(loss, { threshold: 0.1, direction: 'falling' });
    expect(never.series.train!.crossing).toEqual({ crossed: false, best: { time: 300, step: 300, epoch: 3, value: 0.4 } });
  });
});

describe('learningOrder: the paper-shaped comparison', () => {
  // 200 epochs, anneal at epoch 180, first evaluation after epoch 1 (as the training loop logs).
  const epochs = Array.from({ length: 200 }, (_, i) => i + 1);
  const run = (fn: (epoch: number) => Record<string, number>): MetricHistory => epochs.map((epoch) => ({ step: epoch * 20, epoch, values: fn(epoch) }));
  // Large LR: B-only train examples fitted only after the anneal; small LR: at once.
  const trainAccuracy = {
    large: run((e) => ({ 'a-only': 1, 'b-only': e <= 180 ? 0.5 : Math.min(1, 0.5 + 0.2 * (e - 180)), both: 1 })),
    small: run(() => ({ 'a-only': 1, 'b-only': 1, both: 1 })),
  };
  // A-only test accuracy: the large LR's plateau is higher; the small LR's never reaches 0.88.
  const testAccuracy = {
    large: run((e) => ({ 'a-only': Math.min(0.9, 0.6 + 0.01 * e) })),
    small: run(() => ({ 'a-only': 0.85 })),
  };
  const options = { threshold: 0.99, timeAxis: 'epoch' as const, event: { name: 'anneal', epoch: 180 } };

  it('shows B-only train accuracy crossing after the anneal for the large LR, at once for the small LR', () => {
    const c = compareLearningOrder(trainAccuracy, options);
    expect(c.bySeries['b-only']!.large!.crossing).toMatchObject({ crossed: true, at: { epoch: 183 }, sinceEvent: 3, metAtStart: false });
    expect(c.bySeries['b-only']!.small!.crossing).toMatchObject({ crossed: true, at: { epoch: 1 }, sinceEvent: -179, metAtStart: true });
    expect(c.runs.large!.order).toEqual([['a-only', 'both'], ['b-only']]);
    expect(c.runs.small!.order).toEqual([['a-only', 'b-only', 'both']]);
    // Before the anneal the large LR's B-only curve averages 0.5, the small LR's 1.
    expect(c.bySeries['b-only']!.large!.areaBeforeEvent!.meanValue).toBeCloseTo(0.5, 12);
    expect(c.bySeries['b-only']!.small!.areaBeforeEvent!.meanValue).toBe(1);
  });

  it('makes visible that A-only train accuracy says nothing about order (met at start for both)', () => {
    const c = compareLearningOrder(trainAccuracy, options);
    expect(c.runs.large!.metAtStart).toEqual(['a-only', 'both']);
    expect(c.runs.small!.metAtStart).toEqual(['a-only', 'b-only', 'both']);
  });

  it('shows the A-only test accuracy difference: one run crosses, the other never does', () => {
    const c = compareLearningOrder(testAccuracy, { ...options, threshold: 0.88 });
    expect(c.bySeries['a-only']!.large!.crossing).toMatchObject({ crossed: true, at: { epoch: 28 }, sinceEvent: -152 });
    expect(c.bySeries['a-only']!.small!.crossing).toEqual({ crossed: false, best: { time: 1, step: 20, epoch: 1, value: 0.85 } });
    expect(c.runs.small!.neverCrossed).toEqual(['a-only']);
  });

  it('names the run whose history is invalid', () => {
    const bad = [{ step: 5, values: { a: 1 } }, { step: 5, values: { a: 1 } }];
    expect(() => compareLearningOrder({ good: KNOWN, bad }, { threshold: 0.5 })).toThrow(/histories\.bad\.history\[1\]\.step/);
  });
});

describe('learningOrder: invalid input', () => {
  it.each([
    ['steps that do not increase', [{ step: 1, values: {} }, { step: 1, values: {} }], {}, 'history[1].step'],
    ['a NaN value', [{ step: 0, values: { a: NaN } }], {}, 'history[0].values.a'],
    ['decreasing epochs', [{ step: 0, epoch: 2, values: {} }, { step: 1, epoch: 1, values: {} }], {}, 'history[1].epoch'],
    ['an epoch axis without epochs', [{ step: 0, values: { a: 1 } }], { timeAxis: 'epoch' }, 'history[0].epoch'],
    ['an event without the axis time', KNOWN, { event: { epoch: 3 } }, 'event.step'],
    ['an unknown direction', KNOWN, { direction: 'up' }, 'direction'],
    ['an unknown time axis', KNOWN, { timeAxis: 'hours' }, 'timeAxis'],
  ])('rejects %s', (_name, history, extra, field) => {
    let caught: unknown;
    try {
      learningOrder(history as MetricHistory, { threshold: 0.5, ...(extra as object) });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).field).toBe(field);
  });

  it('rejects a missing threshold', () => {
    expect(() => learningOrder(KNOWN, {} as never)).toThrow(/threshold/);
  });
});

describe('areaUnderCurve', () => {
  const curve = [
    { time: 0, value: 0.1 },
    { time: 100, value: 0.5 },
    { time: 200, value: 0.9 },
    { time: 300, value: 0.95 },
  ];

  it('clips to a window with linear interpolation at its ends', () => {
    const r = areaUnderCurve(curve, { from: 50, to: 250 })!;
    // (50, 0.3) (100, 0.5) (200, 0.9) (250, 0.925)
    expect(r.span).toBe(200);
    expect(r.area).toBeCloseTo(50 * 0.4 + 100 * 0.7 + 50 * 0.9125, 10);
  });

  it('never extrapolates: a window past the data covers only the observed part', () => {
    const r = areaUnderCurve(curve, { from: -100, to: 1000 })!;
    expect(r.span).toBe(300);
    expect(areaUnderCurve(curve, { from: 400 })).toBeUndefined();
  });

  it('gives the value itself for a single point', () => {
    expect(areaUnderCurve([{ time: 5, value: 0.7 }])).toEqual({ area: 0, span: 0, meanValue: 0.7 });
    expect(areaUnderCurve(curve, { from: 100, to: 100 })).toEqual({ area: 0, span: 0, meanValue: 0.5 });
    expect(areaUnderCurve([])).toBeUndefined();
  });

  it('rejects a window that ends before it starts', () => {
    expect(() => areaUnderCurve(curve, { from: 200, to: 100 })).toThrow(ConfigError);
  });
});

describe('firstCrossing and seriesOf', () => {
  it('work on a series taken from a history', () => {
    const points = seriesOf(KNOWN, 'b', 'epoch');
    expect(points.map((p) => p.time)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(firstCrossing(points, 0.95, 'rising', 3)).toMatchObject({ crossed: true, at: { time: 4 }, sinceEvent: 1 });
  });
});

describe('historyOf', () => {
  it('turns recorded grouped results into a history with an overall series and missing groups', () => {
    const records: ResultPoint<{ accuracy: number }>[] = [
      { step: 0, epoch: 0, result: { overall: { accuracy: 0.5 }, groups: { 'a-only': { accuracy: 0.4 } } } },
      { step: 10, epoch: 1, result: { overall: { accuracy: 0.7 }, groups: { 'a-only': { accuracy: 0.6 }, 'b-only': { accuracy: 0.9 } } } },
      { step: 20, result: { groups: {} } },
    ];
    const h = historyOf(records, (r) => r.accuracy);
    expect(h).toEqual([
      { step: 0, epoch: 0, values: { overall: 0.5, 'a-only': 0.4 } },
      { step: 10, epoch: 1, values: { overall: 0.7, 'a-only': 0.6, 'b-only': 0.9 } },
      { step: 20, values: {} },
    ]);
    expect(learningOrder(h, { threshold: 0.6 }).order).toEqual([['overall', 'a-only', 'b-only']]);
    expect(() => historyOf(records, (r) => r.accuracy, { overallKey: 'a-only' })).toThrow(/not a group tag/);
  });
});
