/** A redis-server started by {@link startRedisServer}. */
export interface RedisServerHandle {
  /** Loopback port it listens on (kept across `restart()`). */
  readonly port: number;
  /** Always `"127.0.0.1"`. */
  readonly host: string;
  /** `redis://127.0.0.1:<port>` */
  readonly url: string;
  /** Pid of the current server process. */
  readonly pid: number | undefined;
  /** Whether the current server process is alive. */
  readonly running: boolean;
  /** Kills the server abruptly (default SIGKILL), as a crash would. */
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Freezes the server (SIGSTOP): it answers nothing until `thaw()`. */
  freeze(): void;
  /** Resumes a frozen server (SIGCONT). */
  thaw(): void;
  /** Starts the server again on the same port, empty (kills it first if it is running). */
  restart(): Promise<void>;
  /** Stops the server by pid (SIGTERM, then SIGKILL after 5 s) and removes its directory. Idempotent. */
  stop(): Promise<void>;
}

/** Starts redis-server on a random loopback port (or `port`) with no persistence. */
export function startRedisServer(options?: { port?: number; args?: string[] }): Promise<RedisServerHandle>;

/** A free loopback port, as the kernel sees it now. */
export function freePort(): Promise<number>;
