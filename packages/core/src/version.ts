declare const __VERSION__: string;

/** This package's version, injected by the build so it is never written by hand. */
export const VERSION: string = __VERSION__;
