/**
 * The training settings form: optimizer, learning rate, batch size, epochs, loss (automatic from
 * the model's head by default), validation split and seed. Values live in
 * `doc.metadata.training`; a select commits when changed, typed numbers on Enter or blur, and
 * each commit is one undo step. Invalid numbers are explained under the field and not stored.
 */
import { useEffect, useId, useState } from 'react';
import type { Analysis } from '../../compile';
import { headActivation, resolveLoss } from '../../train/head';
import {
  LOSS_LABELS,
  LOSSES,
  type LossSetting,
  OPTIMIZER_LABELS,
  OPTIMIZERS,
  type OptimizerName,
  type TrainingSettings,
} from '../../train/settings';
import { useEditorStore } from '../store/context';
import {
  commitSettings,
  describeRule,
  NUMBER_FIELDS,
  type NumberFieldSpec,
  numberRule,
  parseNumberSetting,
} from './settingsModel';

function NumberField({
  spec,
  value,
  onCommit,
}: {
  spec: NumberFieldSpec;
  value: number;
  onCommit: (value: number) => void;
}) {
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const parsed = parseNumberSetting(spec.key, draft);
  const commit = () => {
    if (parsed.ok && parsed.value !== value) onCommit(parsed.value);
  };
  return (
    <div className={`sw-field${parsed.ok ? '' : ' has-problem'}`} data-setting={spec.key}>
      <label htmlFor={id} title={spec.doc}>
        {spec.label}
      </label>
      <input
        id={id}
        className="sw-input"
        type="text"
        inputMode="decimal"
        value={draft}
        title={`${spec.doc} ${describeRule(numberRule(spec.key))}.`}
        aria-invalid={parsed.ok ? undefined : true}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(String(value));
        }}
      />
      {!parsed.ok && (
        <span className="sw-field-error" role="alert">
          {parsed.error}
        </span>
      )}
    </div>
  );
}

function SelectField<T extends string>({
  label,
  setting,
  value,
  options,
  onCommit,
}: {
  label: string;
  setting: string;
  value: T;
  options: readonly (readonly [T, string])[];
  onCommit: (value: T) => void;
}) {
  const id = useId();
  return (
    <div className="sw-field" data-setting={setting}>
      <label htmlFor={id}>{label}</label>
      <select id={id} className="sw-input" value={value} onChange={(e) => onCommit(e.target.value as T)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

export function SettingsForm({
  settings,
  analysis,
  disabled = false,
}: {
  settings: TrainingSettings;
  analysis: Analysis;
  /** While a run goes on: the settings apply to the next run. */
  disabled?: boolean;
}) {
  const store = useEditorStore();
  const commit = (changes: Partial<TrainingSettings>) => commitSettings(store, changes);
  const auto = resolveLoss('auto', headActivation(analysis));
  const lossOptions = LOSSES.map((l): readonly [LossSetting, string] => [
    l,
    l === 'auto' ? `Automatic from the head: ${LOSS_LABELS[auto].toLowerCase()}` : LOSS_LABELS[l],
  ]);
  const [lr, batch, epochs, split, seed] = NUMBER_FIELDS;
  const number = (spec: NumberFieldSpec | undefined) =>
    spec && (
      <NumberField key={spec.key} spec={spec} value={settings[spec.key]} onCommit={(v) => commit({ [spec.key]: v })} />
    );
  return (
    <fieldset className="sw-train-settings" disabled={disabled} aria-label="Training settings">
      <SelectField
        label="Optimizer"
        setting="optimizer"
        value={settings.optimizer}
        options={OPTIMIZERS.map((o): readonly [OptimizerName, string] => [o, OPTIMIZER_LABELS[o]])}
        onCommit={(optimizer) => commit({ optimizer })}
      />
      {number(lr)}
      {number(batch)}
      <div className="sw-train-wide">
        <SelectField
          label="Loss"
          setting="loss"
          value={settings.loss}
          options={lossOptions}
          onCommit={(loss) => commit({ loss })}
        />
      </div>
      {number(epochs)}
      {number(split)}
      {number(seed)}
    </fieldset>
  );
}
