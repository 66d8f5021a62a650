// @vitest-environment happy-dom
import { cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { EXAMPLES, serializeDocument } from '../../compile';
import { openText } from '../actions';
import { applyImport } from '../formats/importFiles';
import { mismatchedAdd } from '../test/factories.testkit';
import { renderWith } from '../test/render.testkit';
import { Toolbar } from './Toolbar';

afterEach(cleanup);

describe('opening another model replaces this one undoably, and says so', () => {
  it('an Examples entry opens with a notice naming what Ctrl+Z brings back, and Ctrl+Z does', () => {
    const { store } = renderWith(mismatchedAdd(), <Toolbar />);
    const mine = store.getState().doc;
    fireEvent.change(screen.getByRole('combobox', { name: 'Examples' }), { target: { value: 'classic-cnn' } });
    expect(store.getState().doc.name).toBe('classic_cnn');
    expect(store.getState().notices.at(-1)?.text).toBe(
      'Opened the example "classic-cnn". Ctrl+Z brings back "mismatch".',
    );
    store.getState().undo();
    expect(store.getState().doc).toEqual(mine);
  });

  it('a later successful open or import clears the error of a file that could not be opened', () => {
    const { store } = renderWith(mismatchedAdd(), <Toolbar />);
    const error = openText(store, '{"format":"keras"}', 'model.json');
    expect(error).toMatch(/^Could not open model\.json/);
    store.getState().notify(error as string, 'error', true);
    expect(store.getState().notices.filter((n) => n.kind === 'error')).toHaveLength(1);
    expect(
      applyImport(store, {
        kind: 'project',
        fileName: 'x.skipwire.json',
        text: serializeDocument(EXAMPLES.spirals?.() as never),
      }),
    ).toBeUndefined();
    expect(store.getState().notices.filter((n) => n.kind === 'error')).toEqual([]);
    store.getState().notify('Could not import bad.json: nope', 'error', true);
    const doc = EXAMPLES['apes-block']?.();
    expect(
      applyImport(store, {
        kind: 'model',
        fileName: 'm.json',
        format: 'keras2',
        formatLabel: 'Keras 2 JSON',
        doc: doc as never,
        warnings: [],
      }),
    ).toBeUndefined();
    expect(store.getState().notices.filter((n) => n.kind === 'error')).toEqual([]);
    expect(store.getState().notices.at(-1)?.text).toBe(
      'Imported m.json (Keras 2 JSON): 3 layers. Ctrl+Z brings back "spirals".',
    );
  });
});
