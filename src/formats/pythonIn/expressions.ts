/**
 * Reads Python expressions from the lezer syntax tree: literals, names, attributes, tuples, lists,
 * dicts, literal arithmetic, comparisons, f-strings and calls. Nothing is run: a call is handed to
 * `call` (the statements reader: helpers, Keras, builtins), and what the reader does not follow
 * becomes `Opaque` or throws `Skip` (the statement is then skipped).
 */
import type { SyntaxNode } from '@lezer/common';
import { readNumber, readString, stringParts, unescapePy } from './literals';
import { arith, MAX_SIZE, repeat, sized, truthy } from './operators';
import { Builtin, isLoaded, isTensorLike, Opaque, PyDict, PyImportError, PyModule, Skip, Tensor } from './values';

export { truthy };

/** Evaluation steps for a whole script: enough for any model, a stop for anything that loops. */
const MAX_STEPS = 500_000;
/** Expressions nested deeper than this are not model code. */
const MAX_NESTING = 100;

export type Env = Map<string, unknown>;

export interface CallArgs {
  readonly args: unknown[];
  readonly kwargs: Map<string, unknown>;
}

const BUILTINS = ['range', 'len', 'int', 'float', 'str', 'list', 'tuple', 'min', 'max', 'abs', 'round', 'bool'];

export abstract class ExpressionReader {
  protected steps = 0;
  protected readonly lineStarts: number[] = [0];
  /** The global scope; `locals` is a function's own, when one runs. */
  readonly globals: Env = new Map<string, unknown>([
    ['__name__', '__main__'],
    ...BUILTINS.map((b) => [b, new Builtin(b)] as const),
  ]);
  protected locals: Env | undefined;

  constructor(readonly source: string) {
    for (let i = 0; i < source.length; i++) if (source.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
  }

  /** `line 3:5` of a position in the source. */
  where(pos: number): string {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] as number) <= pos) lo = mid;
      else hi = mid - 1;
    }
    return `line ${lo + 1}:${pos - (this.lineStarts[lo] as number) + 1}`;
  }

  /** The source text of a node, on one line and shortened. */
  text(node: SyntaxNode, max = 60): string {
    const t = this.source.slice(node.from, node.to).replace(/\s+/g, ' ').trim();
    return t.length > max ? `${t.slice(0, max - 1)}…` : t;
  }

  protected step(): void {
    if (++this.steps > MAX_STEPS)
      throw new PyImportError(`the script takes more than ${MAX_STEPS.toLocaleString('en-US')} steps to read`);
  }

  lookup(name: string): unknown {
    if (this.locals?.has(name)) return this.locals.get(name);
    if (this.globals.has(name)) return this.globals.get(name);
    // A name never bound: a Keras name used without its import (a pasted snippet), or unknown.
    return new PyModule(name);
  }

  assignName(name: string, value: unknown): void {
    (this.locals ?? this.globals).set(name, value);
  }

  /** Calls a value; see the statements reader. */
  abstract call(callee: unknown, a: CallArgs, node: SyntaxNode): unknown;

  /** Reads an attribute: of a module (a longer dotted name), a model or a layer. */
  abstract attribute(obj: unknown, name: string, node: SyntaxNode): unknown;

  children(node: SyntaxNode): SyntaxNode[] {
    const out: SyntaxNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) out.push(c);
    return out;
  }

  /** The expression children of a bracketed node (no punctuation). */
  protected items(node: SyntaxNode): SyntaxNode[] {
    return this.children(node).filter((c) => !/^[()[\]{},:]$/.test(c.name) && c.name !== 'for');
  }

  private nesting = 0;

  expr(node: SyntaxNode): unknown {
    this.step();
    if (this.nesting > MAX_NESTING) throw new Skip('expression nested too deep');
    this.nesting++;
    try {
      return this.exprInner(node);
    } finally {
      this.nesting--;
    }
  }

  private exprInner(node: SyntaxNode): unknown {
    switch (node.name) {
      case 'Number':
        return readNumber(this.text(node, 100));
      case 'String':
        return readString(this.source.slice(node.from, node.to));
      case 'FormatString':
        return this.formatString(node);
      case 'ContinuedString':
        return this.children(node)
          .map((c) => this.expr(c))
          .join('');
      case 'Boolean':
        return this.text(node) === 'True';
      case 'None':
        return null;
      case 'VariableName':
        return this.lookup(this.text(node, 1000));
      case 'ParenthesizedExpression': {
        const inner = this.items(node);
        if (inner.length !== 1) throw new Skip('parenthesized expression');
        return this.expr(inner[0] as SyntaxNode);
      }
      case 'TupleExpression':
      case 'ArrayExpression':
        return this.sequence(node);
      case 'DictionaryExpression':
        return this.dict(node);
      case 'MemberExpression':
        return this.member(node);
      case 'CallExpression':
        return this.callExpression(node);
      case 'UnaryExpression':
        return this.unary(node);
      case 'BinaryExpression':
        return this.binary(node);
      case 'ConditionalExpression':
        return this.conditional(node);
      default:
        throw new Skip(node.name);
    }
  }

  private sequence(node: SyntaxNode): unknown[] {
    const out: unknown[] = [];
    for (const c of this.items(node)) {
      if (c.name === '*' || c.name === 'Star') throw new Skip('starred item');
      out.push(this.expr(c));
      if (out.length > MAX_SIZE) throw new Skip('long list');
    }
    return out;
  }

  private dict(node: SyntaxNode): PyDict {
    const items = this.items(node);
    const entries = new Map<string, unknown>();
    if (items.length % 2) throw new Skip('dict');
    for (let i = 0; i < items.length; i += 2) {
      const k = this.expr(items[i] as SyntaxNode);
      if (typeof k !== 'string' && typeof k !== 'number') throw new Skip('dict key');
      entries.set(String(k), this.expr(items[i + 1] as SyntaxNode));
    }
    return new PyDict(entries);
  }

  private member(node: SyntaxNode): unknown {
    const [objNode, ...rest] = this.children(node);
    const obj = this.expr(objNode as SyntaxNode);
    const prop = rest.find((c) => c.name === 'PropertyName');
    if (prop) return this.attribute(obj, this.text(prop, 1000), node);
    // Subscript: literal lists and tuples (`outputs[0]`, `outputs[1:]`), dicts.
    const index = rest.filter((c) => c.name !== '[' && c.name !== ']');
    if (index.some((c) => c.name === ':')) return this.slice(obj, index, node);
    if (index.length !== 1) throw new Skip('subscript');
    const i = this.expr(index[0] as SyntaxNode);
    if (Array.isArray(obj) && typeof i === 'number' && Number.isInteger(i)) {
      const v = obj[i < 0 ? obj.length + i : i];
      if (v === undefined && isTensorLike(obj))
        throw new PyImportError(
          `${this.where(node.from)}: \`${this.text(node)}\`: index ${i} is out of range: the list holds ${obj.length} values`,
        );
      if (v === undefined) throw new Skip('index out of range');
      return v;
    }
    if (obj instanceof PyDict && (typeof i === 'string' || typeof i === 'number')) {
      if (!obj.entries.has(String(i))) throw new Skip('missing key');
      return obj.entries.get(String(i));
    }
    if (obj instanceof Tensor) return this.tensorIndex(obj, node);
    return this.opaque(node, obj);
  }

  /** `a[start:stop:step]` of a list, tuple or string with literal bounds. */
  private slice(obj: unknown, parts: SyntaxNode[], node: SyntaxNode): unknown {
    const bounds: (number | undefined)[] = [undefined];
    for (const c of parts) {
      if (c.name === ':') bounds.push(undefined);
      else bounds[bounds.length - 1] = this.expr(c) as number;
    }
    if (bounds.length > 3 || bounds.some((b) => b !== undefined && (typeof b !== 'number' || !Number.isInteger(b))))
      throw new Skip('slice');
    if (!Array.isArray(obj) && typeof obj !== 'string') {
      if (obj instanceof Tensor) return this.tensorIndex(obj, node);
      return this.opaque(node, obj);
    }
    const [start, stop, step = 1] = bounds;
    if (step === 0) throw new Skip('slice step 0');
    const n = obj.length;
    const at = (b: number | undefined, dflt: number) =>
      b === undefined ? dflt : b < 0 ? Math.max(b + n, step < 0 ? -1 : 0) : Math.min(b, step < 0 ? n - 1 : n);
    const out: unknown[] = [];
    const [from, to] = [at(start, step > 0 ? 0 : n - 1), at(stop, step > 0 ? n : -1)];
    for (let k = from; step > 0 ? k < to : k > to; k += step) out.push(obj[k]);
    return typeof obj === 'string' ? out.join('') : out;
  }

  /** A subscript of one tensor (a tensor slice, or a state of a layer without return_state). */
  protected tensorIndex(t: Tensor, node: SyntaxNode): unknown {
    return this.opaque(node, t);
  }

  /** An unknown value; if a tensor went in, what to say when it is used as one. */
  opaque(node: SyntaxNode, ...inputs: unknown[]): Opaque {
    if (inputs.some((x) => isLoaded(x))) return new Opaque(this.text(node), undefined, true);
    const tensorIn = inputs.some((x) => isTensorLike(x) || (x instanceof Opaque && x.taint));
    const tainted = inputs.find((x): x is Opaque => x instanceof Opaque && x.taint !== undefined);
    return new Opaque(
      this.text(node),
      tainted?.taint ??
        (tensorIn
          ? `${this.where(node.from)}: \`${this.text(node)}\` is not a Keras layer call; Skipwire reads only layers called on tensors (use a layer such as Add()([x, y]) instead)`
          : undefined),
    );
  }

  private callExpression(node: SyntaxNode): unknown {
    const [calleeNode, argList] = this.children(node);
    const callee = this.expr(calleeNode as SyntaxNode);
    const args: unknown[] = [];
    const kwargs = new Map<string, unknown>();
    const parts = argList ? this.children(argList).filter((c) => c.name !== '(' && c.name !== ')') : [];
    for (let i = 0; i < parts.length; i++) {
      const c = parts[i] as SyntaxNode;
      if (c.name === ',') continue;
      if (c.name === 'VariableName' && parts[i + 1]?.name === 'AssignOp') {
        kwargs.set(this.text(c, 1000), this.argument(parts[i + 2] as SyntaxNode));
        i += 2;
      } else if (c.name === '*' || c.name === '**' || c.name === 'ArithOp') {
        throw new Skip('*args in a call');
      } else if (c.name === 'ComprehensionExpression' || c.name === 'for') {
        throw new Skip('generator');
      } else args.push(this.argument(c));
    }
    return this.call(callee, { args, kwargs }, node);
  }

  /** An argument; one the reader does not follow (a lambda, a comprehension) is opaque, not fatal. */
  private argument(node: SyntaxNode): unknown {
    try {
      return this.expr(node);
    } catch (e) {
      if (e instanceof Skip) return new Opaque(this.text(node));
      throw e;
    }
  }

  private unary(node: SyntaxNode): unknown {
    const [op, arg] = this.children(node);
    const v = this.expr(arg as SyntaxNode);
    const o = this.text(op as SyntaxNode);
    if (o === 'not') return !truthy(v, node);
    if (typeof v !== 'number') return this.opaque(node, v);
    if (o === '-') return -v;
    if (o === '+') return v;
    throw new Skip(`unary ${o}`);
  }

  private binary(node: SyntaxNode): unknown {
    const cs = this.children(node);
    const l = cs[0];
    const r = cs[cs.length - 1];
    if (!l || !r || cs.length < 3) throw new Skip('expression');
    const o = this.source.slice(l.to, r.from).replace(/\s+/g, ' ').trim();
    const a = this.expr(l as SyntaxNode);
    if (o === 'and') return truthy(a, node) ? this.expr(r as SyntaxNode) : a;
    if (o === 'or') return truthy(a, node) ? a : this.expr(r as SyntaxNode);
    const b = this.expr(r as SyntaxNode);
    if (typeof a === 'number' && typeof b === 'number') return arith(o, a, b);
    if (typeof a === 'string' && typeof b === 'string') {
      if (o === '+') return sized(a + b);
      if (o === '==' || o === '!=') return (a === b) === (o === '==');
      if (o === 'in' || o === 'not in') return b.includes(a) === (o === 'in');
    }
    if (o === 'is' || o === 'is not' || o === '==' || o === '!=')
      if (a === null || b === null || typeof a === 'boolean' || typeof b === 'boolean')
        return (a === b) === (o === 'is' || o === '==');
    if (Array.isArray(a) && Array.isArray(b) && o === '+') return sized([...a, ...b]);
    if (o === '*' && typeof b === 'number' && (Array.isArray(a) || typeof a === 'string')) return repeat(a, b);
    if (o === '*' && typeof a === 'number' && (Array.isArray(b) || typeof b === 'string')) return repeat(b, a);
    if (o === 'in' && Array.isArray(b)) return b.includes(a);
    if (o === '%' && typeof a === 'string') return this.opaque(node);
    return this.opaque(node, a, b);
  }

  private conditional(node: SyntaxNode): unknown {
    const parts = this.children(node).filter((c) => c.name !== 'if' && c.name !== 'else');
    const [yes, cond, no] = parts;
    return truthy(this.expr(cond as SyntaxNode), node) ? this.expr(yes as SyntaxNode) : this.expr(no as SyntaxNode);
  }

  /** `f"{name}_conv"`: literal text and the replacements' values (format specs are not applied). */
  private formatString(node: SyntaxNode): string {
    const raw = this.source.slice(node.from, node.to);
    const { prefix, quote } = stringParts(raw);
    const start = node.from + prefix.length + quote.length;
    const end = node.to - quote.length;
    let out = '';
    let pos = start;
    const lit = (s: string) => (prefix.includes('r') ? s : unescapePy(s)).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    for (const rep of this.children(node).filter((c) => c.name === 'FormatReplacement')) {
      out += lit(this.source.slice(pos, rep.from));
      const inner = this.children(rep).filter((c) => !/^[{}]$/.test(c.name) && !/^Format/.test(c.name));
      const v = inner[0] ? this.expr(inner[0]) : '';
      out += typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '?';
      pos = rep.to;
    }
    return sized(out + lit(this.source.slice(pos, end)));
  }
}

export { PyModule, Tensor };
