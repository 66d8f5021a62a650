/**
 * Keras' `data_format` as a layer param: the one home of the channels-first logic. The catalogue
 * gives every layer with a spatial layout that tfjs 4.22 builds channels-first (the 2-D and 3-D
 * convolutions, poolings, global 2-D poolings, UpSampling2D, ZeroPadding2D, Cropping2D, Flatten) a
 * `dataFormat` param: `channels_last` (the default: (height, width, channels)) or `channels_first`
 * ((channels, height, width), Theano's and Keras 1's "th" ordering). A layer file knows nothing of
 * it: its shape math, parameter count and MACs run on the channels-last view of the shapes (the
 * channels axis moved last) and the output is moved back, and `build` hands tfjs the data format,
 * which transposes to channels-last around the op itself, so training kernels always see NHWC.
 *
 * The layers whose tfjs 4.22 class has no channels-first layout keep a refusal that says so and
 * what to do (`NO_CHANNELS_FIRST`): Conv1D (tfjs transposes its input but not its output), the 1-D
 * poolings and global 1-D poolings (no `data_format` at all); a channels-first SeparableConv2D with a
 * bias is a parameter error at the node (tfjs adds the bias in the wrong layout).
 */
import { type AnyLayerDef, isShapeError, type LayerIssue, type Shape, type TfLayer } from './define';
import type { KerasRefusal } from './keras';
import { p } from './schema';
import { formatShape } from './shape';

export type DataFormat = 'channels_last' | 'channels_first';
export const DATA_FORMATS: readonly DataFormat[] = ['channels_last', 'channels_first'];

/** The Keras classes that take a `dataFormat` param (tfjs 4.22 builds each channels-first). */
const CHANNELS_FIRST_CLASSES: ReadonlySet<string> = new Set([
  'Conv2D',
  'Conv3D',
  'Conv2DTranspose',
  'SeparableConv2D',
  'DepthwiseConv2D',
  'MaxPooling2D',
  'AveragePooling2D',
  'MaxPooling3D',
  'AveragePooling3D',
  'GlobalAveragePooling2D',
  'GlobalMaxPooling2D',
  'UpSampling2D',
  'ZeroPadding2D',
  'Cropping2D',
  'Flatten',
]);

const PERMUTE_HINT = 'put a Permute([2, 1]) before it to make its input (steps, channels) and use channels_last';

/** Layers with a spatial layout that tfjs 4.22 cannot build channels-first: why, and what to do. */
const NO_CHANNELS_FIRST: Readonly<Record<string, string>> = {
  Conv1D: `tfjs 4.22's Conv1D transposes a channels-first input but returns its output channels-last, so it cannot reproduce the layer; ${PERMUTE_HINT}`,
  MaxPooling1D: `tfjs 4.22's MaxPooling1D has no data_format and always pools channels-last; ${PERMUTE_HINT}`,
  AveragePooling1D: `tfjs 4.22's AveragePooling1D has no data_format and always pools channels-last; ${PERMUTE_HINT}`,
  GlobalAveragePooling1D: `tfjs 4.22's GlobalAveragePooling1D has no data_format and always pools channels-last; ${PERMUTE_HINT}`,
  GlobalMaxPooling1D: `tfjs 4.22's GlobalMaxPooling1D has no data_format and always pools channels-last; ${PERMUTE_HINT}`,
};

/**
 * Settings tfjs 4.22 cannot run channels-first although the layer can: SeparableConv2D adds its bias
 * to the channels-last result as if it were channels-first (a broadcast error, or wrong sums).
 */
function channelsFirstIssue(kerasClass: string, v: Record<string, unknown>): LayerIssue | undefined {
  if (kerasClass !== 'SeparableConv2D' || !v.useBias) return undefined;
  return {
    message:
      "tfjs 4.22's SeparableConv2D cannot add a bias channels-first (it adds it in the wrong layout): turn off use bias (a following BatchNormalization does its work), or use channels_last.",
    param: 'dataFormat',
    fixes: [
      { label: 'Turn off use bias', kind: 'setParam', param: 'useBias', value: false },
      { label: 'Use channels_last', kind: 'setParam', param: 'dataFormat', value: 'channels_last' },
    ],
  };
}

/** Whether the catalogue gives a Keras class a `dataFormat` param. */
export const takesDataFormat = (kerasClass: string): boolean => CHANNELS_FIRST_CLASSES.has(kerasClass);

/**
 * The refusal of `data_format: "channels_first"` for a layer tfjs cannot build that way; `undefined`
 * for the others (the readers keep refusing only what a layer's own `refuse` names).
 */
export function channelsFirstRefusal(kerasClass: string): KerasRefusal | undefined {
  const why = NO_CHANNELS_FIRST[kerasClass];
  return why === undefined ? undefined : { key: 'data_format', allow: [null, 'channels_last'], why };
}

/** A channels-first shape `(C, d1, …)` seen channels-last: `(d1, …, C)`. Rank < 2 stays as is. */
export function toChannelsLast(s: Shape): Shape {
  return s.length < 2 ? s : [...s.slice(1), s[0] ?? null];
}

/** A channels-last shape `(d1, …, C)` back to channels-first: `(C, d1, …)`. Rank < 2 stays as is. */
export function toChannelsFirst(s: Shape): Shape {
  return s.length < 2 ? s : [s[s.length - 1] ?? null, ...s.slice(0, -1)];
}

/**
 * A message written about the channels-last view, made true of the channels-first shapes: the view's
 * shapes become the real ones, and axis names and "last dimension" name the channels-first order.
 */
function relabel(issue: LayerIssue, real: readonly Shape[], view: readonly Shape[]): LayerIssue {
  let message = issue.message;
  view.forEach((v, i) => {
    const r = real[i];
    if (r && v !== r) message = message.split(formatShape(v)).join(formatShape(r));
  });
  message = message
    .replace(/\(([^()]*?), channels\)/g, '(channels, $1)')
    .replace('a known last dimension', 'a known first (channels) dimension');
  return { ...issue, message: `${message} (Its data format is channels_first.)` };
}

/** A channels-last output that keeps the input's rank back to channels-first; other outputs (Flatten's, a global pooling's) as they are. */
function outputBack(out: Shape, input: Shape | undefined): Shape {
  return input && out.length === input.length ? toChannelsFirst(out) : out;
}

/** The layout on a channels-first node's face, first so that a narrow node still shows it: `NCHW`, `NCDHW`. */
function faceLabel(kerasClass: string): string {
  if (kerasClass.endsWith('3D')) return 'NCDHW';
  return kerasClass === 'Flatten' ? 'channels first' : 'NCHW';
}

/** The channels-last view of an output that keeps the input's rank; other outputs as they are. */
function outputView(out: Shape, input: Shape | undefined): Shape {
  return input && out.length === input.length ? toChannelsLast(out) : out;
}

const first = (v: Record<string, unknown>) => v.dataFormat === 'channels_first';

function withoutFormat(v: Record<string, unknown>): Record<string, unknown> {
  const { dataFormat: _, ...own } = v;
  return own;
}

/**
 * `def` with a `dataFormat` param when tfjs builds it channels-first, or with a refusal of
 * `data_format: "channels_first"` naming why when tfjs cannot; `def` itself for other layers.
 */
export function withDataFormat(def: AnyLayerDef): AnyLayerDef {
  const refusal = channelsFirstRefusal(def.kerasClass);
  if (refusal) return { ...def, keras: { ...def.keras, refuse: [refusal, ...(def.keras.refuse ?? [])] } };
  if (!takesDataFormat(def.kerasClass) || 'dataFormat' in def.params) return def;
  // Keras 2.0 and tfjs leave Flatten's data_format unset; Keras 2.1+ write it. Flatten keeps which
  // (null: unset, channels-last), so that files read back as they were.
  const unset = def.kerasClass === 'Flatten';
  const spec = p.choice(DATA_FORMATS, {
    default: 'channels_last',
    label: 'data format',
    optionLabels: { channels_last: 'channels last (H, W, C)', channels_first: 'channels first (C, H, W)' },
    doc: 'Where the channels axis is: last, (height, width, channels) as tfjs and Keras use by default, or first, (channels, height, width) as Theano-era (Keras 1 "th") models store images.',
  });
  const params = {
    ...def.params,
    dataFormat: unset ? { ...spec, default: null, nullable: true, nullLabel: 'unset (channels last)' } : spec,
  };
  const keras = {
    ...def.keras.params,
    dataFormat: { key: 'data_format', k3Default: unset ? null : 'channels_last' },
  };
  const view = (inputs: readonly Shape[]) => inputs.map(toChannelsLast);
  return {
    ...def,
    params: params as AnyLayerDef['params'],
    keras: { ...def.keras, params: keras as AnyLayerDef['keras']['params'] },
    inferShape(inputs, v) {
      if (!first(v)) return def.inferShape(inputs, withoutFormat(v));
      const seen = view(inputs);
      const out = def.inferShape(seen, withoutFormat(v));
      return isShapeError(out) ? { error: relabel(out.error, inputs, seen) } : outputBack(out, inputs[0]);
    },
    countParams: (inputs, v) => def.countParams(first(v) ? view(inputs) : inputs, withoutFormat(v)),
    ...(def.macs
      ? {
          macs: (inputs, v, output) =>
            first(v)
              ? (def.macs?.(view(inputs), withoutFormat(v), outputView(output, inputs[0])) ?? null)
              : (def.macs?.(inputs, withoutFormat(v), output) ?? null),
        }
      : {}),
    ...(def.warn
      ? {
          warn(inputs, v) {
            if (!first(v)) return def.warn?.(inputs, withoutFormat(v));
            const issue = def.warn?.(view(inputs), withoutFormat(v));
            return issue && relabel(issue, inputs, view(inputs));
          },
        }
      : {}),
    checkParams: (v) =>
      (first(v) ? channelsFirstIssue(def.kerasClass, v) : undefined) ?? def.checkParams?.(withoutFormat(v)),
    describe(v) {
      const own = def.describe?.(withoutFormat(v)) ?? '';
      return [first(v) ? faceLabel(def.kerasClass) : '', own].filter(Boolean).join(' · ');
    },
    concrete(inputs, v) {
      const own = withoutFormat(v);
      return { ...v, ...(def.concrete?.(first(v) ? view(inputs) : inputs, own) ?? {}) };
    },
    build(tf, v, name) {
      const layer = def.build(tf, withoutFormat(v), name);
      // Every tfjs class here reads `dataFormat` when it is built and called, never in its
      // constructor. Unset (Flatten's null) stays unset: tfjs then leaves it out of its config.
      if (v.dataFormat !== null && v.dataFormat !== undefined)
        (layer as TfLayer & { dataFormat: string }).dataFormat = first(v) ? 'channelsFirst' : 'channelsLast';
      return layer;
    },
  };
}
