/**
 * Finding a WebGPU adapter without touching this process: a child Node process loads Dawn, asks
 * for an adapter with each request in turn, and prints the first one's facts. Dawn's native
 * warnings (for example "Couldn't load Vulkan" on a machine without a GPU) go to the child's stderr,
 * so probing prints nothing, and a driver that hangs or crashes cannot take lrlab with it.
 */
import { spawnSync } from 'node:child_process';
import type { AdapterRequest } from './adapter-options';
import { adapterFactsOf, type AdapterFacts, type AdapterLike } from './adapter-facts';

/** What a probe found. */
export interface AdapterProbe {
  /** The first adapter a request returned, or undefined when none did. */
  readonly adapter?: AdapterFacts;
  /** One entry per request tried: `vulkan: no adapter (Couldn't load Vulkan: ...)`. */
  readonly tried: readonly string[];
}

// Runs in the child: argv[1] is dawn.node's path, argv[2] the requests as JSON. Plain JavaScript,
// so it runs the same from lrlab's sources and from its build.
const PROBE_SCRIPT = `
const [dawnPath, requestsJson] = process.argv.slice(1);
const { create } = require(dawnPath);
(async () => {
  const results = [];
  for (const request of JSON.parse(requestsJson)) {
    try {
      const gpu = create(['backend=' + request.dawnBackend]);
      const adapter = await gpu.requestAdapter({ powerPreference: request.powerPreference, featureLevel: request.featureLevel });
      if (!adapter) { results.push({ request }); continue; }
      const info = {};
      for (const key of ['vendor', 'architecture', 'device', 'description', 'isFallbackAdapter']) info[key] = adapter.info[key];
      const limits = {};
      for (const key in adapter.limits) limits[key] = adapter.limits[key];
      results.push({ request, adapter: { info, limits, isFallbackAdapter: adapter.isFallbackAdapter } });
      break;
    } catch (error) {
      results.push({ request, error: String(error && error.message || error) });
    }
  }
  process.stdout.write(JSON.stringify(results));
  process.exit(0);
})();
`;

interface ProbeResult {
  readonly request: AdapterRequest;
  readonly adapter?: AdapterLike;
  readonly error?: string;
}

const cache = new Map<string, AdapterProbe>();

/** Dawn's native messages worth quoting: the first line of each warning or error. */
function nativeMessages(stderr: string): string[] {
  return stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(Warning|Error):/.test(line))
    .map((line) => line.replace(/^(Warning|Error):\s*/, ''));
}

/**
 * Asks for an adapter with each request in turn, in a child process (about 0.2 s), and returns
 * the first one found. The result is kept for the life of the process, per list of requests.
 *
 * @param dawnBinary - the path of `dawn.node`
 * @param requests - the requests, first to try first
 * @param timeoutMs - how long the child may take; default 20 s
 * @returns the adapter found, and what each request gave
 */
export function probeAdapter(dawnBinary: string, requests: readonly AdapterRequest[], timeoutMs = 20_000): AdapterProbe {
  const key = JSON.stringify([dawnBinary, requests]);
  const cached = cache.get(key);
  if (cached) return cached;
  const env = { ...process.env };
  // Mesa's EGL picks its platform from the environment; headless machines have no display.
  if (process.platform === 'linux' && !env['EGL_PLATFORM']) env['EGL_PLATFORM'] = 'surfaceless';
  const child = spawnSync(process.execPath, ['-e', PROBE_SCRIPT, dawnBinary, JSON.stringify(requests)], { encoding: 'utf8', env, timeout: timeoutMs });
  const messages = nativeMessages(child.stderr ?? '');
  const suffix = messages.length > 0 ? ` (${messages.join('; ')})` : '';
  let probe: AdapterProbe;
  if (child.error || child.status !== 0) {
    const why = child.error ? child.error.message : `the probe exited with ${child.status ?? child.signal}`;
    probe = { tried: requests.map((r) => `${r.dawnBackend}: ${why}${suffix}`) };
  } else {
    const results = JSON.parse(child.stdout) as ProbeResult[];
    const found = results.find((r) => r.adapter);
    probe = {
      ...(found ? { adapter: adapterFactsOf(found.adapter!, found.request) } : {}),
      tried: results.map((r) => `${r.request.dawnBackend}: ${r.adapter ? 'found an adapter' : r.error ? `failed: ${r.error}` : `no adapter${suffix}`}`),
    };
  }
  cache.set(key, probe);
  return probe;
}
