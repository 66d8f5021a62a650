/**
 * The palette: every layer type grouped by category, then the document's blocks. Searchable;
 * each entry can be dragged onto the canvas (HTML drag and drop) or inserted with double-click
 * or Enter (below the selected node, wired from it). Hover or focus shows the layer's docs.
 */
import { type DragEvent, type KeyboardEvent, useMemo, useRef, useState } from 'react';
import { BLOCK_INPUT_TYPE, dependsOn } from '../../compile';
import { type AnyLayerDef, CATEGORY_LABELS, LAYERS } from '../../nodes';
import { insertPlaceable } from '../actions';
import { useCanvasApi } from '../canvas/api';
import { DRAG_MIME, encodePlaceable, type Placeable } from '../model/placement';
import { useEditor, useEditorStore } from '../store/context';
import { currentScope } from '../store/types';
import { InlineCode, plainText } from './InlineCode';
import './palette.css';

interface Entry {
  readonly key: string;
  readonly what: Placeable;
  readonly label: string;
  readonly sub: string;
  readonly docs: string;
  readonly disabled?: string;
  /** A block definition no instance uses: it can be deleted from here. */
  readonly removable?: boolean;
}

interface Group {
  readonly id: string;
  readonly label: string;
  readonly entries: readonly Entry[];
}

const arity = (d: AnyLayerDef) =>
  d.inputs.max === 0 ? 'no inputs' : d.inputs.max === 1 || d.stateShapes ? '1 input' : `${d.inputs.min}+ inputs`;

/** Does `q` match the entry: every word in its name, type id, category or docs. */
export function matches(q: string, haystack: string): boolean {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const h = haystack.toLowerCase();
  return words.every((w) => h.includes(w));
}

function layerGroups(query: string, inBlock: boolean): Group[] {
  const groups = new Map<string, Entry[]>();
  for (const d of LAYERS) {
    const label = CATEGORY_LABELS[d.category];
    if (query && !matches(query, `${d.kerasClass} ${d.type} ${label} ${d.docs}`)) continue;
    const entry: Entry = {
      key: d.type,
      what: { kind: 'layer', type: d.type },
      label: d.kerasClass,
      sub: arity(d),
      docs: d.docs,
      ...(inBlock && d.type === 'input'
        ? { disabled: "A block has no Input layer: its inputs are the wires into the block's instances." }
        : {}),
    };
    groups.set(d.category, [...(groups.get(d.category) ?? []), entry]);
  }
  return [...groups].map(([id, entries]) => ({ id, label: CATEGORY_LABELS[id as AnyLayerDef['category']], entries }));
}

export function Palette() {
  const store = useEditorStore();
  const canvas = useCanvasApi();
  const blocks = useEditor((s) => s.doc.blocks);
  const doc = useEditor((s) => s.doc);
  const scope = useEditor(currentScope);
  const [query, setQuery] = useState('');
  const [shown, setShown] = useState<Entry | undefined>();
  const list = useRef<HTMLDivElement>(null);

  const groups = useMemo(() => {
    const out = layerGroups(query, scope !== undefined);
    const blockEntries: Entry[] = blocks
      .filter((b) => !query || matches(query, `${b.name} block`))
      .map((b) => {
        const layers = b.nodes.filter((n) => n.type !== BLOCK_INPUT_TYPE).length;
        const recursive = scope !== undefined && dependsOn(doc, b.id, scope);
        const used = [doc, ...doc.blocks].some((g) => g.nodes.some((n) => n.block === b.id));
        return {
          key: `block:${b.id}`,
          what: { kind: 'block', block: b.id },
          label: b.name,
          sub: `${layers} layer${layers === 1 ? '' : 's'}`,
          docs: `Block "${b.name}": ${layers} layer${layers === 1 ? '' : 's'}, ${b.inputs.length} input${b.inputs.length === 1 ? '' : 's'}, ${b.outputs.length} output${b.outputs.length === 1 ? '' : 's'}. Every instance follows its definition; double-click an instance to edit it.`,
          ...(recursive ? { disabled: 'A block cannot contain itself.' } : {}),
          ...(used ? {} : { removable: true }),
        };
      });
    if (blockEntries.length) out.push({ id: 'blocks', label: 'Blocks', entries: blockEntries });
    return out;
  }, [query, scope, blocks, doc]);

  const insert = (e: Entry) => {
    if (e.disabled) {
      store.getState().notify(e.disabled);
      return;
    }
    insertPlaceable(store, e.what, canvas.current?.viewCenter() ?? { x: 0, y: 0 }, canvas.current?.nodeSize);
  };

  const buttons = () => [...(list.current?.querySelectorAll<HTMLButtonElement>('button.sw-palette-entry') ?? [])];
  const move = (from: HTMLElement | null, by: number) => {
    const all = buttons();
    const i = from ? all.indexOf(from as HTMLButtonElement) : -1;
    all[Math.max(0, Math.min(all.length - 1, i + by))]?.focus();
  };

  const onEntryKey = (e: KeyboardEvent<HTMLButtonElement>, entry: Entry) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      e.stopPropagation();
      insert(entry);
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      move(e.currentTarget, e.key === 'ArrowDown' ? 1 : -1);
    }
  };

  const onDragStart = (e: DragEvent<HTMLButtonElement>, entry: Entry) => {
    if (entry.disabled) {
      e.preventDefault();
      return;
    }
    e.dataTransfer.setData(DRAG_MIME, encodePlaceable(entry.what));
    e.dataTransfer.effectAllowed = 'copy';
  };

  const first = groups[0]?.entries[0];
  return (
    <aside className="sw-palette" aria-label="Layer palette">
      <input
        className="sw-palette-search"
        type="search"
        placeholder="Search layers…"
        aria-label="Search layers"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') {
            e.preventDefault();
            move(null, 0);
          } else if (e.key === 'Enter' && first) {
            e.preventDefault();
            insert(first);
          } else if (e.key === 'Escape') setQuery('');
        }}
      />
      <div className="sw-palette-list" ref={list}>
        {groups.length === 0 && <p className="sw-empty">No layer matches "{query}".</p>}
        {groups.map((g) => (
          <section key={g.id} className="sw-palette-group" aria-label={g.label}>
            <h3>{g.label}</h3>
            <ul>
              {g.entries.map((entry) => (
                <li key={entry.key}>
                  <button
                    type="button"
                    className={`sw-palette-entry${entry.disabled ? ' is-disabled' : ''}`}
                    {...(entry.what.kind === 'layer'
                      ? { 'data-layer-type': entry.what.type }
                      : { 'data-block-id': entry.what.block })}
                    draggable={!entry.disabled}
                    aria-disabled={entry.disabled ? true : undefined}
                    title={entry.disabled ?? plainText(entry.docs)}
                    onDragStart={(e) => onDragStart(e, entry)}
                    onDoubleClick={() => insert(entry)}
                    onKeyDown={(e) => onEntryKey(e, entry)}
                    onMouseEnter={() => setShown(entry)}
                    onFocus={() => setShown(entry)}
                  >
                    <span className="sw-palette-label">{entry.label}</span>
                    <span className="sw-palette-sub">{entry.sub}</span>
                  </button>
                  {entry.removable && entry.what.kind === 'block' && (
                    <button
                      type="button"
                      className="sw-icon-button"
                      aria-label={`Delete the unused block ${entry.label}`}
                      title="No instance uses this block: delete its definition"
                      onClick={() =>
                        store.getState().apply({ op: 'removeBlock', block: (entry.what as { block: string }).block })
                      }
                    >
                      ×
                    </button>
                  )}
                </li>
              ))}
            </ul>
          </section>
        ))}
      </div>
      <div className="sw-palette-doc" aria-live="polite">
        {shown ? (
          <>
            <strong>{shown.label}</strong> <InlineCode text={shown.docs} />
            <span className="sw-hint"> Drag onto the canvas, or double-click / Enter to insert.</span>
          </>
        ) : (
          <span className="sw-hint">
            Drag a layer onto the canvas, or double-click it to insert it below the selection.
          </span>
        )}
      </div>
    </aside>
  );
}
