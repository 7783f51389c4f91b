import { createProgress, runStudy, silentProgress, type ProgressStream, type StudyProgress } from '../src';
import { defaultStudyProgress } from '../src/study/run-study';
import { tempDir, tinyStudy } from '../../../tools/testing/fixtures';

function stream(isTTY: boolean): ProgressStream & { text: string } {
  const s = { text: '', isTTY, write: (t: string) => (s.text += t) };
  return s;
}

const step = (n: number) => ({ run: 'r', step: n, totalSteps: 100, epoch: n / 10, loss: 0.5, learningRate: 0.1 });

describe('progress', () => {
  it('redraws one line in place on a terminal, at most every 100 ms, with epoch, step, loss, LR and ETA', () => {
    let now = 0;
    const out = stream(true);
    const progress = createProgress({ stream: out, now: () => now });
    progress.step(step(1));
    now = 50;
    progress.step(step(2)); // within 100 ms: not drawn
    now = 1000;
    progress.step(step(10));
    progress.done();
    const frames = out.text.split('\r\x1b[2K').filter(Boolean);
    expect(frames).toHaveLength(2);
    expect(frames[1]).toMatch(/^r \[#{2}\.{18}\] epoch 1\.00 step 10\/100 loss 0\.5000 lr 0\.1000 eta 00:09\n$/);
  });

  it('prints plain lines every interval off a terminal, and the last step at the end', () => {
    let now = 0;
    const out = stream(false);
    const progress = createProgress({ stream: out, now: () => now, plainIntervalSeconds: 10 });
    for (let n = 1; n <= 50; n++) {
      now = n * 400; // 0.4 s per step
      progress.step(step(n));
    }
    progress.note('checkpoint');
    progress.done();
    const lines = out.text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^r epoch 0\.10 step 1\/100/);
    expect(lines.filter((l) => l.includes('step 26/100'))).toHaveLength(1); // 10 s after step 1
    expect(lines.at(-2)).toBe('checkpoint');
    expect(lines.at(-1)).toMatch(/step 50\/100 .* eta 00:20$/);
    expect(out.text).not.toContain('\r');
  });
});

describe("a study's progress", () => {
  it('draws a bar by default only on a terminal', () => {
    const tty = stream(true);
    defaultStudyProgress(tty).step(step(1));
    expect(tty.text).toMatch(/\r\x1b\[2Kr \[/);
    const pipe = stream(false);
    defaultStudyProgress(pipe).step(step(1));
    defaultStudyProgress(pipe).note('a line');
    expect(pipe.text).toBe('');
  });

  it('reports each run start, every step and each run end to onProgress', async () => {
    const { dir, cleanup } = tempDir();
    try {
      const events: StudyProgress[] = [];
      const study = { ...tinyStudy(), seeds: [1], baselines: [] };
      await runStudy(study, { outDir: dir, progress: silentProgress, onProgress: (e) => events.push(e) });
      const starts = events.filter((e) => e.event === 'start').map((e) => `${e.index}/${e.count} ${e.run}`);
      expect(starts).toEqual(['0/2 large', '1/2 small']);
      const steps = events.filter((e) => e.event === 'step' && e.run === 'large');
      expect(steps.map((e) => e.step!.step)).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1));
      expect(steps.at(-1)!.step!.step).toBe(steps.at(-1)!.step!.totalSteps);
      expect(events.filter((e) => e.event === 'end').map((e) => e.outcome!.status)).toEqual(['finished', 'finished']);
      expect(events.at(-1)!.event).toBe('end');
    } finally {
      cleanup();
    }
  });
});
