// Named events and their listeners (the controller's, the API's): a listener that throws is
// reported on the console and the others still hear the event.

/** Each event's listener type, by the event's name. */
type Listeners<E> = { [K in keyof E]: (...args: never[]) => void };

export function createEvents<E extends Listeners<E>>() {
  const sets: { [K in keyof E]?: Set<E[K]> } = {};
  return {
    /** Adds a listener; returns the function that removes it. */
    on<K extends keyof E>(event: K, f: E[K]): () => void {
      (sets[event] ??= new Set()).add(f);
      return () => sets[event]!.delete(f);
    },
    emit<K extends keyof E>(event: K, ...args: Parameters<E[K]>): void {
      for (const f of sets[event] ?? []) {
        try {
          (f as (...a: Parameters<E[K]>) => void)(...args);
        } catch (e) {
          console.error(e);
        }
      }
    },
    /** Whether anyone listens to `event` (to spare making what it would carry). */
    heard: (event: keyof E): boolean => !!sets[event]?.size,
  };
}
