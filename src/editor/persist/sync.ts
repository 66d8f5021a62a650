/**
 * Tabs of this browser announce their saves to each other: "model <id> is now at revision <rev>".
 * The document itself is read from storage, so a message is tiny and never stale.
 */
export interface SavedMessage {
  readonly id: string;
  readonly rev: number;
}

export interface SyncChannel {
  post(msg: SavedMessage): void;
  /** Calls `f` with every other tab's message; returns the function that stops listening. */
  listen(f: (msg: SavedMessage) => void): () => void;
}

const isSaved = (v: unknown): v is SavedMessage =>
  typeof v === 'object' &&
  v !== null &&
  typeof (v as SavedMessage).id === 'string' &&
  typeof (v as SavedMessage).rev === 'number';

/** A BroadcastChannel between this browser's tabs; a channel that carries nothing where there is none. */
export function tabChannel(name = 'skipwire-models'): SyncChannel {
  if (typeof BroadcastChannel === 'undefined') return { post() {}, listen: () => () => {} };
  // One object both ways: a BroadcastChannel does not hear its own messages.
  const channel = new BroadcastChannel(name);
  (channel as { unref?: () => void }).unref?.(); // Node (tests): never keeps the process alive
  return {
    post: (msg) => channel.postMessage(msg),
    listen(f) {
      const on = (e: MessageEvent) => {
        if (isSaved(e.data)) f(e.data);
      };
      channel.addEventListener('message', on);
      return () => channel.removeEventListener('message', on);
    },
  };
}
