// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { SkipwireDoc } from '../../compile';
import { analyze, EXAMPLES } from '../../compile';
import { mlp } from '../../train/testing';
import { useEditor } from '../store/context';
import { renderWith } from '../test/render.testkit';
import { SettingsForm } from './SettingsForm';
import { settingsOf } from './settingsModel';

afterEach(cleanup);

const example = (name: string) => (EXAMPLES[name] as () => SkipwireDoc)();

/** The form bound to the store's document, as the panel renders it. */
function Bound() {
  const doc = useEditor((s) => s.doc);
  return <SettingsForm settings={settingsOf(doc)} analysis={analyze(doc)} />;
}

function setup(doc: SkipwireDoc) {
  const r = renderWith(doc, <Bound />);
  const undoSteps = () => r.store.temporal.getState().pastStates.length;
  return { ...r, undoSteps };
}

const field = (key: string) => document.querySelector(`[data-setting="${key}"]`) as HTMLElement;
const input = (key: string) => field(key).querySelector('input, select') as HTMLInputElement;
const stored = (s: ReturnType<typeof setup>) => s.store.getState().doc.metadata.training as Record<string, unknown>;

describe('training settings form', () => {
  it('shows the defaults, with the automatic loss named after the head', () => {
    setup(example('apesnet-mini'));
    expect(input('optimizer').value).toBe('adam');
    expect(input('learningRate').value).toBe('0.01');
    expect(input('batchSize').value).toBe('32');
    expect(input('epochs').value).toBe('20');
    expect(input('validationSplit').value).toBe('0.2');
    expect(input('seed').value).toBe('1');
    expect(input('loss').value).toBe('auto');
    expect(screen.getByRole('option', { name: 'Automatic from the head: categorical crossentropy' })).toBeTruthy();
  });

  it('names binary crossentropy for a sigmoid head', () => {
    setup(mlp(2, 1, 'sigmoid'));
    expect(screen.getByRole('option', { name: 'Automatic from the head: binary crossentropy' })).toBeTruthy();
  });

  it('stores a chosen optimizer in metadata.training as one undo step, and undo takes it back', () => {
    const s = setup(example('spirals'));
    const before = s.undoSteps();
    fireEvent.change(input('optimizer'), { target: { value: 'rmsprop' } });
    expect(stored(s)).toMatchObject({ optimizer: 'rmsprop', learningRate: 0.01, epochs: 20 });
    expect(s.undoSteps()).toBe(before + 1);
    act(() => s.store.getState().undo());
    expect(s.store.getState().doc.metadata.training).toBeUndefined();
  });

  it('commits typed numbers on Enter and on blur, one undo step each', () => {
    const s = setup(example('spirals'));
    const before = s.undoSteps();
    fireEvent.change(input('batchSize'), { target: { value: '16' } });
    expect(s.store.getState().doc.metadata.training).toBeUndefined(); // typing alone stores nothing
    fireEvent.keyDown(input('batchSize'), { key: 'Enter' });
    expect(stored(s).batchSize).toBe(16);
    fireEvent.change(input('epochs'), { target: { value: '3' } });
    fireEvent.blur(input('epochs'));
    expect(stored(s)).toMatchObject({ batchSize: 16, epochs: 3 });
    expect(s.undoSteps()).toBe(before + 2);
    // Committing the same value again is no edit.
    fireEvent.blur(input('epochs'));
    expect(s.undoSteps()).toBe(before + 2);
  });

  it('explains an invalid number with the schema range and does not store it', () => {
    const s = setup(example('spirals'));
    fireEvent.change(input('learningRate'), { target: { value: '0' } });
    fireEvent.keyDown(input('learningRate'), { key: 'Enter' });
    expect(field('learningRate').querySelector('[role="alert"]')?.textContent).toBe(
      'Learning rate must be more than 0 and at most 1,000.',
    );
    expect(input('learningRate').getAttribute('aria-invalid')).toBe('true');
    fireEvent.change(input('batchSize'), { target: { value: '2.5' } });
    expect(field('batchSize').querySelector('[role="alert"]')?.textContent).toBe(
      'Batch size must be a whole number from 1 to 4,096.',
    );
    fireEvent.change(input('validationSplit'), { target: { value: '0.95' } });
    expect(field('validationSplit').querySelector('[role="alert"]')?.textContent).toBe(
      'Validation split must be a number from 0 to 0.9.',
    );
    fireEvent.blur(input('validationSplit'));
    expect(s.store.getState().doc.metadata.training).toBeUndefined();
    // Escape puts the stored value back.
    fireEvent.keyDown(input('learningRate'), { key: 'Escape' });
    expect(input('learningRate').value).toBe('0.01');
  });

  it('keeps what the document already has and changes only the field edited', () => {
    const doc = example('spirals');
    const s = setup({ ...doc, metadata: { ...doc.metadata, training: { epochs: 7, seed: 42 } } });
    expect(input('epochs').value).toBe('7');
    fireEvent.change(input('loss'), { target: { value: 'meanSquaredError' } });
    expect(stored(s)).toMatchObject({ epochs: 7, seed: 42, loss: 'meanSquaredError' });
  });
});
