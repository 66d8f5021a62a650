/**
 * The inspector: what is selected, as a form generated from the layer's params schema, with the
 * node's diagnostics and their fixes. Nothing selected shows the model; several nodes offer
 * "Make block".
 */
import {
  BLOCK_INPUT_TYPE,
  BLOCK_TYPE,
  batchSizes,
  type DocNode,
  getBlock,
  getGraph,
  kerasShape,
  thousands,
} from '../../compile';
import { formatShape, getLayer, type ParamSpec, paramShown, WRAPPER_CLASSES, wrapperOf } from '../../nodes';
import { deleteSelection, liveSelection, makeBlock, rename, setParam, ungroupSelection } from '../actions';
import { shallowArray, useEditor, useEditorStore } from '../store/context';
import { analysisOf, scopeView } from '../store/derived';
import { currentScope } from '../store/types';
import { DiagnosticList } from './DiagnosticList';
import { ModelInspector } from './ModelInspector';
import { NameField } from './NameField';
import { ParamField } from './ParamField';
import { TrainableSwitch } from './TrainableSwitch';
import './inspector.css';

/** `Bidirectional(LSTM)` for a wrapped layer, else its class. */
function wrapped(kerasClass: string, params: Readonly<Record<string, unknown>>): string {
  const { kind } = wrapperOf(params);
  return kind === 'none' ? kerasClass : `${WRAPPER_CLASSES[kind]}(${kerasClass})`;
}

function Shapes({ node }: { node: DocNode }) {
  const doc = useEditor((s) => s.doc);
  const scope = useEditor(currentScope);
  const info = scopeView(doc, scope).infos.get(node.id);
  if (!info) return <p className="sw-muted">Shapes are unknown until the layer is connected to an input.</p>;
  const f = (s: (typeof info.outputShapes)[number]) => (s === undefined ? '?' : formatShape(s));
  const total = info.count.trainable + info.count.nonTrainable;
  // A fixed batch size (the Input's Batch size) of a top-level layer.
  const batch = scope === undefined ? batchSizes(analysisOf(doc).layers).get(node.id) : undefined;
  return (
    <dl className="sw-facts">
      {info.inputShapes.length > 0 && (
        <>
          <dt>Input{info.inputShapes.length > 1 ? 's' : ''}</dt>
          <dd className="sw-mono">{info.inputShapes.map(f).join(', ')}</dd>
        </>
      )}
      <dt>Output</dt>
      <dd className="sw-mono">{info.outputShapes.map(f).join(', ')}</dd>
      {batch && (
        <>
          <dt>Batch</dt>
          <dd className="sw-mono" title="The shape with its fixed batch size, as Keras shows it">
            {batch.size} · Keras {kerasShape(batch.size, info.outputShapes[0])}
          </dd>
        </>
      )}
      {node.type !== BLOCK_INPUT_TYPE && (
        <>
          <dt>Params</dt>
          <dd>
            {thousands(total)}
            {info.count.nonTrainable > 0 && (
              <span className="sw-muted"> ({thousands(info.count.nonTrainable)} non-trainable)</span>
            )}
          </dd>
        </>
      )}
    </dl>
  );
}

function LayerForm({ node }: { node: DocNode }) {
  const store = useEditorStore();
  const def = getLayer(node.type);
  const doc = useEditor((s) => s.doc);
  const scope = useEditor(currentScope);
  const diags = scopeView(doc, scope).byNode.get(node.id) ?? [];
  if (!def) return null;
  const entries = (Object.entries(def.params) as [string, ParamSpec][]).filter(([k]) => paramShown(k, node.params));
  if (!entries.length) return <p className="sw-muted">{def.kerasClass} has no parameters.</p>;
  return (
    <form className="sw-form" aria-label={`${def.kerasClass} parameters`} onSubmit={(e) => e.preventDefault()}>
      {entries.map(([name, spec]) => (
        <ParamField
          key={`${node.id}:${name}`}
          name={name}
          spec={spec}
          value={node.params[name]}
          problem={diags.find((d) => d.param === name)?.message}
          onCommit={(v) => setParam(store, node.id, name, v)}
        />
      ))}
    </form>
  );
}

function BlockInstance({ node }: { node: DocNode }) {
  const store = useEditorStore();
  const def = useEditor((s) => getBlock(s.doc, node.block));
  if (!def) return <p className="sw-muted">The definition "{node.block}" is missing.</p>;
  const layers = def.nodes.filter((n) => n.type !== BLOCK_INPUT_TYPE).length;
  return (
    <>
      <NameField
        label="Block name"
        value={def.name}
        hint="Renames the definition, for every instance."
        onCommit={(name) => store.getState().apply({ op: 'renameBlock', block: def.id, name })}
      />
      <p className="sw-muted">
        Instance of <strong>{def.name}</strong>: {layers} layers, {def.inputs.length} input
        {def.inputs.length === 1 ? '' : 's'}, {def.outputs.length} output{def.outputs.length === 1 ? '' : 's'}. Editing
        the definition changes every instance.
      </p>
      <div className="sw-row">
        <button type="button" className="sw-button is-primary" onClick={() => store.getState().enterBlock(def.id)}>
          Edit definition
        </button>
        <button type="button" className="sw-button" onClick={() => ungroupSelection(store)}>
          Ungroup
        </button>
      </div>
      {def.exposed.length > 0 && (
        <form className="sw-form" aria-label="Exposed parameters" onSubmit={(e) => e.preventDefault()}>
          {def.exposed.map((x) => {
            const inner = def.nodes.find((n) => n.id === x.node);
            const spec = inner && getLayer(inner.type)?.params[x.param];
            if (!inner || !spec) return null;
            return (
              <ParamField
                key={x.name}
                name={x.name}
                spec={{ ...spec, label: x.name, default: inner.params[x.param] ?? spec.default }}
                value={node.params[x.name]}
                onCommit={(v) => setParam(store, node.id, x.name, v)}
              />
            );
          })}
        </form>
      )}
    </>
  );
}

function NodeInspector({ node }: { node: DocNode }) {
  const store = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const scope = useEditor(currentScope);
  const diags = scopeView(doc, scope).byNode.get(node.id) ?? [];
  const def = getLayer(node.type);
  const kind =
    node.type === BLOCK_TYPE
      ? 'Block instance'
      : node.type === BLOCK_INPUT_TYPE
        ? 'Block input'
        : def
          ? wrapped(def.kerasClass, node.params)
          : node.type;
  return (
    <div className="sw-inspector-body" data-inspecting={node.id}>
      <header className="sw-inspector-head">
        <span className="sw-kind">{kind}</span>
        <NameField label="Name" value={node.name} onCommit={(name) => rename(store, node.id, name)} />
        {def && <p className="sw-doc">{def.docs}</p>}
      </header>
      <DiagnosticList items={diags} />
      <Shapes node={node} />
      <TrainableSwitch nodes={[node]} />
      {node.type === BLOCK_TYPE && <BlockInstance node={node} />}
      {node.type === BLOCK_INPUT_TYPE && (
        <p className="sw-muted">
          Stands for input {(getBlock(doc, scope)?.inputs.indexOf(node.id) ?? 0) + 1} of the block: whatever is wired
          into that input of an instance.
        </p>
      )}
      {def && <LayerForm node={node} />}
    </div>
  );
}

function MultiInspector({ ids }: { ids: readonly string[] }) {
  const store = useEditorStore();
  const nodes = useEditor((s) => getGraph(s.doc, currentScope(s))?.nodes ?? []);
  const picked = nodes.filter((n) => ids.includes(n.id));
  return (
    <div className="sw-inspector-body">
      <header className="sw-inspector-head">
        <span className="sw-kind">{picked.length} layers selected</span>
      </header>
      <p className="sw-muted">{picked.map((n) => n.name).join(', ')}</p>
      <TrainableSwitch nodes={picked} />
      <div className="sw-row">
        <button type="button" className="sw-button is-primary" onClick={() => makeBlock(store)}>
          Make block <kbd>Ctrl+G</kbd>
        </button>
        <button type="button" className="sw-button" onClick={() => deleteSelection(store)}>
          Delete
        </button>
      </div>
    </div>
  );
}

export function Inspector() {
  const selection = useEditor(liveSelection, shallowArray);
  const node = useEditor((s) =>
    selection.length === 1 ? getGraph(s.doc, currentScope(s))?.nodes.find((n) => n.id === selection[0]) : undefined,
  );
  if (node) return <NodeInspector key={node.id} node={node} />;
  if (selection.length > 1) return <MultiInspector ids={selection} />;
  return <ModelInspector />;
}
