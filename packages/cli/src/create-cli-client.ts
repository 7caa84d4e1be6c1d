import { Dashscope, type DashscopeOptions, isInvalidArgumentError } from "dashscope";
import type { CliIo } from "./cli-io";
import type { OptionValues } from "./command";
import { UsageError } from "./usage-error";
import { VERSION } from "./version";

/** The token in the one fixed order: `--token`, then `DASHSCOPE_API_TOKEN`. */
export function resolveToken(options: OptionValues, io: CliIo): string | undefined {
  return (options.token as string | undefined) || io.env.DASHSCOPE_API_TOKEN || undefined;
}

/**
 * The API client of a command: the token from `--token` or `DASHSCOPE_API_TOKEN`, the base URL from
 * `--base-url` or `DASHSCOPE_BASE_URL`. A missing token or a bad URL is a usage error, found before
 * anything is sent.
 */
export function createCliClient(
  options: OptionValues,
  io: CliIo,
  overrides: Pick<DashscopeOptions, "fileEncodingStrategy"> = {},
): Dashscope {
  const auth = resolveToken(options, io);
  if (!auth) throw new UsageError("no API token: pass --token <token> or set DASHSCOPE_API_TOKEN");
  const baseUrl = (options["base-url"] as string | undefined) || io.env.DASHSCOPE_BASE_URL || undefined;
  try {
    return new Dashscope({
      auth,
      baseUrl,
      fetch: io.fetch,
      userAgent: `dashscope-cli/${VERSION}`,
      ...overrides,
    });
  } catch (error) {
    if (isInvalidArgumentError(error) && error.argument === "baseUrl") {
      throw new UsageError(
        `${options["base-url"] ? "--base-url" : "DASHSCOPE_BASE_URL"}: expected an absolute http(s) URL, got ${JSON.stringify(baseUrl)}`,
      );
    }
    throw error;
  }
}
