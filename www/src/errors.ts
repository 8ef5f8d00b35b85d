// What went wrong, as a person reads it: an Error's message, or whatever else was thrown, as text.

export const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));
