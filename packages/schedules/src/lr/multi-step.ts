import { withConfig, type DescribedSchedule } from '../schedule';
import { checkBoundaries, pieceIndex } from './piecewise';
import { checkValue } from './values';

/** Options of {@link multiStep}. */
export interface MultiStepOptions {
  /** The value before the first milestone. */
  readonly initialValue: number;
  /** Strictly increasing steps ≥ 0; at each one the value is multiplied by `gamma`. */
  readonly milestones: readonly number[];
  /** The factor per milestone, e.g. 0.2. */
  readonly gamma: number;
}

/**
 * Multiplies the value by `gamma` at each milestone (PyTorch `MultiStepLR`, Keras
 * `PiecewiseConstantDecay` with geometric values).
 *
 *   value(step) = initialValue · gamma^k,  k = #{ m ∈ milestones : m ≤ step }
 *
 * The product is accumulated one factor at a time, as the paper's reference code does, so values
 * equal the reference's bit for bit.
 *
 * @param options - initial value, milestones and gamma
 * @returns the schedule
 * @example
 * ```ts
 * const lr = multiStep({ initialValue: 0.1, milestones: [59, 119, 149], gamma: 0.2 });
 * lr(59); // 0.1 * 0.2
 * ```
 */
export function multiStep(options: MultiStepOptions): DescribedSchedule {
  const initialValue = checkValue('initialValue', options.initialValue);
  const milestones = checkBoundaries('milestones', options.milestones);
  const gamma = checkValue('gamma', options.gamma);
  const values = [initialValue];
  for (let i = 0; i < milestones.length; i++) values.push(values[i]! * gamma);
  return withConfig((step) => values[pieceIndex(milestones, step)]!, {
    kind: 'multi-step',
    initialValue,
    milestones: [...milestones],
    gamma,
  });
}
