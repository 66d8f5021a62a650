/**
 * The Import… and Export toolbar commands (an editor extension: `<EditorApp toolbar={<FormatsMenu />}>`),
 * model files dropped on the editor, and Keras Python pasted on it. The formats module, elkjs and tfjs are all loaded on
 * first use, never with the editor.
 */
import './formats.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import { IMPORT_RECORDS, importExtensions } from '../../formats/registry';
import type { WeightSet } from '../../formats/weights';
import { useEditor, useEditorStore } from '../store/context';
import { ExportMenu } from './ExportMenu';
import type { ExportKind, ExportOutcome } from './exportRun';
import { groupRepeatedBlocks, repeatOffer } from './groupRepeats';
import { ImportReport, type ImportReportData } from './ImportReport';
import { importedWeightsFor } from './importedWeights';
import { applyImport, carriesFiles, readModelFiles } from './importFiles';
import { usePythonPaste } from './usePythonPaste';

export interface FormatsMenuProps {
  /** Reads the trained weights (the Training panel's session), for the tfjs export. */
  readonly trainedWeights?: () => Promise<WeightSet | undefined>;
}

/**
 * Imports files dropped anywhere on the editor that no other part of it took (the Training
 * panel's data area takes its own drops; the canvas takes palette drags, which carry no files).
 */
function useFileDrop(onFiles: (files: File[]) => void): void {
  useEffect(() => {
    const over = (e: DragEvent) => {
      if (e.defaultPrevented || !e.dataTransfer || !carriesFiles(e.dataTransfer.types)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent) => {
      const files = e.dataTransfer?.files;
      if (e.defaultPrevented || !files?.length) return;
      e.preventDefault();
      onFiles([...files]);
    };
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [onFiles]);
}

export function FormatsMenu({ trainedWeights }: FormatsMenuProps) {
  const store = useEditorStore();
  const input = useRef<HTMLInputElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);
  const [importing, setImporting] = useState(false);
  const [report, setReport] = useState<ImportReportData>();
  const [grouping, setGrouping] = useState(false);
  /**
   * How many block definitions the model had when imported: while it has more, the offer was taken
   * and stays hidden; Ctrl+Z brings the flat model, and with it the offer, back.
   */
  const [blocksAtImport, setBlocksAtImport] = useState(0);
  const offerTaken = useEditor((s) => s.doc.blocks.length > blocksAtImport);
  /** Where the menu opens (fixed, under the button): the toolbar scrolls sideways and would clip it. */
  const [open, setOpen] = useState<{ top: number; left: number }>();
  const [busy, setBusy] = useState<ExportKind>();
  const [outcome, setOutcome] = useState<ExportOutcome>();
  const [distributed, setDistributed] = useState(false);

  const importFiles = useCallback(
    async (files: File[]) => {
      setImporting(true);
      setReport(undefined);
      try {
        const outcome = await readModelFiles(files);
        const error = applyImport(store, outcome);
        if (error)
          setReport({ ...(outcome.kind === 'error' ? {} : { fileName: outcome.fileName }), error, warnings: [] });
        else if (outcome.kind === 'model') {
          const offer = repeatOffer(outcome.doc);
          setBlocksAtImport(store.getState().doc.blocks.length);
          if (outcome.warnings.length || offer)
            setReport({ fileName: outcome.fileName, warnings: outcome.warnings, ...(offer ? { offer } : {}) });
        }
      } catch (e) {
        setReport({ error: `Import failed: ${e instanceof Error ? e.message : String(e)}`, warnings: [] });
      } finally {
        setImporting(false);
      }
    },
    [store],
  );
  useFileDrop(importFiles);

  /** The import report's offer: the repeats become blocks (the offer hides while they are). */
  const groupRepeats = async () => {
    setGrouping(true);
    try {
      const error = await groupRepeatedBlocks(store);
      if (error) store.getState().notify(error, 'error');
    } finally {
      setGrouping(false);
    }
  };
  usePythonPaste(importFiles);

  // The menu closes on Escape and on a click outside it.
  useEffect(() => {
    if (!open) return;
    const key = (e: KeyboardEvent) => {
      if (e.key === 'Escape') setOpen(undefined);
    };
    const down = (e: PointerEvent) => {
      if (!menuRef.current?.contains(e.target as Node)) setOpen(undefined);
    };
    window.addEventListener('keydown', key);
    window.addEventListener('pointerdown', down);
    return () => {
      window.removeEventListener('keydown', key);
      window.removeEventListener('pointerdown', down);
    };
  }, [open]);

  const runOne = async (kind: ExportKind) => {
    setBusy(kind);
    setOutcome(undefined);
    try {
      const { runExport } = await import('./exportRun');
      const imported = importedWeightsFor(store);
      setOutcome(
        await runExport(kind, {
          doc: store.getState().doc,
          distributed,
          ...(trainedWeights ? { trainedWeights } : {}),
          ...(imported ? { importedWeights: imported } : {}),
        }),
      );
    } catch (e) {
      setOutcome({ kind, saved: [], error: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(undefined);
    }
  };

  const saveHeld = async () => {
    if (!outcome?.held) return;
    const { saveDownload } = await import('./download');
    for (const f of outcome.held) saveDownload(f);
    setOutcome({ ...outcome, saved: outcome.held.map((f) => f.name), held: [] });
  };

  return (
    <>
      <button
        type="button"
        className="sw-button"
        disabled={importing}
        title={`Import ${IMPORT_RECORDS.map((r) => r.label).join('; ')}; or drop it on the canvas`}
        onClick={() => input.current?.click()}
      >
        {importing ? 'Importing…' : 'Import…'}
      </button>
      <input
        ref={input}
        type="file"
        multiple
        accept={[...importExtensions(), '.skipwire.json'].join(',')}
        hidden
        aria-label="Import a model file"
        data-testid="import-file"
        onChange={(e) => {
          const files = [...(e.target.files ?? [])];
          e.target.value = '';
          if (files.length) void importFiles(files);
        }}
      />
      <div className="sw-export" ref={menuRef}>
        <button
          type="button"
          className="sw-button"
          aria-expanded={open !== undefined}
          aria-haspopup="dialog"
          onClick={(e) => {
            const r = e.currentTarget.getBoundingClientRect();
            setOpen((o) =>
              o ? undefined : { top: r.bottom + 4, left: Math.max(8, Math.min(r.left, innerWidth - 368)) },
            );
          }}
        >
          Export ▾
        </button>
        {open && (
          <ExportMenu
            at={open}
            busy={busy}
            outcome={outcome}
            distributed={distributed}
            onDistributedChange={setDistributed}
            onExport={(kind) => void runOne(kind)}
            onSaveHeld={() => void saveHeld()}
          />
        )}
      </div>
      {report && (report.error || report.warnings.length > 0 || (report.offer && !offerTaken)) && (
        <ImportReport
          report={offerTaken ? { ...report, offer: undefined } : report}
          grouping={grouping}
          onGroup={() => void groupRepeats()}
          onDismiss={() => setReport(undefined)}
        />
      )}
    </>
  );
}
