export type { EventStream, StreamOptions } from "./event-stream";
export { ServerSentEvent } from "./server-sent-event";
export { type StreamModelOptions, stream } from "./stream";
export { streamPrediction } from "./stream-prediction";
