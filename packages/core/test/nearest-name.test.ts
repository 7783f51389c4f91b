import { lookupKind, nearestName } from '../src';

describe('nearestName', () => {
  it('finds the name a typo meant, and nothing when no name is close', () => {
    expect(nearestName('learningrate', ['learningRate', 'noise'])).toBe('learningRate');
    expect(nearestName('sed', ['scale', 'seeds', 'epochs'])).toBe('seeds');
    expect(nearestName('colour', ['seeds'])).toBeUndefined();
    expect(nearestName('epoch', ['epochs', 'out'])).toBe('epochs');
    expect(nearestName('alow-runtime-cahnge', ['allow-runtime-change', 'allow-plugin-change'])).toBe('allow-runtime-change');
    expect(nearestName('allow-run', ['allow-runtime-change', 'allow-plugin-change'])).toBe('allow-runtime-change');
    // Two letters, both different: a rewrite, not a typo.
    expect(nearestName('ab', ['cd'])).toBeUndefined();
    // Ties go to the name with the same first letter (--sed: --seeds, not --mem).
    expect(nearestName('sed', ['mem', 'seeds'])).toBe('seeds');
  });
});

describe('an unknown kind', () => {
  it('names the nearest kind the registry has', () => {
    const registry = { 'multi-step': { description: '', fields: {}, resolve: (c: unknown) => c, build: () => 0 } };
    expect(() => lookupKind(registry, { kind: 'multistep' }, 'schedule', 'schedule kind')).toThrow(/Did you mean "multi-step"\?/);
  });
});
