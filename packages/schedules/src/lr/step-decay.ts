import { withConfig, type DescribedSchedule } from '../schedule';
import { checkSteps, checkValue } from './values';

/** Options of {@link stepDecay}. */
export interface StepDecayOptions {
  /** The value during the first `stepSize` steps. */
  readonly initialValue: number;
  /** Steps between decays. */
  readonly stepSize: number;
  /** The factor applied every `stepSize` steps. */
  readonly gamma: number;
}

/**
 * Decays by `gamma` every `stepSize` steps (PyTorch `StepLR`, closed form).
 *
 *   value(step) = initialValue · gamma^⌊step / stepSize⌋
 *
 * @param options - initial value, period and factor
 * @returns the schedule
 * @example
 * ```ts
 * const lr = stepDecay({ initialValue: 0.1, stepSize: 30, gamma: 0.1 });
 * lr(29); // 0.1
 * lr(30); // 0.1 * 0.1 ** 1
 * ```
 */
export function stepDecay(options: StepDecayOptions): DescribedSchedule {
  const initialValue = checkValue('initialValue', options.initialValue);
  const stepSize = checkSteps('stepSize', options.stepSize);
  const gamma = checkValue('gamma', options.gamma);
  return withConfig((step) => initialValue * gamma ** Math.floor(Math.max(0, step) / stepSize), {
    kind: 'step-decay',
    initialValue,
    stepSize,
    gamma,
  });
}
