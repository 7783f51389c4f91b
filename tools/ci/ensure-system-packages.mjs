#!/usr/bin/env node
// pretest: the Debian packages the test suite reads real data from. When one is missing, install
// it if we are root (as CI is), otherwise stop with the exact command to run. Never a silent skip.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

/** Debian packages the tests need, each with a file that proves it is installed. */
const REQUIRED = [
  { name: 'dataset-fashion-mnist', proof: '/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz' },
];

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
console.log(`pretest: installing ${names.join(', ')} (${command})`);
// A fresh container often has no package lists yet: update once if the first try fails.
const installed = run(['install', '-y', ...names]) || (run(['update']) && run(['install', '-y', ...names]));
const stillMissing = missing.filter((p) => !existsSync(p.proof));
if (!installed || stillMissing.length > 0) {
  console.error(`pretest: could not install ${stillMissing.map((p) => p.name).join(', ') || names.join(', ')}.`);
  console.error(`Run \`${command}\` by hand and re-run the tests.`);
  process.exit(1);
}
