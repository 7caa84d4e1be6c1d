// Size budgets, min+gzip, bundled for the browser by esbuild. Each entry is one use a user pays for.
module.exports = [
  {
    name: "@dashscope/core: createClient + request",
    path: "packages/core/dist/index.mjs",
    import: "{ createClient, request }",
    limit: "1.2 KB",
    gzip: true,
  },
];
