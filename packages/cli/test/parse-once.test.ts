/**
 * Config flows one way, once: on one run's path from the command line (`lrlab run config.json`),
 * the config is parsed once, resolved once, and its dataset built once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
// eslint-disable-next-line @nx/enforce-module-boundaries -- spying on the datasets package's build function where it is defined
import * as datasetBuild from '../../datasets/src/assemble/build';
// eslint-disable-next-line @nx/enforce-module-boundaries -- spying on the experiments package's parse and resolve where they are defined
import * as configResolve from '../../experiments/src/config/resolve';
import { runCli } from '../src';
import { tempDir, tinyConfig } from '../../../tools/testing/fixtures';
import { capture } from './capture';

describe('one run from the CLI', () => {
  it('parses its config once, resolves it once and builds its dataset once', async () => {
    const parse = jest.spyOn(configResolve, 'parseExperimentConfig');
    const resolve = jest.spyOn(configResolve, 'resolveExperimentConfig');
    const build = jest.spyOn(datasetBuild, 'buildCheckedDataset');
    const { dir, cleanup } = tempDir();
    try {
      const file = path.join(dir, 'config.json');
      fs.writeFileSync(file, JSON.stringify(tinyConfig({ name: 'once' })));
      const io = capture();
      expect(await runCli(['run', file, '--out', path.join(dir, 'out')], io)).toBe(0);
      expect(fs.existsSync(path.join(dir, 'out', 'once', 'once-seed1', 'metrics.jsonl'))).toBe(true);
      expect({ parse: parse.mock.calls.length, resolve: resolve.mock.calls.length, datasetBuild: build.mock.calls.length }).toEqual({ parse: 1, resolve: 1, datasetBuild: 1 });
      // A re-run finds it finished: checked again (a new process would), but no data is built.
      expect(await runCli(['run', file, '--out', path.join(dir, 'out')], capture())).toBe(0);
      expect(build.mock.calls.length).toBe(1);
    } finally {
      parse.mockRestore();
      resolve.mockRestore();
      build.mockRestore();
      cleanup();
    }
  });
});
