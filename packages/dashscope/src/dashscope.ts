import {
  type Client,
  type ClientOptions,
  checkOptionNames,
  createClient,
  type FetchFunction,
  type FirstPage,
  getAccount,
  invalidArgument,
  normalizeRequest,
  type Page,
  type PaginateOptions,
  paginate,
  type ReplicateRequestOptions,
  type RequestOptions,
  request,
} from "@dashscope/core";
import {
  dataUriEncoder,
  type FileEncodingStrategy,
  type FileOutputMapper,
  type FileUploader,
  type OnUpdate,
  type Prediction,
  toFileOutputs,
  type WaitOptions,
} from "@dashscope/core/run";
import {
  type CreateDeploymentPredictionOptions,
  createDeployment,
  createDeploymentPrediction,
  deleteDeployment,
  getDeployment,
  listDeployments,
  updateDeployment,
} from "@dashscope/deployments";
import { createFile, deleteFile, getFile, listFiles, uploadFileInput } from "@dashscope/files";
import {
  createModel,
  getCollection,
  getModel,
  getModelVersion,
  listCollections,
  listHardware,
  listModels,
  listModelVersions,
  searchModels,
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
import { bind } from "./bind";

export interface DashscopeOptions extends Omit<ClientOptions, "fileEncodingStrategy" | "useFileOutput"> {
  /** Turn URL outputs of `run` into `FileOutput` objects. Off by default: outputs stay URL strings. */
  useFileOutput?: boolean | undefined;
  /**
   * How `Blob` and byte inputs are sent: `"data-uri"` (the default, up to 10 MB a request) inlines them,
   * `"upload"` sends each through the files API first and passes its URL, or an uploader of your own.
   */
  fileEncodingStrategy?: "data-uri" | "upload" | "default" | FileUploader | undefined;
}

// Own properties that call the prototype's method at each call: a detached `const { run } = dashscope`
// keeps working, while a spy on `Dashscope.prototype.run` or a subclass's `run` is still what runs.
const PROTOTYPE_METHODS = ["run", "stream", "wait", "paginate", "request"] as const;

type Input = Record<string, unknown>;

/**
 * The Dashscope client. Every area function is here as `dashscope.<area>.<verb>`, bound to this client,
 * and the client is itself a `Client`, so it can be passed to any area function too. It holds no logic
 * of its own: each method is the area package's function.
 */
export class Dashscope implements Client {
  declare auth: string | undefined;
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
  #fileOutput: FileOutputMapper | undefined;
  /**
   * The output mapper `run` applies. Set to `true` or `false` at any time, as with replicate's client;
   * read back, it is the mapper (truthy) or `undefined`.
   */
  get useFileOutput(): FileOutputMapper | undefined {
    return this.#fileOutput;
  }
  set useFileOutput(value: boolean | FileOutputMapper | undefined) {
    this.#fileOutput = value === true ? toFileOutputs : value || undefined;
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
      clientOptions = {
        ...options,
        useFileOutput: useFileOutput ? toFileOutputs : undefined,
        fileEncodingStrategy:
          strategy === "data-uri"
            ? dataUriEncoder
            : strategy === "upload" || strategy === "default"
              ? uploadFileInput
              : (strategy as FileUploader),
      };
    }
    const { auth, ...client } = createClient(clientOptions);
    Object.assign(this, client);
    for (const name of PROTOTYPE_METHODS) {
      const self = this as unknown as Record<string, (...rest: unknown[]) => unknown>;
      self[name] = (...rest) => Object.getPrototypeOf(this)[name].apply(this, rest);
    }
    // Not enumerable, so that logging the client (console.log, util.inspect, JSON) never shows the token.
    Object.defineProperty(this, "auth", { value: auth, writable: true, configurable: true });
  }

  /** Runs a model and resolves with its output. See `run` in @dashscope/predictions. */
  run<Output = unknown, Ref extends ModelName = ModelName>(
    ref: Ref,
    options: RunOptions<ModelInput<Ref>>,
    progress?: RunProgress<RunOutput<Ref, Output>, ModelInput<Ref, Input>>,
  ): Promise<RunOutput<Ref, Output>> {
    return run<Output, Ref>(this, ref, options, progress);
  }

  /** Runs a model and yields its output as server-sent events. See `stream` in @dashscope/stream. */
  stream<Ref extends ModelName = ModelName>(
    ref: Ref,
    options: StreamModelOptions<ModelInput<Ref>>,
  ): EventStream {
    return stream(this, ref, options);
  }

  /** Waits for a prediction to finish and answers its final state. See `waitForPrediction` in @dashscope/predictions. */
  wait<P extends Prediction<Input, unknown>>(
    prediction: P,
    options?: WaitOptions,
    onUpdate?: OnUpdate<P>,
  ): Promise<P> {
    return waitForPrediction(
      this,
      prediction,
      options,
      onUpdate as OnUpdate<Prediction<Input, unknown>>,
    ) as Promise<P>;
  }

  /**
   * Yields the `results` array of every page of a list: `dashscope.paginate(dashscope.predictions.list)`.
   * `paginateItems` from @dashscope/core yields the items one at a time.
   */
  paginate<T>(first: FirstPage<T>, options?: PaginateOptions): AsyncGenerator<T[], void, undefined> {
    return paginate(this, first, options);
  }

  /**
   * Sends any API request and answers its `Response`. Takes replicate's options (`params`, `data`) beside
   * ours (`query`, `body`, …). See `request` in @dashscope/core.
   */
  async request(route: string | URL, options?: RequestOptions & ReplicateRequestOptions): Promise<Response> {
    return request(this, ...normalizeRequest(route, options));
  }

  models = {
    get: bind(this, getModel),
    list: bind(this, listModels),
    create: bind(this, createModel),
    search: bind(this, searchModels),
    versions: {
      list: bind(this, listModelVersions),
      get: bind(this, getModelVersion),
    },
  };

  hardware = {
    list: bind(this, listHardware),
  };

  collections = {
    list: bind(this, listCollections),
    get: bind(this, getCollection),
  };

  // Typed by output only, so that `prediction = await dashscope.predictions.get(prediction.id)` keeps
  // compiling after `let prediction = await dashscope.predictions.create(…)`: the README's (and
  // replicate's) way to follow a prediction by hand.
  // (`bind` with the types cast: one small function for each, instead of a wrapper written out.)
  predictions = {
    create: bind(this, createPrediction) as <Output = unknown, Model extends string = string>(
      options: CreatePredictionOptions<ModelInput<Model>, Model>,
    ) => Promise<Prediction<Input, RunOutput<Model, Output>>>,
    get: bind(this, getPrediction) as <Output = unknown>(
      id: string,
      options?: PredictionRequestOptions,
    ) => Promise<Prediction<Input, Output>>,
    cancel: bind(this, cancelPrediction) as <Output = unknown>(
      id: string,
      options?: PredictionRequestOptions,
    ) => Promise<Prediction<Input, Output>>,
    list: bind(this, listPredictions) as <Output = unknown>(
      options?: ListPredictionsOptions,
    ) => Promise<Page<Prediction<Input, Output>>>,
  };

  // `create` answers a plain `Training` and `wait` answers what it is given, so that
  // `training = await dashscope.trainings.wait(training)` compiles, as with predictions.
  trainings = {
    create: bind(this, createTraining) as (
      owner: string,
      name: string,
      version: string,
      options: CreateTrainingOptions<object>,
    ) => Promise<Training>,
    get: bind(this, getTraining),
    cancel: bind(this, cancelTraining),
    list: bind(this, listTrainings),
    wait: bind(this, waitForTraining) as <T extends Training<object>>(
      training: T,
      options?: WaitOptions,
      onUpdate?: OnUpdate<T>,
    ) => Promise<T>,
  };

  deployments = {
    get: bind(this, getDeployment),
    list: bind(this, listDeployments),
    create: bind(this, createDeployment),
    update: bind(this, updateDeployment),
    delete: bind(this, deleteDeployment),
    predictions: {
      create: bind(this, createDeploymentPrediction) as <
        Model extends object = Record<string, unknown>,
        Output = unknown,
      >(
        owner: string,
        name: string,
        options: CreateDeploymentPredictionOptions<ModelInput<Model, Model>>,
      ) => Promise<Prediction<ModelInput<Model, Model>, ModelOutput<Model, Output>>>,
    },
  };

  files = {
    create: bind(this, createFile),
    get: bind(this, getFile),
    list: bind(this, listFiles),
    delete: bind(this, deleteFile),
  };

  accounts = {
    current: bind(this, getAccount),
  };

  webhooks = {
    default: {
      secret: {
        get: bind(this, getDefaultWebhookSecret),
      },
    },
  };
}
