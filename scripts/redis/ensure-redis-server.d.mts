/** Path of redis-server when installed, else `undefined`. */
export function findRedisServer(): string | undefined;
/** Installs redis-server from apt when missing; returns its path. Throws when it cannot. */
export function ensureRedisServer(): string;
