/** Exit codes: 0 all good; 1 some inputs failed (the others were stored); 2 usage error. */
export const EXIT = { ok: 0, someFailed: 1, usage: 2 } as const;
