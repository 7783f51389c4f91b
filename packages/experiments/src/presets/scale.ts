/** Preset scales: `quick` fits a laptop or CI minutes; `full` is the reference regime. */

/** The scales every preset offers. */
export const SCALES = ['quick', 'full'] as const;

/** A preset scale. */
export type Scale = (typeof SCALES)[number];
