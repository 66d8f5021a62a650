/** `import` and `from … import …` statements → the names they bind (modules, as dotted paths). */
import { Opaque, PyModule } from './values';

/** `tf.keras…` → `tensorflow.keras…` (the usual alias, also when `tf` was never imported). */
export const normalize = (path: string): string => path.replace(/^tf\./, 'tensorflow.');

/** Keras 2 lives in TensorFlow (`tensorflow.keras`, `tf_keras`): its defaults differ from Keras 3's. */
export const isKeras2Path = (path: string): boolean => /^(tensorflow\.(python\.)?keras|tf_keras)/.test(path);

export interface ImportBinding {
  readonly name: string;
  readonly value: PyModule | Opaque;
  readonly keras2: boolean;
}

/** The bindings of one import statement's source text. */
export function importBindings(source: string): ImportBinding[] {
  const text = source.replace(/#[^\n]*/g, '').replace(/[()\\\n]/g, ' ');
  const from = /^\s*from\s+([\w.]+)\s+import\s+(.+)$/s.exec(text);
  const plain = /^\s*import\s+(.+)$/s.exec(text);
  const names = (from?.[2] ?? plain?.[1] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const out: ImportBinding[] = [];
  for (const item of names) {
    const [, what, alias] = /^([\w.*]+)(?:\s+as\s+(\w+))?$/.exec(item) ?? [];
    if (!what || what === '*') continue;
    const path = normalize(from ? `${from[1]}.${what}` : what);
    const keras2 = isKeras2Path(path);
    if (from?.[1]?.startsWith('.')) out.push({ name: alias ?? what, value: new Opaque(item), keras2 });
    else if (from || alias) out.push({ name: alias ?? what, value: new PyModule(path), keras2 });
    else {
      const top = what.split('.')[0] as string;
      out.push({ name: top, value: new PyModule(normalize(top)), keras2 });
    }
  }
  return out;
}
