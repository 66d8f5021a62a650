/** Keras JSON export: the Keras 2 `model.to_json()` topology, read back by tfjs (no weights). */
import type { ExportRecord } from '../formatRecord';
import { modelName } from '../names';

export const kerasJsonExport: ExportRecord = {
  id: 'keras-json',
  label: 'Keras JSON',
  detail: 'model.to_json() topology, reload-checked',
  extension: '.json',
  mime: 'application/json',
  needsTf: true,
  carriesWeights: false,
  readBack: true,
  async run(tf, doc, options) {
    const { exportKerasJson } = await import('../exportJson');
    const r = await exportKerasJson(tf, doc, options.weights ? { weights: options.weights } : {});
    return {
      files: [
        { path: `${modelName(doc.name)}.json`, data: `${JSON.stringify(r.json, null, 2)}\n`, mime: 'application/json' },
      ],
      fidelity: r.fidelity,
    };
  },
};
