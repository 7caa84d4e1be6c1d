import { fullFormats } from "ajv-formats/dist/formats.js";

// The check ajv-formats makes of `format: uri`, the format the document gives every URL field.
const matchesUriFormat = fullFormats.uri as (value: string) => boolean;

/**
 * Whether a string may stand in a field the document types `format: uri` (a model's `github_url`,
 * `cover_image_url`, …). Stricter than `new URL`, which takes `https://example.com/a b` and would let
 * every later answer for the model break the document.
 */
export function isUri(value: string): boolean {
  return matchesUriFormat(value);
}
