// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EXAMPLES } from '../../compile';
import { renderWith } from '../test/render.testkit';
import { FormatsMenu } from './FormatsMenu';
import { ImportReport } from './ImportReport';

afterEach(cleanup);

/** The import loads the formats module and elkjs on first use: slow on a busy machine. */
const LOADING = { timeout: 30_000 };

const keras2 = (layers: unknown[]) =>
  JSON.stringify({
    class_name: 'Functional',
    config: { name: 'm', layers, input_layers: [['x', 0, 0]], output_layers: [['out', 0, 0]] },
    keras_version: '2.15.0',
    backend: 'tensorflow',
  });

/** A Dense layer with -3 units: refused, naming the layer. */
const BAD_MODEL = keras2([
  { class_name: 'InputLayer', name: 'x', config: { name: 'x', batch_input_shape: [null, 4] }, inbound_nodes: [] },
  {
    class_name: 'Dense',
    name: 'scale_it',
    config: { name: 'scale_it', units: -3 },
    inbound_nodes: [[['x', 0, 0, {}]]],
  },
  {
    class_name: 'Dense',
    name: 'out',
    config: { name: 'out', units: 2, activation: 'linear' },
    inbound_nodes: [[['scale_it', 0, 0, {}]]],
  },
]);

const pick = (files: File[]) =>
  fireEvent.change(document.querySelector('[data-testid="import-file"]') as HTMLInputElement, {
    target: { files },
  });

describe('ImportReport', () => {
  it('shows the error as an alert and the warnings as a list, and dismisses', () => {
    const onDismiss = vi.fn();
    const { rerender } = render(
      <ImportReport report={{ error: 'unsupported layers: Lambda (scale_it)', warnings: [] }} onDismiss={onDismiss} />,
    );
    expect(screen.getByRole('alert').querySelector('.sw-import-error')?.textContent).toBe(
      'unsupported layers: Lambda (scale_it)',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(onDismiss).toHaveBeenCalledOnce();
    rerender(
      <ImportReport
        report={{ fileName: 'm.json', warnings: ['layer "bn" is frozen', 'layer "bn" is frozen'] }}
        onDismiss={onDismiss}
      />,
    );
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('status').querySelector('strong')?.textContent).toBe('Imported m.json with 2 warnings');
    expect(screen.getByRole('list', { name: 'Warnings' }).querySelectorAll('li')).toHaveLength(2);
  });
});

describe('FormatsMenu import', () => {
  it('shows why a file cannot be imported, naming the layer, and keeps the model', async () => {
    const doc = EXAMPLES['apes-block']?.() as never;
    const { store } = renderWith(doc, <FormatsMenu />);
    pick([new File([BAD_MODEL], 'bad.json', { type: 'application/json' })]);
    const alert = await screen.findByRole('alert', {}, LOADING);
    expect(alert.textContent).toContain('Could not import bad.json');
    expect(alert.textContent).toContain('layer "scale_it" (Dense): units must be a whole number ≥ 1 (got -3)');
    expect(alert.textContent).toContain('The current model is unchanged');
    expect(store.getState().doc).toBe(doc);
  });

  it('says training data belongs to the Training panel', async () => {
    const doc = EXAMPLES['apes-block']?.() as never;
    renderWith(doc, <FormatsMenu />);
    pick([new File(['a,b\n1,2\n'], 'points.csv', { type: 'text/csv' })]);
    expect((await screen.findByRole('alert', {}, LOADING)).textContent).toContain(
      '"points.csv" looks like training data',
    );
  });

  it('replaces the document with the imported Keras 3 model as one undo step', async () => {
    const doc = EXAMPLES['apes-block']?.() as never;
    const { store } = renderWith(doc, <FormatsMenu />);
    const text = readFileSync('test/fixtures/keras/keras3_functional.json', 'utf8');
    pick([new File([text], 'keras3_functional.json', { type: 'application/json' })]);
    await waitFor(() => expect(store.getState().doc.nodes.map((n) => n.name)).toContain('leaky_re_lu'), LOADING);
    expect(store.getState().doc.nodes).toHaveLength(8);
    expect(store.getState().notices.at(-1)?.text).toMatch(
      /^Imported keras3_functional\.json \(Keras 3 JSON\): 8 layers\. Ctrl\+Z brings back "/,
    );
    expect(screen.queryByRole('alert')).toBeNull();
    store.getState().undo();
    expect(store.getState().doc).toBe(doc);
  });

  it('imports a model file dropped on the page, and leaves drops others handled alone', async () => {
    const doc = EXAMPLES['apes-block']?.() as never;
    const { store } = renderWith(doc, <FormatsMenu />);
    const text = readFileSync('test/fixtures/keras/keras2_sequential.json', 'utf8');
    const file = new File([text], 'keras2_sequential.json', { type: 'application/json' });
    const drop = (handled: boolean) => {
      const e = new Event('drop', { bubbles: true, cancelable: true }) as Event & { dataTransfer: unknown };
      e.dataTransfer = { files: [file], types: ['Files'] };
      if (handled) e.preventDefault();
      window.dispatchEvent(e);
      return e;
    };
    expect(drop(true).defaultPrevented).toBe(true);
    const taken = drop(false);
    expect(taken.defaultPrevented).toBe(true);
    await waitFor(() => expect(store.getState().doc).not.toBe(doc), LOADING);
    expect(store.getState().notices.at(-1)?.text).toMatch(/^Imported keras2_sequential\.json \(Keras 2 JSON\)/);
  });
});
