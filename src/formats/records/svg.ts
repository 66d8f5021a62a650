/** The diagram as SVG, like Keras' `plot_model(show_shapes=True)` (pure, no tfjs). */
import type { ExportRecord } from '../formatRecord';
import { modelName } from '../names';

export const svgExport: ExportRecord = {
  id: 'svg',
  label: 'Diagram (SVG)',
  detail: 'plot_model-style, with shapes',
  extension: '.svg',
  mime: 'image/svg+xml',
  needsTf: false,
  carriesWeights: false,
  readBack: false,
  async run(_tf, doc) {
    const { exportSvg } = await import('../svg');
    return { files: [{ path: `${modelName(doc.name)}.svg`, data: exportSvg(doc), mime: 'image/svg+xml' }] };
  },
};
