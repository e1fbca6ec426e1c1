// @ts-check

/**
 * A package the converter does not understand: it names the file and the construct, so the build stops
 * with a sentence a maintainer can act on instead of emitting a silently wrong description.
 */
export class ConversionError extends Error {
  /**
   * @param {string} file path inside the package, e.g. "serialization/resources/x/types/Y.js"
   * @param {string} construct the construct not understood (source text, shortened)
   * @param {string} reason what was expected there
   */
  constructor(file, construct, reason) {
    super(`${file}: ${reason}: ${shorten(construct)}`);
    this.name = "ConversionError";
    this.file = file;
    this.construct = construct;
  }
}

/** @param {string} text */
function shorten(text) {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat;
}
