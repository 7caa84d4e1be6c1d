import type { ModelBehaviour } from "../model-behaviour";
import { echoStream } from "./echo-stream";
import { gradient } from "./gradient";
import { helloWorld } from "./hello-world";
import { imageInfo } from "./image-info";
import { sleep } from "./sleep";
import { tinyTrainer } from "./tiny-trainer";

export interface BuiltInModel {
  name: string;
  description: string;
  hardware: string;
  behaviour: ModelBehaviour;
  /** The model's `default_example`: an input and the output it gives (the rest is filled in when served). */
  example?: Record<string, unknown>;
}

/** Every model the emulator starts with, all owned by the `dashscope` account. */
export const BUILT_IN_MODELS: readonly BuiltInModel[] = [
  {
    name: "hello-world",
    description: "A tiny model that says hello",
    hardware: "cpu",
    behaviour: helloWorld,
    example: { input: { text: "Alice" }, output: "hello Alice", logs: "saying hello to Alice\n" },
  },
  {
    name: "echo-stream",
    description: "Streams its prompt back word by word over server-sent events",
    hardware: "cpu",
    behaviour: echoStream,
  },
  {
    name: "gradient",
    description: "Renders a PNG gradient image and logs tqdm-style progress",
    hardware: "gpu-t4",
    behaviour: gradient,
  },
  {
    name: "image-info",
    description: "Reads an input file (URL or data URI) and reports its content type, size and SHA-256",
    hardware: "cpu",
    behaviour: imageInfo,
  },
  {
    name: "sleep",
    description: "Sleeps for a while, or fails on request",
    hardware: "cpu",
    behaviour: sleep,
    example: { input: { seconds: 1 }, output: "slept 1", logs: "sleeping for 1 seconds\n" },
  },
  {
    name: "tiny-trainer",
    description: "A trainable model; its trained versions echo their text input",
    hardware: "gpu-a40-small",
    behaviour: tinyTrainer,
  },
];

/** Built-in versions carry a fixed date, like their fixed ids, so answers are the same run to run. */
export const BUILT_IN_CREATED_AT = new Date("2024-01-01T00:00:00.000Z");

export const BUILT_IN_DEPLOYMENT = { name: "hello", model: "hello-world" } as const;

export const BUILT_IN_COLLECTION = {
  slug: "built-in",
  name: "Built-in models",
  description: "Every model the Dashscope emulator ships with.",
} as const;
