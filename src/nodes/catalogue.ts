/**
 * Lookups into the layer catalogue (registry.ts): by type id and by Keras class name (Keras 1
 * class names included), and the category labels of the palette.
 */
import { withDataFormat } from './dataFormat';
import type { AnyLayerDef, Category } from './define';
import { opaque } from './layers/opaque';
import { withPenalties } from './penalties';
import { LAYERS } from './registry';
import { withWrapper } from './wrapper';

/**
 * Layer types known by type id only, never offered in the palette nor looked up by Keras class: the
 * opaque layer, which the importers create for Keras classes the catalogue cannot reproduce.
 */
export const HIDDEN_LAYERS: readonly AnyLayerDef[] = [opaque];

const byType = new Map<string, AnyLayerDef>();
const byKerasClass = new Map<string, AnyLayerDef>();

/**
 * Indexes a layer, with its data format param or refusal (dataFormat.ts), its regularizer and
 * constraint params (penalties.ts) and the wrapper params (wrapper.ts) when it can be wrapped.
 */
function index(given: AnyLayerDef): void {
  const def = withWrapper(withPenalties(withDataFormat(given)));
  byType.set(def.type, def);
  byKerasClass.set(def.kerasClass, def);
  for (const old of def.keras.keras1?.classes ?? []) byKerasClass.set(old, def);
}
for (const def of LAYERS) index(def);
for (const def of HIDDEN_LAYERS) byType.set(def.type, def);

/** The definition of a layer type id, or `undefined` for an unknown type. */
export function getLayer(type: string): AnyLayerDef | undefined {
  return byType.get(type);
}

/** The definition for a Keras class name (`Conv2D`, or Keras 1's `Convolution2D`), or `undefined`. */
export function getLayerByKerasClass(kerasClass: string): AnyLayerDef | undefined {
  return byKerasClass.get(kerasClass);
}

/**
 * Test-only hook: makes `def` known to every lookup (analysis, compiler, importers, exports,
 * training checks) until the returned function is called. It exists so that a test can prove a
 * layer defined in one file needs nothing else; production code never calls it (the architecture
 * test checks). `LAYERS` (the palette, the generated docs) does not list it. It is registered as
 * given, without the wrapper params the catalogue's own layers get.
 */
export function registerLayerForTest(def: AnyLayerDef): () => void {
  if (byType.has(def.type) || byKerasClass.has(def.kerasClass))
    throw new Error(`layer type "${def.type}" / class ${def.kerasClass} is already in the catalogue`);
  byType.set(def.type, def);
  byKerasClass.set(def.kerasClass, def);
  for (const old of def.keras.keras1?.classes ?? []) byKerasClass.set(old, def);
  return () => {
    byType.delete(def.type);
    byKerasClass.delete(def.kerasClass);
    for (const old of def.keras.keras1?.classes ?? []) byKerasClass.delete(old);
  };
}

export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  input: 'Input',
  core: 'Core',
  conv: 'Convolution',
  pooling: 'Pooling',
  reshape: 'Reshaping',
  normalization: 'Normalization',
  regularization: 'Regularization',
  activation: 'Activations',
  merge: 'Merge',
  recurrent: 'Recurrent',
  embedding: 'Embedding',
  preprocessing: 'Preprocessing',
};
