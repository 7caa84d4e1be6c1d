// Entry for Chromium: the page imports this module and exposes the smoke test's promise for playwright.
import { smoke } from "../smoke.mjs";

const config = JSON.parse(document.getElementById("config").textContent);
window.smokeResults = smoke(config).then((results) => ({ version: navigator.userAgent, results }));
