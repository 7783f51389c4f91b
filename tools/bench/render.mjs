// bench.json → bench.md for the benchmark suite: the targets of the performance issue, judged from the
// cells' numbers, and one table per cell. Pure: measures nothing and loads no package, so a bench.json
// from an earlier run re-renders (`node tools/bench/suite.mjs --render FILE.json`).

/** The targets of the performance issue, measured or not, from a bench.json's cells. */
export function targets(result) {
  const pct = (x) => (x === null || x === undefined ? 'n/a' : `${(100 * x).toFixed(1)}%`);
  const t = [];
  // The two-layer net's "≥ 30% of the roofline" target is retired by the lockstep issue: a study's runs
  // of one shape train as one computation, and these are its targets.
  const lockstep = result.cells.lockstep;
  const full10 = lockstep?.rows?.find((r) => r.study === 'full10');
  t.push({
    target: 'The 10-seed full synthetic study in lockstep ≥ 5× faster than one by one (same suite run, same threads)',
    measured: full10
      ? `${full10.speedup.toFixed(2)}× (${(full10.aloneMs / 1000).toFixed(0)} s → ${(full10.lockstepMs / 1000).toFixed(0)} s, ${lockstep.threads ?? '?'} threads, ${full10.sameMetrics ? 'same metrics' : 'METRICS DIFFER'})${lockstep.oneThread?.perRunMs ? `; per run, 1 thread (full study, 2 seeds): ${(lockstep.oneThread.perRunMs / 1000).toFixed(1)} s` : ''}`
      : 'not measured',
    met: full10 ? full10.status === 'finished' && full10.sameMetrics && full10.speedup >= 5 : null,
  });
  const quickStudy = lockstep?.rows?.find((r) => r.study === 'quick');
  t.push({
    target: "The README's main job (the quick synthetic study) ≤ 15 s with blas",
    measured: quickStudy ? `${(quickStudy.lockstepMs / 1000).toFixed(1)} s in lockstep on ${lockstep.backend} (one by one: ${(quickStudy.aloneMs / 1000).toFixed(1)} s)` : 'not measured',
    met: quickStudy ? quickStudy.status === 'finished' && lockstep.backend === 'blas' && quickStudy.lockstepMs <= 15000 : null,
  });
  const wrn = result.cells.wrn?.rows ?? [];
  for (const m of ['wrn16x1', 'wrn16x4']) {
    // A CPU target: the roofline is the CPU's sgemm, so GPU rows (webgpu) do not count.
    const cands = wrn.filter((r) => r.model === m && r.batch === 32 && r.backend !== 'webgpu');
    const best = cands.reduce((b, r) => (b === undefined || r.gflops > b.gflops ? r : b), undefined);
    const img = cands.find((r) => r.backend === result.imageDefaultBackend);
    t.push({
      target: `WRN training (${m}, batch 32) ≥ 10% of the roofline`,
      measured: best
        ? `${pct(best.fractionOfRoofline)} (best: ${best.backend})${img && img !== best ? `; ${pct(img.fractionOfRoofline)} on the image default ${img.backend}` : ''}`
        : 'not measured',
      met: best && best.fractionOfRoofline !== null ? best.fractionOfRoofline >= 0.1 : null,
    });
  }
  const pipe = result.cells.pipeline;
  t.push({
    target: 'Data pipeline ≥ 20× faster than training',
    measured: pipe?.ratioToFastestTraining ? `${pipe.ratioToFastestTraining.toFixed(1)}× the fastest WRN cell (${pipe.fastestTraining.model} b${pipe.fastestTraining.batch} on ${pipe.fastestTraining.backend})` : 'not measured',
    met: pipe?.ratioToFastestTraining ? pipe.ratioToFastestTraining >= 20 : null,
  });
  const syn = result.cells.synthetic;
  t.push({
    target: 'One `synthetic --scale full` run < 30 s',
    measured: syn ? `${(syn.fullRun.wallMs / 1000).toFixed(1)} s${syn.fullRun.capped ? ' (capped)' : ''}` : 'not measured',
    met: syn ? !syn.fullRun.capped && syn.fullRun.status === 'finished' && syn.fullRun.wallMs < 30000 : null,
  });
  t.push({
    target: 'Quick `synthetic` study < 3 min',
    measured: syn ? `${(syn.quickStudy.wallMs / 1000).toFixed(1)} s${syn.quickStudy.capped ? ' (capped)' : ''}` : 'not measured',
    met: syn ? !syn.quickStudy.capped && syn.quickStudy.status === 'finished' && syn.quickStudy.wallMs < 180000 : null,
  });
  const patched = result.cells.patched;
  t.push({
    target: '`patched-fashion-mnist` quick run < 10 min',
    measured:
      patched?.wallMs !== undefined
        ? `${(patched.wallMs / 1000).toFixed(1)} s on ${patched.backend ?? '?'} (${patched.status}; ${patched.steps ?? '?'} steps, evaluations included)`
        : patched?.status ?? 'not measured',
    met: patched?.wallMs !== undefined ? !patched.capped && patched.status === 'finished' && patched.wallMs < 600000 : null,
  });
  return t;
}

/**
 * A bench.json read back for rendering: its fields over the shape a fresh run starts with (same key
 * order, notes present), targets judged again by this version of the suite.
 */
export function reread(json) {
  const result = { date: undefined, mode: undefined, machine: {}, versions: {}, backends: {}, cells: {}, targets: [], notes: [], ...json };
  result.targets = targets(result);
  return result;
}

const f = (x, digits = 2) => (x === null || x === undefined ? '–' : x.toFixed(digits));
const pct = (x) => (x === null || x === undefined ? '–' : `${(100 * x).toFixed(2)}%`);
const mib = (b) => (b === null || b === undefined ? '–' : (b / 2 ** 20).toFixed(0));
const ms = (row) => `${f(row.medianMs)} (${f(row.minMs)}–${f(row.maxMs)})`;
const stepsCol = (row) => `${row.steps}/${row.requested}${row.capped ? ' (capped)' : ''}`;
const bk = (name, threads) => `${name}${threads ? ` (${threads} thread${threads === 1 ? '' : 's'})` : ''}`;

/** One section per cell, in the suite's order; each gets the cell's part of bench.json and returns its lines. */
const SECTIONS = {
  roofline: (c) => [
    '## Roofline',
    '',
    `${c.what}, ${c.threads} OpenBLAS threads.`,
    '',
    '| n | ms (min–max) | GFLOP/s (min–max) | steps |',
    '| ---: | --- | --- | --- |',
    `| ${c.n} | ${ms(c)} | **${f(c.gflops, 1)}** (${f(c.gflopsMin, 1)}–${f(c.gflopsMax, 1)}) | ${stepsCol(c)} |`,
    '',
  ],
  'two-layer': (c) => [
    '## Two-layer net, one training step',
    '',
    `${c.what}; synthetic quick size d = 502, full size d = 2002.`,
    '',
    '| backend | d | ms/step (min–max) | examples/s | GFLOP/s (min–max) | fraction of roofline | steps |',
    '| --- | ---: | --- | ---: | --- | ---: | --- |',
    ...c.rows.map(
      (row) => `| ${bk(row.backend, row.threads)} | ${row.d} | ${ms(row)} | ${f(row.examplesPerS, 0)} | ${f(row.gflops)} (${f(row.gflopsMin)}–${f(row.gflopsMax)}) | ${pct(row.fractionOfRoofline)} | ${stepsCol(row)} |`,
    ),
    ...(c.lrlabRows?.length
      ? [
          '',
          `${c.lrlabWhat}.`,
          '',
          '| backend | d | ms/step (min–max) | examples/s | GFLOP/s | fraction of roofline | steps |',
          '| --- | ---: | --- | ---: | ---: | ---: | --- |',
          ...c.lrlabRows.map((row) => `| ${bk(row.backend, row.threads)} | ${row.d} | ${ms(row)} | ${f(row.examplesPerS, 0)} | ${f(row.gflops)} | ${pct(row.fractionOfRoofline)} | ${stepsCol(row)} |`),
        ]
      : []),
    '',
  ],
  wrn: (c) => [
    '## WideResNet, one training step',
    '',
    `${c.what}.`,
    '',
    '| backend | model | batch | ms/step (min–max) | images/s (min–max) | conv GFLOP/s | fraction of roofline | peak tfjs MiB | peak RSS MiB | steps |',
    '| --- | --- | ---: | --- | --- | ---: | ---: | ---: | ---: | --- |',
    ...c.rows.map(
      (row) =>
        `| ${bk(row.backend, row.threads)} | ${row.model} | ${row.batch} | ${f(row.medianMs, 0)} (${f(row.minMs, 0)}–${f(row.maxMs, 0)}) | ${f(row.imagesPerS, 1)} (${f(row.imagesPerSMin, 1)}–${f(row.imagesPerSMax, 1)}) | ${f(row.gflops)} | ${pct(row.fractionOfRoofline)} | ${mib(row.peakTfjsBytes)} | ${mib(row.peakRssBytes)} | ${stepsCol(row)} |`,
    ),
    '',
    ...c.skipped.map((s) => `- Skipped: ${s.backend}${s.model ? ` ${s.model} batch ${s.batch}` : ' (all WRN cells)'}: ${s.reason}.`),
    ...(c.skipped.length ? [''] : []),
  ],
  pipeline: (p) => [
    '## Data pipeline alone',
    '',
    `${p.what}.`,
    '',
    '| ms/batch (min–max) | examples/s (min–max) | ratio to the fastest WRN training cell | steps |',
    '| --- | --- | --- | --- |',
    `| ${ms(p)} | ${f(p.examplesPerS, 0)} (${f(p.examplesPerSMin, 0)}–${f(p.examplesPerSMax, 0)}) | ${p.ratioToFastestTraining ? `${f(p.ratioToFastestTraining, 1)}× (${p.fastestTraining.model} b${p.fastestTraining.batch}, ${p.fastestTraining.backend}, ${f(p.fastestTraining.imagesPerS, 1)} images/s)` : '– (WRN cells not run)'} | ${stepsCol(p)} |`,
    '',
  ],
  synthetic: (s) => [
    '## Synthetic study wall times',
    '',
    `Default backend (${s.backend}); one run each, wall time including process start.`,
    '',
    '| what | wall (s) | status |',
    '| --- | ---: | --- |',
    `| ${s.fullRun.what} | ${f(s.fullRun.wallMs / 1000, 1)} | ${s.fullRun.status}${s.fullRun.steps ? `, ${s.fullRun.steps} steps` : ''}${s.fullRun.capped ? `, last evaluation logged at step ${s.fullRun.stepsLoggedWhenCapped ?? '–'} of 4000` : ''}${s.fullRun.runMs ? `; runExperiment itself ${f(s.fullRun.runMs / 1000, 1)} s` : ''} |`,
    `| ${s.quickStudy.what} | ${f(s.quickStudy.wallMs / 1000, 1)} | ${s.quickStudy.status}, ${s.quickStudy.runsFinished} runs finished |`,
    '',
  ],
  patched: (c) => [
    '## One patched-fashion-mnist run',
    '',
    `${c.what}; wall time including process start and data loading.`,
    '',
    '| wall (s) | backend | status |',
    '| ---: | --- | --- |',
    `| ${c.wallMs === undefined ? '–' : f(c.wallMs / 1000, 1)} | ${c.backend ?? '–'} | ${c.status}${c.steps ? `, ${c.steps} steps` : ''} |`,
    '',
  ],
  lockstep: (c) => [
    '## Lockstep against one by one',
    '',
    `Whole studies in child processes on the default backend (${c.backend}, ${c.threads ?? '?'} threads), \`--lockstep off\` then the default (lockstep), one run each; wall time including process start. "Same metrics": every run's metrics.jsonl identical between the two. Evaluation share: the part of the training time spent evaluating (from the manifests).`,
    '',
    '| study | runs | one by one (s) | lockstep (s) | speedup | same metrics | evaluation share (one by one / lockstep) | status |',
    '| --- | ---: | ---: | ---: | ---: | --- | --- | --- |',
    ...c.rows.map(
      (r) =>
        `| ${r.what} | ${r.runs} | ${f(r.aloneMs / 1000, 1)} | ${f(r.lockstepMs / 1000, 1)} | ${f(r.speedup, 2)}× | ${r.sameMetrics ? 'yes' : 'no'} | ${pct(r.evaluationShare?.alone)} / ${pct(r.evaluationShare?.lockstep)} | ${r.status} |`,
    ),
    '',
    'Training seconds by method (summed over seeds; a lockstep batch\'s time shared equally by its runs), one by one → lockstep:',
    '',
    ...c.rows.flatMap((r) =>
      r.trainingSByMethod
        ? [`- ${r.study}: ${Object.keys(r.trainingSByMethod.alone).map((m) => `${m} ${f(r.trainingSByMethod.alone[m], 1)} → ${f(r.trainingSByMethod.lockstep[m], 1)}`).join('; ')}`]
        : [],
    ),
    ...(c.oneThread ? ['', `Full study in lockstep on 1 thread (${c.oneThread.study === 'full2' ? '2 seeds' : '10 seeds'}): ${f(c.oneThread.wallMs / 1000, 1)} s for ${c.oneThread.runs} runs, ${f(c.oneThread.perRunMs / 1000, 2)} s per run (${c.oneThread.status}).`] : []),
    '',
  ],
  pytorch: (c) => {
    const rows = (label, list) =>
      (list ?? []).map((r) => `| ${label} | ${r.model} | ${r.batch} | ${r.threads} | ${f(r.lrlabMs, 0)} | ${f(r.pytorchMs, 0)} | ${f(r.ratio, 2)}× | ${r.steps} |`);
    return [
      '## PyTorch as a peer',
      '',
      `${c.what}; PyTorch ${c.torch} (Debian's python3-torch). Tuned malloc: \`GLIBC_TUNABLES=${c.tunedMalloc}\` on both sides.`,
      '',
      '| malloc | model | batch | threads | lrlab (ms) | PyTorch (ms) | lrlab / PyTorch | steps each |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
      ...rows('default', c.defaultMalloc),
      ...rows('tuned', c.tuned),
      '',
    ];
  },
};

/** bench.md from a bench.json (targets included), without its final newline. */
export function markdown(r) {
  const kernelPath = r.machine.blasKernelPath ? `; blas kernel path: ${Object.entries(r.machine.blasKernelPath).map(([k, v]) => `${k} ${v}`).join(', ')}` : '';
  const L = [
    '# Benchmark suite',
    '',
    `Generated by \`npm run bench\` (\`tools/bench/suite.mjs\`${r.mode === 'quick' ? ' --quick' : ''}) on ${r.date}. Times are medians with the min–max`,
    'spread of the timed repetitions after warm-up; every cell is capped in time, and a capped cell reports the',
    'steps it finished. One run of the suite on a shared machine: indicative, not a controlled benchmark.',
    '',
    '## Machine',
    '',
    `- CPU: ${r.machine.cpuCount} × ${r.machine.cpuModel}; RAM ${r.machine.ramGiB} GiB; ${r.machine.platform}`,
    `- Node ${r.machine.node}; tfjs ${r.versions.tfjs}; OpenBLAS threads: ${r.machine.openblasThreads ?? 'n/a (no @lrlab/blas)'}${kernelPath}`,
    `- Packages: ${Object.entries(r.versions).filter(([k]) => k.startsWith('@lrlab/')).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `- Backends: ${Object.entries(r.backends).map(([k, v]) => (v.available ? bk(k, v.details?.threads) : `${k} (unavailable: ${v.error})`)).join(', ')}; default ${r.defaultBackend}; default for image models ${r.imageDefaultBackend}`,
    '',
    '## Targets (performance issue)',
    '',
    '| target | measured | met |',
    '| --- | --- | --- |',
    ...r.targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met === null ? '–' : t.met ? 'met' : 'not met'} |`),
    '',
    'What limits the missed targets, kernel by kernel: [profiles.md](profiles.md) (`npm run bench:profile`).',
    '',
  ];
  for (const [name, section] of Object.entries(SECTIONS)) if (r.cells[name]) L.push(...section(r.cells[name]));
  if (r.notes.length) L.push('## Notes', '', ...r.notes.map((n) => `- ${n}`), '');
  return L.join('\n');
}
