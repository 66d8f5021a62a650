/**
 * The example models, built in code so they stay in step with the catalogue. The JSON files in
 * public/examples/ are written from these by `npm run examples` (a test checks they match).
 */
import { type BlockBuilder, DocBuilder } from './builder';
import type { SkipwireDoc } from './document';

const BN = { epsilon: 1e-3 };
const LRELU = { alpha: 0.3 };

/** ApesBlock: BN → LeakyReLU → 1×1 conv → BN → LeakyReLU → 7×7 conv → BN, plus BN(x), added. */
function apesBlock(b: BlockBuilder, filters: number): string[] {
  const x = b.input('x');
  const bn1 = b.layer('batchNormalization', 'bn_1', BN, [x]);
  const a1 = b.layer('leakyRelu', 'leaky_relu_1', LRELU, [bn1]);
  const c1 = b.layer('conv2d', 'conv_1x1', { filters, kernelSize: [1, 1], padding: 'same' }, [a1]);
  const bn2 = b.layer('batchNormalization', 'bn_2', BN, [c1]);
  const a2 = b.layer('leakyRelu', 'leaky_relu_2', LRELU, [bn2]);
  const c2 = b.layer('conv2d', 'conv_7x7', { filters, kernelSize: [7, 7], padding: 'same' }, [a2]);
  const bn3 = b.layer('batchNormalization', 'bn_3', BN, [c2]);
  const shortcut = b.layer('batchNormalization', 'bn_shortcut', BN, [x]);
  const sum = b.layer('add', 'add', {}, [bn3, shortcut]);
  const act = b.layer('leakyRelu', 'leaky_relu_out', LRELU, [sum]);
  return [b.layer('dropout', 'dropout', { rate: 0.5 }, [act])];
}

/** ApesNet (Keras implementation): 3 ConvBlocks, 2 ApesBlocks, 3 decoder stages, softmax head. */
function apesNet(name: string, height: number, width: number, classes: number, description: string): SkipwireDoc {
  const b = new DocBuilder(name, { description, classes });
  b.block('apes_block', 'ApesBlock', (bb) => apesBlock(bb, 64));
  // Four columns, so that the whole network reads at a glance: the input and ConvBlocks 1–2,
  // ConvBlock 3 and the two ApesBlocks, decoder stages 1–2, decoder stage 3 and the head.
  let x = b.layer('input', 'input', { shape: [height, width, 3] });
  for (const [i, filters] of [16, 64, 64].entries()) {
    const n = i + 1;
    if (n === 3) b.wrap();
    x = b.layer('conv2d', `conv_block${n}_conv`, { filters, kernelSize: [7, 7], padding: 'same' }, [x]);
    x = b.layer('batchNormalization', `conv_block${n}_bn`, BN, [x]);
    x = b.layer('leakyRelu', `conv_block${n}_act`, LRELU, [x]);
    x = b.layer('dropout', `conv_block${n}_dropout`, { rate: 0.5 }, [x]);
    x = b.layer('maxPooling2d', `conv_block${n}_pool`, { poolSize: [2, 2] }, [x]);
  }
  x = b.instance('apes_block', 'apes_block1', [x]);
  x = b.instance('apes_block', 'apes_block2', [x]);
  for (const [i, filters] of [64, 16, 8].entries()) {
    const n = i + 1;
    if (n !== 2) b.wrap();
    x = b.layer('upSampling2d', `decoder${n}_upsample`, { size: [2, 2] }, [x]);
    x = b.layer('conv2d', `decoder${n}_conv`, { filters, kernelSize: [7, 7], padding: 'same' }, [x]);
    x = b.layer('batchNormalization', `decoder${n}_bn`, BN, [x]);
    x = b.layer('leakyRelu', `decoder${n}_act`, LRELU, [x]);
    x = b.layer('dropout', `decoder${n}_dropout`, { rate: 0.5 }, [x]);
  }
  x = b.layer('conv2d', 'classifier', { filters: classes, kernelSize: [1, 1], padding: 'valid' }, [x]);
  x = b.layer('reshape', 'flatten_pixels', { targetShape: [height * width, classes] }, [x]);
  b.layer('activation', 'softmax', { activation: 'softmax' }, [x]);
  return b.build();
}

export const EXAMPLES: Readonly<Record<string, () => SkipwireDoc>> = {
  apesnet: () =>
    apesNet(
      'apesnet',
      360,
      480,
      12,
      'ApesNet (Keras implementation): an encoder of three ConvBlocks, two ApesBlocks (two branches merged by Add), a decoder of three upsampling stages and a per-pixel softmax over 12 classes.',
    ),
  'apesnet-mini': () =>
    apesNet(
      'apesnet_mini',
      32,
      32,
      4,
      'ApesNet at 32×32×3 with 4 classes (background, circle, square, triangle) for the synthetic shapes-seg data. Small enough to train in the browser on a GPU; software WebGL (no GPU) manages under one sample per second.',
    ),
  'apes-block': () => {
    const b = new DocBuilder('apes_block', {
      description:
        'The minimal skip connection: Add(input, Conv2D(input)). Three filters, so both branches are 256×256×3.',
    });
    const x = b.layer('input', 'input', { shape: [256, 256, 3] });
    const c = b.layer('conv2d', 'conv', { filters: 3, kernelSize: [3, 3], padding: 'same' }, [x]);
    b.layer('add', 'add', {}, [x, c]);
    return b.build();
  },
  spirals: () => {
    const b = new DocBuilder('spirals', {
      description:
        'Two-spirals classifier: a shared hidden layer, two Dense branches merged by Add, a softmax over 2 classes.',
    });
    const x = b.layer('input', 'input', { shape: [2] });
    const h = b.layer('dense', 'hidden', { units: 16, activation: 'relu' }, [x]);
    const l = b.layer('dense', 'branch_a', { units: 16, activation: 'relu' }, [h]);
    const r = b.layer('dense', 'branch_b', { units: 16, activation: 'tanh' }, [h]);
    const s = b.layer('add', 'add', {}, [l, r]);
    b.layer('dense', 'output', { units: 2, activation: 'softmax' }, [s]);
    return b.build();
  },
  'classic-cnn': () => {
    const b = new DocBuilder('classic_cnn', {
      description:
        'The classic small MNIST-style CNN: a 3×3 convolution of 16 filters (ReLU), Flatten, Dense 32 (ReLU) and a softmax over 10 classes. To train on the built-in Digits data set: 28×28×1 handwritten-looking digits drawn in code.',
      // Training settings as `metadata.training` holds them (src/train/settings.ts); the rest take their defaults.
      training: { dataset: { name: 'digits' }, optimizer: 'sgd', learningRate: 0.01, batchSize: 64 },
    });
    const x = b.layer('input', 'input', { shape: [28, 28, 1] });
    const c = b.layer('conv2d', 'conv', { filters: 16, kernelSize: [3, 3], activation: 'relu' }, [x]);
    const f = b.layer('flatten', 'flatten', {}, [c]);
    const h = b.layer('dense', 'hidden', { units: 32, activation: 'relu' }, [f]);
    b.layer('dense', 'output', { units: 10, activation: 'softmax' }, [h]);
    return b.build();
  },
};
