/**
 * Keys of the advisory locks the store takes (one 64-bit number space per
 * database, shared with anything else using advisory locks there: these are
 * arbitrary constants unlikely to collide).
 */

/** Held (per session) while migrating. */
export const MIGRATION_LOCK = 0x616d_6967_0001;
/** Held (per transaction) while admitting new names into `store_names`. */
export const NAMES_LOCK = 0x616d_6967_0002;
