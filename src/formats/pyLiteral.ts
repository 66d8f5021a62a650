/**
 * Python source helpers for the Keras script export: literals, identifiers, and calls wrapped the
 * way black would wrap them (PEP 8, 79 columns). Every string from the document goes through
 * `pyString`, so no name or description can break out of a literal.
 */

export const LINE = 79;

const KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield match case type'.split(
    ' ',
  ),
);
/** Builtins and module names a generated variable must not shadow. */
const RESERVED = new Set(
  'abs all any bin bool bytes callable chr dict dir divmod enumerate eval exec filter float format hash help hex id input int iter len list map max min next object oct open ord pow print range repr reversed round set slice sorted str sum super tuple vars zip keras layers np tf os model'.split(
    ' ',
  ),
);

/** A Python string literal, double-quoted, with every special character escaped. */
export function pyString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '\\') out += '\\\\';
    else if (ch === '"') out += '\\"';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0) || c === 0x2028 || c === 0x2029)
      out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A Python number literal (finite numbers only reach here: params are validated). */
function pyNumber(n: number): string {
  if (!Number.isFinite(n)) return 'float("nan")';
  return String(n);
}

/** A Python literal: None, True/False, numbers, strings, and tuples for arrays. */
export function pyValue(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'number') return pyNumber(v);
  if (typeof v === 'string') return pyString(v);
  if (Array.isArray(v)) return v.length === 1 ? `(${pyValue(v[0])},)` : `(${v.map(pyValue).join(', ')})`;
  return 'None';
}

/**
 * A PEP 8 identifier from a name: lower case, letters, digits and `_`; never a keyword, a builtin
 * or one of `taken` (a `_2`, `_3` … suffix is added). The result is added to `taken`.
 */
export function identifier(name: string, taken: Set<string>): string {
  let s = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/_+/g, '_');
  if (!s) s = 'x';
  if (/^[0-9]/.test(s)) s = `x_${s}`;
  if (KEYWORDS.has(s) || RESERVED.has(s)) s = `${s}_`;
  let id = s;
  for (let i = 2; taken.has(id); i++) id = `${s}_${i}`;
  taken.add(id);
  return id;
}

/**
 * `head(args)tail` at `indent`, on one line when it fits in 79 columns, else with the arguments on
 * one indented line, else one argument per line with a trailing comma (black's style).
 */
export function wrapCall(indent: string, head: string, args: readonly string[], tail = ''): string[] {
  const one = `${indent}${head}(${args.join(', ')})${tail}`;
  if (one.length <= LINE || args.length === 0) return [one];
  const inner = `${indent}    `;
  const joined = `${inner}${args.join(', ')}`;
  if (joined.length <= LINE) return [`${indent}${head}(`, joined, `${indent})${tail}`];
  return [`${indent}${head}(`, ...args.map((a) => `${inner}${a},`), `${indent})${tail}`];
}

/** A docstring body made safe: no closing quotes, no backslash escapes, no control characters. */
export function docText(s: string): string {
  return (
    s
      .replace(/\\/g, '\\\\')
      .replace(/"""/g, '\\"\\"\\"')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u2028\u2029]/g, ' ')
      .trim()
      .replace(/"$/, '\\"')
  );
}

/** Greedy word wrap of a paragraph at `width` columns. */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}
