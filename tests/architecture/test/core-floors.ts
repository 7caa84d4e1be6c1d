import type { Floor } from "./floors";

/** The floors of `packages/core/src`, bottom first (docs/architecture.md draws them). */
export const CORE_FLOORS: readonly Floor[] = [
  { name: "transport", paths: [""] },
  { name: "run", paths: ["run/"] },
  { name: "entry", paths: ["index.ts"] },
];

/**
 * The guards of the prediction errors sit with the other guards, which users import from one place;
 * they need the errors' types only, which the JavaScript does not keep.
 */
export const CORE_FLOOR_EXCEPTIONS: readonly string[] = ["errors/guards.ts → run/prediction-errors.ts"];
