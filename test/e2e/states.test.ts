/**
 * Recurrent states on the canvas (Chromium): an encoder LSTM with "return state" draws three output
 * handles (output, h, c) whose wires start the decoder, shapes on the handles' titles; no errors.
 * Writes the canvas' picture to $SKIPWIRE_SHOTS/states.png when that folder is given.
 */
import { describe, expect, it } from 'vitest';
import { DocBuilder } from '../../src/compile';
import { fileHarness } from './fileHarness';

const h = fileHarness();

function seq2seq() {
  const b = new DocBuilder('seq2seq');
  const src = b.layer('input', 'source', { shape: [7, 5] });
  const tgt = b.layer('input', 'target', { shape: [6, 3] });
  const enc = b.layer('lstm', 'encoder', { units: 8, returnState: true }, [src]);
  const dec = b.layer('lstm', 'decoder', { units: 8, returnSequences: true }, [tgt, [enc, 1], [enc, 2]]);
  b.layer('dense', 'out', { units: 4, activation: 'softmax' }, [dec]);
  return b.build();
}

describe('recurrent states on the canvas (Chromium)', { timeout: 3 * 60_000 }, () => {
  it('draws the encoder with output, h and c handles wired into the decoder', async () => {
    const { page } = await h.browser({ width: 1280, height: 800 });
    await page.goto(h.url);
    await page.waitForSelector('.react-flow__node');
    await page.locator('[data-testid="open-file"]').setInputFiles({
      name: 'seq2seq.skipwire.json',
      mimeType: 'application/json',
      buffer: Buffer.from(JSON.stringify(seq2seq())),
    });
    const encoder = page.locator('.react-flow__node').filter({ hasText: 'encoder' });
    await encoder.waitFor();
    const handles = encoder.locator('.react-flow__handle.source');
    await expect.poll(() => handles.count()).toBe(3);
    expect(await handles.evaluateAll((els) => els.map((e) => e.getAttribute('title')))).toEqual([
      'output 1 (8)',
      'output 2: h (8)',
      'output 3: c (8)',
    ]);
    const decoder = page.locator('.react-flow__node').filter({ hasText: 'decoder' });
    expect(await decoder.locator('.sw-node-message').count()).toBe(0);
    await expect.poll(() => page.locator('.react-flow__edge').count()).toBe(5);
    const dir = process.env.SKIPWIRE_SHOTS;
    if (dir) await page.screenshot({ path: `${dir}/states.png` });
  });
});
