/**
 * The training service's data desk: makes the data set of a request (a built-in one is made once
 * per spec and input shape, and kept) and checks it against the model, with the settings' issues.
 */
import type { Analysis } from '../compile';
import { checkData, type DataCheck } from './check';
import { type BuiltinSpec, builtinInputShape, makeBuiltin } from './data/builtin';
import type { Dataset } from './data/types';
import { parseSettings, type TrainingSettingsInput } from './settings';

/** Where the samples come from: a built-in set (made in the worker) or a data set made outside. */
export type DataSource =
  | { readonly kind: 'builtin'; readonly spec: BuiltinSpec }
  | { readonly kind: 'dataset'; readonly dataset: Dataset };

/** What `check` answers: the data check, the settings' issues, and the data set in brief. */
export interface CheckReport extends DataCheck {
  readonly settingsIssues: readonly string[];
  readonly dataset: {
    readonly name: string;
    readonly task: Dataset['task'];
    readonly count: number;
    readonly inputShape: readonly number[];
    readonly classes: readonly string[];
  };
}

/** What the desk reads of a request. */
export interface DataRequest {
  readonly settings?: TrainingSettingsInput;
  readonly data: DataSource;
}

export interface DataDesk {
  datasetFor(request: DataRequest, analysis: Analysis): Dataset;
  report(request: DataRequest, analysis: Analysis): CheckReport;
  /** Forgets the kept built-in set. */
  clear(): void;
}

export function dataDesk(): DataDesk {
  let cache: { key: string; dataset: Dataset } | undefined;
  const datasetFor = (request: DataRequest, analysis: Analysis): Dataset => {
    if (request.data.kind === 'dataset') return request.data.dataset;
    const input = analysis.layers.find((l) => l.path === analysis.inputs[0])?.shape;
    const shape = builtinInputShape(request.data.spec.name, input);
    const key = JSON.stringify([request.data.spec, shape]);
    if (cache?.key !== key) cache = { key, dataset: makeBuiltin(request.data.spec, input) };
    return cache.dataset;
  };
  return {
    datasetFor,
    report(request, analysis) {
      const { settings, issues } = parseSettings(request.settings ?? {});
      const dataset = datasetFor(request, analysis);
      const check = checkData(analysis, dataset, settings);
      return {
        ...check,
        settingsIssues: issues,
        dataset: {
          name: dataset.name,
          task: dataset.task,
          count: dataset.count,
          inputShape: dataset.inputShape,
          classes: dataset.task === 'regression' ? [] : dataset.classes,
        },
      };
    },
    clear() {
      cache = undefined;
    },
  };
}
