import { describe, expect, it } from 'vitest';
import { example, parseDocument, serializeDocument } from '../compile';
import {
  DEFAULT_SETTINGS,
  parseSettings,
  readTrainingSettings,
  TrainingSettingsSchema,
  writeTrainingSettings,
} from './settings';

describe('training settings', () => {
  it('has sensible defaults', () => {
    expect(DEFAULT_SETTINGS).toEqual({
      optimizer: 'adam',
      learningRate: 0.01,
      batchSize: 32,
      epochs: 20,
      loss: 'auto',
      validationSplit: 0.2,
      seed: 1,
    });
  });

  it('reads field by field: invalid fields take their default and are reported', () => {
    const r = parseSettings({ optimizer: 'lion', learningRate: -1, batchSize: 8, epochs: 2.5, extra: true });
    expect(r.settings).toEqual({ ...DEFAULT_SETTINGS, batchSize: 8 });
    expect(r.issues).toHaveLength(3);
    expect(r.issues[0]).toMatch(/^training settings: optimizer: .*; using the default$/);
    expect(parseSettings('nonsense').issues).toEqual(['training settings: expected an object; using the defaults']);
    expect(parseSettings(undefined)).toEqual({ settings: DEFAULT_SETTINGS, issues: [] });
  });

  it('keeps a chosen built-in data set', () => {
    const r = parseSettings({ dataset: { name: 'xor', noise: 0.2 } });
    expect(r.settings.dataset).toEqual({ name: 'xor', noise: 0.2 });
  });

  it('are stored in doc.metadata.training and survive saving and loading', () => {
    const doc = writeTrainingSettings(example('spirals'), { optimizer: 'momentum', epochs: 7 });
    expect(doc.metadata.description).toBe(example('spirals').metadata.description);
    const loaded = parseDocument(serializeDocument(doc));
    if (!loaded.ok) throw new Error(loaded.error);
    expect(readTrainingSettings(loaded.doc)).toEqual({
      settings: { ...DEFAULT_SETTINGS, optimizer: 'momentum', epochs: 7 },
      issues: [],
    });
    expect(readTrainingSettings(example('spirals')).settings).toEqual(DEFAULT_SETTINGS);
  });

  it('refuses to write invalid settings', () => {
    expect(() => writeTrainingSettings(example('spirals'), { validationSplit: 1 })).toThrow();
    expect(TrainingSettingsSchema.safeParse({ batchSize: 0 }).success).toBe(false);
  });
});
