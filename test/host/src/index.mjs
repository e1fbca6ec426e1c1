// @ts-check
// What tests need from the machine they run on.
export { freePort } from "./free-port.mjs";
export { installWithApt } from "./install-with-apt.mjs";
