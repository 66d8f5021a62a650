/**
 * One form field generated from a param spec (src/nodes/schema.ts): numbers with their ranges,
 * choices as selects, tuples as one number box per item, lists as text, booleans as checkboxes,
 * nullable params with a "not set" toggle, regularizers and constraints as a kind select and values, JSON values (an opaque layer's Keras config) as JSON text. Validation is inline, with the schema's own
 * `checkParam` message; typed text commits on Enter or blur, so each edit is one undo step.
 */
import { useEffect, useId, useState } from 'react';
import { checkParam, type ParamSpec } from '../../nodes';
import { PenaltyField } from './PenaltyField';

export interface ParamFieldProps {
  readonly name: string;
  readonly spec: ParamSpec;
  /** The stored value (`undefined` = the default). */
  readonly value: unknown;
  /** A diagnostic from the analysis about this param. */
  readonly problem?: string | undefined;
  onCommit(value: unknown): void;
}

const show = (v: unknown): string =>
  v === null || v === undefined
    ? ''
    : Array.isArray(v)
      ? v.length
        ? v.map((x) => (x === null ? '?' : x)).join(', ')
        : '()'
      : String(v);

/** Parses what the user typed for a spec; numbers stay numbers even out of range (the check says so). */
export function parseInput(spec: ParamSpec, text: string): unknown {
  const t = text.trim();
  if (spec.kind === 'int' || spec.kind === 'float') return t === '' || Number.isNaN(Number(t)) ? t : Number(t);
  if (spec.kind === 'ints') {
    // `()` is the empty shape (one value per sample), where the spec allows it.
    if (t === '()' || t === '[]') return [];
    const parts = t.split(/[\s,×x*]+/).filter(Boolean);
    // `?` (or Keras' None) is an unknown size where the spec allows one.
    const unknown = (p: string) => spec.allowUnknown && (p === '?' || p.toLowerCase() === 'none');
    return parts.map((p) => (unknown(p) ? null : Number.isNaN(Number(p)) ? p : Number(p)));
  }
  return t;
}

function message(spec: ParamSpec, value: unknown): string | null {
  const m = checkParam(spec, value);
  return m ? `${spec.label} ${m}` : null;
}

function useDraft(value: unknown) {
  const [draft, setDraft] = useState(show(value));
  useEffect(() => setDraft(show(value)), [value]);
  return [draft, setDraft] as const;
}

function TextField({ spec, value, onCommit, id, describedBy }: FieldProps) {
  const [draft, setDraft] = useDraft(value);
  const parsed = parseInput(spec, draft);
  const error = message(spec, parsed);
  const commit = () => {
    if (show(value) === draft) return;
    // Anything that parses to the right type is kept, even out of range: the analysis reports it.
    const typed =
      spec.kind === 'text'
        ? !error
        : spec.kind === 'ints'
          ? (parsed as unknown[]).every((v) => typeof v === 'number' || v === null)
          : typeof parsed === 'number';
    if (typed) onCommit(parsed);
  };
  const numeric = spec.kind === 'int' || spec.kind === 'float';
  return (
    <>
      <input
        id={id}
        className="sw-input"
        type="text"
        inputMode={numeric ? 'decimal' : 'text'}
        value={draft}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') setDraft(show(value));
        }}
      />
      {error && <span className="sw-field-error">{error}</span>}
    </>
  );
}

function TupleField({ spec, value, onCommit, id }: FieldProps) {
  const length = spec.kind === 'ints' ? (spec.length ?? 0) : 0;
  const labels = spec.kind === 'ints' ? (spec.itemLabels ?? []) : [];
  const current = Array.isArray(value) ? value : [];
  const [drafts, setDrafts] = useState(() => Array.from({ length }, (_, i) => show(current[i])));
  const key = JSON.stringify(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the drafts when the stored value changes
  useEffect(() => setDrafts(Array.from({ length }, (_, i) => show(current[i]))), [key, length]);
  const parsed = drafts.map((d) => (d.trim() === '' || Number.isNaN(Number(d)) ? d : Number(d)));
  const error = message(spec, parsed);
  const commit = () => {
    if (JSON.stringify(parsed) === key) return;
    if (parsed.every((v) => typeof v === 'number')) onCommit(parsed);
  };
  return (
    <>
      <span className="sw-tuple" id={id}>
        {drafts.map((d, i) => (
          <input
            // biome-ignore lint/suspicious/noArrayIndexKey: tuple positions are fixed
            key={i}
            className="sw-input"
            type="text"
            inputMode="numeric"
            aria-label={`${spec.label}: ${labels[i] ?? `item ${i + 1}`}`}
            title={labels[i]}
            value={d}
            aria-invalid={error ? true : undefined}
            onChange={(e) => setDrafts(drafts.map((x, j) => (j === i ? e.target.value : x)))}
            onBlur={commit}
            onKeyDown={(e) => {
              if (e.key === 'Enter') commit();
            }}
          />
        ))}
      </span>
      {error && <span className="sw-field-error">{error}</span>}
    </>
  );
}

const jsonText = (v: unknown) => JSON.stringify(v ?? null, null, 1);

/** A JSON value as editable text: committed on blur when it parses and passes the spec's check. */
function JsonField({ spec, value, onCommit, id, describedBy }: FieldProps) {
  const [draft, setDraft] = useState(jsonText(value));
  const key = JSON.stringify(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset the draft when the stored value changes
  useEffect(() => setDraft(jsonText(value)), [key]);
  let parsed: unknown;
  let error: string | null;
  try {
    parsed = JSON.parse(draft);
    error = message(spec, parsed);
  } catch (e) {
    error = `${spec.label} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`;
  }
  return (
    <>
      <textarea
        id={id}
        className="sw-input sw-json"
        spellCheck={false}
        rows={Math.min(10, draft.split('\n').length)}
        value={draft}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => {
          if (!error && JSON.stringify(parsed) !== key) onCommit(parsed);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape') setDraft(jsonText(value));
        }}
      />
      {error && <span className="sw-field-error">{error}</span>}
    </>
  );
}

interface FieldProps {
  readonly spec: ParamSpec;
  readonly value: unknown;
  readonly id: string;
  readonly describedBy: string;
  onCommit(value: unknown): void;
}

function Control(props: FieldProps) {
  const { spec, value, onCommit, id, describedBy } = props;
  switch (spec.kind) {
    case 'bool':
      return (
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          aria-describedby={describedBy}
          onChange={(e) => onCommit(e.target.checked)}
        />
      );
    case 'choice':
      return (
        <select
          id={id}
          className="sw-input"
          value={typeof value === 'string' ? value : ''}
          aria-describedby={describedBy}
          onChange={(e) => onCommit(e.target.value)}
        >
          {!spec.options.includes(value as string) && <option value="">{show(value) || '—'}</option>}
          {spec.options.map((o: string) => (
            <option key={o} value={o}>
              {spec.optionLabels?.[o] ?? o}
            </option>
          ))}
        </select>
      );
    case 'ints':
      return spec.length !== undefined ? <TupleField {...props} /> : <TextField {...props} />;
    case 'json':
      return <JsonField {...props} />;
    case 'penalty':
      return <PenaltyField spec={spec} value={value} id={id} onCommit={onCommit} />;
    default:
      return <TextField {...props} />;
  }
}

function range(spec: ParamSpec): string {
  if (spec.kind !== 'int' && spec.kind !== 'float' && spec.kind !== 'ints') return '';
  const { min, max } = spec;
  if (min !== undefined && max !== undefined) return `${min} – ${max}`;
  if (min !== undefined) return `≥ ${min}`;
  if (max !== undefined) return `≤ ${max}`;
  return '';
}

export function ParamField({ name, spec, value, problem, onCommit }: ParamFieldProps) {
  const id = useId();
  const effective = value === undefined ? spec.default : value;
  // A regularizer or constraint shows "none" in its own kind select.
  const unset = effective === null && spec.kind !== 'penalty';
  const describedBy = `${id}-doc`;
  const r = range(spec);
  return (
    <div className={`sw-field${problem ? ' has-problem' : ''}`} data-param={name}>
      <div className="sw-field-head">
        <label htmlFor={id}>{spec.label}</label>
        {r && <span className="sw-field-range">{r}</span>}
        {spec.nullable && spec.kind !== 'penalty' && (
          <label className="sw-null-toggle">
            <input
              type="checkbox"
              checked={unset}
              onChange={(e) => {
                const d =
                  spec.default === null ? (spec.kind === 'ints' ? Array(spec.length ?? 1).fill(1) : 1) : spec.default;
                onCommit(e.target.checked ? null : d);
              }}
            />
            {spec.nullLabel ?? 'not set'}
          </label>
        )}
      </div>
      {unset ? (
        <span className="sw-null-value" id={id}>
          {spec.nullLabel ?? 'not set'}
        </span>
      ) : (
        <Control spec={spec} value={effective} id={id} describedBy={describedBy} onCommit={onCommit} />
      )}
      {problem && <span className="sw-field-error">{problem}</span>}
      <small id={describedBy} className="sw-field-doc">
        {spec.doc}
      </small>
    </div>
  );
}
