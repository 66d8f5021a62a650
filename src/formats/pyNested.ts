/**
 * Nested models in the Python export (python.ts). A block that came from a model nested in an
 * imported file (`BlockDef.nested`: Teachable Machine's Sequential inside a Sequential, a
 * transfer-learning base model) is written as the file has it: a function
 * `def build_<model>(name="<model>"):` returning a `keras.Sequential` (a chain of layers, as the
 * file's Sequential was) or a `keras.Model` with its own `keras.Input`s, its layers under their own
 * names; the model object is made once and called at each place it is used (a shared instance
 * calls the same object, so its weights are shared; a second, unshared instance is a second
 * object, named after its node, as the JSON exports name it, src/formats/nestedExport.ts).
 * User-drawn blocks stay functions of tensors (python.ts).
 */
import {
  type Analysis,
  BLOCK_TYPE,
  type BlockDef,
  type DocNode,
  type Graph,
  layerName,
  type SkipwireDoc,
} from '../compile';
import { docText, identifier, pyString, pyValue, wrapCall } from './pyLiteral';

/** Python expressions of each node's outputs (python.ts's scope). */
export interface PyScope {
  readonly vars: Map<string, string[]>;
  readonly taken: Set<string>;
}

/** What the Python writer lends this module. */
export interface NestedHost {
  readonly doc: SkipwireDoc;
  readonly analysis: Analysis;
  /** The Python function of a block definition. */
  fnName(block: string): string;
  /** Every function name of the script (never shadowed by a variable). */
  readonly fnNames: ReadonlySet<string>;
  /** Statements computing a graph's nodes, its layers named as they are (python.ts's body). */
  body(graph: Graph, scope: PyScope, block: BlockDef): string[];
  /** A plain layer's construction (`layers.Dense(…)`), named `name`, at `indent`. */
  construction(node: DocNode, name: string, indent: string, end: string): string[];
}

const list = (xs: readonly string[]) => (xs.length === 1 ? (xs[0] as string) : `[${xs.join(', ')}]`);

export class NestedModels {
  /** Keras names of the model objects made so far (a second object of one model takes its node's). */
  private readonly names = new Set<string>();

  constructor(private readonly host: NestedHost) {}

  private def(node: DocNode): BlockDef | undefined {
    return node.type === BLOCK_TYPE ? this.host.doc.blocks.find((b) => b.id === node.block) : undefined;
  }

  /** `build_<model>()`, or `build_<model>(name="<node>")` for a second object of the same model. */
  private make(def: BlockDef, node: DocNode): string {
    const origin = def.nested as NonNullable<BlockDef['nested']>;
    const name = this.names.has(origin.name) ? layerName(node.name) : origin.name;
    this.names.add(name);
    return `${this.host.fnName(def.id)}(${name === origin.name ? '' : `name=${pyString(name)}`})`;
  }

  /** An instance in a functional body: the model object (made at its first use) called on `ins`. */
  call(graph: Graph, node: DocNode, def: BlockDef, ins: readonly string[], scope: PyScope): string[] {
    const lines: string[] = [];
    let owner = node;
    for (let i = 0; owner.shares !== undefined && i < graph.nodes.length; i++)
      owner = graph.nodes.find((n) => n.id === owner.shares) ?? owner;
    let obj = scope.vars.get(`model:${owner.id}`)?.[0];
    if (!obj) {
      obj = identifier(`${def.nested?.name ?? owner.name}_model`, scope.taken);
      scope.vars.set(`model:${owner.id}`, [obj]);
      lines.push(`    ${obj} = ${this.make(def, owner)}`);
    }
    const outs =
      def.outputs.length === 1
        ? [identifier(node.name, scope.taken)]
        : def.outputs.map((o) =>
            identifier(`${node.name}_${def.nodes.find((n) => n.id === o)?.name ?? o}`, scope.taken),
          );
    scope.vars.set(node.id, outs);
    lines.push(`    ${outs.join(', ')} = ${obj}(${list(ins)})`);
    return lines;
  }

  /**
   * The chain from `start` to `end` when it is a Sequential's (each node fed by the one before,
   * nested models of one input and output among them, nothing else in the graph), or undefined.
   */
  private chain(graph: Graph, start: string, end: string): DocNode[] | undefined {
    const out: DocNode[] = [];
    let at = start;
    while (at !== end) {
      const next = graph.edges.filter((e) => e.source === at);
      const e = next[0];
      if (next.length !== 1 || !e || (e.sourcePort ?? 0) !== 0 || out.length >= graph.nodes.length) return undefined;
      const n = graph.nodes.find((x) => x.id === e.target);
      if (!n || n.shares !== undefined || graph.edges.filter((x) => x.target === n.id).length !== 1) return undefined;
      const inner = this.def(n);
      if (n.type === BLOCK_TYPE && (!inner?.nested || inner.inputs.length !== 1 || inner.outputs.length !== 1))
        return undefined;
      out.push(n);
      at = n.id;
    }
    return out.length && out.length === graph.nodes.length - 1 ? out : undefined;
  }

  /** `return keras.Sequential([keras.Input(…), …], name=…)` for a chain. */
  private sequential(chain: readonly DocNode[], input: string[], name: string): string[] {
    const indent = ' '.repeat(12);
    const items = chain.flatMap((n) => {
      const inner = this.def(n);
      if (inner) return [`${indent}${this.make(inner, n)},`];
      return this.host.construction(n, layerName(n.name), indent, ',');
    });
    return [
      '    return keras.Sequential(',
      '        [',
      ...wrapCall(indent, 'keras.Input', input, ','),
      ...items,
      '        ],',
      `        name=${name},`,
      '    )',
    ];
  }

  /**
   * `def build_model():` as a `keras.Sequential` when the imported file's top level was one (Teachable
   * Machine's) and the graph is still a chain over nested models; undefined otherwise.
   */
  topSequential(inputArgs: (params: Record<string, unknown>) => string[], model: string): string[] | undefined {
    const { doc } = this.host;
    if (doc.metadata.kerasClass !== 'Sequential' || !doc.blocks.some((b) => b.nested)) return undefined;
    const inputs = doc.nodes.filter((n) => n.type === 'input');
    const ends = doc.nodes.filter((n) => !doc.edges.some((e) => e.source === n.id));
    const [input, end] = [inputs[0], ends[0]];
    if (inputs.length !== 1 || ends.length !== 1 || !input || !end) return undefined;
    const chain = this.chain(doc, input.id, end.id);
    if (!chain) return undefined;
    const args = [...inputArgs(input.params), `name=${pyString(layerName(input.name))}`];
    return [
      'def build_model():',
      `    """Builds the ${docText(doc.name)} model."""`,
      ...this.sequential(chain, args, pyString(model)),
    ];
  }

  /** `def build_<model>(name=…):` returning the nested model. */
  fn(def: BlockDef): string[] {
    const origin = def.nested as NonNullable<BlockDef['nested']>;
    const taken = new Set<string>(['name', ...this.host.fnNames]);
    const shapes = this.host.analysis.blocks.get(def.id);
    const vars = new Map<string, string[]>();
    const inputArgs = def.inputs.map((id, k) => {
      const n = def.nodes.find((x) => x.id === id);
      const inName = layerName(n?.name ?? `input_${k + 1}`);
      const shape = shapes?.get(id)?.outputShapes[0];
      if (!shape) throw new Error(`the shape of input "${inName}" of the nested model "${origin.name}" is unknown`);
      return { id, inName, args: [`shape=${pyValue([...shape])}`, `name=${pyString(inName)}`] };
    });
    const head = [
      `def ${this.host.fnName(def.id)}(name=${pyString(origin.name)}):`,
      `    """${docText(def.name)}: a model nested in the imported one (a ${origin.className} there); its layers keep their names."""`,
    ];
    const chain =
      origin.className === 'Sequential' && def.inputs.length === 1 && def.outputs.length === 1
        ? this.chain(def, def.inputs[0] as string, def.outputs[0] as string)
        : undefined;
    if (chain) return [...head, ...this.sequential(chain, (inputArgs[0] as (typeof inputArgs)[number]).args, 'name')];
    const inputs = inputArgs.flatMap(({ id, inName, args }) => {
      const v = identifier(inName, taken);
      vars.set(id, [v]);
      return wrapCall('    ', `${v} = keras.Input`, args);
    });
    const body = this.host.body(def, { vars, taken }, def);
    const outs = def.outputs.map((o) => vars.get(o)?.[0] ?? 'None');
    const ins = def.inputs.map((id) => vars.get(id)?.[0] as string);
    return [
      ...head,
      ...inputs,
      ...body,
      ...wrapCall('    ', 'return keras.Model', [`inputs=${list(ins)}`, `outputs=${list(outs)}`, 'name=name']),
    ];
  }
}
