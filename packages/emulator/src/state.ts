import { type IdSource, versionId } from "./ids";
import type { ModelBehaviour } from "./model-behaviour";
import type { RunRecord } from "./run-record";

export interface ModelRecord {
  owner: string;
  name: string;
  description: string | null;
  visibility: "public" | "private";
  hardware: string;
  githubUrl: string | null;
  paperUrl: string | null;
  licenseUrl: string | null;
  coverImageUrl: string | null;
  weightsUrl: string | null;
  /** Markdown served by `GET /models/{owner}/{name}/readme`; null answers 404 there. */
  readme: string | null;
  /** Prediction-like objects, completed when served (`model-example.ts`); the first one given as `defaultExample` is the default. */
  defaultExample: Record<string, unknown> | null;
  examples: Record<string, unknown>[];
  sequence: number;
  runCount: number;
  builtIn: boolean;
  /**
   * Whether the emulator's account may update and delete it: its own built-in models and every model
   * created over the API, but not a model `defineModel` gave to another owner.
   */
  ownedByAccount: boolean;
  /** Oldest first; the last one is the latest. */
  versions: ModelVersionRecord[];
}

export interface ModelVersionRecord {
  id: string;
  /** Orders versions by creation (lists, sorting by `latest_version_created_at`) though some get deleted. */
  sequence: number;
  createdAt: Date;
  behaviour: ModelBehaviour;
  model: ModelRecord;
}

export interface ReleaseRecord {
  number: number;
  model: string;
  version: string;
  createdAt: Date;
  hardware: string;
  minInstances: number;
  maxInstances: number;
}

export interface DeploymentRecord {
  owner: string;
  name: string;
  sequence: number;
  /** Oldest first; the last one is the current release. */
  releases: ReleaseRecord[];
}

export interface FileRecord {
  id: string;
  name: string;
  contentType: string;
  size: number;
  etag: string;
  sha256: string;
  metadata: Record<string, unknown>;
  createdAt: Date;
  expiresAt: Date;
  /** Where the bytes are served, relative to `/v1`. */
  deliveryPath: string;
  sequence: number;
}

export interface StoredBlob {
  bytes: Uint8Array;
  contentType: string;
}

export type NewModel = Pick<ModelRecord, "owner" | "name" | "visibility" | "hardware"> &
  Partial<
    Pick<
      ModelRecord,
      | "description"
      | "githubUrl"
      | "paperUrl"
      | "licenseUrl"
      | "coverImageUrl"
      | "weightsUrl"
      | "readme"
      | "defaultExample"
      | "examples"
      | "ownedByAccount"
    >
  >;

export interface StateOptions {
  ids: IdSource;
  now: () => Date;
}

/**
 * The file name as the last segment of its download URL. Every URL parser removes a `.` or `..`
 * segment (and `%2e` spellings of them), and an empty one is no name at all: those are served as
 * `file`, so that every stored file can be downloaded; the file keeps its name.
 */
function pathSegmentFor(filename: string): string {
  const segment = encodeURIComponent(filename);
  return segment === "" || segment === "." || segment === ".." ? "file" : segment;
}

/**
 * Everything an emulator holds, in memory. It starts empty: the emulator fills it with the built-in
 * content and the models it was given (`models/add-starting-content.ts`), and a reset replaces it with
 * a new one filled the same way. It keeps each version's behaviour without knowing what any model does.
 */
export class EmulatorState {
  readonly models = new Map<string, ModelRecord>();
  readonly versions = new Map<string, ModelVersionRecord>();
  readonly predictions = new Map<string, RunRecord>();
  readonly trainings = new Map<string, RunRecord>();
  readonly deployments = new Map<string, DeploymentRecord>();
  readonly files = new Map<string, FileRecord>();
  /** Served bytes (outputs, uploads), keyed by their path relative to `/v1`. */
  readonly blobs = new Map<string, StoredBlob>();
  #sequence = 0;

  readonly ids: IdSource;
  readonly now: () => Date;
  /** Signs this emulator's file download URLs; new on every reset, so old URLs stop working. */
  readonly downloadSigningKey: string;

  constructor(options: StateOptions) {
    this.ids = options.ids;
    this.downloadSigningKey = options.ids.signingKey();
    this.now = options.now;
  }

  /** A number that grows with every object created, to order lists and anchor cursors. */
  nextSequence(): number {
    this.#sequence += 1;
    return this.#sequence;
  }

  addModel(model: NewModel, builtIn = false): ModelRecord {
    const record: ModelRecord = {
      description: null,
      githubUrl: null,
      paperUrl: null,
      licenseUrl: null,
      coverImageUrl: null,
      weightsUrl: null,
      readme: null,
      defaultExample: null,
      examples: [],
      ownedByAccount: true,
      ...model,
      sequence: this.nextSequence(),
      runCount: 0,
      builtIn,
      versions: [],
    };
    this.models.set(`${record.owner}/${record.name}`, record);
    return record;
  }

  /** Adds a version; its id is derived from the model's name and count unless `pinnedId` gives one. */
  addVersion(
    model: ModelRecord,
    behaviour: ModelBehaviour,
    createdAt = this.now(),
    pinnedId: string | null = null,
  ): ModelVersionRecord {
    // Counting past ids already taken, since a deleted version frees its place in the list but not its id.
    let number = model.versions.length + 1;
    while (this.versions.has(versionId(model.owner, model.name, number))) number += 1;
    const version: ModelVersionRecord = {
      id: pinnedId ?? versionId(model.owner, model.name, number),
      sequence: this.nextSequence(),
      createdAt,
      behaviour,
      model,
    };
    model.versions.push(version);
    this.versions.set(version.id, version);
    return version;
  }

  /** Removes a version and every prediction made with it (its output files stay served). */
  deleteVersion(version: ModelVersionRecord): void {
    const { model } = version;
    model.versions.splice(model.versions.indexOf(version), 1);
    this.versions.delete(version.id);
    for (const [id, record] of this.predictions) {
      if (record.init.version !== version.id) continue;
      record.cancel();
      this.predictions.delete(id);
    }
  }

  /** Serves `bytes` at an unguessable path and answers that path (relative to `/v1`). */
  storeBlob(bytes: Uint8Array, contentType: string, filename: string): string {
    const path = `/delivery/${this.ids.blobKey()}/${pathSegmentFor(filename)}`;
    this.blobs.set(path, { bytes, contentType });
    return path;
  }
}
