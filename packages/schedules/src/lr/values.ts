import { checkNumber } from '@lrlab/core';

/**
 * Checks a schedule value (a learning rate, a noise σ, a momentum): finite and ≥ 0.
 * Internal to the factories.
 */
export function checkValue(field: string, value: unknown): number {
  return checkNumber(field, value, { min: 0 });
}

/** Checks a step count: a finite number > 0 (fractional counts are allowed, as in PyTorch's OneCycleLR). */
export function checkSteps(field: string, value: unknown): number {
  return checkNumber(field, value, { min: 0, minExclusive: true });
}
