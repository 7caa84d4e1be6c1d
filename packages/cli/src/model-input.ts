import { type Dashscope, type ModelIdentifier, type ModelVersion, parseModelIdentifier } from "dashscope";
import { coerceInputs, type InputArgument } from "./coerce-input";
import { findInputSchema } from "./input-schema";
import { UsageError } from "./usage-error";

/** `owner/name` or `owner/name:version` from the command line; anything else is a usage error. */
export function parseModelReference(reference: string | undefined): ModelIdentifier {
  if (!reference) throw new UsageError("missing the model: give it as owner/name or owner/name:version");
  try {
    return parseModelIdentifier(reference);
  } catch {
    throw new UsageError(`"${reference}" is not a model: expected owner/name or owner/name:version`);
  }
}

/** The version a reference names: the one given, or the model's latest. */
export async function fetchVersion(
  client: Dashscope,
  identifier: ModelIdentifier,
  signal: AbortSignal | undefined,
): Promise<ModelVersion | null> {
  const { owner, name, version } = identifier;
  if (version) return client.models.versions.get(owner, name, version, { signal });
  return (await client.models.get(owner, name, { signal })).latest_version;
}

export interface ModelInputOptions {
  /** `Input` for predictions, `TrainingInput` for trainings. */
  schemaName: "Input" | "TrainingInput";
  cwd: string;
  signal: AbortSignal | undefined;
  /** The version, when the caller has it already. */
  version?: ModelVersion | null;
}

/**
 * The input for `key=value` arguments, coerced by the version's `openapi_schema`. The version is only
 * fetched when there are arguments to coerce.
 */
export async function buildModelInput(
  client: Dashscope,
  identifier: ModelIdentifier,
  inputArguments: InputArgument[],
  options: ModelInputOptions,
): Promise<Record<string, unknown>> {
  if (inputArguments.length === 0) return {};
  const version =
    options.version === undefined ? await fetchVersion(client, identifier, options.signal) : options.version;
  const document = version?.openapi_schema;
  return coerceInputs(inputArguments, {
    schema: findInputSchema(document, options.schemaName),
    document,
    model: `${identifier.owner}/${identifier.name}`,
    cwd: options.cwd,
  });
}

/** Whether file inputs are too big for data URIs (10 MB a request), so they must be uploaded instead. */
export function needsUpload(input: Record<string, unknown>): boolean {
  let bytes = 0;
  const visit = (value: unknown): void => {
    if (value instanceof Blob) bytes += value.size;
    else if (Array.isArray(value)) value.forEach(visit);
  };
  Object.values(input).forEach(visit);
  return bytes > 10 * 1024 * 1024;
}
