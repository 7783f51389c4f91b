/**
 * A run killed with SIGKILL at an arbitrary instant must leave a folder it can resume from
 * exactly. The real record sources run in a child process (transpiled here, so no stale build is
 * involved), saving checkpoints and appending metrics in a loop; the child is killed several times
 * and resumed each time, and the folder is checked after every kill and at the end.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { MetricsLog, loadLatestCheckpoint, readMetricsFile } from '../src/record';

const SRC = join(__dirname, '..', 'src', 'record');
const CORE_SRC = join(__dirname, '..', '..', 'core', 'src');
const BACKENDS_SRC = join(__dirname, '..', '..', 'backends', 'src');
const FLOATS = 250_000;
const CHECKPOINT_EVERY = 3;

/** Transpiles `record/*.ts` and the parts of core and backends it uses into `root`, as CommonJS. */
function transpile(root: string): void {
  const options: ts.CompilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
  const emit = (from: string, to: string): void => {
    fs.writeFileSync(to, ts.transpileModule(fs.readFileSync(from, 'utf8'), { compilerOptions: options, fileName: from }).outputText);
  };
  fs.mkdirSync(join(root, 'record'));
  for (const name of fs.readdirSync(SRC)) emit(join(SRC, name), join(root, 'record', name.replace(/\.ts$/, '.js')));
  // The record files need only core's errors and argument checks; a two-line index stands in
  // for core's (which would also load tfjs).
  const core = join(root, 'node_modules', '@lrlab', 'core');
  fs.mkdirSync(core, { recursive: true });
  emit(join(CORE_SRC, 'errors.ts'), join(core, 'errors.js'));
  emit(join(CORE_SRC, 'check.ts'), join(core, 'check.js'));
  fs.writeFileSync(join(core, 'index.js'), "module.exports = { ...require('./errors'), ...require('./check') };\n");
  // Likewise backends: the record files need only its runtime descriptions.
  const backends = join(root, 'node_modules', '@lrlab', 'backends');
  fs.mkdirSync(backends, { recursive: true });
  emit(join(BACKENDS_SRC, 'runtime.ts'), join(backends, 'index.js'));
}

/** The child: resume from the latest checkpoint, then append a line per step and checkpoint every 3 steps. */
const CHILD = `
const { MetricsLog, saveCheckpoint, loadLatestCheckpoint } = require('./record/index.js');
const [dir, maxStepsText] = process.argv.slice(2);
const maxSteps = Number(maxStepsText);
const tensorsAt = (step) => {
  const w = new Float32Array(${FLOATS});
  for (let i = 0; i < w.length; i++) w[i] = step + i / 1024;
  return { w: { dtype: 'float32', shape: [${FLOATS}], data: w }, step: { dtype: 'int32', shape: [], data: Int32Array.of(step) } };
};
const log = MetricsLog.open(dir + '/metrics.jsonl');
const resumed = loadLatestCheckpoint(dir);
let step = resumed ? resumed.meta.step : 0;
log.truncate(resumed ? resumed.meta.metricsOffset : 0);
process.stdout.write('resumed ' + step + '\\n');
while (step < maxSteps) {
  step += 1;
  log.append({ step, value: step / 8, pad: 'x'.repeat(step % 40) });
  if (step % ${CHECKPOINT_EVERY} === 0) {
    saveCheckpoint(dir, { meta: { step, metricsOffset: log.offset }, tensors: tensorsAt(step) });
    process.stdout.write('saved ' + step + '\\n');
  }
}
log.close();
process.stdout.write('done ' + step + '\\n');
`;

interface ChildRun {
  readonly lines: string[];
  readonly signal: NodeJS.Signals | null;
  readonly code: number | null;
}

/**
 * Runs the child; when `killAfterSaves` is given, SIGKILLs it `delayMs` after its n-th save of
 * this run (the kill then lands mid-append, mid-write or mid-rotation, depending on timing).
 */
function runChild(root: string, dir: string, maxSteps: number, killAfterSaves?: number, delayMs = 0): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'child.js'), dir, String(maxSteps)], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    const lines: string[] = [];
    let stderr = '';
    let buffered = '';
    let saves = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop()!;
      for (const line of parts) {
        lines.push(line);
        if (line.startsWith('saved ')) saves += 1;
        if (killAfterSaves !== undefined && saves === killAfterSaves && line.startsWith('saved ')) {
          setTimeout(() => child.kill('SIGKILL'), delayMs);
        }
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code !== 0 && signal === null) reject(new Error(`child failed with code ${code}: ${stderr}`));
      else resolve({ lines, signal, code });
    });
  });
}

/** Checks what a resume relies on and returns the checkpoint's step. */
function checkResumable(dir: string): number {
  const checkpoint = loadLatestCheckpoint<{ step: number; metricsOffset: number }>(dir);
  expect(checkpoint).toBeDefined();
  const { step, metricsOffset } = checkpoint!.meta;
  expect(step % CHECKPOINT_EVERY).toBe(0);
  const metricsPath = join(dir, 'metrics.jsonl');
  expect(metricsOffset).toBeLessThanOrEqual(fs.statSync(metricsPath).size);

  // The tensors are exactly those saved at that step.
  const w = checkpoint!.tensors['w']!.data;
  const expected = new Float32Array(FLOATS);
  for (let i = 0; i < FLOATS; i++) expected[i] = step + i / 1024;
  expect(Buffer.from(w.buffer, w.byteOffset, w.byteLength).equals(Buffer.from(expected.buffer))).toBe(true);
  expect(Array.from(checkpoint!.tensors['step']!.data)).toEqual([step]);

  // Every complete line parses, and they are the steps 1, 2, ... in order, none repeated.
  const records = readMetricsFile(metricsPath);
  expect(records.map((r) => r['step'])).toEqual(records.map((_, i) => i + 1));
  expect(records.length).toBeGreaterThanOrEqual(step);

  // Cutting back to the checkpoint's offset keeps exactly the lines it had seen.
  const log = MetricsLog.open(metricsPath);
  log.truncate(metricsOffset);
  expect(log.readAll().map((r) => r['step'])).toEqual(Array.from({ length: step }, (_, i) => i + 1));
  expect(log.tornBytes).toBe(0);
  log.close();
  return step;
}

describe('a run killed with SIGKILL', () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(join(tmpdir(), 'lrlab-record-kill-'));
    transpile(root);
    fs.writeFileSync(join(root, 'child.js'), CHILD);
  });
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('resumes exactly from its checkpoint and metrics, after every kill', async () => {
    const dir = join(root, 'run');
    fs.mkdirSync(dir);
    let lastStep = 0;
    const killed: number[] = [];
    for (let round = 0; round < 5; round++) {
      const run = await runChild(root, dir, 100_000, 2 + (round % 3), round * 2);
      expect(run.signal).toBe('SIGKILL');
      expect(run.lines[0]).toBe(`resumed ${lastStep}`);
      const step = checkResumable(dir);
      expect(step).toBeGreaterThan(lastStep);
      killed.push(step);
      lastStep = step;
      // No leftovers after a load: temp and old folders of the dead child are gone.
      expect(fs.readdirSync(join(dir, 'checkpoints')).filter((name) => name.startsWith('.'))).toEqual([]);
    }

    // A final uninterrupted run to the end: the record is that of a run never killed.
    const end = lastStep + 2 * CHECKPOINT_EVERY;
    const final = await runChild(root, dir, end);
    expect(final.code).toBe(0);
    expect(final.lines).toEqual([`resumed ${lastStep}`, `saved ${lastStep + 3}`, `saved ${end}`, `done ${end}`]);
    const records = readMetricsFile(join(dir, 'metrics.jsonl'));
    expect(records).toEqual(Array.from({ length: end }, (_, i) => ({ step: i + 1, value: (i + 1) / 8, pad: 'x'.repeat((i + 1) % 40) })));
    expect(checkResumable(dir)).toBe(end);
    expect(fs.readdirSync(join(dir, 'checkpoints')).sort()).toEqual(['latest', 'previous']);
  });
});
