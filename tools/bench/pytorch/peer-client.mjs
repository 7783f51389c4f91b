// The JavaScript side of peer.py's line-per-request conversation, shared by the bench's pytorch cell,
// tools/bench/where-time-goes.mjs and tools/device/gpu-steps.mjs: `ask(request)` resolves with
// peer.py's JSON reply; `pairedConvNet` builds one conv net on both sides.
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { normal } from '../measure.mjs';

const PEER = path.join(path.dirname(new URL(import.meta.url).pathname), 'peer.py');

/**
 * Starts peer.py under `python`.
 *
 * @param python - the interpreter that imports torch
 * @returns ask(request) → Promise of the reply (`{ error }` when peer.py exited), and close()
 */
export function startPeer(python) {
  const child = spawn(python, [PEER], { stdio: ['pipe', 'pipe', 'inherit'] });
  let buffer = '';
  const waiting = [];
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    let newline;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      waiting.shift()?.(JSON.parse(line));
    }
  });
  child.on('exit', (code) => {
    while (waiting.length) waiting.shift()({ error: `peer.py exited with ${code}` });
  });
  const ask = (request) =>
    new Promise((resolve) => {
      waiting.push(resolve);
      child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  return { ask, close: () => child.stdin.end() };
}

/**
 * The architecture of an lrlab model, as peer.py builds it.
 *
 * @param config - a resolved small-cnn or wide-resnet config
 * @param models - `@lrlab/models` (for the WideResNet layout)
 * @returns peer.py's MODEL
 */
export function peerSpec(config, models) {
  if (config.kind === 'small-cnn') return { kind: 'small-cnn', channels: config.channels, input: config.inputShape, classes: config.numClasses };
  const layout = models.wideResNetLayout(config);
  const blocks = layout.blocks.map((b) => ({ in: b.inChannels, out: b.outChannels, stride: b.stride, projection: b.projection }));
  return { kind: 'wide-resnet', stem: layout.widths[0], blocks, input: config.inputShape, classes: config.numClasses };
}

/**
 * One conv net on both sides of the comparison: lrlab's model (a preset: `wrn16x1`, `wrn10x1`, …
 * on 32×32×3, or `small-cnn` without dropout) with a seeded batch, and peer.py's build of the same
 * architecture, parameter counts checked. `step()` is the step both sides time: train-mode forward,
 * backward, Nesterov 0.9 with coupled weight decay 5e-4, the loss read back.
 *
 * @param lib - `{ tf, models, bindOptimizer }` (tfjs, `@lrlab/models`, `@lrlab/schedules`'s bindOptimizer)
 * @param peer - from {@link startPeer}
 * @param name - the model preset
 * @param batch - examples per step
 * @param threads - PyTorch's thread count (lrlab's is its backend's)
 * @returns the parameter count, lrlab's step, and dispose()
 * @throws Error when peer.py fails or builds another parameter count
 */
export async function pairedConvNet({ tf, models, bindOptimizer }, peer, name, batch, threads) {
  const config = models.resolveModelConfig(models.modelPreset(name, name === 'small-cnn' ? { dropout: 0 } : { inputShape: [32, 32, 3] }));
  const model = models.buildModel(config, 1);
  const built = await peer.ask({ build: peerSpec(config, models), batch, threads });
  if (built.error) throw new Error(`peer.py: ${built.error}`);
  if (built.parameters !== model.parameterCount()) throw new Error(`${name}: PyTorch has ${built.parameters} parameters, lrlab ${model.parameterCount()}`);
  const [h, w, c] = config.inputShape;
  const x = tf.tensor(normal(batch * h * w * c, 7), [batch, h, w, c]);
  const labels = tf.tensor1d(Int32Array.from({ length: batch }, (_, i) => i % config.numClasses), 'int32');
  const optimizer = bindOptimizer({ optimizer: { kind: 'nesterov', momentum: 0.9 }, learningRate: 0.01, weightDecay: { mode: 'coupled', value: 5e-4 } });
  let index = 0;
  return {
    parameters: built.parameters,
    step() {
      const { value, grads } = tf.variableGrads(() => model.loss(model.apply(x, { training: true, step: index }), labels), [...model.trainableVariables]);
      optimizer.applyGradients(grads, index++);
      value.dataSync();
      tf.dispose([value, grads]);
    },
    dispose() {
      optimizer.dispose();
      model.dispose();
      tf.dispose([x, labels]);
    },
  };
}
