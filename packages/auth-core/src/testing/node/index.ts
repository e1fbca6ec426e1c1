/**
 * Node-only test helpers (`@caduceus/auth-core/testing/node`): a real loopback HTTP server for a
 * WHATWG handler. Kept apart from `./testing`, whose kits also run in browsers, Bun, Deno and workerd.
 */
export {
  type LoopbackHandler,
  type LoopbackOptions,
  type LoopbackServer,
  serveLoopback,
} from "./loopback-server.js";
