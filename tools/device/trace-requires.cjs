// Preloaded (node --require) by bundle.mjs: at exit, writes every file this process loaded through
// require (JavaScript, JSON and native addons) to the file named by LRLAB_TRACE_OUT, one per line.
// A preload runs as CommonJS before any module system of the traced program.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const fs = require('node:fs');

process.on('exit', () => {
  fs.writeFileSync(process.env.LRLAB_TRACE_OUT, `${Object.keys(require.cache).join('\n')}\n`);
});
