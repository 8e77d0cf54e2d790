/**
 * Lookups keyed by names users choose (workspace folders, tenants, target ids, route names,
 * error messages). A plain `{}` answers `constructor`, `toString` or `__proto__` from
 * Object.prototype, and assigning to `__proto__` replaces its prototype: a tenant named
 * "constructor" would find a "quota" with no limits. These helpers never look past own keys.
 */

/** An empty object without a prototype: every key, `__proto__` included, is an ordinary own key. */
export function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** `obj[key]` if `key` is the object's own property, else undefined (never an inherited member). */
export function own<T>(obj: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}
