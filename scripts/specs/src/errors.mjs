// @ts-check

/**
 * Why a vendor's description could not be turned into types. Callers branch on `code`, never on the
 * message text; the message always starts with the vendor name so a failing CI log says which one.
 *
 * @typedef {"CONFIG_INVALID" | "SOURCE_MISSING" | "SOURCE_UNPARSABLE" | "PIN_MISMATCH" | "OVERLAY_INVALID"
 *   | "OVERLAY_TARGETS_NOTHING" | "DESCRIPTION_INVALID" | "CODEGEN_FAILED" | "LOCK_INVALID"
 *   | "CONVERSION_FAILED"} SpecErrorCode
 */

export class SpecPipelineError extends Error {
  /**
   * @param {string} vendor folder name under specs/, e.g. "xcures"
   * @param {SpecErrorCode} code stable machine-readable reason
   * @param {string} message sentence naming the fault; the vendor prefix is added here
   * @param {{ cause?: unknown }} [options]
   */
  constructor(vendor, code, message, options) {
    super(`${vendor}: ${message}`, options);
    this.name = "SpecPipelineError";
    this.vendor = vendor;
    this.code = code;
  }
}

/**
 * @param {unknown} error
 * @returns {error is SpecPipelineError}
 */
export function isSpecPipelineError(error) {
  return error instanceof Error && error.name === "SpecPipelineError" && "code" in error && "vendor" in error;
}
