// @vitest-environment happy-dom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { FidelityReport } from '../../formats';
import { predictionAgreement } from '../../formats/fidelity';
import { EXPORT_RECORDS } from '../../formats/registry';
import { ExportMenu, type ExportMenuProps } from './ExportMenu';
import type { ExportOutcome } from './exportRun';

afterEach(cleanup);

const PASS: FidelityReport = {
  pass: true,
  differences: [],
  layers: 4,
  params: 2368,
  checked: 'topology',
  maxDifference: 0,
};
const FAIL: FidelityReport = {
  pass: false,
  differences: [
    'layer "conv" is Conv2D in the model but Dense in the export',
    'params: 2,368 in the model, 64 read back',
  ],
  checked: 'topology',
  layers: 4,
  params: 64,
};

function renderMenu(props: Partial<ExportMenuProps> = {}) {
  const handlers = { onExport: vi.fn(), onDistributedChange: vi.fn(), onSaveHeld: vi.fn() };
  render(<ExportMenu distributed={false} {...handlers} {...props} />);
  return handlers;
}

const badge = () => document.querySelector('[data-fidelity]');

describe('ExportMenu', () => {
  it('lists every format, with the multi-worker option of the Python script off by default', () => {
    const h = renderMenu();
    const kinds = [...document.querySelectorAll('[data-export]')].map((b) => b.getAttribute('data-export'));
    // Every format of the registry, then the editor's own two.
    expect(kinds).toEqual([...EXPORT_RECORDS.map((r) => r.id), 'project', 'png']);
    expect(kinds).toEqual(expect.arrayContaining(['tfjs', 'keras-json', 'python', 'svg']));
    const box = screen.getByRole('checkbox', { name: 'Multi-worker training section' }) as HTMLInputElement;
    expect(box.checked).toBe(false);
    fireEvent.click(box);
    expect(h.onDistributedChange).toHaveBeenCalledWith(true);
    fireEvent.click(screen.getByRole('button', { name: /Keras Python/ }));
    expect(h.onExport).toHaveBeenCalledWith('python');
    expect(badge()).toBeNull();
  });

  it('shows a passing fidelity check as a pass badge with what was compared', () => {
    const outcome: ExportOutcome = {
      kind: 'tfjs',
      saved: ['apes_block.tfjs.zip'],
      fidelity: PASS,
      weightsNote: 'Trained weights.',
    };
    renderMenu({ outcome });
    expect(badge()?.getAttribute('data-fidelity')).toBe('pass');
    expect(badge()?.textContent).toBe('✓ Fidelity check passed');
    expect(screen.getByText(/4 layers, 2,368 params, identical predictions/)).toBeTruthy();
    expect(screen.getByText('Saved apes_block.tfjs.zip.')).toBeTruthy();
    expect(screen.getByText('Trained weights.')).toBeTruthy();
    expect(screen.queryByRole('list', { name: 'Differences' })).toBeNull();
    expect(screen.queryByRole('button', { name: /Download anyway/ })).toBeNull();
  });

  it('says how close the predictions are in words a person reads, never "at most 0."', () => {
    expect(predictionAgreement(0)).toBe('identical predictions');
    expect(predictionAgreement(2.384185791015625e-7)).toBe('predictions differ by at most 2.4e-7');
    expect(predictionAgreement(0.0123456)).toBe('predictions differ by at most 0.012');
  });

  it('shows a failing check as a fail badge with every difference, and holds the files back', () => {
    const held = [{ name: 'model.json', blob: new Blob(['{}']) }];
    const outcome: ExportOutcome = { kind: 'keras-json', saved: [], fidelity: FAIL, held };
    const h = renderMenu({ outcome });
    expect(badge()?.getAttribute('data-fidelity')).toBe('fail');
    expect(badge()?.textContent).toBe('✕ Fidelity check failed');
    const items = screen.getByRole('list', { name: 'Differences' }).querySelectorAll('li');
    expect([...items].map((li) => li.textContent)).toEqual(FAIL.differences);
    expect(screen.getByText('Keras JSON: not saved, because the check failed.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Download anyway (model.json)' }));
    expect(h.onSaveHeld).toHaveBeenCalledOnce();
  });

  it('renders names from the model as text, never as markup', () => {
    const evil = 'layer "<img src=x onerror=alert(1)>" differs';
    renderMenu({ outcome: { kind: 'tfjs', saved: [], fidelity: { ...FAIL, differences: [evil] } } });
    expect(document.querySelector('.sw-export-menu img')).toBeNull();
    expect(screen.getByText(evil)).toBeTruthy();
  });

  it('shows an export error, and disables the entries while an export runs', () => {
    const { rerender } = render(
      <ExportMenu
        distributed={false}
        onExport={vi.fn()}
        onDistributedChange={vi.fn()}
        onSaveHeld={vi.fn()}
        outcome={{ kind: 'python', saved: [], error: 'layer "add" (Add): inputs have shapes 8×8×16 and 8×8×8' }}
      />,
    );
    expect(screen.getByRole('alert').textContent).toBe(
      'Keras Python export failed: layer "add" (Add): inputs have shapes 8×8×16 and 8×8×8',
    );
    rerender(
      <ExportMenu
        distributed={false}
        onExport={vi.fn()}
        onDistributedChange={vi.fn()}
        onSaveHeld={vi.fn()}
        busy="tfjs"
      />,
    );
    expect(screen.getByRole('status').textContent).toBe('Exporting TensorFlow.js… (reading it back to check)');
    for (const b of document.querySelectorAll('[data-export]')) expect((b as HTMLButtonElement).disabled).toBe(true);
  });
});
