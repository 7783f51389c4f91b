#!/usr/bin/env node
// Fails when the sources import in a circle: one file importing itself through others, type-only
// imports included (a type cycle still ties the files' meaning together), across packages too
// (`@lrlab/<name>` is that package's src/index.ts). Prints each cycle as a chain of files.
//   node tools/structure/check-cycles.mjs
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { sourceFiles } from './source-files.mjs';

const root = new URL('../..', import.meta.url).pathname;
const packagesDir = join(root, 'packages');

function resolveImport(from, specifier) {
  const scoped = /^@lrlab\/([a-z]+)$/.exec(specifier);
  if (scoped) return join(packagesDir, scoped[1], 'src', 'index.ts');
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) if (existsSync(candidate)) return candidate;
  return undefined;
}

const files = readdirSync(packagesDir).flatMap((name) => sourceFiles(join(packagesDir, name, 'src')));
const edges = new Map();
for (const file of files) {
  const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  edges.set(file, [...new Set(importedFiles.map((i) => resolveImport(file, i.fileName)).filter((f) => f && f !== file))]);
}

// Tarjan's strongly connected components; a component of two or more files is a cycle.
const index = new Map();
const low = new Map();
const stack = [];
const onStack = new Set();
const cycles = [];
let counter = 0;
function visit(file) {
  index.set(file, counter);
  low.set(file, counter++);
  stack.push(file);
  onStack.add(file);
  for (const next of edges.get(file) ?? []) {
    if (!index.has(next)) {
      visit(next);
      low.set(file, Math.min(low.get(file), low.get(next)));
    } else if (onStack.has(next)) {
      low.set(file, Math.min(low.get(file), index.get(next)));
    }
  }
  if (low.get(file) === index.get(file)) {
    const component = [];
    let member;
    do {
      member = stack.pop();
      onStack.delete(member);
      component.push(member);
    } while (member !== file);
    if (component.length > 1) cycles.push(component);
  }
}
for (const file of files) if (!index.has(file)) visit(file);

if (cycles.length === 0) {
  console.log(`check-cycles: no import cycles among ${files.length} source files.`);
} else {
  for (const component of cycles) {
    const members = new Set(component);
    // The shortest way around the circle from the component's first file (breadth-first).
    const start = component[0];
    const parent = new Map([[start, undefined]]);
    const queue = [start];
    let last;
    while (queue.length > 0 && last === undefined) {
      const file = queue.shift();
      for (const next of edges.get(file)) {
        if (next === start) {
          last = file;
          break;
        }
        if (members.has(next) && !parent.has(next)) {
          parent.set(next, file);
          queue.push(next);
        }
      }
    }
    const chain = [start];
    for (let file = last; file !== start; file = parent.get(file)) chain.splice(1, 0, file);
    chain.push(start);
    console.error(`import cycle (${component.length} files): ${chain.map((f) => relative(root, f)).join(' -> ')}`);
  }
  console.error(`check-cycles: ${cycles.length} cycle(s). Move the shared names into a file both sides import.`);
  process.exit(1);
}
