/**
 * Parameter schemas: a layer's params are declared once, as data. The TypeScript type of the
 * values, their defaults, validation and (later) the inspector form all come from that one
 * declaration. Param names follow the tfjs argument names (`kernelSize`, `useBias`, …).
 */

interface SpecBase<T> {
  /** Short label for forms and summaries. */
  readonly label: string;
  /** One or two sentences for the inspector's help text. */
  readonly doc: string;
  readonly default: T;
  /** When true, `null` is a legal value (it means "not set", as Keras' `None`). */
  readonly nullable?: boolean;
  /** What `null` means, shown in forms ("same as pool size"). */
  readonly nullLabel?: string;
}

export interface IntSpec<T = number> extends SpecBase<T> {
  readonly kind: 'int';
  readonly min?: number;
  readonly max?: number;
}
export interface FloatSpec<T = number> extends SpecBase<T> {
  readonly kind: 'float';
  readonly min?: number;
  readonly max?: number;
  /** When true the value must be strictly greater than `min`. */
  readonly exclusiveMin?: boolean;
}
export interface BoolSpec extends SpecBase<boolean> {
  readonly kind: 'bool';
}
export interface ChoiceSpec<T extends string = string> extends SpecBase<T> {
  readonly kind: 'choice';
  readonly options: readonly T[];
  /** How the editor names an option where the value itself is a code word (`timeDistributed`). */
  readonly optionLabels?: Readonly<Partial<Record<T, string>>>;
}
/** A list of integers: fixed `length` (a tuple such as a kernel size) or a variable list. */
export interface IntsSpec<T = number[]> extends SpecBase<T> {
  readonly kind: 'ints';
  readonly length?: number;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly min?: number;
  readonly max?: number;
  /** Labels of the positions of a tuple ("height", "width"). */
  readonly itemLabels?: readonly string[];
  /** Allow -1 as "infer this dimension" (Reshape). */
  readonly allowInfer?: boolean;
  /** Allow `null` items: a size unknown until the data gives it (Keras' `None`; typed `?`). */
  readonly allowUnknown?: boolean;
}

/** A line of text (an opaque layer's Keras class name). */
export interface TextSpec extends SpecBase<string> {
  readonly kind: 'text';
  /** A regular expression the text must match, with what it means for the message. */
  readonly pattern?: { readonly source: string; readonly means: string };
}
/**
 * A JSON value kept as it is (an opaque layer's Keras config): shown and edited as JSON text.
 * `object`: the value must be a JSON object.
 */
export interface JsonSpec<T = unknown> extends SpecBase<T> {
  readonly kind: 'json';
  readonly object?: boolean;
}

/**
 * A weight regularizer (`{ l1, l2 }`, Keras' L1 / L2 / L1L2) or constraint (`{ className: 'MaxNorm',
 * maxValue, axis }`, …), `null` for none: see src/nodes/penalties.ts.
 */
export interface PenaltySpec<T = unknown> extends SpecBase<T> {
  readonly kind: 'penalty';
  readonly role: 'regularizer' | 'constraint';
}

export type ParamSpec =
  | PenaltySpec<any>
  | IntSpec<any>
  | FloatSpec<any>
  | BoolSpec
  | ChoiceSpec<any>
  | IntsSpec<any>
  | TextSpec
  | JsonSpec<any>;
export type ParamKind = ParamSpec['kind'];
export type Schema = Readonly<Record<string, ParamSpec>>;

/** The values type of a schema, derived from the declaration. */
export type ParamValues<S extends Schema> = { -readonly [K in keyof S]: S[K]['default'] };

type Opt<S, N extends boolean, T> = Omit<S, 'kind' | 'default' | 'nullable'> & {
  nullable?: N;
  default: N extends true ? T | null : T;
};

/** Builders for param specs. */
export const p = {
  int<N extends boolean = false>(o: Opt<IntSpec, N, number>): IntSpec<N extends true ? number | null : number> {
    return { kind: 'int', ...o } as IntSpec<N extends true ? number | null : number>;
  },
  float<N extends boolean = false>(o: Opt<FloatSpec, N, number>): FloatSpec<N extends true ? number | null : number> {
    return { kind: 'float', ...o } as FloatSpec<N extends true ? number | null : number>;
  },
  bool(o: Omit<BoolSpec, 'kind'>): BoolSpec {
    return { kind: 'bool', ...o };
  },
  choice<const T extends string>(options: readonly T[], o: Omit<ChoiceSpec<T>, 'kind' | 'options'>): ChoiceSpec<T> {
    return { kind: 'choice', options, ...o };
  },
  ints<N extends boolean = false>(
    o: Opt<IntsSpec, N, number[]>,
  ): IntsSpec<N extends true ? number[] | null : number[]> {
    return { kind: 'ints', ...o } as IntsSpec<N extends true ? number[] | null : number[]>;
  },
  text(o: Omit<TextSpec, 'kind'>): TextSpec {
    return { kind: 'text', ...o };
  },
  json<T = unknown>(o: Omit<JsonSpec<T>, 'kind'>): JsonSpec<T> {
    return { kind: 'json', ...o };
  },
  penalty<T>(o: Omit<PenaltySpec<T>, 'kind'>): PenaltySpec<T> {
    return { kind: 'penalty', ...o };
  },
  /** A (height, width) pair of positive integers. */
  pair<N extends boolean = false>(
    o: Omit<Opt<IntsSpec, N, [number, number]>, 'length' | 'itemLabels'>,
  ): IntsSpec<N extends true ? [number, number] | null : [number, number]> {
    return {
      kind: 'ints',
      length: 2,
      itemLabels: ['height', 'width'],
      min: 1,
      ...o,
    } as IntsSpec<N extends true ? [number, number] | null : [number, number]>;
  },
  /** A (depth, height, width) triple of positive integers, for 3-D layers. */
  triple<N extends boolean = false>(
    o: Omit<Opt<IntsSpec, N, [number, number, number]>, 'length' | 'itemLabels'>,
  ): IntsSpec<N extends true ? [number, number, number] | null : [number, number, number]> {
    return {
      kind: 'ints',
      length: 3,
      itemLabels: ['depth', 'height', 'width'],
      min: 1,
      ...o,
    } as IntsSpec<N extends true ? [number, number, number] | null : [number, number, number]>;
  },
};

function fmt(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v);
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 40 ? `${s.slice(0, 37)}...` : s;
  } catch {
    return String(v);
  }
}

function rangeText(min: number | undefined, max: number | undefined, exclusive = false): string {
  if (min !== undefined && max !== undefined) return ` between ${min} and ${max}`;
  if (min !== undefined) return exclusive ? ` greater than ${min}` : ` ≥ ${min}`;
  if (max !== undefined) return ` ≤ ${max}`;
  return '';
}

/**
 * Checks one value against its spec. Returns a message naming what is expected and what was
 * given, or `null` when the value is valid. Never throws.
 */
export function checkParam(spec: ParamSpec, value: unknown): string | null {
  if (value === null) {
    return spec.nullable ? null : `must be set (got null)`;
  }
  switch (spec.kind) {
    case 'int': {
      const ok =
        typeof value === 'number' &&
        Number.isInteger(value) &&
        (spec.min === undefined || value >= spec.min) &&
        (spec.max === undefined || value <= spec.max);
      return ok ? null : `must be a whole number${rangeText(spec.min, spec.max)} (got ${fmt(value)})`;
    }
    case 'float': {
      const ok =
        typeof value === 'number' &&
        Number.isFinite(value) &&
        (spec.min === undefined || (spec.exclusiveMin ? value > spec.min : value >= spec.min)) &&
        (spec.max === undefined || value <= spec.max);
      return ok ? null : `must be a number${rangeText(spec.min, spec.max, spec.exclusiveMin)} (got ${fmt(value)})`;
    }
    case 'bool':
      return typeof value === 'boolean' ? null : `must be true or false (got ${fmt(value)})`;
    case 'choice':
      return typeof value === 'string' && spec.options.includes(value)
        ? null
        : `must be one of ${spec.options.map((o: string) => `"${o}"`).join(', ')} (got ${fmt(value)})`;
    case 'text':
      if (typeof value !== 'string' || value.trim() === '') return `must be some text (got ${fmt(value)})`;
      return spec.pattern && !new RegExp(spec.pattern.source).test(value)
        ? `must be ${spec.pattern.means} (got ${fmt(value)})`
        : null;
    case 'json':
      if (!isJsonValue(value)) return `must be a JSON value (got ${fmt(value)})`;
      return spec.object && (typeof value !== 'object' || Array.isArray(value))
        ? `must be a JSON object ({…}) (got ${fmt(value)})`
        : null;
    case 'penalty':
      return checkPenalty(spec.role, value);
    case 'ints': {
      const what =
        spec.length !== undefined
          ? `${spec.length} whole numbers`
          : `a list of ${spec.minLength ?? 0}${spec.maxLength !== undefined ? `–${spec.maxLength}` : ' or more'} whole numbers`;
      if (!Array.isArray(value)) return `must be ${what} (got ${fmt(value)})`;
      if (spec.length !== undefined && value.length !== spec.length) return `must be ${what} (got ${fmt(value)})`;
      if (spec.minLength !== undefined && value.length < spec.minLength) return `must be ${what} (got ${fmt(value)})`;
      if (spec.maxLength !== undefined && value.length > spec.maxLength) return `must be ${what} (got ${fmt(value)})`;
      for (const v of value) {
        if ((spec.allowInfer && v === -1) || (spec.allowUnknown && v === null)) continue;
        const ok =
          typeof v === 'number' &&
          Number.isInteger(v) &&
          (spec.min === undefined || v >= spec.min) &&
          (spec.max === undefined || v <= spec.max);
        if (!ok)
          return `must be ${what}${rangeText(spec.min, spec.max)}${spec.allowInfer ? ' (or -1 to infer one)' : ''}${spec.allowUnknown ? ' (or ? for a size the data gives)' : ''} (got ${fmt(value)})`;
      }
      if (spec.allowInfer && value.filter((v) => v === -1).length > 1)
        return `may infer at most one dimension with -1 (got ${fmt(value)})`;
      return null;
    }
  }
}

/** The constraint classes and the numbers each takes (tfjs 4.22's constraints). */
export const CONSTRAINT_FIELDS = {
  MaxNorm: ['maxValue', 'axis'],
  MinMaxNorm: ['minValue', 'maxValue', 'rate', 'axis'],
  NonNeg: [],
  UnitNorm: ['axis'],
} as const;

const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);

/** Checks a regularizer (`{ l1, l2 }`, both ≥ 0) or a constraint (`{ className, …numbers }`). */
function checkPenalty(role: PenaltySpec['role'], value: unknown): string | null {
  const o =
    value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  if (role === 'regularizer') {
    const ok = o && ['l1', 'l2'].every((k) => finite(o[k]) && (o[k] as number) >= 0);
    if (!ok) return `must be an L1/L2 penalty with factors ≥ 0 (got ${fmt(value)})`;
    const cls = o.kerasClass;
    if (cls === undefined || cls === 'L1L2' || (cls === 'L1' && o.l2 === 0) || (cls === 'L2' && o.l1 === 0))
      return null;
    return `class ${fmt(cls)} does not fit the factors: L1 has no l2 factor, L2 no l1 factor (got ${fmt(value)})`;
  }
  const fields =
    o && typeof o.className === 'string' ? CONSTRAINT_FIELDS[o.className as keyof typeof CONSTRAINT_FIELDS] : undefined;
  if (!o || !fields) return `must be one of ${Object.keys(CONSTRAINT_FIELDS).join(', ')} (got ${fmt(value)})`;
  const bad = fields.find((f) => !finite(o[f]));
  return bad ? `${o.className as string} needs a number for ${bad} (got ${fmt(value)})` : null;
}

/** True for a value JSON can hold exactly: null, booleans, finite numbers, strings, arrays and plain objects of them. */
export function isJsonValue(v: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (v === null || typeof v === 'boolean' || typeof v === 'string') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every((x) => isJsonValue(x, depth + 1));
  if (typeof v !== 'object' || (Object.getPrototypeOf(v) !== Object.prototype && Object.getPrototypeOf(v) !== null))
    return false;
  return Object.values(v as object).every((x) => isJsonValue(x, depth + 1));
}

export interface ParamError {
  readonly param: string;
  readonly message: string;
}

/**
 * Fills defaults for missing params and checks every given one. Unknown keys are ignored.
 * `values` is complete only when `errors` is empty.
 */
export function resolveParams<S extends Schema>(
  schema: S,
  raw: unknown,
): { values: ParamValues<S>; errors: ParamError[] } {
  const src = raw !== null && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
  const values: Record<string, unknown> = {};
  const errors: ParamError[] = [];
  for (const key of Object.keys(schema)) {
    const spec = schema[key] as ParamSpec;
    const has = Object.hasOwn(src, key) && src[key] !== undefined;
    const value = has ? src[key] : spec.default;
    const message = checkParam(spec, value);
    if (message) errors.push({ param: key, message: `${spec.label} ${message}` });
    values[key] = value;
  }
  return { values: values as ParamValues<S>, errors };
}

/** The defaults of a schema, as a fresh object. */
export function defaultParams<S extends Schema>(schema: S): ParamValues<S> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(schema)) {
    const d = (schema[key] as ParamSpec).default;
    out[key] = Array.isArray(d) ? [...d] : d;
  }
  return out as ParamValues<S>;
}
