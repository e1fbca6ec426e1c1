// The msw helpers every package's tests share (auth-core cannot use test-kit, which depends on it).
export { rejection, startMsw, useMsw } from "@caduceus/test-msw";
