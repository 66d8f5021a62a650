/**
 * elkjs for the editor, run in a Web Worker so that laying out a 300-layer model never blocks the
 * page: the small elkjs API is imported on first use, and the worker script (the ~450 KB layout
 * engine) loads only then.
 */
import type { ElkLike } from '../../formats/layout';

let elk: Promise<ElkLike> | undefined;

/** The worker-backed elkjs; `undefined` where there are no workers (Node tests: the bundled build). */
export function workerElk(): Promise<ElkLike> | undefined {
  if (typeof Worker === 'undefined') return undefined;
  elk ??= Promise.all([import('elkjs/lib/elk-api.js'), import('elkjs/lib/elk-worker.min.js?url')]).then(
    ([api, url]) => {
      const Elk = api.default as unknown as new (options: { workerUrl: string }) => ElkLike;
      return new Elk({ workerUrl: url.default });
    },
  );
  return elk;
}
