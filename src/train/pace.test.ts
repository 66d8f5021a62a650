import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RunClock, yieldTurn } from './pace';

const run = promisify(execFile);

describe('yieldTurn', () => {
  it('ends turns waited on together in the order they were asked for', async () => {
    const seen: number[] = [];
    await Promise.all([1, 2, 3, 4].map((i) => yieldTurn().then(() => seen.push(i))));
    expect(seen).toEqual([1, 2, 3, 4]);
    let turned = 0;
    for (let i = 0; i < 200; i++) await yieldTurn().then(() => turned++);
    expect(turned).toBe(200);
  });

  it('does not keep a Node process alive once no turn waits', async () => {
    const pace = fileURLToPath(new URL('./pace.ts', import.meta.url));
    const script = `import { yieldTurn } from ${JSON.stringify(pace)};\nfor (let i = 0; i < 50; i++) await yieldTurn();\nconsole.log('turned');`;
    const t0 = Date.now();
    const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      timeout: 30_000,
      cwd: fileURLToPath(new URL('../..', import.meta.url)),
    });
    expect(stdout.trim()).toBe('turned');
    expect(Date.now() - t0).toBeLessThan(30_000);
  }, 40_000);
});

describe('RunClock', () => {
  it('yields only after YIELD_AFTER_MS of work, or when forced', async () => {
    let t = 0;
    const clock = new RunClock(() => t, 10);
    let turned = 0;
    const turn = async () => void turned++;
    t = 10;
    await clock.maybeYield(turn);
    expect(turned).toBe(0);
    await clock.maybeYield(turn, true);
    expect(turned).toBe(1);
    t = 70;
    await clock.maybeYield(turn);
    expect(turned).toBe(2);
  });
});
