import { describe, expect, it } from 'vitest';
import { apesnet } from '../test/factories.testkit';
import { decodeShareHash, encodeShareHash } from './share';

describe('share links', () => {
  it('round-trips a document through the URL hash, compressed', () => {
    const doc = apesnet();
    const hash = encodeShareHash(doc);
    expect(hash.startsWith('#doc=')).toBe(true);
    expect(hash).toMatch(/^#doc=[A-Za-z0-9_-]+$/);
    expect(hash.length).toBeLessThan(JSON.stringify(doc).length / 4);
    const back = decodeShareHash(hash);
    expect(back).toEqual({ ok: true, doc });
  });

  it('explains a damaged link and ignores other hashes', () => {
    expect(decodeShareHash('#section')).toBeUndefined();
    const r = decodeShareHash('#doc=AAAA');
    expect(r?.ok).toBe(false);
    expect(r && !r.ok && r.error).toMatch(/damaged|not valid/);
  });
});
