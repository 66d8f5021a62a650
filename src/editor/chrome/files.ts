/** File commands that need the browser: download a document, and share-link URLs. */
import type { SkipwireDoc } from '../../compile';
import { serializeDocument } from '../../compile';
import { encodeShareHash } from '../model/share';

export function fileNameFor(doc: SkipwireDoc): string {
  return `${doc.name.replace(/[^\w.-]+/g, '_') || 'model'}.skipwire.json`;
}

export function downloadDocument(doc: SkipwireDoc): void {
  const blob = new Blob([serializeDocument(doc)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileNameFor(doc);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function shareUrl(doc: SkipwireDoc): string {
  const url = new URL(window.location.href);
  url.search = '';
  url.hash = encodeShareHash(doc);
  return url.toString();
}
