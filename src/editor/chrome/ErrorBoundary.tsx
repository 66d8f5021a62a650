/**
 * Keeps a part of the editor that throws while rendering (the canvas, a panel, the toolbar) from
 * taking the rest down: that part shows what happened and that the model is safe — autosave
 * works on the store, not on what is drawn — with Try again and Download a copy.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import type { EditorStore } from '../store/createStore';
import { downloadDocument } from './files';

interface Props {
  /** What this part is, for the message: "The canvas", "The Training panel". */
  readonly part: string;
  readonly store: EditorStore;
  readonly children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { error: Error | undefined }> {
  override state = { error: undefined as Error | undefined };

  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override componentDidCatch(error: Error, info: ErrorInfo) {
    // Reported for whoever debugs it; the user sees the message below.
    console.error(`${this.props.part} failed:`, error, info.componentStack);
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="sw-boundary" role="alert" data-testid="boundary" data-part={this.props.part}>
        <p>
          <strong>{this.props.part} stopped working</strong>: {error.message}
        </p>
        <p>Your model is safe: it is autosaved apart from what is shown, and the rest of the editor still works.</p>
        <div className="sw-row">
          <button type="button" className="sw-button is-primary" onClick={() => this.setState({ error: undefined })}>
            Try again
          </button>
          <button type="button" className="sw-button" onClick={() => downloadDocument(this.props.store.getState().doc)}>
            Download a copy
          </button>
        </div>
      </div>
    );
  }
}
