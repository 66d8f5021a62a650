/**
 * Hostile and broken model files: each gets one clear line naming the layer at fault, never a
 * crash, a hang or a polluted prototype.
 */
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fixture } from './formats.testkit';
import { importModelText } from './importModel';
import { exportPython } from './python';
import { MAX_MODEL_BYTES } from './safeJson';
import { escapeXml, exportSvg } from './svg';

const input = (name: string, shape: (number | null)[] = [4]) => ({
  class_name: 'InputLayer',
  name,
  config: { name, batch_input_shape: [null, ...shape] },
  inbound_nodes: [],
});
const layer = (cls: string, name: string, config: Record<string, unknown>, from: string[]) => ({
  class_name: cls,
  name,
  config: { name, ...config },
  inbound_nodes: [from.map((f) => [f, 0, 0, {}])],
});
const model = (layers: unknown[], outputs = [[(layers.at(-1) as { name: string }).name, 0, 0]]) =>
  JSON.stringify({
    class_name: 'Functional',
    config: { name: 'm', layers, input_layers: [['in', 0, 0]], output_layers: outputs },
    keras_version: '2.15.0',
  });
const dense = (name: string, from: string, config: Record<string, unknown> = { units: 2 }) =>
  layer('Dense', name, config, [from]);

function error(text: string): string {
  const r = importModelText(text);
  if (r.ok) throw new Error('expected the import to fail');
  expect(r.error).not.toMatch(/[\n\r]/);
  expect(r.error.length).toBeLessThan(500);
  return r.error;
}

describe('hostile input', () => {
  it('truncated files', () => {
    const text = fixture('keras2_functional_resnet.json');
    expect(error(text.slice(0, text.length / 2))).toMatch(/^not valid JSON \(.*\); the file may be truncated$/);
    expect(error('')).toMatch(/^not valid JSON/);
  });

  it('huge files are refused before parsing, with the limit in the message', () => {
    expect(error('x'.repeat(MAX_MODEL_BYTES + 1))).toBe('file too large (50.0 MB; the limit is 50 MB)');
    const r = importModelText(fixture('keras2_sequential.json'), { maxBytes: 100 });
    expect(r).toMatchObject({ ok: false, error: expect.stringMatching(/^file too large .* the limit is 0 MB\)$/) });
  });

  it('deeply nested JSON', () => {
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    expect(error(deep)).toMatch(/nested too deeply|not valid JSON/);
    const nested = JSON.parse(fixture('keras2_sequential.json'));
    let cfg: Record<string, unknown> = nested.config.layers[1].config;
    for (let i = 0; i < 200; i++)
      cfg = cfg.kernel_initializer = { kernel_initializer: null } as Record<string, unknown>;
    expect(error(JSON.stringify(nested))).toBe('JSON nested too deeply (more than 64 levels)');
  });

  it('__proto__ keys neither pollute the prototype nor reach the document', () => {
    const evil = '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}';
    const text = model([input('in'), dense('__proto__', 'in', { units: 2 })])
      .replace('"units":2', `"units":2,${evil}`)
      .replace('"batch_input_shape"', `${evil},"batch_input_shape"`)
      .replace('"class_name":"Functional"', `${evil},"class_name":"Functional"`);
    expect(text.split('"__proto__":{"polluted"').length).toBe(4);
    const r = importModelText(text);
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.nodes.map((n) => n.name)).toEqual(['in', '__proto__']);
    expect(r.doc.nodes[1]?.params).toEqual({ units: 2 });
    expect(Object.getPrototypeOf(r.doc.nodes[1]?.params)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('HTML in names is kept as text and escaped by the exports', () => {
    const evil = '<img src=x onerror=alert(1)>"\'&';
    const r = importModelText(model([input('in'), dense(evil, 'in', { units: 2, activation: 'softmax' })]));
    if (!r.ok) throw new Error(r.error);
    expect(r.doc.nodes[1]?.name).toBe(evil);
    const svg = exportSvg(r.doc);
    expect(svg).not.toContain('<img');
    expect(escapeXml(evil)).toBe('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    const py = exportPython(r.doc);
    expect(py).not.toContain(evil);
    const opaque = importModelText(
      model([input('in'), layer('Lambda', `</x>\n${evil}`, { output_shape: [2] }, ['in'])]),
    );
    if (!opaque.ok) throw new Error(opaque.error);
    expect(opaque.warnings[0]).toContain(`: </x> ${evil} (Lambda); Lambda: a Lambda runs Python code`);
    expect(exportPython(opaque.doc)).not.toContain(evil);
  });

  it('negative, NaN and infinite params name the layer and the param', () => {
    expect(error(model([input('in'), layer('Conv1D', 'conv', { filters: -3, kernel_size: [3] }, ['in'])]))).toBe(
      'layer "conv" (Conv1D): filters must be a whole number ≥ 1 (got -3)',
    );
    const nan = model([input('in'), layer('Dropout', 'drop', { rate: 0.5 }, ['in'])]).replace('0.5', 'NaN');
    expect(error(nan)).toBe('layer "drop" (Dropout): rate is NaN; it must be a finite number');
    const inf = model([input('in'), dense('d', 'in', { units: 2 })]).replace('"units":2', '"units":-Infinity');
    expect(error(inf)).toBe('layer "d" (Dense): units is -Infinity; it must be a finite number');
    const nanShape = model([input('in', [7]), dense('d', 'in')]).replace('[null,7]', '[null,NaN]');
    expect(error(nanShape)).toBe('input "in" (InputLayer): its shape holds NaN');
    expect(error(model([input('in'), layer('Dropout', 'drop', { rate: '0.5' }, ['in'])]))).toBe(
      'layer "drop" (Dropout): rate must be a number between 0 and 1 (got "0.5")',
    );
  });

  it('cycles', () => {
    const text = model([input('in'), layer('Add', 'a', {}, ['in', 'b']), dense('b', 'a', { units: 4 })], [['b', 0, 0]]);
    expect(error(text)).toBe('the layers form a cycle (through "a", "b"); a model must not loop back');
  });

  it('references to missing layers', () => {
    expect(error(model([input('in'), dense('d', 'nowhere')]))).toBe(
      'layer "d" (Dense) takes input from "nowhere", which is not in the model',
    );
    expect(error(model([input('in'), dense('d', 'in')], [['ghost', 0, 0]]))).toBe(
      'model output "ghost" is not in the model',
    );
  });

  it('classes the catalogue lacks are all listed by name, each with what to do once', () => {
    const text = model([
      input('in'),
      layer('Lambda', 'lambda_1', { function: 'x * 2' }, ['in']),
      layer('Subtract', 'subtract', {}, ['in', 'lambda_1']),
      layer('TFOpLambda', 'tf.math.add', { function: 'math.add' }, ['subtract']),
    ]);
    const r = importModelText(text);
    if (!r.ok) throw new Error(r.error);
    expect(r.warnings[0]).toMatch(
      /^kept as opaque layers .*: lambda_1 \(Lambda\), subtract \(Subtract\), tf\.math\.add \(TFOpLambda\); Lambda: .*; Subtract: tfjs 4\.22 cannot build Subtract: compute a − b .*; TFOpLambda: it records the TensorFlow op math\.add: use Add/,
    );
  });

  it('what the catalogue cannot reproduce is refused with the layer and the setting', () => {
    const cases: [unknown[], string][] = [
      [
        [
          input('in', [4, 6]),
          layer('Conv1D', 'c', { filters: 2, kernel_size: 3, data_format: 'channels_first' }, ['in']),
        ],
        `layer "c" (Conv1D): data_format "channels_first" (tfjs 4.22's Conv1D transposes a channels-first input but returns its output channels-last, so it cannot reproduce the layer; put a Permute([2, 1]) before it to make its input (steps, channels) and use channels_last) is not supported`,
      ],
      [
        [input('in', [3, 2]), layer('GRU', 'g', { units: 2, reset_after: true }, ['in'])],
        'layer "g" (GRU): reset_after true (tfjs supports only reset_after=False: one bias of 3 × units) is not supported',
      ],
      [
        [input('in'), dense('d', 'in'), { ...dense('e', 'd'), inbound_nodes: [[['d', 1, 0, {}]]] }],
        'layer "e" (Dense) uses call 2 of "d" (Dense); only single-output layers called once are supported',
      ],
      [
        [input('in'), dense('d', 'in'), layer('Dense', 'e', { units: 2 }, ['d']), { ...dense('d', 'in'), name: 'd' }],
        'two layers are named "d"; layer names must be unique',
      ],
      [
        [input('in'), { ...dense('d', 'in'), inbound_nodes: [[['in', 0, 1, {}]]] }],
        'layer "d" (Dense) uses output 1 of "in" (InputLayer); only single-output layers called once are supported',
      ],
    ];
    for (const [layers, message] of cases) expect(error(model(layers))).toBe(message);
    expect(error(model([input('in'), dense('x'.repeat(300), 'in')]))).toMatch(
      /^not a Keras model: config\.layers\[1\]\.name: name longer than 200 characters$/,
    );
  });

  it('files that are not models', () => {
    expect(error('[]')).toBe('not a model file: expected a JSON object');
    expect(error('{"a": 1}')).toMatch(/^not a model file: expected a tfjs model\.json/);
    expect(error('{"format": "graph-model", "modelTopology": {}}')).toMatch(/graph model has no layers/);
    expect(error('{"format": "skipwire", "version": 1}')).toMatch(/this is a Skipwire document/);
    expect(error('{"class_name": "Functional", "config": {"layers": "no"}}')).toMatch(/^not a Keras model: config/);
    expect(error('{"format": "layers-model", "modelTopology": 3}')).toBe('not a tfjs model: modelTopology is missing');
    expect(error('{"class_name": "Sequential", "config": []}')).toBe('the Sequential model has no layers');
  });

  it('a Keras 1 Merge without a sound mapping is listed as unsupported', () => {
    const text = JSON.stringify({
      class_name: 'Model',
      keras_version: '1.2.2',
      config: {
        name: 'm',
        layers: [
          input('in'),
          {
            class_name: 'Merge',
            name: 'm1',
            config: { name: 'm1', mode: 'cos' },
            inbound_nodes: [
              [
                ['in', 0, 0],
                ['in', 0, 0],
              ],
            ],
          },
        ],
        input_layers: [['in', 0, 0]],
        output_layers: [['m1', 0, 0]],
      },
    });
    expect(error(text)).toBe('unsupported layer: Merge(mode=cos) (m1) (see docs/formats.md)');
  });
});

describe('robustness', () => {
  const seeds = readdirSync('test/fixtures/keras').map((f) => JSON.parse(fixture(f)) as unknown);

  /** Replaces the value at a random path of `value` with `replacement`. */
  function mutate(value: unknown, picks: number[], replacement: unknown): unknown {
    if (picks.length === 0 || value === null || typeof value !== 'object') return replacement;
    const [pick, ...rest] = picks as [number, ...number[]];
    if (Array.isArray(value)) {
      if (!value.length) return replacement;
      const i = pick % value.length;
      return value.map((v, j) => (j === i ? mutate(v, rest, replacement) : v));
    }
    const keys = Object.keys(value);
    if (!keys.length) return replacement;
    const key = keys[pick % keys.length] as string;
    return { ...(value as object), [key]: mutate((value as Record<string, unknown>)[key], rest, replacement) };
  }

  it('never throws on mutated fixtures and always answers one line', () => {
    fc.assert(
      fc.property(
        fc.nat(seeds.length - 1),
        fc.array(fc.nat(50), { maxLength: 8 }),
        fc.jsonValue({ maxDepth: 3 }),
        (s, picks, replacement) => {
          const r = importModelText(JSON.stringify(mutate(seeds[s], picks, replacement)));
          return r.ok || (r.error.length > 0 && !/[\n\r]/.test(r.error));
        },
      ),
      { numRuns: Number(process.env.SKIPWIRE_FUZZ_RUNS ?? 300) },
    );
  });

  it('never throws on arbitrary JSON', () => {
    fc.assert(
      fc.property(fc.json({ maxDepth: 4 }), (text) => typeof importModelText(text).ok === 'boolean'),
      { numRuns: Number(process.env.SKIPWIRE_FUZZ_RUNS ?? 300) },
    );
  });

  it('imports a 10,000-layer chain quickly and refuses more layers', () => {
    const chain = (n: number) =>
      model([
        input('in'),
        ...Array.from({ length: n }, (_, i) => layer('ReLU', `r${i}`, {}, [i ? `r${i - 1}` : 'in'])),
      ]);
    const t = performance.now();
    const r = importModelText(chain(9_999));
    expect(r.ok).toBe(true);
    expect(performance.now() - t).toBeLessThan(15_000);
    expect(error(chain(10_000))).toBe('not a Keras model: config.layers: more than 10,000 layers');
  });

  it('uses no eval or Function constructor', () => {
    for (const f of readdirSync('src/formats').filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')))
      expect(readFileSync(`src/formats/${f}`, 'utf8'), f).not.toMatch(/\beval\s*\(|new\s+Function\b|\bFunction\s*\(/);
  });
});

afterAll(() => {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.keys(Object.prototype)).toEqual([]);
});
