export interface InvalidField {
  field: string;
  message: string;
}

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthenticated",
  403: "Forbidden",
  404: "Not found",
  405: "Method not allowed",
  408: "Request timeout",
  409: "Conflict",
  413: "Content too large",
  422: "Invalid input",
  429: "Too many requests",
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service unavailable",
};

/**
 * A non-2xx answer, thrown by a route and turned into `application/problem+json` in one place,
 * so that every error of the emulator has the shape docs/api.md promises.
 */
export class HttpProblem extends Error {
  override readonly name = "HttpProblem";
  readonly invalidFields: InvalidField[] | undefined;
  readonly headers: Record<string, string>;

  constructor(
    readonly status: number,
    readonly detail: string,
    options: { invalidFields?: InvalidField[]; headers?: Record<string, string> } = {},
  ) {
    super(detail);
    this.invalidFields = options.invalidFields;
    this.headers = options.headers ?? {};
  }

  /** A 422 listing each bad field; the detail repeats them so a client that shows only `detail` still helps. */
  static invalid(invalidFields: InvalidField[]): HttpProblem {
    const detail = invalidFields.map((invalid) => `${invalid.field}: ${invalid.message}`).join("; ");
    return new HttpProblem(422, detail, { invalidFields });
  }

  toResponse(): Response {
    return problemResponse(this.status, this.detail, {
      headers: this.headers,
      ...(this.invalidFields ? { invalidFields: this.invalidFields } : {}),
    });
  }
}

export function problemTitle(status: number): string {
  return TITLES[status] ?? "Error";
}

export function problemResponse(
  status: number,
  detail: string,
  options: { invalidFields?: InvalidField[]; headers?: Record<string, string> } = {},
): Response {
  const body: Record<string, unknown> = { title: problemTitle(status), status, detail };
  if (options.invalidFields) body.invalid_fields = options.invalidFields;
  return new Response(JSON.stringify(body), {
    status,
    headers: { ...options.headers, "content-type": "application/problem+json" },
  });
}
