#!/usr/bin/env node
// Prints jest's real counts as the plain closing line CI reads: "N passed, N failed".
// Exits non-zero when jest did not run or any test failed.
import { existsSync, readFileSync } from 'node:fs';

const file = process.argv[2] ?? '.jest-results.json';
if (!existsSync(file)) {
  console.log(`jest did not run (no ${file}): an earlier step of the test command failed.`);
  process.exit(1);
}
const results = JSON.parse(readFileSync(file, 'utf8'));
const failed = results.numFailedTests + (results.numRuntimeErrorTestSuites ?? 0);
console.log(`${results.numPassedTests} passed, ${failed} failed`);
process.exit(failed === 0 && results.numPassedTests > 0 ? 0 : 1);
