/**
 * Student's t and the standard normal distribution: tail probabilities and quantiles, computed
 * from the special functions in `special.ts` and a bracketing root-finder.
 */
import { ConfigError, checkNumber } from '@lrlab/core';
import { regularizedBeta, regularizedGammaQ } from './special';

/**
 * Above this many degrees of freedom the continued fraction of the incomplete beta function
 * converges too slowly to trust its stopping rule, so the t distribution is computed from the
 * normal through the Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5), whose first omitted
 * term is O(ν⁻⁵), below 1e-15 here.
 */
const EXPANSION_FROM_DF = 1e4;

/**
 * The t quantile as a series in the normal quantile z: t = z + g₁(z)/ν + g₂(z)/ν² + g₃(z)/ν³ + g₄(z)/ν⁴
 * (Abramowitz & Stegun 26.7.5), and its derivative in z.
 */
function cornishFisher(z: number, df: number): { t: number; slope: number } {
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  const d1 = (3 * z2 + 1) / 4;
  const d2 = ((25 * z2 + 48) * z2 + 3) / 96;
  const d3 = (((21 * z2 + 95) * z2 + 51) * z2 - 15) / 384;
  const d4 = ((((711 * z2 + 5432) * z2 + 7410) * z2 - 5760) * z2 - 945) / 92160;
  const v = 1 / df;
  return {
    t: z + v * (g1 + v * (g2 + v * (g3 + v * g4))),
    slope: 1 + v * (d1 + v * (d2 + v * (d3 + v * d4))),
  };
}

/** The normal point z whose Cornish–Fisher image is t (Newton from z = t; the map is monotone). */
function normalEquivalent(t: number, df: number): number {
  let z = t;
  for (let i = 0; i < 50; i++) {
    const { t: image, slope } = cornishFisher(z, df);
    const next = z - (image - t) / slope;
    if (Math.abs(next - z) <= 1e-16 * Math.max(1, Math.abs(z))) return next;
    z = next;
  }
  return z;
}

function checkDegreesOfFreedom(df: unknown): number {
  if (df === Infinity) return df;
  return checkNumber('degreesOfFreedom', df, { min: 0, minExclusive: true });
}

function checkOpenProbability(field: string, p: unknown): number {
  return checkNumber(field, p, { min: 0, max: 1, minExclusive: true, maxExclusive: true });
}

/** P(Z > z) for a standard normal Z and z ≥ 0, precise in the far tail. */
function normalUpperTail(z: number): number {
  return 0.5 * regularizedGammaQ(0.5, (z * z) / 2);
}

/** P(T > t) for Student's t with `df` degrees of freedom and t ≥ 0, precise in the far tail. */
function tUpperTail(t: number, df: number): number {
  if (df === Infinity) return normalUpperTail(t);
  if (df > EXPANSION_FROM_DF) return normalUpperTail(normalEquivalent(t, df));
  const t2 = t * t;
  // P(T > t) = ½ I_{ν/(ν+t²)}(ν/2, ½); the complement t²/(ν+t²) is passed without cancellation.
  return 0.5 * regularizedBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2));
}

/**
 * The cumulative distribution function of Student's t: P(T ≤ t).
 *
 * @param t - the point
 * @param degreesOfFreedom - ν > 0; `Infinity` gives the standard normal
 * @returns P(T ≤ t), in [0, 1]
 * @example
 * ```ts
 * studentTCdf(2.262157162798205, 9); // 0.975
 * ```
 */
export function studentTCdf(t: number, degreesOfFreedom: number): number {
  const df = checkDegreesOfFreedom(degreesOfFreedom);
  if (Number.isNaN(t)) throw new ConfigError('t', t, 'a number (not NaN)');
  const tail = tUpperTail(Math.abs(t), df);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The cumulative distribution function of the standard normal: Φ(z) = P(Z ≤ z).
 *
 * @param z - the point
 * @returns Φ(z), in [0, 1]
 */
export function normalCdf(z: number): number {
  if (Number.isNaN(z)) throw new ConfigError('z', z, 'a number (not NaN)');
  const tail = normalUpperTail(Math.abs(z));
  return z >= 0 ? 1 - tail : tail;
}

/**
 * Solves upperTail(x) = q for x ≥ 0, where upperTail decreases from ½ at 0 to 0 at ∞: doubling
 * to bracket, then bisection to the last representable digit (about 60 halvings).
 */
function invertUpperTail(upperTail: (x: number) => number, q: number): number {
  let low = 0;
  let high = 1;
  while (upperTail(high) > q) {
    low = high;
    high *= 2;
  }
  for (let i = 0; i < 2000; i++) {
    const mid = (low + high) / 2;
    if (mid <= low || mid >= high) break;
    if (upperTail(mid) > q) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/**
 * The quantile function (inverse CDF) of Student's t: the t with P(T ≤ t) = p.
 *
 * Computed by inverting the tail probability ½ I_{ν/(ν+t²)}(ν/2, ½) with a bracketing
 * bisection, so it holds for any real ν > 0 (Welch's fractional degrees of freedom too).
 *
 * @param p - the probability, in (0, 1)
 * @param degreesOfFreedom - ν > 0; `Infinity` gives the normal quantile
 * @returns the quantile
 * @example
 * ```ts
 * tQuantile(0.975, 4); // 2.7764451051977934
 * tQuantile(0.975, Infinity); // 1.959963984540054
 * ```
 */
export function tQuantile(p: number, degreesOfFreedom: number): number {
  const probability = checkOpenProbability('p', p);
  const df = checkDegreesOfFreedom(degreesOfFreedom);
  if (probability === 0.5) return 0;
  const q = Math.min(probability, 1 - probability);
  const t = df > EXPANSION_FROM_DF ? cornishFisher(invertUpperTail(normalUpperTail, q), df).t : invertUpperTail((x) => tUpperTail(x, df), q);
  return probability > 0.5 ? t : -t;
}

/**
 * The quantile function of the standard normal: the z with Φ(z) = p.
 *
 * @param p - the probability, in (0, 1)
 * @returns the quantile
 * @example
 * ```ts
 * normalQuantile(0.975); // 1.959963984540054
 * ```
 */
export function normalQuantile(p: number): number {
  const probability = checkOpenProbability('p', p);
  if (probability === 0.5) return 0;
  const q = Math.min(probability, 1 - probability);
  const z = invertUpperTail(normalUpperTail, q);
  return probability > 0.5 ? z : -z;
}
