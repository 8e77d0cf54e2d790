import fc from 'fast-check';

/** Every member name of Object.prototype (own and legacy accessors), e.g. constructor, toString, __proto__, __defineGetter__. */
export const PROTOTYPE_NAMES: readonly string[] = Object.getOwnPropertyNames(Object.prototype);

/** Other names that break naive code: empty-ish, whitespace, dots and brackets (path syntax), unicode, very long, JSON-ish. */
export const ODD_NAMES: readonly string[] = ['prototype', 'length', 'then', '0', '-1', 'NaN', 'a.b', 'a[0]', ' spaced ', 'tab\tname', 'ünïcødé', '🙂', '"quoted"', '{}', 'x'.repeat(128)];

/** A hostile tenant name: a prototype member, an odd name, or any 1..128 character string. */
export const hostileTenant: fc.Arbitrary<string> = fc.oneof(fc.constantFrom(...PROTOTYPE_NAMES), fc.constantFrom(...ODD_NAMES), fc.string({ minLength: 1, maxLength: 128 }));

/** Prototype members that are valid target ids and route names (1 to 64 of [A-Za-z0-9._-], starting with a letter or digit). */
export const PROTOTYPE_IDS: readonly string[] = PROTOTYPE_NAMES.filter((n) => /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(n));
