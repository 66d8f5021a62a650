/**
 * Recurrent states in the Python import (Keras `return_state` / `initial_state`): every form a
 * script writes them in, the located messages of the wrong ones, the Python export of every state
 * model read back as the same graph, and the keras-io character seq2seq script (written after it:
 * test/fixtures/real/python/README.md) imported, built in tfjs and counted as tfjs counts it.
 */
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, compileModel, type SkipwireDoc } from '../../compile';
import { exportPython } from '../python';
import { graphOf, seq2seq } from '../states.testkit';
import { importPythonText } from '.';

beforeAll(async () => {
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
});

const read = (text: string): SkipwireDoc => {
  const r = importPythonText(text);
  if (!r.ok) throw new Error(r.error);
  return r.doc;
};
const refused = (text: string): string => {
  const r = importPythonText(text);
  if (r.ok) throw new Error('imported, but should have been refused');
  return r.error;
};
const edges = (text: string) => graphOf(read(text)).edges;

const HEAD = 'import keras\nfrom keras import layers\nx = keras.Input(shape=(7, 5))\ny = keras.Input(shape=(6, 3))\n';
const TAIL = 'out = layers.Dense(4)(dec)\nmodel = keras.Model([x, y], out)\n';
const LSTM_WIRES = ['enc:1>dec:1', 'enc:2>dec:2', 'input_layer:0>enc:0', 'input_layer_1:0>dec:0', 'dec:0>dense:0'];

describe('the forms of states in a script', () => {
  it.each([
    [
      'tuple unpacking, initial_state=[h, c]',
      'o, h, c = layers.LSTM(8, return_state=True, name="enc")(x)\ndec = layers.LSTM(8, name="dec")(y, initial_state=[h, c])\n',
    ],
    [
      'a list variable (encoder_states)',
      'enc_layer = layers.LSTM(8, return_state=True, name="enc")\n_, h, c = enc_layer(x)\nstates = [h, c]\ndec = layers.LSTM(8, name="dec")(y, initial_state=states)\n',
    ],
    [
      'outputs[1:] of the list the layer returns',
      'outputs = layers.LSTM(8, return_state=True, name="enc")(x)\ndec = layers.LSTM(8, name="dec")(y, initial_state=outputs[1:])\n',
    ],
    [
      'outputs[1], outputs[2] and a second positional argument',
      'outputs = layers.LSTM(8, return_state=True, name="enc")(x)\ndec = layers.LSTM(8, name="dec")(y, [outputs[1], outputs[-1]])\n',
    ],
    [
      "Keras 2's list [y, h, c]",
      'o, h, c = layers.LSTM(8, return_state=True, name="enc")(x)\ndec = layers.LSTM(8, name="dec")([y, h, c])\n',
    ],
  ])('%s', (_, body) => {
    const got = edges(HEAD + body + TAIL.replace('Dense(4)', 'Dense(4, name="dense")'));
    expect(got).toEqual([...LSTM_WIRES].sort());
    expect(read(HEAD + body + TAIL).nodes.find((n) => n.name === 'enc')?.params.returnState).toBe(true);
  });

  it('outputs[0] is the main output; the states of a layer used only for its states', () => {
    const doc = read(
      `${HEAD}outputs = layers.LSTM(8, return_sequences=True, return_state=True, name="enc")(x)\nseq = layers.Dense(2, name="seq")(outputs[0])\ndec = layers.LSTM(8, name="dec")(y, initial_state=outputs[1:])\nmodel = keras.Model([x, y], [seq, dec])\n`,
    );
    expect(graphOf(doc).edges).toEqual(
      ['enc:0>seq:0', 'enc:1>dec:1', 'enc:2>dec:2', 'input_layer:0>enc:0', 'input_layer_1:0>dec:0'].sort(),
    );
    expect(analyze(doc).ok).toBe(true);
  });

  it.each(['GRU', 'SimpleRNN'])('%s has one state', (cls) => {
    const doc = read(
      `${HEAD}o, h = layers.${cls}(8, return_state=True, name="enc")(x)\ndec = layers.${cls}(8, name="dec")(y, initial_state=h)\n${TAIL}`,
    );
    expect(graphOf(doc).edges).toContain('enc:1>dec:1');
    expect(doc.edges.filter((e) => e.target === doc.nodes.find((n) => n.name === 'dec')?.id)).toHaveLength(2);
    expect(analyze(doc).ok).toBe(true);
  });

  it('Bidirectional(LSTM(return_state=True)) gives the output and four states; Concatenate joins them', () => {
    const doc = read(
      `${HEAD}o, fh, fc, bh, bc = layers.Bidirectional(layers.LSTM(8, return_state=True), name="enc")(x)\nh = layers.Concatenate(name="h")([fh, bh])\nc = layers.Concatenate(name="c")([fc, bc])\ndec = layers.LSTM(16, name="dec")(y, initial_state=[h, c])\n${TAIL}`,
    );
    expect(graphOf(doc).edges).toEqual(
      expect.arrayContaining(['enc:1>h:0', 'enc:3>h:1', 'enc:2>c:0', 'enc:4>c:1', 'h:0>dec:1', 'c:0>dec:2']),
    );
    const a = analyze(doc);
    expect(a.ok).toBe(true);
    expect(a.nodes.get(doc.nodes.find((n) => n.name === 'enc')?.id as string)?.outputShapes).toEqual([
      [16],
      [8],
      [8],
      [8],
      [8],
    ]);
  });
});

describe('inference models built from the training layers', () => {
  // The Keras blog's seq2seq pattern: after the training model, an encoder model outputting the
  // states and a one-step decoder model calling the same layers on new state inputs.
  const SCRIPT = `${HEAD}enc = layers.LSTM(8, return_state=True, name="enc")
_, h, c = enc(x)
dec_lstm = layers.LSTM(8, return_sequences=True, return_state=True, name="dec")
seq, _, _ = dec_lstm(y, initial_state=[h, c])
dense = layers.Dense(4, activation="softmax", name="dense")
model = keras.Model([x, y], dense(seq))
encoder_model = keras.Model(x, [h, c])
h_in = keras.Input(shape=(8,))
c_in = keras.Input(shape=(8,))
seq2, h2, c2 = dec_lstm(y, initial_state=[h_in, c_in])
decoder_model = keras.Model([y, h_in, c_in], [dense(seq2), h2, c2])
`;

  it('reads the training model; the models outputting states are skipped, and the report says so', () => {
    const r = importPythonText(SCRIPT);
    if (!r.ok) throw new Error(r.error);
    expect(graphOf(r.doc).edges).toEqual([...LSTM_WIRES].sort());
    expect(r.warnings).toEqual(
      expect.arrayContaining([
        "line 11:17: `keras.Model(x, [h, c])` outputs h of \"enc\", and a Skipwire model's outputs are layers' main outputs: skipped (a seq2seq script's inference model)",
        "line 15:17: `keras.Model([y, h_in, c_in], [dense(seq2), h2, c2])` outputs h of \"dec\", and a Skipwire model's outputs are layers' main outputs: skipped (a seq2seq script's inference model)",
      ]),
    );
  });

  it('a script whose only model outputs states is refused at that model', () => {
    expect(refused(`${HEAD}o, h = layers.GRU(8, return_state=True)(x)\nm = keras.Model(x, [o, h])\n`)).toBe(
      'line 6:5: `keras.Model(x, [o, h])` outputs h of "gru", and a Skipwire model\'s outputs are layers\' main outputs; feed the states to a layer, or output the layers that use them',
    );
  });
});

describe('states through helpers and nested models', () => {
  it('a helper returning states is read inline; one taking states becomes a block with state inputs', () => {
    const inline = read(
      `${HEAD}def encode(t):\n    o, h, c = layers.LSTM(8, return_state=True, name="enc")(t)\n    return h, c\nh, c = encode(x)\ndec = layers.LSTM(8, name="dec")(y, initial_state=[h, c])\n${TAIL}`,
    );
    expect(inline.blocks).toEqual([]);
    expect(graphOf(inline).edges).toEqual(expect.arrayContaining(['enc:1>dec:1', 'enc:2>dec:2']));
    const block = read(
      `${HEAD}def decode(t, states):\n    return layers.LSTM(8)(t, initial_state=states)\no, h, c = layers.LSTM(8, return_state=True, name="enc")(x)\ndec = decode(y, [h, c])\n${TAIL}`,
    );
    expect(block.blocks.map((b) => b.id)).toEqual(['decode']);
    expect(graphOf(block).edges).toEqual(expect.arrayContaining(['enc:1>dec:1', 'enc:2>dec:2']));
    expect(analyze(block).ok).toBe(true);
  });

  it('a nested model with several outputs unpacks; a model of states used as a layer is refused at that model', () => {
    const two = read(
      'import keras\nfrom keras import layers\na = keras.Input(shape=(4,))\ntwo = keras.Model(a, [layers.Dense(3)(a), layers.Dense(2)(a)])\nx = keras.Input(shape=(4,))\nu, v = two(x)\nm = keras.Model(x, layers.Concatenate(name="cat")([u, v]))\n',
    );
    expect(graphOf(two).edges).toEqual(expect.arrayContaining(['model:0>cat:0', 'model:1>cat:1']));
    expect(
      refused(
        `${HEAD}o, h, c = layers.LSTM(8, return_state=True)(x)\nenc = keras.Model(x, [h, c])\nz = keras.Input(shape=(7, 5))\nd = layers.LSTM(8)(y, initial_state=enc(z))\nm = keras.Model([z, y], d)\n`,
      ),
    ).toBe(
      'line 6:7: `keras.Model(x, [h, c])` outputs h of "lstm", and a Skipwire model\'s outputs are layers\' main outputs',
    );
  });
});

it('a Bidirectional decoder takes four initial states (forward h, c, backward h, c)', () => {
  const doc = read(
    `${HEAD}o, fh, fc, bh, bc = layers.Bidirectional(layers.LSTM(8, return_state=True), name="enc")(x)\ndec = layers.Bidirectional(layers.LSTM(8), name="dec")(y, initial_state=[fh, fc, bh, bc])\n${TAIL}`,
  );
  expect(graphOf(doc).edges).toEqual(
    expect.arrayContaining(['enc:1>dec:1', 'enc:2>dec:2', 'enc:3>dec:3', 'enc:4>dec:4']),
  );
  expect(analyze(doc).ok).toBe(true);
  expect(
    refused(
      `${HEAD}o, h, c = layers.LSTM(8, return_state=True)(x)\nd = layers.Bidirectional(layers.LSTM(8))(y, initial_state=[h, c])\n`,
    ),
  ).toMatch(
    /`: Bidirectional\(LSTM\) takes 4 initial states \(forward h, forward c, backward h, backward c\); 2 are given$/,
  );
});

it("other layers' extra call arguments are not states: Dropout(0.5)(x, True), BatchNormalization()(x, training=False)", () => {
  const doc = read(
    'import keras\nfrom keras import layers\nx = keras.Input(shape=(4,))\ny = layers.Dropout(0.5)(x, True)\nz = layers.BatchNormalization()(y, training=False)\n',
  );
  expect(graphOf(doc).edges).toEqual(['dropout:0>batch_normalization:0', 'input_layer:0>dropout:0']);
});

describe('located messages for wrong forms', () => {
  it.each([
    [
      'too few names',
      'o, h = layers.LSTM(8, return_state=True, name="enc")(x)\n',
      /^line 6:1: `o, h = …`: LSTM "enc" with return_state=True returns 3 tensors \(output, h, c\); 2 names are given$/,
    ],
    [
      'unpacking a layer without return_state',
      'o, h, c = layers.LSTM(8, name="enc")(x)\n',
      /^line 6:1: `o, h, c = …`: LSTM "enc" returns one tensor: give it return_state=True to have its states; 3 names are given$/,
    ],
    [
      'a state of a layer without return_state',
      'o = layers.LSTM(8, name="enc")(x)\ndec = layers.LSTM(8)(y, initial_state=[o[1], o[2]])\n',
      /^line 7:40: `o\[1\]`: LSTM "enc" returns one tensor, not its states: give it return_state=True$/,
    ],
    [
      'a state index out of range',
      'o = layers.GRU(8, return_state=True)(x)\ndec = layers.GRU(8)(y, initial_state=o[2])\n',
      /^line 7:38: `o\[2\]`: index 2 is out of range: the list holds 2 values$/,
    ],
    [
      'the wrong number of initial states',
      'o, h, c = layers.LSTM(8, return_state=True)(x)\ndec = layers.LSTM(8)(y, initial_state=[h])\n',
      /^line 7:7: `layers\.LSTM\(8\)\(y, initial_state=\[h\]\)`: LSTM takes 2 initial states \(h, c\); 1 is given$/,
    ],
    [
      'initial_state on a layer without states',
      'o, h = layers.GRU(8, return_state=True)(x)\ndec = layers.Dense(8)(y, initial_state=h)\n',
      /^line 7:7: .*Dense takes no initial_state/,
    ],
    [
      'a return_state layer in a Sequential',
      'model = keras.Sequential([keras.Input(shape=(7, 5)), layers.LSTM(8, return_state=True)])\n',
      /returns several tensors; a Sequential takes one: use the functional API/,
    ],
  ])('%s', (_, body, message) => {
    expect(refused(HEAD.replace('\n', '\n\n') + body)).toMatch(message);
  });
});

describe('Python export of state models → Python import', () => {
  it.each(
    (['lstm', 'gru', 'simpleRnn'] as const).flatMap((type) =>
      [false, true].flatMap((bidirectional) =>
        type === 'simpleRnn' && bidirectional
          ? []
          : [false, true].map((states) => [type, bidirectional, states] as const),
      ),
    ),
  )('%s (Bidirectional: %s, decoder states: %s) reads back as the same graph', (type, bidirectional, states) => {
    const doc = seq2seq(type, bidirectional, states);
    expect(analyze(doc).ok).toBe(true);
    const back = read(exportPython(doc));
    expect(graphOf(back)).toEqual(graphOf(doc));
    expect(analyze(back).totals).toEqual(analyze(doc).totals);
  });
});

describe('the keras-io character seq2seq script', () => {
  const text = readFileSync('test/fixtures/real/python/char_seq2seq.py', 'utf8');

  it('as it is: says which sizes come from the data it loads, at the Input', () => {
    expect(refused(text)).toMatch(
      /^line 80:18: `keras\.Input\(shape=\(None, num_encoder_tokens\)\)`: the size `num_encoder_tokens = len\(input_characters\)` is computed from something the script loads, which is not read: write it as a number$/,
    );
  });

  it('with the two sizes written: imports, builds in tfjs and counts as tfjs counts the same model', () => {
    // The sizes the example prints for its 10,000 pairs (71 input, 93 output characters).
    const sized = text
      .replace('num_encoder_tokens = len(input_characters)', 'num_encoder_tokens = 71')
      .replace('num_decoder_tokens = len(target_characters)', 'num_decoder_tokens = 93');
    const r = importPythonText(sized);
    if (!r.ok) throw new Error(r.error);
    expect(r.warnings.join('\n')).toMatch(
      /line 111:17: `keras\.Model\(encoder_inputs, encoder_states\)` is made of a model loaded from a file, not built here: skipped\nline 124:17: `keras\.Model\( \[decoder_inputs\] \+ decoder_states_inputs/,
    );
    const doc = r.doc;
    expect(graphOf(doc).edges).toEqual(
      [
        'input_layer:0>lstm:0',
        'input_layer_1:0>lstm_1:0',
        'lstm:1>lstm_1:1',
        'lstm:2>lstm_1:2',
        'lstm_1:0>dense:0',
      ].sort(),
    );
    expect(doc.metadata.training).toMatchObject({ optimizer: 'rmsprop', loss: 'categoricalCrossentropy' });
    const { model, analysis } = compileModel(tf, doc);
    // tfjs' own build of the same model.
    const encIn = tf.input({ shape: [null, 71] } as never) as tf.SymbolicTensor;
    const decIn = tf.input({ shape: [null, 93] } as never) as tf.SymbolicTensor;
    const [, h, c] = tf.layers.lstm({ units: 256, returnState: true }).apply(encIn) as tf.SymbolicTensor[];
    const [seq] = tf.layers
      .lstm({ units: 256, returnSequences: true, returnState: true })
      .apply(decIn, { initialState: [h, c] }) as tf.SymbolicTensor[];
    const out = tf.layers.dense({ units: 93, activation: 'softmax' }).apply(seq as tf.SymbolicTensor);
    const theirs = tf.model({ inputs: [encIn, decIn], outputs: out as tf.SymbolicTensor });
    expect(theirs.countParams()).toBe(718_173); // 4·(256·(71+256)+256) + 4·(256·(93+256)+256) + 257·93
    expect(model.countParams()).toBe(theirs.countParams());
    expect(analysis.totals.trainable).toBe(theirs.countParams());
    const y = model.predict([tf.zeros([1, 4, 71]), tf.zeros([1, 5, 93])]) as tf.Tensor;
    expect(y.shape).toEqual([1, 5, 93]);
  });
});
