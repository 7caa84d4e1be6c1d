import type { EmulatorContext } from "./emulator-context";
import { resolveFaultRates } from "./faults";
import { HttpProblem, problemResponse } from "./http-problem";
import { jsonResponse, noContentResponse } from "./json-response";
import { parseJsonBody, readBody } from "./request-body";
import type { FaultRates, InjectedFault, ReceivedRequest } from "./types";

/** Where a test inspects and steers the emulator: never part of the API under `/v1`. */
export const INSPECTION_PREFIX = "/_emulator";

export interface InspectionControls {
  requests: readonly ReceivedRequest[];
  reset(): void;
  advance(milliseconds: number): Promise<void>;
}

async function jsonObject(request: Request, emulator: EmulatorContext): Promise<Record<string, unknown>> {
  const { maxBodyBytes, maxJsonDepth } = emulator.settings;
  const body = parseJsonBody(await readBody(request, maxBodyBytes), maxJsonDepth) ?? {};
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new HttpProblem(422, "The request body must be a JSON object.");
  }
  return body as Record<string, unknown>;
}

/**
 * `GET requests`, `GET webhooks`, `POST reset`, `POST faults` (`{ rates, inject }`) and, with a manual
 * clock, `POST advance` (`{ milliseconds }`). They need no token: they are served on loopback only.
 */
export async function inspectionResponse(
  request: Request,
  path: string,
  emulator: EmulatorContext,
  controls: InspectionControls,
): Promise<Response> {
  const route = `${request.method.toUpperCase()} ${path.slice(INSPECTION_PREFIX.length)}`;
  try {
    switch (route) {
      case "GET /requests":
        return jsonResponse(controls.requests);
      case "GET /webhooks":
        return jsonResponse(emulator.stats.webhookDeliveries);
      case "POST /reset":
        controls.reset();
        return noContentResponse();
      case "POST /faults": {
        const body = await jsonObject(request, emulator);
        const rates = body.rates as string | FaultRates | null | undefined;
        const inject = body.inject === undefined ? [] : [body.inject].flat();
        try {
          if (rates !== undefined) emulator.faults.setRates(resolveFaultRates(rates));
          for (const fault of inject) emulator.faults.inject(fault as InjectedFault);
        } catch (error) {
          throw new HttpProblem(422, (error as Error).message);
        }
        return jsonResponse({ rates: emulator.faults.rates });
      }
      case "POST /advance": {
        if (!emulator.clock.manual) throw new HttpProblem(409, 'The emulator\'s clock is not "manual".');
        const { milliseconds } = await jsonObject(request, emulator);
        if (typeof milliseconds !== "number" || !Number.isFinite(milliseconds) || milliseconds < 0) {
          throw HttpProblem.invalid([{ field: "milliseconds", message: "expected a number of 0 or more" }]);
        }
        try {
          await controls.advance(milliseconds);
        } catch (error) {
          if (!(error instanceof RangeError)) throw error;
          throw HttpProblem.invalid([{ field: "milliseconds", message: error.message }]);
        }
        return noContentResponse();
      }
      default:
        return problemResponse(404, `${INSPECTION_PREFIX} does not answer ${route}.`);
    }
  } catch (error) {
    if (error instanceof HttpProblem) return error.toResponse();
    throw error;
  }
}
