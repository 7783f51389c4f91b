#!/usr/bin/env node
// Makes what a device machine needs to run tools/device/gpu-steps.mjs (it has no network and may
// have no Node.js; a call carries at most 64 MiB): .device/webgpu/node.xz (this Node binary) and
// .device/webgpu/app.tar.xz (the files gpu-steps.mjs loads, found by running it here on the
// webgpu backend with a require trace, plus peer.py and the run script). Then rehearses: unpacks
// both into a scratch folder and runs tools/device/run-gpu-steps.sh there, as the device will.
// Usage: node tools/device/bundle.mjs [--no-rehearse]   (build the packages first: npm run build)
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const OUT = path.join(ROOT, '.device', 'webgpu');
const log = (line) => process.stderr.write(`${line}\n`);

/** Every file gpu-steps.mjs loads through require, from a short run on this machine's adapter. */
function tracedFiles() {
  const trace = path.join(os.tmpdir(), `lrlab-trace-${process.pid}.txt`);
  const run = spawnSync(process.execPath, ['--require', path.join(ROOT, 'tools/device/trace-requires.cjs'), 'tools/device/gpu-steps.mjs', '--rows', 'wrn10x1:2,two-layer:10,small-cnn:4', '--warmup', '0', '--reps', '1', '--peer-device', 'none'], {
    cwd: ROOT,
    env: { ...process.env, LRLAB_TRACE_OUT: trace },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`the traced run failed:\n${run.stderr}`);
  const files = fs.readFileSync(trace, 'utf8').split('\n').filter(Boolean);
  fs.rmSync(trace);
  return files;
}

/** The package.json of the package a file belongs to (the nearest one above it). */
function packageJsonOf(file) {
  for (let dir = path.dirname(file); dir.startsWith(ROOT) && dir !== ROOT; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'package.json');
    if (fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

function stage(files) {
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlab-bundle-'));
  const wanted = new Set();
  for (const file of files) {
    if (!file.startsWith(`${ROOT}/`)) throw new Error(`${file} is outside the repository`);
    wanted.add(file);
    const pkg = packageJsonOf(file);
    if (pkg) wanted.add(pkg);
  }
  for (const extra of ['tools/device/gpu-steps.mjs', 'tools/device/run-gpu-steps.sh', 'tools/bench/pytorch/peer.py', 'tools/bench/pytorch/peer-client.mjs', 'tools/bench/measure.mjs']) wanted.add(path.join(ROOT, extra));
  for (const file of wanted) {
    const to = path.join(staging, path.relative(ROOT, file));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(file, to);
  }
  // npm links workspace packages into node_modules/@lrlab; resolution from dist/ needs the links.
  fs.mkdirSync(path.join(staging, 'node_modules', '@lrlab'), { recursive: true });
  for (const name of fs.readdirSync(path.join(staging, 'packages'))) fs.symlinkSync(path.join('..', '..', 'packages', name), path.join(staging, 'node_modules', '@lrlab', name));
  return { staging, count: wanted.size };
}

const mib = (file) => `${(fs.statSync(file).size / 2 ** 20).toFixed(1)} MiB`;

const files = tracedFiles();
const { staging, count } = stage(files);
fs.mkdirSync(OUT, { recursive: true });
execFileSync('tar', ['-C', staging, '-cJf', path.join(OUT, 'app.tar.xz'), '.'], { env: { ...process.env, XZ_OPT: '-6 -T2' } });
fs.writeFileSync(path.join(OUT, 'node.xz'), execFileSync('xz', ['-6', '-T2', '-c', process.execPath], { maxBuffer: 2 ** 30 }));
fs.rmSync(staging, { recursive: true, force: true });
log(`${count} files: app.tar.xz ${mib(path.join(OUT, 'app.tar.xz'))}, node.xz ${mib(path.join(OUT, 'node.xz'))} (${process.version}) in ${path.relative(ROOT, OUT)}`);

if (!process.argv.includes('--no-rehearse')) {
  // As on the device: the bundle alone, unpacked in a scratch folder, with a small row set.
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlab-rehearse-'));
  const out = path.join(scratch, 'out');
  fs.mkdirSync(out);
  const run = spawnSync('bash', [path.join(ROOT, 'tools/device/run-gpu-steps.sh')], {
    cwd: ROOT,
    env: { ...process.env, OUT: out, LRLAB_DEVICE_DIR: path.join(scratch, 'lrlab'), ROWS: 'wrn10x1:4,two-layer:50', REPS: '2', PEER_DEVICE: 'cpu', PYTHON: '/usr/bin/python3' },
    encoding: 'utf8',
  });
  log(run.stderr.split('\n').slice(-8).join('\n'));
  if (run.status !== 0) throw new Error(`the rehearsal failed (exit ${run.status})`);
  const result = JSON.parse(fs.readFileSync(path.join(out, 'gpu-steps.json'), 'utf8'));
  log(`rehearsal: ${result.rows.map((r) => `${r.model} b${r.batch} webgpu ${r.webgpuMs.toFixed(0)} ms${r.pytorchMs ? `, PyTorch ${r.pytorchMs.toFixed(0)} ms` : ''}`).join('; ')}`);
  fs.rmSync(scratch, { recursive: true, force: true });
}
