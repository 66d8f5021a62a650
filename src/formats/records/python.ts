/** Keras Python export: a Keras 3 script (pure, no tfjs). */
import type { ExportRecord } from '../formatRecord';
import { modelName } from '../names';

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
