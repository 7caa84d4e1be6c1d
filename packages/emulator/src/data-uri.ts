export interface DecodedDataUri {
  /** The media type without its parameters, lowercased (`image/png`). */
  contentType: string;
  bytes: Uint8Array;
}

/** Decodes `data:[<media type>][;base64],<data>` (RFC 2397); throws on anything else. */
export function decodeDataUri(uri: string): DecodedDataUri {
  const match = /^data:([^,]*),(.*)$/s.exec(uri);
  if (!match) throw new Error("not a data: URI");
  const header = match[1] ?? "";
  const data = match[2] ?? "";
  const parameters = header.split(";").map((part) => part.trim());
  const isBase64 = parameters.at(-1)?.toLowerCase() === "base64";
  const contentType = (parameters[0] || "text/plain").toLowerCase();
  const bytes = isBase64 ? Buffer.from(data, "base64") : Buffer.from(decodeURIComponent(data), "utf8");
  return { contentType, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
}
