import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { coalesced } from "./coalesce";

describe("coalesced", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("runs at once, then once more for a burst of asks, and answers the last one", async () => {
    let runs = 0;
    const refresh = coalesced(async () => {
      runs += 1;
    }, 500);
    refresh();
    expect(runs).toBe(1);
    for (let i = 0; i < 10; i++) refresh();
    await vi.advanceTimersByTimeAsync(100);
    expect(runs).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(runs).toBe(2);
    await vi.advanceTimersByTimeAsync(2000);
    expect(runs).toBe(2);
    refresh();
    expect(runs).toBe(3);
  });
});
