/** The Keras Python reader: public-example fixtures, the constructs of the subset, located errors. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, type SkipwireDoc } from '../../compile';
import { importFile } from '../registry';
import { importPythonText } from '.';
import { looksLikeKerasPython } from './sniff';

const SEED = `from keras.layers import Input, Conv2D, Add
x = Input(shape=(64, 64, 32))
y = Conv2D(32, 3, padding='same')(x)
z = Add()([x, y])
`;

function read(text: string) {
  const r = importPythonText(text);
  if (!r.ok) throw new Error(r.error);
  return r;
}
const types = (doc: SkipwireDoc) => doc.nodes.map((n) => n.type);
const node = (doc: SkipwireDoc, name: string) => doc.nodes.find((n) => n.name === name);
const errorOf = (text: string) => {
  const r = importPythonText(text);
  return r.ok ? 'imported' : r.error;
};
const fixture = (name: string) => readFileSync(`test/fixtures/real/python/${name}`, 'utf8');

describe('public-example fixtures', () => {
  it("the functional API guide's toy ResNet: 15 layers, 223,242 params, training lines skipped", () => {
    const r = read(fixture('toy_resnet.py'));
    expect(r.doc.name).toBe('toy_resnet');
    expect(r.doc.nodes).toHaveLength(15);
    expect(types(r.doc).filter((t) => t === 'add')).toHaveLength(2);
    const a = analyze(r.doc);
    expect(a.ok).toBe(true);
    expect(a.totals.trainable).toBe(223_242);
    expect(r.warnings[0]).toMatch(/^skipped 8 statements that do not build the model \(lines 27, 28, 30/);
    expect(r.doc.metadata.training).toEqual({ optimizer: 'rmsprop' });
  });

  it("Keras 1's mnist_cnn: Sequential + add(), Convolution2D(n, 3, 3), Python 2 print, else branch taken", () => {
    const r = read(fixture('keras1_mnist_cnn.py'));
    expect(r.format).toBe('keras1');
    expect(types(r.doc)).toEqual([
      'input',
      'conv2d',
      'activation',
      'conv2d',
      'activation',
      'maxPooling2d',
      'dropout',
      'flatten',
      'dense',
      'activation',
      'dropout',
      'dense',
      'activation',
    ]);
    expect(node(r.doc, 'input_layer')?.params.shape).toEqual([28, 28, 1]);
    expect(node(r.doc, 'conv2d')?.params).toMatchObject({ filters: 32, kernelSize: [3, 3], padding: 'valid' });
    expect(analyze(r.doc).totals.trainable).toBe(600_810);
    expect(r.warnings[0]).toMatch(/^skipped 12 statements .*; 1 of them is not valid Python 3$/);
    expect(r.warnings[1]).toBe(
      "line 27:4: the condition `K.image_dim_ordering() == 'th'` was not read; its else branch was taken",
    );
  });

  it('an ApesNet-style Keras 1 script: one ApesBlock definition, two instances, merge(mode=sum), the ApesNet totals', () => {
    const r = read(fixture('apesnet_keras1.py'));
    expect(r.doc.blocks.map((b) => [b.id, b.nodes.length, b.inputs.length, b.outputs.length])).toEqual([
      ['apes_block', 12, 1, 1],
    ]);
    const block = r.doc.blocks[0];
    expect(block?.nodes.map((n) => n.type)).toContain('add');
    const instances = r.doc.nodes.filter((n) => n.type === 'block');
    expect(instances.map((n) => n.block)).toEqual(['apes_block', 'apes_block']);
    const a = analyze(r.doc);
    expect(a.ok).toBe(true);
    // The same totals as the ApesNet example (public/examples/apesnet.skipwire.json).
    expect(a.totals).toEqual({ trainable: 922_068, nonTrainable: 1_488 });
    expect(r.doc.metadata.training).toEqual({ optimizer: 'adam', learningRate: 0.01, loss: 'categoricalCrossentropy' });
  });
});

describe('the subset', () => {
  it('reads the seed snippet: Input → Conv2D → Add, with the skip wire', () => {
    const r = read(SEED);
    expect(types(r.doc)).toEqual(['input', 'conv2d', 'add']);
    expect(r.doc.edges).toHaveLength(3);
    expect(node(r.doc, 'conv2d')?.params).toEqual({ filters: 32, kernelSize: [3, 3], padding: 'same' });
    expect(r.warnings).toEqual([]);
  });

  it('follows aliases: tensorflow.keras layers, keras.layers.core, tf.keras without an import, as-names', () => {
    const r = read(`import tensorflow as tf
from tensorflow.keras import layers as L
import keras.layers.core
from keras.layers import Dense as D
inp = tf.keras.Input(shape=(8,))
h = L.Dense(4, activation=tf.nn.relu)(inp)
h = keras.layers.core.Dropout(0.25)(h)
h = D(2)(h)
out = L.Activation(tf.keras.activations.softmax)(h)
model = tf.keras.Model(inputs=inp, outputs=out)
`);
    expect(r.format).toBe('keras2');
    expect(types(r.doc)).toEqual(['input', 'dense', 'dropout', 'dense', 'activation']);
    expect(node(r.doc, 'activation')?.params).toMatchObject({ activation: 'softmax' });
    expect(node(r.doc, 'dense')?.params).toMatchObject({ units: 4, activation: 'relu' });
    expect(node(r.doc, 'dropout')?.params).toMatchObject({ rate: 0.25 });
  });

  it('Sequential([...]) with input_shape, then .add(); keyword and positional arguments; literal arithmetic', () => {
    const r = read(`from keras.models import Sequential
from keras.layers import Dense, Flatten, Reshape
side = 4
model = Sequential([Reshape((side * side,), input_shape=(side, side)), Dense(units=2 ** 3, activation="relu")])
model.add(Dense(10 // 3))
`);
    expect(types(r.doc)).toEqual(['input', 'reshape', 'dense', 'dense']);
    expect(node(r.doc, 'dense')?.params).toMatchObject({ units: 8 });
    expect(node(r.doc, 'dense_1')?.params).toMatchObject({ units: 3 });
    expect(node(r.doc, 'reshape')?.params).toMatchObject({ targetShape: [16] });
  });

  it('for loops over range() and literal lists, reassigning the tensor; Keras 1 Model(input=, output=)', () => {
    const r = read(`from keras.layers import Input, Dense, merge
from keras.models import Model
a = Input(shape=(6,))
x = a
for i in range(3):
    x = Dense(8, name='d%d' % i if False else None)(x)
for units in [4, 2]:
    x = Dense(units)(x)
b = Dense(2)(a)
out = merge([x, b], mode='mul')
m = Model(input=a, output=out)
`);
    expect(types(r.doc).filter((t) => t === 'dense')).toHaveLength(6);
    expect(types(r.doc)).toContain('multiply');
    expect(r.format).toBe('keras1');
  });

  it('helpers: the same body twice is one block; different sizes are exposed params of one definition; multiple outputs', () => {
    const r = read(`import keras
from keras import layers
def conv_block(x, filters):
    x = layers.Conv2D(filters, 3, padding="same")(x)
    return layers.ReLU()(x)
def split(x):
    return layers.Dense(2)(x), layers.Dense(3)(x)
inputs = keras.Input(shape=(8, 8, 3))
x = conv_block(inputs, 16)
x = conv_block(x, 16)
x = conv_block(x, 32)
f = layers.Flatten()(x)
p, q = split(f)
out = layers.Concatenate()([p, q])
model = keras.Model(inputs, out)
`);
    // One definition for conv_block: the filters that differ are an exposed param of its instances.
    expect(r.doc.blocks.map((b) => b.id)).toEqual(['conv_block', 'split']);
    expect(r.doc.blocks[0]?.exposed).toEqual([{ name: 'filters', node: 'conv2d', param: 'filters' }]);
    expect(r.doc.blocks.find((b) => b.id === 'split')?.outputs).toHaveLength(2);
    expect(r.doc.nodes.filter((n) => n.type === 'block').map((n) => [n.name, n.block, n.params])).toEqual([
      ['x', 'conv_block', { filters: 16 }],
      ['x_2', 'conv_block', { filters: 16 }],
      ['x_3', 'conv_block', { filters: 32 }],
      ['split', 'split', {}],
    ]);
    expect(
      analyze(r.doc)
        .layers.filter((l) => l.type === 'conv2d')
        .map((l) => l.params.filters),
    ).toEqual([16, 16, 32]);
    expect(analyze(r.doc).ok).toBe(true);
  });

  it('a layer object called twice is one shared layer; a Sequential called on a tensor nests as a block', () => {
    const r = read(`from keras import layers, Input, Model, Sequential
shared = layers.Dense(4)
a = Input(shape=(3,))
b = Input(shape=(3,))
head = Sequential([layers.Dense(2), layers.Activation('softmax')], name='head')
s = layers.add([shared(a), shared(b)])
out = head(s)
model = Model([a, b], out)
`);
    const dense = r.doc.nodes.filter((n) => n.type === 'dense');
    expect(dense).toHaveLength(2);
    expect(dense[1]?.shares).toBe(dense[0]?.id);
    expect(r.doc.blocks.map((b) => b.id)).toEqual(['head']);
  });

  it('a helper that only builds the model (never called) is read; model.compile gives the training settings', () => {
    const r = read(`import keras
def build_model(n=3):
    i = keras.Input(shape=(n,))
    o = keras.layers.Dense(1, activation='sigmoid')(i)
    return keras.Model(i, o, name='tiny')
`);
    expect(r.doc.name).toBe('tiny');
    expect(node(r.doc, 'input_layer')?.params.shape).toEqual([3]);
  });

  it('the registry takes .py files and Keras-looking text, and says what it read', async () => {
    const bytes = new TextEncoder().encode(SEED);
    const r = await importFile(
      { name: 'seed.py', bytes, sibling: async () => undefined },
      { loadTf: () => Promise.reject(new Error('no tf')), layout: 'layered' },
    );
    expect(r.ok && r.formatLabel).toBe('Keras Python script');
    const pasted = await importFile(
      { name: 'pasted', bytes, sibling: async () => undefined },
      { loadTf: () => Promise.reject(new Error('no tf')), layout: 'layered' },
    );
    expect(pasted.ok).toBe(true);
    expect(looksLikeKerasPython(SEED)).toBe(true);
    expect(looksLikeKerasPython('{"format": "skipwire"}')).toBe(false);
    expect(looksLikeKerasPython('Hello, world. Meeting at 3pm.')).toBe(false);
  });
});

describe('located messages', () => {
  it('an unknown layer class: line:col, the call, what to do', () => {
    expect(
      errorOf('from keras.layers import Input, Lambda\nx = Input(shape=(2,))\ny = Lambda(lambda t: t * 2)(x)\n'),
    ).toMatch(
      /^line 3:5: `Lambda\(lambda t: t \* 2\)`: Lambda is not a layer Skipwire has \(docs\/layers\.md lists them\); replace it/,
    );
  });

  it('tensor arithmetic and unknown functions on tensors, when the result is used', () => {
    expect(
      errorOf('from keras.layers import Input, Dense\nx = Input(shape=(2,))\ny = x * 2\nz = Dense(1)(y)\n'),
    ).toMatch(/^line 3:5: `x \* 2` is not a Keras layer call; .*use a layer such as Add\(\)\(\[x, y\]\)/);
    expect(
      errorOf(
        'import tensorflow as tf\nfrom keras.layers import Input, Dense\nx = Input(shape=(2,))\nz = Dense(1)(tf.nn.relu(x))\n',
      ),
    ).toMatch(/^line 4:14: `tf\.nn\.relu\(x\)` is not a Keras layer call/);
  });

  it('a Sequential without an input shape, too many positional arguments, no model at all', () => {
    expect(
      errorOf(
        'from keras.models import Sequential\nfrom keras.layers import Dense\nm = Sequential()\nm.add(Dense(2))\n',
      ),
    ).toMatch(
      /^line 3:5: `Sequential\(\)`: the Sequential model "sequential" has no input shape: start it with keras.Input/,
    );
    expect(
      errorOf('from keras.layers import Input, Dropout\nx = Input(shape=(2,))\ny = Dropout(0.5, None, 1, 2)(x)\n'),
    ).toMatch(/^line 3:5: .*Dropout takes at most 1 positional argument \(rate\); give the others by keyword/);
    expect(errorOf('import numpy as np\ndata = np.load("x.npy")\nprint(data.shape)\n')).toMatch(
      /^no Keras model found in the script \(2 statements were skipped/,
    );
  });
});
