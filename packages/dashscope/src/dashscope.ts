import {
  type Client,
  type ClientOptions,
  checkOptionNames,
  createClient,
  dataUriEncoder,
  type FetchFunction,
  type FileEncodingStrategy,
  type FileOutputMapper,
  type FileUploader,
  type FirstPage,
  getAccount,
  invalidArgument,
  normalizeRequest,
  type OnUpdate,
  type Page,
  type PaginateOptions,
  type Prediction,
  paginate,
  REDACTED,
  type ReplicateRequestOptions,
  type RequestOptions,
  request,
  toFileOutputs,
  type WaitOptions,
} from "@dashscope/core";
import {
  type CreateDeploymentPredictionOptions,
  createDeployment,
  createDeploymentPrediction,
  deleteDeployment,
  getDeployment,
  listDeployments,
  updateDeployment,
} from "@dashscope/deployments";
import { createFile, deleteFile, downloadFile, getFile, listFiles, uploadFileInput } from "@dashscope/files";
import {
  createModel,
  deleteModel,
  deleteModelVersion,
  getCollection,
  getModel,
  getModelReadme,
  getModelVersion,
  listCollections,
  listHardware,
  listModelExamples,
  listModels,
  listModelVersions,
  search,
  searchModels,
  updateModel,
} from "@dashscope/models";
import {
  type CreatePredictionOptions,
  cancelPrediction,
  createPrediction,
  getPrediction,
  type ListPredictionsOptions,
  listPredictions,
  type ModelInput,
  type ModelName,
  type ModelOutput,
  type PredictionRequestOptions,
  type RunOptions,
  type RunOutput,
  type RunProgress,
  run,
  waitForPrediction,
} from "@dashscope/predictions";
import { type EventStream, type StreamModelOptions, stream } from "@dashscope/stream";
import {
  type CreateTrainingOptions,
  cancelTraining,
  createTraining,
  getTraining,
  listTrainings,
  type Training,
  waitForTraining,
} from "@dashscope/trainings";
import { getDefaultWebhookSecret } from "@dashscope/webhooks";
import { type Bound, type BoundAll, bindAll } from "./bind";

/**
 * How `Blob` and byte inputs are sent: replicate's names (`"data-uri"`, `"upload"`, and `"default"`,
 * which uploads), or an uploader of your own.
 */
export type DashscopeFileEncodingStrategy = "data-uri" | "upload" | "default" | FileUploader;

export interface DashscopeOptions extends Omit<ClientOptions, "fileEncodingStrategy" | "useFileOutput"> {
  /** Turn URL outputs of `run` into `FileOutput` objects. Off by default: outputs stay URL strings. */
  useFileOutput?: boolean | undefined;
  /**
   * How `Blob` and byte inputs are sent: `"data-uri"` (the default, up to 10 MB a request) inlines them,
   * `"upload"` sends each through the files API first and passes its URL, or an uploader of your own.
   */
  fileEncodingStrategy?: DashscopeFileEncodingStrategy | undefined;
}

type Input = Record<string, unknown>;

/**
 * The Dashscope client. Every area function is here as `dashscope.<area>.<verb>`, bound to this client,
 * and the client is itself a `Client`, so it can be passed to any area function too. It holds no logic
 * of its own: each method is the area package's function.
 */
// Every area of the class, with its functions; each instance gets them bound to itself.
const AREAS = {
  models: {
    get: getModel,
    list: listModels,
    create: createModel,
    update: updateModel,
    delete: deleteModel,
    search: searchModels,
    versions: { list: listModelVersions, get: getModelVersion, delete: deleteModelVersion },
    examples: { list: listModelExamples },
    readme: { get: getModelReadme },
  },
  hardware: { list: listHardware },
  collections: { list: listCollections, get: getCollection },
  predictions: {
    create: createPrediction,
    get: getPrediction,
    cancel: cancelPrediction,
    list: listPredictions,
  },
  trainings: {
    create: createTraining,
    get: getTraining,
    cancel: cancelTraining,
    list: listTrainings,
    wait: waitForTraining,
  },
  deployments: {
    get: getDeployment,
    list: listDeployments,
    create: createDeployment,
    update: updateDeployment,
    delete: deleteDeployment,
    predictions: { create: createDeploymentPrediction },
  },
  files: { create: createFile, get: getFile, list: listFiles, delete: deleteFile, download: downloadFile },
  accounts: { current: getAccount },
  webhooks: { default: { secret: { get: getDefaultWebhookSecret } } },
  // Models, collections and documentation pages at once (`GET /search`); not `models.search`.
  search,
};

// Each client's token, out of reach of anything that walks the client's properties.
const tokens = new WeakMap<object, string | undefined>();
// Each client's output mapper, kept here rather than in a `#private` field: declarations with
// `#private` do not compile for a project that targets ES5 without skipLibCheck, as replicate's do.
const fileOutputMappers = new WeakMap<object, FileOutputMapper | undefined>();

// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the interface below types the prototype's methods.
export class Dashscope implements Client {
  /**
   * The API token. Kept in a table beside the client rather than in a property of it, so that no way
   * of logging the client shows it (`util.inspect` with `showHidden` or `getters` included). Read
   * through the prototype chain: an object made with `Object.create(client)` uses its client's token.
   */
  get auth(): string | undefined {
    for (let holder: object | null = this; holder; holder = Object.getPrototypeOf(holder)) {
      if (tokens.has(holder)) return tokens.get(holder);
    }
    return undefined;
  }
  set auth(value: string | undefined) {
    tokens.set(this, value);
  }
  /**
   * What `util.inspect` (and so `console.log`) shows: the client's own properties, `auth` as
   * `[redacted]`. Without it, `showHidden` would list the accessor above, and `getters` call it.
   */
  [Symbol.for("nodejs.util.inspect.custom")](): object {
    return { ...this, auth: this.auth && REDACTED };
  }
  declare baseUrl: string;
  declare userAgent: string;
  /**
   * Every request goes through it: `globalThis.fetch` by default, looked up at each call. Wrap or
   * replace it to add headers or logging to every later request.
   */
  declare fetch: FetchFunction;
  declare maxRetries: number;
  declare timeout: number;
  declare cleanupTimeout: number;
  declare headers: Record<string, string>;
  declare models: BoundAll<typeof AREAS.models>;
  declare hardware: BoundAll<typeof AREAS.hardware>;
  declare collections: BoundAll<typeof AREAS.collections>;
  // Typed by output only, so that `prediction = await dashscope.predictions.get(prediction.id)` keeps
  // compiling after `let prediction = await dashscope.predictions.create(…)`: the README's (and
  // replicate's) way to follow a prediction by hand.
  declare predictions: {
    create: <Output = unknown, Model extends string = string>(
      options: CreatePredictionOptions<ModelInput<Model>, Model>,
    ) => Promise<Prediction<Input, RunOutput<Model, Output>>>;
    get: <Output = unknown>(
      id: string,
      options?: PredictionRequestOptions,
    ) => Promise<Prediction<Input, Output>>;
    cancel: <Output = unknown>(
      id: string,
      options?: PredictionRequestOptions,
    ) => Promise<Prediction<Input, Output>>;
    list: <Output = unknown>(options?: ListPredictionsOptions) => Promise<Page<Prediction<Input, Output>>>;
  };
  // `create` answers a plain `Training` and `wait` answers what it is given, so that
  // `training = await dashscope.trainings.wait(training)` compiles, as with predictions.
  declare trainings: Omit<BoundAll<typeof AREAS.trainings>, "create" | "wait"> & {
    create: (
      owner: string,
      name: string,
      version: string,
      options: CreateTrainingOptions<object>,
    ) => Promise<Training>;
    wait: <T extends Training<object>>(
      training: T,
      options?: WaitOptions,
      onUpdate?: OnUpdate<T>,
    ) => Promise<T>;
  };
  declare deployments: Omit<BoundAll<typeof AREAS.deployments>, "predictions"> & {
    predictions: {
      create: <Model extends object = Record<string, unknown>, Output = unknown>(
        owner: string,
        name: string,
        options: CreateDeploymentPredictionOptions<ModelInput<Model, Model>>,
      ) => Promise<Prediction<ModelInput<Model, Model>, ModelOutput<Model, Output>>>;
    };
  };
  declare files: BoundAll<typeof AREAS.files>;
  declare accounts: BoundAll<typeof AREAS.accounts>;
  declare webhooks: BoundAll<typeof AREAS.webhooks>;
  /** Searches models, collections and documentation pages. See `search` in @dashscope/models. */
  declare search: Bound<typeof search>;
  /**
   * The output mapper `run` applies. Set to `true` or `false` at any time, as with replicate's client;
   * read back, it is the mapper (truthy) or `undefined`.
   */
  get useFileOutput(): FileOutputMapper | undefined {
    return fileOutputMappers.get(this);
  }
  set useFileOutput(value: boolean | FileOutputMapper | undefined) {
    fileOutputMappers.set(this, value === true ? toFileOutputs : value || undefined);
  }
  declare fileEncodingStrategy: FileEncodingStrategy | undefined;

  constructor(options: DashscopeOptions = {}) {
    let clientOptions = options as ClientOptions;
    // Anything but an object is createClient's to refuse.
    if (options && typeof options === "object") {
      // A misspelt option (`baseURL`) would otherwise be dropped without a word.
      checkOptionNames(
        options,
        "auth baseUrl userAgent fetch maxRetries timeout cleanupTimeout headers useFileOutput fileEncodingStrategy",
      );
      // The class wires in what createClient leaves out: data URIs by default, "upload" and replicate's
      // "default" (which uploads too) through the files API, and FileOutputs on request.
      const { fileEncodingStrategy: strategy = "data-uri", useFileOutput } = options;
      if (useFileOutput !== undefined && typeof useFileOutput !== "boolean") {
        throw invalidArgument("useFileOutput", "true or false", useFileOutput);
      }
      let fileEncodingStrategy = strategy as FileUploader;
      if (strategy === "data-uri") fileEncodingStrategy = dataUriEncoder;
      else if (strategy === "upload" || strategy === "default") fileEncodingStrategy = uploadFileInput;
      clientOptions = {
        ...options,
        useFileOutput: useFileOutput ? toFileOutputs : undefined,
        fileEncodingStrategy,
      };
    }
    const { auth, ...client } = createClient(clientOptions);
    // Every area function, as `dashscope.<area>.<verb>` with this client filled in.
    Object.assign(this, client, bindAll(this, AREAS));
    // Own properties that call the prototype's method at each call: a detached `const { run } = dashscope`
    // keeps working, while a spy on `Dashscope.prototype.run` or a subclass's `run` is still what runs.
    for (const name in METHODS) {
      (this as unknown as Record<string, Method>)[name] = (...rest) =>
        Object.getPrototypeOf(this)[name].apply(this, rest);
    }
    this.auth = auth;
  }
}

// The methods' types; their code is the area functions in METHODS, put on the prototype below.
export interface Dashscope {
  /**
   * Runs a model and resolves with its output: a `ModelRef`'s output type, otherwise `object` as in
   * replicate, or the type given (`run<string>(…)`). See `run` in @dashscope/predictions.
   */
  run<Output = object, Ref extends ModelName = ModelName>(
    ref: Ref,
    options: RunOptions<ModelInput<Ref>>,
    progress?: RunProgress<RunOutput<Ref, Output>, ModelInput<Ref, Input>>,
  ): Promise<RunOutput<Ref, Output>>;

  /** Runs a model and yields its output as server-sent events. See `stream` in @dashscope/stream. */
  stream<Ref extends ModelName = ModelName>(
    ref: Ref,
    options: StreamModelOptions<ModelInput<Ref>>,
  ): EventStream;

  /** Waits for a prediction to finish and answers its final state. See `waitForPrediction` in @dashscope/predictions. */
  wait<P extends Prediction<object, unknown>>(
    prediction: P,
    options?: WaitOptions,
    onUpdate?: OnUpdate<P>,
  ): Promise<P>;

  /**
   * Yields the `results` array of every page of a list: `dashscope.paginate(dashscope.predictions.list)`.
   * Options go to the list function, so `dashscope.paginate(dashscope.predictions.list, { source: "web" })`
   * filters every page.
   * `paginateItems` from @dashscope/core yields the items one at a time.
   */
  // Typed as replicate's (`AsyncGenerator<T[]>`): code that reads `(await pages.next()).value.length`
  // compiles against it, where a `void` return type would make the value `T[] | void`.
  paginate<T, Options = PaginateOptions>(
    first: FirstPage<T, Options>,
    options?: Options,
  ): AsyncGenerator<T[]>;

  /**
   * Sends any API request and answers its `Response`. Takes replicate's options (`params`, `data`) beside
   * ours (`query`, `body`, …). See `request` in @dashscope/core.
   */
  request(route: string | URL): Promise<Response>;
  // The signature with options comes last, so that `Parameters<Dashscope["request"]>[1]` is the options
  // themselves, never `undefined`, as with replicate's (whose options are required).
  request(route: string | URL, options: RequestOptions & ReplicateRequestOptions): Promise<Response>;
}

// biome-ignore lint/suspicious/noExplicitAny: each area function takes its own arguments after the client.
type Method = (...rest: any[]) => unknown;

// Each method is the area function with the client filled in. On the prototype, as replicate's are, so
// that a spy on `Dashscope.prototype.run` or a subclass's `run` is what runs.
const METHODS: Record<string, Method> = {
  run,
  // replicate's per-call `useFileOutput: true` gives a stream's files as FileOutputs on any client;
  // `false` is the stream's own to honour.
  stream: (client: Client, ref: ModelName, options: StreamModelOptions) =>
    stream(
      options?.useFileOutput ? Object.create(client, { useFileOutput: { value: toFileOutputs } }) : client,
      ref,
      options,
    ),
  wait: waitForPrediction,
  paginate,
  request: async (client: Client, route: string | URL, options?: RequestOptions & ReplicateRequestOptions) =>
    request(client, ...normalizeRequest(route, options)),
};
for (const name in METHODS) {
  (Dashscope.prototype as unknown as Record<string, Method>)[name] = function (this: Client, ...rest) {
    return METHODS[name]?.(this, ...rest);
  };
}
