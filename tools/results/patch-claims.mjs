#!/usr/bin/env node
/**
 * The paper's four claims about the patch experiment, checked on a patched study and its unpatched
 * twin (`patchClaims` in @lrlab/report); prints markdown for docs/results/patched-fashion-mnist.md.
 *
 *   node tools/results/patch-claims.mjs --patched DIR --unpatched DIR [--large large-lr]
 *     [--small small-lr] [--noise small-lr-noise] [--patch-set patch-only] [--clean-set clean]
 *     [--unpatched-set test] [--threshold 0.9] [--block]
 *
 * With --block (run from the repository root, on published studies) the markdown comes between
 * `<!-- patch-claims {…} -->` and `<!-- /patch-claims -->` lines naming its inputs: a page under
 * docs/results/ that holds such a block is checked against them by results.test.ts.
 *
 * Uses the built packages.
 */
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';

const require = createRequire(import.meta.url);
const { loadStudy, patchClaims, renderPatchClaims } = require('../../packages/report/dist/index.js');

const { values: o } = parseArgs({
  options: {
    patched: { type: 'string' },
    unpatched: { type: 'string' },
    large: { type: 'string' },
    small: { type: 'string' },
    noise: { type: 'string' },
    'patch-set': { type: 'string' },
    'clean-set': { type: 'string' },
    'unpatched-set': { type: 'string' },
    threshold: { type: 'string' },
    block: { type: 'boolean' },
  },
});
if (!o.patched || !o.unpatched) {
  console.error('usage: node tools/results/patch-claims.mjs --patched DIR --unpatched DIR [options]');
  process.exit(2);
}
const options = Object.fromEntries(
  Object.entries({
    large: o.large,
    small: o.small,
    noise: o.noise,
    patchSet: o['patch-set'],
    cleanSet: o['clean-set'],
    unpatchedSet: o['unpatched-set'],
    threshold: o.threshold === undefined ? undefined : Number(o.threshold),
  }).filter(([, v]) => v !== undefined),
);
try {
  const markdown = renderPatchClaims(patchClaims(loadStudy(o.patched), loadStudy(o.unpatched), options));
  const inputs = JSON.stringify({ patched: o.patched, unpatched: o.unpatched, ...options });
  process.stdout.write(o.block ? `<!-- patch-claims ${inputs} -->\n${markdown}<!-- /patch-claims -->\n` : markdown);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
