// @vitest-environment happy-dom
/**
 * The import report's offer to group repeated modules: a ResNet-style tfjs model (with its weights
 * shard) picked with Import…, the offer naming the real counts, one click grouping them as one
 * undo step, and the imported weights following the grouped layers.
 */
import * as tf from '@tensorflow/tfjs';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { analyze, EXAMPLES } from '../../compile';
import { resNetStyle } from '../../formats/repeatFixtures.testkit';
import { saveFiles } from '../../formats/tfjsFixtures.testkit';
import { renderWith } from '../test/render.testkit';
import { FormatsMenu } from './FormatsMenu';
import { ImportReport } from './ImportReport';
import { importedWeightsFor } from './importedWeights';

afterEach(cleanup);
beforeAll(async () => {
  await tf.setBackend('cpu');
});

const LOADING = { timeout: 30_000 };

describe('the offer to group repeated blocks', () => {
  it('is a button under the warnings that calls back', () => {
    const onGroup = vi.fn();
    render(
      <ImportReport
        report={{ fileName: 'm.json', warnings: [], offer: { count: 16, kinds: ['16 × residual (Conv2D → Add)'] } }}
        onDismiss={() => {}}
        onGroup={onGroup}
      />,
    );
    expect(screen.getByRole('status').querySelector('strong')?.textContent).toBe('Imported m.json');
    expect(screen.getByRole('region', { name: 'Repeated blocks' }).textContent).toContain(
      '16 × residual (Conv2D → Add)',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Group 16 repeated blocks' }));
    expect(onGroup).toHaveBeenCalledOnce();
  });

  it('groups an imported ResNet in one undo step, its weights following the layers', async () => {
    const model = resNetStyle(tf);
    const { modelJson, weights } = await saveFiles(tf, model);
    model.dispose();
    const start = EXAMPLES['apes-block']?.() as never;
    const { store } = renderWith(start, <FormatsMenu />);
    fireEvent.change(document.querySelector('[data-testid="import-file"]') as HTMLInputElement, {
      target: {
        files: [
          new File([modelJson], 'model.json', { type: 'application/json' }),
          new File([new Uint8Array(weights)], 'group1-shard1of1.bin'),
        ],
      },
    });
    const button = await screen.findByRole('button', { name: 'Group 7 repeated blocks' }, LOADING);
    const offer = screen.getByRole('region', { name: 'Repeated blocks' }).textContent;
    expect(offer).toContain('5 × residual (Conv2D → BatchNormalization → Activation → Conv2D → … → Activation)');
    expect(offer).toContain('2 × residual with projection');
    const imported = store.getState().doc;
    const flatWeights = importedWeightsFor(store);
    expect(flatWeights?.conv2_block2_1_conv).toHaveLength(2);

    fireEvent.click(button);
    await waitFor(() => expect(store.getState().doc).not.toBe(imported), LOADING);
    const grouped = store.getState().doc;
    expect(grouped.nodes.filter((n) => n.type === 'block').map((n) => n.name)).toContain('conv3_block4');
    expect(analyze(grouped).totals).toEqual(analyze(imported).totals);
    // The report had no warnings: it closes once the offer is taken.
    await waitFor(() => expect(screen.queryByRole('region', { name: 'Repeated blocks' })).toBeNull());
    const moved = importedWeightsFor(store);
    expect(moved?.['conv2_block2/1_conv']).toBe(flatWeights?.conv2_block2_1_conv);
    for (const l of analyze(grouped).layers)
      if (l.count.trainable + l.count.nonTrainable > 0) expect(moved?.[l.path], l.path).toBeDefined();

    store.getState().undo();
    expect(store.getState().doc).toBe(imported);
    expect(importedWeightsFor(store)?.conv2_block2_1_conv).toBe(flatWeights?.conv2_block2_1_conv);
    // The flat model is back, and so is the offer.
    await screen.findByRole('button', { name: 'Group 7 repeated blocks' }, LOADING);
  });
});
