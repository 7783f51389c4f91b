#!/usr/bin/env node
/**
 * Publishes a finished study folder into docs/results/studies/<name>/: study.json and, per run,
 * config.json, manifest.json and metrics.jsonl.gz (no checkpoints), then renders report.md and the
 * plots there with `lrlab report`'s writer. The re-render test (results.test.ts) checks that the
 * committed report still follows from the committed metrics.
 *
 *   node tools/results/publish.mjs <study-folder> [--name NAME]
 */
import { parseArgs } from 'node:util';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
const STUDIES_DIR = path.join('docs', 'results', 'studies');
/** The files of a run folder that are published as they are (metrics.jsonl goes in gzipped). */
const RUN_FILES = ['config.json', 'manifest.json'];

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const { values, positionals } = parseArgs({ options: { name: { type: 'string' } }, allowPositionals: true });
if (positionals.length !== 1) {
  console.error('usage: node tools/results/publish.mjs <study-folder> [--name NAME]');
  process.exit(2);
}
const from = path.resolve(positionals[0]);
if (!fs.existsSync(path.join(from, 'study.json'))) {
  console.error(`${from} holds no study.json: pass the folder lrlab run wrote (<out>/<study>).`);
  process.exit(2);
}
const dest = path.join(ROOT, STUDIES_DIR, values.name ?? path.basename(from));
fs.rmSync(dest, { recursive: true, force: true });
fs.mkdirSync(dest, { recursive: true });
fs.copyFileSync(path.join(from, 'study.json'), path.join(dest, 'study.json'));
let runs = 0;
for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
  const runDir = path.join(from, entry.name);
  if (!entry.isDirectory() || !fs.existsSync(path.join(runDir, 'config.json'))) continue;
  const out = path.join(dest, entry.name);
  fs.mkdirSync(out);
  for (const file of RUN_FILES) fs.copyFileSync(path.join(runDir, file), path.join(out, file));
  // gzip's header carries no timestamp from Node, so the bytes depend on the metrics alone.
  fs.writeFileSync(path.join(out, 'metrics.jsonl.gz'), zlib.gzipSync(fs.readFileSync(path.join(runDir, 'metrics.jsonl')), { level: 9 }));
  runs++;
}
const { writeStudyReport } = require('@lrlab/report');
const written = await writeStudyReport(dest);
console.log(`published ${runs} runs to ${path.relative(ROOT, dest)}; ${path.relative(ROOT, written.reportPath)} and ${written.figurePaths.length} plot files rendered`);
