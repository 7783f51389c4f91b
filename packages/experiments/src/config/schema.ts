/**
 * The structural schema of {@link ExperimentConfig}, in zod: types, ranges, required and unknown
 * fields. The packages that own a part (schedules, datasets, models) validate its meaning.
 */
import { z } from 'zod';

/** Upper bounds that catch typos (an extra zero) before they cost hours. */
const CONFIG_LIMITS = {
  /** Most epochs a run may train. */
  epochs: 100_000,
  /** Largest training batch. */
  batchSize: 65_536,
  /** Largest evaluation batch. */
  evaluationBatchSize: 65_536,
  /** Most training batches a batch-norm re-estimation may pass through the model. */
  reestimateBatches: 1_000_000,
  /** Largest seed (seeds are integers ≥ 1). */
  seed: 2 ** 53 - 1,
  /** Most noise injectors in one run. */
  noiseEntries: 16,
} as const;

/**
 * Backend names a config may request (`auto`: the order `initBackend` tries,
 * tensorflow (GPU) > webgpu (GPU) > tensorflow (CPU) > blas > wasm > cpu).
 */
const BACKEND_NAMES = ['auto', 'tensorflow', 'webgpu', 'blas', 'wasm', 'cpu'] as const;

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
const NAME_RULE = 'letters, digits, ".", "_" or "-" (at most 100, starting with a letter or digit)';

const kindObject = z.looseObject({ kind: z.string().min(1, 'a non-empty kind') });
const scheduleUnit = z.enum(['epoch', 'step']);
const valueSpec = z.union([
  z.number().finite().nonnegative(),
  z.strictObject({ unit: scheduleUnit.optional(), schedule: kindObject }),
]);
const sigmaSpec = z.union([
  valueSpec,
  z.strictObject({
    fromLearningRate: z.strictObject({
      coefficient: z.number().finite().nonnegative(),
      power: z.number().finite(),
    }),
  }),
]);
const positiveInt = (max: number) => z.number().int().min(1).max(max);

/**
 * The schema of an {@link ExperimentConfig} (strict: unknown top-level fields are errors). Its JSON
 * Schema is what `lrlab config --schema` prints (json-schema.ts), and its `meta` descriptions are
 * what errors say a field expects.
 */
export const experimentConfigSchema = z
  .strictObject({
    name: z.string().regex(NAME, NAME_RULE).meta({ description: NAME_RULE }),
    description: z.string().max(500).optional(),
    seed: z.number().int().min(1).max(CONFIG_LIMITS.seed).optional(),
    backend: z.enum(BACKEND_NAMES).optional(),
    data: kindObject,
    model: kindObject,
    training: z.strictObject({
      epochs: positiveInt(CONFIG_LIMITS.epochs),
      batchSize: positiveInt(CONFIG_LIMITS.batchSize),
      dropLast: z.boolean().optional(),
      groups: z.array(z.string().min(1)).min(1).nullish(),
    }),
    optimizer: kindObject.optional(),
    learningRate: valueSpec,
    weightDecay: z.looseObject({ value: z.number(), mode: z.string() }).nullish(),
    noise: z
      .array(
        // The kind's registry entry checks the kind and its other fields (resolveNoiseInjector).
        z.looseObject({ kind: z.string().min(1, 'a non-empty kind'), sigma: sigmaSpec }),
      )
      .max(CONFIG_LIMITS.noiseEntries)
      .optional(),
    evaluation: z
      .strictObject({
        everyEpochs: positiveInt(CONFIG_LIMITS.epochs).optional(),
        epochs: z.array(z.number().int().min(0).max(CONFIG_LIMITS.epochs)).optional(),
        early: z.strictObject({ everySteps: z.number().int().min(1), untilStep: z.number().int().min(0) }).nullish(),
        batchSize: positiveInt(CONFIG_LIMITS.evaluationBatchSize).optional(),
        sets: z.array(z.string().min(1)).min(1).nullish(),
        groupWeights: z.record(z.string().min(1), z.number().finite().nonnegative()).nullish(),
        redraw: z.boolean().optional(),
        reestimateBatchNorm: z.strictObject({ batches: z.union([positiveInt(CONFIG_LIMITS.reestimateBatches), z.literal('epoch')]).optional() }).nullish(),
      })
      .optional(),
    checkpoint: z.strictObject({ everyEpochs: positiveInt(CONFIG_LIMITS.epochs).optional() }).optional(),
    divergence: z.strictObject({ maxLoss: z.number().positive().optional() }).optional(),
    events: z.array(z.strictObject({ epoch: z.number().int().min(0), label: z.string().min(1).max(40) })).optional(),
  })
  .meta({
    title: 'lrlab experiment config',
    description: 'One lrlab run (lrlab run config.json). Every field, its default and meaning: docs/guides/config-reference.md.',
  });
