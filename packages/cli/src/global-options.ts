import type { OptionSpec } from "./command";

/** Options every command takes. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  token: {
    type: "string",
    value: "<token>",
    description: "API token (default: $DASHSCOPE_API_TOKEN)",
  },
  "base-url": {
    type: "string",
    value: "<url>",
    description: "API base URL (default: $DASHSCOPE_BASE_URL, else https://api.dashscope.com/v1)",
  },
  json: { type: "boolean", description: "print JSON instead of tables and text" },
  help: { type: "boolean", short: "h", description: "show help" },
};

/** Only before a command: `dashscope --version`. */
export const VERSION_OPTION: Record<string, OptionSpec> = {
  version: { type: "boolean", short: "v", description: "print the version (before any command)" },
};
