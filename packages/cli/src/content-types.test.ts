import { describe, expect, it } from "vitest";
import { contentTypeOf, extensionOf } from "./content-types";

describe("contentTypeOf", () => {
  it("types a file by its extension, in any case", () => {
    expect(contentTypeOf("photo.PNG")).toBe("image/png");
    expect(contentTypeOf("notes")).toBe("application/octet-stream");
  });

  it.each(["constructor", "__proto__", "toString", "hasOwnProperty"])(
    "takes an extension named %s as an unknown one, not something every object inherits",
    (extension) => {
      expect(contentTypeOf(`file.${extension}`)).toBe("application/octet-stream");
    },
  );
});

describe("extensionOf", () => {
  it("finds the usual extension of a content type, or bin", () => {
    expect(extensionOf("image/jpeg; q=1")).toBe("jpg");
    expect(extensionOf("application/x-unknown")).toBe("bin");
    expect(extensionOf(null)).toBe("bin");
  });
});
