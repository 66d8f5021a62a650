/**
 * The training half of the Keras script: `compile_model` (optimizer, learning rate, loss and
 * metric exactly as the trainer resolves them from `doc.metadata.training` and the output head,
 * src/compile/training.ts) and the optional MultiWorkerMirroredStrategy section.
 */
import type { Analysis, FlatLayer, MetricName, OptimizerName, SkipwireDoc } from '../compile';
import { headActivation, modelBatchSize, snake, trainingPlan } from '../compile';
import { pyString, pyValue, wrapCall } from './pyLiteral';

/** Keras optimizer class of each optimizer setting (the "momentum" setting is SGD with momentum 0.9). */
const KERAS_OPTIMIZERS: Readonly<Record<OptimizerName, string>> = {
  adam: 'Adam',
  sgd: 'SGD',
  momentum: 'SGD',
  rmsprop: 'RMSprop',
};
/** Keras name of each metric. */
const KERAS_METRICS: Readonly<Record<MetricName, string>> = { acc: 'accuracy', mae: 'mae' };

/** The training section of the script, in Keras names. */
export interface PythonTraining {
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

/**
 * The design's training plan (src/compile/training.ts: the trainer's own settings, defaults and
 * head analysis) in Keras names: `categoricalCrossentropy` → `categorical_crossentropy`.
 */
export function pythonTraining(doc: SkipwireDoc, analysis: Analysis): PythonTraining {
  const plan = trainingPlan(doc, analysis);
  return {
    optimizer: KERAS_OPTIMIZERS[plan.optimizer],
    ...(plan.optimizer === 'momentum' ? { momentum: 0.9 } : {}),
    learningRate: plan.learningRate,
    losses: plan.losses.map(snake),
    metrics: [KERAS_METRICS[plan.metric]],
    epochs: plan.epochs,
    // A fixed batch size (the Input's, for stateful layers) is the only one Keras accepts.
    batchSize: modelBatchSize(analysis) ?? plan.batchSize,
  };
}

/** `def compile_model(model): …` */
export function compileFunction(plan: PythonTraining): string[] {
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
  const ys = analysis.outputs.map((p, i) => {
    const l = byPath.get(p);
    const head = headActivation(analysis, i);
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
export function distributedSection(plan: PythonTraining, analysis: Analysis): string[] {
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
