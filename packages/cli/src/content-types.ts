// The file types models commonly take and give; anything else is application/octet-stream.
const CONTENT_TYPES: Record<string, string> = {
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  svg: "image/svg+xml",
  bmp: "image/bmp",
  tif: "image/tiff",
  tiff: "image/tiff",
  mp3: "audio/mpeg",
  wav: "audio/wav",
  ogg: "audio/ogg",
  flac: "audio/flac",
  m4a: "audio/mp4",
  mp4: "video/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
  txt: "text/plain",
  csv: "text/csv",
  json: "application/json",
  pdf: "application/pdf",
  zip: "application/zip",
  tar: "application/x-tar",
  gz: "application/gzip",
};

/** The content type of a file by its extension (`photo.PNG` → `image/png`). */
export function contentTypeOf(path: string): string {
  const extension = /\.([^./\\]+)$/.exec(path)?.[1]?.toLowerCase() ?? "";
  // Own names only: a file named `x.constructor` has no known type, not Object's constructor as one.
  return Object.hasOwn(CONTENT_TYPES, extension)
    ? (CONTENT_TYPES[extension] as string)
    : "application/octet-stream";
}

/** The usual extension of a content type (`image/jpeg; q=1` → `jpg`), or `bin`. */
export function extensionOf(contentType: string | null | undefined): string {
  const type = contentType?.split(";")[0]?.trim().toLowerCase();
  return Object.keys(CONTENT_TYPES).find((extension) => CONTENT_TYPES[extension] === type) ?? "bin";
}
