/**
 * The crash-resume soak at CI size: 10 SIGKILLs at seeded random moments, each followed by a check
 * that the run folder is readable and a restart that resumes; the final metrics must equal an
 * uninterrupted run's byte for byte. Uses the built CLI (`npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

describe('crash-resume soak', () => {
  it('survives 10 SIGKILLs with metrics identical to an uninterrupted run', () => {
    const script = path.join(__dirname, 'crash-resume.mjs');
    const result = spawnSync(process.execPath, [script, '--kills', '10', '--seed', '3', '--epochs', '1500'], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    const summary = JSON.parse(result.stdout.trim().split('\n').at(-1)!) as {
      kills: number;
      identical: boolean;
      events: { state: string }[];
    };
    expect(summary.kills).toBe(10);
    expect(summary.identical).toBe(true);
    expect(summary.events.every((e) => /checkpoint at step \d+|no checkpoint yet|not started/.test(e.state))).toBe(true);
    expect(result.status).toBe(0);
  }, 180_000);
});
