/**
 * What an analysis finds (analyze.ts): the model's layers with block instances expanded, the
 * facts about each node the editor shows, the diagnostics and the totals. Derived from the
 * document, never stored in it.
 */
import type { AnyLayerDef, ParamCount, ParamValues, Schema, Shape } from '../nodes';
import type { Diagnostic } from './diagnostics';

/** One layer of the model as Keras will see it, with block instances expanded. */
export interface FlatLayer {
  /** Node ids from the top level down: `apes_1/add` for a layer inside instance `apes_1`. */
  readonly path: string;
  readonly type: string;
  readonly def: AnyLayerDef;
  /** Keras-legal, unique layer name: `apes_block_1_add`. */
  readonly name: string;
  readonly params: ParamValues<Schema>;
  /** The params handed to tfjs (`params` made concrete for the input shapes). */
  readonly buildParams: ParamValues<Schema>;
  /** Paths of the layers feeding each input, in port order (`path:port` for a state output). */
  readonly inputs: readonly string[];
  /** Output shape, undefined when an error upstream (or here) leaves it unknown. */
  readonly shape: Shape | undefined;
  /** The shapes of the outputs after the main one (a recurrent layer's states); absent: one output. Wires from them name `path:1`, `path:2`, … */
  readonly states?: readonly Shape[];
  readonly count: ParamCount;
  /** False for a frozen layer (Keras `trainable=False`). */
  readonly trainable: boolean;
  /** Path of the layer whose weights this one uses (a shared layer called again); it counts none. */
  readonly sharedWith?: string;
}

export interface NodeInfo {
  readonly inputShapes: readonly (Shape | undefined)[];
  /** One entry per output port (layers have one). */
  readonly outputShapes: readonly (Shape | undefined)[];
  readonly count: ParamCount;
}

export interface Analysis {
  /** True when there is no error: the document compiles. */
  readonly ok: boolean;
  readonly diagnostics: readonly Diagnostic[];
  /** Facts about each top-level node. */
  readonly nodes: ReadonlyMap<string, NodeInfo>;
  /** Facts about the nodes of each block definition, as seen through its first instance. */
  readonly blocks: ReadonlyMap<string, ReadonlyMap<string, NodeInfo>>;
  /** The model's layers in topological order. */
  readonly layers: readonly FlatLayer[];
  /** Paths of the model's input layers, in document order. */
  readonly inputs: readonly string[];
  /** Paths of the model's output layers (consumed by nothing), in document order. */
  readonly outputs: readonly string[];
  readonly totals: ParamCount;
}
