import { fileURLToPath } from "node:url";
import { packageTests } from "../../vitest.shared.mts";

export default packageTests(fileURLToPath(new URL(".", import.meta.url)), "architecture");
