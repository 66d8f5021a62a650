/**
 * Reads the statements of a script: imports and aliases, assignments, `for` over `range(n)` and
 * literal lists, `if` on literal conditions (`__name__ == "__main__"` holds), `def` helpers and
 * their calls, and the Keras calls (keras.ts). Every other statement — data loading, training,
 * plotting, `eval`, `exec`, attribute tricks — is skipped without running anything, and counted.
 */
import type { SyntaxNode } from '@lezer/common';
import { callBuiltin } from './builtins';
import { type CallArgs, ExpressionReader, truthy } from './expressions';
import { runFunction } from './helpers';
import { importBindings, isKeras2Path, normalize } from './imports';
import { callKeras, callLayer, callModel, isKerasPath, type KerasContext, MixedGraphs } from './keras';
import { callMethod } from './methods';
import { indexError, layerOf, unpackError } from './states';
import { hasError } from './syntax';
import {
  BoundMethod,
  Builtin,
  GraphScope,
  LayerObj,
  ModelObj,
  Opaque,
  PyFunction,
  PyImportError,
  PyModule,
  Skip,
  Tensor,
} from './values';

/** Iterations of one `for` loop at most. */
const MAX_LOOP = 10_000;

export class ReturnSignal {
  constructor(readonly value: unknown) {}
}
class BreakSignal {}
class ContinueSignal {}

export class PythonReader extends ExpressionReader implements KerasContext {
  graph = new GraphScope();
  readonly models: ModelObj[] = [];
  built = 0;
  legacy = false;
  keras2 = false;
  /** Positions of the statements skipped (each counted once, however often it ran). */
  readonly skipped = new Set<number>();
  /** Lines of statements Python syntax the parser could not read (Python 2's `print x`, typos). */
  readonly unparsed = new Set<number>();
  /** Things the import report should say (a branch taken on a condition not read). */
  readonly notes: string[] = [];
  /** Top-level `def`s in order, for scripts that define a builder but never call it. */
  readonly functions: PyFunction[] = [];
  /** The name of the variable a call's result is assigned to (a helper's instance name). */
  assignTarget: string | undefined;
  depth = 0;

  /** Reads a block of statements (a `Body`, or the script). */
  statements(node: SyntaxNode): void {
    for (const s of this.children(node)) {
      if (s.name === ':' || s.name === 'Comment') continue;
      this.statement(s);
    }
  }

  private statement(node: SyntaxNode): void {
    if (hasError(node)) {
      this.unparsed.add(node.from);
      this.skipped.add(node.from);
      return;
    }
    const built = this.built;
    try {
      const v = this.exec(node);
      if (v instanceof Opaque && this.built === built) this.skipped.add(node.from);
    } catch (e) {
      if (!(e instanceof Skip)) throw e;
      this.skipped.add(node.from);
      if (node.name === 'AssignStatement')
        for (const t of this.targets(node).flat())
          if (t.name === 'VariableName') this.assignName(this.text(t, 1000), new Opaque(this.text(node)));
    }
  }

  /** Runs one statement; returns its value when it is an expression or an assignment. */
  private exec(node: SyntaxNode): unknown {
    switch (node.name) {
      case 'ImportStatement':
        return this.importStatement(node);
      case 'AssignStatement':
        return this.assign(node);
      case 'UpdateStatement':
        return this.update(node);
      case 'ExpressionStatement': {
        const [e] = this.children(node);
        return e ? this.expr(e) : undefined;
      }
      case 'FunctionDefinition':
        return this.define(node);
      case 'ForStatement':
        return this.forLoop(node);
      case 'IfStatement':
        return this.ifStatement(node);
      case 'ReturnStatement': {
        const parts = this.children(node).filter((c) => c.name !== 'return' && c.name !== ',');
        const values = parts.map((p) => this.expr(p));
        throw new ReturnSignal(values.length === 1 ? values[0] : values.length ? values : null);
      }
      case 'PassStatement':
        return undefined;
      case 'BreakStatement':
        throw new BreakSignal();
      case 'ContinueStatement':
        throw new ContinueSignal();
      default:
        throw new Skip(node.name);
    }
  }

  private importStatement(node: SyntaxNode): undefined {
    for (const b of importBindings(this.source.slice(node.from, node.to))) {
      if (b.keras2) this.keras2 = true;
      this.assignName(b.name, b.value);
    }
    return undefined;
  }

  /** The assignment's target groups (`a = b = …`: two groups; `a, b = …`: one group of two). */
  private targets(node: SyntaxNode): SyntaxNode[][] {
    const cs = this.children(node);
    const groups: SyntaxNode[][] = [[]];
    const lastOp = cs.map((c) => c.name).lastIndexOf('AssignOp');
    for (const c of cs.slice(0, lastOp)) {
      if (c.name === 'AssignOp') groups.push([]);
      else if (c.name !== ',' && c.name !== 'TypeDef') groups[groups.length - 1]?.push(c);
    }
    return groups.filter((g) => g.length);
  }

  private assign(node: SyntaxNode): unknown {
    const cs = this.children(node);
    const lastOp = cs.map((c) => c.name).lastIndexOf('AssignOp');
    const values = cs.slice(lastOp + 1).filter((c) => c.name !== ',');
    const groups = this.targets(node);
    if (!groups.length) return undefined;
    const single = groups.length === 1 && groups[0]?.length === 1 && groups[0][0]?.name === 'VariableName';
    this.assignTarget = single ? this.text(groups[0]?.[0] as SyntaxNode, 1000) : undefined;
    let v: unknown;
    try {
      v = values.length === 1 ? this.expr(values[0] as SyntaxNode) : values.map((x) => this.expr(x));
    } finally {
      this.assignTarget = undefined;
    }
    for (const g of groups) this.bind(g, v);
    return v;
  }

  /** Binds targets (`x`, `a, b`, `(a, b)`) to a value. */
  bind(targets: readonly SyntaxNode[], v: unknown): void {
    if (targets.length === 1 && targets[0]?.name === 'VariableName') {
      this.assignName(this.text(targets[0], 1000), v);
      return;
    }
    const flat =
      targets.length === 1 && (targets[0]?.name === 'TupleExpression' || targets[0]?.name === 'ParenthesizedExpression')
        ? this.children(targets[0]).filter((c) => !/^[(),]$/.test(c.name))
        : targets;
    if (!flat.every((t) => t.name === 'VariableName')) throw new Skip('assignment target');
    if (!Array.isArray(v) || v.length !== flat.length) {
      if (v instanceof Opaque) {
        for (const t of flat) this.assignName(this.text(t, 1000), v);
        return;
      }
      const why = unpackError(v, flat.length, layerOf);
      if (why)
        throw new PyImportError(
          `${this.where(flat[0]?.from ?? 0)}: \`${flat.map((t) => this.text(t)).join(', ')} = …\`: ${why}`,
        );
      throw new Skip('unpacking');
    }
    flat.forEach((t, i) => {
      this.assignName(this.text(t, 1000), v[i]);
    });
  }

  private update(node: SyntaxNode): unknown {
    const [target, op, value] = this.children(node);
    if (target?.name !== 'VariableName' || !op || !value) throw new Skip('update');
    const a = this.lookup(this.text(target));
    const b = this.expr(value);
    const o = this.text(op).slice(0, -1);
    let r: unknown;
    if (typeof a === 'number' && typeof b === 'number') {
      const table: Record<string, (x: number, y: number) => number> = {
        '+': (x, y) => x + y,
        '-': (x, y) => x - y,
        '*': (x, y) => x * y,
        '/': (x, y) => x / y,
        '//': (x, y) => Math.floor(x / y),
      };
      const f = table[o];
      if (!f) throw new Skip('update');
      r = f(a, b);
    } else if (o === '+' && typeof a === 'string' && typeof b === 'string') r = a + b;
    else if (o === '+' && Array.isArray(a) && Array.isArray(b)) r = [...a, ...b];
    else throw new Skip('update');
    this.assignName(this.text(target), r);
    return r;
  }

  private define(node: SyntaxNode): undefined {
    const name = this.children(node).find((c) => c.name === 'VariableName');
    const paramList = this.children(node).find((c) => c.name === 'ParamList');
    const body = this.children(node).find((c) => c.name === 'Body');
    if (!name || !paramList || !body) throw new Skip('def');
    const params: { name: string; default?: unknown; star?: boolean }[] = [];
    const ps = this.children(paramList).filter((c) => c.name !== '(' && c.name !== ')');
    let star = false;
    for (let i = 0; i < ps.length; i++) {
      const c = ps[i] as SyntaxNode;
      if (c.name === '*' || c.name === '**' || c.name === 'ArithOp' || this.text(c) === '*' || this.text(c) === '**') {
        star = true;
        continue;
      }
      if (c.name !== 'VariableName') continue;
      const p: { name: string; default?: unknown; star?: boolean } = {
        name: this.text(c, 1000),
        ...(star ? { star } : {}),
      };
      star = false;
      if (ps[i + 1]?.name === 'TypeDef') i++;
      if (ps[i + 1]?.name === 'AssignOp') {
        p.default = this.expr(ps[i + 2] as SyntaxNode);
        i += 2;
      }
      params.push(p);
    }
    const first = this.children(body).find((c) => c.name !== ':' && c.name !== 'Comment');
    const docNode = first?.name === 'ExpressionStatement' ? first.firstChild : null;
    const doc = docNode?.name === 'String' ? String(this.expr(docNode)) : undefined;
    const fn = new PyFunction(this.text(name, 1000), params, body, doc);
    if (!this.locals) this.functions.push(fn);
    this.assignName(fn.name, fn);
    return undefined;
  }

  private forLoop(node: SyntaxNode): undefined {
    const cs = this.children(node);
    const inAt = cs.findIndex((c) => c.name === 'in');
    const targets = cs.slice(1, inAt).filter((c) => c.name !== ',');
    const iterNode = cs[inAt + 1];
    const body = cs.find((c) => c.name === 'Body');
    if (!iterNode || !body) throw new Skip('for');
    const items = this.expr(iterNode);
    if (!Array.isArray(items)) throw new Skip('loop over something not read');
    if (items.length > MAX_LOOP) throw new Skip('long loop');
    for (const item of items) {
      this.bind(targets, item);
      try {
        this.statements(body);
      } catch (e) {
        if (e instanceof BreakSignal) break;
        if (e instanceof ContinueSignal) continue;
        throw e;
      }
    }
    return undefined;
  }

  /**
   * `if` on a literal condition takes its branch. A condition the reader cannot decide
   * (`K.image_data_format() == 'channels_first'`) takes the `else` branch when there is one (the
   * common default), and says so; without an `else` the statement is skipped.
   */
  private ifStatement(node: SyntaxNode): undefined {
    const cs = this.children(node);
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i] as SyntaxNode;
      if (c.name === 'if' || c.name === 'elif') {
        const body = cs[i + 2] as SyntaxNode;
        const cond = cs[i + 1] as SyntaxNode;
        let holds: boolean;
        try {
          holds = truthy(this.expr(cond), c);
        } catch (e) {
          const elseAt = cs.findIndex((x) => x.name === 'else');
          if (!(e instanceof Skip) || elseAt < 0) throw e;
          this.notes.push(
            `${this.where(cond.from)}: the condition \`${this.text(cond)}\` was not read; its else branch was taken`,
          );
          return void this.statements(cs[elseAt + 1] as SyntaxNode);
        }
        if (holds) return void this.statements(body);
        i += 2;
      } else if (c.name === 'else') return void this.statements(cs[i + 1] as SyntaxNode);
    }
    return undefined;
  }

  override attribute(obj: unknown, name: string, node: SyntaxNode): unknown {
    if (obj instanceof PyModule) return new PyModule(normalize(`${obj.path}.${name}`));
    if (obj instanceof ModelObj) {
      if (name === 'output' && obj.outputs.length === 1) return obj.outputs[0];
      if (name === 'outputs' && obj.outputs.length) return [...obj.outputs];
      if (name === 'input' && obj.inputs.length === 1) return obj.inputs[0];
      if (name === 'inputs' && obj.inputs.length) return [...obj.inputs];
      return new BoundMethod(obj, name);
    }
    if (Array.isArray(obj) && (name === 'append' || name === 'extend')) return new BoundMethod(obj, name);
    if (typeof obj === 'string' && name === 'format') return new BoundMethod(obj, name);
    return this.opaque(node, obj);
  }

  protected override tensorIndex(t: Tensor, node: SyntaxNode): unknown {
    const why = indexError(t, layerOf(t));
    if (!why) return super.tensorIndex(t, node);
    return new Opaque(this.text(node), `${this.where(node.from)}: \`${this.text(node)}\`: ${why}`);
  }

  override call(callee: unknown, a: CallArgs, node: SyntaxNode): unknown {
    if (callee instanceof PyFunction) return runFunction(this, callee, a, node);
    if (callee instanceof Builtin) return callBuiltin(callee.name, a.args);
    if (callee instanceof LayerObj) return callLayer(this, callee, a.args, node, a.kwargs);
    if (callee instanceof ModelObj) return callModel(this, callee, a.args, node);
    if (callee instanceof PyModule) {
      if (isKeras2Path(callee.path)) this.keras2 = true;
      if (isKerasPath(callee.path)) return callKeras(this, callee, a.args, a.kwargs, node);
      return this.opaque(node, ...a.args, ...a.kwargs.values());
    }
    if (callee instanceof BoundMethod) return callMethod(this, callee, a, node);
    return this.opaque(node, callee, ...a.args, ...a.kwargs.values());
  }

  /** Reads the statements of a function body in its own scope; returns what it returns. */
  runBody(body: SyntaxNode, locals: Map<string, unknown>): unknown {
    const saved = this.locals;
    this.locals = locals;
    try {
      this.statements(body);
      return null;
    } catch (e) {
      if (e instanceof ReturnSignal) return e.value;
      if (e instanceof MixedGraphs) throw e;
      throw e;
    } finally {
      this.locals = saved;
    }
  }
}

export { Tensor };
