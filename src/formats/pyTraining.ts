/**
 * The training half of the Keras script: `compile_model` (optimizer, loss, metrics from
 * `doc.metadata.training` when present, else chosen by the output head: categorical
 * crossentropy after softmax, binary crossentropy after sigmoid, mean squared error otherwise)
 * and the optional MultiWorkerMirroredStrategy section.
 */
import type { Analysis, FlatLayer, SkipwireDoc } from '../compile';
import { snake } from '../compile';
import { pyString, pyValue, wrapCall } from './pyLiteral';
import { isRecord } from './values';

const OPTIMIZERS: Readonly<Record<string, string>> = {
  adam: 'Adam',
  momentum: 'SGD',
  adamw: 'AdamW',
  sgd: 'SGD',
  rmsprop: 'RMSprop',
  adagrad: 'Adagrad',
  adadelta: 'Adadelta',
  adamax: 'Adamax',
  nadam: 'Nadam',
};
const LOSSES = new Set([
  'categorical_crossentropy',
  'sparse_categorical_crossentropy',
  'binary_crossentropy',
  'mean_squared_error',
  'mean_absolute_error',
  'mean_absolute_percentage_error',
  'mean_squared_logarithmic_error',
  'huber',
  'hinge',
  'squared_hinge',
  'categorical_hinge',
  'kl_divergence',
  'poisson',
  'log_cosh',
  'cosine_similarity',
]);
const LOSS_ALIASES: Readonly<Record<string, string>> = {
  mse: 'mean_squared_error',
  mae: 'mean_absolute_error',
  kld: 'kl_divergence',
  kullback_leibler_divergence: 'kl_divergence',
  logcosh: 'log_cosh',
};
const METRICS = new Set([
  'accuracy',
  'categorical_accuracy',
  'sparse_categorical_accuracy',
  'binary_accuracy',
  'top_k_categorical_accuracy',
  'mae',
  'mse',
  'mean_absolute_error',
  'mean_squared_error',
]);

export interface TrainingPlan {
  /** Keras optimizer class. */
  readonly optimizer: string;
  /** SGD's momentum (the editor's "momentum" optimizer uses 0.9). */
  readonly momentum?: number;
  readonly learningRate: number;
  /** One loss per model output. */
  readonly losses: readonly string[];
  readonly metrics: readonly string[];
  readonly epochs: number;
  readonly batchSize: number;
}

type Head = 'softmax' | 'sigmoid' | 'other';
const headOf = (l: FlatLayer | undefined): Head => {
  const a = l?.type === 'softmax' ? 'softmax' : l?.params.activation;
  return a === 'softmax' ? 'softmax' : a === 'sigmoid' ? 'sigmoid' : 'other';
};
const DEFAULT_LOSS: Readonly<Record<Head, string>> = {
  softmax: 'categorical_crossentropy',
  sigmoid: 'binary_crossentropy',
  other: 'mean_squared_error',
};

const positive = (v: unknown, fallback: number, int = false): number =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 && (!int || Number.isInteger(v)) ? v : fallback;

/** The training settings: `doc.metadata.training` where it is usable, defaults by head elsewhere. */
export function trainingPlan(doc: SkipwireDoc, analysis: Analysis): TrainingPlan {
  const t = isRecord(doc.metadata.training) ? doc.metadata.training : {};
  const byPath = new Map(analysis.layers.map((l) => [l.path, l]));
  const heads = analysis.outputs.map((p) => headOf(byPath.get(p)));
  const optName = typeof t.optimizer === 'string' ? t.optimizer.toLowerCase() : '';
  const opt = Object.hasOwn(OPTIMIZERS, optName) ? OPTIMIZERS[optName] : undefined;
  const given = typeof t.loss === 'string' ? snake(t.loss) : undefined;
  const loss =
    given && (Object.hasOwn(LOSS_ALIASES, given) ? LOSS_ALIASES[given] : LOSSES.has(given) ? given : undefined);
  const metrics = Array.isArray(t.metrics)
    ? t.metrics.filter((m): m is string => typeof m === 'string').map((m) => (m === 'acc' ? 'accuracy' : snake(m)))
    : [];
  const classify = heads.some((h) => h !== 'other');
  return {
    optimizer: opt ?? 'Adam',
    ...(optName === 'momentum' ? { momentum: 0.9 } : {}),
    learningRate: positive(t.learningRate, 0.001),
    losses: heads.map((h) => loss ?? DEFAULT_LOSS[h]),
    metrics: metrics.filter((m) => METRICS.has(m)).length
      ? metrics.filter((m) => METRICS.has(m))
      : [classify ? 'accuracy' : 'mae'],
    epochs: positive(t.epochs, 10, true),
    batchSize: positive(t.batchSize, 32, true),
  };
}

/** `def compile_model(model): …` */
export function compileFunction(plan: TrainingPlan): string[] {
  const loss =
    plan.losses.length === 1 ? pyString(plan.losses[0] as string) : `[${plan.losses.map(pyString).join(', ')}]`;
  return [
    'def compile_model(model):',
    '    """Compiles the model with the training settings of the design."""',
    ...wrapCall('    ', 'model.compile', [
      `optimizer=keras.optimizers.${plan.optimizer}(learning_rate=${pyValue(plan.learningRate)}${plan.momentum ? `, momentum=${pyValue(plan.momentum)}` : ''})`,
      `loss=${loss}`,
      `metrics=[${plan.metrics.map(pyString).join(', ')}]`,
    ]),
    '    return model',
  ];
}

/** Random data shaped like each input (integer ids for an Embedding input) and each target. */
function dataLines(analysis: Analysis): string[] {
  const byPath = new Map(analysis.layers.map((l) => [l.path, l]));
  const shape = (l: FlatLayer | undefined) => pyValue(['samples', ...(l?.shape ?? [])]).replace(/"samples"/, 'samples');
  const xs = analysis.inputs.map((p) => {
    const l = byPath.get(p);
    const emb = analysis.layers.find((c) => c.type === 'embedding' && c.inputs.includes(p));
    return emb
      ? `rng.integers(0, ${pyValue(emb.params.inputDim)}, ${shape(l)})`
      : `rng.random(${shape(l)}, dtype="float32")`;
  });
  const ys = analysis.outputs.map((p) => {
    const l = byPath.get(p);
    const head = headOf(l);
    const dims = l?.shape ?? [];
    const classes = dims[dims.length - 1] ?? 1;
    if (head === 'softmax') {
      const labels = pyValue(['samples', ...dims.slice(0, -1)]).replace(/"samples"/, 'samples');
      return `keras.utils.to_categorical(rng.integers(0, ${classes}, ${labels}), ${classes})`;
    }
    if (head === 'sigmoid') return `rng.integers(0, 2, ${shape(l)}).astype("float32")`;
    return `rng.random(${shape(l)}, dtype="float32")`;
  });
  const tuple = (items: string[]) => (items.length === 1 ? (items[0] as string) : `(${items.join(', ')})`);
  return [
    ...xs.map((x, i) => `    x${i + 1} = ${x}`),
    ...ys.map((y, i) => `    y${i + 1} = ${y}`),
    `    inputs = ${tuple(xs.map((_, i) => `x${i + 1}`))}`,
    `    targets = ${tuple(ys.map((_, i) => `y${i + 1}`))}`,
  ];
}

/** `make_dataset` and `train_distributed`, using tf.distribute.MultiWorkerMirroredStrategy. */
export function distributedSection(plan: TrainingPlan, analysis: Analysis): string[] {
  return [
    'def make_dataset(batch_size, samples=64):',
    '    """Random samples shaped like the model\'s inputs and targets.',
    '',
    '    Replace this with your own tf.data pipeline of (inputs, targets).',
    '    """',
    '    rng = np.random.default_rng(0)',
    ...dataLines(analysis),
    '    dataset = tf.data.Dataset.from_tensor_slices((inputs, targets))',
    '    options = tf.data.Options()',
    '    options.experimental_distribute.auto_shard_policy = (',
    '        tf.data.experimental.AutoShardPolicy.DATA',
    '    )',
    '    return dataset.batch(batch_size).with_options(options)',
    '',
    '',
    `def train_distributed(epochs=${plan.epochs}, batch_size=${plan.batchSize}):`,
    '    """Trains on every worker of a cluster with MultiWorkerMirroredStrategy.',
    '',
    '    Start this script on each worker with its own TF_CONFIG, for example',
    '    TF_CONFIG=\'{"cluster": {"worker": ["host1:12345", "host2:12345"]},',
    '    "task": {"type": "worker", "index": 0}}\'. Without TF_CONFIG it trains',
    '    on this machine alone.',
    '    """',
    '    strategy = tf.distribute.MultiWorkerMirroredStrategy()',
    '    with strategy.scope():',
    '        model = compile_model(build_model())',
    '    global_batch_size = batch_size * strategy.num_replicas_in_sync',
    '    model.fit(make_dataset(global_batch_size), epochs=epochs)',
    '    return model',
  ];
}
