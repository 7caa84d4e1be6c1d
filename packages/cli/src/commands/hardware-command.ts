import type { Command } from "../command";
import { ExitCode } from "../exit-codes";

export const hardwareCommand: Command = {
  name: "hardware",
  positionals: { min: 0, max: 0 },
  summary: "list the hardware models can run on",
  async run({ json, signal, client, print }) {
    const hardware = await client().hardware.list({ signal });
    if (json) print.json(hardware);
    else
      print.table(
        ["sku", "name"],
        hardware.map(({ sku, name }) => [sku, name]),
      );
    return ExitCode.success;
  },
};
