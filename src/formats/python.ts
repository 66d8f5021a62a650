/**
 * Export as a runnable Keras 3 script: the functional API, each block definition a Python function
 * (`def apes_block(x, name): …`) called once per instance, a model nested in an imported file as
 * a model (`def build_<model>()`, pyNested.ts) called where it is used, a purely linear model as
 * `keras.Sequential`, then `compile_model` with the design's training settings and, optionally, a
 * MultiWorkerMirroredStrategy training section. Layer arguments come from the Keras table
 * (kerasTable.ts); names are the compiled model's, so `model.summary()` matches Skipwire's.
 * Pure string generation, no tfjs.
 */

import {
  type Analysis,
  analyze,
  BLOCK_INPUT_TYPE,
  BLOCK_TYPE,
  type BlockDef,
  checkGraph,
  type DocNode,
  type Graph,
  layerName,
  type SkipwireDoc,
} from '../compile';
import { type AnyLayerDef, getLayer, resolveParams } from '../nodes';
import { paramMappings } from './kerasTable';
import { modelName } from './names';
import { inputArgs } from './pyArgs';
import { isLinear, namesDict, pyQuote, readingOrder, usedBlock } from './pyBlocks';
import { docText, identifier, pyString, pyValue, wrapCall, wrapText } from './pyLiteral';
import { NestedModels } from './pyNested';
import { construct } from './pyOpaque';
import { outputVars, pyCall } from './pyStates';

import { compileFunction, distributedSection, pythonTraining } from './pyTraining';

export interface PythonOptions {
  /** Add `make_dataset` and `train_distributed` (tf.distribute.MultiWorkerMirroredStrategy). Off by default. */
  readonly distributed?: boolean;
  /** The name the script is saved under, for its "Run it with `python …`" line (default: the model name + .py). */
  readonly fileName?: string;
}

export { layerArgs } from './pyArgs';

export class ExportError extends Error {
  override name = 'ExportError';
}

/** Refuses a model with errors, naming the first. */
export function analyzeForExport(doc: SkipwireDoc): Analysis {
  const a = analyze(doc);
  if (!a.ok) {
    const first = a.diagnostics.find((d) => d.severity === 'error');
    throw new ExportError(
      first ? `the model has errors; fix them first: ${first.message}` : 'the model has no output layer',
    );
  }
  return a;
}

/** The model name made Keras-legal, as the compiler names the model. */
export { modelName };

interface Scope {
  /** Python expression of each node's output ports. */
  readonly vars: Map<string, string[]>;
  readonly taken: Set<string>;
}

/** The Python expression of a layer's name, from its Keras-legal name and its node id. */
type NameExpr = (layer: string, id: string) => string;

class PythonWriter {
  private readonly functions = new Map<string, string>();
  private readonly fnNames = new Set<string>();
  /** Per block: the Python names of its inputs and of its exposed params (keyword arguments). */
  private readonly signatures = new Map<string, { inputs: string[]; kwargs: Map<string, string> }>();

  /** Blocks with an instance that maps Keras names (`DocNode.names`): their function takes `names`. */
  private readonly mapped = new Set<string>();

  /** Blocks from models nested in an imported file: written as models (pyNested.ts). */
  readonly nested: NestedModels;

  constructor(
    private readonly doc: SkipwireDoc,
    analysis: Analysis,
  ) {
    for (const g of [doc, ...doc.blocks])
      for (const n of g.nodes) if (n.names && n.block !== undefined) this.mapped.add(n.block);
    for (const b of doc.blocks)
      this.functions.set(b.id, identifier(b.nested ? `build_${b.nested.name}` : b.id, this.fnNames));
    this.nested = new NestedModels({
      doc,
      analysis,
      fnName: (id) => this.functions.get(id) as string,
      fnNames: this.fnNames,
      body: (graph, scope, block) => this.body(graph, scope, (l) => pyString(l), block),
      construction: (node, name, indent, end) => {
        const def = getLayer(node.type) as AnyLayerDef;
        const params = resolveParams(def.params, node.params).values as Record<string, unknown>;
        const frozen = node.trainable === false ? ['trainable=False'] : [];
        const c = construct(def, params, new Map(), [...frozen, `name=${pyString(name)}`], name, pyString(name));
        return [...c.comments.map((x) => `${indent}# ${x}`), ...wrapCall(indent, c.head, c.args, end)];
      },
    });
    for (const b of doc.blocks) {
      const taken = new Set<string>(['name', 'names', ...this.fnNames]);
      const inputs = b.inputs.map((id) => identifier(b.nodes.find((n) => n.id === id)?.name ?? id, taken));
      const kwargs = new Map(b.exposed.map((x) => [x.name, identifier(x.name, taken)]));
      this.signatures.set(b.id, { inputs, kwargs });
    }
  }

  /** Statements computing every node of a graph, in topological order. */
  private body(graph: Graph, scope: Scope, nameExpr: NameExpr, block?: BlockDef): string[] {
    const check = checkGraph(this.doc, graph, block);
    const lines: string[] = [];
    const exposedOf = (node: DocNode) =>
      new Map(
        (block?.exposed ?? [])
          .filter((x) => x.node === node.id)
          .map((x) => [x.param, scope.vars.get(`exposed:${x.name}`)?.[0] ?? 'None']),
      );
    const usable = new Set(check.order);
    const shared = new Set(graph.nodes.flatMap((n) => (n.shares === undefined ? [] : [n.shares])));
    for (const node of readingOrder(
      graph.nodes.filter((n) => usable.has(n)),
      check.inputsOf,
    )) {
      if (node.type === BLOCK_INPUT_TYPE) continue;
      const ins = (check.inputsOf.get(node.id) ?? []).map(
        (e) => scope.vars.get(e.source)?.[e.sourcePort ?? 0] ?? 'None',
      );
      if (node.type === BLOCK_TYPE) {
        const def = this.doc.blocks.find((b) => b.id === node.block);
        if (def?.nested) lines.push(...this.nested.call(graph, node, def, ins, scope));
        else lines.push(...this.instanceCall(node, ins, scope, nameExpr));
        continue;
      }
      const def = getLayer(node.type) as AnyLayerDef;
      const params = resolveParams(def.params, node.params).values as Record<string, unknown>;
      const v = identifier(node.name, scope.taken);
      const { vars, lhs, arg } = pyCall(def, params, v, ins, scope.taken);
      scope.vars.set(node.id, vars);
      const name = `name=${nameExpr(layerName(node.name), node.id)}`;
      if (def.type === 'input') {
        lines.push(...wrapCall('    ', `${v} = keras.Input`, [...inputArgs(params), name]));
        continue;
      }
      const ctorOf = (n: DocNode, p: Record<string, unknown>) => {
        const c = construct(
          def,
          p,
          exposedOf(n),
          [...(n.trainable === false ? ['trainable=False'] : []), `name=${nameExpr(layerName(n.name), n.id)}`],
          layerName(n.name),
          nameExpr(layerName(n.name), n.id),
        );
        return { ...c, comments: c.comments.map((l) => `    # ${l}`) };
      };
      // A shared layer: one layer object, made where it is first called, called at every place.
      const owner = node.shares ?? (shared.has(node.id) ? node.id : undefined);
      if (owner !== undefined) {
        let obj = scope.vars.get(`layer:${owner}`)?.[0];
        if (!obj) {
          const o = graph.nodes.find((n) => n.id === owner) ?? node;
          obj = identifier(`${o.name}_layer`, scope.taken);
          scope.vars.set(`layer:${owner}`, [obj]);
          const p = resolveParams(def.params, o.params).values as Record<string, unknown>;
          const c = ctorOf(o, p);
          lines.push(...c.comments, ...wrapCall('    ', `${obj} = ${c.head}`, c.args));
        }
        lines.push(`    ${lhs} = ${obj}(${arg})`);
        continue;
      }
      const c = ctorOf(node, params);
      lines.push(...c.comments, ...wrapCall('    ', `${lhs} = ${c.head}`, c.args, `(${arg})`));
    }
    return lines;
  }

  private instanceCall(node: DocNode, ins: string[], scope: Scope, nameExpr: NameExpr): string[] {
    const def = this.doc.blocks.find((b) => b.id === node.block) as BlockDef;
    const fn = this.functions.get(def.id) as string;
    const base = identifier(node.name, scope.taken);
    const outs =
      def.outputs.length === 1
        ? [base]
        : def.outputs.map((o) =>
            identifier(`${node.name}_${def.nodes.find((n) => n.id === o)?.name ?? o}`, scope.taken),
          );
    scope.vars.set(node.id, outs);
    const exposed = def.exposed
      .filter((x) => Object.hasOwn(node.params, x.name))
      .map((x) => {
        const inner = def.nodes.find((n) => n.id === x.node);
        const innerDef = getLayer(inner?.type ?? '');
        const m = innerDef && paramMappings(innerDef).find((p) => p.param === x.param);
        const v = node.params[x.name];
        return `${this.signatures.get(def.id)?.kwargs.get(x.name)}=${pyValue(m?.write ? m.write(v) : v)}`;
      });
    return wrapCall('    ', `${outs.join(', ')} = ${fn}`, [
      ...ins,
      `name=${nameExpr(layerName(node.name), node.id)}`,
      ...exposed,
      ...(this.mapped.has(def.id) && node.names ? [`names=${namesDict(node.names)}`] : []),
    ]);
  }

  /** `def <block>(x, name, …exposed):` */
  blockFunction(block: BlockDef): string[] {
    const sig = this.signatures.get(block.id) as { inputs: string[]; kwargs: Map<string, string> };
    const taken = new Set<string>(['name', 'names', ...this.fnNames, ...sig.inputs, ...sig.kwargs.values()]);
    const vars = new Map<string, string[]>();
    const params = block.inputs.map((id, i) => {
      const v = sig.inputs[i] as string;
      vars.set(id, [v]);
      return v;
    });
    const kwargs = block.exposed.map((x) => {
      const v = sig.kwargs.get(x.name) as string;
      vars.set(`exposed:${x.name}`, [v]);
      const inner = block.nodes.find((n) => n.id === x.node);
      const def = getLayer(inner?.type ?? '');
      const value = def ? (resolveParams(def.params, inner?.params).values as Record<string, unknown>)[x.param] : null;
      const m = def && paramMappings(def).find((p) => p.param === x.param);
      return `${v}=${pyValue(m?.write ? m.write(value) : value)}`;
    });
    const mapped = this.mapped.has(block.id);
    const body = this.body(
      block,
      { vars, taken },
      (l, id) => {
        const own = `f${pyString(`{name}_${l.replace(/[{}]/g, '$&$&')}`)}`;
        return mapped ? `names.get(${pyString(id)}, ${own})` : own;
      },
      block,
    );
    const outs = block.outputs.map((o) => vars.get(o)?.[0] ?? 'None');
    return [
      ...wrapCall(
        '',
        `def ${this.functions.get(block.id)}`,
        [...params, 'name', ...kwargs, ...(mapped ? ['names={}'] : [])],
        ':',
      ),
      `    """${docText(block.name)}: its layers are named <name>_<layer>${mapped ? ' (or as names maps them)' : ''}."""`,
      ...body,
      `    return ${outs.join(', ')}`,
    ];
  }

  /** `def build_model():` with the functional API. */
  functional(): string[] {
    const scope: Scope = { vars: new Map(), taken: new Set(this.fnNames) };
    const body = this.body(this.doc, scope, (l) => pyString(l));
    const consumed = new Set(this.doc.edges.map((e) => `${e.source}:${e.sourcePort ?? 0}`));
    const inputs = this.doc.nodes.filter((n) => n.type === 'input').map((n) => scope.vars.get(n.id)?.[0] as string);
    const outputs = this.doc.nodes
      .filter((n) => n.type !== 'input')
      .flatMap((n) => outputVars(scope.vars.get(n.id) ?? [], (p) => consumed.has(`${n.id}:${p}`), getLayer(n.type)));
    const list = (xs: string[]) => (xs.length === 1 ? (xs[0] as string) : `[${xs.join(', ')}]`);
    return [
      'def build_model():',
      `    """Builds the ${docText(this.doc.name)} model."""`,
      ...body,
      ...wrapCall('    ', 'return keras.Model', [
        `inputs=${list(inputs)}`,
        `outputs=${list(outputs)}`,
        `name=${pyString(modelName(this.doc.name))}`,
      ]),
    ];
  }

  /** `def build_model():` returning a keras.Sequential, for a chain of layers without blocks. */
  sequential(analysis: Analysis): string[] {
    const items = analysis.layers.map((l) => {
      const name = `name=${pyString(l.name)}`;
      const indent = ' '.repeat(12);
      if (l.def.type === 'input') return wrapCall(indent, 'keras.Input', [...inputArgs(l.params), name], ',');
      const frozen = l.trainable ? [] : ['trainable=False'];
      const c = construct(l.def, l.params, new Map(), [...frozen, name], l.name, pyString(l.name));
      return [...c.comments.map((x) => `${indent}# ${x}`), ...wrapCall(indent, c.head, c.args, ',')];
    });
    return [
      'def build_model():',
      `    """Builds the ${docText(this.doc.name)} model."""`,
      '    return keras.Sequential(',
      '        [',
      ...items.flat(),
      '        ],',
      `        name=${pyString(modelName(this.doc.name))},`,
      '    )',
    ];
  }
}

/** The Keras 3 script for a document. Throws ExportError when the model has errors. */
export function exportPython(doc: SkipwireDoc, options: PythonOptions = {}): string {
  const analysis = analyzeForExport(doc);
  const w = new PythonWriter(doc, analysis);
  const plan = pythonTraining(doc, analysis);
  const description = typeof doc.metadata.description === 'string' ? docText(doc.metadata.description) : '';
  const title = `${docText(doc.name)}: a Keras 3 model generated by Skipwire.`;
  const header = [
    `"""${title}`,
    ...(description ? ['', ...wrapText(description, 72)] : []),
    '',
    `Run it with \`python ${docText(pyQuote(options.fileName ?? `${modelName(doc.name)}.py`))}\`${options.distributed ? ' on each worker' : ''}.`,
    '"""',
    '',
  ];
  const imports = options.distributed
    ? [
        'import os',
        '',
        'os.environ.setdefault("KERAS_BACKEND", "tensorflow")',
        '',
        'import keras  # noqa: E402',
        'import numpy as np  # noqa: E402',
        'import tensorflow as tf  # noqa: E402',
        'from keras import layers  # noqa: E402',
      ]
    : ['import keras', 'from keras import layers'];
  const sections: string[][] = [
    ...doc.blocks.filter((b) => usedBlock(doc, b.id)).map((b) => (b.nested ? w.nested.fn(b) : w.blockFunction(b))),
    w.nested.topSequential(inputArgs, modelName(doc.name)) ??
      (isLinear(doc, analysis) ? w.sequential(analysis) : w.functional()),
    compileFunction(plan),
  ];
  if (options.distributed) sections.push(distributedSection(plan, analysis));
  const main = options.distributed
    ? ['if __name__ == "__main__":', '    train_distributed()']
    : ['if __name__ == "__main__":', '    model = compile_model(build_model())', '    model.summary()'];
  sections.push(main);
  return `${[...header, ...imports].join('\n')}\n\n\n${sections.map((s) => s.join('\n')).join('\n\n\n')}\n`;
}
