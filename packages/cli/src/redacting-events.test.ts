import { describe, expect, it } from "vitest";
import { createEventRedactor, type PrintedEvent } from "./redacting-events";

const TOKEN = "r8_abcDEF/123";
const output = (data: string, id = "1"): PrintedEvent => ({ event: "output", id, data });

describe("createEventRedactor", () => {
  it("prints events that cannot start the token at once, as they came", () => {
    const events = createEventRedactor(() => [TOKEN]);
    expect(events.push(output("one "))).toEqual([output("one ")]);
    expect(events.push({ event: "logs", id: "2", data: TOKEN.slice(0, 4) })).toEqual([
      { event: "logs", id: "2", data: "r8_a" },
    ]);
  });

  it("holds an event whose end could start the token, and gives it back unchanged when it does not", () => {
    const events = createEventRedactor(() => [TOKEN]);
    expect(events.push(output("see r8"))).toEqual([]);
    expect(events.push(output("_x and more", "2"))).toEqual([output("see r8"), output("_x and more", "2")]);
  });

  it("blanks each piece of a token cut across events, and keeps the events' order", () => {
    const events = createEventRedactor(() => [TOKEN]);
    const printed = [
      ...events.push(output("a r8_a")),
      ...events.push({ event: "logs", id: "2", data: "log line" }),
      ...events.push(output("bcDEF", "3")),
      ...events.push(output("\\/123 b", "4")),
      ...events.flush(),
    ];
    expect(printed).toEqual([
      output("a [redacted]"),
      { event: "logs", id: "2", data: "log line" },
      output("", "3"),
      output(" b", "4"),
    ]);
  });

  it("blanks a start of the token left when the stream ends", () => {
    const events = createEventRedactor(() => [TOKEN]);
    expect(events.push(output("cut r8_abcD"))).toEqual([]);
    expect(events.flush()).toEqual([output("cut [redacted]")]);
  });

  it("blanks a start of four characters at the end, as core's redact does, and leaves three", () => {
    const four = createEventRedactor(() => [TOKEN]);
    expect(four.push(output("cut r8_a"))).toEqual([]);
    expect(four.flush()).toEqual([output("cut [redacted]")]);
    const three = createEventRedactor(() => [TOKEN]);
    expect(three.push(output("cut r8_"))).toEqual([]);
    expect(three.flush()).toEqual([output("cut r8_")]);
  });

  it("holds nothing without a secret", () => {
    const events = createEventRedactor(() => []);
    expect(events.push(output("r8_"))).toEqual([output("r8_")]);
  });
});
