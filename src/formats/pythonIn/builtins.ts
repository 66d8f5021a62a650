/** The few builtins a model-building script uses on literals: `range`, `len`, `int`, `min`, … */
import { Opaque, Skip } from './values';

const num = (v: unknown): number => {
  if (typeof v !== 'number') throw new Skip('builtin on a value not read');
  return v;
};

/** Calls a builtin on literal values; anything else is not followed. */
export function callBuiltin(name: string, args: readonly unknown[]): unknown {
  switch (name) {
    case 'range': {
      const [a, b, c] = args.map(num);
      const [start, stop, step] = b === undefined ? [0, a ?? 0, 1] : [a ?? 0, b, c ?? 1];
      if (step === 0 || !Number.isInteger(start) || !Number.isInteger(stop) || !Number.isInteger(step))
        throw new Skip('range');
      const n = Math.max(0, Math.ceil((stop - start) / step));
      if (n > 100_000) throw new Skip('long range');
      return Array.from({ length: n }, (_, i) => start + i * step);
    }
    case 'len':
      if (Array.isArray(args[0]) || typeof args[0] === 'string') return args[0].length;
      throw new Skip('len');
    case 'int':
      return Math.trunc(typeof args[0] === 'string' ? Number(args[0]) : num(args[0]));
    case 'float':
      return typeof args[0] === 'string' ? Number(args[0]) : num(args[0]);
    case 'abs':
      return Math.abs(num(args[0]));
    case 'round':
      return Math.round(num(args[0]));
    case 'bool':
      return Boolean(args[0]);
    case 'str':
      if (typeof args[0] === 'string' || typeof args[0] === 'number') return String(args[0]);
      throw new Skip('str');
    case 'min':
    case 'max': {
      const xs = (args.length === 1 && Array.isArray(args[0]) ? args[0] : args).map(num);
      if (!xs.length) throw new Skip(name);
      return name === 'min' ? Math.min(...xs) : Math.max(...xs);
    }
    case 'list':
    case 'tuple':
      if (args.length === 0) return [];
      if (Array.isArray(args[0])) return [...args[0]];
      return new Opaque(name);
    default:
      throw new Skip(name);
  }
}
