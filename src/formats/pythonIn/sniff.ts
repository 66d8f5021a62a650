/** Telling Keras Python from other text without parsing it (the paste handler and the import sniff). */

/** Whether a text looks like Keras model-building Python (for paste and for files without .py). */
export function looksLikeKerasPython(text: string): boolean {
  const t = text.slice(0, 20_000);
  if (/^\s*[[{<]/.test(t)) return false;
  return (
    /^\s*(from|import)\s+(keras|tensorflow|tf_keras)\b/m.test(t) ||
    /\b(keras|layers)\.[A-Z]\w*\(|\b(Input|Sequential|Model)\(|^\s*\w+\s*=\s*[A-Z]\w*\([^)]*\)\(\s*\[?\w/m.test(t)
  );
}
