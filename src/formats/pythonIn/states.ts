/**
 * Recurrent states in Python (Keras `return_state` / `initial_state`), read statically:
 * `out, h, c = LSTM(8, return_state=True)(x)` gives three tensors (output, h, c: the layer's
 * output ports 0, 1, 2), `LSTM(8)(y, initial_state=[h, c])`, `LSTM(8)(y, [h, c])` and Keras 2's
 * `LSTM(8)([y, h, c])` give the states as the layer's inputs after the sequence. GRU and
 * SimpleRNN have one state; `Bidirectional(LSTM(8, return_state=True))` returns the output, then
 * the forward layer's states, then the backward layer's (Keras' order).
 */
import { Tensor } from './values';

/** The layer a tensor comes from, in its graph. */
export const layerOf = (t: Tensor): LayerLike | undefined => t.graph.layers.find((l) => l.name === t.layer);

/** What a layer object is, for its states: its class, the wrapped class, its config. */
interface LayerLike {
  readonly className: string;
  readonly config: Readonly<Record<string, unknown>>;
}

const STATES: Readonly<Record<string, readonly string[]>> = {
  LSTM: ['h', 'c'],
  GRU: ['h'],
  SimpleRNN: ['h'],
};

/** The recurrent layer itself: the layer, or the one a `Bidirectional` wraps. */
function recurrent(
  l: LayerLike,
): { cls: string; config: Readonly<Record<string, unknown>>; times: number } | undefined {
  if (STATES[l.className]) return { cls: l.className, config: l.config, times: 1 };
  const inner = l.config.layer as { class_name?: unknown; config?: unknown } | undefined;
  if (l.className !== 'Bidirectional' || typeof inner?.class_name !== 'string') return undefined;
  if (!STATES[inner.class_name] || typeof inner.config !== 'object' || inner.config === null) return undefined;
  return { cls: inner.class_name, config: inner.config as Record<string, unknown>, times: 2 };
}

/** The names of a recurrent layer's states, whether or not it returns them (`[]` for other layers). */
export function stateNames(l: LayerLike): string[] {
  const r = recurrent(l);
  if (!r) return [];
  const names = STATES[r.cls] as readonly string[];
  return r.times === 1 ? [...names] : [...names.map((n) => `forward ${n}`), ...names.map((n) => `backward ${n}`)];
}

/** Whether the layer returns its states (`return_state=True`, on the wrapped layer for Bidirectional). */
export const returnsState = (l: LayerLike): boolean => recurrent(l)?.config.return_state === true;

/** The class as written in messages: `LSTM`, `Bidirectional(LSTM)`. */
export function classLabel(l: LayerLike): string {
  const r = recurrent(l);
  return r && r.times === 2 ? `Bidirectional(${r.cls})` : l.className;
}

/**
 * A call's sequence and initial states: `initial_state=` (a list or one tensor), a second
 * positional argument, or a list `[x, h, c]` given to a recurrent layer (Keras 2). Other layers
 * take their first argument as it is. `error` says what is wrong (states given to a layer without).
 */
export function splitCall(
  l: LayerLike,
  args: readonly unknown[],
  kwargs: ReadonlyMap<string, unknown>,
): { sequence: unknown; states: unknown[]; error?: string } {
  const names = stateNames(l);
  // A second positional argument is `initial_state` in a recurrent layer's call only (others: `training`, …).
  const given = kwargs.get('initial_state') ?? (names.length ? args[1] : undefined);
  const list = (v: unknown) => (Array.isArray(v) ? [...v] : [v]);
  if (!names.length)
    return given === undefined || given === null
      ? { sequence: args[0], states: [] }
      : {
          sequence: args[0],
          states: [],
          error: `${l.className} takes no initial_state (only LSTM, GRU and SimpleRNN do)`,
        };
  let sequence = args[0];
  let states = given === undefined || given === null ? [] : list(given);
  if (!states.length && Array.isArray(sequence) && sequence.length > 1) {
    [sequence, ...states] = sequence;
  }
  if (states.length && states.length !== names.length)
    return {
      sequence,
      states,
      error: `${classLabel(l)} takes ${names.length} initial state${names.length > 1 ? 's' : ''} (${names.join(', ')}); ${states.length} ${states.length > 1 ? 'are' : 'is'} given`,
    };
  return { sequence, states };
}

/** What each layer call with `return_state` returned, for the messages of a wrong unpacking. */
const returned = new WeakMap<readonly unknown[], string>();

/** The tensors a call returns: one, or with `return_state` a list of the output and the states. */
export function callOutputs(l: LayerLike, layer: string, main: Tensor): Tensor | Tensor[] {
  if (!returnsState(l)) return main;
  const names = ['output', ...stateNames(l)];
  const out = names.map((_, i) => new Tensor(main.graph, main.layer, main.node, i));
  returned.set(
    out,
    `${classLabel(l)} "${layer}" with return_state=True returns ${names.length} tensors (${names.join(', ')})`,
  );
  return out;
}

/** Why `a, b, c = v` cannot unpack a tensor value; `undefined` when `v` is no tensor value. */
export function unpackError(
  v: unknown,
  names: number,
  layerOf: (t: Tensor) => LayerLike | undefined,
): string | undefined {
  if (v instanceof Tensor) {
    const l = layerOf(v);
    const why =
      l && stateNames(l).length && !returnsState(l)
        ? `${classLabel(l)} "${v.layer}" returns one tensor: give it return_state=True to have its states`
        : `"${v.layer}" gives one tensor`;
    return `${why}; ${names} names are given`;
  }
  if (!Array.isArray(v)) return undefined;
  const what = returned.get(v);
  if (what) return `${what}; ${names} name${names > 1 ? 's are' : ' is'} given`;
  if (v.some((x) => x instanceof Tensor)) return `the list holds ${v.length} values; ${names} names are given`;
  return undefined;
}

/** Why `t[i]` of one tensor is no state: the layer has states but no `return_state`. */
export function indexError(t: Tensor, l: LayerLike | undefined): string | undefined {
  if (!l || !stateNames(l).length || returnsState(l)) return undefined;
  return `${classLabel(l)} "${t.layer}" returns one tensor, not its states: give it return_state=True`;
}

/** A model output that is a recurrent layer's state (`h of "lstm_1"`), if any. */
export function stateOutput(outputs: readonly Tensor[]): string | undefined {
  for (const t of outputs) {
    const l = t.tensor > 0 ? layerOf(t) : undefined;
    const name = l ? stateNames(l)[t.tensor - 1] : undefined;
    if (name) return `${name} of "${t.layer}"`;
  }
  return undefined;
}

/** The models a reading skipped for their state outputs (seq2seq inference models), by reading. */
const stateModels = new WeakMap<object, string[]>();
export const skippedStateModels = (reading: object): string[] => stateModels.get(reading) ?? [];
export function skipStateModel(reading: object, message: string): void {
  stateModels.set(reading, [...skippedStateModels(reading), message]);
}
