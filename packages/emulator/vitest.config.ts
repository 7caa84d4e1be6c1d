import { fileURLToPath } from "node:url";
import { packageTests } from "../../vitest.shared";

export default packageTests(fileURLToPath(new URL(".", import.meta.url)), "emulator");
