/** Docs text with Markdown-style `code` spans: the spans render as <code>, the backticks go. */
import { Fragment } from 'react';

interface Span {
  readonly code: boolean;
  readonly text: string;
  /** Where the span starts in the text (a stable React key). */
  readonly at: number;
}

/** `text` split at backticks: even pieces are prose, odd ones code (an unpaired backtick stays prose). */
export function codeSpans(text: string): Span[] {
  const parts = text.split('`');
  if (parts.length % 2 === 0) return [{ code: false, text, at: 0 }];
  let at = 0;
  const out: Span[] = [];
  parts.forEach((t, i) => {
    if (t) out.push({ code: i % 2 === 1, text: t, at });
    at += t.length + 1;
  });
  return out;
}

/** The same text without the backticks, for plain-text places (a tooltip). */
export const plainText = (text: string): string =>
  codeSpans(text)
    .map((p) => p.text)
    .join('');

export function InlineCode({ text }: { text: string }) {
  return (
    <>
      {codeSpans(text).map((p) =>
        p.code ? <code key={p.at}>{p.text}</code> : <Fragment key={p.at}>{p.text}</Fragment>,
      )}
    </>
  );
}
