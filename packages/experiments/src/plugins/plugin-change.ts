/**
 * The resume guard for plugins: a run continues only with the plugin files it started with (the
 * same content, by SHA-256), since a changed kind is changed code, unless the caller allows it.
 */
import { ConfigError } from '@lrlab/core';
import type { PluginRecord } from './plugin';

/** The command-line flag that lets a resume continue with changed plugins. */
const ALLOW_PLUGIN_CHANGE_FLAG = '--allow-plugin-change';

/**
 * How the plugins of a resume differ from the recorded ones, each in words; empty when the same.
 *
 * @param recorded - the manifest's plugins
 * @param current - the plugins loaded now
 * @returns the differences, e.g. `/s/kinds.mjs: sha256 3f2a… → 9b1c…`
 */
function pluginDifferences(recorded: readonly PluginRecord[], current: readonly PluginRecord[]): string[] {
  const differences: string[] = [];
  const now = new Map(current.map((p) => [p.path, p.sha256]));
  for (const before of recorded) {
    const after = now.get(before.path);
    if (after === undefined) differences.push(`${before.path}: no longer loaded`);
    else if (after !== before.sha256) differences.push(`${before.path}: sha256 ${before.sha256.slice(0, 12)}… → ${after.slice(0, 12)}…`);
  }
  const then = new Set(recorded.map((p) => p.path));
  for (const p of current) if (!then.has(p.path)) differences.push(`${p.path}: new`);
  return differences;
}

/**
 * Compares a run's recorded plugins with the loaded ones before it resumes.
 *
 * @param runDir - the run folder, for the message
 * @param recorded - the manifest's plugins
 * @param current - the plugins loaded now
 * @param allowChange - continue anyway (`--allow-plugin-change`)
 * @returns the differences `allowChange` let through; empty when the plugins are the same
 * @throws ConfigError naming each changed plugin file, when they differ and `allowChange` is false
 */
export function checkPluginChange(runDir: string, recorded: readonly PluginRecord[], current: readonly PluginRecord[], allowChange: boolean): string[] {
  const differences = pluginDifferences(recorded, current);
  if (differences.length > 0 && !allowChange) {
    throw new ConfigError(
      'plugins',
      current.map((p) => p.path),
      `the plugin files ${runDir} started with (${differences.join('; ')})`,
      `A changed kind can change the run's metrics. Restore the files, run into a new folder, or pass ${ALLOW_PLUGIN_CHANGE_FLAG} (allowPluginChange: true) to continue with them; the manifest then records the change.`,
    );
  }
  return differences;
}
