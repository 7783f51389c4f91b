#!/usr/bin/env node
// Proves every package is publishable: publint (package.json, exports, files) and
// @arethetypeswrong/cli (types resolve for CommonJS and ES module consumers under every
// module resolution). Both run on what `npm pack` would ship, so the packages must be built.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PACKAGES } from './packages.mjs';

const root = new URL('../..', import.meta.url).pathname;
const bin = (name) => join(root, 'node_modules', '.bin', name);
let failures = 0;

for (const name of PACKAGES) {
  const dir = join(root, 'packages', name);
  if (!existsSync(join(dir, 'dist', 'index.js'))) {
    console.error(`@lrlab/${name}: dist/ is missing. Run "npm run build" first.`);
    failures++;
    continue;
  }
  for (const [tool, args] of [
    ['publint', ['--strict', dir]],
    ['attw', ['--pack', dir, '--format', 'ascii']],
  ]) {
    const run = spawnSync(bin(tool), args, { encoding: 'utf8', cwd: root });
    const output = `${run.stdout}${run.stderr}`.trim();
    if (run.status === 0) {
      console.log(`@lrlab/${name}: ${tool} ok`);
    } else {
      failures++;
      console.error(`@lrlab/${name}: ${tool} failed\n${output}`);
    }
  }
}

if (failures > 0) {
  console.error(`check-packages: ${failures} check(s) failed.`);
  process.exit(1);
}
console.log(`check-packages: all ${PACKAGES.length} packages pass publint and attw.`);
