/**
 * Keras Python. Export: a Keras 3 script (pure, no tfjs). Import: a static reader of the
 * model-building part of a script (`.py`, or pasted text that looks like Keras code); nothing in
 * the script is run.
 */
import type { ExportRecord, ImportRecord } from '../formatRecord';
import { modelName } from '../names';
import { looksLikeKerasPython } from '../pythonIn/sniff';

export const pythonExport: ExportRecord = {
  id: 'python',
  label: 'Keras Python',
  detail: 'a Keras 3 script (.py)',
  extension: '.py',
  mime: 'text/x-python',
  needsTf: false,
  carriesWeights: false,
  readBack: false,
  async run(_tf, doc, options) {
    const { exportPython } = await import('../python');
    return {
      files: [
        {
          path: `${modelName(doc.name)}.py`,
          data: exportPython(doc, { fileName: `${modelName(doc.name)}.py`, ...options.python }),
          mime: 'text/x-python',
        },
      ],
    };
  },
};

const decoder = new TextDecoder('utf-8', { fatal: false });

export const pythonImport: ImportRecord = {
  id: 'python',
  label: 'Keras Python script (.py, read without running it)',
  extensions: ['.py'],
  mime: 'text/x-python',
  needsTf: false,
  sniff: (name, head) =>
    /\.py$/i.test(name) || (!/\.(json|keras|h5|hdf5)$/i.test(name) && looksLikeKerasPython(decoder.decode(head))),
  async run(source, context) {
    const { importPython, importPythonText } = await import('../pythonIn');
    const text = new TextDecoder('utf-8', { fatal: false }).decode(source.bytes);
    const options = { ...(context.maxBytes ? { maxBytes: context.maxBytes } : {}) };
    const r =
      context.layout === 'layered'
        ? importPythonText(text, options)
        : await importPython(text, { ...options, ...(context.elk ? { layout: context.elk } : {}) });
    return r.ok
      ? { ok: true, doc: r.doc, format: r.format, formatLabel: 'Keras Python script', warnings: r.warnings }
      : r;
  },
};
