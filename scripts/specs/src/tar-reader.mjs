// @ts-check
import { gunzipSync } from "node:zlib";

/** Size of a tar header and of the blocks file data is padded to. */
const BLOCK = 512;

/**
 * Reads the regular files of a gzipped tar archive (an npm tarball) into memory. Handles the three
 * ways long names are stored: the ustar `prefix` field (what npm writes), pax `path` records and GNU
 * long-name entries. Small readers that skip `prefix` silently truncate npm paths over 100 characters.
 *
 * @param {Uint8Array} gzipped
 * @returns {Map<string, Buffer>} path as stored (npm: "package/…") → bytes
 */
export function readTarGzip(gzipped) {
  const tar = gunzipSync(gzipped);
  /** @type {Map<string, Buffer>} */
  const files = new Map();
  /** @type {string | undefined} a name given by a pax or GNU entry for the next file */
  let pendingName;
  let offset = 0;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((byte) => byte === 0)) break;
    if (!checksumMatches(header)) throw new Error(`tar: bad header checksum at byte ${offset}`);
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] || 48);
    const data = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    if (data.length !== size) throw new Error(`tar: truncated entry at byte ${offset}`);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;

    if (type === "x") {
      pendingName = paxPath(data) ?? pendingName;
    } else if (type === "L") {
      pendingName = text(data, 0, data.length);
    } else if (type === "0" || type === "7") {
      const magic = text(header, 257, 6);
      const prefix = magic.startsWith("ustar") ? text(header, 345, 155) : "";
      const name = text(header, 0, 100);
      files.set(pendingName ?? (prefix ? `${prefix}/${name}` : name), Buffer.from(data));
      pendingName = undefined;
    } else {
      pendingName = undefined;
    }
  }
  return files;
}

/**
 * @param {Uint8Array} bytes
 * @param {number} start
 * @param {number} length
 */
function text(bytes, start, length) {
  const slice = bytes.subarray(start, start + length);
  const end = slice.indexOf(0);
  return Buffer.from(end === -1 ? slice : slice.subarray(0, end)).toString("utf8");
}

/**
 * @param {Uint8Array} bytes
 * @param {number} start
 * @param {number} length
 */
function octal(bytes, start, length) {
  const digits = text(bytes, start, length).trim();
  return digits === "" ? 0 : Number.parseInt(digits, 8);
}

/** @param {Uint8Array} header */
function checksumMatches(header) {
  let sum = 0;
  for (let index = 0; index < BLOCK; index += 1)
    sum += index >= 148 && index < 156 ? 32 : (header[index] ?? 0);
  return sum === octal(header, 148, 8);
}

/**
 * @param {Uint8Array} data pax records: "<length> <key>=<value>\n"…
 * @returns {string | undefined}
 */
function paxPath(data) {
  const records = Buffer.from(data).toString("utf8");
  let index = 0;
  while (index < records.length) {
    const space = records.indexOf(" ", index);
    const length = Number.parseInt(records.slice(index, space), 10);
    if (!Number.isFinite(length) || length <= 0) break;
    const record = records.slice(space + 1, index + length - 1);
    if (record.startsWith("path=")) return record.slice(5);
    index += length;
  }
  return undefined;
}
