// Cell 4, the data pipeline alone: trainStream batches of CIFAR-shaped random images on the host, compared
// with the training speed of the WRN cell (when it ran before this one).
import { createRequire } from 'node:module';
import { log, measure, normal } from '../measure.mjs';

const require = createRequire(import.meta.url);

const SETTINGS = {
  quick: { warmup: 3, reps: 20, capMs: 1000 },
  full: { warmup: 3, reps: 200, capMs: 4000 },
};

export default {
  name: 'pipeline',
  async run({ mode, cells }) {
    const ds = require('../../../packages/datasets/dist/index.js');
    const size = 10000;
    const shape = [32, 32, 3];
    const dataset = ds.createDataset({
      name: 'cifar-shaped-random',
      features: normal(size * 32 * 32 * 3, 11),
      exampleShape: shape,
      labels: Int32Array.from({ length: size }, (_, i) => i % 10),
      numClasses: 10,
    });
    const mixture = ds.createPatchMixture({ exampleShape: shape, numClasses: 10, seed: 5 });
    const batchSize = 128;
    const stream = ds.trainStream(dataset, { batchSize, seed: 9, dropLast: true, transforms: [mixture.transform('train', size)] });
    let k = 0;
    const step = () => {
      const i = k++;
      const epoch = Math.floor(i / stream.batchesPerEpoch);
      stream.batch(epoch, i % stream.batchesPerEpoch);
    };
    const r = await measure(step, SETTINGS[mode]);
    const examplesPerS = batchSize / (r.medianMs / 1000);
    const wrnRows = cells.wrn?.rows ?? [];
    const fastest = wrnRows.reduce((best, row) => (best === undefined || row.imagesPerS > best.imagesPerS ? row : best), undefined);
    log(`pipeline: ${examplesPerS.toFixed(0)} examples/s`);
    return {
      what: 'trainStream batches (seeded shuffle, gather, the patch mixture of @lrlab/datasets with its reference defaults) of 10,000 random 32×32×3 images, 10 classes, batch 128, on the host (no upload to tensors)',
      batchSize,
      ...r,
      examplesPerS,
      examplesPerSMin: batchSize / (r.maxMs / 1000),
      examplesPerSMax: batchSize / (r.minMs / 1000),
      ratioToFastestTraining: fastest ? examplesPerS / fastest.imagesPerS : null,
      fastestTraining: fastest ? { backend: fastest.backend, model: fastest.model, batch: fastest.batch, imagesPerS: fastest.imagesPerS } : null,
      ratios: wrnRows.map((row) => ({ backend: row.backend, model: row.model, batch: row.batch, ratio: examplesPerS / row.imagesPerS })),
    };
  },
};
