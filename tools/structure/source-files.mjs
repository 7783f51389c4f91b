// The TypeScript sources of a folder, recursively (declaration files left out): what the structure
// tools measure.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every `.ts` file (not `.d.ts`) under `dir`; none when it does not exist. */
export function sourceFiles(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return entry.endsWith('.ts') && !entry.endsWith('.d.ts') ? [path] : [];
  });
}
