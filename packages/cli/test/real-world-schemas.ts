import type { ModelTypesSource } from "../src/generate-model-types";

const VERSION = "a".repeat(64);

/** Shaped like the schemas Cog writes for image, language and speech models, and a few it should not. */
export const REAL_WORLD_MODELS: ModelTypesSource[] = [
  {
    owner: "stability-ai",
    name: "sdxl",
    version: VERSION,
    openapiSchema: {
      openapi: "3.0.2",
      components: {
        schemas: {
          Input: {
            type: "object",
            title: "Input",
            properties: {
              seed: {
                type: "integer",
                title: "Seed",
                "x-order": 9,
                description: "Random seed. Leave blank to randomize the seed",
              },
              image: {
                type: "string",
                title: "Image",
                format: "uri",
                "x-order": 2,
                description: "Input image for img2img or inpaint mode",
              },
              width: {
                type: "integer",
                title: "Width",
                default: 1024,
                "x-order": 4,
                minimum: 256,
                maximum: 2048,
                description: "Width of output image",
              },
              prompt: {
                type: "string",
                title: "Prompt",
                default: "An astronaut riding a rainbow unicorn",
                "x-order": 0,
                description: "Input prompt",
              },
              refine: {
                allOf: [{ $ref: "#/components/schemas/refine" }],
                default: "no_refiner",
                "x-order": 12,
                description: "Which refine style to use",
              },
              scheduler: {
                allOf: [{ $ref: "#/components/schemas/scheduler" }],
                default: "K_EULER",
                "x-order": 7,
                description: "scheduler",
              },
              num_outputs: {
                type: "integer",
                title: "Num Outputs",
                default: 1,
                "x-order": 6,
                minimum: 1,
                maximum: 4,
                description: "Number of images to output.",
              },
              guidance_scale: {
                type: "number",
                title: "Guidance Scale",
                default: 7.5,
                "x-order": 8,
                minimum: 1,
                maximum: 50,
              },
              apply_watermark: {
                type: "boolean",
                title: "Apply Watermark",
                default: true,
                "x-order": 15,
                description:
                  "Applies a watermark to enable determining if an image is generated in downstream applications.\nIf you have other provisions for generating or deploying images safely, you can use this to disable watermarking.",
              },
              negative_prompt: { type: "string", title: "Negative Prompt", default: "", "x-order": 1 },
            },
          },
          Output: { type: "array", items: { type: "string", format: "uri" }, title: "Output" },
          refine: {
            enum: ["no_refiner", "expert_ensemble_refiner", "base_image_refiner"],
            type: "string",
            title: "refine",
            description: "An enumeration.",
          },
          scheduler: {
            enum: ["DDIM", "DPMSolverMultistep", "HeunDiscrete", "K_EULER", "PNDM"],
            type: "string",
            title: "scheduler",
            description: "An enumeration.",
          },
        },
      },
    },
  },
  {
    owner: "meta",
    name: "meta-llama-3-8b-instruct",
    version: VERSION,
    openapiSchema: {
      components: {
        schemas: {
          Input: {
            type: "object",
            title: "Input",
            required: ["prompt"],
            properties: {
              prompt: { type: "string", title: "Prompt", "x-order": 0 },
              max_tokens: { type: "integer", title: "Max Tokens", default: 512, "x-order": 1, minimum: 1 },
              temperature: {
                type: "number",
                title: "Temperature",
                default: 0.7,
                "x-order": 2,
                minimum: 0,
                maximum: 5,
              },
              stop_sequences: {
                type: "string",
                title: "Stop Sequences",
                nullable: true,
                "x-order": 3,
                description: "A comma-separated list of sequences to stop generation at.",
              },
              system_prompt: {
                type: "string",
                "x-nullable": true,
                default: "You are a helpful assistant",
                "x-order": 4,
              },
            },
          },
          Output: {
            type: "array",
            items: { type: "string" },
            title: "Output",
            "x-cog-array-type": "iterator",
            "x-cog-array-display": "concatenate",
          },
        },
      },
    },
  },
  {
    owner: "openai",
    name: "whisper",
    version: VERSION,
    openapiSchema: {
      components: {
        schemas: {
          Input: {
            type: "object",
            required: ["audio"],
            properties: {
              audio: { type: "string", format: "uri", "x-order": 0, description: "Audio file" },
              language: { allOf: [{ $ref: "#/components/schemas/language" }], default: "auto", "x-order": 1 },
              temperature: { type: "number", default: 0, "x-order": 2 },
              word_timestamps: { type: ["boolean", "null"], "x-order": 3 },
            },
          },
          Output: {
            type: "object",
            title: "Output",
            required: ["segments", "transcription"],
            properties: {
              segments: {
                type: "array",
                items: {
                  type: "object",
                  required: ["id", "start", "end", "text"],
                  properties: {
                    id: { type: "integer" },
                    start: { type: "number", description: "Seconds from the start." },
                    end: { type: "number" },
                    text: { type: "string" },
                    words: { type: "array", items: { $ref: "#/components/schemas/Word" } },
                  },
                },
              },
              transcription: { type: "string" },
              detected_language: { anyOf: [{ type: "string" }, { type: "null" }] },
              srt_file: { type: "string", format: "uri", nullable: true },
            },
          },
          Word: {
            type: "object",
            properties: { word: { type: "string" }, probability: { type: "number" } },
            additionalProperties: false,
          },
          language: { enum: ["auto", "en", "de", "ja"], type: "string", title: "language" },
        },
      },
    },
  },
  {
    owner: "someone",
    name: "2-odd-schemas",
    version: VERSION,
    openapiSchema: {
      components: {
        schemas: {
          Input: {
            properties: {
              "not-an-identifier": { type: "string", description: "A comment */ that tries to end early" },
              both: { allOf: [{ type: "string" }, { minLength: 2 }] },
              missing: { $ref: "#/components/schemas/Nowhere" },
              file: { type: "file" },
              loop: { $ref: "#/components/schemas/Loop" },
              labels: { type: "object", additionalProperties: { type: "string" } },
              anything: {},
              level: { enum: [1, 2, 3], default: 2 },
              mode: { const: "fast" },
              options: { type: "object", properties: { depth: { type: "integer" } }, required: ["depth"] },
            },
          },
          Loop: { $ref: "#/components/schemas/Loop" },
        },
      },
    },
  },
];
