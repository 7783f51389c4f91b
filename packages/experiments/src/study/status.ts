/** Where each run of a study stands, read from the run folders alone (no scheduler needed). */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readManifest } from '../record/manifest';
import { LOCK_FILE } from '../record/run-lock';
import { isProcessAlive } from '../record/fs-helpers';
import { hasCheckpoint } from '../record/checkpoint';
import { STUDY_FILE } from './study-file';
import { expandStudy } from './expand';
import type { StudyConfig } from './types';

/**
 * A run's state: `pending` (no folder yet), `running` (a live process holds its lock),
 * `interrupted` (started, not running now: resume it by running the study again), `done`,
 * `diverged` or `failed`.
 */
export type RunStatusName = 'pending' | 'running' | 'interrupted' | 'done' | 'diverged' | 'failed';

/** One run's state. */
export interface RunStatusLine {
  /** The run's id: its folder name, `<run>-seed<k>`. */
  readonly id: string;
  /** Its folder. */
  readonly dir: string;
  /** Its state. */
  readonly status: RunStatusName;
  /** Whether it has a checkpoint to resume from. */
  readonly checkpoint: boolean;
}

function lockIsLive(dir: string): boolean {
  try {
    const owner = JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8')) as { pid?: number };
    return typeof owner.pid === 'number' && isProcessAlive(owner.pid);
  } catch {
    return false;
  }
}

/**
 * The state of every run of a study folder.
 *
 * @param studyDir - the folder holding `study.json`
 * @returns one line per (run, seed), in the study's order
 */
export function studyStatus(studyDir: string): RunStatusLine[] {
  const study = JSON.parse(fs.readFileSync(path.join(studyDir, STUDY_FILE), 'utf8')) as StudyConfig;
  return expandStudy(study, path.dirname(studyDir)).map((run) => {
    const dir = path.join(studyDir, path.basename(run.dir));
    const id = path.basename(dir);
    if (!fs.existsSync(dir)) return { id, dir, status: 'pending', checkpoint: false };
    const manifest = readManifest(dir);
    const checkpoint = hasCheckpoint(dir);
    const status: RunStatusName =
      manifest?.status === 'finished'
        ? 'done'
        : manifest?.status === 'diverged'
          ? 'diverged'
          : manifest?.status === 'failed'
            ? 'failed'
            : lockIsLive(dir)
              ? 'running'
              : 'interrupted';
    return { id, dir, status, checkpoint };
  });
}
