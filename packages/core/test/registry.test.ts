import { ConfigError, lookupKind, withKinds, type KindEntry, type Registry } from '../src';

interface HalvingConfig {
  readonly kind: 'halving';
  readonly initialValue: number;
  readonly every?: number;
}

const halving: KindEntry<HalvingConfig, Required<HalvingConfig>, (step: number) => number> = {
  description: 'halves the value every `every` steps',
  fields: { initialValue: 'the value at step 0', every: 'steps between halvings (default 10)' },
  resolve: (config) => ({ every: 10, ...config }),
  build: (config) => (step) => config.initialValue / 2 ** Math.floor(step / config.every),
};
const builtIns: Registry<KindEntry<never, unknown, unknown>> = Object.freeze({ halving: halving as unknown as KindEntry<never, unknown, unknown> });

describe('lookupKind', () => {
  it('finds the entry a config names', () => {
    const { kind, entry } = lookupKind(builtIns, { kind: 'halving', initialValue: 1 }, 'learningRate', 'a schedule kind');
    expect(kind).toBe('halving');
    expect(entry).toBe(builtIns['halving']);
  });

  it('names an unknown kind, a typo in a field, and a config that is not an object, by path', () => {
    expect(() => lookupKind(builtIns, { kind: 'halfing' }, 'learningRate', 'a schedule kind')).toThrow(
      /Invalid learningRate\.kind: expected a schedule kind: one of "halving", got "halfing"/,
    );
    expect(() => lookupKind(builtIns, { kind: 'halving', initialValue: 1, evry: 5 }, 'noise[0].sigma', 'a schedule kind')).toThrow(
      /Invalid noise\[0\]\.sigma\.evry: expected no such field for kind "halving" \(allowed: initialValue, every\)/,
    );
    expect(() => lookupKind(builtIns, 3, 'learningRate', 'a schedule kind')).toThrow(ConfigError);
    const handMade = { odd: { description: 'no fields' } } as unknown as typeof builtIns;
    expect(() => lookupKind(handMade, { kind: 'odd' }, 'model', 'a model kind')).toThrow(/expected a kind entry with fields/);
  });
});

describe('withKinds', () => {
  const user = { ...halving, description: 'a copy' } as unknown as KindEntry<never, unknown, unknown>;

  it('adds a user kind beside the built-in ones, in a new frozen registry', () => {
    const merged = withKinds(builtIns, { 'my-halving': user }, 'schedule kind');
    expect(Object.keys(merged)).toEqual(['halving', 'my-halving']);
    expect(Object.isFrozen(merged)).toBe(true);
    expect(Object.keys(builtIns)).toEqual(['halving']);
  });

  it('refuses a built-in name, a bad name and an entry without the registry shape', () => {
    expect(() => withKinds(builtIns, { halving: user }, 'schedule kind')).toThrow(/a name that is not built in/);
    expect(() => withKinds(builtIns, { 'my halving': user }, 'schedule kind')).toThrow(ConfigError);
    const plain = ((step: number) => step) as unknown as KindEntry<never, unknown, unknown>;
    expect(() => withKinds(builtIns, { plain }, 'schedule kind')).toThrow(/not a plain function, got a function\. A plain function cannot be recorded .* describe it as \{ description/);
    const partial = { description: 'no build', fields: {}, resolve: (c: unknown) => c } as unknown as KindEntry<never, unknown, unknown>;
    expect(() => withKinds(builtIns, { partial }, 'schedule kind')).toThrow(/expected a kind entry with build\(config, context\)/);
  });
});
