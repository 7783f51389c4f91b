// Cell 3, WideResNets: one training step of wrn10x1, wrn16x1 and wrn16x4 at batch 32 (and 128 where it
// fits the cap) on every available backend but the pure-JS cpu one; on webgpu with a GPU adapter, wrn16x10 too.
import { createRequire } from 'node:module';
import { log, measure, normal } from '../measure.mjs';

const require = createRequire(import.meta.url);
/** The roofline is the CPU's sgemm: a fraction of it means nothing for a GPU backend. */
const onCpu = (backend) => backend !== 'webgpu';

const SETTINGS = {
  quick: { warmup: 1, reps: 1, capMs: 4000 },
  full: { warmup: 1, reps: 7, capMs: 25000 },
};
const MODELS = ['wrn10x1', 'wrn16x1', 'wrn16x4'];
/** On a GPU (webgpu on a real adapter), also the paper's network. */
const GPU_MODELS = [...MODELS, 'wrn16x10'];

/** Multiply-adds of the convolutions of one forward pass of one example (as tools/bench/models.mjs). */
function convMacs(config, wideResNetLayout) {
  const [h, w, c] = config.inputShape;
  const layout = wideResNetLayout(config);
  let macs = h * w * 9 * c * 16;
  for (const b of layout.blocks) {
    const [oh, ow] = b.outputSize;
    macs += oh * ow * 9 * (b.inChannels * b.outChannels + b.outChannels * b.outChannels);
    if (b.projection) macs += oh * ow * b.inChannels * b.outChannels;
  }
  return macs;
}

/** One row: `name` at `batch` on the current backend. */
async function wrnRow({ tf, models, bindOptimizer }, backend, name, batch, { threadsOf, fractionOfRoofline }, settings) {
  const { buildModel, modelPreset, wideResNetLayout, resolveModelConfig } = models;
  const config = resolveModelConfig(modelPreset(name, { inputShape: [32, 32, 3] }));
  const model = buildModel(config, 1);
  const x = tf.tensor(normal(batch * 32 * 32 * 3, 7), [batch, 32, 32, 3]);
  const labels = tf.tensor1d(Int32Array.from({ length: batch }, (_, i) => i % config.numClasses), 'int32');
  // lrlab's SGD: the bound optimizer (one-pass update where the backend has the fused kernel).
  const optimizer = bindOptimizer({ optimizer: { kind: 'sgd' }, learningRate: 0.01 });
  let stepIndex = 0;
  let rssMax = 0;
  const step = async () => {
    const s = stepIndex++;
    const { value, grads } = tf.variableGrads(() => model.loss(model.apply(x, { training: true, step: s }), labels), [...model.trainableVariables]);
    optimizer.applyGradients(grads, s);
    await value.data(); // ends the step (on webgpu it waits for the GPU)
    tf.dispose([value, grads]);
    rssMax = Math.max(rssMax, process.memoryUsage().rss);
  };
  let peakBytes = null;
  const r = await measure(step, {
    ...settings,
    firstWarmup: async (fn) => {
      const before = tf.memory().numBytes;
      const info = await tf.profile(fn);
      peakBytes = Math.max(info.peakBytes, before);
    },
  });
  const flops = 3 * 2 * convMacs(config, wideResNetLayout) * batch;
  const gflops = flops / r.medianMs / 1e6;
  const row = {
    backend,
    threads: threadsOf(backend),
    model: name,
    batch,
    parameters: model.parameterCount(),
    ...r,
    imagesPerS: batch / (r.medianMs / 1000),
    imagesPerSMin: batch / (r.maxMs / 1000),
    imagesPerSMax: batch / (r.minMs / 1000),
    gflops,
    fractionOfRoofline: onCpu(backend) ? fractionOfRoofline(gflops) : null,
    peakTfjsBytes: peakBytes,
    peakRssBytes: rssMax,
  };
  log(`wrn ${backend} ${name} b${batch}: ${r.medianMs.toFixed(0)} ms (${r.steps} steps), ${gflops.toFixed(2)} GFLOP/s`);
  optimizer.dispose();
  tf.dispose([x, labels]);
  model.dispose();
  return row;
}

export default {
  name: 'wrn',
  async run(context) {
    const { mode, available, useBackend } = context;
    const lib = {
      tf: require('@tensorflow/tfjs'),
      models: require('../../../packages/models/dist/index.js'),
      bindOptimizer: require('../../../packages/schedules/dist/index.js').bindOptimizer,
    };
    const settings = SETTINGS[mode];
    const rows = [];
    const skipped = [];
    for (const backend of available) {
      if (backend === 'cpu') {
        skipped.push({ backend, reason: 'the pure-JS cpu backend takes ~2.4 s per step for a 2-conv net at batch 32 (docs/results/backends.md); every WRN step would exceed the cap' });
        continue;
      }
      const selection = await useBackend(backend);
      const onGpu = backend === 'webgpu' && selection.details.software === 'no';
      for (const name of onGpu ? GPU_MODELS : MODELS) {
        let batch32Ms;
        for (const batch of [32, 128]) {
          // Batch 128 only where it fits the cap: warm-up + one step ≈ 2 × 4 × the batch-32 step.
          if (batch === 128 && (batch32Ms === undefined || 8 * batch32Ms > settings.capMs)) {
            skipped.push({ backend, model: name, batch, reason: `predicted ${((8 * (batch32Ms ?? 0)) / 1000).toFixed(0)} s for warm-up + one step > cap ${settings.capMs / 1000} s` });
            continue;
          }
          const row = await wrnRow(lib, backend, name, batch, context, settings);
          if (batch === 32) batch32Ms = row.medianMs;
          rows.push(row);
        }
      }
    }
    return {
      what: "one training step (forward in training mode + backward + lrlab's bound SGD update), 32×32×3 random inputs; FLOPs = convolutions × 3 (forward + 2× backward); peak tfjs bytes from tf.profile of the warm-up step; peak RSS = the largest process RSS sampled after each step of the cell (the process runs the cells in turn and the wasm heap never shrinks, so it includes what earlier cells left)",
      rows,
      skipped,
    };
  },
};
