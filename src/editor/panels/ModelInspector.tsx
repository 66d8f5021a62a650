/** The inspector with nothing selected: the model (or the open block) and every problem in it. */
import type { Diagnostic } from '../../compile';
import { BLOCK_INPUT_TYPE, getBlock, thousands } from '../../compile';
import { useEditor, useEditorStore } from '../store/context';
import { analysisOf, pathTarget } from '../store/derived';
import { currentScope } from '../store/types';
import { DiagnosticList } from './DiagnosticList';
import { NameField } from './NameField';

export function ModelInspector() {
  const store = useEditorStore();
  const doc = useEditor((s) => s.doc);
  const scope = useEditor(currentScope);
  const analysis = analysisOf(doc);
  const block = getBlock(doc, scope);
  const focus = (d: Diagnostic) => {
    const s = store.getState();
    if (d.blockId !== undefined) s.focusNode(d.nodeId, [d.blockId]);
    else {
      const t = scope !== undefined ? pathTarget(doc, d) : undefined;
      if (t) s.focusNode(t.nodeId, [t.blockId]);
      else s.focusNode(d.nodeId, []);
    }
  };
  if (block) {
    const layers = block.nodes.filter((n) => n.type !== BLOCK_INPUT_TYPE).length;
    const instances = [doc, ...doc.blocks].flatMap((g) => g.nodes).filter((n) => n.block === block.id).length;
    return (
      <div className="sw-inspector-body">
        <header className="sw-inspector-head">
          <span className="sw-kind">Block definition</span>
          <NameField
            label="Block name"
            value={block.name}
            onCommit={(name) => store.getState().apply({ op: 'renameBlock', block: block.id, name })}
          />
        </header>
        <p className="sw-muted">
          {layers} layers, {block.inputs.length} input{block.inputs.length === 1 ? '' : 's'}, {block.outputs.length}{' '}
          output{block.outputs.length === 1 ? '' : 's'}; used by {instances} instance{instances === 1 ? '' : 's'}. Every
          edit here changes all of them. Shapes shown are those of the first instance.
        </p>
        <DiagnosticList
          items={analysis.diagnostics.filter((d) => d.blockId === block.id || pathTarget(doc, d)?.blockId === block.id)}
          onSelect={focus}
        />
      </div>
    );
  }
  const t = analysis.totals;
  const errors = analysis.diagnostics.filter((d) => d.severity === 'error').length;
  return (
    <div className="sw-inspector-body">
      <header className="sw-inspector-head">
        <span className="sw-kind">Model</span>
        <NameField
          label="Model name"
          value={doc.name}
          onCommit={(name) => store.getState().apply({ op: 'setModelName', name })}
        />
        {typeof doc.metadata.description === 'string' && <p className="sw-doc">{doc.metadata.description}</p>}
      </header>
      <dl className="sw-facts">
        <dt>Layers</dt>
        <dd>{analysis.layers.length}</dd>
        <dt>Params</dt>
        <dd>
          {thousands(t.trainable + t.nonTrainable)}{' '}
          <span className="sw-muted">({thousands(t.nonTrainable)} non-trainable)</span>
        </dd>
        <dt>Status</dt>
        <dd>{analysis.ok ? 'compiles' : errors ? `${errors} error${errors === 1 ? '' : 's'}` : 'no output layer'}</dd>
      </dl>
      {analysis.diagnostics.length > 0 ? (
        <>
          <h3 className="sw-subhead">Problems</h3>
          <DiagnosticList items={analysis.diagnostics} onSelect={focus} />
        </>
      ) : (
        <p className="sw-muted">No problems. Select a layer to edit it.</p>
      )}
    </div>
  );
}
