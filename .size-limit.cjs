// Size budgets: min+gzip, bundled for the browser by esbuild. Each entry is one thing a user does,
// measured on the built ESM output. `pnpm size` checks them; bench/ prints them beside replicate's.
module.exports = [
  {
    name: "@dashscope/core: createClient + request",
    path: "packages/core/dist/index.mjs",
    import: "{ createClient, request }",
    limit: "4069 B",
  },
  {
    name: "@dashscope/predictions: createClient + run",
    path: ["packages/core/dist/index.mjs", "packages/predictions/dist/index.mjs"],
    import: {
      "packages/core/dist/index.mjs": "{ createClient }",
      "packages/predictions/dist/index.mjs": "{ run }",
    },
    limit: "6990 B",
  },
  {
    name: "@dashscope/predictions: createClient + createPrediction + getPrediction",
    path: ["packages/core/dist/index.mjs", "packages/predictions/dist/index.mjs"],
    import: {
      "packages/core/dist/index.mjs": "{ createClient }",
      "packages/predictions/dist/index.mjs": "{ createPrediction, getPrediction }",
    },
    limit: "5668 B",
  },
  {
    name: "@dashscope/webhooks: validateWebhook",
    path: "packages/webhooks/dist/index.mjs",
    import: "{ validateWebhook }",
    limit: "1.02 KB",
  },
  {
    name: "@dashscope/stream: stream",
    path: "packages/stream/dist/index.mjs",
    import: "{ stream }",
    limit: "8050 B",
  },
  {
    name: "dashscope: the whole Dashscope class",
    path: "packages/dashscope/dist/index.mjs",
    import: "{ Dashscope }",
    limit: "13333 B",
  },
].map((entry) => ({ gzip: true, ...entry }));
