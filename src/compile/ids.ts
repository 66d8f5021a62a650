/** Deterministic fresh ids and names, so edit operations stay pure. */

/** `base` if free, else `base_2`, `base_3`, … */
export function freshId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 2; ; i++) {
    const id = `${base}_${i}`;
    if (!taken.has(id)) return id;
  }
}

/** Like freshId, starting the count at 1 (`conv2d_1`), the way Keras names layers. */
export function numbered(base: string, taken: ReadonlySet<string>): string {
  for (let i = 1; ; i++) {
    const id = `${base}_${i}`;
    if (!taken.has(id)) return id;
  }
}

/** snake_case of a type id or a block name: `batchNormalization` → `batch_normalization`. */
export function snake(s: string): string {
  return (
    s
      .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
      .replace(/[^A-Za-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '')
      .toLowerCase() || 'layer'
  );
}
