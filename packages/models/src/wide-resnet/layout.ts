/**
 * The layout of a WideResNet, computed from its config alone (no tensors): the channel widths
 * 16, 16k, 32k, 64k; three groups of (d − 4)/6 blocks at strides 1, 2, 2; and the per-example
 * shape after every stage. The builder follows it, and users can inspect it without building.
 */
import { referenceConvOutputSize } from '../layers/conv';
import { outputUnitsFor } from '../config-checks';
import { resolveWideResNetConfig, type ResolvedWideResNetConfig, type WideResNetConfig } from './config';

/** One residual block of a WideResNet. */
export interface WideResNetBlockLayout {
  /** Logical path, `block<group>.<index>` with group 1..3 and index from 0, e.g. `block2.0`. */
  readonly path: string;
  /** The group, 1, 2 or 3. */
  readonly group: number;
  /** Channels in. */
  readonly inChannels: number;
  /** Channels out. */
  readonly outChannels: number;
  /** Stride of the first 3×3 convolution (and of the shortcut). */
  readonly stride: number;
  /** Whether the shortcut is a 1×1 convolution (when the shape changes) rather than the identity. */
  readonly projection: boolean;
  /** Spatial size `[height, width]` of the block's output. */
  readonly outputSize: readonly [number, number];
}

/** A named stage of the forward pass and its output shape per example. */
export interface StageShape {
  /** `stem`, `block1`, `block2`, `block3`, `features` or `logits`. */
  readonly name: string;
  /** The output shape without the batch dimension. */
  readonly shape: readonly number[];
}

/** The layout of a WideResNet. */
export interface WideResNetLayout {
  /** Channel widths of the stem and the three groups: 16, 16k, 32k, 64k. */
  readonly widths: readonly [number, number, number, number];
  /** Blocks per group, (d − 4)/6. */
  readonly blocksPerGroup: number;
  /** Every block, in forward order. */
  readonly blocks: readonly WideResNetBlockLayout[];
  /** The output shape of every stage, in forward order. */
  readonly stages: readonly StageShape[];
}

/** Strides of the three groups, as the reference. */
const GROUP_STRIDES = [1, 2, 2] as const;

/**
 * Computes the layout of a WideResNet from its config.
 *
 * @param config - a WideResNet config
 * @returns widths, blocks and stage shapes
 * @throws ConfigError for an invalid config
 * @example
 * ```ts
 * wideResNetLayout({ kind: 'wide-resnet', depth: 16, widthFactor: 10 }).stages;
 * // stem [32, 32, 16], block1 [32, 32, 160], block2 [16, 16, 320], block3 [8, 8, 640],
 * // features [640], logits [10]
 * ```
 */
export function wideResNetLayout(config: WideResNetConfig | ResolvedWideResNetConfig): WideResNetLayout {
  const resolved = resolveWideResNetConfig(config);
  const k = resolved.widthFactor;
  const widths = [16, 16 * k, 32 * k, 64 * k] as const;
  const blocksPerGroup = (resolved.depth - 4) / 6;
  let [height, width] = resolved.inputShape;
  const stages: StageShape[] = [{ name: 'stem', shape: [height, width, widths[0]] }];
  const blocks: WideResNetBlockLayout[] = [];
  GROUP_STRIDES.forEach((groupStride, g) => {
    for (let i = 0; i < blocksPerGroup; i++) {
      const stride = i === 0 ? groupStride : 1;
      const inChannels = i === 0 ? widths[g]! : widths[g + 1]!;
      const outChannels = widths[g + 1]!;
      height = referenceConvOutputSize(height, 3, stride);
      width = referenceConvOutputSize(width, 3, stride);
      blocks.push({ path: `block${g + 1}.${i}`, group: g + 1, inChannels, outChannels, stride, projection: inChannels !== outChannels || stride !== 1, outputSize: [height, width] });
    }
    stages.push({ name: `block${g + 1}`, shape: [height, width, widths[g + 1]!] });
  });
  stages.push({ name: 'features', shape: [widths[3]] });
  stages.push({ name: 'logits', shape: [outputUnitsFor(resolved.numClasses)] });
  return { widths, blocksPerGroup, blocks, stages };
}
