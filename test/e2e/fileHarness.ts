/**
 * The harness of one e2e test file: the production build and its server, started before the
 * file's tests (generous limit: a loaded machine builds slowly) and closed after them, even when
 * a test failed. `const h = fileHarness();` at the top of the file.
 */
import { afterAll, beforeAll } from 'vitest';
import { type Harness, startHarness } from './harness';

export function fileHarness(timeoutMs = 5 * 60_000): Harness {
  let started: Harness | undefined;
  beforeAll(async () => {
    started = await startHarness();
  }, timeoutMs);
  afterAll(async () => {
    await started?.close();
  });
  const get = (): Harness => {
    if (!started) throw new Error('the e2e harness is used before it started (use it inside a test or hook)');
    return started;
  };
  return {
    get url() {
      return get().url;
    },
    browser: (...args) => get().browser(...args),
    close: () => get().close(),
  };
}
