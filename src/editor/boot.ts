/**
 * What the editor opens with: a share link (`#doc=…`), an example (`?example=apesnet-mini`),
 * the last autosaved graph, or — on a first visit — ApesNet.
 */
import type { SkipwireDoc } from '../compile/document';
import { EXAMPLES } from '../compile/examples';
import { decodeShareHash } from './model/share';
import { loadSnapshot, type StorageBackend } from './persist/storage';
import type { SavedUi } from './store/types';

export const FIRST_EXAMPLE = 'apesnet';

export interface Boot {
  readonly doc: SkipwireDoc;
  readonly ui: Partial<SavedUi>;
  readonly source: 'link' | 'example' | 'autosave' | 'first-visit';
  /** Something the user asked for that could not be opened (a damaged link, an unknown example). */
  readonly problem?: string;
  /** True when the URL named what to open; the caller then clears it so a reload restores autosave. */
  readonly fromUrl: boolean;
}

export function exampleNames(): string[] {
  return Object.keys(EXAMPLES);
}

export function loadExample(name: string): SkipwireDoc | undefined {
  return Object.hasOwn(EXAMPLES, name) ? (EXAMPLES[name] as () => SkipwireDoc)() : undefined;
}

export async function boot(url: URL, backends: readonly StorageBackend[]): Promise<Boot> {
  let problem: string | undefined;
  const link = decodeShareHash(url.hash);
  if (link?.ok) return { doc: link.doc, ui: {}, source: 'link', fromUrl: true };
  if (link && !link.ok) problem = `Could not open the shared link: ${link.error}`;
  const name = url.searchParams.get('example');
  if (name !== null) {
    const doc = loadExample(name);
    if (doc) return { doc, ui: {}, source: 'example', fromUrl: true, ...(problem ? { problem } : {}) };
    problem = `There is no example "${name}"; the examples are ${exampleNames().join(', ')}.`;
  }
  const fromUrl = link !== undefined || name !== null;
  const saved = await loadSnapshot(backends);
  if (saved) return { doc: saved.doc, ui: saved.ui, source: 'autosave', fromUrl, ...(problem ? { problem } : {}) };
  return {
    doc: loadExample(FIRST_EXAMPLE) as SkipwireDoc,
    ui: {},
    source: 'first-visit',
    fromUrl,
    ...(problem ? { problem } : {}),
  };
}
