import { createProgress, type ProgressStream } from '../src';

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
