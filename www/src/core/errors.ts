// What went wrong, as a person reads it: an Error's message, or whatever else was thrown, as text.

export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** What was thrown, as an Error (a thrown string becomes its message). */
export const errorOf = (e: unknown): Error => (e instanceof Error ? e : new Error(String(e)));
