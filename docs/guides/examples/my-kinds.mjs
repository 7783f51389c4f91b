// A plugin: the researcher's own kinds, next to the study file that names it ("plugins": ["./my-kinds.mjs"]).
// Each kind is an entry { description, fields, resolve, build }, like every built-in one.

/** A 32-bit integer hash of (seed, step, site), in [0, 1): the same inputs always give the same value. */
function unitHash(seed, step, site) {
  let h = (seed ^ Math.imul(step + 1, 0x9e3779b1) ^ Math.imul(site + 1, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 2 ** 32;
}

export default {
  schedules: {
    // lr(step) = initialValue / 2^floor(step / every)
    halving: {
      description: 'halves the value every `every` steps (epochs, in an epoch-unit schedule)',
      fields: { initialValue: 'the value at step 0', every: 'steps between halvings (default 10)' },
      resolve(config, path) {
        if (!(config.initialValue > 0)) throw new Error(`${path}.initialValue must be a positive number`);
        return { every: 10, ...config };
      },
      build: (config) => (step) => config.initialValue / 2 ** Math.floor(step / config.every),
    },
  },
  noise: {
    // Multiplies each site's pre-activations by 1 + σ(step)·(u − ½), u drawn from (seed, step, site).
    'scale-jitter': {
      acts: 'preactivation',
      description: 'multiplies each pre-activation site by one seeded random factor per step',
      fields: { sigma: 'the jitter amplitude over training' },
      resolve: (config) => config,
      build: (config, { sigma, seed }) => ({
        apply(x, site, { step, training }) {
          const amplitude = sigma(step);
          if (!training || amplitude === 0) return x;
          return x.mul(1 + amplitude * (unitHash(seed, step, site.index) - 0.5));
        },
      }),
    },
  },
};
