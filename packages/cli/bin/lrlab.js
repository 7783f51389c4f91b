#!/usr/bin/env node
// The `lrlab` executable. A committed shim, so npm can link it before the TypeScript is built.
require('../dist/main.js');
