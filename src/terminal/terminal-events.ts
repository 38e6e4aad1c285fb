import { events, type EventName } from '../shared/contract.js';
import type { TerminalEmit, TerminalEventListener, TerminalLog } from './terminal-api.js';

/**
 * The terminal's events: `emit` sends one to every listener (a failing listener is logged, never breaks
 * the others or the caller), `on` adds a listener and answers how to remove it.
 */
export function createTerminalEvents(log: TerminalLog) {
  const listeners = new Set<TerminalEventListener>();
  const emit: TerminalEmit = (event, payload) => {
    // The types already hold emitters to the table; this catches a payload that drifted from its schema
    // at run time (a DTO built by hand), which the renderer would otherwise meet first.
    const checked = events[event].safeParse(payload);
    if (!checked.success) log(`event ${event} does not match the contract`, checked.error.issues);
    for (const listener of listeners) {
      try {
        (listener as (event: EventName, payload: unknown) => void)(event, payload);
      } catch (error) {
        log(`event listener failed on ${event}`, error);
      }
    }
  };
  return {
    emit,
    on(listener: TerminalEventListener): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    clear: () => listeners.clear(),
  };
}
