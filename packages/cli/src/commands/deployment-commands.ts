import type { Deployment } from "dashscope";
import type { Command } from "../command";
import { listCommand } from "./list-command";
import { parseOwnerName } from "./owner-name";
import { showCommand } from "./show-command";

export const deploymentCommands: Command[] = [
  listCommand({
    name: "deployments list",
    summary: "list your deployments",
    fetchPage: (client, { signal }, cursor) => client.deployments.list({ cursor, signal }),
    columns: ["deployment", "model", "release", "hardware", "instances"],
    row: ({ owner, name, current_release: release }: Deployment) => [
      `${owner}/${name}`,
      release?.model,
      release?.number,
      release?.configuration?.hardware,
      release ? `${release.configuration.min_instances}-${release.configuration.max_instances}` : "",
    ],
  }),
  showCommand({
    name: "deployments get",
    arguments: "<owner/name>",
    summary: "show a deployment and its current release",
    fetch: (client, value, signal) => {
      const { owner, name } = parseOwnerName(value, "deployment");
      return client.deployments.get(owner, name, { signal });
    },
    show: ({ owner, name, current_release: release }: Deployment, print) =>
      print.fields([
        ["deployment", `${owner}/${name}`],
        ["release", release?.number],
        ["model", release?.model],
        ["version", release?.version],
        ["hardware", release?.configuration?.hardware],
        ["min_instances", release?.configuration?.min_instances],
        ["max_instances", release?.configuration?.max_instances],
        ["created_at", release?.created_at],
        ["created_by", release?.created_by?.username],
      ]),
  }),
];
