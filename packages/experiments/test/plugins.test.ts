import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '@lrlab/core';
import { loadPlugins, sha256File } from '../src/plugins/load-plugins';
import { tempDir } from '../../../tools/testing/fixtures';

const HALVING = `module.exports = {
  schedules: {
    halving: {
      description: 'halves the value every \`every\` steps',
      fields: { initialValue: 'the value at step 0', every: 'steps between halvings' },
      resolve: (config) => config,
      build: (config) => (step) => config.initialValue / 2 ** Math.floor(step / config.every),
    },
  },
};
`;

describe('loadPlugins', () => {
  let root: ReturnType<typeof tempDir>;
  beforeAll(() => {
    root = tempDir('lrlab-plugins-');
  });
  afterAll(() => root.cleanup());

  it('loads a .cjs module relative to the study folder and records its path and hash', async () => {
    fs.writeFileSync(path.join(root.dir, 'kinds.cjs'), HALVING);
    const [plugin] = await loadPlugins(['./kinds.cjs'], root.dir);
    expect(plugin!.record).toEqual({ path: path.join(root.dir, 'kinds.cjs'), sha256: sha256File(path.join(root.dir, 'kinds.cjs')) });
    expect(plugin!.record.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(plugin!.kinds.schedules!)).toEqual(['halving']);
  });

  it('loads a file once per process: its record always matches the code that runs', async () => {
    const file = path.join(root.dir, 'changing.cjs');
    fs.writeFileSync(file, HALVING);
    const [before] = await loadPlugins([file], root.dir);
    fs.writeFileSync(file, HALVING.replace('halving:', 'thirds:'));
    const [after] = await loadPlugins([file], root.dir);
    expect(after).toBe(before);
    expect(sha256File(file)).not.toBe(before!.record.sha256);
  });

  it('names the plugin and what is wrong: path, ending, export, section', async () => {
    await expect(loadPlugins(['./missing.cjs'], root.dir)).rejects.toThrow(/Invalid plugins\[0\]: expected an existing file .*missing\.cjs/);
    await expect(loadPlugins(['./kinds.ts'], root.dir)).rejects.toThrow(/a path ending in \.mjs, \.cjs or \.js/);
    await expect(loadPlugins([3], root.dir)).rejects.toThrow(ConfigError);
    fs.writeFileSync(path.join(root.dir, 'function.cjs'), 'module.exports = (step) => 0.1;\n');
    await expect(loadPlugins(['function.cjs'], root.dir)).rejects.toThrow(/default export \(or module\.exports\) is an object/);
    fs.writeFileSync(path.join(root.dir, 'typo.cjs'), 'module.exports = { schedule: {} };\n');
    await expect(loadPlugins(['typo.cjs'], root.dir)).rejects.toThrow(/Invalid plugins\[0\] \(.*typo\.cjs\)\.schedule: expected one of the registries "schedules"/);
    fs.writeFileSync(path.join(root.dir, 'broken.cjs'), 'module.exports = {;\n');
    await expect(loadPlugins(['broken.cjs'], root.dir)).rejects.toThrow(/expected a module that loads.*Loading it failed/);
  });
});
