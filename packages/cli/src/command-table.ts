import type { Command } from "./command";
import { accountCommand } from "./commands/account-command";
import { codegenCommand } from "./commands/codegen-command";
import { collectionCommands } from "./commands/collection-commands";
import { deploymentCommands } from "./commands/deployment-commands";
import { emulatorCommand } from "./commands/emulator-command";
import { hardwareCommand } from "./commands/hardware-command";
import { modelCommands } from "./commands/model-commands";
import { predictionCommands } from "./commands/prediction-commands";
import { runCommand } from "./commands/run-command";
import { streamCommand } from "./commands/stream-command";
import { trainingCommands } from "./commands/training-commands";

/** Every command, in the order help lists them. A name with a space is a verb of a group. */
export const COMMANDS: readonly Command[] = [
  runCommand,
  streamCommand,
  ...predictionCommands,
  ...trainingCommands,
  ...modelCommands,
  ...deploymentCommands,
  ...collectionCommands,
  hardwareCommand,
  accountCommand,
  codegenCommand,
  emulatorCommand,
];
