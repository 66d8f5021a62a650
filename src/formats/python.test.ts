/**
 * The Keras 3 script export: every example and imported fixture parses with Python's own parser,
 * a golden file pins ApesNet's script, and the Keras argument mapping, blocks, Sequential models
 * and training settings are as a Keras user would write them.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DocBuilder, EXAMPLES, example } from '../compile';
import { defaultParams, LAYERS } from '../nodes';
import { fixture, pythonParses } from './formats.testkit';
import { importModelText } from './importModel';
import { ExportError, exportPython, layerArgs } from './python';

const GOLDEN = 'test/fixtures/golden/apesnet.py';

/**
 * The constructor arguments of the Keras 3 layers (keras.io/api/layers), written independently of
 * the mapping table: every argument the script passes must be one of them.
 */
const CONV = [
  'filters',
  'kernel_size',
  'strides',
  'padding',
  'data_format',
  'dilation_rate',
  'groups',
  'activation',
  'use_bias',
];
const POOL = ['pool_size', 'strides', 'padding', 'data_format'];
const RNN = [
  'units',
  'activation',
  'recurrent_activation',
  'use_bias',
  'dropout',
  'recurrent_dropout',
  'return_sequences',
  'return_state',
  'go_backwards',
  'stateful',
  'unroll',
  'seed',
];
const KERAS3_ARGS: Record<string, readonly string[]> = {
  Dense: ['units', 'activation', 'use_bias', 'lora_rank'],
  Conv1D: CONV,
  Conv2D: CONV,
  Conv3D: CONV,
  Conv2DTranspose: [
    'filters',
    'kernel_size',
    'strides',
    'padding',
    'output_padding',
    'data_format',
    'dilation_rate',
    'activation',
    'use_bias',
  ],
  SeparableConv2D: [
    'filters',
    'kernel_size',
    'strides',
    'padding',
    'data_format',
    'dilation_rate',
    'depth_multiplier',
    'activation',
    'use_bias',
  ],
  DepthwiseConv2D: [
    'kernel_size',
    'strides',
    'padding',
    'depth_multiplier',
    'data_format',
    'dilation_rate',
    'activation',
    'use_bias',
  ],
  MaxPooling1D: POOL,
  MaxPooling2D: POOL,
  AveragePooling1D: POOL,
  GlobalAveragePooling1D: ['data_format', 'keepdims'],
  GlobalMaxPooling1D: ['data_format', 'keepdims'],
  AveragePooling2D: POOL,
  MaxPooling3D: POOL,
  AveragePooling3D: POOL,
  GlobalAveragePooling2D: ['data_format', 'keepdims'],
  GlobalMaxPooling2D: ['data_format', 'keepdims'],
  UpSampling2D: ['size', 'data_format', 'interpolation'],
  ZeroPadding2D: ['padding', 'data_format'],
  Cropping2D: ['cropping', 'data_format'],
  BatchNormalization: ['axis', 'momentum', 'epsilon', 'center', 'scale', 'synchronized'],
  LayerNormalization: ['axis', 'epsilon', 'center', 'scale', 'rms_scaling'],
  Dropout: ['rate', 'noise_shape', 'seed'],
  GaussianNoise: ['stddev', 'seed'],
  GaussianDropout: ['rate', 'seed'],
  AlphaDropout: ['rate', 'noise_shape', 'seed'],
  SpatialDropout1D: ['rate', 'seed'],
  Masking: ['mask_value'],
  Flatten: ['data_format'],
  Reshape: ['target_shape'],
  Permute: ['dims'],
  RepeatVector: ['n'],
  Activation: ['activation'],
  ReLU: ['max_value', 'negative_slope', 'threshold'],
  LeakyReLU: ['negative_slope'],
  ELU: ['alpha'],
  ThresholdedReLU: ['max_value', 'negative_slope', 'threshold'], // written as Keras 3's ReLU
  PReLU: ['shared_axes'],
  Softmax: ['axis'],
  Add: [],
  Multiply: [],
  Average: [],
  Maximum: [],
  Minimum: [],
  Concatenate: ['axis'],
  Dot: ['axes', 'normalize'],
  Embedding: ['input_dim', 'output_dim', 'mask_zero', 'lora_rank'],
  SimpleRNN: RNN.filter((a) => a !== 'recurrent_activation'),
  LSTM: [...RNN, 'unit_forget_bias'],
  GRU: [...RNN, 'reset_after'],
  Rescaling: ['scale', 'offset'],
};

describe('exportPython', () => {
  it.each(Object.keys(EXAMPLES))('%s: the script parses, with and without the distributed section', (name) => {
    expect(pythonParses(exportPython(example(name)))).toBe('ok');
    const distributed = exportPython(example(name), { distributed: true });
    expect(pythonParses(distributed)).toBe('ok');
    expect(distributed).toContain('strategy = tf.distribute.MultiWorkerMirroredStrategy()');
    expect(exportPython(example(name))).not.toContain('tf.distribute');
  });

  it('every imported Keras fixture gives a script that parses', () => {
    for (const file of readdirSync('test/fixtures/keras')) {
      const r = importModelText(fixture(file));
      if (!r.ok) throw new Error(r.error);
      expect(pythonParses(exportPython(r.doc)), file).toBe('ok');
    }
  });

  it('says to run the file it is saved as', () => {
    const doc = example('apesnet');
    expect(exportPython(doc)).toContain('Run it with `python apesnet.py`.');
    expect(exportPython(doc, { fileName: 'My Net (2).py' })).toContain("Run it with `python 'My Net (2).py'`.");
    expect(exportPython(doc, { fileName: 'resnet_v2.py', distributed: true })).toContain(
      'Run it with `python resnet_v2.py` on each worker.',
    );
  });

  it('matches the golden ApesNet script (SKIPWIRE_UPDATE_GOLDEN=1 rewrites it)', () => {
    const script = exportPython(example('apesnet'));
    if (process.env.SKIPWIRE_UPDATE_GOLDEN) {
      mkdirSync('test/fixtures/golden', { recursive: true });
      writeFileSync(GOLDEN, script);
    }
    expect(script).toBe(readFileSync(GOLDEN, 'utf8'));
    expect(script).toContain('def apes_block(x, name):');
    expect(script.match(/= apes_block\(/g)).toHaveLength(2);
    expect(script).toContain('    apes_block2 = apes_block(apes_block1, name="apes_block2")');
    expect(script).toContain('add = layers.Add(name=f"{name}_add")([bn_3, bn_shortcut])');
    expect(script).toContain('loss="categorical_crossentropy"');
    for (const line of script.split('\n')) expect(line.length, line).toBeLessThanOrEqual(79);
  });

  it('maps params to Keras 3 arguments and values', () => {
    const b = new DocBuilder('mapping');
    let x = b.layer('input', 'input', { shape: [8, 8, 3] });
    x = b.layer('zeroPadding2d', 'pad', { padding: [1, 2, 3, 4] }, [x]);
    x = b.layer('conv2d', 'conv', { filters: 4, kernelSize: [3, 5], activation: 'hardSigmoid' }, [x]);
    x = b.layer('maxPooling2d', 'pool', { poolSize: [2, 2] }, [x]);
    x = b.layer('leakyRelu', 'leaky', { alpha: 0.3 }, [x]);
    x = b.layer('reshape', 'seq', { targetShape: [-1, 4] }, [x]);
    x = b.layer('conv1d', 'conv1d', { filters: 2, kernelSize: 3, padding: 'same' }, [x]);
    x = b.layer('gru', 'gru', { units: 3 }, [x]);
    b.layer('dense', 'out', { units: 1, activation: 'sigmoid' }, [x]);
    const script = exportPython(b.build());
    expect(pythonParses(script)).toBe('ok');
    expect(script).toContain('            layers.ZeroPadding2D(padding=((1, 2), (3, 4)), name="pad"),');
    expect(script).toMatch(/layers\.Conv2D\(\s+filters=4,\s+kernel_size=\(3, 5\),\s+activation="hard_sigmoid",/);
    expect(script).toContain('layers.MaxPooling2D(pool_size=(2, 2), name="pool"),');
    expect(script).toContain('layers.LeakyReLU(negative_slope=0.3, name="leaky"),');
    expect(script).toContain('layers.Reshape(target_shape=(-1, 4), name="seq"),');
    expect(script).toMatch(/layers\.Conv1D\(\s+filters=2, kernel_size=3, padding="same", name="conv1d"\s+\),/);
    expect(script).toContain('layers.GRU(units=3, reset_after=False, name="gru"),');
    expect(script).toContain('loss="binary_crossentropy"');
    expect(script).toContain('return keras.Sequential(');
    expect(script).toContain('            keras.Input(shape=(8, 8, 3), name="input"),');
  });

  it('writes SimpleRNN and the 1-D poolings as Keras calls', () => {
    const b = new DocBuilder('text');
    let x = b.layer('input', 'tokens', { shape: [12, 3] });
    x = b.layer('simpleRnn', 'rnn', { units: 6, returnSequences: true, activation: 'relu' }, [x]);
    x = b.layer('averagePooling1d', 'pool', { poolSize: 3, padding: 'same' }, [x]);
    const mean = b.layer('globalAveragePooling1d', 'mean', {}, [x]);
    const peak = b.layer('globalMaxPooling1d', 'peak', {}, [x]);
    b.layer('concatenate', 'both', {}, [mean, peak]);
    const script = exportPython(b.build());
    expect(pythonParses(script)).toBe('ok');
    expect(script).toMatch(
      /layers\.SimpleRNN\(\s*units=6,\s*activation="relu",\s*return_sequences=True,\s*name="rnn",?\s*\)/,
    );
    expect(script).toMatch(/layers\.AveragePooling1D\(\s*pool_size=3, padding="same", name="pool"\s*\)/);
    expect(script).toContain('layers.GlobalAveragePooling1D(name="mean")');
    expect(script).toContain('layers.GlobalMaxPooling1D(name="peak")');
  });

  it('writes ThresholdedReLU, which Keras 3 dropped, as ReLU(threshold=theta)', () => {
    const b = new DocBuilder('thr');
    const x = b.layer('input', 'x', { shape: [4] });
    b.layer('thresholdedRelu', 'thr', { theta: 0.7 }, [x]);
    const script = exportPython(b.build());
    expect(pythonParses(script)).toBe('ok');
    expect(script).toContain('layers.ReLU(threshold=0.7, name="thr")');
    expect(script).not.toContain('ThresholdedReLU');
  });

  it('passes only arguments the Keras 3 layers take, for every catalogue layer', () => {
    for (const def of LAYERS.filter((d) => d.type !== 'input')) {
      const allowed = KERAS3_ARGS[def.kerasClass];
      expect(allowed, def.kerasClass).toBeDefined();
      const params = defaultParams(def.params) as Record<string, unknown>;
      // Every param away from its default, so that each argument is written.
      const varied = Object.fromEntries(
        Object.entries(params).map(([k, v]) => [k, typeof v === 'boolean' ? !v : v === null ? [2, 2] : v]),
      );
      for (const args of [layerArgs(def, params, new Map()), layerArgs(def, varied, new Map())])
        for (const arg of args) expect(allowed, `${def.kerasClass}: ${arg}`).toContain(arg.split('=')[0]);
    }
  });

  it('writes blocks as functions: exposed params as keyword arguments, several inputs and outputs', () => {
    const b = new DocBuilder('blocks');
    b.block('pair', 'Pair', (bb) => {
      const l = bb.input('left');
      const r = bb.input('right');
      const s = bb.layer('add', 'sum', {}, [l, r]);
      return [
        bb.layer('dense', 'proj', { units: 4 }, [s]),
        bb.layer('dense', 'gate', { units: 4, activation: 'sigmoid' }, [s]),
      ];
    });
    const x = b.layer('input', 'x', { shape: [4] });
    const y = b.layer('input', 'y', { shape: [4] });
    const p = b.instance('pair', 'pair_1', [x, y]);
    const m = b.layer('concatenate', 'mix', {}, [p, [p, 1]]);
    b.layer('dense', 'value', { units: 1 }, [m]);
    const built = b.build();
    const doc = {
      ...built,
      blocks: built.blocks.map((d) => ({
        ...d,
        exposed: [
          { name: 'width', node: 'proj', param: 'units' },
          { name: 'class', node: 'gate', param: 'activation' },
        ],
      })),
      nodes: built.nodes.map((n) => (n.id === 'pair_1' ? { ...n, params: { width: 8, class: 'hardSigmoid' } } : n)),
    };
    const script = exportPython(doc);
    expect(pythonParses(script)).toBe('ok');
    expect(script).toContain('def pair(left, right, name, width=4, class_="sigmoid"):');
    expect(script).toContain('gate = layers.Dense(units=4, activation=class_, name=f"{name}_gate")(sum_)');
    expect(script).toContain('proj = layers.Dense(units=width, name=f"{name}_proj")(sum_)');
    expect(script).toContain('    return proj, gate');
    expect(script).toContain(
      '    pair_1_proj, pair_1_gate = pair(\n        x, y, name="pair_1", width=8, class_="hard_sigmoid"\n    )\n',
    );
    expect(script).toContain('mix = layers.Concatenate(name="mix")([pair_1_proj, pair_1_gate])');
    expect(script).toContain('loss="mean_squared_error"');
    expect(script).toContain('metrics=["mae"]');
  });

  it('takes the training settings from the document, defaults by head, one loss per output', () => {
    const doc = example('spirals');
    const trained = {
      ...doc,
      metadata: {
        training: {
          optimizer: 'momentum',
          learningRate: 0.05,
          loss: 'categoricalCrossentropy',
          epochs: 3,
          batchSize: 8,
        },
      },
    };
    const script = exportPython(trained, { distributed: true });
    expect(script).toContain('optimizer=keras.optimizers.SGD(learning_rate=0.05, momentum=0.9)');
    expect(script).toContain('def train_distributed(epochs=3, batch_size=8):');
    const hostile = { ...doc, metadata: { training: { optimizer: 'os.system("rm -rf /")', loss: '")\nimport os' } } };
    const safe = exportPython(hostile);
    expect(safe).toContain('optimizer=keras.optimizers.Adam(learning_rate=0.01)');
    expect(safe).toContain('loss="categorical_crossentropy"');
    const b = new DocBuilder('two_heads');
    const x = b.layer('input', 'x', { shape: [3] });
    b.layer('dense', 'kind', { units: 2, activation: 'softmax' }, [x]);
    b.layer('dense', 'size', { units: 1 }, [x]);
    expect(exportPython(b.build())).toContain('loss=["categorical_crossentropy", "mean_squared_error"]');
  });

  it('escapes names and descriptions', () => {
    const doc = {
      ...example('spirals'),
      name: 'my "model" \\ """',
      metadata: { description: 'Ends with a quote """ and a backslash \\ and "' },
    };
    const script = exportPython(doc);
    expect(pythonParses(script)).toBe('ok');
    expect(script).toContain('name="my_model_"');
  });

  it('refuses a model with errors, naming the first', () => {
    const b = new DocBuilder('broken');
    const x = b.layer('input', 'x', { shape: [4, 4, 3] });
    b.layer('dense', 'd', { units: -1 }, [x]);
    expect(() => exportPython(b.build())).toThrow(ExportError);
    expect(() => exportPython(b.build())).toThrow(/^the model has errors; fix them first: /);
  });
});
