import { parseArgs } from 'node:util';
import { checkInteger, checkSeed } from '@lrlab/core';
import { describeRuntime, initBackend } from '@lrlab/backends';
import { trainConvSmoke } from '../doctor/conv-smoke';
import type { CliIo } from '../cli-io';
import { UsageError } from '../usage-error';

/** Help text of `lrlab doctor`. */
export const DOCTOR_HELP = `Usage: lrlab doctor [--backend NAME] [--steps N] [--seed N] [--json]

Checks that this machine can train lrlab's models: selects a tfjs backend (saying which and why),
names the runtime results depend on (backend, kernel path, and threads where they matter), then
trains a small conv net for a few steps and reports the loss, held-out accuracy and step time.

Options:
  --backend NAME   tensorflow | blas | wasm | cpu (default: the fastest installed; LRLAB_BACKEND also works)
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
 * @returns the exit code
 */
export async function doctorCommand(args: readonly string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
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
    }).values;
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n\n${DOCTOR_HELP}`);
  }
  if (parsed.help) {
    io.stdout(DOCTOR_HELP);
    return 0;
  }
  const steps = checkInteger('--steps', Number(parsed.steps), { min: 1, max: 10_000 });
  const seed = checkSeed('--seed', Number(parsed.seed));
  const selection = await initBackend(parsed.backend === undefined ? {} : { prefer: parsed.backend });
  if (!parsed.json) {
    io.stdout(`backend: ${selection.name} (tfjs ${selection.tfjsVersion})`);
    io.stdout(`  why: ${selection.reason}`);
    for (const [key, value] of Object.entries(selection.details)) io.stdout(`  ${key}: ${value}`);
    // What a run's manifest records: metrics reproduce bit for bit on the same runtime.
    io.stdout(`  runtime: ${describeRuntime(selection.runtime)}${selection.runtime.threadsAffectResults ? ' (results depend on the thread count)' : ' (results do not depend on the thread count)'}`);
    io.stdout(`training a small conv net for ${steps} steps (seed ${seed}) ...`);
  }
  const result = trainConvSmoke({ steps, seed });
  const passed = result.finalLoss < result.initialLoss;
  if (parsed.json) {
    io.stdout(JSON.stringify({ backend: selection, training: result, passed }));
  } else {
    io.stdout(`  loss ${result.initialLoss.toFixed(4)} -> ${result.finalLoss.toFixed(4)}`);
    io.stdout(`  held-out accuracy ${(100 * result.heldOutAccuracy).toFixed(1)}% (chance 50%)`);
    io.stdout(`  median step ${result.medianStepMs.toFixed(1)} ms`);
    io.stdout(passed ? 'doctor: OK' : 'doctor: FAILED — the loss did not fall; report this with the output above.');
  }
  return passed ? 0 : 1;
}
