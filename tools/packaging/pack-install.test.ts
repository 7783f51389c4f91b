/**
 * Packs every publishable package (the list in packages.mjs) with `npm pack`, installs the tarballs into a fresh project outside the
 * workspace, and imports each package from an ES module and from a CommonJS script, then runs the
 * installed `lrlab` binary. Needs the packages built (`npm test` builds first).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
/** packages.mjs's list (an ES module, so read as text here). */
const PACKAGES = [...readFileSync(join(__dirname, 'packages.mjs'), 'utf8').matchAll(/'([a-z]+)'/g)].map((m) => m[1]!);
const tfjsVersion = (JSON.parse(readFileSync(join(root, 'node_modules/@tensorflow/tfjs/package.json'), 'utf8')) as { version: string }).version;

/** A runtime export each package must expose (type-only packages expose none yet). */
const RUNTIME_EXPORT: Record<string, string | undefined> = {
  core: 'deriveSeed',
  backends: 'initBackend',
  blas: 'isBlasAvailable',
  webgpu: 'registerWebGpuBackend',
  datasets: 'SYNTHETIC_GROUPS',
  experiments: 'runExperiment',
  report: 'writeStudyReport',
  cli: 'runCli',
};

describe('the packed packages', () => {
  it('are the eleven workspace packages', () => {
    expect(PACKAGES).toEqual(['core', 'backends', 'blas', 'webgpu', 'schedules', 'datasets', 'models', 'metrics', 'experiments', 'report', 'cli']);
    expect([...PACKAGES].sort()).toEqual(readdirSync(join(root, 'packages')).sort());
  });

  let project: string;

  beforeAll(() => {
    for (const name of PACKAGES) {
      if (!existsSync(join(root, 'packages', name, 'dist', 'index.js'))) {
        throw new Error(`packages/${name}/dist is missing: run "npm run build" before this test.`);
      }
    }
    project = mkdtempSync(join(tmpdir(), 'lrlab-pack-'));
    const tarballs = join(project, 'tarballs');
    mkdirSync(tarballs);
    execFileSync('npm', ['pack', '--silent', '--pack-destination', tarballs, ...PACKAGES.map((p) => `./packages/${p}`)], {
      cwd: root,
      stdio: 'pipe',
      env: { ...process.env, npm_config_loglevel: 'error' },
    });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }));
    const files = readdirSync(tarballs).map((f) => join(tarballs, f));
    expect(files).toHaveLength(PACKAGES.length);
    execFileSync(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', ...files, `@tensorflow/tfjs@${tfjsVersion}`, `@tensorflow/tfjs-backend-wasm@${tfjsVersion}`],
      { cwd: project, stdio: 'pipe', env: { ...process.env, npm_config_loglevel: 'error' } },
    );
  }, 240_000);

  afterAll(() => {
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it.each(PACKAGES)('@lrlab/%s imports from an ES module and from CommonJS', (name) => {
    const exported = RUNTIME_EXPORT[name];
    const check = exported ? `if (m[${JSON.stringify(exported)}] === undefined) throw new Error('missing export ${exported}');` : '';
    writeFileSync(join(project, `${name}.mjs`), `import * as m from '@lrlab/${name}';\n${check}\nconsole.log('esm ok', Object.keys(m).length);\n`);
    writeFileSync(join(project, `${name}.cjs`), `const m = require('@lrlab/${name}');\n${check}\nconsole.log('cjs ok', Object.keys(m).length);\n`);
    expect(execFileSync('node', [`${name}.mjs`], { cwd: project, encoding: 'utf8' })).toMatch(/^esm ok \d+/);
    expect(execFileSync('node', [`${name}.cjs`], { cwd: project, encoding: 'utf8' })).toMatch(/^cjs ok \d+/);
  });

  it('installs @lrlab/webgpu without its optional peers, which it names', () => {
    const script = "console.log(require('@lrlab/webgpu').webgpuPackages().detail)";
    expect(execFileSync('node', ['-e', script], { cwd: project, encoding: 'utf8' })).toMatch(/^webgpu@0\.6\.2 and @tensorflow\/tfjs-backend-webgpu are not installed/);
  });

  it('installs a working lrlab binary', () => {
    const help = execFileSync(join(project, 'node_modules', '.bin', 'lrlab'), ['--help'], { cwd: project, encoding: 'utf8' });
    expect(help).toMatch(/Usage: lrlab <command>/);
    expect(help).toMatch(/doctor/);
  });
});
