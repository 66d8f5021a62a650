/** React access to a training session's store. */
import { useStore } from 'zustand';
import type { TrainingActions, TrainingSession, TrainingState } from './session';

export function useSession<T>(session: TrainingSession, selector: (s: TrainingState & TrainingActions) => T): T {
  return useStore(session, selector);
}
