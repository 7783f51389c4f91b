// The JavaScript side of peer.py's line-per-request conversation, shared by the bench's pytorch cell
// and tools/device/gpu-steps.mjs: `ask(request)` resolves with peer.py's JSON reply.
import { spawn } from 'node:child_process';
import * as path from 'node:path';

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
