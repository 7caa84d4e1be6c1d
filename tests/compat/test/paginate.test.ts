import Dashscope, { paginateItems } from "dashscope";
import { describe, expect, it } from "vitest";
import { both, token, useEmulator } from "./clients";

const server = useEmulator();

async function createPredictions(count: number, baseUrl: string) {
  await both(baseUrl, async (client) => {
    for (let index = 0; index < count; index++) {
      await client.predictions.create({ model: "dashscope/hello-world", input: { text: `page ${index}` } });
    }
  });
}

describe("paginate", () => {
  it("yields each page's results as an array, the same pages as replicate", async () => {
    await createPredictions(3, server.baseUrl);
    const [ours, theirs] = await both(server.baseUrl, async (client) => {
      const pages: string[][] = [];
      for await (const page of client.paginate(client.predictions.list)) {
        const ids: string[] = [];
        // The seed's loop: each page is iterable as it is.
        for (const prediction of page) ids.push(prediction.id);
        pages.push(ids);
      }
      return pages;
    });
    expect(ours.length).toBeGreaterThan(1);
    expect(ours.flat().length).toBeGreaterThanOrEqual(6);
    expect(ours).toEqual(theirs);
  });

  it("can be driven by hand with next(), as the seed shows", async () => {
    await createPredictions(2, server.baseUrl);
    const [ours, theirs] = await both(server.baseUrl, async (client) => {
      const paginator = client.paginate(client.predictions.list);
      const page1 = await paginator.next();
      const page2 = await paginator.next();
      return [page1.done, Array.isArray(page1.value), page2.done, Array.isArray(page2.value)];
    });
    expect(ours).toEqual([false, true, false, true]);
    expect(ours).toEqual(theirs);
  });

  it("keeps paginateItems for one item at a time, the same items as paginate's pages", async () => {
    const dashscope = new Dashscope({ auth: token, baseUrl: server.baseUrl });
    const items: string[] = [];
    for await (const prediction of paginateItems(dashscope, dashscope.predictions.list))
      items.push(prediction.id);
    const pages: string[][] = [];
    for await (const page of dashscope.paginate(dashscope.predictions.list))
      pages.push(page.map((p) => p.id));
    expect(items.length).toBeGreaterThan(2);
    expect(items).toEqual(pages.flat());
  });
});
