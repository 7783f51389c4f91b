#!/usr/bin/env node
// Each package's public surface and size: the names its entry point exports (split into names it
// declares itself and names it re-exports from another @lrlab package) and the lines of its
// TypeScript sources. Reads the built declarations, so run `npm run build` first.
//   node tools/structure/api-size.mjs [--json]
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { PACKAGES } from '../packaging/packages.mjs';
import { sourceFiles } from './source-files.mjs';

const root = new URL('../..', import.meta.url).pathname;

/** Lines of the `.ts` sources under `dir`. */
function sourceLines(dir) {
  return sourceFiles(dir).reduce((lines, file) => lines + readFileSync(file, 'utf8').split('\n').length - 1, 0);
}

function exportedNames(name) {
  const packageDir = join(root, 'packages', name);
  const entry = join(packageDir, 'dist', 'index.d.ts');
  if (!existsSync(entry)) throw new Error(`@lrlab/${name}: ${relative(root, entry)} is missing; run "npm run build" first.`);
  const program = ts.createProgram([entry], { noEmit: true, skipLibCheck: true, moduleResolution: ts.ModuleResolutionKind.Node10 });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(entry));
  let own = 0;
  let reexported = 0;
  for (const symbol of checker.getExportsOfModule(moduleSymbol)) {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const file = target.declarations?.[0]?.getSourceFile().fileName ?? entry;
    const real = ts.sys.realpath ? ts.sys.realpath(file) : file;
    if (real.startsWith(packageDir + '/')) own++;
    else reexported++;
  }
  return { own, reexported };
}

const rows = PACKAGES.map((name) => ({ name, ...exportedNames(name), lines: sourceLines(join(root, 'packages', name, 'src')) }));
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(rows, null, 2));
} else {
  console.log('| package | own exported names | re-exported names | lines (src/**/*.ts) |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const row of rows) console.log(`| @lrlab/${row.name} | ${row.own} | ${row.reexported} | ${row.lines} |`);
}
