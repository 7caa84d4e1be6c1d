/**
 * A file stored with the files API. Named `DashscopeFile` because `File` is already a global type
 * (the web `File`), and shadowing it would confuse every module that uses both.
 */
export interface DashscopeFile {
  id: string;
  name: string;
  content_type: string;
  size: number;
  etag: string;
  checksums: { sha256: string };
  metadata: Record<string, unknown>;
  created_at: string;
  expires_at: string | null;
  /** `get` is where the bytes can be downloaded; pass it as a model input. */
  urls: { get: string };
}
