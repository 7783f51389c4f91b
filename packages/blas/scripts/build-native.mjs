#!/usr/bin/env node
// Builds the OpenBLAS addon (build/Release/lrlab_blas.node) with node-gyp when OpenBLAS's headers
// and library and a C compiler are present. When something is missing it prints one line naming it
// and the install command, and exits 0, so the rest of the workspace still builds and the package
// still installs; @lrlab/blas then reports itself unavailable and lrlab falls back to wasm.
// Under CI=true (CI installs libopenblas-dev first) a failed build fails loudly instead, except
// with --install (the package's npm install hook), which must never fail a user's install.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const installHook = process.argv.includes('--install');
const strict = process.env.CI === 'true' && !installHook;
const APT = 'apt-get install -y libopenblas-dev build-essential';

/** Stops: loudly under CI, otherwise with one line and exit status 0. */
function skip(what) {
  if (strict) {
    console.error(`@lrlab/blas: native build failed under CI=true: ${what}. Install it with: ${APT}`);
    process.exit(1);
  }
  console.log(`@lrlab/blas: native addon not built (${what}); lrlab will use wasm. To enable it: sudo ${APT}`);
  process.exit(0);
}

const arch = { x64: 'x86_64-linux-gnu', arm64: 'aarch64-linux-gnu' }[process.arch] ?? '';
const includeDirs = ['/usr/include', `/usr/include/${arch}`, '/usr/local/include', '/usr/include/openblas'];
const libDirs = [`/usr/lib/${arch}`, '/usr/lib', '/usr/local/lib', '/usr/lib64'];
if (!includeDirs.some((d) => existsSync(join(d, 'cblas.h')))) skip('cblas.h from OpenBLAS is missing');
if (!libDirs.some((d) => existsSync(join(d, 'libopenblas.so')))) skip('libopenblas.so is missing');
const hasCompiler = (cmd) => spawnSync(cmd, ['--version'], { stdio: 'ignore' }).status === 0;
if (!hasCompiler('cc') && !hasCompiler('gcc')) skip('no C compiler (cc) was found');

// node-gyp ships inside npm; prefer the copy beside the running npm, else the one on PATH.
const npmDir = [process.env.npm_execpath && dirname(dirname(process.env.npm_execpath)), join(dirname(process.execPath), '..', 'lib', 'node_modules', 'npm')]
  .filter(Boolean)
  .find((d) => existsSync(join(d, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')));
const nodeGyp = npmDir ? [process.execPath, join(npmDir, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js')] : ['node-gyp'];
// Node's own headers (Debian's nodejs ships them under /usr/include/node): no download needed.
const nodeRoot = join(dirname(process.execPath), '..');
const args = ['rebuild', '--loglevel=error'];
if (existsSync(join(nodeRoot, 'include', 'node', 'node_api.h'))) args.push(`--nodedir=${nodeRoot}`);

const result = spawnSync(nodeGyp[0], [...nodeGyp.slice(1), ...args], { cwd: packageDir, stdio: strict ? 'inherit' : 'pipe', encoding: 'utf8' });
if (result.status !== 0) {
  const detail = `${result.stderr ?? ''}${result.stdout ?? ''}`.trim().split('\n').filter(Boolean).slice(-1)[0] ?? result.error?.message ?? `exit ${result.status}`;
  skip(`node-gyp failed: ${detail}`);
}
console.log('@lrlab/blas: native addon built (build/Release/lrlab_blas.node)');
