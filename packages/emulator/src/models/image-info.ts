import { sha256Hex } from "../ids";
import { type ModelBehaviour, objectSchema } from "../model-behaviour";

/** The file-input model: reads its `image` (URL or data: URI) and describes the bytes it got. */
export const imageInfo: ModelBehaviour = {
  input: objectSchema(
    "Input",
    {
      image: {
        type: "string",
        format: "uri",
        description: "A loopback http(s) URL (such as an uploaded file's) or a data: URI.",
      },
    },
    ["image"],
  ),
  output: {
    type: "object",
    title: "Output",
    properties: {
      content_type: { type: "string" },
      bytes: { type: "integer" },
      sha256: { type: "string" },
    },
    required: ["content_type", "bytes", "sha256"],
  },
  canStream: false,
  startupMilliseconds: 100,
  async run(context) {
    const image = String(context.input.image);
    context.log(image.startsWith("data:") ? "decoding a data: URI" : `fetching ${image}`);
    const file = await context.readFile(image);
    context.log(`read ${file.bytes.byteLength} bytes of ${file.contentType}`);
    await context.sleep(200);
    return { content_type: file.contentType, bytes: file.bytes.byteLength, sha256: sha256Hex(file.bytes) };
  },
};
