/**
 * zod 4 compiles object parsers with `new Function` unless told not to; under the app's
 * Content-Security-Policy (no 'unsafe-eval') even its probe for eval is reported as a violation.
 * Every module here that builds zod schemas imports this first, so parsing never tries eval.
 */
import { z } from 'zod';

z.config({ jitless: true });
