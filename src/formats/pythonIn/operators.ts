/** Python operators on literal values (numbers, strings, lists) and literal truth, for the reader. */
import type { SyntaxNode } from '@lezer/common';
import { Skip, Tensor } from './values';

/** Strings and lists longer than this are not model values (`"a" * 10**9`). */
export const MAX_SIZE = 100_000;

/** Literal truth of a value; anything the reader does not follow cannot decide an `if`. */
export function truthy(v: unknown, _node?: SyntaxNode): boolean {
  if (v === null || v === false || v === 0 || v === '') return false;
  if (v === true || typeof v === 'number' || typeof v === 'string') return true;
  if (Array.isArray(v)) return v.length > 0;
  if (v instanceof Tensor) return true;
  throw new Skip('condition that depends on something not read');
}

export function arith(o: string, a: number, b: number): unknown {
  switch (o) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      if (b === 0) throw new Skip('division by zero');
      return a / b;
    case '//':
      if (b === 0) throw new Skip('division by zero');
      return Math.floor(a / b);
    case '%':
      if (b === 0) throw new Skip('division by zero');
      return ((a % b) + b) % b;
    case '**':
      return a ** b;
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
    default:
      throw new Skip(`operator ${o}`);
  }
}

export function sized<T extends string | unknown[]>(v: T): T {
  if (v.length > MAX_SIZE) throw new Skip('value too long');
  return v;
}

export function repeat(v: string | unknown[], n: number): unknown {
  if (!Number.isInteger(n) || n * v.length > MAX_SIZE) throw new Skip('value too long');
  if (typeof v === 'string') return v.repeat(Math.max(0, n));
  return Array.from({ length: Math.max(0, n) }, () => v).flat();
}
