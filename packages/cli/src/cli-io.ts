import type { FetchFunction } from "dashscope";

/** The little of a writable stream the CLI uses, so tests can pass a string collector. */
export interface OutputStream {
  write(text: string): unknown;
  /** True on a terminal: tables and progress bars instead of plain lines. */
  isTTY?: boolean | undefined;
  /** The terminal's width, when it has one. */
  columns?: number | undefined;
}

/** Everything `main` touches outside itself, so it runs the same in a process and in a test. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Read for `DASHSCOPE_API_TOKEN` and `DASHSCOPE_BASE_URL`. */
  env: Record<string, string | undefined>;
  /** Relative `key=@path` inputs and `--output-dir` are resolved against it. */
  cwd: string;
  /** Aborted on Ctrl-C: `run` and `stream` then cancel their prediction on the server. */
  signal?: AbortSignal | undefined;
  /** Replaces `globalThis.fetch` for API calls and downloads. */
  fetch?: FetchFunction | undefined;
}
