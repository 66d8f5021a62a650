/** Model ids: short, random, safe in a URL (`?model=<id>`) and in a storage key. */
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

export function newModelId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  return Array.from(bytes, (b) => ALPHABET[b % ALPHABET.length]).join('');
}

export const isModelId = (s: string): boolean => /^[0-9a-z]{4,40}$/.test(s);
