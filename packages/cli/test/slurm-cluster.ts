/**
 * A one-node Slurm cluster for tests (Debian's slurm-wlm + munge, as root; the recipe of
 * shared/slurm/NOTES.md): config, state and logs in a temp folder, found through SLURM_CONF.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A running cluster; `stop()` ends its daemons. */
export interface TestCluster {
  /** The slurm.conf path (also set as `process.env.SLURM_CONF`). */
  readonly conf: string;
  /** Stops slurmd, slurmctld and munged (when this cluster started it) and removes the folder. */
  stop(): void;
}

function need(condition: boolean, message: string): void {
  if (!condition) throw new Error(message);
}

function pidOf(file: string): number | undefined {
  try {
    return Number(fs.readFileSync(file, 'utf8').trim());
  } catch {
    return undefined;
  }
}

function waitUntil(check: () => boolean, timeoutMs: number, what: string): void {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    spawnSync('sleep', ['0.2']);
  }
}

// Jest gives each test file its own copy of process.env, which child_process does not see by
// default: every call below passes it explicitly so the daemons and clients find SLURM_CONF.

/**
 * Starts the cluster.
 *
 * @returns the running cluster
 */
export function startCluster(): TestCluster {
  need(process.getuid?.() === 0, 'The Slurm test starts slurmctld, slurmd and munged, which needs root (CI runs as root).');
  for (const bin of ['slurmctld', 'slurmd', 'munged', 'sbatch', 'squeue', 'scancel', 'sinfo']) {
    need(spawnSync('which', [bin]).status === 0, `${bin} is missing: install the cluster with \`apt-get install -y slurm-wlm munge\` (npm test does it as root).`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lrlab-slurm-'));
  for (const sub of ['ctld', 'd', 'log']) fs.mkdirSync(path.join(dir, sub));
  let startedMunge = false;
  if (spawnSync('pgrep', ['-x', 'munged']).status !== 0) {
    fs.mkdirSync('/run/munge', { recursive: true });
    execFileSync('chown', ['munge:munge', '/run/munge']);
    if (!fs.existsSync('/etc/munge/munge.key')) {
      fs.writeFileSync('/etc/munge/munge.key', randomBytes(1024), { mode: 0o400 });
      execFileSync('chown', ['munge:munge', '/etc/munge/munge.key']);
    }
    execFileSync('runuser', ['-u', 'munge', '--', '/usr/sbin/munged', '--force']);
    startedMunge = true;
  }
  const host = execFileSync('hostname', ['-s'], { encoding: 'utf8' }).trim();
  const memoryMiB = Math.floor(os.totalmem() / 2 ** 20) - 1024;
  const conf = path.join(dir, 'slurm.conf');
  fs.writeFileSync(
    conf,
    [
      'ClusterName=lrlabtest',
      `SlurmctldHost=${host}`,
      'SlurmUser=root',
      'AuthType=auth/munge',
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core',
      `StateSaveLocation=${dir}/ctld`,
      `SlurmdSpoolDir=${dir}/d`,
      `SlurmctldPidFile=${dir}/slurmctld.pid`,
      `SlurmdPidFile=${dir}/slurmd.pid`,
      `SlurmctldLogFile=${dir}/log/slurmctld.log`,
      `SlurmdLogFile=${dir}/log/slurmd.log`,
      'ReturnToService=2',
      `NodeName=${host} CPUs=${os.cpus().length} RealMemory=${memoryMiB}`,
      `PartitionName=test Nodes=${host} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  process.env['SLURM_CONF'] = conf;
  execFileSync('slurmctld', [], { env: process.env });
  execFileSync('slurmd', [], { env: process.env });
  waitUntil(() => spawnSync('sinfo', ['-h', '-o', '%T'], { encoding: 'utf8', env: process.env }).stdout.trim() === 'idle', 30_000, 'the Slurm node to be idle');
  return {
    conf,
    stop() {
      const pids = ['slurmd.pid', 'slurmctld.pid'].map((file) => pidOf(path.join(dir, file))).filter((pid): pid is number => pid !== undefined);
      for (const pid of pids) spawnSync('kill', [String(pid)]);
      // The daemons write their state files while they shut down: removing the folder under them fails (ENOTEMPTY).
      // Gone, or a zombie nobody reaps (a container's init may not): either way it writes nothing more.
      const alive = (pid: number) => {
        try {
          return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
        } catch {
          return false;
        }
      };
      waitUntil(() => !pids.some((pid) => alive(pid)), 15_000, 'the Slurm daemons to exit');
      if (startedMunge) spawnSync('pkill', ['-x', 'munged']);
      delete process.env['SLURM_CONF'];
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

/**
 * Waits until Slurm no longer lists the job.
 *
 * @param jobId - the job id
 * @param timeoutMs - how long to wait
 */
export function waitForJob(jobId: string, timeoutMs: number): void {
  waitUntil(() => spawnSync('squeue', ['-h', '-j', jobId], { encoding: 'utf8', env: process.env }).stdout.trim() === '', timeoutMs, `job ${jobId}`);
}
