/**
 * Training: the public surface for the editor and the CLI. The editor's training panel uses the
 * client (`createTrainingClient`), the data check and settings helpers, and the data set makers
 * for CSV files and image folders. No React, no static tfjs import.
 */

export {
  type AppliedWeights,
  type PlainWeight,
  readWeights,
  type WeightSet,
  type WeightSources,
} from '../formats/weights';
export * from './backend';
export * from './check';
export * from './client';
export * from './data/builtin';
export * from './data/csv';
export * from './data/decode';
export * from './data/images';
export * from './data/shapes';
export * from './data/toy2d';
export * from './data/types';
export * from './events';
export * from './faults';
export * from './featureMaps';
export * from './head';
export * from './losses';
export * from './preview';
export * from './service';
export * from './settings';
export * from './trainer';
