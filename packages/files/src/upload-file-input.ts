import type { FileUploader } from "@dashscope/core";
import { createFile } from "./create-file";

/**
 * The "upload" file-encoding strategy: `createClient({ fileEncodingStrategy: uploadFileInput })` makes
 * every `Blob` or byte input go through `POST /files`, and the prediction gets the file's URL.
 */
export const uploadFileInput: FileUploader = async (client, file, options) =>
  (await createFile(client, file, { signal: options.signal })).urls.get;
