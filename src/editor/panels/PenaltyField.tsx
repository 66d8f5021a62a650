/**
 * A regularizer or constraint param (src/nodes/penalties.ts) as a compact form: a kind select
 * (none, L1, L2, L1L2 / none, MaxNorm, MinMaxNorm, NonNeg, UnitNorm) and a number box per value
 * the kind takes. Changing the kind commits at once with Keras' default values; a number commits
 * on Enter or blur, each one undo step.
 */
import { useEffect, useState } from 'react';
import {
  CONSTRAINT_CLASSES,
  CONSTRAINT_DEFAULTS,
  CONSTRAINT_FIELDS,
  type ConstraintClass,
  checkParam,
  type PenaltySpec,
  type RegularizerValue,
  regularizerClass,
} from '../../nodes';

type Values = Readonly<Record<string, unknown>>;

const REGULARIZER_KINDS = ['L1', 'L2', 'L1L2'] as const;
type RegularizerKind = (typeof REGULARIZER_KINDS)[number];

const regularizerKind = (v: RegularizerValue): RegularizerKind => regularizerClass(v);
const REGULARIZER_FIELDS: Readonly<Record<RegularizerKind, readonly ('l1' | 'l2')[]>> = {
  L1: ['l1'],
  L2: ['l2'],
  L1L2: ['l1', 'l2'],
};
const REGULARIZER_DEFAULTS: Readonly<Record<RegularizerKind, RegularizerValue>> = {
  L1: { l1: 0.01, l2: 0 },
  L2: { l1: 0, l2: 0.01 },
  L1L2: { l1: 0.01, l2: 0.01 },
};

/** The kind of a value, the kinds offered, and the numbers the value's kind shows. */
function describe(role: PenaltySpec['role'], value: Values | null) {
  if (role === 'regularizer') {
    const kind = value ? regularizerKind(value as unknown as RegularizerValue) : 'none';
    return {
      kind,
      kinds: REGULARIZER_KINDS as readonly string[],
      fields: kind === 'none' ? [] : REGULARIZER_FIELDS[kind],
      fresh: (k: string) => REGULARIZER_DEFAULTS[k as RegularizerKind] as unknown as Values,
    };
  }
  const kind = value && typeof value.className === 'string' ? value.className : 'none';
  return {
    kind,
    kinds: CONSTRAINT_CLASSES as readonly string[],
    fields: (CONSTRAINT_FIELDS[kind as ConstraintClass] ?? []) as readonly string[],
    fresh: (k: string) => CONSTRAINT_DEFAULTS[k as ConstraintClass] as unknown as Values,
  };
}

/** `maxValue` → `max value`. */
const words = (key: string) => key.replace(/[A-Z]/g, (c) => ` ${c.toLowerCase()}`);

export function PenaltyField({
  spec,
  value,
  id,
  onCommit,
}: {
  readonly spec: PenaltySpec;
  readonly value: unknown;
  readonly id: string;
  onCommit(value: unknown): void;
}) {
  const current = value !== null && typeof value === 'object' ? (value as Values) : null;
  const { kind, kinds, fields, fresh } = describe(spec.role, current);
  const key = JSON.stringify(current);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the drafts when the stored value changes
  useEffect(() => setDrafts({}), [key]);
  const draftOf = (f: string) => drafts[f] ?? String(current?.[f] ?? '');
  const next = current ? { ...current } : null;
  for (const f of fields) if (next && f in drafts) next[f] = Number(draftOf(f));
  const error = next && Object.keys(drafts).length ? checkParam(spec, next) : null;
  const commit = () => {
    if (!next || error || JSON.stringify(next) === key) return;
    onCommit(next);
  };
  return (
    <>
      <span className="sw-penalty">
        <select
          id={id}
          className="sw-input"
          aria-label={`${spec.label} kind`}
          value={kind}
          onChange={(e) => onCommit(e.target.value === 'none' ? null : fresh(e.target.value))}
        >
          <option value="none">none</option>
          {kinds.map((k) => (
            <option key={k} value={k}>
              {k}
            </option>
          ))}
        </select>
        {fields.map((f) => (
          <label key={f} className="sw-penalty-value">
            <span>{words(f)}</span>
            <input
              className="sw-input"
              type="text"
              inputMode="decimal"
              aria-label={`${spec.label}: ${words(f)}`}
              value={draftOf(f)}
              aria-invalid={error ? true : undefined}
              onChange={(e) => setDrafts({ ...drafts, [f]: e.target.value })}
              onBlur={commit}
              onKeyDown={(e) => {
                if (e.key === 'Enter') commit();
                if (e.key === 'Escape') setDrafts({});
              }}
            />
          </label>
        ))}
      </span>
      {error && <span className="sw-field-error">{`${spec.label} ${error}`}</span>}
    </>
  );
}
