import { describe, expect, it } from "vitest";
import { isLoopbackUrl } from "./loopback";

describe("isLoopbackUrl", () => {
  it("accepts only this machine", () => {
    for (const url of [
      "http://localhost:3000/x",
      "http://127.0.0.1/x",
      "https://127.8.9.10/",
      "http://[::1]:80/",
    ]) {
      expect(isLoopbackUrl(url)).toBe(true);
    }
    for (const url of [
      "https://example.com/",
      "http://10.0.0.1/",
      "http://127.0.0.1.example.com/",
      "http://hooks.localhost:3000/",
      "ftp://127.0.0.1/",
      "nope",
    ]) {
      expect(isLoopbackUrl(url)).toBe(false);
    }
  });
});
