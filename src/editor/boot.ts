/**
 * What the editor opens with: a share link (`#doc=…`) or an example (`?example=apesnet-mini`) as a
 * new model, a saved model (`?model=<id>`), else the most recently edited model, or — on a first
 * visit — ApesNet. The autosave of versions before models had ids becomes a model of its own.
 */
import type { SkipwireDoc } from '../compile';
import { EXAMPLES } from '../compile';
import { decodeShareHash } from './model/share';
import { newModelId } from './persist/ids';
import { listModels, loadModel, migrateLegacy } from './persist/models';
import type { StorageBackend } from './persist/storage';
import type { SavedUi } from './store/types';

export const FIRST_EXAMPLE = 'apesnet';

export interface Boot {
  readonly doc: SkipwireDoc;
  readonly ui: Partial<SavedUi>;
  readonly source: 'link' | 'example' | 'autosave' | 'first-visit';
  /** The model's id, and the revision of its slot (0: not saved yet). */
  readonly modelId: string;
  readonly rev: number;
  /** Something the user asked for that could not be opened (a damaged link, an unknown example). */
  readonly problem?: string;
  /** True when the URL named a link or an example; the caller then puts `?model=<id>` in its place. */
  readonly fromUrl: boolean;
}

export function exampleNames(): string[] {
  return Object.keys(EXAMPLES);
}

export function loadExample(name: string): SkipwireDoc | undefined {
  return Object.hasOwn(EXAMPLES, name) ? (EXAMPLES[name] as () => SkipwireDoc)() : undefined;
}

const problemOf = (list: (string | undefined)[]) => {
  const text = list.filter(Boolean).join(' ');
  return text ? { problem: text } : {};
};

export async function boot(url: URL, backends: readonly StorageBackend[]): Promise<Boot> {
  const problems: (string | undefined)[] = [];
  const link = decodeShareHash(url.hash);
  const fresh = { modelId: newModelId(), rev: 0, fromUrl: true, ui: {} };
  if (link?.ok) return { ...fresh, doc: link.doc, source: 'link' };
  if (link && !link.ok) problems.push(`Could not open the shared link: ${link.error}`);
  const name = url.searchParams.get('example');
  if (name !== null) {
    const doc = loadExample(name);
    if (doc) return { ...fresh, doc, source: 'example', ...problemOf(problems) };
    problems.push(`There is no example "${name}"; the examples are ${exampleNames().join(', ')}.`);
  }
  const fromUrl = link !== undefined || name !== null;
  const wanted = url.searchParams.get('model');
  if (wanted !== null) {
    const { snapshot, problems: unread } = await loadModel(backends, wanted);
    if (snapshot)
      return { doc: snapshot.doc, ui: snapshot.ui, source: 'autosave', modelId: wanted, rev: snapshot.rev, fromUrl };
    problems.push(
      `There is no model "${wanted}" saved in this browser${unread.length ? ` (${unread.join('; ')})` : ''}; the most recent model is open instead.`,
    );
  }
  const migrated = await migrateLegacy(backends);
  const listed = await listModels(backends);
  const unreadable = [...new Set([...migrated.problems, ...listed.problems])];
  if (unreadable.length) problems.push(`Saved models could not be read (${unreadable.join('; ')}).`);
  if (migrated.snapshot) {
    const { doc, ui, rev } = migrated.snapshot;
    const id = migrated.id ?? newModelId();
    return { doc, ui, source: 'autosave', modelId: id, rev: migrated.id ? rev : 0, fromUrl, ...problemOf(problems) };
  }
  for (const m of listed.models) {
    const { snapshot } = await loadModel(backends, m.id);
    if (snapshot)
      return {
        doc: snapshot.doc,
        ui: snapshot.ui,
        source: 'autosave',
        modelId: m.id,
        rev: snapshot.rev,
        fromUrl,
        ...problemOf(problems),
      };
  }
  return {
    doc: loadExample(FIRST_EXAMPLE) as SkipwireDoc,
    ui: {},
    source: 'first-visit',
    modelId: newModelId(),
    rev: 0,
    fromUrl,
    ...problemOf(problems),
  };
}
