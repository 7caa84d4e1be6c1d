import type { Command } from "../command";
import { ExitCode } from "../exit-codes";

export const accountCommand: Command = {
  name: "account",
  positionals: { min: 0, max: 0 },
  summary: "show the account the token belongs to",
  async run({ json, signal, client, print }) {
    const account = await client().accounts.current({ signal });
    if (json) print.json(account);
    else
      print.fields([
        ["username", account.username],
        ["name", account.name],
        ["type", account.type],
        ["github_url", account.github_url],
      ]);
    return ExitCode.success;
  },
};
