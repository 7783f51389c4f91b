// docs/guides/new-study.md's example, run as written at its tiny size.
import * as fs from 'node:fs';
// eslint-disable-next-line @nx/enforce-module-boundaries -- the guide's example lives in docs/, outside every package
import { cosineVsStepStudy, main } from '../../../docs/guides/examples/cosine-vs-step';
import { tempDir } from '../../../tools/testing/fixtures';

describe('the new-study guide', () => {
  it('builds a JSON study from public APIs and runs it to a report', async () => {
    const study = cosineVsStepStudy('tiny', [1]);
    expect(JSON.parse(JSON.stringify(study))).toEqual(study);
    expect(study.runs[1]!.learningRate).toMatchObject({ unit: 'epoch', schedule: { kind: 'cosine-decay' } });
    const { dir, cleanup } = tempDir();
    try {
      const report = await main('tiny', dir, [1]);
      const text = fs.readFileSync(report, 'utf8');
      expect(text).toMatch(/\| cosine − step \|/);
      expect(text).toMatch(/small-cosine-noise/);
    } finally {
      cleanup();
    }
  }, 120_000);
});
