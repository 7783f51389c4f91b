#!/usr/bin/env node
// The Debian packages the test suite reads real data from, builds against, or runs (a Slurm cluster,
// Mesa's software GPU for the webgpu tests).
// pretest: when one is missing, install it if we are root (as CI is), otherwise stop with the exact
// command to run. Never a silent skip.
// preinstall (`--when-ci`): the same, but only under CI=true, so that `npm ci` in CI builds the
// OpenBLAS addon (a failed native build is fatal there); elsewhere it does nothing, and a user's
// install never needs these packages.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** Debian packages the tests need, each with a file that proves it is installed. */
const REQUIRED = [
  { name: 'dataset-fashion-mnist', proof: '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz' },
  // @lrlab/blas builds its native addon against OpenBLAS's cblas.h (CI=true makes a failed build fatal).
  { name: 'libopenblas-dev', proof: '/usr/include/x86_64-linux-gnu/cblas.h' },
  // With oneDNN's header there, the addon runs its convolutions' forward pass and input gradient on oneDNN.
  { name: 'libdnnl-dev', proof: '/usr/include/oneapi/dnnl/dnnl.h' },
  // The Slurm test starts a one-node cluster (slurmctld + slurmd, authenticated by munge).
  { name: 'slurm-wlm', proof: '/usr/sbin/slurmctld' },
  { name: 'munge', proof: '/usr/sbin/munged' },
  // The webgpu tests run tfjs's WebGPU backend on Mesa's llvmpipe through OpenGL ES (EGL, surfaceless).
  { name: 'libegl1', proof: '/usr/lib/x86_64-linux-gnu/libEGL.so.1' },
  { name: 'libegl-mesa0', proof: '/usr/lib/x86_64-linux-gnu/libEGL_mesa.so.0' },
  { name: 'libgles2', proof: '/usr/lib/x86_64-linux-gnu/libGLESv2.so.2' },
  { name: 'libgl1-mesa-dri', proof: '/usr/lib/x86_64-linux-gnu/dri/swrast_dri.so' },
];

const whenCi = process.argv.includes('--when-ci');
if (whenCi && process.env.CI !== 'true') process.exit(0);
const step = whenCi ? 'preinstall (CI)' : 'pretest';

const missing = REQUIRED.filter((p) => !existsSync(p.proof));
if (missing.length === 0) process.exit(0);

const names = missing.map((p) => p.name);
const command = `apt-get install -y ${names.join(' ')}`;
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (!isRoot) {
  console.error(`The tests need the Debian package(s) ${names.join(', ')}, which are not installed.`);
  console.error(`Install them, then re-run the tests:\n\n  sudo ${command}\n`);
  process.exit(1);
}

const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
const run = (args) => spawnSync('apt-get', args, { stdio: 'inherit', env }).status === 0;
console.log(`${step}: installing ${names.join(', ')} (${command})`);
// A fresh container often has no package lists yet: update once if the first try fails.
const installed = run(['install', '-y', ...names]) || (run(['update']) && run(['install', '-y', ...names]));
const stillMissing = missing.filter((p) => !existsSync(p.proof));
if (!installed || stillMissing.length > 0) {
  console.error(`${step}: could not install ${stillMissing.map((p) => p.name).join(', ') || names.join(', ')}.`);
  console.error(`Run \`${command}\` by hand and re-run the tests.`);
  process.exit(1);
}
