import { initBackend } from '@lrlab/backends';
import { runCli, trainConvSmoke, type CliIo } from '../src';

function capture(): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (line) => out.push(line), stderr: (line) => err.push(line) };
}

describe('lrlab CLI', () => {
  it('prints help with exit code 0, and usage with 2 when no command is given', async () => {
    const io = capture();
    expect(await runCli(['--help'], io)).toBe(0);
    expect(io.out.join('\n')).toMatch(/Usage: lrlab <command>[\s\S]*doctor/);
    expect(await runCli([], capture())).toBe(2);
    const doctorHelp = capture();
    expect(await runCli(['doctor', '--help'], doctorHelp)).toBe(0);
    expect(doctorHelp.out.join('\n')).toMatch(/--backend NAME/);
  });

  it('rejects unknown commands, options and bad values with exit code 2', async () => {
    const unknown = capture();
    expect(await runCli(['trian'], unknown)).toBe(2);
    expect(unknown.err.join('\n')).toMatch(/unknown command "trian"/);
    const option = capture();
    expect(await runCli(['doctor', '--bogus'], option)).toBe(2);
    expect(option.err.join('\n')).toMatch(/unknown option --bogus\./);
    const steps = capture();
    expect(await runCli(['doctor', '--steps', 'ten'], steps)).toBe(2);
    expect(steps.err.join('\n')).toMatch(/Invalid --steps: expected an integer >= 1 and <= 10000, got NaN/);
  });

  it('fails with exit code 2 and an install hint when tensorflow is requested but absent', async () => {
    const io = capture();
    expect(await runCli(['doctor', '--backend', 'tensorflow'], io)).toBe(2);
    expect(io.err.join('\n')).toMatch(/neither @tensorflow\/tfjs-node-gpu nor @tensorflow\/tfjs-node is installed[\s\S]*Fix: npm install @tensorflow\/tfjs-node@\d/);
  });

  it('trains the smoke conv net on wasm: the loss falls and the report is JSON', async () => {
    const io = capture();
    expect(await runCli(['doctor', '--backend', 'wasm', '--steps', '12', '--json'], io)).toBe(0);
    const report = JSON.parse(io.out.join('\n')) as { backend: { name: string }; training: { initialLoss: number; finalLoss: number }; passed: boolean };
    expect(report.backend.name).toBe('wasm');
    expect(report.passed).toBe(true);
    expect(report.training.finalLoss).toBeLessThan(report.training.initialLoss);
  });
});

describe('lrlab doctor on webgpu (llvmpipe, forced)', () => {
  it('names the adapter (vendor, architecture, Dawn backend, feature level, limits) and trains the smoke net', async () => {
    const io = capture();
    expect(await runCli(['doctor', '--backend', 'webgpu', '--steps', '8', '--json'], io)).toBe(0);
    const report = JSON.parse(io.out.join('\n')) as { backend: { name: string; details: Record<string, unknown>; runtime: { kernelPath: Record<string, string> } }; passed: boolean };
    expect(report.backend.name).toBe('webgpu');
    expect(report.backend.details).toMatchObject({
      adapter: expect.stringMatching(/through opengles, compatibility$/),
      vendor: expect.any(String),
      architecture: expect.any(String),
      dawnBackend: 'opengles',
      featureLevel: 'compatibility',
      software: 'yes',
      maxStorageBufferBindingSize: expect.any(Number),
      maxComputeWorkgroupStorageSize: expect.any(Number),
    });
    expect(report.backend.runtime.kernelPath).toMatchObject({ dawnBackend: 'opengles', webgpu: '0.6.2' });
    expect(report.passed).toBe(true);
    const text = capture();
    expect(await runCli(['doctor', '--backend', 'webgpu', '--steps', '8'], text)).toBe(0);
    expect(text.out).toEqual(expect.arrayContaining([expect.stringMatching(/^  adapter: llvmpipe/), '  dawnBackend: opengles', expect.stringMatching(/^  runtime: webgpu, adapterVendor=/)]));
  }, 60_000);
});

describe('trainConvSmoke', () => {
  it('is deterministic for a seed and learns the task above chance', async () => {
    await initBackend({ prefer: 'wasm' });
    const a = await trainConvSmoke({ seed: 3, steps: 25 });
    const b = await trainConvSmoke({ seed: 3, steps: 25 });
    const c = await trainConvSmoke({ seed: 4, steps: 25 });
    expect([a.initialLoss, a.finalLoss, a.heldOutAccuracy]).toEqual([b.initialLoss, b.finalLoss, b.heldOutAccuracy]);
    expect(c.initialLoss).not.toBe(a.initialLoss);
    expect(a.finalLoss).toBeLessThan(0.5 * a.initialLoss);
    expect(a.heldOutAccuracy).toBeGreaterThan(0.9);
  });
});
