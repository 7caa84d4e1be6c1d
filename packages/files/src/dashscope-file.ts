/**
 * A file stored with the files API. Named `DashscopeFile` because `File` is already a global type
 * (the web `File`), and shadowing it would confuse every module that uses both.
 */
export interface DashscopeFile {
  id: string;
  /** The name it was uploaded with, where the service gives one (replicate's type has none). */
  name?: string;
  content_type: string;
  size: number;
  /** Where the service gives one (replicate's type has none). */
  etag?: string;
  checksums: { sha256: string };
  metadata: Record<string, unknown>;
  created_at: string;
  expires_at: string | null;
  /** `get` is where the bytes can be downloaded; pass it as a model input. */
  urls: { get: string };
}

/** replicate's name for a stored file, so that code typed with it compiles unchanged. */
export type FileObject = DashscopeFile;
