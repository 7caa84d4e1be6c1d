import { inspect } from "node:util";

const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug", "trace"] as const;

/**
 * Records everything written to the console and to stdout/stderr until `stop()`, so that a test can
 * grep a run's whole output for a secret. With `passThrough: false` the output is kept from the
 * terminal (a corpus of printed errors is only noise there).
 */
export function captureOutput({ passThrough = true } = {}) {
  const written: string[] = [];
  const restores: Array<() => void> = [];
  for (const method of CONSOLE_METHODS) {
    const original = console[method];
    console[method] = (...values: unknown[]) => {
      written.push(values.map((value) => (typeof value === "string" ? value : inspect(value))).join(" "));
      if (passThrough) original.apply(console, values);
    };
    restores.push(() => {
      console[method] = original;
    });
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      written.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
      if (!passThrough) return true;
      return (original as (...values: unknown[]) => boolean).call(stream, chunk, ...rest);
    }) as typeof stream.write;
    restores.push(() => {
      stream.write = original;
    });
  }
  return {
    text: () => written.join("\n"),
    stop() {
      for (const restore of restores.reverse()) restore();
    },
  };
}
