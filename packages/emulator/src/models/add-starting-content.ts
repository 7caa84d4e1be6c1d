import { ACCOUNT } from "../defaults";
import type { ModelDefinition } from "../define-model";
import type { EmulatorState } from "../state";
import { BUILT_IN_CREATED_AT, BUILT_IN_DEPLOYMENT, BUILT_IN_MODELS } from "./catalogue";
import { generatedReadme } from "./generated-readme";
import { userModelBehaviour } from "./user-model";

export interface StartingContent {
  /** The built-in models and the `dashscope/hello` deployment. */
  builtins: boolean;
  /** The user's models, from `defineModel`. */
  models: readonly ModelDefinition[];
}

/**
 * Fills a new state with what an emulator starts with. Here, a floor above the state, each model's
 * behaviour is chosen (a built-in one, or a user's `run` adapted), so the state only keeps it.
 */
export function addStartingContent(state: EmulatorState, content: StartingContent): void {
  for (const builtIn of content.builtins ? BUILT_IN_MODELS : []) {
    const model = state.addModel(
      {
        owner: ACCOUNT.username,
        name: builtIn.name,
        description: builtIn.description,
        visibility: "public",
        hardware: builtIn.hardware,
        githubUrl: "https://github.com/dashscope/cog-examples",
        defaultExample: builtIn.example ?? null,
      },
      true,
    );
    model.readme = generatedReadme(
      `${model.owner}/${model.name}`,
      builtIn.description,
      builtIn.behaviour.input,
    );
    state.addVersion(model, builtIn.behaviour, BUILT_IN_CREATED_AT);
  }
  for (const definition of content.models) {
    const model = state.addModel({
      owner: definition.owner,
      name: definition.name,
      description: definition.description,
      visibility: "public",
      hardware: definition.hardware,
      coverImageUrl: definition.coverImageUrl,
      readme: definition.readme,
      defaultExample: definition.defaultExample,
      examples: [...definition.examples],
      ownedByAccount: definition.owner === ACCOUNT.username,
    });
    state.addVersion(model, userModelBehaviour(definition), BUILT_IN_CREATED_AT, definition.version);
  }
  const hello = content.builtins
    ? state.models.get(`${ACCOUNT.username}/${BUILT_IN_DEPLOYMENT.model}`)
    : undefined;
  const helloVersion = hello?.versions.at(-1);
  if (hello && helloVersion) {
    state.deployments.set(`${ACCOUNT.username}/${BUILT_IN_DEPLOYMENT.name}`, {
      owner: ACCOUNT.username,
      name: BUILT_IN_DEPLOYMENT.name,
      sequence: state.nextSequence(),
      releases: [
        {
          number: 1,
          model: `${hello.owner}/${hello.name}`,
          version: helloVersion.id,
          createdAt: BUILT_IN_CREATED_AT,
          hardware: "cpu",
          minInstances: 0,
          maxInstances: 1,
        },
      ],
    });
  }
}
