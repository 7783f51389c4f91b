/**
 * Scale-out on a real one-node Slurm cluster: a study submitted with `lrlab slurm --submit` runs as
 * an array job and gives the same per-run metrics as the study run locally in one process; a task
 * cancelled mid-run and re-submitted resumes to identical metrics; finished runs are not re-run.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runStudy, studyStatus, type StudyConfig } from '@lrlab/experiments';
import { renderSbatch, runCli } from '../src';
import { tempDir, tinyConfig } from '../../../tools/testing/fixtures';
import { capture } from './capture';
import { startCluster, waitForJob, type TestCluster } from './slurm-cluster';

function study(name: string, epochs: number, seeds: number[]): StudyConfig {
  return {
    name,
    description: 'A tiny study for the Slurm test.',
    seeds,
    runs: [
      tinyConfig({ name: 'large', training: { epochs, batchSize: 10 }, evaluation: { everyEpochs: 2 }, checkpoint: { everyEpochs: 2 } }),
      tinyConfig({ name: 'small', learningRate: 0.1, training: { epochs, batchSize: 10 }, evaluation: { everyEpochs: 2 }, checkpoint: { everyEpochs: 2 } }),
    ],
    report: { primarySet: 'test', comparisons: [{ a: 'large', b: 'small' }], learningOrder: [], curves: [{ set: 'test', group: 'a-only' }] },
  };
}

function jobIdOf(lines: readonly string[]): string {
  const match = /submitted job (\d+)/.exec(lines.join('\n'));
  if (!match) throw new Error(`no job id in: ${lines.join('\n')}`);
  return match[1]!;
}

const metricsOf = (dir: string): string => fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8');

describe('renderSbatch', () => {
  it('writes one array task per run, the shard of each task, resources and requeue', () => {
    const script = renderSbatch(
      { studyName: 's', studyFile: '/shared/s/study.json', outDir: '/shared', logDir: '/shared/s/slurm', tasks: 6, node: '/usr/bin/node', lrlab: '/opt/lrlab.js' },
      { partition: 'gpu', time: '02:00:00', cpus: 4, mem: '8G', gpus: 1, maxParallel: 3 },
    );
    expect(script).toMatch(/^#!\/bin\/bash\n/);
    for (const line of ['--array=0-5%3', '--output=/shared/s/slurm/%A_%a.out', '--cpus-per-task=4', '--mem=8G', '--time=02:00:00', '--partition=gpu', '--gpus=1', '--requeue']) {
      expect(script).toContain(`#SBATCH ${line}`);
    }
    expect(script).toContain(`'/opt/lrlab.js' run '/shared/s/study.json' --out '/shared' --shard "$((SLURM_ARRAY_TASK_ID + 1))/6"`);
    expect(() => renderSbatch({ studyName: 's', studyFile: 'f', outDir: 'o', logDir: 'l', tasks: 1, node: 'n', lrlab: 'l' }, { time: 'soon' })).toThrow(/--time/);
  });

  it('forwards --allow-runtime-change to every task when asked, and only then', () => {
    const plan = { studyName: 's', studyFile: '/shared/s/study.json', outDir: '/shared', logDir: '/shared/s/slurm', tasks: 2, node: 'n', lrlab: 'l' };
    expect(renderSbatch(plan)).not.toContain('--allow-runtime-change');
    expect(renderSbatch({ ...plan, allowRuntimeChange: true })).toMatch(/--shard "\$\(\(SLURM_ARRAY_TASK_ID \+ 1\)\)\/2" --allow-runtime-change\n/);
  });
});

describe('a study on a one-node Slurm cluster', () => {
  let cluster: TestCluster;
  let root: ReturnType<typeof tempDir>;
  beforeAll(() => {
    cluster = startCluster();
    root = tempDir();
  });
  afterAll(() => {
    cluster?.stop();
    root?.cleanup();
  });

  it('runs 4 array tasks with metrics identical to a local run, and a re-submission re-runs nothing', async () => {
    const s = study('slurm-four', 6, [1, 2]);
    const file = path.join(root.dir, 'study.json');
    fs.writeFileSync(file, JSON.stringify(s));
    const out = path.join(root.dir, 'cluster');
    const io = capture();
    expect(await runCli(['slurm', file, '--out', out, '--cpus', '1', '--submit'], io)).toBe(0);
    expect(io.out[0]).toMatch(/4 array tasks/);
    waitForJob(jobIdOf(io.out), 120_000);
    const studyDir = path.join(out, 'slurm-four');
    expect(studyStatus(studyDir).map((r) => r.status)).toEqual(['done', 'done', 'done', 'done']);

    const local = await runStudy(s, { outDir: path.join(root.dir, 'local') });
    for (const run of local.runs) expect(metricsOf(path.join(studyDir, path.basename(run.dir)))).toBe(metricsOf(run.dir));

    const manifests = studyStatus(studyDir).map((r) => fs.readFileSync(path.join(r.dir, 'manifest.json'), 'utf8'));
    const again = spawnSync('sbatch', ['--parsable', path.join(studyDir, 'slurm', 'job.sbatch')], { encoding: 'utf8', env: process.env });
    expect(again.status).toBe(0);
    waitForJob(again.stdout.trim(), 120_000);
    expect(studyStatus(studyDir).map((r) => fs.readFileSync(path.join(r.dir, 'manifest.json'), 'utf8'))).toEqual(manifests);
    const report = capture();
    expect(await runCli(['report', studyDir], report)).toBe(0);
  }, 300_000);

  it('a task cancelled mid-run resumes from its checkpoint when re-submitted, to identical metrics', async () => {
    const s = { ...study('slurm-cancel', 400, [1]), runs: [study('x', 400, [1]).runs[0]!] };
    const file = path.join(root.dir, 'cancel.json');
    fs.writeFileSync(file, JSON.stringify(s));
    const out = path.join(root.dir, 'cluster');
    const io = capture();
    expect(await runCli(['slurm', file, '--out', out, '--cpus', '1', '--submit'], io)).toBe(0);
    const jobId = jobIdOf(io.out);
    const runDir = path.join(out, 'slurm-cancel', 'large-seed1');
    const deadline = performance.now() + 60_000;
    while (!fs.existsSync(path.join(runDir, 'checkpoints', 'previous'))) {
      if (performance.now() > deadline) throw new Error('the task made no checkpoint');
      spawnSync('sleep', ['0.05']);
    }
    expect(spawnSync('scancel', ['--signal=KILL', `${jobId}_0`], { env: process.env }).status).toBe(0);
    waitForJob(jobId, 60_000);
    expect(studyStatus(path.join(out, 'slurm-cancel'))[0]?.status).toBe('interrupted');

    const resubmit = spawnSync('sbatch', ['--parsable', path.join(out, 'slurm-cancel', 'slurm', 'job.sbatch')], { encoding: 'utf8', env: process.env });
    waitForJob(resubmit.stdout.trim(), 120_000);
    expect(studyStatus(path.join(out, 'slurm-cancel'))[0]?.status).toBe('done');
    const local = await runStudy(s, { outDir: path.join(root.dir, 'local') });
    expect(metricsOf(runDir)).toBe(metricsOf(local.runs[0]!.dir));
    const manifest = JSON.parse(fs.readFileSync(path.join(runDir, 'manifest.json'), 'utf8')) as { resumedAt?: string[]; segments: { fromStep: number; runtimeChanges?: string[] }[] };
    expect(manifest.resumedAt).toHaveLength(1);
    // The requeued task resumed on the runtime the run recorded: a second segment, no change.
    expect(manifest.segments).toHaveLength(2);
    expect(manifest.segments[1]!.fromStep).toBeGreaterThan(0);
    expect(manifest.segments[1]!.runtimeChanges).toBeUndefined();
  }, 300_000);
});
