import * as tf from '@tensorflow/tfjs';
import { BackendError, checkInteger, checkSeed } from '@lrlab/core';
import { defaultCandidates, describeRuntime, initBackend, nodeModuleLoader, type BackendSelection, type ModuleLoader } from '@lrlab/backends';
import { backendFix, skippedBackends } from '../doctor/backend-fixes';
import { trainConvSmoke } from '../doctor/conv-smoke';
import type { CliIo } from '../cli-io';
import { parseOptions } from '../parse-options';

/** Help text of `lrlab doctor`. */
export const DOCTOR_HELP = `Usage: lrlab doctor [--backend NAME] [--steps N] [--seed N] [--json]

Checks that this machine can train lrlab's models: selects a tfjs backend (saying which and why,
and for each faster one it could not use, the reason and the commands that install it), names the
runtime results depend on (backend, kernel path, and threads where they matter; on webgpu the
adapter: vendor, architecture, Dawn backend, feature level and limits), then trains a
small conv net for a few steps and reports the loss, held-out accuracy and step time.

Options:
  --backend NAME   tensorflow | webgpu | blas | wasm | cpu (default: the fastest installed; LRLAB_BACKEND also works)
  --steps N        training steps (default 40)
  --seed N         seed for data and weights (default 1)
  --json           print one JSON object instead of text
  -h, --help       show this help

Exit codes: 0 the check passed, 1 training did not reduce the loss, 2 bad usage or backend.`;

/**
 * `lrlab doctor`: backend selection plus a short conv-net training run.
 *
 * @param args - the command's arguments
 * @param io - where to print
 * @param loader - how the backends' packages are found and loaded (tests pass one where a package is missing)
 * @returns the exit code
 */
export async function doctorCommand(args: readonly string[], io: CliIo, loader: ModuleLoader = nodeModuleLoader): Promise<number> {
  const { values: parsed } = parseOptions(
    'doctor',
    {
      args: [...args],
      options: {
        backend: { type: 'string' },
        steps: { type: 'string', default: '40' },
        seed: { type: 'string', default: '1' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
      strict: true,
      allowPositionals: false,
    },
    {
      backend: { expects: 'a backend name (tensorflow, webgpu, blas, wasm or cpu)', example: 'wasm' },
      steps: { expects: 'an integer from 1 to 10000', example: '40' },
      seed: { expects: 'a positive integer', example: '1' },
    },
  );
  if (parsed.help) {
    io.stdout(DOCTOR_HELP);
    return 0;
  }
  const steps = checkInteger('--steps', Number(parsed.steps), { min: 1, max: 10_000 });
  const seed = checkSeed('--seed', Number(parsed.seed));
  const candidates = defaultCandidates(loader, process.env);
  const installed = (pkg: string): boolean => loader.resolve(pkg) !== undefined;
  let selection: BackendSelection;
  try {
    selection = await initBackend({ candidates, ...(parsed.backend === undefined ? {} : { prefer: parsed.backend }) });
  } catch (error) {
    // A requested backend that cannot start: the exact commands, install or rebuild, as for a skipped one.
    const candidate = error instanceof BackendError ? candidates.find((c) => c.name === error.backend) : undefined;
    const fix = candidate && backendFix(candidate, installed, tf.version.tfjs);
    if (!(error instanceof BackendError) || !fix) throw error;
    throw new BackendError(error.backend, error.problem, `Fix: ${fix}; or choose another backend (wasm, cpu).`, { cause: error });
  }
  const skipped = skippedBackends(selection, candidates, installed);
  if (!parsed.json) {
    io.stdout(`backend: ${selection.name} (tfjs ${selection.tfjsVersion})`);
    io.stdout(`  why: ${selection.reason}`);
    for (const { name, outcome, reason, fix } of skipped) {
      io.stdout(`  ${name} ${outcome}: ${reason}`);
      if (fix) io.stdout(`    fix: ${fix}`);
    }
    for (const [key, value] of Object.entries(selection.details)) io.stdout(`  ${key}: ${value}`);
    // What a run's manifest records: metrics reproduce bit for bit on the same runtime.
    io.stdout(`  runtime: ${describeRuntime(selection.runtime)}${selection.runtime.threadsAffectResults ? ' (results depend on the thread count)' : ' (results do not depend on the thread count)'}`);
    io.stdout(`training a small conv net for ${steps} steps (seed ${seed}) ...`);
  }
  const result = await trainConvSmoke({ steps, seed });
  const passed = result.finalLoss < result.initialLoss;
  if (parsed.json) {
    io.stdout(JSON.stringify({ backend: selection, skipped, training: result, passed }));
  } else {
    io.stdout(`  loss ${result.initialLoss.toFixed(4)} -> ${result.finalLoss.toFixed(4)}`);
    io.stdout(`  held-out accuracy ${(100 * result.heldOutAccuracy).toFixed(1)}% (chance 50%)`);
    io.stdout(`  median step ${result.medianStepMs.toFixed(1)} ms`);
    io.stdout(passed ? 'doctor: OK' : 'doctor: FAILED — the loss did not fall; report this with the output above.');
  }
  return passed ? 0 : 1;
}
