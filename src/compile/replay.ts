/**
 * Two per-analysis hash tables that an unchanged model would rebuild identically on every analysis:
 * the top level's node facts (`Analysis.nodes`, one entry per node) and the set of Keras names
 * taken (`Findings.uniqueName`). Filling a fresh `Map` or `Set` of 20,000 strings costs several
 * times more per entry than one of 1,000 (its tables outgrow the CPU caches), which made the
 * analysis of big models grow faster than their size. Here the analysis writes sequentially into
 * arrays instead, compared with the previous analysis of the same graph structure (keyed like
 * `topResults` in analyze.ts: a module-level `WeakMap`, see docs/analysis-caches.md); the hash
 * table is built only when something differs, and is the previous one otherwise. The result is
 * always what a fresh analysis gives (src/compile/incremental.test.ts, replay.test.ts).
 */
import type { NodeInfo } from './analysis';
import { freshId } from './ids';

const sameShapes = (a: NodeInfo['inputShapes'], b: NodeInfo['inputShapes']): boolean => {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
};

/** Equal facts: the same shape objects (shape results are cached by object) and equal counts. */
export const sameInfo = (a: NodeInfo, b: NodeInfo): boolean =>
  a === b ||
  (a.count.trainable === b.count.trainable &&
    a.count.nonTrainable === b.count.nonTrainable &&
    sameShapes(a.inputShapes, b.inputShapes) &&
    sameShapes(a.outputShapes, b.outputShapes));

interface FactsMade {
  readonly ids: readonly string[];
  readonly infos: readonly NodeInfo[];
  readonly map: ReadonlyMap<string, NodeInfo>;
}

const lastFacts = new WeakMap<object, FactsMade>();

/**
 * The top level's node facts in the order they are recorded; `map` turns them into `Analysis.nodes`.
 * While they repeat the previous analysis's facts (for the same `key`) nothing is stored.
 */
export class FactLog {
  private readonly last: FactsMade | undefined;
  private matched = 0;
  private ids: string[] | undefined;
  private infos: NodeInfo[] | undefined;

  constructor(private readonly key: object) {
    this.last = lastFacts.get(key);
  }

  /** As `Map.set`: a later fact for the same id replaces the earlier one, in its place. */
  set(id: string, info: NodeInfo): void {
    const { last } = this;
    if (!this.ids) {
      const k = this.matched;
      if (last && k < last.ids.length && last.ids[k] === id && sameInfo(last.infos[k] as NodeInfo, info)) {
        this.matched++;
        return;
      }
      this.ids = last ? last.ids.slice(0, k) : [];
      this.infos = last ? last.infos.slice(0, k) : [];
    }
    this.ids.push(id);
    this.infos?.push(info);
  }

  /** Whether the next fact would be checked against the last analysis's (none differed yet). */
  replaying(): boolean {
    return !this.ids && this.last !== undefined && this.matched < this.last.ids.length;
  }

  /** Records the last analysis's next fact again (only while `replaying`, for the same node and info). */
  skip(): void {
    this.matched++;
  }

  /** The facts as a map: the one made last time when every fact is the same. */
  map(): ReadonlyMap<string, NodeInfo> {
    const { last } = this;
    if (!this.ids && last && this.matched === last.ids.length) return last.map;
    const ids = this.ids ?? (last ? last.ids.slice(0, this.matched) : []);
    const infos = this.infos ?? (last ? last.infos.slice(0, this.matched) : []);
    const map = new Map<string, NodeInfo>();
    for (let i = 0; i < ids.length; i++) map.set(ids[i] as string, infos[i] as NodeInfo);
    lastFacts.set(this.key, { ids, infos, map });
    return map;
  }
}

interface NamesTaken {
  /** The base asked for at each call, and the name given. */
  readonly bases: readonly string[];
  readonly names: readonly string[];
}

const lastNames = new WeakMap<object, NamesTaken>();

/**
 * Unique Keras names in the order asked for. The name given at each call depends only on the
 * bases asked for so far, so while they repeat the previous analysis's sequence its answers are
 * reused without a set; at the first difference the set of names taken is built from that prefix.
 */
export class NameLog {
  private readonly last: NamesTaken | undefined;
  private replayed = 0;
  private taken: Set<string> | undefined;
  private bases: string[] | undefined;
  private names: string[] | undefined;

  constructor(private readonly key: object) {
    this.last = lastNames.get(key);
    if (!this.last) this.diverge();
  }

  /** Whether `unique(base)` would give the last analysis's next name again. */
  repeats(base: string): boolean {
    const { last } = this;
    return !this.taken && last !== undefined && this.replayed < last.bases.length && last.bases[this.replayed] === base;
  }

  unique(base: string): string {
    const { last } = this;
    if (!this.taken && last && this.replayed < last.bases.length && last.bases[this.replayed] === base)
      return last.names[this.replayed++] as string;
    if (!this.taken) this.diverge();
    const taken = this.taken as Set<string>;
    const size = taken.size;
    taken.add(base);
    const name = taken.size !== size ? base : freshId(base, taken);
    taken.add(name);
    this.bases?.push(base);
    this.names?.push(name);
    return name;
  }

  /** Keeps this analysis's sequence for the next analysis of the same structure. */
  save(): void {
    if (this.taken) lastNames.set(this.key, { bases: this.bases ?? [], names: this.names ?? [] });
    else if (this.last && this.replayed < this.last.bases.length)
      lastNames.set(this.key, {
        bases: this.last.bases.slice(0, this.replayed),
        names: this.last.names.slice(0, this.replayed),
      });
  }

  private diverge(): void {
    const n = this.replayed;
    const bases = this.last ? this.last.bases.slice(0, n) : [];
    const names = this.last ? this.last.names.slice(0, n) : [];
    const taken = new Set<string>();
    for (let i = 0; i < n; i++) {
      taken.add(bases[i] as string);
      taken.add(names[i] as string);
    }
    this.taken = taken;
    this.bases = bases;
    this.names = names;
  }
}

/**
 * A list written in order (the analysis's layers and their feeds). While it repeats `last`
 * element by element (`===`) nothing is written, and `done` returns `last` itself when all of it
 * repeats: an unchanged model's analysis fills no array and hands out the previous list.
 */
export class ReplayList<T> {
  private matched = 0;
  private own: T[] | undefined;

  constructor(private readonly last: readonly T[] | undefined) {
    if (!last) this.own = [];
  }

  get length(): number {
    return this.own === undefined ? this.matched : this.own.length;
  }

  /** The element at `i` (below `length`). */
  at(i: number): T | undefined {
    return this.own === undefined ? (this.last as readonly T[])[i] : this.own[i];
  }

  push(x: T): void {
    if (this.own === undefined) {
      const last = this.last as readonly T[];
      const k = this.matched;
      if (k < last.length && last[k] === x) {
        this.matched = k + 1;
        return;
      }
      this.own = last.slice(0, k);
    }
    this.own.push(x);
  }

  /** `last`, when the element at `i` is still its own (nothing before it departed); else undefined. */
  replayedFrom(i: number): readonly T[] | undefined {
    return this.own === undefined && i < this.matched ? this.last : undefined;
  }

  /** Whether no element pushed so far departed from `last`, and `last` has a next one. */
  replaying(): boolean {
    return this.own === undefined && this.last !== undefined && this.matched < this.last.length;
  }

  /** Whether the next element pushed would repeat `last` (and so would be `x`). */
  repeats(x: T): boolean {
    const last = this.last;
    return this.own === undefined && last !== undefined && this.matched < last.length && last[this.matched] === x;
  }

  /** Whether the next `xs.length` elements pushed would repeat `last`. */
  repeatsAll(xs: readonly T[]): boolean {
    const last = this.last;
    const k = this.matched;
    if (this.own !== undefined || last === undefined || k + xs.length > last.length) return false;
    for (let i = 0; i < xs.length; i++) if (last[k + i] !== xs[i]) return false;
    return true;
  }

  /** Pushes the next `n` elements of `last` (only after `repeats` or `repeatsAll` said so). */
  skip(n: number): void {
    this.matched += n;
  }

  /** The list: `last` when it was repeated whole. Nothing is pushed after this. */
  done(): readonly T[] {
    if (this.own !== undefined) return this.own;
    const last = this.last as readonly T[];
    if (this.matched === last.length) return last;
    this.own = last.slice(0, this.matched);
    return this.own;
  }
}
