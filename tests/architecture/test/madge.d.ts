// The part of madge's API these tests use (the package ships no types).
declare module "madge" {
  interface MadgeResult {
    circular(): string[][];
    /** Each file, relative to the common base of the paths given, with the files it imports. */
    obj(): Record<string, string[]>;
    /** `skipped`: the imports it could not resolve to a file. */
    warnings(): { skipped: string[] };
  }
  interface MadgeOptions {
    fileExtensions?: string[];
    excludeRegExp?: RegExp[];
    tsConfig?: string;
    detectiveOptions?: Record<string, unknown>;
  }
  export default function madge(path: string | string[], options?: MadgeOptions): Promise<MadgeResult>;
}
