/** The simulator serves the built-in catalog's models (src/core/catalog.ts). */
export * from '../core/catalog';
