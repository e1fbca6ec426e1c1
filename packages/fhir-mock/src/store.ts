/** A stored FHIR resource: any resource type, with its logical id and (once written) its version. */
export type StoredResource = Record<string, unknown> & {
  /** The FHIR resource type, e.g. `"Patient"`. */
  resourceType: string;
  /** The logical id. */
  id: string;
};

/** The `meta` a store maintains on each version it writes. */
interface VersionMeta {
  versionId?: string;
  lastUpdated?: string;
}

const keyOf = (type: string, id: string) => `${type}/${id}`;

/** The version of a stored resource: its `meta.versionId`, `"1"` for a seeded resource without one. */
export function versionOf(resource: StoredResource): string {
  return (resource.meta as VersionMeta | undefined)?.versionId ?? "1";
}

/**
 * The data of an in-memory FHIR server: the current version of every resource, by type, in
 * `data` (tests may seed it or inspect it directly, as plain arrays), and every version written
 * through {@link FhirStore.put} (vread, history). A deleted resource is remembered, so a read can
 * answer 410 rather than 404.
 */
export class FhirStore {
  /** The current version of every resource, by type, in insertion order. */
  readonly data: Record<string, StoredResource[]>;
  readonly #versions = new Map<string, StoredResource[]>();
  readonly #deleted = new Set<string>();
  #serial = 0;

  /**
   * @param now - The clock of `meta.lastUpdated` and generated ids (milliseconds since the epoch).
   * @param data - Resources to start with, by type (used as is: the store's `data`).
   */
  constructor(
    private readonly now: () => number = Date.now,
    data: Record<string, StoredResource[]> = {},
  ) {
    this.data = data;
  }

  /** Every current resource of `type` (the live array: pushing to it seeds the store). */
  all(type: string): StoredResource[] {
    this.data[type] ??= [];
    return this.data[type];
  }

  /** The current version, or `undefined` when absent or deleted. */
  read(type: string, id: string): StoredResource | undefined {
    return this.data[type]?.find((resource) => resource.id === id);
  }

  /** True when the resource was deleted (and not written again since). */
  isDeleted(type: string, id: string): boolean {
    return this.#deleted.has(keyOf(type, id));
  }

  /** Every version, oldest first: those written through {@link put}, or the seeded current one alone. */
  history(type: string, id: string): StoredResource[] {
    const written = this.#versions.get(keyOf(type, id));
    if (written) return [...written];
    const current = this.read(type, id);
    return current ? [current] : [];
  }

  /** A new logical id: the clock in hex and a serial, unique within the store. */
  newId(): string {
    this.#serial += 1;
    return `${this.now().toString(16)}-${this.#serial.toString(16).padStart(4, "0")}`;
  }

  /**
   * Stores a new version of `resource` (under `id`, else its own id, else a new one) with
   * `meta.versionId` one more than the previous version's and `meta.lastUpdated` now; returns it.
   */
  put(resource: Record<string, unknown>, id?: string): StoredResource {
    const type = String(resource.resourceType);
    const logicalId = id ?? (typeof resource.id === "string" ? resource.id : this.newId());
    const key = keyOf(type, logicalId);
    const versions = this.history(type, logicalId);
    const previous = versions.at(-1);
    const version = previous ? (Number(versionOf(previous)) || versions.length) + 1 : 1;
    const stored: StoredResource = {
      ...resource,
      resourceType: type,
      id: logicalId,
      meta: {
        ...(resource.meta as Record<string, unknown> | undefined),
        versionId: String(version),
        lastUpdated: new Date(this.now()).toISOString(),
      },
    };
    versions.push(stored);
    this.#versions.set(key, versions);
    this.#deleted.delete(key);
    const list = this.all(type);
    const index = list.findIndex((r) => r.id === logicalId);
    if (index === -1) list.push(stored);
    else list.splice(index, 1, stored);
    return stored;
  }

  /** Removes the current version (its history stays readable); false when there was none. */
  delete(type: string, id: string): boolean {
    const list = this.data[type];
    const index = list?.findIndex((r) => r.id === id) ?? -1;
    if (!list || index === -1) return false;
    if (!this.#versions.has(keyOf(type, id))) this.#versions.set(keyOf(type, id), [list[index]!]);
    list.splice(index, 1);
    this.#deleted.add(keyOf(type, id));
    return true;
  }
}
