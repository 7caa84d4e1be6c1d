declare const __VERSION__: string;

/** The package version, injected at build time (tsup `define`, and vitest's) so no version is written by hand. */
export const VERSION: string = __VERSION__;
